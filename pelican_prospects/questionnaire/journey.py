"""What a page's script needs to route answers: the compiled questionnaires, embedded safely."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .compile import Compiled, as_json

# Characters that could end a <script> element or start markup: written as JSON escapes.
UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class Journey:
    """A questionnaire as pages show it: its URL, routing, answer labels and offer page paths."""

    form_url: str
    data: dict[str, Any]
    answers: str
    offers: frozenset[str]


def browser_data(compiled: Compiled, form_url: str) -> dict[str, Any]:
    """Return the compiled JSON form (see `compile`) and the questionnaire page's URL."""
    return dict(as_json(compiled), form=form_url)


def script_json(value: Any) -> str:
    """Return JSON to place inside `<script type="application/json">`: no `<`, `>` or `&`."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(UNSAFE)
