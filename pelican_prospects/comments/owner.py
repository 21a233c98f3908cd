"""Who the site's owner is: her names, compared loosely.

The badge comes from the key alone (`Owner: yes`), which only the owner's own intakes write:
`comment add --author` at her shell, the WordPress importer for the blog's own users. No
e-mail intake ever writes it; an e-mail signed with one of her names is held for moderation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def loose_name(name: str) -> str:
    """Return a name without case, accents or repeated spaces: 'isabelle   PRIGENT' as written.

    Invisible characters (a zero-width space, a soft hyphen) are left out too: 'Clai\u00adre'
    shows as 'Claire'.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not invisible(char))
    return " ".join(bare.casefold().split())


def invisible(char: str) -> bool:
    """Tell whether a character shows nothing of its own: an accent's mark, a format character."""
    return bool(unicodedata.combining(char)) or unicodedata.category(char) == "Cf"


def owner_names(names: Iterable[str]) -> frozenset[str]:
    """Return the owner's names (`Config.owner_names`) as `is_owner_name` compares them."""
    return frozenset(loose_name(name) for name in names if name.strip())


def is_owner_name(name: str, names: frozenset[str]) -> bool:
    """Tell whether `name` is one of the owner's names, compared loosely."""
    return bool(name.strip()) and loose_name(name) in names
