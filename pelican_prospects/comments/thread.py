"""Build one article's threads in linear time: ids in a dict, parents looked up once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ..problems import Problem
from .model import Comment


@dataclass
class Thread:
    """An article's published comments (roots with nested replies) and its mentions."""

    comments: list[Comment] = field(default_factory=list)
    mentions: list[Comment] = field(default_factory=list)
    count: int = 0
    held: int = 0
    shown: list[Comment] = field(default_factory=list)  # every comment placed, oldest first


class Step(NamedTuple):
    """One step of a depth-first walk: a comment opens, or closes after its replies."""

    comment: Comment
    opens: bool
    depth: int


def _unique_ids(comments: list[Comment]) -> tuple[dict[str, Comment], list[Problem]]:
    """Index comments by id; files sharing an id are all reported, later ones renamed."""
    groups: dict[str, list[Comment]] = {}
    for comment in comments:
        groups.setdefault(comment.id, []).append(comment)
    problems = []
    by_id: dict[str, Comment] = {}
    for comment_id, group in groups.items():
        by_id[comment_id] = group[0]
        if len(group) == 1:
            continue
        for index, comment in enumerate(group):
            others = ", ".join(other.path for other in group if other is not comment)
            reason = f"duplicate id '{comment_id}': {others} has the same id"
            problems.append(Problem(comment.path, None, reason))
            if index:
                suffix = index + 1
                while f"{comment_id}-{suffix}" in groups or f"{comment_id}-{suffix}" in by_id:
                    suffix += 1
                comment.id = f"{comment_id}-{suffix}"
                by_id[comment.id] = comment
    return by_id, problems


def _parents(comments: list[Comment], by_id: dict[str, Comment]) -> tuple[dict, list[Problem]]:
    """Map each reply to its parent; a reply whose parent is unknown becomes a root."""
    parents: dict[Comment, Comment] = {}
    problems = []
    for comment in comments:
        if comment.replyto is None:
            continue
        parent = by_id.get(comment.replyto)
        if comment.is_mention:
            reason = f"a {comment.kind} cannot reply to a comment: remove 'Replyto'"
            problems.append(Problem(comment.path, comment.replyto_line, reason))
        elif parent is None:
            reason = f"Replyto '{comment.replyto}' names no comment of this article"
            problems.append(Problem(comment.path, comment.replyto_line, reason))
        else:
            parents[comment] = parent
    return parents, problems


def _break_cycles(comments: list[Comment], parents: dict[Comment, Comment]) -> list[Problem]:
    """Report every reply cycle and make its oldest comment a root (each comment visited once)."""
    problems = []
    state: dict[Comment, int] = {}  # 1: on the current path, 2: done
    for start in comments:
        path: list[Comment] = []
        node: Comment | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        if node is not None and state[node] == 1:
            cycle = path[path.index(node) :]
            names = " -> ".join([*(c.id for c in cycle), cycle[0].id])
            for comment in cycle:
                reason = f"reply cycle: {names}"
                problems.append(Problem(comment.path, comment.replyto_line, reason))
            del parents[min(cycle, key=Comment.sort_key)]
        for comment in path:
            state[comment] = 2
    return problems


def _visible(comments: list[Comment], parents: dict[Comment, Comment]) -> dict[Comment, bool]:
    """Tell for each comment whether it and all its ancestors are published."""
    visible: dict[Comment, bool] = {}
    for start in comments:
        path = []
        node: Comment | None = start
        while node is not None and node not in visible:
            path.append(node)
            node = parents.get(node)
        shown = True if node is None else visible[node]
        for comment in reversed(path):
            shown = shown and comment.published
            visible[comment] = shown
    return visible


def build(comments: list[Comment]) -> tuple[Thread, list[Problem]]:
    """Nest one article's comments; report bad ids, unknown parents and cycles, keep everything."""
    comments = sorted(comments, key=lambda comment: comment.path)
    for comment in comments:
        comment.replies = []
    by_id, problems = _unique_ids(comments)
    parents, parent_problems = _parents(comments, by_id)
    problems += parent_problems
    problems += _break_cycles(comments, parents)
    visible = _visible(comments, parents)
    thread = Thread()
    for comment in sorted(comments, key=Comment.sort_key):
        if not visible[comment]:
            thread.held += comment.published
            continue
        thread.count += not comment.is_mention
        thread.shown.append(comment)
        parent = parents.get(comment)
        if parent is not None:
            parent.replies.append(comment)
        elif comment.is_mention:
            thread.mentions.append(comment)
        else:
            thread.comments.append(comment)
    return thread, problems


def newest_comments(thread: Thread, limit: int | None) -> list[Comment]:
    """Return the thread's comments (not mentions, nor replies to them), newest first."""
    aside = {comment for comment, _, _ in steps(thread.mentions)}  # usually none
    # `shown` is oldest first, by (date, id): no two comments of a thread share both.
    return [c for c in reversed(thread.shown) if not c.is_mention and c not in aside][:limit]


def steps(roots: list[Comment]) -> Iterator[tuple[Comment, bool, int]]:
    """Walk threads depth first without recursion, so that replies may nest to any depth."""
    stack = [(root, True, 0) for root in reversed(roots)]
    while stack:
        step = stack.pop()
        yield step
        comment, opens, depth = step
        if opens:
            stack.append((comment, False, depth))
            if comment.replies:  # most have none: no generator made for them
                stack.extend((reply, True, depth + 1) for reply in reversed(comment.replies))


def walk(roots: list[Comment]) -> Iterator[Step]:
    """Walk threads as `steps` does, each step named (templates and tests read its fields)."""
    return map(Step._make, steps(roots))
