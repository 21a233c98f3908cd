"""Threads: nesting, order, and what goes wrong between files (linear, no recursion)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from pelican_prospects.comments.model import Comment
from pelican_prospects.comments.thread import build, newest_comments, walk

START = datetime(2024, 3, 4, 10, 0, tzinfo=UTC)


def make(comment_id: str, minutes: int, replyto: str | None = None, **fields: str) -> Comment:
    return Comment(
        id=comment_id,
        article="a",
        path=f"comments/a/{comment_id}.md",
        author=fields.pop("author", "A"),
        date=START + timedelta(minutes=minutes),
        replyto=replyto,
        replyto_line=3 if replyto else None,
        **fields,
    )


def shape(roots: list[Comment]) -> list:
    return [(c.id, shape(c.replies)) if c.replies else c.id for c in roots]


def test_replies_nest_under_their_parent_oldest_first_at_every_level() -> None:
    comments = [
        make("3", 30, "1"),
        make("1", 10),
        make("2", 20),
        make("4", 25, "1"),
        make("5", 40, "4"),
        make("6", 5, "2"),
    ]
    thread, problems = build(comments)
    assert problems == []
    assert shape(thread.comments) == [("1", [("4", ["5"]), "3"]), ("2", ["6"])]
    assert thread.count == 6


def test_pingbacks_and_trackbacks_are_kept_apart_and_not_counted() -> None:
    thread, problems = build(
        [make("1", 10), make("p", 5, kind="pingback"), make("t", 1, kind="trackback")]
    )
    assert problems == []
    assert shape(thread.comments) == ["1"]
    assert shape(thread.mentions) == ["t", "p"]
    assert thread.count == 1


def test_an_unknown_parent_is_reported_and_the_reply_shown_at_top_level() -> None:
    thread, problems = build([make("1", 10), make("2", 20, "404")])
    assert [str(p) for p in problems] == [
        "comments/a/2.md:3: Replyto '404' names no comment of this article"
    ]
    assert shape(thread.comments) == ["1", "2"]


def test_a_cycle_is_reported_for_each_of_its_files_and_broken_at_its_oldest() -> None:
    thread, problems = build(
        [make("a", 10, "b"), make("b", 20, "c"), make("c", 30, "a"), make("d", 1)]
    )
    assert sorted(str(p) for p in problems) == [
        f"comments/a/{name}.md:3: reply cycle: a -> b -> c -> a" for name in "abc"
    ]
    assert shape(thread.comments) == ["d", ("a", [("c", ["b"])])]


def test_a_comment_answering_itself_is_a_cycle() -> None:
    thread, problems = build([make("a", 10, "a")])
    assert [p.reason for p in problems] == ["reply cycle: a -> a"]
    assert shape(thread.comments) == ["a"]


def test_two_files_with_one_id_are_both_reported_and_both_shown() -> None:
    first, second = make("x", 10), make("x", 20)
    second.path = "comments/a/sub/x.md"
    thread, problems = build([first, second])
    assert sorted(str(p) for p in problems) == [
        "comments/a/sub/x.md: duplicate id 'x': comments/a/x.md has the same id",
        "comments/a/x.md: duplicate id 'x': comments/a/sub/x.md has the same id",
    ]
    # Files are taken in path order: the second one found gets a new id, shown in date order.
    assert [(c.id, c.path) for c in thread.comments] == [
        ("x-2", "comments/a/x.md"),
        ("x", "comments/a/sub/x.md"),
    ]


def test_unpublished_comments_hold_back_their_replies_and_are_not_counted() -> None:
    thread, _ = build(
        [
            make("1", 10, status="pending"),
            make("2", 20, "1"),
            make("3", 30, status="spam"),
            make("4", 40),
        ]
    )
    assert shape(thread.comments) == ["4"]
    assert (thread.count, thread.held) == (1, 1)


def test_a_pingback_cannot_reply() -> None:
    thread, problems = build([make("1", 10), make("p", 20, "1", kind="pingback")])
    assert [p.reason for p in problems] == [
        "a pingback cannot reply to a comment: remove 'Replyto'"
    ]
    assert shape(thread.mentions) == ["p"]


def test_building_twice_gives_the_same_thread() -> None:
    comments = [make("1", 10), make("2", 20, "1")]
    build(comments)
    thread, _ = build(comments)
    assert shape(thread.comments) == [("1", ["2"])]


def test_a_very_deep_thread_is_built_and_walked_without_recursion() -> None:
    chain = [make("0", 0)] + [make(str(n), n, str(n - 1)) for n in range(1, 5000)]
    thread, problems = build(chain)
    steps = list(walk(thread.comments))
    assert problems == [] and len(steps) == 10000
    assert [s.depth for s in steps[:3]] == [0, 1, 2] and steps[4999].depth == 4999
    assert [(s.comment.id, s.opens) for s in steps[-2:]] == [("1", False), ("0", False)]


def test_a_very_deep_thread_builds_and_walks_without_recursion() -> None:
    depth = 30_000  # far beyond Python's recursion limit
    comments = [make(str(i), i, str(i - 1) if i else None) for i in range(depth)]
    thread, problems = build(comments)
    assert problems == []
    opened = [step.comment.id for step in walk(thread.comments) if step.opens]
    assert opened == [str(i) for i in range(depth)]


def test_shown_and_newest_are_what_the_walks_reach_in_date_order() -> None:
    rng = random.Random(7)
    for _ in range(200):
        comments = []
        for number in range(1, rng.randint(1, 12)):
            replyto = str(rng.randint(0, 12)) if rng.random() < 0.6 else None
            fields = {
                "status": rng.choice(["published", "published", "pending", "spam"]),
                "kind": rng.choice(["comment", "comment", "pingback", "trackback"]),
            }
            comments.append(make(str(number), rng.randint(0, 30), replyto, **fields))
        thread, _ = build(comments)
        reached = [s.comment for roots in (thread.comments, thread.mentions) for s in walk(roots)]
        assert set(thread.shown) == set(reached)
        assert len(thread.shown) == len(set(thread.shown))
        assert thread.shown == sorted(thread.shown, key=Comment.sort_key)
        walked = [s.comment for s in walk(thread.comments) if s.opens and not s.comment.is_mention]
        for limit in (None, 0, 1, 3):
            former = sorted(walked, key=Comment.sort_key, reverse=True)[:limit]
            assert newest_comments(thread, limit) == former
