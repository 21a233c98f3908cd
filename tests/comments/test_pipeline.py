"""Scheduling: workers take tasks from the front of the queue, this process from the far end."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from pelican_prospects.comments import pipeline


def numbered(number: int, delay: float) -> tuple[int, int]:
    """Take a while, then say which task this was and which process ran it."""
    time.sleep(delay)
    return number, os.getpid()


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[pipeline.Runner]:
    monkeypatch.setattr(pipeline, "cpu_count", lambda: 2)  # one worker, on any machine
    runner = pipeline.Runner(parallel=True)
    yield runner
    runner.close(cancel=True)


def test_both_ends_meet_and_results_keep_the_queue_order(runner: pipeline.Runner) -> None:
    tasks = pipeline.Tasks(runner)
    for number in range(12):
        tasks.submit(numbered, number, 0.05)
    results = tasks.results()
    assert [number for number, _ in results] == list(range(12))
    here = os.getpid()
    ran_here = [pid == here for _, pid in results]
    # The worker took a run from the front, this process the rest from the far end, one task
    # at a time: taking them all at once would leave the worker idle after two.
    assert ran_here[0] is False and ran_here[-1] is True
    assert ran_here == sorted(ran_here)
    assert 4 <= ran_here.count(False) <= 8
    assert len({pid for _, pid in results}) == 2


def test_without_workers_every_task_runs_here() -> None:
    runner = pipeline.Runner(parallel=False)
    tasks = pipeline.Tasks(runner)
    for number in range(3):
        tasks.submit(numbered, number, 0)
    assert tasks.results() == [(number, os.getpid()) for number in range(3)]
