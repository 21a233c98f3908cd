"""Near-valid inputs for the fuzzed parsers: routing conditions and questionnaire pages."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = ["q", "q-1", "budget", "x", "0-5k", "web", "in", "has", "not", "and", "or", "score"]
NUMBERS = ["+3", "-12", "0", "7", "1000000", "-1000001", "99999999999", "+" + "9" * 5000]
# Every token of the grammar, and a few it refuses.
TOKENS = [
    *WORDS,
    *NUMBERS,
    "(",
    ")",
    ",",
    "otherwise",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "==",
    "#",
    ":",
    "é",
    "\t",
    "\x00",
    "'",
]

words = st.sampled_from(WORDS)  # codes may be keywords; keys may not
keys = st.sampled_from(
    [word for word in WORDS if word not in {"in", "has", "not", "and", "or", "score"}]
)


def conditions() -> st.SearchStrategy[str]:
    """Return well-formed routing conditions, nested a few levels."""
    leaf = st.one_of(
        st.just("otherwise"),
        st.builds(
            "score {} {}".format,
            st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
            st.sampled_from(NUMBERS),
        ),
        st.builds("{} = {}".format, keys, words),
        st.builds("{} != {}".format, keys, words),
        st.builds("{} has {}".format, keys, words),
        st.builds(
            lambda key, codes: f"{key} in ({', '.join(codes)})",
            keys,
            st.lists(words, min_size=1, max_size=3),
        ),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds("not {}".format, inner),
            st.builds("({})".format, inner),
            st.builds(" and ".join, st.lists(inner, min_size=2, max_size=3)),
            st.builds(" or ".join, st.lists(inner, min_size=2, max_size=3)),
        ),
        max_leaves=8,
    )


def token_soup() -> st.SearchStrategy[str]:
    """Return token sequences that mostly break the grammar somewhere."""
    return st.lists(st.sampled_from(TOKENS), max_size=12).flatmap(
        lambda tokens: st.sampled_from([" ", "", "  "]).map(lambda glue: glue.join(tokens))
    )


def any_condition() -> st.SearchStrategy[str]:
    """Return a routing condition: valid, token soup, or valid with a token changed."""
    return st.one_of(conditions(), token_soup(), st.text(max_size=30), mutated_text(conditions()))


def mutated_text(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Return texts of `base` with one token inserted or one character removed."""

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        text = draw(base)
        where = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and text:
            return text[:where] + text[where + 1 :]
        return text[:where] + draw(st.sampled_from(TOKENS)) + text[where:]

    return mutate()


KEYS = st.sampled_from(["budget", "q", "q-1", "Q_2", "and", "", "é", "a b", "#x"])
CODES = st.sampled_from(["web", "0-5k", "a", "", "Web", "a_b", "é", "x y"])
SCORES = st.sampled_from(["", "+1", "-3", "+1000000", "+1000001", "1", "+" + "9" * 5000, "+1 +2"])
LABELS = st.sampled_from(["Site vitrine", "Oui", "", "**gras**", "<b>x</b>", "é à", "{x}", "a # b"])


@st.composite
def heading(draw: st.DrawFn) -> str:
    """Return a question heading: level, label, maybe `{#key .class}`, maybe closing hashes."""
    level = "#" * draw(st.integers(1, 7))
    label = draw(LABELS)
    attrs = draw(st.lists(st.sampled_from([".optional", ".required", ".x", ":", "{"]), max_size=2))
    key = draw(st.sampled_from(["", "#"]) | KEYS.map("#{}".format))
    suffix = f" {{{' '.join([key, *attrs]).strip()}}}" if draw(st.booleans()) else ""
    closing = draw(st.sampled_from(["", " ##", "#"]))
    return f"{level} {label}{suffix}{closing}"


@st.composite
def option(draw: st.DrawFn) -> str:
    """Return an option line: bullet, box, label, maybe `{code +N}`, maybe a continuation line."""
    bullet = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "    - ", "-"]))
    box = draw(st.sampled_from(["( )", "()", "[ ]", "[]", "(x)", ""]))
    inside = " ".join(filter(None, [draw(CODES), draw(SCORES)]))
    suffix = f" {{{inside}}}" if draw(st.booleans()) else ""
    more = draw(st.sampled_from(["", "\n  suite", "\n\n"]))
    return f"{bullet}{box} {draw(LABELS)}{suffix}{more}"


@st.composite
def routing(draw: st.DrawFn) -> str:
    """Return a routing block, closed or not, with rules, comments and broken lines."""
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    rules = draw(
        st.lists(
            st.one_of(
                st.builds(
                    "{}: {}".format, st.sampled_from(["devis", "a", "é", ""]), any_condition()
                ),
                st.sampled_from(["# comment", "", "  indented: otherwise", "no colon"]),
            ),
            max_size=5,
        )
    )
    closing = draw(st.sampled_from([fence, "", "```", "~~~~"]))
    return "\n".join([f"{fence}routing", *rules, closing])


@st.composite
def page(draw: st.DrawFn) -> str:
    """Return a questionnaire page: a metadata header, then headings, help, options and routing."""
    header = draw(
        st.sampled_from(["", "Title: Q\n\n", "---\nTitle: Q\n---\n", "Title: Q\n    suite\n"])
    )
    parts = draw(
        st.lists(
            st.one_of(
                heading(),
                option(),
                st.lists(option(), min_size=1, max_size=4).map("\n".join),
                routing(),
                st.sampled_from(["", "Un paragraphe d'aide.", "```python\ncode\n```", "> quote"]),
                st.text(max_size=20),
            ),
            max_size=10,
        )
    )
    return header + "\n".join(parts)
