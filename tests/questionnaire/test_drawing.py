"""The routing map: its leaves, its size against a reduced diagram built here, its drawings."""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from dataclasses import replace
from itertools import product
from pathlib import Path

import pytest
from defusedxml import ElementTree

from pelican_prospects.questionnaire.drawing import render, routing_dot
from pelican_prospects.questionnaire.evaluate import answer_sets, first_rule
from pelican_prospects.questionnaire.model import (
    SINGLE,
    Option,
    Otherwise,
    Question,
    Questionnaire,
    Rule,
)

from .conftest import parsed, sample
from .randoms import random_questionnaire
from .test_commands import make_site, run

NODE = re.compile(r"^  n\d+ \[shape=box", re.MULTILINE)
LEAF = re.compile(
    r'^  leaf\d+ \[.*label="(?P<offer>[^"\\]*)\\n(?P<count>\d+) answer sets?"', re.MULTILINE
)


def routed(seed: int) -> Questionnaire:
    """Return a random questionnaire whose every answer set reaches an offer."""
    drawn = random_questionnaire(random.Random(seed))
    return replace(drawn, rules=(*drawn.rules, Rule("c", Otherwise(), 0, 1)))


def reduced_size(questionnaire: Questionnaire) -> int:
    """Return the inner nodes of the reduced diagram of the offers, in the questionnaire's order.

    A node on a variable is a distinct function of the variables from there on, left by fixing
    those before, that depends on that variable (Sieling and Wegener): count them by listing.
    """
    variables: list[list[tuple[str, str | None]]] = []
    for question in questionnaire.questions:
        if question.kind == SINGLE:
            values = [(question.key, o.code) for o in question.options]
            variables.append(values + ([] if question.required else [(question.key, None)]))
        else:
            variables += [[(question.key, o.code), (question.key, None)] for o in question.options]

    def outcome(picked: tuple[tuple[str, str | None], ...]) -> str:
        answers: dict[str, tuple[str, ...]] = {}
        for key, code in picked:
            if code is not None:
                answers[key] = (*answers.get(key, ()), code)
        for question in questionnaire.questions:
            if question.required and question.key not in answers:
                return "invalid"
        rule = first_rule(questionnaire, answers)
        assert rule is not None
        return rule.offer

    table = {picked: outcome(picked) for picked in product(*variables)}
    size = 0
    for level in range(len(variables)):
        functions = set()
        for prefix in product(*variables[:level]):
            function = tuple(table[prefix + rest] for rest in product(*variables[level:]))
            per_value = len(function) // len(variables[level])
            parts = {function[i : i + per_value] for i in range(0, len(function), per_value)}
            if len(parts) > 1:
                functions.add(function)
        size += len(functions)
    return size


@pytest.mark.parametrize("seed", range(150))
def test_the_map_counts_and_sizes_as_listing_every_answer_set_does(seed: int) -> None:
    questionnaire = routed(seed)
    dot = routing_dot(questionnaire, "hasard")
    expected = Counter(first_rule(questionnaire, a).offer for a in answer_sets(questionnaire))
    leaves = {m["offer"]: int(m["count"]) for m in LEAF.finditer(dot)}
    assert leaves == expected
    assert len(NODE.findall(dot)) == reduced_size(questionnaire)


def test_the_demo_map_shows_questions_in_order_and_shares_sub_diagrams() -> None:
    demo = Path(__file__).parents[2] / "content" / "pages" / "votre-projet.md"
    dot = routing_dot(parsed(demo.read_text(encoding="utf-8")), "votre-projet")
    assert {m["offer"]: int(m["count"]) for m in LEAF.finditer(dot)} == {
        "proposition": 488,
        "rendez-vous": 112,
        "devis": 168,
    }
    assert len(NODE.findall(dot)) == reduced_size(parsed(demo.read_text(encoding="utf-8")))
    assert dot.index("Quels sont vos objectifs") < dot.index("Quelle est votre échéance")
    assert 'label="Dans l\'année\\nPas de date fixée"' in dot  # options that lead the same way
    assert "\\n☐ Un site web" in dot  # a box, its Markdown label as plain text


HOSTILE = [
    "<script>alert(1)</script>",
    'Say "hi" \\" then <img src=x onerror=alert(1)>',
    "back\\slash\\n and \\l",
    '"]; n0 -> n0 [label="x',
]


def hostile_questionnaire() -> Questionnaire:
    options = tuple(Option(f"o{n}", label, n, 0) for n, label in enumerate(HOSTILE))
    question = Question("q", '<svg onload="alert(1)">', SINGLE, False, "", options, 0, 2)
    rules = (
        Rule("a<script>", parsed_condition("q in (o0, o1)"), 0, 1),
        Rule('b"', Otherwise(), 0, 1),
    )
    return Questionnaire((question,), rules, (question,), 1, {})


def parsed_condition(text: str):  # type: ignore[no-untyped-def]
    from pelican_prospects.questionnaire.expr import parse_condition

    return parse_condition(text)


def test_hostile_labels_are_text_in_the_dot_and_the_svg() -> None:
    dot = routing_dot(hostile_questionnaire(), 'x"y')
    assert dot.count("->") == 3  # the labels added no edge
    svg = render(dot, ".svg").decode("utf-8")
    elements = list(ElementTree.fromstring(svg.encode("utf-8")).iter())
    assert not [e.tag for e in elements if e.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert not [name for e in elements for name in e.attrib if name.lower().startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&lt;svg onload=" in svg


def two_offers(first: str, second: str) -> Questionnaire:
    """Return one question whose two options, labelled so, lead to two offers."""
    options = (Option("o0", first, 0, 1), Option("o1", second, 0, 2))
    question = Question("q", "Q", SINGLE, False, "", options, 0, 1)
    rules = (Rule("a", parsed_condition("q = o0"), 0, 1), Rule("b", Otherwise(), 0, 1))
    return Questionnaire((question,), rules, (question,), 1, {})


def test_labels_longer_than_graphviz_takes_are_drawn_cut() -> None:
    long = "é" * 40_000  # 80,000 bytes: past Graphviz's 16,384, its width and a pipe's buffer
    many = "\n".join(f"{n:04} " + "x" * 90 for n in range(400))  # 38,000 characters, 400 lines
    dot = routing_dot(two_offers(long, many), "long")
    svg = render(dot, ".svg").decode("utf-8")
    assert "é" * 999 + "…" in svg and "é" * 1_000 not in svg
    assert "0399 " + "x" * 90 in svg


def test_characters_xml_forbids_are_left_out_of_the_svg() -> None:
    questionnaire = two_offers("Site \x0cweb \x01imprimé", "Autre\ufffe")
    svg = render(routing_dot(questionnaire, "x\x1f"), ".svg")
    texts = [e.text for e in ElementTree.fromstring(svg).iter() if e.text and e.text.strip()]
    assert "Site web imprimé" in texts and "Autre" in texts


def test_the_same_questionnaire_draws_the_same_bytes() -> None:
    questionnaire = parsed(sample("three_questions.md"))
    dot = routing_dot(questionnaire, "trois")
    assert dot == routing_dot(questionnaire, "trois")
    for suffix in (".svg", ".png"):
        assert render(dot, suffix) == render(dot, suffix)
    assert render(dot, ".png").startswith(b"\x89PNG")


@pytest.mark.parametrize("suffix", [".dot", ".svg", ".png"])
def test_map_writes_each_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    settings = make_site(tmp_path, "site")
    output = tmp_path / f"carte{suffix}"
    assert run(capsys, "map", "-s", settings, "votre-projet", "-o", str(output)) == (0, "", "")
    drawn = output.read_bytes()
    if suffix == ".dot":
        assert drawn.startswith(b'digraph "votre-projet" {')
    elif suffix == ".svg":
        assert b"<svg" in drawn and b"devis" in drawn
    else:
        assert drawn.startswith(b"\x89PNG")


def test_map_without_graphviz_says_how_to_install_it_and_still_writes_dot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "graphviz", None)  # import graphviz now fails
    settings = make_site(tmp_path, "site")
    svg = tmp_path / "carte.svg"
    assert run(capsys, "map", "-s", settings, "votre-projet", "-o", str(svg)) == (
        1,
        "",
        "prospects: drawing .svg and .png needs Graphviz: pip install 'pelican-prospects[map]'"
        " and Debian's graphviz (apt-get install graphviz); .dot needs neither\n",
    )
    assert not svg.exists()
    dot = tmp_path / "carte.dot"
    assert run(capsys, "map", "-s", settings, "votre-projet", "-o", str(dot))[0] == 0
    assert dot.read_text(encoding="utf-8").startswith("digraph")


def test_map_refuses_an_unknown_slug_and_an_unknown_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    output = str(tmp_path / "carte.svg")
    assert run(capsys, "map", "-s", settings, "projet", "-o", output) == (
        2,
        "",
        "prospects: no questionnaire has the slug 'projet' (questionnaires: votre-projet)\n",
    )
    jpeg = str(tmp_path / "carte.jpg")
    assert run(capsys, "map", "-s", settings, "votre-projet", "-o", jpeg) == (
        2,
        "",
        f"prospects: {jpeg}: write the map as .dot, .svg, .png\n",
    )
    assert not (tmp_path / "carte.jpg").exists()
