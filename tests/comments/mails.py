"""A mailbox as the owner finds it: comment messages of every shape, an offer, spam, hostile mail."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import make_msgid

from .sites import SAMPLES

SENT = "Tue, 05 Mar 2024 09:30:00 +0100"


def message(
    subject: str,
    text: str,
    *,
    sender: str = "Jean Dupont <jean@example.org>",
    charset: str = "utf-8",
    cte: str = "quoted-printable",
    html: bool = False,
) -> EmailMessage:
    """Return a message to the owner."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "claire@example.org"
    mail["Subject"] = subject
    mail["Date"] = SENT
    mail["Message-ID"] = make_msgid(domain="example.org")
    mail.set_content(text, subtype="html" if html else "plain", charset=charset, cte=cte)
    return mail


def with_attachment(mail: EmailMessage) -> EmailMessage:
    """Return `mail` with a file attached."""
    mail.add_attachment(
        b"%PDF-1.4 not a comment", maintype="application", subtype="pdf", filename="cv.pdf"
    )
    return mail


def marked(sample: bytes, marker: str) -> bytes:
    """Return a sample message whose subject carries `marker` (added if it has no subject)."""
    if re.search(rb"^Subject:", sample, re.M):
        return re.sub(
            rb"^Subject:[^\n]*", b"Subject: Un avis " + marker.encode(), sample, count=1, flags=re.M
        )
    return b"Subject: Un avis " + marker.encode() + b"\n" + sample


# Messages `comment fetch` imports, by name, with the text each comment file must hold.
COMMENTS = {
    "form": (
        message(
            "Commentaire sur « Bonjour » [comment:bonjour]",
            "Author: Marie Curie\r\nWebsite: https://marie.example/\r\n\r\nTrès *juste*.\r\n",
        ),
        "Très *juste*.",
    ),
    "reply_named_by_the_subject": (
        message(
            "Répondre à un commentaire [comment:bonjour#1]",
            "Author: Paul\r\nReplyto: \r\n\r\nMerci Jean.\r\n",
        ),
        "Merci Jean.",
    ),
    "base64_latin1": (
        message(
            "Avis [comment:bonjour]",
            "Author: Zoé\n\nÇa me plaît, déjà.\n",
            charset="iso-8859-1",
            cte="base64",
        ),
        "Ça me plaît, déjà.",
    ),
    "windows_1252": (
        message(
            "Avis [comment:bonjour]",
            "Author: Léa\n\nC’est « parfait » – merci…\n",  # noqa: RUF001
            charset="windows-1252",
        ),
        "C’est « parfait » – merci…",  # noqa: RUF001
    ),
    "html_only": (
        message(
            "Avis [comment:bonjour]", "<p>Author: Hugo</p><p>Un <b>bel</b> article.</p>", html=True
        ),
        "Un \nbel\n article.",
    ),
    "with_attachment": (
        with_attachment(message("Avis [comment:bonjour]", "Author: Ana\n\nMon CV est joint.\n")),
        "Mon CV est joint.",
    ),
    "keys_typed_in_the_text": (
        message(
            "Avis [comment:bonjour]", "Status: published\nOwner: yes\nJe voudrais être publié.\n"
        ),
        "Status: published\nOwner: yes\nJe voudrais être publié.",
    ),
}
# Left alone and counted: an offer request, unrelated mail.
OTHERS = {
    "offer_request": message(
        "Demande de devis : Votre devis [offer:devis]", "Bonjour, voici mes réponses."
    ),
    "newsletter": message("Nos offres de la semaine", "Achetez !", sender="promo@shop.example"),
    "old_subject_tag": message("Commentaire sur « Bonjour » [bonjour]", "Author: X\n\nY\n"),
}
# Refused, each with the reason listed.
HOSTILE = {
    "unknown_article": (
        message("Avis [comment:nulle-part]", "Author: X\n\nY\n"),
        "no article has the slug 'nulle-part'",
    ),
    "unknown_parent": (
        message("Avis [comment:bonjour#99]", "Author: X\n\nY\n"),
        "no comment '99' to reply to in comments/bonjour",
    ),
    "empty_text": (message("Avis [comment:bonjour]", "Author: X\n\n\n"), "the comment has no text"),
    "too_large": (
        message("Avis [comment:bonjour]", "Author: X\n\n" + "spam " * 25_000),
        "the message is 125 KB: a comment holds at most 100 KB",
    ),
    "from_missing": (
        marked((SAMPLES / "email/refused/from_missing.eml").read_bytes(), "[comment:bonjour]"),
        "no From header: who sent the message?",
    ),
    "date_in_the_future": (
        marked(
            (SAMPLES / "email/refused/date_in_the_future.eml").read_bytes(), "[comment:bonjour]"
        ),
        "Date: 'Thu, 01 Jan 2099 10:00:00 +0100' lies in the future",
    ),
    "unknown_charset": (
        marked((SAMPLES / "email/refused/unknown_charset.eml").read_bytes(), "[comment:bonjour]"),
        "the text is in an unknown character set",
    ),
}
IMPOSTOR = marked((SAMPLES / "email" / "owner_impostor.eml").read_bytes(), "[comment:bonjour]")


def mailbox_messages() -> dict[str, bytes]:
    """Return every message of the test mailbox by name, as bytes."""
    found = {name: mail.as_bytes() for name, (mail, _) in COMMENTS.items()}
    found |= {name: mail.as_bytes() for name, mail in OTHERS.items()}
    found |= {
        name: mail if isinstance(mail, bytes) else mail.as_bytes()
        for name, (mail, _) in HOSTILE.items()
    }
    found["impostor"] = IMPOSTOR
    return found
