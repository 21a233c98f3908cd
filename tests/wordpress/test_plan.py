"""What the sample export becomes: files, dates in the site's zone, threads, skipped things."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from pelican_prospects.comments.avatar import key_of
from pelican_prospects.comments.read import read_comment
from pelican_prospects.comments.thread import build
from pelican_prospects.wordpress.plan import Layout, plan
from pelican_prospects.wordpress.report import Report
from pelican_prospects.wordpress.threads import comment_files
from pelican_prospects.wordpress.wxr import Export, Item, WPComment, parse

from .conftest import SAMPLES

PARIS = ZoneInfo("Europe/Paris")
LAYOUT = Layout(articles="articles", pages="pages", comments="comments", zone=PARIS)
SLUG = "été-a-paris"


def sample_plan(layout: Layout = LAYOUT):
    export = parse((SAMPLES / "blog.xml").read_bytes(), "blog.xml")
    return plan(export, layout)


def by_path(outputs) -> dict[str, str]:
    return {output.path: output.text for output in outputs}


def test_files_of_the_sample() -> None:
    outputs, report = sample_plan()
    assert sorted(by_path(outputs)) == [
        "articles/blocs.md",
        "articles/un-billet-sans-slug.md",
        f"articles/{SLUG}.md",
        "comments/un-billet-sans-slug/111.md",
        *(f"comments/{SLUG}/{number}.md" for number in (*range(101, 109), 110)),
        "pages/a-propos.md",
    ]
    assert (report.articles, report.pages) == (3, 1)
    assert report.comments == {"published": 8, "pending": 1, "spam": 1}
    assert report.mentions == 2
    assert report.skipped == {
        "'attachment' items (neither posts nor pages)": 1,
        "comments in WordPress's trash": 1,
        "comments on pages (shown on articles only)": 1,
        "comments on posts and pages not imported": 1,
        "drafts": 1,
        "password-protected posts and pages": 1,
        "private posts and pages": 1,
    }
    assert report.shortcodes == {"gallery": 1}


def test_article_header_in_the_site_zone() -> None:
    text = by_path(sample_plan()[0])[f"articles/{SLUG}.md"]
    header = text.split("\n\n")[0]
    assert header == (
        "Title: Été à Paris : café & croissants\n"
        "Date: 2023-07-15 10:30:00+02:00\n"
        "Modified: 2023-07-20 18:00:00+02:00\n"
        "Author: Claire Dumas\n"
        "Category: Voyages\n"
        "Tags: Cuisine, été, café\n"
        f"Slug: {SLUG}\n"
        "Summary: Un été à Paris, *entre deux cafés*."
    )


def test_comment_files() -> None:
    files = by_path(sample_plan()[0])
    assert files[f"comments/{SLUG}/101.md"] == (
        "Author: Jean Dupont\n"
        "Date: 2023-07-16 09:00:00+02:00\n"
        "Website: http://jean.example.org\n"
        f"Avatar: {key_of('jean@example.org')}\n"
        "\n"
        "Top-level comment. Très joli billet !  \nDeuxième ligne.\n\n"
        "Un second paragraphe avec *emphase*.\n"
    )
    assert files[f"comments/{SLUG}/103.md"].startswith("Author: Jean Dupont\n")
    assert "Replyto: 102\n" in files[f"comments/{SLUG}/103.md"]
    assert "Type: pingback\n" in files[f"comments/{SLUG}/105.md"]
    assert "Type: trackback\n" in files[f"comments/{SLUG}/106.md"]
    assert "Status: pending\n" in files[f"comments/{SLUG}/107.md"]
    assert "Status: spam\n" in files[f"comments/{SLUG}/108.md"]
    assert "Replyto" not in files[f"comments/{SLUG}/104.md"]
    assert "Replyto" not in files[f"comments/{SLUG}/110.md"]


def test_orphans_and_made_slugs_are_reported() -> None:
    assert sample_plan()[1].notes == [
        "post 11 ('Un billet sans slug') had no slug: given 'un-billet-sans-slug'",
        f"comment 104 on '{SLUG}' replies to comment 999, not in the export (deleted?): "
        "imported as a top-level comment",
        f"comment 110 on '{SLUG}' replies to comment 109, in the trash: imported as a "
        "top-level comment",
    ]


def test_the_comments_feature_reads_every_file_and_threads_them() -> None:
    outputs = [output for output in sample_plan()[0] if output.kind == "comment"]
    comments = []
    for output in outputs:
        reading = read_comment(
            output.text.encode("utf-8"),
            path=output.path,
            article=output.slug,
            comment_id=output.path.rsplit("/", 1)[1].removesuffix(".md"),
            zone=PARIS,
            fallback_date=None,
        )
        assert (reading.problems, reading.warnings) == ([], [])
        comment = reading.comment
        comment.content = reading.text
        comments.append(comment)
    thread, problems = build([c for c in comments if c.article == SLUG])
    assert problems == []
    assert [c.id for c in thread.comments] == ["101", "104", "110"]
    assert [r.id for r in thread.comments[0].replies] == ["102"]
    assert [r.id for r in thread.comments[0].replies[0].replies] == ["103"]
    assert [m.id for m in thread.mentions] == ["105", "106"]
    assert (thread.count, thread.held) == (5, 0)


def comment(number: str, parent: str = "0", **values: str) -> WPComment:
    fields = {
        "author": "A",
        "email": "",
        "url": "",
        "date_gmt": f"2024-01-01 10:00:{int(number) % 60:02d}",
        "date": "",
        "content": "text",
        "approved": "1",
        "type": "",
    }
    fields.update(values)
    return WPComment(id=number, parent=parent, **fields)


def files_of(comments: list[WPComment]) -> tuple[dict[str, str], Report]:
    report = Report()
    outputs = comment_files(
        comments, slug="s", folder="comments", zone=PARIS, seen=set(), report=report
    )
    return by_path(outputs), report


def test_reply_cycle_is_broken_at_its_oldest_comment() -> None:
    files, report = files_of([comment("1", "3"), comment("2", "1"), comment("3", "2")])
    assert ["Replyto" in text for text in files.values()] == [False, True, True]
    assert report.notes == [
        "comments 1 -> 3 -> 2 on 's' reply to each other in a circle: comment 1 imported as a "
        "top-level comment"
    ]


def test_odd_comments() -> None:
    files, report = files_of(
        [
            comment("1", author="", url="javascript:alert(1)"),
            comment("2", type="order_note"),
            comment("3", approved="post-trashed"),
            comment("1"),
            comment("4", "1", type="pingback"),
            comment("5", date_gmt="0000-00-00 00:00:00", date="2024-02-01 12:00:00"),
        ]
    )
    assert files["comments/s/1.md"].startswith(
        "Author: Anonymous\nDate: 2024-01-01 11:00:01+01:00\n\n"
    )
    assert "Replyto" not in files["comments/s/4.md"]
    assert "Date: 2024-02-01 12:00:00+01:00\n" in files["comments/s/5.md"]
    assert report.skipped == {
        "'order_note' entries (not readers' comments)": 1,
        "comments in WordPress's trash": 1,
        "comments given twice in the export (same id)": 1,
    }
    assert report.notes == [
        "comment 4 on 's': a pingback cannot reply to a comment: imported without its parent",
        "comment 1 on 's': website 'javascript:alert(1)' left out (not an http(s) address)",
    ]


def item(number: str, slug: str, title: str = "T") -> Item:
    return Item(
        id=number,
        type="post",
        status="publish",
        title=title,
        slug=slug,
        date_gmt="2024-01-01 10:00:00",
        date="",
        modified_gmt="",
        creator="",
        content="Body",
        excerpt="",
        password="",
        comments=[comment(f"{number}0")],
    )


def test_slugs_unique_and_safe() -> None:
    export = Export("", "1.2", {}, [item("1", ""), item("2", "t"), item("3", "a%2Fb", "Été")])
    outputs, report = plan(export, LAYOUT)
    assert [o.path for o in outputs if o.kind == "post"] == [
        "articles/t-2.md",
        "articles/t.md",
        "articles/ete.md",
    ]
    assert report.notes == [
        "post 1 ('T') had no slug: given 't'",
        "post 1 ('T'): slug 't' already used, given 't-2'",
        "post 3 ('Été') had slug 'a/b' unusable: given 'ete'",
    ]


def test_existing_articles_are_kept_and_get_their_comments() -> None:
    export = Export("", "1.2", {}, [item("1", "old"), item("2", "new")])
    layout = replace(LAYOUT, existing_articles={"old": "2019/old.md"})
    outputs, report = plan(export, layout)
    assert [o.path for o in outputs] == [
        "comments/old/10.md",
        "articles/new.md",
        "comments/new/20.md",
    ]
    assert report.notes == ["post 'old' left as it is in 2019/old.md"]


def test_no_posts_writes_comments_of_articles_already_there() -> None:
    export = Export("", "1.2", {}, [item("1", "old"), item("2", "new")])
    layout = replace(LAYOUT, posts=False, existing_articles={"old": "2019/old.md"})
    outputs, report = plan(export, layout)
    assert [o.path for o in outputs] == ["comments/old/10.md"]
    assert report.skipped == {"comments on posts that are not articles of the site": 1}


def test_comments_join_articles_named_as_pelican_import_names_them() -> None:
    layout = replace(
        LAYOUT, posts=False, existing_articles={"%c3%a9t%c3%a9-a-paris": "ete.md", "11": "11.md"}
    )
    outputs, report = sample_plan(layout)
    assert {o.path.rsplit("/", 1)[0] for o in outputs} == {
        "comments/%c3%a9t%c3%a9-a-paris",
        "comments/11",
    }
    assert "comments on posts that are not articles of the site" not in report.skipped


def test_comments_by_the_blogs_authors_are_marked_as_the_owners() -> None:
    comments = [
        comment("1", user_id="1"),  # an author of the blog
        comment("2", user_id="7"),  # a registered subscriber, no author
        comment("3", user_id="0", author="Claire Dumas"),  # a visitor using her name
        comment("4"),  # an old export without user ids
    ]
    outputs = comment_files(
        comments,
        slug="s",
        folder="comments",
        zone=PARIS,
        seen=set(),
        report=Report(),
        author_ids=frozenset({"1"}),
    )
    files = by_path(outputs)
    assert [("\nOwner: yes\n\n" in text) for text in files.values()] == [True, False, False, False]
    reading = read_comment(
        files["comments/s/1.md"].encode(),
        path="1.md",
        article="s",
        comment_id="1",
        zone=PARIS,
        fallback_date=None,
    )
    assert reading.problems == [] and reading.comment.owner is True


def test_slugs_of_pelicans_own_pages_are_renamed() -> None:
    export = Export("", "1.2", {}, [item("1", "index"), item("2", "archives"), item("3", "tags")])
    layout = replace(LAYOUT, reserved={"post": frozenset({"index", "archives"})})
    outputs, report = plan(export, layout)
    assert sorted(o.path for o in outputs if o.kind == "post") == [
        "articles/archives-2.md",
        "articles/index-2.md",
        "articles/tags.md",
    ]
    assert report.notes == [
        "post 1 ('T'): slug 'index' would overwrite the site's own index page: given 'index-2'",
        "post 2 ('T'): slug 'archives' would overwrite the site's own archives page: given "
        "'archives-2'",
    ]


def test_reserved_slugs_follow_the_settings() -> None:
    from pelican.settings import DEFAULT_CONFIG

    from pelican_prospects.wordpress.site import reserved_slugs

    default = reserved_slugs(DEFAULT_CONFIG)
    assert default == {
        "post": {"index", "archives", "tags", "categories", "authors"},
        "page": frozenset(),
    }
    dated = dict(
        DEFAULT_CONFIG, ARTICLE_SAVE_AS="{date:%Y}/{slug}.html", DIRECT_TEMPLATES=["index"]
    )
    assert reserved_slugs(dict(dated, PAGE_SAVE_AS="{slug}.html")) == {
        "post": frozenset(),
        "page": {"index"},
    }
