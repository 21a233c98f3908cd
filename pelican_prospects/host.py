"""What a theme not written for the plugin lacks: which of our templates it includes, its <head>."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, meta
from markupsafe import escape

from .memo import MEMO

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jinja2 import Environment, Template, nodes
    from pelican.generators import Generator

    # What edits a rendered page: the template's name, the page's HTML and its context.
    Edit = Callable[[str, str, Mapping[str, Any]], str]

STYLESHEET = Path(__file__).parent / "static" / "prospects.css"
TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET_OUTPUT = "prospects/prospects.css"
# The theme's <head> opening tag, and its charset declaration when it comes first.
HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta\s+charset=[^>]*>)?", re.IGNORECASE)
HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def reaches(env: Environment, name: str, target: str) -> bool:
    """Tell whether template `name`, or one it extends, includes or imports, is `target`."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current == target:
            return True
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0] if env.loader else ""
            pending += referenced(env, source)
        except (TemplateNotFound, TemplateSyntaxError):
            continue
    return False


def packaged(env: Environment, name: str) -> bool:
    """Tell whether `env` gives the plugin's own template `name`, not a theme's copy of it."""
    if env.loader is None:
        return False
    return env.loader.get_source(env, name)[0] == (TEMPLATES / name).read_text(encoding="utf-8")


def referenced(env: Environment, source: str) -> list[str]:
    """Return the templates `source` extends, includes or imports, when `env` parses it."""
    key = ("references", *template_key(env, source))
    return MEMO.get(key, lambda: references_in(env.parse(source)))  # type: ignore[no-any-return]


def read_variables(env: Environment, source: str) -> list[str]:
    """Return the variables `source` reads from its context, when `env` parses it, sorted."""
    key = template_key(env, source)

    def parse() -> list[str]:
        tree = env.parse(source)
        MEMO.get(("references", *key), lambda: references_in(tree))  # one parse for both
        return sorted(meta.find_undeclared_variables(tree))

    # Jinja leaves the environment's globals out (JINJA_GLOBALS, a plugin's): they are its key too.
    return MEMO.get(("variables", *key, frozenset(env.globals)), parse)  # type: ignore[no-any-return]


def references_in(tree: nodes.Template) -> list[str]:
    """Return the names of the templates a parsed template extends, includes or imports."""
    # A name computed at render time is None: it cannot be followed.
    return [ref for ref in meta.find_referenced_templates(tree) if ref]


def template_key(env: Environment, source: str) -> tuple[object, ...]:
    """Return what parsing `source` in `env` depends on: the memo keeps results by it.

    Every generator of a build, and every build, asks of the same theme; parsing costs
    milliseconds.
    """
    return (
        hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).digest(),
        *(env.block_start_string, env.block_end_string),
        *(env.variable_start_string, env.variable_end_string),
        *(env.comment_start_string, env.comment_end_string),
        *(env.line_statement_prefix, env.line_comment_prefix),
        *sorted(env.extensions),
    )


def head(html: str) -> str:
    """Return the page's <head> section (empty when it has none)."""
    start = HEAD.search(html)
    if start is None:
        return ""
    end = HEAD_END.search(html, start.end())
    return html[start.start() : end.start() if end else len(html)]


def head_end(html: str) -> int | None:
    """Return where the page's </head> starts (None when it has no <head> or no </head>)."""
    start = HEAD.search(html)
    end = HEAD_END.search(html, start.end()) if start else None
    return end.start() if end else None


def splice(html: str, insertions: list[tuple[int, str]]) -> str:
    """Return `html` with each text inserted at its offset in `html`, in one copy of the page."""
    parts, last = [], 0
    for at, text in sorted(insertions, key=lambda insertion: insertion[0]):
        parts += (html[last:at], text)
        last = at
    parts.append(html[last:])
    return "".join(parts)


def add_to_head(html: str, first: list[str], last: list[str]) -> str:
    """Insert tags in the page's <head>: `first` after its charset, `last` at its end."""
    start = HEAD.search(html)
    if start is None:
        return html
    end = HEAD_END.search(html, start.end())
    if last and end:
        html = html[: end.start()] + "".join(f"{tag}\n" for tag in last) + html[end.start() :]
    return html[: start.end()] + "".join(f"\n{tag}" for tag in first) + html[start.end() :]


def stylesheet_link(siteurl: str) -> str:
    """Return the <link> to the plugin's stylesheet from a page whose SITEURL is `siteurl`."""
    return f'<link rel="stylesheet" href="{escape(siteurl)}/{STYLESHEET_OUTPUT}">'


def copy_stylesheet(output_path: str) -> None:
    """Copy the plugin's stylesheet into the output unless the same one is there."""
    target = Path(output_path) / STYLESHEET_OUTPUT
    if not target.exists() or target.read_bytes() != STYLESHEET.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STYLESHEET, target)


class EditedTemplate:
    """A theme's template whose pages go through an edit once rendered, before they are written."""

    def __init__(self, template: Template, name: str, edit: Edit) -> None:
        self.template, self.name, self.edit = template, name, edit

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render the page as the template does (same arguments), then edit it."""
        html = self.template.render(*args, **kwargs)
        # Pelican passes one context; it is read, not kept: no copy for every page of the site.
        context = args[0] if len(args) == 1 and not kwargs else dict(*args, **kwargs)
        return self.edit(self.name, html, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)


def edit_rendered(generator: Generator, edit: Edit) -> None:
    """Have each page `generator` writes edited as rendered, so that Pelican writes it once.

    The generator asks for a page's template by name when it writes the page; a plugin reading it
    on `content_written` then reads the edited page.
    """
    get_template = generator.get_template

    def editing_get_template(name: str) -> EditedTemplate:
        return EditedTemplate(get_template(name), name, edit)

    generator.get_template = editing_get_template  # type: ignore[method-assign]
