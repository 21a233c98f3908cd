"""The `diff` sub-command: what an edit of a questionnaire changes, before it is published."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..config_file import add_settings_option, load_settings
from ..problems import ProspectsError
from ..settings import config_of
from .changes import CannotCompare, Changes, compare, through_aliases
from .codec import encode
from .compile import compile_questionnaire
from .drawing import plain_text
from .former import NoFormer, at_revision, from_file
from .model import Offer, Questionnaire
from .parse import parse_questionnaire

SAME, CHANGED, ERROR = 0, 1, 2


def add_diff_command(subparsers: argparse._SubParsersAction) -> None:
    """Register the `diff` sub-command."""
    diff = subparsers.add_parser(
        "diff", help="show what an edit changes in the routing and in the links already sent"
    )
    add_settings_option(diff)
    diff.add_argument("questionnaire", metavar="QUESTIONNAIRE", help="the questionnaire's slug")
    former = diff.add_mutually_exclusive_group()
    former.add_argument(
        "--from",
        dest="revision",
        metavar="REV",
        default="HEAD",
        help="compare with the page at this git revision (default HEAD)",
    )
    former.add_argument("--old", metavar="FILE", help="compare with this file instead")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    """Print what changes from the former version; exit 0 same, 1 changed, 2 on an error."""
    from .commands import _questionnaire, site_pages
    from .site import check_site

    try:
        settings = load_settings(args.settings)
        site = check_site(site_pages(settings))
        checked = _questionnaire(site, args.questionnaire, settings)
        if checked is None:
            return ERROR
        config = config_of(settings)
        source = Path(config.base) / checked.page.path
        if args.old:
            text, shown = from_file(Path(args.old)), args.old
        else:
            text, shown = at_revision(source, args.revision), f"{checked.page.path}@{args.revision}"
        offers = {offer.slug: offer for offer in site.offers.values()}
        # Former names the new version reads (`was:`) make no stale link: compared as current.
        old = through_aliases(_former(text, shown, offers), checked.compiled.questionnaire)
        changes = compare(old, checked.compiled.questionnaire)
    except ProspectsError as error:
        print(error.format(), file=sys.stderr)
        return ERROR
    except (NoFormer, CannotCompare, OSError) as error:
        print(f"prospects: {error}", file=sys.stderr)
        return ERROR
    links = Links(config.site_url, checked.page.url, offers, old, checked.compiled.questionnaire)
    report = as_json(changes, links) if args.json else None
    if report is not None:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print("\n".join(as_text(args.questionnaire, changes, links)))
    return SAME if changes.same else CHANGED


def _former(text: str, shown: str, offers: dict[str, Offer]) -> Questionnaire:
    """Return the former questionnaire; raise ProspectsError when it does not parse."""
    old, problems = parse_questionnaire(text, shown)
    if not old.routing_line and not problems:
        raise NoFormer(f"{shown} has no routing block")
    # An offer the edit removed is no mistake in the former version: only names are checked.
    known = {
        rule.offer: offers.get(rule.offer) or Offer(rule.offer, "", "", "", "")
        for rule in old.rules
    }
    _, more = compile_questionnaire(old, known, shown)
    if problems or more:
        raise ProspectsError([*problems, *more], f"cannot read the former version {shown}")
    return old


class Links:
    """Absolute links to the questionnaire page and to the offer pages, with answers."""

    def __init__(
        self,
        site_url: str,
        page_url: str,
        offers: dict[str, Offer],
        old: Questionnaire,
        new: Questionnaire,
    ) -> None:
        self.root = site_url.rstrip("/") + "/"
        self.page_url = page_url
        self.offers = offers
        self.old, self.new = old, new

    def page(self, answers: dict[str, tuple[str, ...]]) -> str:
        """Return the questionnaire page's link with these former answers."""
        return f"{self.root}{self.page_url}?{encode(self.old, answers)}"

    def offer(self, slug: str, answers: dict[str, tuple[str, ...]]) -> str | None:
        """Return an offer page's link with these answers, None when no page has the slug."""
        offer = self.offers.get(slug)
        if offer is None:
            return None
        return f"{self.root}{offer.url}?{encode(self.old, answers)}"


def as_text(slug: str, changes: Changes, links: Links) -> list[str]:
    """Return the report as the owner reads it."""
    if changes.same:
        return [f"{slug}: the routing is the same"]
    lines = [f"{slug}: the routing changes"]
    for move in changes.moves:
        lines += ["", f"{move.old} → {move.new}, {_sets(move.count)}:"]
        for group in move.groups:
            words = "; ".join(f"{label} : {values}" for label, values in group.parts)
            lines.append(f"  {words or 'every answer set'} — {_sets(group.count)}")
        if move.more:
            lines.append(f"  and {move.more} more group(s)")
        link = links.offer(move.old, move.example)
        if link:
            lines.append(f"  stale link, now sent on to {move.new}: {link}")
    lines += ["", "Answer sets per offer (before → after):"]
    for name in dict.fromkeys([*changes.before, *changes.after]):
        lines.append(f"  {name}: {changes.before.get(name, 0)} → {changes.after.get(name, 0)}")
    for title, questions in (
        ("Questions added", changes.added_questions),
        ("Questions removed", changes.removed_questions),
    ):
        if questions:
            lines += ["", f"{title}:"]
            lines += [f"  {q.key}: {plain_text(q.label)}" for q in questions]
    for title, options in (
        ("Options added", changes.added_options),
        ("Options removed", changes.removed_options),
    ):
        if options:
            lines += ["", f"{title}:"]
            lines += [f"  {q.key}={o.code}: {plain_text(o.label)}" for q, o in options]
    if changes.stale:
        assert changes.stale_example is not None
        lines += [
            "",
            f"Stale links: {_sets(changes.stale)} valid before are not now,"
            f" for example {links.page(changes.stale_example)}",
        ]
    if changes.new:
        lines += ["", f"New answer sets: {changes.new}"]
    return lines


def as_json(changes: Changes, links: Links) -> dict[str, Any]:
    """Return the report as JSON data."""
    return {
        "same": changes.same,
        "moves": [
            {
                "from": move.old,
                "to": move.new,
                "count": move.count,
                "groups": [
                    {"answers": dict(group.parts), "count": group.count} for group in move.groups
                ],
                "more_groups": move.more,
                "example": {key: list(codes) for key, codes in move.example.items()},
                "stale_offer_link": links.offer(move.old, move.example),
            }
            for move in changes.moves
        ],
        "before": changes.before,
        "after": changes.after,
        "questions_added": [q.key for q in changes.added_questions],
        "questions_removed": [q.key for q in changes.removed_questions],
        "options_added": [{"question": q.key, "code": o.code} for q, o in changes.added_options],
        "options_removed": [
            {"question": q.key, "code": o.code} for q, o in changes.removed_options
        ],
        "stale": changes.stale,
        "stale_example": None
        if changes.stale_example is None
        else links.page(changes.stale_example),
        "new": changes.new,
    }


def _sets(count: int) -> str:
    """Return 'N answer set(s)'."""
    return f"{count} answer set{'' if count == 1 else 's'}"
