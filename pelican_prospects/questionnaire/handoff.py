"""An offer page's contact form: which fields it shows and which are required (`Fields:`)."""

from __future__ import annotations

from dataclasses import dataclass

FIELDS = ("name", "email", "company", "message")
DEFAULTS = {
    "contact": "name*, email*, message",
    "quote": "name*, email*, company",
    "proposal": "name*, email*, message",
}


@dataclass(frozen=True)
class Field:
    """One input of the contact form: its name (one of FIELDS) and whether it must be filled."""

    name: str
    required: bool


def parse_fields(text: str) -> tuple[tuple[Field, ...], list[str]]:
    """Return the fields of a `Fields:` value such as 'name*, email*', and what is wrong."""
    fields: list[Field] = []
    reasons: list[str] = []
    expected = f"expected some of {', '.join(FIELDS)} (a '*' after a name makes it required)"
    items = [item.strip() for item in text.split(",")]
    if not any(items):
        return (), [f"Fields: no field named, {expected}"]
    for item in items:
        name = item.removesuffix("*").strip().lower()
        if not name:
            reasons.append(f"Fields: an empty item between commas, {expected}")
        elif name not in FIELDS:
            reasons.append(f"Fields: unknown field {item[:40]!r}, {expected}")
        elif any(field.name == name for field in fields):
            reasons.append(f"Fields: {name!r} is named twice")
        else:
            fields.append(Field(name, item.endswith("*")))
    return tuple(fields), reasons


def default_fields(kind: str) -> tuple[Field, ...]:
    """Return the contact fields an offer of this kind shows when its page has no `Fields:`."""
    fields, _ = parse_fields(DEFAULTS[kind])
    return fields
