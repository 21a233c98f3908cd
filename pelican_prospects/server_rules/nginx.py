"""nginx: one exact `location` per route page, read and routed with `set`, `if` and `return`.

Only the rewrite module is used (nginx-light has it), so the whole file goes in with one
`include` inside the site's `server` block: `map` would need a second include at `http` level.
Each `if` is a location block of its own in nginx's memory, hence the limit.

nginx compares a `location` with the request's path decoded (`%C3%A9` is the byte pair of
`é`) and normalised (`//` merged, `.` and `..` resolved), so a location is written that way,
in double quotes when it holds a character the configuration syntax would read. The `return`
targets stay escaped: they go out as they are, in the Location header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import unquote

from ..questionnaire import attribution
from .host import Host, too_many
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

FILE = "prospects.nginx.conf"
# 'if' blocks in the file. Measured (benchmarks/server_rules_bench.py, nginx 1.22): 2,523 of
# them take 20 MB more per worker and 1 to 3 ms per route-page request; other pages pay nothing.
LIMIT = 2_000
UNIT = "'if' blocks"
# What may stand unquoted in nginx's configuration: no space, quote, ';', brace, '\\', '$' or '#'.
_PLAIN = re.compile(r"[^\s\"';{}\\$#]+")
# The longest parameter nginx reads, in bytes: a longer one (a question's hundred codes in one
# pattern) fails the whole configuration with 'too long parameter'. Measured: 4,094 with nginx
# 1.22, whose configuration buffer is 4 KB; kept a little below.
LONGEST = 4_000
_PARAMETER = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s"]+')


def section(plan: Plan) -> Section | str:
    """Return the `location` that routes one questionnaire's form, or why nginx cannot take it."""
    automaton = plan.automaton
    if automaton is None:
        return too_many(plan, LIMIT, UNIT)
    questions = plan.questionnaire.questions
    # Relative redirects: behind a proxy, nginx's own host and port are not the visitor's.
    body = [
        "absolute_redirect off;",
        'set $prospects_bad "";',
        _flag_if("$args", unknown_key(plan.questionnaire)),
    ]
    parts = []
    for number, question in enumerate(questions):
        name = f"prospects_{suffix(number)}"
        body.append(_flag_if("$args", bad_code(question)))
        if question.multiple:
            ticks = []
            for index, option in enumerate(question.options):
                tick = f"prospects_{suffix(number, index)}"
                body.append(f'set ${tick} "";')
                body.append(
                    f'if ($args ~ "{ticked(question, option.code)}")'
                    f' {{ set ${tick} "{fragment(question, option.code)}"; }}'
                )
                ticks.append(f"${{{tick}}}")
            body.append(f'set ${name} "{"".join(ticks)}";')
        else:
            body.append(f'set ${name} "";')
            body += [
                f'if ($args ~ "{ticked(question, option.code)}")'
                f' {{ set ${name} "${{{name}}}{fragment(question, option.code)}"; }}'
                for option in question.options
            ]
            # Two different answers to a single choice: neither is kept.
            body.append(f'if (${name} ~ "^&[^&]*&") {{ set ${name} ""; set $prospects_bad 1; }}')
        if question.required:
            body.append(f'if (${name} = "") {{ set $prospects_bad 1; }}')
        parts.append(f"${{{name}}}")
    # Attribution values go along as sent, when valid and given once.
    for index, key in enumerate(attribution.KEYS):
        name = f"prospects_a{index}"
        body += [
            f'set ${name} "";',
            f'if ($args ~ "{carried(key)}") {{ set ${name} $1; }}',
            f'if (${name} !~ "{attribution.VALUE}") {{ set ${name} ""; }}',
            f'if ($args ~ "{repeated(key)}") {{ set ${name} ""; }}',
            f'if (${name} != "") {{ set ${name} "&{key}=${{{name}}}"; }}',
        ]
        parts.append(f"${{{name}}}")
    body.append(f'set $prospects_query "{"".join(parts)}";')
    body.append('if ($prospects_query ~ "^&(.*)$") { set $prospects_query "?$1"; }')
    body.append(f'if ($prospects_bad) {{ return 302 "{plan.form}${{prospects_query}}{NOTICE}"; }}')
    body.append(f"set $prospects_state {automaton.start};")
    for step in automaton.steps:
        if not step.moves:
            continue
        question = questions[step.question]
        answer = f"prospects_{suffix(step.question, step.option)}"
        body.append(f'set $prospects_move "${{prospects_state}}:${{{answer}}}";')
        for target, moves in by_target(step.moves):
            pattern = choices([(state, fragment(question, value)) for state, value in moves])
            body.append(f'if ($prospects_move ~ "{pattern}") {{ set $prospects_state {target}; }}')
    body += [
        f'if ($prospects_state = {state}) {{ return 302 "{url}${{prospects_query}}"; }}'
        for state, url in ((state, plan.offers[offer]) for state, offer in automaton.finals.items())
    ]
    rules = sum(line.startswith("if (") for line in body)
    lines = (
        header(plan, f"{plan.total} answer sets, {automaton.size} moves."),
        f"location = {location(plan.route)} {{",
        *(f"    {line}" for line in body),
        "}",
    )
    longest = max(len(part.encode()) for line in lines[1:] for part in _PARAMETER.findall(line))
    if longest > LONGEST:
        return (
            f"a pattern of {longest} bytes is longer than nginx reads (at most {LONGEST}):"
            " shorten its codes and keys"
        )
    return Section(lines, rules, f"{plan.total} answer sets routed by {rules} {UNIT}")


def document(sections: Iterable[Section], base: str) -> str:
    """Return the include file: a header, a location hiding the file itself, the sections.

    `base` is SITEURL's path as `plan.site_path` escapes it.
    """
    lines = [
        "# Generated by pelican-prospects on every build: edits are lost.",
        "# It routes the questionnaires' answers without JavaScript. In your site's server block:",
        f"#     include /path/to/the/site/{FILE};",
        f"location = {location(f'{base}/{FILE}')} {{ return 404; }}",
    ]
    for item in sections:
        lines += ["", *item.lines]
    return "\n".join(lines) + "\n"


def text(sections: Sequence[Section], existing: str | None, base: str, path: str) -> str:
    """Return the include file: it is the plugin's alone, so it is written whole every build."""
    return document(sections, base)


def location(path: str) -> str:
    """Return an escaped URL path as a `location =` compares it, quoted for the file if need be."""
    segments: list[str] = []
    for segment in unquote(path).split("/")[1:]:
        if segment == "..":
            segments = segments[:-1]
        elif segment not in ("", "."):
            segments.append(segment)
    compared = "/" + "/".join(segments) + ("/" if path.endswith("/") and segments else "")
    if _PLAIN.fullmatch(compared):
        return compared
    return '"' + compared.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flag_if(variable: str, pattern: str) -> str:
    return f'if ({variable} ~ "{pattern}") {{ set $prospects_bad 1; }}'


HOST = Host("nginx", FILE, LIMIT, UNIT, section, text)
