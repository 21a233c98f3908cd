"""What a build's comment work depends on besides comment files: settings, code, templates."""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import meta

from .. import i18n
from .jobs import Plan
from .work import THREAD_TEMPLATE

if TYPE_CHECKING:
    from jinja2 import Environment

PACKAGE = Path(__file__).parent.parent


def owner_names(settings: dict[str, Any]) -> frozenset[str]:
    """Return the names under which the site's owner comments, normalized."""
    names = [settings.get("AUTHOR") or "", *settings["PROSPECTS_OWNER_NAMES"]]
    return frozenset(" ".join(name.split()).casefold() for name in names if name.strip())


def template_fingerprint(env: Environment, settings: dict[str, Any]) -> str:
    """Hash the thread template, the templates it uses, and the settings they read."""
    digest = hashlib.blake2b(digest_size=16)
    queue, seen = [THREAD_TEMPLATE], set()
    while queue:
        name = queue.pop()
        if name in seen or env.loader is None:
            continue
        seen.add(name)
        source, _, _ = env.loader.get_source(env, name)
        digest.update(f"{name}\0{source}\0".encode())
        tree = env.parse(source)
        queue += [ref for ref in meta.find_referenced_templates(tree) if ref]
        for variable in sorted(meta.find_undeclared_variables(tree)):
            digest.update(f"{variable}={settings.get(variable)!r}\0".encode())
    return digest.hexdigest()


def fingerprint(settings: dict[str, Any], env: Environment | None, theme: str) -> str:
    """Return what readings and thread HTML depend on besides comment files."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    for package in ("markdown", "nh3", "jinja2", "babel"):
        digest.update(version(package).encode())
    for name in ("TIMEZONE", "DEFAULT_LANG"):
        digest.update(repr(settings.get(name)).encode())
    digest.update(repr(sorted(owner_names(settings))).encode())
    for folder in (i18n.PLUGIN_LOCALE, Path(theme) / "translations"):
        for path in sorted(folder.rglob("*.po")):
            digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    if env is not None:
        digest.update(template_fingerprint(env, settings).encode())
    return digest.hexdigest()


def make_plan(settings: dict[str, Any], *, store: str, key: str) -> Plan:
    """Return what every task of a build shares."""
    return Plan(
        store=store,
        base=os.path.dirname(os.path.abspath(settings["PATH"])),
        ignore=tuple(settings.get("IGNORE_FILES", ())),
        zone=str(settings.get("TIMEZONE") or "UTC"),
        owners=owner_names(settings),
        key=key,
        newest=settings.get("FEED_MAX_ITEMS") or None,
    )
