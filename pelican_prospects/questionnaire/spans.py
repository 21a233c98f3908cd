"""Sets of scores as sorted, disjoint, closed integer intervals, as `score OP N` makes them."""

from __future__ import annotations

from functools import lru_cache

Span = tuple[tuple[int, int], ...]

# Beyond any score: options score at most 10^6 each.
LOWEST, HIGHEST = -(10**15), 10**15
FULL: Span = ((LOWEST, HIGHEST),)


@lru_cache(maxsize=65536)
def intersect(a: Span, b: Span) -> Span:
    """Return the scores in both sets."""
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low <= high:
            out.append((low, high))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


@lru_cache(maxsize=65536)
def union(a: Span, b: Span) -> Span:
    """Return the scores in either set."""
    out: list[tuple[int, int]] = []
    for low, high in sorted(a + b):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return tuple(out)


@lru_cache(maxsize=65536)
def subtract(a: Span, b: Span) -> Span:
    """Return the scores of `a` that are not in `b`."""
    gaps = []
    start = LOWEST
    for low, high in b:
        if low > start:
            gaps.append((start, low - 1))
        start = max(start, high + 1)
    if start <= HIGHEST:
        gaps.append((start, HIGHEST))
    return intersect(a, tuple(gaps))


def score_span(op: str, value: int) -> Span:
    """Return the scores for which `score OP value` holds, as closed intervals."""
    return {
        "=": ((value, value),),
        "!=": ((LOWEST, value - 1), (value + 1, HIGHEST)),
        "<": ((LOWEST, value - 1),),
        "<=": ((LOWEST, value),),
        ">": ((value + 1, HIGHEST),),
        ">=": ((value, HIGHEST),),
    }[op]
