"""A long address of repeated keys is read in linear time: a crafted link cannot freeze the page."""

from __future__ import annotations

from pathlib import Path

import pytest

# Each query holds 30,000 parts; read in quadratic time, either took over ten seconds.
REPEATS = 30_000
QUERIES = {
    "a campaign key given again and again": "?objectifs=definis&" + "ref=x&" * REPEATS,
    "distinct codes of one question": "?" + "&".join(f"objectifs=c{k}" for k in range(REPEATS)),
}


@pytest.fixture(scope="module")
def site(demo_preview: Path, serve) -> str:  # type: ignore[no-untyped-def]
    return serve(demo_preview)


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_repeated_keys_are_decoded_in_linear_time(site: str, visit, query: str) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{site}/pages/devis.html")
    spent, decoded = opened.page.evaluate(
        """search => {
          const j = JSON.parse(document.getElementById("prospects.journey").textContent).journeys[0];
          const start = performance.now();
          const d = window.prospectsJourney.decode(j, search);
          return [performance.now() - start,
                  { dropped: d.dropped, attribution: [...d.attribution], answers: [...d.answers] }];
        }""",
        QUERIES[query],
    )
    assert spent < 2000, f"{query}: {spent:.0f} ms"
    assert decoded["dropped"] == (query == "distinct codes of one question")
    assert decoded["attribution"] == []  # `ref` given twice (or never) is dropped
    if query != "distinct codes of one question":
        assert decoded["answers"] == [["objectifs", ["definis"]]]
    assert opened.errors == []
