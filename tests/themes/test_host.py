"""Which templates a theme's template reaches, read once per source and syntax."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from pelican_prospects import host


def test_reaches_follows_extends_includes_and_imports() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "base.html": '{% import "macros.html" as m %}{% block body %}{% endblock %}',
                "macros.html": '{% macro x() %}{% include "prospects/head.html" %}{% endmacro %}',
                "page.html": '{% extends "base.html" %}',
                "prospects/head.html": "",
                "other.html": "{% include name %}",  # computed at render time: not followed
            }
        )
    )
    assert host.reaches(env, "page.html", "prospects/head.html")
    assert not host.reaches(env, "other.html", "prospects/head.html")


def test_a_changed_template_or_syntax_is_read_again() -> None:
    templates = {"base.html": '{% include "prospects/head.html" %}'}
    env = Environment(loader=DictLoader(templates))
    assert host.reaches(env, "base.html", "prospects/head.html")
    templates["base.html"] = "<head></head>"  # edited while `pelican --autoreload` runs
    assert not host.reaches(env, "base.html", "prospects/head.html")
    templates["base.html"] = '<% include "prospects/head.html" %>'
    assert not host.reaches(env, "base.html", "prospects/head.html")
    angled = Environment(loader=DictLoader(templates), block_start_string="<%")
    angled.block_end_string = "%>"
    assert host.reaches(angled, "base.html", "prospects/head.html")
