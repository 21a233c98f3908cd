"""Reading a questionnaire page: questions, options, routing block, ordinary content, errors."""

from __future__ import annotations

import pytest

from pelican_prospects.problems import Problem
from pelican_prospects.questionnaire.detect import has_routing
from pelican_prospects.questionnaire.model import (
    MULTIPLE,
    SINGLE,
    Choice,
    Option,
    Or,
    Otherwise,
    Question,
    Score,
    Segment,
)
from pelican_prospects.questionnaire.parse import body_start, parse_questionnaire, slugify

from .conftest import parsed, sample


def problems_of(name: str) -> list[str]:
    _, problems = parse_questionnaire(sample(name), "content/q.md")
    return [str(problem) for problem in problems]


def test_the_issue_example_reads_into_questions_rules_and_content() -> None:
    questionnaire = parsed(sample("three_questions.md"))
    objectifs, supports = questionnaire.questions
    assert objectifs == Question(
        key="objectifs",
        label="Quels sont vos objectifs ?",
        kind=SINGLE,
        required=True,
        help="Une phrase d'aide facultative.",
        options=(
            Option("definis", "Ils sont définis et mesurables", 2, 10),
            Option("idee", "J'ai une idée générale", 1, 11),
            Option("pistes", "Je cherche encore des idées", 0, 12),
        ),
        line=6,
        level=3,
    )
    assert supports.kind == MULTIPLE and not supports.required and supports.help == ""
    assert [(o.code, o.score, o.line) for o in supports.options] == [
        ("web", 1, 16),
        ("plaquette", 0, 17),
    ]
    assert questionnaire.routing_line == 19
    assert [(rule.offer, rule.line) for rule in questionnaire.rules] == [
        ("rendez-vous", 21),
        ("proposition", 22),
        ("devis", 23),
    ]
    assert questionnaire.rules[0].condition == Score(">=", 4, 14)
    assert isinstance(questionnaire.rules[1].condition, Or)
    assert questionnaire.rules[2].condition == Otherwise()
    assert questionnaire.body == (
        Segment("Quelques questions avant de prendre date.\n", 4),
        objectifs,
        supports,
    )


def test_optional_single_and_required_multiple_choice() -> None:
    delai, supports = parsed(sample("optional_and_required.md")).questions
    assert (delai.key, delai.kind, delai.required) == ("delai", SINGLE, False)
    assert (supports.key, supports.kind, supports.required) == ("supports", MULTIPLE, True)
    assert delai.options[0] == Option("urgent", "Urgent", 3, 5)
    assert delai.options[1].code == "pas-presse"


def test_every_way_to_write_an_option() -> None:
    budget, liens = parsed(sample("options_syntax.md")).questions
    assert (budget.key, budget.label, budget.level) == ("budget", "Budget ?", 1)
    assert budget.options == (
        Option("petit", "Moins de **5 000 €**", -1, 5),
        Option(
            "entre-5-000-et-20-000-eur-sur-deux-lignes",
            "Entre 5 000 et 20 000 € sur deux lignes",
            2,
            6,
        ),
        Option("oeuf", "L'œuf ou la poule ?", -2, 8),
        Option("ca-depend", "Ça dépend", 0, 9),
    )
    assert (liens.key, liens.kind, liens.level) == ("liens", MULTIPLE, 6)
    assert liens.options == (
        Option("lien", "Un [lien](https://example.org)", 0, 13),
        Option("deuxieme-liste-lache", "Deuxième, liste lâche", 0, 15),
        Option("sans-espace", "Sans espace", 0, 16),
    )
    assert parsed(sample("options_syntax.md")).routing_line == 18


def test_ordinary_headings_lists_and_code_stay_content() -> None:
    questionnaire = parsed(sample("ordinary_content.md"))
    intro, q1, between, q2, outro = questionnaire.body
    assert intro == Segment(
        "Intro with a [link](https://example.org).\n\n## A plain heading {#plain}\n\n"
        "- a plain list\n- [x] done task\n",
        5,
    )
    assert (q1.key, q1.help, q1.line) == ("q1", "Help for Q1.", 12)
    assert between == Segment("\nBetween the questions.\n", 18)
    assert (q2.key, q2.kind, q2.line) == ("q2", MULTIPLE, 21)
    assert isinstance(outro, Segment) and "- ( ) inside code" in outro.text
    assert outro.text.endswith("Outro.") and "contact: otherwise" not in outro.text
    assert questionnaire.headings == {"plain": 7}


def test_windows_line_endings() -> None:
    questionnaire = parsed(sample("crlf_line_endings.md"))
    assert questionnaire.questions[0].options == (Option("a", "A", 0, 5),)
    assert questionnaire.rules[0].line == 8


def test_bad_options_are_all_reported_with_their_lines() -> None:
    assert problems_of("bad_options.md") == [
        "content/q.md:6: question 'mixed-boxes' mixes '( )' and '[ ]' options",
        "content/q.md:7: every item of an option list must start with '( )' or '[ ]'",
        "content/q.md:11: expected '{code +N}' at the end of the option, found '{a b}'",
        "content/q.md:12: expected '{code +N}' at the end of the option, found '{+1 -2}'",
        "content/q.md:13: option code 'Web' must use only a-z, 0-9 and '-'",
        "content/q.md:14: option without a label",
        "content/q.md:15: score +1000001 is out of range (-1000000 to +1000000)",
        "content/q.md:16: option '¿?' needs a code: end it with {code}",
    ]


def test_bad_questions_are_all_reported_with_their_lines() -> None:
    assert sorted(problems_of("bad_questions.md"), key=lambda p: int(p.split(":")[1])) == [
        "content/q.md:7: duplicate question key 'budget' (first used at line 3)",
        "content/q.md:10: duplicate option code 'a' in question 'budget' (first used at line 9)",
        "content/q.md:12: question key 'score' is a word of the routing: give another {#key}",
        "content/q.md:16: question key 'mon.budget' must use only letters, digits, '-' and '_'",
        "content/q.md:20: question 'both' cannot be both .optional and .required",
        "content/q.md:24: question 'nothing' has no options",
        "content/q.md:34: options must follow a question heading, with at most one paragraph of"
        " help between them",
    ]


def test_routing_errors_give_line_and_column() -> None:
    assert problems_of("routing_errors.md") == [
        "content/q.md:9: routing: expected 'offer-slug: condition', found 'contact score >= 1'",
        "content/q.md:10: routing, column 18: expected a whole number after 'score >=',"
        " found the end",
        "content/q.md:11: routing, column 19: expected a condition, found the end",
        "content/q.md:12: routing, column 16: expected ')' to close the '(' of column 10,"
        " found the end",
        "content/q.md:13: routing, column 12: '==' is not an operator: write '='",
        "content/q.md:14: routing, column 12: unexpected character '&'",
        "content/q.md:15: routing, column 25: expected a condition, found the end",
        "content/q.md:19: a page has one routing block, and one starts at line 7",
    ]


def test_the_good_rules_of_a_block_with_errors_are_kept() -> None:
    questionnaire, _ = parse_questionnaire(sample("routing_errors.md"), "q.md")
    assert [(rule.offer, rule.line) for rule in questionnaire.rules] == [("contact", 16)]


def test_unclosed_routing_block() -> None:
    assert problems_of("routing_unclosed.md") == [
        "content/q.md:7: the routing block is never closed: end it with a line of ```"
    ]
    assert problems_of("routing_unclosed_tilde.md") == [
        "content/q.md:7: the routing block is never closed: end it with a line of ~~~~",
        "content/q.md:9: routing: expected 'offer-slug: condition', found '```'",
    ]


def test_a_routing_block_quoted_in_a_longer_fence_is_not_a_questionnaire() -> None:
    text = sample("routing_quoted.md")
    assert has_routing(text)
    questionnaire, problems = parse_questionnaire(text, "q.md")
    assert questionnaire.routing_line == 0 and problems == [] and questionnaire.questions == ()


def test_has_routing() -> None:
    assert has_routing("```routing\nx: otherwise\n```")
    assert has_routing("~~~ routing\n~~~")
    assert not has_routing("```python\nrouting\n```")
    assert not has_routing("Title: routing")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ils sont définis et mesurables", "ils-sont-definis-et-mesurables"),
        ("J'ai une idée générale", "jai-une-idee-generale"),
        ("L'œuf ou la poule ?", "loeuf-ou-la-poule"),
        ("Moins de **5 000 €**", "moins-de-5-000-eur"),
        ("\u2013 de 5 k€", "de-5-keur"),
        ("snake_case   and  spaces", "snake-case-and-spaces"),
        ("<em>Tagged</em> text", "tagged-text"),
        ("日本", "ri-ben"),
        ("¿?", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("lines", "start"),
    [
        (["Title: x", "Slug: y", "", "Body"], 3),
        (["Title: x", "Summary: a", "    b", "", "Body"], 4),
        (["---", "Title: x", "---", "Body"], 3),
        (["Body: not a header? yes, it is one", "", "x"], 2),
        (["# Heading", "Title: x"], 0),
        ([], 0),
    ],
)
def test_body_starts_after_the_metadata_header(lines: list[str], start: int) -> None:
    assert body_start(lines) == start


def test_a_question_keeps_its_explicit_key_and_other_classes() -> None:
    questionnaire = parsed(
        "## Délai ## {: #delai .optional .fancy data-x=1 }\n- ( ) Vite\n\n"
        "```routing\nx: otherwise\n```"
    )
    question = questionnaire.questions[0]
    assert (question.key, question.label, question.required) == ("delai", "Délai", False)


def test_options_right_after_the_heading_or_the_help() -> None:
    questionnaire = parsed("## Q\nAide\nsur deux lignes\n- ( ) A\n\n```routing\nx: otherwise\n```")
    assert questionnaire.questions[0].help == "Aide\nsur deux lignes"
    assert questionnaire.questions[0].options[0].code == "a"


def test_problems_are_problems() -> None:
    _, problems = parse_questionnaire("## Q\n\n- ( ) A {B}\n", "content/q.md")
    assert problems == [
        Problem("content/q.md", 3, "option code 'B' must use only a-z, 0-9 and '-'")
    ]


def test_choice_conditions_keep_their_columns() -> None:
    rule = parsed("## Q\n- ( ) A\n```routing\nx:   q = a\n```").rules[0]
    assert rule.condition == Choice("q", "=", ("a",), 6)


def test_a_question_needs_a_key_and_options() -> None:
    text = "## ¿?\n\n- ( ) A\n\n## Vide\n\n- ( ) {}\n"
    _, problems = parse_questionnaire(text, "q.md")
    assert [str(problem) for problem in problems] == [
        "q.md:7: option without a label",
        "q.md:1: question heading needs a key: end it with {#key}",
        "q.md:5: question 'vide' has no options",
    ]


# Found by tests/fuzz: each of these lines made a regular expression backtrack for minutes.
@pytest.mark.parametrize(
    ("text", "label", "key"),
    [
        ("## Budget" + " " * 50_000 + "{#budget}x", "Budget" + " " * 50_000 + "{#budget}x", ""),
        ("## Budget" + " " * 50_000 + "{#budget}", "Budget", "budget"),
        ("## Budget" + " " * 50_000 + "#x", "Budget" + " " * 50_000 + "#x", ""),
        ("## Budget {" + "{ " * 25_000, "Budget {" + "{ " * 24_999 + "{", ""),
    ],
    ids=["spaces-then-braces", "spaces-then-key", "spaces-then-hash", "open-braces"],
)
def test_long_headings_are_read_in_linear_time(text: str, label: str, key: str) -> None:
    questionnaire = parsed(f"{text}\n\n- ( ) Oui\n")
    (question,) = questionnaire.questions
    assert question.label == label
    assert question.key == (key or slugify(label))


def test_long_option_and_fence_lines_are_read_in_linear_time() -> None:
    spaces = " " * 50_000
    questionnaire, problems = parse_questionnaire(
        f"## Q {{#q}}\n\n- ( ) Oui{spaces}{{oui}}\n- ( ) Non{spaces}x\n- ( ) {'<' * 50_000}x\n\n"
        f"```{spaces}x`\n",
        "q.md",
    )
    assert [option.code for option in questionnaire.questions[0].options] == ["oui", "non-x", "x"]
    assert problems == []


def test_a_score_of_thousands_of_digits_is_out_of_range() -> None:
    # Found by tests/fuzz: int() refused the number with a ValueError out of the parser.
    _, problems = parse_questionnaire(f"## Q {{#q}}\n\n- ( ) Oui {{+{'9' * 5000}}}\n", "q.md")
    assert [str(p) for p in problems] == [
        f"q.md:3: score +{'9' * 38}… is out of range (-1000000 to +1000000)"
    ]


def test_many_options_without_a_heading_are_each_reported_once() -> None:
    # Found by tests/fuzz: every orphan list looked back over the whole page (quadratic).
    _, problems = parse_questionnaire("Texte.\n\n- ( ) x\n\n" * 3_000, "q.md")
    assert len(problems) == 3_000
    assert {p.reason for p in problems} == {
        "options must follow a question heading, with at most one paragraph of help between them"
    }


def test_attribution_keys_are_reserved() -> None:
    assert problems_of("reserved_keys.md") == [
        "content/q.md:3: question key 'utm_source' is reserved for attribution (utm_source,"
        " utm_medium, utm_campaign, utm_content, utm_term, ref): give another {#key}",
        "content/q.md:7: question key 'ref' is reserved for attribution (utm_source, utm_medium,"
        " utm_campaign, utm_content, utm_term, ref): give another {#key}",
    ]


def test_former_keys_and_codes_are_read_in_both_spellings() -> None:
    questionnaire = parsed(sample("former_names.md"))
    objectifs, supports = questionnaire.questions
    assert (objectifs.key, objectifs.former, objectifs.required) == (
        "objectifs",
        ("buts", "cibles"),
        True,
    )
    assert [(o.code, o.score, o.former) for o in objectifs.options] == [
        ("definis", 2, ("clairs", "nets")),
        ("idee", 0, ("vague",)),
    ]
    assert supports.former == ("medias",)
    assert supports.options[0].former == ("site", "internet")
    assert questionnaire.named("cibles") is objectifs
    assert questionnaire.named("objectifs") is objectifs
    assert questionnaire.named("clairs") is None
    assert objectifs.named("nets") is objectifs.options[0]
    assert objectifs.option("nets") is None


def test_bad_former_names_are_all_reported_with_both_places() -> None:
    assert sorted(problems_of("bad_former_names.md"), key=lambda p: int(p.split(":")[1])) == [
        "content/q.md:3: question key 'supports' is both current (line 10) and former (was:)",
        "content/q.md:5: code 'idee' is both current (line 6) and former (was:) in question"
        " 'objectifs'",
        "content/q.md:7: former code 'floue' is claimed twice in question 'objectifs'"
        " (first at line 6)",
        "content/q.md:8: former code 'Vague!' must use only a-z, 0-9 and '-'",
        "content/q.md:12: code 'web' is both current (line 12) and former (was:) in question"
        " 'supports'",
        "content/q.md:14: former question key 'medias' is claimed twice (first at line 10)",
        "content/q.md:14: former question key 'utm_term' is reserved for attribution",
        "content/q.md:16: former code '' must use only a-z, 0-9 and '-'",
        "content/q.md:18: former question key 'mon.budget' must use only letters, digits, '-'"
        " and '_'",
    ]


def test_lines_are_numbered_at_line_feeds_only_as_editors_and_markdown_do() -> None:
    text = (
        "Title: Q\n\nIntro\u2028with\x0cbreaks\x85that\x1cMarkdown keeps.\n\n"
        "### Q {#q}\n\n- ( ) Un\u2029deux {un}\n- ( ) Trois {trois}\n\n"
        "```routing\na: q = quatre\nb: otherwise\n```\n"
    )
    questionnaire, problems = parse_questionnaire(text, "q.md")
    assert problems == []
    (question,) = questionnaire.questions
    assert [(o.label, o.line) for o in question.options] == [("Un\u2029deux", 7), ("Trois", 8)]
    assert question.line == 5 and questionnaire.rules[0].line == 11
    assert questionnaire.body[0] == Segment(
        "Intro\u2028with\x0cbreaks\x85that\x1cMarkdown keeps.\n", 3
    )
