"""Render a questionnaire page's form, and the answer list its offer pages fill in."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from uuid import uuid4

from .model import Question, Questionnaire

Markdown = Callable[[str], str]
Gettext = Callable[[str], str]


class Unplaced(Exception):
    """A question that Markdown did not leave in a paragraph of its own: its form has no place."""

    def __init__(self, question: Question) -> None:
        self.question = question
        super().__init__(
            f"question '{question.key}' is inside an HTML block (such as a <div> not closed"
            " before it), which Markdown leaves as it is: its form has no place there; close"
            " the block before the question"
        )


def render_page(
    questionnaire: Questionnaire, markdown: Markdown, gettext: Gettext, action: str = ""
) -> str:
    """Return the page's HTML: content, then a form from the first question to the last, content.

    The form sends its answers by GET to `action` (the route page); with several questions,
    each legend says where it stands and a progress line (shown by the page script) counts
    the answered ones.
    """
    questions: list[Question] = []
    parts = []
    # A new word each time: a page that wrote the marker would have moved or dropped questions.
    marker = f"PROSPECTSQUESTION{uuid4().hex}N"
    for item in questionnaire.body:
        if isinstance(item, Question):
            parts.append(f"\n\n{marker}{len(questions)}X\n\n")
            questions.append(item)
        else:
            parts.append(item.text)
    pieces = re.split(rf"<p>{marker}(\d+)X</p>", markdown("\n".join(parts)))
    placed = [int(number) for number in pieces[1::2]]  # in order, each once: the marker is new
    if len(placed) < len(questions):
        raise Unplaced(questions[next(n for n, at in enumerate([*placed, -1]) if at != n)])
    if len(pieces) == 1:
        return pieces[0]
    target = f' action="{escape(action)}"' if action else ""
    html = [pieces[0], f'<form class="prospects-questionnaire" method="get"{target}>']
    total = len(questions)
    for index in range(1, len(pieces) - 1, 2):
        number = int(pieces[index])
        step = (number + 1, total) if total > 1 else None
        html.append(render_question(questions[number], markdown, gettext, step))
        if index < len(pieces) - 2:
            html.append(pieces[index + 1])
    progress = ""
    if total > 1:
        done = '<span class="prospects-done">0</span>'
        text = escape(gettext("Answered: %(done)s of %(total)s")) % {"done": done, "total": total}
        progress = (
            f'<span class="prospects-progress" hidden><progress max="{total}" value="0"'
            f' aria-hidden="true"></progress> <span>{text}</span></span> '
        )
    button = escape(gettext("See which offer fits") % {})
    html.append(
        f'<p class="prospects-submit">{progress}<button type="submit">{button}</button></p>'
    )
    html.append("</form>")
    html.append(pieces[-1])
    return "\n".join(html)


def render_question(
    question: Question,
    markdown: Markdown,
    gettext: Gettext,
    step: tuple[int, int] | None,
) -> str:
    """Return one question as a fieldset of radio buttons or checkboxes named by its key."""
    # Ids join key and suffix with '.' or '=', which no key or code holds: they never collide.
    key = escape(question.key)
    help_id = f"prospects-{key}.help"
    described = f' aria-describedby="{help_id}"' if question.help else ""
    legend = inline(question.label, markdown)
    if step:
        where = gettext("Question %(number)s of %(total)s") % {"number": step[0], "total": step[1]}
        legend = f'<span class="prospects-step">{escape(where)}</span> {legend}'
    if not question.required:
        legend += f' <span class="prospects-optional">{escape(gettext("(optional)") % {})}</span>'
    else:
        # In the legend, a shown error is part of the group's name: read on entering the group.
        if question.multiple:
            message = gettext("Tick at least one answer.") % {}
        else:
            message = gettext("Choose an answer.") % {}
        error = f'<span class="prospects-error" id="prospects-{key}.error" hidden>'
        legend += f" {error}{escape(message)}</span>"
    html = [
        f'<fieldset class="prospects-question" id="prospects-{key}"{described}>',
        f"<legend>{legend}</legend>",
    ]
    if question.help:
        html.append(f'<div class="prospects-help" id="{help_id}">{markdown(question.help)}</div>')
    kind = "checkbox" if question.multiple else "radio"
    required = " required" if question.required and not question.multiple else ""
    for option in question.options:
        code = escape(option.code)
        ident = f"prospects-{key}={code}"
        label = inline(option.label, markdown)
        html.append(
            f'<div class="prospects-option"><input type="{kind}" id="{ident}" name="{key}"'
            f' value="{code}"{required}> <label for="{ident}">{label}</label></div>'
        )
    html.append("</fieldset>")
    return "\n".join(html)


def render_answers(questionnaire: Questionnaire, markdown: Markdown) -> str:
    """Return every question and option label as a hidden list the offer page's script reveals.

    Only what the build knows is written here; the script never writes text of its own into
    the page, it only shows the answers the query string names.
    """
    html = ['<dl class="prospects-answer-list">']
    for question in questionnaire.questions:
        html.append(f'<div data-key="{escape(question.key)}" hidden>')
        html.append(f"<dt>{inline(question.label, markdown)}</dt>")
        html.extend(
            f'<dd data-code="{escape(option.code)}" hidden>{inline(option.label, markdown)}</dd>'
            for option in question.options
        )
        html.append("</div>")
    html.append("</dl>")
    return "\n".join(html)


def inline(text: str, markdown: Markdown) -> str:
    """Return inline Markdown as HTML without the paragraph Markdown wraps it in."""
    html = markdown(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
