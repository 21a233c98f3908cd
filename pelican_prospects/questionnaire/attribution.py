"""Attribution keys (`utm_*`, `ref`): carried along with the answers, never routed nor stale.

A value is kept as it was sent, already escaped, so every host carries the same text; it is
valid when it is given once, made only of `[A-Za-z0-9._~!'()*,:@/+-]` and `%XX` escapes, and
decodes (`+` as a space, escapes as UTF-8) to 1 to `MAX_LENGTH` characters with no control
character. Anything else is dropped without a word: it is not an answer.

`VALUE` says the same as a pattern, for the server rules (PCRE reads it as Python does).
At about 900 characters it is compiled once by nginx, on each request by Apache.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote_plus

KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "ref")
MAX_LENGTH = 100

SAFE = "A-Za-z0-9._~!'()*,:@/+-"
_SHAPE = re.compile(f"(?:[{SAFE}]|%[0-9A-Fa-f]{{2}})+")


def _hex(digits: str) -> str:
    """Return a class matching these hex digits in either case: '89ab' gives '[89ABab]'."""
    letters = "".join(c for c in digits if c.isalpha())
    return f"[{''.join(c for c in digits if c.isdigit())}{letters.upper()}{letters.lower()}]"


_ANY = _hex("0123456789abcdef")
_TAIL = f"%{_hex('89ab')}{_ANY}"  # a continuation byte, 80 to BF
# One character as sent: a safe sign, or the escapes of a UTF-8 sequence that is no control.
_CHARACTER = "|".join(
    [
        f"[{SAFE}]",
        f"%[2-6]{_ANY}",
        f"%7{_hex('0123456789abcde')}",
        f"%{_hex('c')}2%{_hex('ab')}{_ANY}",
        f"%{_hex('c')}{_hex('3456789abcdef')}{_TAIL}",
        f"%{_hex('d')}{_ANY}{_TAIL}",
        f"%{_hex('e')}0%{_hex('ab')}{_ANY}{_TAIL}",
        f"%{_hex('e')}{_hex('123456789abcef')}{_TAIL}{_TAIL}",
        f"%{_hex('e')}{_hex('d')}%[89]{_ANY}{_TAIL}",
        f"%{_hex('f')}0%{_hex('9ab')}{_ANY}{_TAIL}{_TAIL}",
        f"%{_hex('f')}[1-3]{_TAIL}{_TAIL}{_TAIL}",
        f"%{_hex('f')}4%8{_ANY}{_TAIL}{_TAIL}",
    ]
)
# Once the characters are known to be well formed, each starts with a sign or a lead byte.
_COUNTED = f"[^%]|%[0-7]{_ANY}|%{_hex('cdef')}{_ANY}(?:{_TAIL}){{1,3}}"
# The end of the value: `$` alone also matches before a final line feed, in PCRE as in Python,
# and PCRE's `\z` is no Python escape before 3.14.
_END = r"$(?!\n)"
_SHORT_ENOUGH = f"(?=(?:{_COUNTED}){{1,{MAX_LENGTH}}}{_END})"
# A whole valid value: at most MAX_LENGTH characters (checked ahead), each well formed;
# CAPTURED is the same with the value as group 1.
VALUE = f"^{_SHORT_ENOUGH}(?:{_CHARACTER})+{_END}"
CAPTURED = f"^{_SHORT_ENOUGH}((?:{_CHARACTER})+){_END}"


def text(raw: str) -> str | None:
    """Return the text of a value as sent, or None when it is malformed."""
    if not _SHAPE.fullmatch(raw):
        return None
    try:
        decoded = unquote_plus(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if len(decoded) > MAX_LENGTH or any(unicodedata.category(c) == "Cc" for c in decoded):
        return None
    return decoded


def pick(items: list[tuple[str, str]]) -> dict[str, str]:
    """Return the valid attribution values among decoded keys and raw values, in `KEYS` order.

    A key given more than once is dropped: no host has to choose between its values.
    """
    given: dict[str, list[str]] = {}
    for key, raw in items:
        if key in KEYS:
            given.setdefault(key, []).append(raw)
    return {
        key: given[key][0]
        for key in KEYS
        if len(given.get(key, ())) == 1 and text(given[key][0]) is not None
    }


def query(attribution: dict[str, str]) -> str:
    """Return the attribution values as query items, in `KEYS` order."""
    return "&".join(f"{key}={attribution[key]}" for key in KEYS if key in attribution)
