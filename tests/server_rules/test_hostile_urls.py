"""Rules for sites whose SITEURL or slugs need escaping: a real nginx, Apache and Netlify replayed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.server_rules import nginx
from pelican_prospects.server_rules.plan import NOTICE

from ..support import build_site, write_files
from . import apache_interpreter, netlify_interpreter
from .nginx_server import get, serve

HOSTS = ["nginx", "apache", "netlify"]
PAGES = {
    "pages/etape.md": """\
Title: Où en êtes-vous ?
Slug: où-en-êtes-vous

## Votre projet {#etape}

- ( ) Au début {debut}
- ( ) Presque fini {fin}

```routing
réservation: etape = fin
devis: otherwise
```
""",
    "pages/reservation.md": "Title: Réservation\nSlug: réservation\nOffer: contact\n\nÀ bientôt.\n",
    "pages/devis.md": "Title: Devis\nSlug: devis\nOffer: quote\n\nTarifs.\n",
}
# The paths below SITEURL's, escaped as in a URL (and as browsers send them).
FORM = "/pages/o%C3%B9-en-%C3%AAtes-vous.html"
ROUTE = "/pages/o%C3%B9-en-%C3%AAtes-vous/route.html"
BOOKING = "/pages/r%C3%A9servation.html"
QUOTE = "/pages/devis.html"
# SITEURL, then its path as the rules must write it in the redirects' targets.
SITES = [
    ("https://example.org", ""),
    ("https://example.org/mon blog/", "/mon%20blog"),
    ("https://example.org/blög", "/bl%C3%B6g"),
    ("https://example.org/d%C3%A9j%C3%A0%20vu", "/d%C3%A9j%C3%A0%20vu"),
    ("https://example.org/l'a\"b", "/l%27a%22b"),
    ("https://example.org/a;b", "/a%3Bb"),
    ("https://example.org/a}b{", "/a%7Db%7B"),
    ("https://example.org/a$b", "/a%24b"),
    ("https://example.org/a\\b", "/a%5Cb"),
]


@dataclass(frozen=True)
class Site:
    """One built site: where its output is, and SITEURL's path as the rules escape it."""

    output: Path
    base: str


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    """Build the small site once per SITEURL, with every host's rules."""
    content = write_files(tmp_path_factory.mktemp("content"), PAGES)
    built = {}
    for siteurl, base in SITES:
        output = tmp_path_factory.mktemp("site") / "output"
        build_site(
            content, output, PROSPECTS_SERVER_RULES=HOSTS, SITEURL=siteurl, RELATIVE_URLS=False
        )
        built[siteurl] = Site(output, base)
    return built


@pytest.fixture(scope="module")
def port(sites: dict[str, Site], tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Run one nginx with the include of every site: each one's locations start with its path."""
    includes = [site.output / nginx.FILE for site in sites.values()]
    with serve(next(iter(sites.values())).output, includes, tmp_path_factory.mktemp("run")) as port:
        yield port


def test_the_slug_is_written_as_pelican_writes_the_files(sites: dict[str, Site]) -> None:
    output = sites["https://example.org"].output
    assert (output / "pages" / "où-en-êtes-vous" / "route.html").is_file()
    assert (output / "pages" / "réservation.html").is_file()


@pytest.mark.nginx
def test_a_non_ascii_slug_is_routed_by_a_real_nginx(port: int) -> None:
    assert get(port, f"{ROUTE}?etape=fin") == (302, f"{BOOKING}?etape=fin")
    assert get(port, f"{ROUTE}?etape=debut") == (302, f"{QUOTE}?etape=debut")
    # Lower-case escapes decode to the same path.
    assert get(port, f"{ROUTE.lower()}?etape=fin") == (302, f"{BOOKING}?etape=fin")
    assert get(port, ROUTE) == (302, f"{FORM}{NOTICE}")


@pytest.mark.nginx
@pytest.mark.parametrize(("siteurl", "base"), SITES, ids=[base or "root" for _, base in SITES])
def test_a_siteurl_needing_escapes_is_routed_by_a_real_nginx(
    sites: dict[str, Site], port: int, siteurl: str, base: str
) -> None:
    assert sites[siteurl].base == base
    assert get(port, f"{base}{ROUTE}?etape=fin") == (302, f"{base}{BOOKING}?etape=fin")
    assert get(port, f"{base}{ROUTE}?etape=debut&etape=fin") == (
        302,
        f"{base}{FORM}{NOTICE}",
    )
    assert get(port, f"{base}/{nginx.FILE}") == (404, None)


def test_each_generated_location_turns_absolute_redirects_off(sites: dict[str, Site]) -> None:
    text = (sites["https://example.org/mon blog/"].output / nginx.FILE).read_text("utf-8")
    lines = text.splitlines()
    route = lines.index('location = "/mon blog/pages/où-en-êtes-vous/route.html" {')
    assert lines[route + 1] == "    absolute_redirect off;"
    assert text.count("absolute_redirect off;") == 1
    assert lines[3] == f'location = "/mon blog/{nginx.FILE}" {{ return 404; }}'


@pytest.mark.parametrize(("siteurl", "base"), SITES, ids=[base or "root" for _, base in SITES])
def test_a_siteurl_needing_escapes_is_routed_by_the_htaccess(
    sites: dict[str, Site], siteurl: str, base: str
) -> None:
    text = (sites[siteurl].output / ".htaccess").read_text(encoding="utf-8")
    rules = apache_interpreter.parse(text)
    # `.htaccess` sits in SITEURL's folder: its rules see the decoded path below it.
    path = "pages/où-en-êtes-vous/route.html"
    assert apache_interpreter.run(rules, path, "etape=fin") == (302, f"{base}{BOOKING}?etape=fin")
    assert apache_interpreter.run(rules, path, "") == (302, f"{base}{FORM}{NOTICE}")
    assert apache_interpreter.run(rules, "pages/devis.html", "etape=fin") == (200, None)


@pytest.mark.parametrize(("siteurl", "base"), SITES, ids=[base or "root" for _, base in SITES])
def test_a_siteurl_needing_escapes_is_routed_by_the_redirects_file(
    sites: dict[str, Site], siteurl: str, base: str
) -> None:
    text = (sites[siteurl].output / "_redirects").read_text(encoding="utf-8")
    rules = netlify_interpreter.parse(text)
    for reading in netlify_interpreter.READINGS:
        outcome = netlify_interpreter.run(rules, f"{base}{ROUTE}", "etape=fin", set(), reading)
        assert outcome == (302, f"{base}{BOOKING}?etape=fin")


@pytest.mark.parametrize(
    ("siteurl", "reason"),
    [
        (
            "https://example.org/a\nb",
            "SITEURL: 'https://example.org/a\\nb' holds the control character '\\n', which no"
            " server rule can carry: remove it",
        ),
        (
            "https://example.org/100%",
            "SITEURL: its path '/100%' has a '%' that starts no escape such as %20: write '%25'"
            " for a percent sign",
        ),
        (
            "https://example.org/%E9t%E9",
            "SITEURL: its path '/%E9t%E9' has escapes that are not UTF-8 text: fix them",
        ),
    ],
)
def test_a_siteurl_no_rule_can_carry_stops_the_build(
    tmp_path: Path, siteurl: str, reason: str
) -> None:
    content = write_files(tmp_path / "content", PAGES)
    with pytest.raises(ProspectsError) as error:
        build_site(content, tmp_path / "output", PROSPECTS_SERVER_RULES=["nginx"], SITEURL=siteurl)
    assert str(error.value) == f"prospects: invalid settings:\n  settings: {reason}"


def test_without_rules_the_siteurl_is_not_checked(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", PAGES)
    build_site(content, tmp_path / "output", SITEURL="https://example.org/100%")
    assert (tmp_path / "output" / "pages" / "devis.html").is_file()
