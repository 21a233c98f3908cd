"""What every fuzzed parser promises: our located problems or success, quickly, nothing else."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from hypothesis import strategies as st

from pelican_prospects.problems import Problem, ProspectsError

T = TypeVar("T")

# Seconds of CPU time (not wall-clock time: on a loaded 2-core runner a parser that takes 0.2 s of
# CPU can take 1.3 s on the clock); a hang or a quadratic search burns CPU, so it is still caught.
LIMIT = 1.0

# Bytes that trouble decoders and line splitters: bad UTF-8, BOM, NUL, CR, odd line breaks.
NASTY = [
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\r",
    b"\r\n",
    b"\n",
    b"\t",
    b"\x0c",
    b"\xc2\x85",
    b"\xe2\x80\xa8",
    b" ",
    b"{",
    b"}",
    b"<",
    b"&",
    b"\\",
]


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """Return `base` with a few bytes inserted, deleted or replaced at random places."""
    data = bytearray(base)
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(NASTY) | st.binary(min_size=1, max_size=3))
        if action == "insert" or not data:
            data[where:where] = piece
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 8))]
        else:
            data[where : where + len(piece)] = piece
    return bytes(data)


def assert_located(problems: Iterable[Problem], path: str, lines: int) -> None:
    """Check each problem names `path`, a line of the file (or none) and a reason."""
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == path
        assert problem.line is None or 1 <= problem.line <= max(lines, 1), problem
        assert problem.reason.strip(), problem


def our_error_or_result(function: Callable[[], T], path: str, lines: int) -> T | ProspectsError:
    """Return what `function` returns, or the ProspectsError it raises once checked."""
    try:
        return function()
    except ProspectsError as error:
        assert error.problems, error
        assert_located(error.problems, path, lines)
        return error


def timed(function: Callable[[], T]) -> T:
    """Return what `function` returns, checking it took less than LIMIT seconds of CPU."""
    start = time.process_time()
    result = function()
    elapsed = time.process_time() - start
    assert elapsed < LIMIT, f"took {elapsed:.2f} s of CPU time"
    return result


def line_count(data: bytes | str) -> int:
    """Return how many lines an editor shows for `data` (a last line may lack its newline)."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline) + 1  # type: ignore[arg-type]
