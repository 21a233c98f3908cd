"""Run tasks in forked worker processes when there is much to do, else in this process."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

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


def _lower_priority() -> None:
    """Let the main process (Pelican itself) go first: workers use the processor it leaves."""
    os.nice(10)


class Runner:
    """Submit tasks to a pool of forked workers, or keep them for this process."""

    def __init__(self, parallel: bool) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.started = False
        if parallel and can_fork() and cpu_count() > 1:
            self.executor = ProcessPoolExecutor(
                max_workers=cpu_count(),
                mp_context=multiprocessing.get_context("fork"),
                initializer=_lower_priority,
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
