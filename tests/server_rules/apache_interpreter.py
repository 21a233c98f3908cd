"""A small, strict interpreter of the mod_rewrite subset the Apache writer uses, in .htaccess.

What it follows (Apache 2.4 documentation of mod_rewrite, and Apache 2.4.71 as run by hand):
rules run in order against the path relative to the .htaccess folder; a rule applies when its
pattern matches (or does not, with '!') and all its RewriteConds hold; a condition is a regex
(PCRE; the patterns used read the same in Python's `re`), `!regex` or `=string` (`=""` is the
empty string); `%{QUERY_STRING}`, `%{ENV:NAME}`, `%N` (the last matched condition's groups)
and `$N` expand in test strings, substitutions and [E=NAME:VALUE] (split at the first ':');
[S=n] skips n rules; [R=302,L,NE,QSD] redirects: the query is what follows a '?' in the
substitution ('?' alone: none), else dropped; a '?' brought by a variable is refused, as
Apache does since 2.4.60 without UnsafeAllow3F. Anything else is an error, not a guess.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

VARIABLE = re.compile(r"\\([$%])|%\{(QUERY_STRING|ENV:[A-Za-z0-9_]+)\}|%(\d)|\$(\d)")
RULE_FLAGS = re.compile(r"^\[(.*)\]$")


class Refused(Exception):
    """Apache answers 403: the substitution would smuggle a '?' in from a variable."""


@dataclass(frozen=True)
class Condition:
    test: str
    pattern: str


@dataclass(frozen=True)
class Rule:
    pattern: str
    substitution: str
    flags: tuple[str, ...]
    conditions: tuple[Condition, ...]


@dataclass
class Request:
    path: str
    query: str
    env: dict[str, str] = field(default_factory=dict)


def parse(text: str) -> list[Rule]:
    """Return the rules of an .htaccess text; fail on any directive or flag not understood."""
    rules: list[Rule] = []
    conditions: list[Condition] = []
    engine = False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line in ("<IfModule mod_rewrite.c>", "</IfModule>"):
            continue
        words = shlex.split(line, posix=True) if '"' in line else line.split()
        directive, args = words[0], words[1:]
        if directive == "RewriteEngine":
            assert args == ["On"], line
            engine = True
        elif directive == "RewriteCond":
            assert len(args) == 2, f"no condition flags are expected: {line}"
            conditions.append(Condition(*args))
        elif directive == "RewriteRule":
            assert len(args) == 3, line
            flags = RULE_FLAGS.match(args[2])
            assert flags, line
            rules.append(Rule(args[0], args[1], tuple(flags[1].split(",")), tuple(conditions)))
            conditions = []
        else:
            raise AssertionError(f"unexpected directive: {line}")
    assert engine and not conditions
    return rules


def expand(
    text: str, request: Request, rule_groups: tuple[str, ...], cond_groups: tuple[str, ...]
) -> tuple[str, bool]:
    """Return the text with its variables and back-references expanded, and if one held '?'."""
    smuggled = False

    def value(match: re.Match[str]) -> str:
        nonlocal smuggled
        if match[1]:
            return match[1]
        if match[2]:
            found = (
                request.query if match[2] == "QUERY_STRING" else request.env.get(match[2][4:], "")
            )
        elif match[3]:
            found = cond_groups[int(match[3])] if int(match[3]) < len(cond_groups) else ""
        else:
            found = rule_groups[int(match[4])] if int(match[4]) < len(rule_groups) else ""
        smuggled |= "?" in found
        return found or ""

    return VARIABLE.sub(value, text), smuggled


def holds(
    condition: Condition,
    request: Request,
    rule_groups: tuple[str, ...],
    cond_groups: tuple[str, ...],
) -> tuple[bool, tuple[str, ...] | None]:
    """Return whether a condition holds, and its groups when it is a regex that matched."""
    test, _ = expand(condition.test, request, rule_groups, cond_groups)
    pattern = condition.pattern
    negated = pattern.startswith("!")
    pattern = pattern[1:] if negated else pattern
    if pattern.startswith("="):
        return (test == pattern[1:]) != negated, None
    match = re.search(pattern, test)
    if negated:
        return match is None, None
    if match is None:
        return False, None
    return True, (match[0], *(group or "" for group in match.groups()))


def run(rules: list[Rule], path: str, query: str) -> tuple[int, str | None]:
    """Return (302, Location) for a redirect, or (200, None) when the file is served."""
    request = Request(path, query)
    skip = 0
    for rule in rules:
        if skip:
            skip -= 1
            continue
        negated = rule.pattern.startswith("!")
        match = re.search(rule.pattern[1:] if negated else rule.pattern, path)
        if (match is None) != negated:
            continue
        rule_groups = (match[0], *(g or "" for g in match.groups())) if match else ("",)
        cond_groups: tuple[str, ...] = ("",)
        applies = True
        for condition in rule.conditions:
            ok, groups = holds(condition, request, rule_groups, cond_groups)
            if not ok:
                applies = False
                break
            if groups is not None:
                cond_groups = groups
        if not applies:
            continue
        for flag in rule.flags:
            name, _, argument = flag.partition("=")
            if name == "E":
                assignment, _ = expand(argument, request, rule_groups, cond_groups)
                variable, _, value = assignment.partition(":")
                request.env[variable] = value
            elif name == "S":
                skip = int(argument)
            elif flag not in ("R=302", "L", "NE", "QSD"):
                raise AssertionError(f"unexpected flag {flag}")
        if rule.substitution == "-":
            continue
        assert set(rule.flags) >= {"R=302", "L", "NE", "QSD"}, rule
        target, smuggled = expand(rule.substitution, request, rule_groups, cond_groups)
        if smuggled:
            raise Refused(target)
        location, mark, args = target.partition("?")
        if mark:
            fragment = ""
            if "#" in args:
                args, _, fragment = args.partition("#")
                fragment = "#" + fragment
            return 302, location + (f"?{args}" if args else "") + fragment
        return 302, location
    return 200, None
