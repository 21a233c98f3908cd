"""A small interpreter of Netlify `_redirects` rules with query parameters, as documented.

Documented (docs.netlify.com, "Redirect options" and "Rewrites and proxies"; the Netlify
CLI's own engine for `netlify dev`): rules are tried in order and the first match wins; a
rule with query parameters matches only if the request has every one of them, in any order,
with the exact value given or, for a `:placeholder`, any value; other parameters are ignored;
without '!' a rule never shadows a file that exists (the file is served); 301/302 answer with
the target, which gets the request's query string when it has none of its own; 200 serves the
target. Not documented: which value of a repeated key is compared, and whether a placeholder
takes an empty value: every `Reading` is tried, and the tests hold for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product


@dataclass(frozen=True)
class Rule:
    path: str
    params: tuple[tuple[str, str], ...]
    target: str
    status: int
    force: bool


@dataclass(frozen=True)
class Reading:
    """One guess at what the documentation leaves open."""

    repeated: str  # "first", "last" or "any" value of a repeated key
    empty_placeholder: bool  # whether ':name' takes an empty value


READINGS = tuple(
    Reading(repeated, empty) for repeated, empty in product(("first", "last", "any"), (True, False))
)


def parse(text: str) -> list[Rule]:
    """Return the rules of a `_redirects` text; fail on anything but what is expected."""
    rules = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        path, *params, target, status = words
        assert path.startswith("/") and target.startswith("/"), line
        assert all("=" in param for param in params), line
        force = status.endswith("!")
        code = int(status.rstrip("!"))
        assert code in (200, 302), line
        pairs = tuple(tuple(param.split("=", 1)) for param in params)
        rules.append(Rule(path, pairs, target, code, force))  # type: ignore[arg-type]
    return rules


def run(
    rules: list[Rule], path: str, query: str, files: set[str], reading: Reading
) -> tuple[int, str]:
    """Return (302, Location) for a redirect, or (200, path of the file served)."""
    pairs = [item.partition("=")[::2] for item in query.split("&") if item]
    for rule in rules:
        if rule.path != path or not all(
            _has(pairs, key, value, reading) for key, value in rule.params
        ):
            continue
        if not rule.force and path in files:
            return 200, path
        if rule.status == 200:
            return 200, rule.target
        return 302, rule.target if "?" in rule.target or not query else f"{rule.target}?{query}"
    return 200, path


def _has(pairs: list[tuple[str, str]], key: str, wanted: str, reading: Reading) -> bool:
    values = [value for name, value in pairs if name == key]
    if reading.repeated != "any":
        values = values[:1] if reading.repeated == "first" else values[-1:]
    if wanted.startswith(":"):
        return any(value or reading.empty_placeholder for value in values)
    return wanted in values
