"""Schedule one build's comment work: read early, render in the order Pelican writes pages."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

from .jobs import FeedJob, FolderJob, FolderResult, Plan
from .runner import PARALLEL_FROM, Pending, Runner
from .scan import Folders
from .work import read_folders, render_folders, write_feeds

EARLY_FILES = 200  # comment files per task started before articles are known
LATE_FOLDERS = 4  # folders per task once pages are written: the main process may wait for one
FEEDS = 50  # feeds per task

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield consecutive lists of `size` items (the last one shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Pipeline:
    """Read every comment folder while Pelican reads articles; render them as pages need them.

    Reading (counts, problems) is cheap and needed before any page is written. Rendering
    (Markdown, thread HTML) is not: on a cold build it starts early anyway, then what has not
    started when the articles are known is put in the order Pelican writes their pages.
    """

    def __init__(self, plan: Plan, folders: Folders, *, render_early: bool) -> None:
        self.plan = plan
        self.paths = folders.paths
        sizes = {slug: len(os.listdir(path)) for slug, path in self.paths.items()}
        self.runner = Runner(parallel=sum(sizes.values()) >= PARALLEL_FROM)
        groups: list[list[FolderJob]] = [[]]
        files = 0
        for slug, path in self.paths.items():
            if files >= EARLY_FILES:
                groups.append([])
                files = 0
            groups[-1].append(FolderJob(slug, path))
            files += sizes[slug]
        groups = [group for group in groups if group]
        self.reading = [self.runner.submit(read_folders, plan, group) for group in groups]
        self.early: list[tuple[list[FolderJob], Pending]] = []
        if render_early:
            self.early = [
                (group, self.runner.submit(render_folders, plan, group)) for group in groups
            ]
        self.found: dict[str, FolderResult] = {}
        self.rendering: dict[str, Pending] = {}
        self.writing: list[Pending] = []
        self.deferred: list[FeedJob] = []

    def results(self) -> list[FolderResult]:
        """Wait for every folder's counts and problems."""
        for pending in self.reading:
            self.found.update((result.slug, result) for result in pending.result())
        return [self.found[slug] for slug in self.paths]

    def render(self, order: list[str], feeds: dict[str, list[FeedJob]]) -> None:
        """Render the folders not rendered yet, in page order, and write the feeds."""
        # Cancel first: workers keep starting tasks while we look at them one by one.
        cancelled = [not pending.done() and pending.cancel() for _, pending in self.early]
        started: dict[str, Pending] = {}
        for (group, pending), dropped in zip(self.early, cancelled, strict=True):
            if not dropped:
                started.update((job.slug, pending) for job in group)
        jobs, ready = [], []
        for slug in dict.fromkeys([*order, *feeds]):
            slug_feeds = feeds.get(slug, [])
            result = self.found.get(slug)
            if slug in started:
                self.rendering[slug] = started[slug]
                (ready if started[slug].done() else self.deferred).extend(slug_feeds)
            elif result is not None and not result.rendered:
                jobs.append(FolderJob(slug, self.paths[slug], tuple(slug_feeds)))
            else:
                ready += slug_feeds
        for chunk in chunks(jobs, LATE_FOLDERS):
            pending = self.runner.submit(render_folders, self.plan, chunk)
            self.rendering.update((job.slug, pending) for job in chunk)
        for chunk in chunks(ready, FEEDS):
            self.writing.append(self.runner.submit(write_feeds, self.plan, chunk))

    def wait_for(self, slug: str) -> None:
        """Wait until an article's threads are rendered."""
        pending = self.rendering.get(slug)
        if pending is not None:
            pending.result()

    def finish(self, last: list[FeedJob]) -> None:
        """Wait for every task, then write the feeds that needed every folder rendered."""
        for pending in [*self.rendering.values(), *self.writing]:
            pending.result()
        last = self.deferred + last
        if last:
            self.runner.submit(write_feeds, self.plan, last).result()

    def close(self) -> None:
        """Stop the workers, cancelling what has not started."""
        self.runner.close(cancel=True)
