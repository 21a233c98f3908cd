"""Fuzzed query strings through the codec: answers that fit and a short list of notices; quickly."""

from __future__ import annotations

import random
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_prospects.questionnaire import attribution
from pelican_prospects.questionnaire.codec import MAX_NOTICES, decode, encode
from pelican_prospects.questionnaire.model import Questionnaire

from ..questionnaire.randoms import WIDE, random_questionnaire
from .checks import timed

questionnaires = st.randoms(use_true_random=False).map(lambda rng: random_questionnaire(rng, WIDE))
JUNK = ["", "=", "&", "%", "%zz", "%ff", "%00", "+", "?", "é", "%C3%A9", "\x00", "a=b=c", "#"]


@st.composite
def query(draw: st.DrawFn, questionnaire: Questionnaire) -> str:
    """Return a query string of the questionnaire's keys and codes, quoted or not, and junk."""
    keys = [question.key for question in questionnaire.questions] or ["q"]
    codes = [o.code for question in questionnaire.questions for o in question.options] or ["x"]
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        key = draw(
            st.sampled_from(keys)
            | st.sampled_from(JUNK)
            | st.sampled_from(attribution.KEYS)
            | st.text(max_size=5)
        )
        code = draw(st.sampled_from(codes) | st.sampled_from(JUNK) | st.text(max_size=5))
        if draw(st.booleans()):
            key, code = quote(key, safe=""), quote(code, safe="")
        parts.append(f"{key}={code}" if draw(st.integers(0, 5)) else key)
    return draw(st.sampled_from(["", "?"])) + draw(st.sampled_from(["&", "&&", ";"])).join(parts)


def check(questionnaire: Questionnaire, text: str) -> None:
    decoded = timed(lambda: decode(questionnaire, text))
    assert len(decoded.notices) <= MAX_NOTICES
    for key, codes in decoded.answers.items():
        question = questionnaire.question(key)
        assert question is not None and codes
        assert list(codes) == [o.code for o in question.options if o.code in codes]
        assert question.multiple or len(codes) == 1
    assert decode(questionnaire, encode(questionnaire, decoded.answers)).answers == decoded.answers
    for key, raw in decoded.attribution.items():
        text = attribution.text(raw)
        assert key in attribution.KEYS and text is not None and 0 < len(text) <= 100
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)
    canonical = encode(questionnaire, decoded.answers, decoded.attribution)
    again = decode(questionnaire, canonical)
    assert (again.answers, again.attribution) == (decoded.answers, decoded.attribution)


@given(st.data())
def test_any_query_decodes_to_answers_that_fit(data: st.DataObject) -> None:
    questionnaire = data.draw(questionnaires)
    check(questionnaire, data.draw(query(questionnaire) | st.text(max_size=40)))


@pytest.mark.parametrize(
    "text",
    [
        "q0=" + "o" * 100_000,
        "&".join(f"q0=o{n}" for n in range(10_000)),
        "&".join(f"k{n}=v" for n in range(10_000)),
        "%" * 100_000,
        "&" * 100_000,
        "%25" * 30_000,
        "utm_source=" + "a" * 100_000,
        "utm_source=" + "%C3%A9" * 30_000,
        "&".join(f"ref=v{n}" for n in range(10_000)),
    ],
    ids=[
        "100kb-code",
        "10k-answers",
        "10k-unknown-keys",
        "percents",
        "ampersands",
        "quoted-percents",
        "100kb-attribution",
        "long-escaped-attribution",
        "10k-refs",
    ],
)
def test_a_pathological_query_decodes_quickly(text: str) -> None:
    check(random_questionnaire(random.Random(1), WIDE), text)
