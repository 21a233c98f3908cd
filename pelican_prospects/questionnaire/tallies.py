"""Answer-set counts by score: polynomials whose coefficient of z^s counts the sets scoring s.

Scores are counted from a floor, so exponents are never negative. When the scores span a
few thousand values, a polynomial is one Python integer holding each coefficient in a field
of fixed width (Kronecker substitution): sums, shifts and products are then single integer
operations. Wider spans (options scoring up to a million) use a dict of the scores reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

# Beyond this many possible scores a packed integer would be too large: use a dict instead.
DENSE_SPAN = 4096


class Tally(Protocol):
    """Count answer sets by score: the operations the counting pass needs."""

    def polynomial(self, exponents: Iterable[int]) -> object:
        """Return the sum of z^e: one answer set per exponent (repeats count twice)."""

    def shift(self, a: object, exponent: int) -> object:
        """Return a z^exponent: every score raised by `exponent`."""

    def add(self, a: object, b: object) -> object:
        """Return a + b."""

    def times(self, a: object, b: object) -> object:
        """Return a b: the scores of two independent parts add up."""

    def total(self, a: object) -> int:
        """Return the sum of the coefficients: every answer set whatever its score."""

    def between(self, a: object, low: int, high: int) -> int:
        """Return the sum of the coefficients of z^low to z^high."""


def tally(span: int, most: int) -> Tally:
    """Return the tally for exponents 0 to `span` and coefficients (counts) up to `most`."""
    return Packed(span, most.bit_length() + 1) if span <= DENSE_SPAN else Sparse()


class Packed:
    """A polynomial as one integer, each coefficient in `width` bits."""

    def __init__(self, span: int, width: int) -> None:
        self.width = width
        self.span = span
        # Halving the coefficients again and again, down to one: what each step keeps.
        self.halves = []
        count = span + 1
        while count > 1:
            count = (count + 1) // 2
            self.halves.append((width * count, (1 << (width * count)) - 1))

    def polynomial(self, exponents: Iterable[int]) -> int:
        return sum(1 << (self.width * exponent) for exponent in exponents)

    def shift(self, a: int, exponent: int) -> int:
        return a << (self.width * exponent)

    def add(self, a: int, b: int) -> int:
        return a + b

    def times(self, a: int, b: int) -> int:
        return a * b

    def total(self, a: int) -> int:
        # Add the upper half of the coefficients onto the lower half until one is left.
        for bits, mask in self.halves:
            a = (a & mask) + (a >> bits)
        return a

    def between(self, a: int, low: int, high: int) -> int:
        low, high = max(low, 0), min(high, self.span)
        if low > high:
            return 0
        part = (a >> (self.width * low)) & ((1 << (self.width * (high - low + 1))) - 1)
        return self.total(part)


class Sparse:
    """A polynomial as a dict from exponent to coefficient."""

    def polynomial(self, exponents: Iterable[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for exponent in exponents:
            out[exponent] = out.get(exponent, 0) + 1
        return out

    def shift(self, a: dict[int, int], exponent: int) -> dict[int, int]:
        return {key + exponent: count for key, count in a.items()}

    def add(self, a: dict[int, int], b: dict[int, int]) -> dict[int, int]:
        out = dict(a)
        for exponent, count in b.items():
            out[exponent] = out.get(exponent, 0) + count
        return out

    def times(self, a: dict[int, int], b: dict[int, int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for x, m in a.items():
            for y, n in b.items():
                out[x + y] = out.get(x + y, 0) + m * n
        return out

    def total(self, a: dict[int, int]) -> int:
        return sum(a.values())

    def between(self, a: dict[int, int], low: int, high: int) -> int:
        return sum(count for exponent, count in a.items() if low <= exponent <= high)
