"""The pages' Content-Security-Policy: no inline script, no plugin, sources added by a setting."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# What every page allows. Styles: Pelican's Markdown writes `style="text-align: ..."` on the
# cells of aligned table columns. Images: articles (imported ones above all) show pictures
# from other sites; avatars are data: addresses.
BASE: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "https:"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'", "mailto:"),
}
# Directives that fall back to default-src: one added starts from default-src's sources.
FETCH = (
    "default-src", "script-src", "style-src", "img-src", "font-src", "connect-src", "media-src",
    "frame-src", "child-src", "worker-src", "manifest-src", "object-src",
)  # fmt: skip
DIRECTIVES = (*FETCH, "base-uri", "form-action")
KEYWORDS = (
    "self", "unsafe-inline", "unsafe-eval", "unsafe-hashes", "strict-dynamic",
    "wasm-unsafe-eval", "report-sample",
)  # fmt: skip
SOURCE = re.compile(
    rf"""'(?:{"|".join(KEYWORDS)})'"""
    r"|'(?:nonce|sha256|sha384|sha512)-[A-Za-z0-9+/_=-]+'"
    r"|[A-Za-z][A-Za-z0-9+.-]*:"
    r"|(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)"
    r"(?::(?:[0-9]+|\*))?(?:/[^\s;,']*)?"
)
EXAMPLE = "{'frame-src': ['https://www.youtube-nocookie.com']}"


def problem(value: Any) -> str | None:
    """Return what is wrong with a PROSPECTS_CSP value, or None if it is usable."""
    expected = f"Expected a dict of directives to lists of sources, such as {EXAMPLE}"
    if not isinstance(value, Mapping):
        return expected
    for directive, sources in value.items():
        if directive not in DIRECTIVES:
            return f"{expected} ({directive!r} is not one of: {', '.join(DIRECTIVES)})"
        if isinstance(sources, str) or not isinstance(sources, Sequence):
            return f"{expected} (the sources of {directive!r} are not a list)"
        for source in sources:
            # A bare `self` would be read as a host named "self": keywords are quoted.
            if not isinstance(source, str) or not SOURCE.fullmatch(source) or source in KEYWORDS:
                return f"{expected} ({source!r} is not a source: quote keywords as \"'self'\")"
    return None


def policy(extra: Mapping[str, Sequence[str]]) -> str:
    """Return the policy: the base one, with the owner's sources added to their directives."""
    directives = {name: list(sources) for name, sources in BASE.items()}
    for name, sources in extra.items():
        fallback = BASE["default-src"] if name in FETCH else ()
        current = directives.setdefault(name, list(fallback))
        if sources and "'none'" in current:
            current.remove("'none'")
        current += [source for source in sources if source not in current]
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())
