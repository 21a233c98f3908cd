"""Does the receiving server vouch for a message's sender? Its `Authentication-Results` (RFC 8601).

A sender can write any `From:`; only the server that received the message can tell whether DKIM
or SPF passed for its domain, in the `Authentication-Results` header it adds on top. So the
topmost one is trusted, with those right below it by the same server (one header per check is
common), but no further (a sender may add others below), or, when the owner names her server
(`PROSPECTS_AUTHSERV_ID`), the topmost run that server signed. A pass is `dkim=pass` with
`header.d` (or `header.i`) of the sender's domain, or `spf=pass` with `smtp.mailfrom` of it
(a subdomain either way counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage

HEADER = "Authentication-Results"
PAIR = re.compile(r'([A-Za-z0-9_.\-/]+)[ \t]*=[ \t]*("(?:[^"\\]|\\.)*"|[^\s;"]+)')
TOKEN = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass(frozen=True)
class Verdict:
    """What the server's results say of the sender: vouched for, or why not."""

    passed: bool
    reason: str = ""


@dataclass(frozen=True)
class Results:
    """One Authentication-Results header: who wrote it, and each method's result and properties."""

    authserv_id: str
    methods: list[tuple[str, str, dict[str, str]]]


def without_comments(value: str) -> str | None:
    """Return a header value without its (comments), nested ones included, quoted strings kept.

    None when a comment or a quoted string is left open, or a comment closed twice.
    """
    kept, depth, quoted, escaped = [], 0, False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and (quoted or depth):
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == "(":
            depth += 1
            continue
        elif char == ")":
            if not depth:
                return None
            depth -= 1
            char = " " if not depth else char
        elif char == '"' and not depth:
            quoted = True
        if not depth:
            kept.append(char)
    return None if depth or quoted else "".join(kept)


def split_outside_quotes(value: str) -> list[str]:
    """Split a header value on ';' outside quoted strings."""
    parts, current, quoted, escaped = [], "", False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append(current)
            current = ""
            continue
        current += char
    return [*parts, current]


def parse(value: str) -> Results | None:
    """Return an Authentication-Results value read, or None when it cannot be read."""
    bare = without_comments(value)
    if bare is None:
        return None
    parts = [part.strip() for part in split_outside_quotes(bare)]
    head = parts[0].split()
    if not head or not TOKEN.match(head[0]) or len(head) > 2:
        return None
    methods = []
    for part in parts[1:]:
        if not part or part.lower() == "none":
            continue
        pairs = PAIR.findall(part)
        if not pairs or not part.startswith(pairs[0][0]):
            return None
        method, result = pairs[0]
        props = {key.lower(): raw.strip('"') for key, raw in pairs[1:]}
        methods.append((method.split("/")[0].lower(), result.strip('"').lower(), props))
    return Results(head[0].lower(), methods)


def aligned(found: str, domain: str) -> bool:
    """Tell whether a domain a check names is the sender's domain, or one within the other."""
    found = found.rpartition("@")[2].strip().rstrip(".").lower()
    if not found or not domain:
        return False
    return found == domain or domain.endswith("." + found) or found.endswith("." + domain)


def vouches(results: Results, domain: str) -> bool:
    """Tell whether DKIM or SPF passed for `domain` in these results."""
    for method, result, props in results.methods:
        if result != "pass":
            continue
        if method == "dkim" and any(
            aligned(props.get(key, ""), domain) for key in ("header.d", "header.i")
        ):
            return True
        if method == "spf" and aligned(props.get("smtp.mailfrom", ""), domain):
            return True
    return False


def together(readable: list[Results | None]) -> Results:
    """Return the first header's results with those of the unbroken run below it by the same server.

    A server often writes one header per check (DKIM, SPF, DMARC), newest on top, and its own
    DMARC check trusts them as one. A header by another server, or one that cannot be read, ends
    the run: what lies below may be the sender's. A method already given above keeps that result
    (a lower `dkim=pass` does not overturn a `dkim=fail` on top).
    """
    first = readable[0]
    assert first is not None
    methods = list(first.methods)
    for results in readable[1:]:
        if results is None or results.authserv_id != first.authserv_id:
            break
        given = {method for method, _, _ in methods}
        methods += [m for m in results.methods if m[0] not in given]
    return Results(first.authserv_id, methods)


def verdict(message: EmailMessage, sender: str, authserv_id: str = "") -> Verdict:
    """Tell whether the receiving server vouches for `sender` (passed when it says nothing).

    With `authserv_id`, the server always says something: a message without its results fails.
    """
    domain = sender.rpartition("@")[2].strip().rstrip(".").lower()
    values = [
        " ".join(str(v).split()) for k, v in message.raw_items() if k.lower() == HEADER.lower()
    ]
    if not values and not authserv_id:
        return Verdict(True)
    readable = [parse(value) for value in values]
    if authserv_id:
        trusted = authserv_id.lower()
        start = next(
            (n for n, r in enumerate(readable) if r is not None and r.authserv_id == trusted), None
        )
        if start is None:
            return Verdict(False, f"no {HEADER} header from {authserv_id} (PROSPECTS_AUTHSERV_ID)")
    else:
        start = 0
        if readable[0] is None:
            return Verdict(False, f"its topmost {HEADER} header cannot be read")
    results = together(readable[start:])
    if vouches(results, domain):
        return Verdict(True)
    reason = f"{results.authserv_id} says neither DKIM nor SPF passed for {domain or 'its domain'}"
    return Verdict(False, reason)
