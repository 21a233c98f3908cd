"""The package as people get it: sdist and wheel made by `python -m build`, installed apart."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from .support import ROOT, soup, write_files


def test_wheel_carries_templates_catalogs_and_command(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("pelican_prospects-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "pelican_prospects").rglob("*")
        if p.is_file() and p.suffix in {".html", ".po", ".js", ".css", ".svg"}
    }
    assert "pelican_prospects/locale/fr/LC_MESSAGES/messages.po" in shipped
    assert shipped <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "pelican-prospects = pelican_prospects.cli:main" in text


# What `python -m build` must give, and what a site gets from the wheel alone.
SITE = {
    "pelicanconf.py": (
        'PATH = "content"\nPLUGINS = ["pelican_prospects"]\nTIMEZONE = "Europe/Paris"\n'
        'DEFAULT_LANG = "fr"\nSITENAME = "Un petit site"\n'
        'THEME_TEMPLATES_OVERRIDES = ["templates"]\n'
    ),
    # Pelican's default theme, with the comments added as the docs tell any theme to.
    "templates/article.html": (
        '{% extends "!theme/article.html" %}\n'
        '{% block content %}{{ super() }}{% include "prospects/comments.html" %}{% endblock %}\n'
    ),
    "content/un-billet.md": "Title: Un billet\nDate: 2024-03-01 09:00\nSlug: un-billet\n\nTexte.\n",
    "content/comments/un-billet/1.md": (
        "Author: Jean Dupont\nDate: 2024-03-04 10:00\n\nMerci pour *ce billet* !\n"
    ),
    "content/pages/votre-projet.md": """\
Title: Votre projet
Slug: votre-projet

## Où en êtes-vous ? {#etape}

- ( ) Au début {debut}
- ( ) Presque fini {fin}

```routing
rendez-vous: etape = fin
devis: otherwise
```
""",
    "content/pages/devis.md": "Title: Devis\nSlug: devis\nOffer: quote\n\nMes tarifs.\n",
    "content/pages/rendez-vous.md": (
        "Title: Rendez-vous\nSlug: rendez-vous\nOffer: contact\n\nParlons-en.\n"
    ),
}


@dataclass(frozen=True)
class Dist:
    """The files `python -m build` made, and what it printed."""

    sdist: Path
    wheel: Path
    log: str


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """Build the sdist, then the wheel from it, as a release does."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (sdist,) = out.glob("pelican_prospects-*.tar.gz")
    (wheel,) = out.glob("pelican_prospects-*.whl")
    return Dist(sdist, wheel, result.stdout + result.stderr)


def test_the_build_warns_of_nothing_deprecated(dist: Dist) -> None:
    assert "Deprecat" not in dist.log and "deprecated" not in dist.log


def test_the_wheel_carries_the_license_as_an_spdx_expression(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: AGPL-3.0-or-later\n" in metadata
    assert "Classifier: License ::" not in metadata
    assert "pelican_prospects-0.1.0.dist-info/licenses/LICENSE" in names
    shipped = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "pelican_prospects").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped <= names


def test_the_sdist_holds_what_builds_and_tests_the_package(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as sdist:
        names = {name.partition("/")[2] for name in sdist.getnames()}
    wanted = {
        "pyproject.toml",
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "MANIFEST.in",
        "pelicanconf.py",
        "publishconf.py",
        "pelican_prospects/locale/fr/LC_MESSAGES/messages.po",
        "pelican_prospects/templates/prospects/offer.html",
        "pelican_prospects/static/questionnaire/journey.js",
        "theme/templates/base.html",
        "content/pages/votre-projet.md",
        "tests/support.py",
        "tests/test_packaging.py",
        "tests/server_rules/test_nginx.py",
    }
    assert wanted <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_twine_finds_the_distributions_fit_for_an_index(dist: Dist) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dist.sdist), str(dist.wheel)],
        capture_output=True,
        text=True,
        timeout=120,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


@pytest.mark.slow
def test_the_wheel_alone_builds_a_site_with_comments_a_questionnaire_and_offers(
    dist: Dist, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_ = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run(
        [str(bin_ / "python"), "-m", "pip", "install", "--quiet", str(dist.wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        encoding="utf-8",
    )
    assert install.returncode == 0, install.stdout + install.stderr
    site = write_files(tmp_path / "site", SITE)

    def run_in_site(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_ / command[0]), *command[1:]],
            cwd=site,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            encoding="utf-8",
        )

    where = run_in_site(
        "python", "-c", "import pelican_prospects; print(pelican_prospects.__file__)"
    )
    assert Path(where.stdout.strip()).is_relative_to(venv)
    check = run_in_site("pelican-prospects", "check")
    assert (check.returncode, check.stdout) == (0, "prospects: no problem found\n"), check.stderr
    build = run_in_site("pelican", "-s", "pelicanconf.py", "-o", "output")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "Traceback" not in build.stdout + build.stderr
    output = site / "output"

    article = soup(output / "un-billet.html")
    (comment,) = article.select("article.h-cite")
    assert comment.select_one(".p-author").get_text(strip=True) == "Jean Dupont"
    assert str(comment.select_one(".e-content em")) == "<em>ce billet</em>"

    form = soup(output / "pages" / "votre-projet.html").select_one("form.prospects-questionnaire")
    assert form is not None
    assert form["action"].endswith("votre-projet/route.html")
    assert sorted(i["value"] for i in form.select('input[name="etape"]')) == ["debut", "fin"]
    assert "Au début" in form.get_text()

    route = soup(output / "pages" / "votre-projet" / "route.html")
    links = sorted(a["href"] for a in route.select(".prospects-offer-list a"))
    assert [link.rsplit("/", 1)[-1] for link in links] == ["devis.html", "rendez-vous.html"]
    quote = soup(output / "pages" / "devis.html").select_one(".prospects-offer-quote")
    assert quote is not None and "Mes tarifs." in quote.get_text()
    assert (output / "pages" / "rendez-vous.html").is_file()
