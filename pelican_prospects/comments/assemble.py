"""All of a site's comments: each article folder's report, every problem, moderation counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from ..problems import Problem
from .scan import Inventory
from .work import Report


@dataclass
class Site:
    """Folder reports by article slug, what is wrong, and how many comments wait."""

    folders: dict[str, Report] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    held: int = 0

    def summary(self) -> str:
        """Return one line saying what was published and what was not."""
        shown = sum(report.count for report in self.folders.values())
        mentions = sum(report.mentions for report in self.folders.values())
        return (
            f"{shown} comment(s) and {mentions} pingback(s)/trackback(s) published; "
            f"not published: {self.statuses['pending']} pending, {self.statuses['spam']} spam, "
            f"{self.held} under an unpublished comment"
        )


def assemble(inventory: Inventory, reports: list[Report], slugs: Collection[str]) -> Site:
    """Gather folder reports; report files outside folders and folders of unknown articles."""
    site = Site(problems=list(inventory.problems))
    for report in reports:
        site.problems += report.problems
        site.warnings += report.warnings
        if report.slug not in slugs:
            total = report.statuses.total()
            reason = (
                f"no article has the slug '{report.slug}': its {total} comment(s) cannot be shown"
            )
            site.problems.append(Problem(inventory.shown[report.slug], None, reason))
            continue
        site.folders[report.slug] = report
        site.statuses += report.statuses
        site.held += report.held
    return site
