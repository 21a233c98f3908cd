"""WordPress's auto-paragraphs (`wpautop`): blank-line separated text becomes `<p>` elements."""

from __future__ import annotations

import re

# Ported from WordPress's wp-includes/formatting.php (wpautop, GPL-2.0-or-later), step by step.
BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.IGNORECASE)
BLOCK_OPEN = re.compile(rf"(<{BLOCKS}[\s/>])", re.IGNORECASE)
BLOCK_CLOSE = re.compile(rf"(</{BLOCKS}>)", re.IGNORECASE)
HR = re.compile(r"(<hr\s*?/?>)", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
STEPS = [
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>"), r"<p>\1</p></\2>"),
    (re.compile(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>"), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>"), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>"), "</p></blockquote>"),
    (re.compile(rf"<p>\s*(</?{BLOCKS}[^>]*>)"), r"\1"),
    (re.compile(rf"(</?{BLOCKS}[^>]*>)\s*</p>"), r"\1"),
]
RAW = re.compile(r"<(script|style|svg|math)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
LINE_END = re.compile(r"(?<!<br />)\s*\n")
BR_AFTER_BLOCK = re.compile(rf"(</?{BLOCKS}[^>]*>)\s*<br />")
BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")
NEWLINE_MARK = " <!-- wpnl --> "


def autop(text: str) -> str:
    """Return `text` with WordPress's paragraphs and line breaks made explicit."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"<pre wp-pre-tag-{len(kept) - 1}></pre>"

    text = PRE.sub(keep, text)
    text = DOUBLE_BR.sub("\n\n", text)
    text = BLOCK_OPEN.sub(r"\n\n\1", text)
    text = BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = HR.sub(r"\1\n\n", text)
    # A newline inside a tag is not a line break.
    text = TAG.sub(lambda match: match.group(0).replace("\n", NEWLINE_MARK), text)
    text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
    text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", re.sub(r"\n\n+", "\n\n", text)) if p]
    text = "".join(f"<p>{paragraph.strip(chr(10))}</p>\n" for paragraph in paragraphs)
    for pattern, replacement in STEPS:
        text = pattern.sub(replacement, text)
    text = RAW.sub(lambda match: match.group(0).replace("\n", "<WPPreserveNewline />"), text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = LINE_END.sub("<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")
    text = BR_AFTER_BLOCK.sub(r"\1", text)
    text = BR_BEFORE_BLOCK.sub(r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for index, block in enumerate(kept):
        text = text.replace(f"<pre wp-pre-tag-{index}></pre>", block)
    return text.replace(NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
