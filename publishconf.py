"""Settings for deployment (`make publish`): absolute URLs and feeds on."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = "https://claire-dumas.example.org"
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"

# Prospects without JavaScript are redirected by the host itself (see the README, Deploy).
PROSPECTS_SERVER_RULES = ["nginx", "apache", "netlify"]

DELETE_OUTPUT_DIRECTORY = True
