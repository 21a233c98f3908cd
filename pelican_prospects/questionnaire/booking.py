"""The booking link of contact offers: which service reads which parameters, placeholders checked.

The build only checks the owner's URL and writes the link a page shows without JavaScript;
handoff.js adds what the prospect typed, in the parameters the service reads.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

SETTING = "PROSPECTS_BOOKING_URL"
SERVICE_SETTING = "PROSPECTS_BOOKING_SERVICE"
# What PROSPECTS_BOOKING_SERVICE may say: "auto" guesses from the URL, "plain" adds nothing.
SERVICES = ("auto", "calendly", "calcom", "placeholders", "plain")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NAMES = ("name", "email", "company", "message", "answers", "offer")
ANSWER = "answer:"
KNOWN = ", ".join(f"{{{name}}}" for name in NAMES) + " or {answer:KEY}"


@dataclass(frozen=True)
class Booking:
    """A booking link: the service whose parameters it gets, the owner's URL, the link shown."""

    service: str  # one of SERVICES but "auto"
    template: str
    href: str


def service_of(url: str, setting: str = "auto") -> str:
    """Return the service of a booking URL: the setting's, or guessed from placeholders and host."""
    if setting != "auto":
        return setting
    host = (urlsplit(url).hostname or "").lower()
    if PLACEHOLDER.search(url):
        return "placeholders"
    if host in ("calendly.com", "www.calendly.com"):
        return "calendly"
    if host == "cal.com" or host.endswith(".cal.com"):
        return "calcom"
    return "plain"


def check(url: str, setting: str, keys: Collection[str]) -> tuple[list[str], list[str]]:
    """Return what is wrong with a booking URL (its placeholders), and what is only dubious."""
    reasons: list[str] = []
    warnings: list[str] = []
    if not url:
        return reasons, warnings
    if url.lower().startswith("http://"):
        warnings.append(
            f"{SETTING}: {url!r} is an http:// address; https:// is expected, so that the"
            " prospect's name and answers travel encrypted"
        )
    if "\\" in url:
        reasons.append(
            f"{SETTING}: {url!r} holds a backslash, which browsers read as '/': the link could"
            " go to another host than it names; write '/' or %5C"
        )
    if not urlsplit(url).hostname:
        reasons.append(
            f"{SETTING}: {url!r} names no host after '//' (a browser would take the path's first"
            " part for one): write it as https://host/path"
        )
    found = PLACEHOLDER.findall(url)
    service = service_of(url, setting)
    if found and service != "placeholders":
        reasons.append(
            f"{SETTING}: placeholders such as {{{found[0]}}} are filled only when {SERVICE_SETTING}"
            f" is 'auto' or 'placeholders', not {setting!r}"
        )
        return reasons, warnings
    if PLACEHOLDER.search(urlsplit(url).netloc):
        reasons.append(
            f"{SETTING}: a placeholder in the host name would send what the prospect"
            " typed to a name server; put it in the path or the query"
        )
    for name in found:
        if name.startswith(ANSWER):
            key = name.removeprefix(ANSWER)
            if key not in keys:
                known = ", ".join(sorted(keys)) or "none"
                reasons.append(
                    f"{SETTING}: {{{name}}} names no question of any questionnaire"
                    f" (question keys: {known})"
                )
        elif name not in NAMES:
            reasons.append(f"{SETTING}: unknown placeholder {{{name[:40]}}}, expected {KNOWN}")
    return reasons, warnings


def fill(template: str, values: Mapping[str, str]) -> str:
    """Return the URL with each placeholder replaced by its value, URL-encoded ('' when absent)."""
    return PLACEHOLDER.sub(
        lambda match: segment(quote(values.get(match[1], ""), safe="")), template
    )


def segment(encoded: str) -> str:
    """Return an encoded value that cannot climb a path: '.' and '..' left out (as handoff.js).

    Browsers read '%2E' as a dot in a path, so '%2E%2E' climbs it as '..' does.
    """
    return "" if encoded in {".", ".."} else encoded


def booking(url: str, setting: str, offer: str) -> Booking:
    """Return the booking link of an offer page titled `offer`, as shown before any typing."""
    service = service_of(url, setting)
    href = fill(url, {"offer": offer}) if service == "placeholders" else url
    return Booking(service, url, href)
