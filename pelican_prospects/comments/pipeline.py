"""Schedule one build's comment work: read early, render in the order Pelican writes pages.

The work runs in forked worker processes when there is much of it, else in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from .jobs import FeedJob, FolderJob, FolderResult, Plan
from .scan import Folders
from .work import read_folders, render_folders, write_feeds

# Below this many comment files, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


class Pending(Protocol):
    """A task's result, ready or to come (what `concurrent.futures.Future` offers)."""

    def done(self) -> bool:
        """Tell whether the task is over."""

    def cancel(self) -> bool:
        """Cancel the task if it has not started; tell whether it was cancelled."""

    def result(self) -> Any:
        """Wait for the task and return its result."""


class Later:
    """A task run in this process when its result is first asked for."""

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.function = function
        self.args = args
        self.value: Any = None
        self.state = "pending"

    def done(self) -> bool:
        """Tell whether the task has run."""
        return self.state == "done"

    def cancel(self) -> bool:
        """Drop the task unless it has run."""
        if self.state == "pending":
            self.state = "cancelled"
        return self.state == "cancelled"

    def result(self) -> Any:
        """Run the task (once) and return its result."""
        if self.state != "done":
            self.value = self.function(*self.args)
            self.state = "done"
        return self.value


def cpu_count() -> int:
    """Return how many processors this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Tell whether worker processes can inherit this one's state (Jinja environment)."""
    return "fork" in multiprocessing.get_all_start_methods()


class Runner:
    """Submit tasks to a pool of forked workers, or keep them for this process."""

    def __init__(self, parallel: bool) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.started = False
        if parallel and can_fork() and cpu_count() > 1:
            # This process is the last worker: it renders what a page needs and no worker took.
            self.executor = ProcessPoolExecutor(
                max_workers=cpu_count() - 1,
                mp_context=multiprocessing.get_context("fork"),
            )

    def submit(self, function: Callable[..., Any], *args: Any) -> Pending:
        """Start a task in a worker, or keep it for when its result is asked for."""
        if self.executor is None:
            return Later(function, args)
        if not self.started:
            # Workers fork on the first task: objects frozen now are never visited by their
            # garbage collector, so the pages they share with this process stay shared.
            gc.freeze()
        future: Future[Any] = self.executor.submit(function, *args)
        if not self.started:
            gc.unfreeze()
            self.started = True
        return future

    def close(self, cancel: bool = False) -> None:
        """Stop the workers (after their tasks, unless cancelled)."""
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=cancel)
            self.executor = None


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
    started when the articles are known is put in the order Pelican writes their pages. This
    process is the last worker: when a page needs a thread not rendered yet, it renders the
    folders at the far end of the queue meanwhile.
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
        self.late: list[tuple[list[FolderJob], Pending]] = []  # in page order
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
            self.late.append((chunk, pending))
        for chunk in chunks(ready, FEEDS):
            self.writing.append(self.runner.submit(write_feeds, self.plan, chunk))

    def steal(self) -> bool:
        """Render here the last folders no worker has started; tell whether there were some."""
        while self.late:
            group, pending = self.late.pop()
            if not pending.done() and pending.cancel():
                here = Later(render_folders, (self.plan, group))
                self.rendering.update((job.slug, here) for job in group)
                here.result()
                return True
        return False

    def wait_for(self, slug: str) -> None:
        """Wait until an article's threads are rendered, rendering the last folders meanwhile."""
        pending = self.rendering.get(slug)
        # Rather than wait, this process takes work from the far end of the queue: the workers
        # keep the pages' order, and both ends meet when all is rendered.
        while pending is not None and not pending.done() and self.steal():
            pending = self.rendering.get(slug)
        if pending is not None:
            pending.result()

    def finish(self, last: list[FeedJob]) -> None:
        """Wait for every task, then write the feeds that needed every folder rendered."""
        while self.steal():
            pass
        for pending in [*self.rendering.values(), *self.writing]:
            pending.result()
        last = self.deferred + last
        if last:
            self.runner.submit(write_feeds, self.plan, last).result()

    def close(self) -> None:
        """Stop the workers, cancelling what has not started."""
        self.runner.close(cancel=True)
