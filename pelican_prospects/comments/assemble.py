"""All of a site's comments: each article folder's result, every problem, moderation counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from ..problems import Problem
from .jobs import FolderResult
from .scan import Folders


@dataclass
class Site:
    """Folder results by article slug, what is wrong, and how many comments wait."""

    folders: dict[str, FolderResult] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    held: int = 0

    def summary(self) -> str:
        """Return one line saying what was published and what was not."""
        shown = sum(result.count for result in self.folders.values())
        mentions = sum(result.mentions for result in self.folders.values())
        return (
            f"{shown} comment(s) and {mentions} pingback(s)/trackback(s) published; "
            f"not published: {self.statuses['pending']} pending, {self.statuses['spam']} spam, "
            f"{self.held} under an unpublished comment"
        )


def assemble(folders: Folders, results: list[FolderResult], slugs: Collection[str]) -> Site:
    """Gather folder results; report files outside folders and folders of unknown articles."""
    site = Site(problems=list(folders.problems))
    for result in results:
        site.problems += result.problems
        site.warnings += result.warnings
        if result.slug not in slugs:
            total = result.statuses.total()
            reason = (
                f"no article has the slug '{result.slug}': its {total} comment(s) cannot be shown"
            )
            site.problems.append(Problem(folders.shown[result.slug], None, reason))
            continue
        site.folders[result.slug] = result
        site.statuses += result.statuses
        site.held += result.held
    return site
