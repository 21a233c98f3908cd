"""Identicons drawn locally: a symmetric 5x5 pattern and a colour taken from a hash."""

from __future__ import annotations

import colorsys
import hashlib
from functools import lru_cache
from urllib.parse import quote

SIZE = 5
# The drawing, with the two parts that vary: only digits, '#', ',' and path letters go there.
SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 5 5' width='48' height='48'"
    " shape-rendering='crispEdges'><rect width='5' height='5' fill='#f0f0f0'/>"
    "<path fill='{colour}' d='{path}'/></svg>"
)
URI = "data:image/svg+xml," + quote(SVG, safe="/=:;,.-'{}")


def seed_of(email: str | None, name: str) -> str:
    """Return what an avatar is drawn from: the e-mail if given, else the name."""
    return (email or "").strip().lower() or " ".join(name.split()).casefold()


def drawing(seed: str) -> tuple[str, str]:
    """Return the colour and the SVG path of `seed`'s identicon."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    hue = int.from_bytes(digest[0:2], "big") / 65536
    red, green, blue = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    colour = f"{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
    bits = int.from_bytes(digest[2:4], "big")
    cells = []
    for column in range((SIZE + 1) // 2):
        for row in range(SIZE):
            if bits >> (column * SIZE + row) & 1:
                cells.append((column, row))
                if column != SIZE - 1 - column:
                    cells.append((SIZE - 1 - column, row))
    return colour, "".join(f"M{x},{y}h1v1h-1z" for x, y in sorted(cells))


def identicon(seed: str) -> str:
    """Return the SVG identicon of `seed` (same seed, same bytes)."""
    colour, path = drawing(seed)
    return SVG.format(colour=f"#{colour}", path=path)


@lru_cache(maxsize=4096)
def data_uri(seed: str) -> str:
    """Return the identicon of `seed` as a `data:` URI: part of the page, no request at all."""
    colour, path = drawing(seed)
    return URI.format(colour=f"%23{colour}", path=path)
