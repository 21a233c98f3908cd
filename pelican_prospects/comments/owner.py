"""Who the site's owner is: her names, compared loosely.

The badge comes from the key alone (`Owner: yes`), which only the owner's own intakes write:
`comment add --author` at her shell, the WordPress importer for the blog's own users. No
e-mail intake ever writes it; an e-mail signed with one of her names is held for moderation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any


def loose_name(name: str) -> str:
    """Return a name without case, accents or repeated spaces: 'isabelle   PRIGENT' as written."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def owner_names(settings: Mapping[str, Any]) -> frozenset[str]:
    """Return the names the site's owner signs with (AUTHOR and PROSPECTS_OWNER_NAMES), loosely."""
    names: Iterable[str] = [settings.get("AUTHOR") or "", *settings["PROSPECTS_OWNER_NAMES"]]
    return frozenset(loose_name(name) for name in names if name.strip())


def is_owner_name(name: str, names: frozenset[str]) -> bool:
    """Tell whether `name` is one of the owner's names, compared loosely."""
    return bool(name.strip()) and loose_name(name) in names
