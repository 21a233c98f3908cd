"""Schedule one build's comment work: render while Pelican reads, write feeds while it writes.

The work runs in forked worker processes when there is much of it, and in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from .jobs import FeedJob, FolderJob, FolderResult, Plan
from .scan import Folders
from .work import preload, render_folders, write_feeds

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
            # This process is the last worker: it takes the tasks no worker has started.
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


T = TypeVar("T")
FILES = 200  # comment files per rendering task: about 30 ms of work
FOLDERS_CACHED = 100  # folders per task when the store has the last build: stamps only
FEEDS = 50  # feeds per task


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    """Yield consecutive lists of `size` items (the last one shorter)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Tasks:
    """Tasks queued for the workers, in order; this process takes them from the far end."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.queued: list[tuple[Callable[..., Any], tuple[Any, ...], Pending]] = []

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        """Queue a task."""
        self.queued.append((function, args, self.runner.submit(function, *args)))

    def results(self) -> list[Any]:
        """Run here the tasks no worker has started, then wait for all and return their results."""
        # Workers start tasks in queue order, one at a time: once the last task not run here
        # cannot be cancelled, every task has started. Both ends meet when all is done.
        for place in reversed(range(len(self.queued))):
            function, args, pending = self.queued[place]
            if pending.done() or not pending.cancel():
                break
            here = Later(function, args)
            here.result()
            self.queued[place] = (function, args, here)
        return [pending.result() for _, _, pending in self.queued]


class Pipeline:
    """Render every comment folder while Pelican reads articles; write feeds while it writes.

    On a cold build, workers read and render comments while this process reads articles; then
    this process helps until every folder is done, and the workers write the feeds while it
    writes the pages. On a rebuild, most folders are found unchanged in the store.
    """

    def __init__(self, plan: Plan, folders: Folders, *, cached_files: int | None) -> None:
        """Start rendering; `cached_files` is how many files the store's last build saw, if kept."""
        self.plan = plan
        self.paths = folders.paths
        if cached_files is None:
            sizes = {slug: len(os.listdir(path)) for slug, path in self.paths.items()}
            files, per_task = sum(sizes.values()), FILES
        else:
            # Most folders are unchanged: a task checks stamps, and a listing per folder here
            # would cost more than the task.
            sizes = dict.fromkeys(self.paths, 1)
            files, per_task = cached_files, FOLDERS_CACHED
        self.runner = Runner(parallel=files >= PARALLEL_FROM)
        if self.runner.executor is not None:
            preload(rendering=cached_files is None)
        groups: list[list[FolderJob]] = [[]]
        count = 0
        for slug, path in self.paths.items():
            if count >= per_task:
                groups.append([])
                count = 0
            groups[-1].append(FolderJob(slug, path))
            count += sizes[slug]
        self.rendering = Tasks(self.runner)
        for group in groups:
            if group:
                self.rendering.submit(render_folders, plan, group)
        self.writing = Tasks(self.runner)

    def results(self) -> list[FolderResult]:
        """Wait until every folder is rendered; return their counts and problems."""
        found = {result.slug: result for task in self.rendering.results() for result in task}
        return [found[slug] for slug in self.paths]

    def write(self, jobs: list[FeedJob]) -> None:
        """Start writing feeds (every folder is rendered)."""
        for chunk in chunks(jobs, FEEDS):
            self.writing.submit(write_feeds, self.plan, chunk)

    def finish(self) -> None:
        """Wait until every feed is written."""
        self.writing.results()

    def close(self) -> None:
        """Stop the workers, cancelling what has not started."""
        self.runner.close(cancel=True)
