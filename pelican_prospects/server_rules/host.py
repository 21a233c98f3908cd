"""The interface every kind of server's rules implements, and the registry of those kinds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .plan import Plan, Section


@dataclass(frozen=True)
class Host:
    """One kind of server: the file it reads, how many rules it bears, how they are written."""

    name: str
    file: str
    limit: int
    unit: str
    # One questionnaire's rules, or why they cannot be written for this host (a warning).
    section: Callable[[Plan], Section | str]
    # The file's new text from the sections, its current text (None when there is none),
    # SITEURL's escaped path and the file's path (for messages).
    text: Callable[[Sequence[Section], str | None, str, str], str]


def too_many(plan: Plan, limit: int, unit: str) -> str:
    """Return why a questionnaire gets no rules on a host: more answer sets than its rules route."""
    return (
        f"{plan.total} answer sets exceed what its rules can route (at most {limit} {unit} in"
        " the file)"
    )


def hosts() -> dict[str, Host]:
    """Return every kind of server by its name in `PROSPECTS_SERVER_RULES`."""
    from . import apache, netlify, nginx

    return {host.name: host for host in (nginx.HOST, apache.HOST, netlify.HOST)}
