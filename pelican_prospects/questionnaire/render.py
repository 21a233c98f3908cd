"""Render a questionnaire page: ordinary Markdown as usual, the questions as a plain GET form."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .model import Question, Questionnaire

PLACEHOLDER = "PROSPECTSQUESTION{}X"
PLACEHOLDERS = re.compile(r"<p>PROSPECTSQUESTION(\d+)X</p>")

Markdown = Callable[[str], str]


def render_page(
    questionnaire: Questionnaire, markdown: Markdown, gettext: Callable[[str], str]
) -> str:
    """Return the page's HTML: content, then a form from the first question to the last, content."""
    questions: list[Question] = []
    parts = []
    for item in questionnaire.body:
        if isinstance(item, Question):
            parts.append("\n\n" + PLACEHOLDER.format(len(questions)) + "\n\n")
            questions.append(item)
        else:
            parts.append(item.text)
    pieces = PLACEHOLDERS.split(markdown("\n".join(parts)))
    if len(pieces) == 1:
        return pieces[0]
    html = [pieces[0], '<form class="prospects-questionnaire" method="get">']
    for index in range(1, len(pieces) - 1, 2):
        html.append(render_question(questions[int(pieces[index])], markdown))
        if index < len(pieces) - 2:
            html.append(pieces[index + 1])
    html.append(f'<p><button type="submit">{escape(gettext("See which offer fits"))}</button></p>')
    html.append("</form>")
    html.append(pieces[-1])
    return "\n".join(html)


def render_question(question: Question, markdown: Markdown) -> str:
    """Return one question as a fieldset of radio buttons or checkboxes named by its key."""
    key = escape(question.key)
    help_id = f"prospects-{key}-help"
    described = f' aria-describedby="{help_id}"' if question.help else ""
    html = [
        f'<fieldset class="prospects-question" id="prospects-{key}"{described}>',
        f"<legend>{inline(question.label, markdown)}</legend>",
    ]
    if question.help:
        html.append(f'<div class="prospects-help" id="{help_id}">{markdown(question.help)}</div>')
    kind = "checkbox" if question.multiple else "radio"
    required = " required" if question.required and not question.multiple else ""
    for option in question.options:
        code = escape(option.code)
        ident = f"prospects-{key}-{code}"
        label = inline(option.label, markdown)
        html.append(
            f'<div class="prospects-option"><input type="{kind}" id="{ident}" name="{key}"'
            f' value="{code}"{required}> <label for="{ident}">{label}</label></div>'
        )
    html.append("</fieldset>")
    return "\n".join(html)


def inline(text: str, markdown: Markdown) -> str:
    """Return inline Markdown as HTML without the paragraph Markdown wraps it in."""
    html = markdown(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
