"""The generated block in a file the site owner writes to as well."""

from __future__ import annotations

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.server_rules.merge import BEGIN, END, NOTE, merge

OWN = "Options -Indexes\nErrorDocument 404 /404.html\n"


def test_a_new_file_holds_the_block_alone() -> None:
    assert merge(None, ["rule"], ".htaccess") == f"{BEGIN}\n{NOTE}\nrule\n{END}\n"


def test_the_block_goes_first_and_the_owner_lines_stay() -> None:
    assert merge(OWN, ["rule"], ".htaccess") == f"{BEGIN}\n{NOTE}\nrule\n{END}\n\n{OWN}"


def test_a_block_is_replaced_where_it_stands() -> None:
    existing = f"Options -Indexes\n{BEGIN}\nold rule\n{END}\nErrorDocument 404 /404.html\n"
    merged = merge(existing, ["new rule"], ".htaccess")
    assert (
        merged
        == f"Options -Indexes\n{BEGIN}\n{NOTE}\nnew rule\n{END}\nErrorDocument 404 /404.html\n"
    )
    assert merge(merged, ["new rule"], ".htaccess") == merged


@pytest.mark.parametrize(
    ("existing", "message"),
    [
        (
            f"{BEGIN}\nrule\n",
            "output/.htaccess:1: expected one '# BEGIN pelican-prospects' line followed by one"
            " '# END pelican-prospects' line around the generated rules, but found 1 and 0:"
            " fix or remove them",
        ),
        (
            f"{END}\nrule\n{BEGIN}\n",
            "output/.htaccess:3: '# END pelican-prospects' comes before"
            " '# BEGIN pelican-prospects': fix or remove these lines",
        ),
    ],
)
def test_broken_markers_stop_the_build(existing: str, message: str) -> None:
    with pytest.raises(ProspectsError) as error:
        merge(existing, ["rule"], "output/.htaccess")
    assert [str(problem) for problem in error.value.problems] == [message]
