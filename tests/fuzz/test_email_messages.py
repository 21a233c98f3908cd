"""Fuzzed e-mails for `comment add --from-email`: a valid comment file or our error; quickly."""

from __future__ import annotations

import tempfile
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_prospects.comments.intake import add_comment
from pelican_prospects.comments.mail import from_email
from pelican_prospects.comments.read import read_comment
from pelican_prospects.problems import ProspectsError

from .checks import mutated, timed

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=PARIS)
NAMES = st.sampled_from(["Jean Dupont", "", "Zoé", '"Dupont, Jean"', "=?utf-8?q?Zo=C3=A9?="])
ADDRESSES = st.sampled_from(["jean@example.org", "a@b", "x", "", "<>"])
DATES = st.one_of(
    st.sampled_from(["Tue, 04 Mar 2024 10:00:00 +0100", "hier", "", "Tue, 04 Mar 2024"]),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1)).map(
        lambda date: date.strftime("%a, %d %b %Y %H:%M:%S +0000")
    ),
)
BODIES = st.one_of(
    st.sampled_from(
        [
            "Author: Zoé\nWebsite: https://zoe.example/\n\nMerci !\n-- \nZoé",
            "Merci pour l'article.",
            "Author:\n\nVide.",
            "Author: a\nReplyto: 3\n\nRéponse.",
            "",
        ]
    ),
    st.text(max_size=60),
)


@st.composite
def message(draw: st.DrawFn) -> bytes:
    """Return an e-mail: From, Date, a plain or HTML body or both, maybe mutated as bytes."""
    mail = EmailMessage()
    name, address = draw(NAMES), draw(ADDRESSES)
    sender = f"{name} <{address}>" if name else address
    if sender:
        mail["From"] = sender
    date = draw(DATES)
    if date:
        mail["Date"] = date
    mail["Subject"] = draw(st.sampled_from(["Commentaire", "", "=?utf-8?b?w6k=?="]))
    body = draw(BODIES)
    kind = draw(st.sampled_from(["plain", "html", "both", "attachment"]))
    if kind in ("plain", "both", "attachment"):
        latin = body.isascii() or all(ord(c) < 256 for c in body)
        mail.set_content(body, charset="iso-8859-1" if latin and draw(st.booleans()) else "utf-8")
    if kind == "html":
        mail.set_content(f"<p>{body}</p>", subtype="html")
    elif kind == "both":
        mail.add_alternative(f"<p>{body}</p>", subtype="html")
    elif kind == "attachment":
        mail.add_attachment(b"\x00\x01", maintype="application", subtype="octet-stream")
    if mail.is_multipart():
        mail.set_boundary("==boundary==")  # the e-mail package draws one with `random`
    data = mail.as_bytes(policy=policy.SMTP)
    return draw(mutated(data)) if draw(st.booleans()) else data


def check(data: bytes) -> None:
    """Read the e-mail and add it as a comment: a file that reads back clean, or our error."""
    added(data)


def added(data: bytes) -> None:
    try:
        comment = timed(lambda: from_email(data, path="message.eml", now=NOW, zone=PARIS))
    except ProspectsError:
        return
    with tempfile.TemporaryDirectory() as folder:
        comments = Path(folder) / "comments"
        try:
            path = add_comment(comments, "bonjour", comment, slugs={"bonjour"}, zone=PARIS)
        except ProspectsError as error:
            assert error.problems
            return
        reading = read_comment(
            path.read_bytes(),
            path="1.md",
            article="bonjour",
            comment_id="1",
            zone=PARIS,
            fallback_date=NOW,
        )
        assert reading.problems == []


@given(message())
def test_an_email_gives_a_valid_comment_file_or_our_error(data: bytes) -> None:
    check(data)


@given(st.binary(max_size=300))
def test_any_bytes_give_a_valid_comment_file_or_our_error(data: bytes) -> None:
    check(data)


FROM_EMAIL = b"From: Jean <j@example.org>\nDate: Tue, 04 Mar 2024 10:00:00 +0100\n"
KNOWN = {
    "undisclosed-recipients": b"From: undisclosed-recipients:;\n\nMerci.\n",
    "unknown-charset": FROM_EMAIL + b"Content-Type: text/plain; charset=x-nope\n\nMerci.\n",
    "year-9999": b"From: j@example.org\nDate: Fri, 31 Dec 9999 23:59:59 -1200\n\nMerci.\n",
    "cr-lf-in-encoded-name": b"From: =?utf-8?q?Jean=0D=0AStatus=3A_published?= <j@example.org>\n"
    b"\nMerci.\n",
    "3000-nested-multiparts": FROM_EMAIL
    + b"".join(
        b'Content-Type: multipart/mixed; boundary="%d"\n\n--%d\n' % (n, n) for n in range(3000)
    )
    + b"\nMerci.\n",
    "non-utf8-byte-in-address": b"From: Jean <\xffj@example.org>\n\nMerci.\n",
}


@pytest.mark.parametrize("data", KNOWN.values(), ids=KNOWN.keys())
def test_what_once_crashed_is_our_error_now(data: bytes) -> None:
    with pytest.raises(ProspectsError) as error:
        from_email(data, path="message.eml", now=NOW, zone=PARIS)
    assert all(problem.path == "message.eml" for problem in error.value.problems)


@pytest.mark.parametrize(
    "data",
    [
        FROM_EMAIL + b"\n" + b"x" * 100_000 + b"\n",
        FROM_EMAIL + b"Subject: " + b"a" * 100_000 + b"\n\nMerci.\n",
        FROM_EMAIL + b"Content-Type: text/html\n\n" + b"<b>" * 10_000 + b"Merci" + b"</b>" * 10_000,
        FROM_EMAIL + b"\nAuthor: a\n" + b" suite\n" * 10_000 + b"\nMerci.\n",
    ],
    ids=["100kb-body", "100kb-subject", "10k-nested-html", "10k-continuations"],
)
def test_a_pathological_email_is_read_quickly(data: bytes) -> None:
    added(data)
