"""Apache: mod_rewrite rules for the site's root `.htaccess`, the shared-hosting way.

Each questionnaire's rules start with one that skips them all ([S=n]) unless the request is
for its route page, so other pages pay one pattern test. Answers are read into environment
variables ([E=...]) and routed one at a time, as nginx does. Apache reads `.htaccess` again on
every request and compiles each pattern it holds, hence the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from ..questionnaire import attribution
from .host import Host, too_many
from .merge import into_block
from .plan import NOTICE, Plan, Section, header
from .reading import (
    bad_code,
    by_target,
    carried,
    choices,
    fragment,
    repeated,
    suffix,
    ticked,
    unknown_key,
)

FILE = ".htaccess"
# RewriteRules in the block. Apache parses and compiles .htaccess on every request it covers:
# measured on Apache 2.4.71, 5 to 15 us per rule on every page of the site (52 for the demo).
LIMIT = 500
UNIT = "RewriteRules"
REDIRECT = "[R=302,L,NE,QSD]"


def section(plan: Plan) -> Section | str:
    """Return the rules that route one questionnaire's form, or why Apache cannot take them."""
    automaton = plan.automaton
    if automaton is None:
        return too_many(plan, LIMIT, UNIT)
    questions = plan.questionnaire.questions
    names = [f"PROSPECTS_{suffix(n)}" for n in range(len(questions))]
    ticks = [
        f"PROSPECTS_{suffix(n, i)}"
        for n, question in enumerate(questions)
        if question.multiple
        for i in range(len(question.options))
    ]
    carriers = [f"PROSPECTS_A{index}" for index in range(len(attribution.KEYS))]
    resets = ",".join(f"E={name}:" for name in ["PROSPECTS_BAD", *names, *ticks, *carriers])
    rules = [
        [f"RewriteRule ^ - [{resets}]"],
        _flag("%{QUERY_STRING}", unknown_key(plan.questionnaire)),
    ]
    for number, question in enumerate(questions):
        name = names[number]
        rules.append(_flag("%{QUERY_STRING}", bad_code(question)))
        for index, option in enumerate(question.options):
            target = f"PROSPECTS_{suffix(number, index)}" if question.multiple else name
            value = "" if question.multiple else f"%{{ENV:{name}}}"
            rules.append(
                [
                    f"RewriteCond %{{QUERY_STRING}} {ticked(question, option.code)}",
                    f"RewriteRule ^ - [E={target}:{value}{fragment(question, option.code)}]",
                ]
            )
        if question.multiple:
            parts = "".join(
                f"%{{ENV:PROSPECTS_{suffix(number, i)}}}" for i in range(len(question.options))
            )
            rules.append([f"RewriteRule ^ - [E={name}:{parts}]"])
        else:
            # Two different answers to a single choice: neither is kept.
            rules.append(
                [
                    f"RewriteCond %{{ENV:{name}}} ^&[^&]*&",
                    f"RewriteRule ^ - [E={name}:,E=PROSPECTS_BAD:1]",
                ]
            )
        if question.required:
            rules.append(_flag(f"%{{ENV:{name}}}", "^$"))
    # Attribution values go along as sent, when valid and given once.
    for key, name in zip(attribution.KEYS, carriers, strict=True):
        rules.append(
            [
                f"RewriteCond %{{QUERY_STRING}} {carried(key)}",
                f"RewriteCond %1 {attribution.CAPTURED}",
                f"RewriteRule ^ - [E={name}:&{key}=%1]",
            ]
        )
        rules.append(
            [f"RewriteCond %{{QUERY_STRING}} {repeated(key)}", f"RewriteRule ^ - [E={name}:]"]
        )
    query = "".join(f"%{{ENV:{name}}}" for name in [*names, *carriers])
    rules.append([f"RewriteRule ^ - [E=PROSPECTS_QUERY:{query}]"])
    rules.append(
        [
            "RewriteCond %{ENV:PROSPECTS_QUERY} ^&(.*)$",
            "RewriteRule ^ - [E=PROSPECTS_QUERY:%1]",
        ]
    )
    # The '?' is written here: Apache refuses one that comes from a variable.
    rules.append(
        [
            "RewriteCond %{ENV:PROSPECTS_BAD} =1",
            'RewriteCond %{ENV:PROSPECTS_QUERY} =""',
            f"RewriteRule ^ {_url(plan.form)}{NOTICE} {REDIRECT}",
        ]
    )
    rules.append(
        [
            "RewriteCond %{ENV:PROSPECTS_BAD} =1",
            f"RewriteRule ^ {_url(plan.form)}?%{{ENV:PROSPECTS_QUERY}}{NOTICE} {REDIRECT}",
        ]
    )
    rules.append([f"RewriteRule ^ - [E=PROSPECTS_STATE:{automaton.start}]"])
    for step in automaton.steps:
        question = questions[step.question]
        answer = f"PROSPECTS_{suffix(step.question, step.option)}"
        for target, moves in by_target(step.moves):
            pattern = choices([(state, fragment(question, value)) for state, value in moves])
            rules.append(
                [
                    f"RewriteCond %{{ENV:PROSPECTS_STATE}}:%{{ENV:{answer}}} {pattern}",
                    f"RewriteRule ^ - [E=PROSPECTS_STATE:{target}]",
                ]
            )
    rules += [
        [
            f"RewriteCond %{{ENV:PROSPECTS_STATE}} ={state}",
            f"RewriteRule ^ {_url(plan.offers[offer])}?%{{ENV:PROSPECTS_QUERY}} {REDIRECT}",
        ]
        for state, offer in automaton.finals.items()
    ]
    lines = (
        header(plan, f"{plan.total} answer sets, {automaton.size} moves."),
        f"RewriteRule !^{_pattern(plan.route_file)}$ - [S={len(rules)}]",
        *(line for rule in rules for line in rule),
    )
    count = len(rules) + 1
    return Section(lines, count, f"{plan.total} answer sets routed by {count} {UNIT}")


def block(sections: Iterable[Section]) -> list[str]:
    """Return the lines of the marked block: mod_rewrite turned on, then every section."""
    lines = ["<IfModule mod_rewrite.c>", "RewriteEngine On"]
    for item in sections:
        lines += ["", *item.lines]
    return [*lines, "</IfModule>"]


def _flag(test: str, pattern: str) -> list[str]:
    return [f"RewriteCond {test} {pattern}", "RewriteRule ^ - [E=PROSPECTS_BAD:1]"]


def _pattern(path: str) -> str:
    """Return a pattern for an escaped path as a per-directory rule sees it: decoded."""
    return "".join(_literal(char) for char in unquote(path))


def _literal(char: str) -> str:
    """Return a pattern matching one character of a path, safe to write in `.htaccess`.

    Letters and digits stand as they are (a non-ASCII one as its UTF-8 bytes, as Apache
    sees it); printable ASCII signs get a backslash; space, quotes, '%', '$', '\\' and
    characters that are not printable become `\\xHH` bytes, which the file's syntax ignores.
    """
    if char.isalnum() or char in "/_-" or (not char.isascii() and char.isprintable()):
        return char
    if char.isascii() and char.isprintable() and char not in " \"'%$\\":
        return "\\" + char
    return "".join(f"\\x{byte:02x}" for byte in char.encode())


def _url(path: str) -> str:
    """Return a URL path for a substitution: '%' and '$' would start back-references."""
    return re.sub(r"([%$])", r"\\\1", path)


HOST = Host("apache", FILE, LIMIT, UNIT, section, into_block(block))
