"""Keep the generated rules in a marked block of a file that the site owner may write to too."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..problems import Problem, ProspectsError
from .plan import Section

BEGIN = "# BEGIN pelican-prospects"
END = "# END pelican-prospects"
NOTE = "# Written on every build from the questionnaires: edit outside this block."


def merge(existing: str | None, block: Sequence[str], path: str) -> str:
    """Return the file with its block replaced where it stands, or put first if it has none.

    The owner's lines outside the block are kept as they are; the block goes first when new
    because the first matching rule wins and ours only match the route pages.
    """
    lines = (existing or "").splitlines()
    begins = [n for n, line in enumerate(lines) if line.strip().startswith(BEGIN)]
    ends = [n for n, line in enumerate(lines) if line.strip().startswith(END)]
    new = [BEGIN, NOTE, *block, END]
    if not begins and not ends:
        rest = ["", *lines] if lines else []
        return "\n".join([*new, *rest]) + "\n"
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        line = (begins or ends)[-1] + 1
        reason = (
            f"expected one '{BEGIN}' line followed by one '{END}' line around the generated"
            f" rules, but found {len(begins)} and {len(ends)}: fix or remove them"
        )
        if len(begins) == 1 and len(ends) == 1:
            reason = f"'{END}' comes before '{BEGIN}': fix or remove these lines"
        raise ProspectsError([Problem(path, line, reason)], "cannot place the server rules")
    return "\n".join([*lines[: begins[0]], *new, *lines[ends[0] + 1 :]]) + "\n"


def into_block(
    block: Callable[[Sequence[Section]], list[str]],
) -> Callable[[Sequence[Section], str | None, str, str], str]:
    """Return a host's `text`: its sections written into the marked block of a shared file."""

    def text(sections: Sequence[Section], existing: str | None, base: str, path: str) -> str:
        return merge(existing, block(sections), path)

    return text
