"""Why an answer set reaches its offer: which parts decided, the owner's sentence, the words."""

from __future__ import annotations

import pytest

from pelican_prospects.questionnaire.explain import Part, describe, explain, plain, texts
from pelican_prospects.questionnaire.expr import parse_rules
from pelican_prospects.questionnaire.parse import parse_questionnaire

PAGE = """Title: Q

### Objectifs ? {#objectifs}

- ( ) *Définis* {definis +3}
- ( ) Une idée {idee +1}
- ( ) Aucun {pistes}

### Échéance ? {#echeance .optional}

- ( ) Bientôt {urgent +3}
- ( ) Plus tard {tard}

### Supports ? {#supports}

- [ ] Web {web +1}
- [ ] Papier {papier}

```routing
rdv: score >= 6 and objectifs = definis and echeance in (urgent, tard)  "Parlons-en."
prop: echeance = tard or objectifs != pistes or supports has web
mixte: not (objectifs = pistes and supports has papier)
devis: otherwise
```
"""


def questionnaire():  # type: ignore[no-untyped-def]
    found, problems = parse_questionnaire(PAGE, "q.md")
    assert problems == []
    return found


def words() -> dict:
    return texts(questionnaire(), {"rdv": "Un rendez-vous"}, lambda text: plain(text), str)


def test_and_names_every_part_and_the_owner_sentence_replaces_the_generated_one() -> None:
    answers = {"objectifs": ("definis",), "echeance": ("urgent",), "supports": ("web",)}
    found = explain(questionnaire(), answers)
    assert found is not None
    assert (found.offer, found.rule, found.otherwise) == ("rdv", 0, False)
    assert found.parts == (
        Part(op=">=", threshold=6, reached=7),
        Part(key="objectifs", codes=("definis",)),
        Part(key="echeance", codes=("urgent",)),
    )
    described = describe(found, words())
    assert described["custom"] is True
    assert described["sentence"] == "Parlons-en."
    assert [link["key"] for link in described["links"]] == ["objectifs", "echeance"]
    assert described["links"][0]["text"] == "Change your answer to “Objectifs ?”"


def test_or_names_its_first_part_that_holds_in_written_order() -> None:
    answers = {"objectifs": ("idee",), "echeance": ("tard",), "supports": ("web",)}
    found = explain(questionnaire(), answers)
    assert found is not None and found.offer == "prop"
    assert found.parts == (Part(key="echeance", codes=("tard",)),)
    described = describe(found, words())
    assert described["custom"] is False
    assert described["sentence"] == "You answered “Plus tard” to “Échéance ?”"


def test_not_is_explained_by_why_its_inner_condition_fails() -> None:
    answers = {"objectifs": ("pistes",), "supports": ("papier",)}
    found = explain(questionnaire(), answers)
    assert found is not None and found.offer == "devis"
    # 'not (a and b)' fails because 'a and b' holds: both parts decided.
    answers = {"objectifs": ("pistes",), "supports": ("web",)}
    found = explain(questionnaire(), answers)
    assert found is not None and found.offer == "prop"
    assert found.parts == (Part(key="supports", codes=("web",)),)


def test_otherwise_names_the_first_failing_part_of_each_earlier_rule() -> None:
    answers = {"objectifs": ("pistes",), "supports": ("papier",)}
    found = explain(questionnaire(), answers)
    assert found is not None
    assert (found.rule, found.otherwise) == (3, True)
    assert found.parts == (
        Part(op=">=", threshold=6, reached=0, offer="rdv"),
        Part(key="echeance", codes=(), offer="prop"),
        Part(key="objectifs", codes=("pistes",), offer="mixte"),
    )
    described = describe(found, words())
    assert [part["text"] for part in described["parts"]] == [
        "Not “Un rendez-vous” — Your score: 0 (the rule: score ≥ 6)",
        "Not “prop” — You did not answer “Échéance ?”",
        "Not “mixte” — You answered “Aucun” to “Objectifs ?”",
    ]
    assert described["parts"][1] == {
        "key": "echeance",
        "codes": [],
        "offer": "prop",
        "text": "Not “prop” — You did not answer “Échéance ?”",
    }


def test_labels_are_plain_text_and_markup_is_not_kept() -> None:
    assert words()["questions"]["objectifs"]["options"]["definis"] == "*Définis*"
    assert plain("<em>Définis</em> &amp; <b>mesurés</b>\n <script>x</script>") == (
        "Définis & mesurés x"
    )


def test_a_sentence_comes_after_the_condition_and_may_hold_a_hash() -> None:
    rules, errors = parse_rules(['a: score >= 1  "Votre projet #1 est   mûr."  # note'], 5)
    assert errors == []
    assert rules[0].why == "Votre projet #1 est mûr."
    assert rules[0].condition.value == 1  # type: ignore[union-attr]


UNCLOSED = "a sentence starts with '\"' and ends with the next '\"', at the end of the rule"
EMPTY = "the sentence between '\"' is empty: write one or drop the quotes"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('b: otherwise "not closed', f"routing, column 14: {UNCLOSED}"),
        ('c: x = y ""', f"routing, column 10: {EMPTY}"),
        ('d: x = y "one" and z = w', f"routing, column 10: {UNCLOSED}"),
        ('e: "only a sentence"', "routing, column 3: expected a condition after ':'"),
    ],
)
def test_bad_sentences_are_located(line: str, reason: str) -> None:
    rules, errors = parse_rules([line, "ok: otherwise", line], 7)
    assert [rule.offer for rule in rules] == ["ok"]
    assert [number for number, _ in errors] == [7, 9]
    assert [message for _, message in errors] == [reason, reason]


def test_a_bad_sentence_in_a_page_is_a_problem_with_its_line() -> None:
    _, problems = parse_questionnaire(PAGE.replace('"Parlons-en."', '"Parlons'), "q.md")
    assert [(problem.line, "sentence" in problem.reason) for problem in problems] == [(20, True)]
