"""Write the import idempotently: a manifest of what was written keeps the owner's edits."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, ProspectsError
from .report import Output

MANIFEST = ".wordpress-import.json"
ABOUT = (
    "Files written by `pelican-prospects import-wordpress`, with the SHA-256 of what it wrote: "
    "a file you change or delete is left alone when you import again."
)


@dataclass
class Outcome:
    """What happened to each file, by what the import did with it."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    # Readers' addresses for the private store, by comment (`slug/id`): those of the comment
    # files written now or already as written, never of one kept, deleted or not written.
    addresses: dict[str, str] = field(default_factory=dict)


def digest(text: str | bytes) -> str:
    """Return the SHA-256 of a file's text."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def read_manifest(root: Path) -> dict[str, str]:
    """Return {path: hash} of the files earlier imports wrote (empty on a first import)."""
    path = root / MANIFEST
    if not path.exists():
        return {}
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError) as error:
        line = getattr(error, "lineno", None)
        reason = (
            f"not the manifest this command writes ({error}); fix it, or delete it to start "
            "over (files it listed are then left alone as if you had written them)"
        )
        raise ProspectsError([Problem(str(path), line, reason)], "cannot import") from None
    return {str(key): str(value) for key, value in files.items()}


def decide(root: Path, outputs: list[Output], manifest: dict[str, str]) -> tuple[Outcome, list]:
    """Sort outputs by fate; return the outcome and the (output, hash) pairs to write."""
    outcome = Outcome()
    writes: list[tuple[Output, str]] = []
    dropped: set[str] = set()
    for output in sorted(outputs, key=lambda output: output.kind == "comment"):
        target = root / output.path
        wanted = digest(output.text)
        if output.kind == "comment" and output.slug in dropped:
            outcome.orphaned.append(output.path)
        elif not target.exists():
            if output.path in manifest:
                outcome.deleted.append(output.path)
                if output.kind == "post":
                    dropped.add(output.slug)
            else:
                outcome.new.append(output.path)
                writes.append((output, wanted))
                keep_address(outcome, output)
        else:
            current = digest(target.read_bytes())
            if current == wanted:
                outcome.unchanged.append(output.path)
                manifest[output.path] = wanted
                keep_address(outcome, output)
            elif output.path not in manifest:
                outcome.foreign.append(output.path)
            elif manifest[output.path] != current:
                outcome.edited.append(output.path)
            else:
                outcome.updated.append(output.path)
                writes.append((output, wanted))
                keep_address(outcome, output)
    return outcome, writes


def keep_address(outcome: Outcome, output: Output) -> None:
    """Note the reader's address of a comment file the import writes (or finds as written)."""
    if output.kind == "comment" and output.email:
        outcome.addresses[output.target] = output.email


def write_text(path: Path, text: str) -> None:
    """Write a file whole or not at all (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def sync(
    root: Path,
    outputs: list[Output],
    *,
    dry_run: bool = False,
    keep: Callable[[dict[str, str]], None] | None = None,
) -> Outcome:
    """Write new files and refresh untouched ones; keep edited, foreign and deleted ones.

    `keep` receives the readers' addresses (`outcome.addresses`) before any file is written, so
    that no comment file draws its avatar from an address that was not kept; a dry run, or an
    import without addresses, never calls it.
    """
    manifest = read_manifest(root)
    before = dict(manifest)
    outcome, writes = decide(root, outputs, manifest)
    if dry_run:
        return outcome
    if outcome.addresses:
        if keep is None:
            raise ValueError("readers' addresses to keep, and nowhere to keep them")
        keep(outcome.addresses)
    for output, wanted in writes:
        write_text(root / output.path, output.text)
        manifest[output.path] = wanted
    if manifest != before:
        document = {"about": ABOUT, "files": dict(sorted(manifest.items()))}
        write_text(root / MANIFEST, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return outcome
