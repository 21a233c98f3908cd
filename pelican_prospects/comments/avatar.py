"""Identicons drawn locally: a symmetric 5x5 pattern and a colour taken from a hash."""

from __future__ import annotations

import colorsys
import hashlib
import re
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
# A comment file's `Avatar:` key: the hash an address is drawn from, so the address stays private.
KEY = re.compile(r"^[0-9a-f]{64}$")
KEY_SEED = "sha256:"


def seed_of(email: str | None, name: str, key: str | None = None) -> str:
    """Return what an avatar is drawn from: the key or e-mail if given, else the name."""
    if key and KEY.match(key):
        return KEY_SEED + key
    return (email or "").strip().lower() or " ".join(name.split()).casefold()


def key_of(email: str) -> str:
    """Return the `Avatar:` key of an address: it draws the avatar the address itself draws."""
    return hashlib.sha256(seed_of(email, "").encode("utf-8")).hexdigest()


def key_if_any(email: str) -> str:
    """Return the `Avatar:` key of an address, or '' when there is none (a blank value)."""
    return key_of(email) if email.strip() else ""


def digest_of(seed: str) -> bytes:
    """Return the hash a seed's drawing comes from (a key's seed is that hash already)."""
    key = seed.removeprefix(KEY_SEED)
    if seed.startswith(KEY_SEED) and KEY.match(key):
        return bytes.fromhex(key)
    return hashlib.sha256(seed.encode("utf-8")).digest()


def drawing(seed: str) -> tuple[str, str]:
    """Return the colour and the SVG path of `seed`'s identicon."""
    digest = digest_of(seed)
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
