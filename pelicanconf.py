"""Settings of the demo site, for a local preview (`make html`, `make serve`)."""

AUTHOR = "Claire Dumas"
SITENAME = "Claire Dumas, communication"
SITESUBTITLE = "Prospecter sans perdre son temps, communiquer sans bruit"
SITEURL = ""

PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 4
SUMMARY_MAX_LENGTH = 40

PLUGINS = ["pelican_prospects"]

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
ARTICLE_URL = "{date:%Y}/{slug}.html"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}.html"
STATIC_PATHS = []

# Local preview: feeds with relative links are of no use, publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Two builds of the same content are byte-identical: no build time anywhere.
CACHE_CONTENT = False
RELATIVE_URLS = True

MENUITEMS = []
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = True

PROSPECTS_CONTACT_EMAIL = "claire@example.org"
# A booking page that reads its fields from the address: the placeholders carry what the prospect
# typed and answered (a calendly.com or cal.com address would be prefilled without any).
PROSPECTS_BOOKING_URL = (
    "https://agenda.example.org/claire-dumas?duree=30"
    "&nom={name}&courriel={email}&objet={offer}&budget={answer:budget}&notes={answers}"
)
