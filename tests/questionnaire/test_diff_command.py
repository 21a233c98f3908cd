"""`pelican-prospects diff`: against a git revision or a file, its report and its exit status."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .test_commands import make_site, run

PAGE = Path("content/pages/projet.md")


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def edit(tmp_path: Path, old: str, new: str) -> None:
    page = tmp_path / PAGE
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> str:
    """Return the settings of a sample site committed in a git repository."""
    settings = make_site(tmp_path, "site")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return settings


def test_no_edit_exits_0(site: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", "-s", site, "votre-projet") == (
        0,
        "votre-projet: the routing is the same\n",
        "",
    )


def test_a_raised_threshold_is_described_and_exits_1(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(tmp_path, "proposition: score >= 2", "proposition: score >= 3")
    code, out, err = run(capsys, "diff", "-s", site, "votre-projet")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "votre-projet: the routing changes",
        "",
        "proposition → devis, 4 answer sets:",
        "  Quels sont vos objectifs ? : Ils sont définis et mesurables;"
        " Quels supports envisagez-vous ? : Site web not ticked — 2 answer sets",
        "  Quels sont vos objectifs ? : J'ai une idée générale;"
        " Quels supports envisagez-vous ? : Site web ticked — 2 answer sets",
        "  stale link, now sent on to devis:"
        " https://example.org/proposition/?objectifs=definis&supports=plaquette",
        "",
        "Answer sets per offer (before → after):",
        "  rendez-vous: 0 → 0",
        "  proposition: 6 → 2",
        "  devis: 6 → 10",
    ]


def test_json_lists_options_added_removed_and_stale_links(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(tmp_path, "{idee +1}", "{generale +1}")
    code, out, err = run(capsys, "diff", "--json", "-s", site, "votre-projet")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert report["moves"] == []
    assert report["options_added"] == [{"question": "objectifs", "code": "generale"}]
    assert report["options_removed"] == [{"question": "objectifs", "code": "idee"}]
    assert report["stale"] == 4
    assert report["stale_example"].startswith("https://example.org/votre-projet/?objectifs=idee")
    assert report["new"] == 4


def test_a_renamed_code_makes_stale_links_beside_a_changed_score(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(tmp_path, "{plaquette}", "{brochure}")
    edit(tmp_path, "{idee +1}", "{idee +2}")
    code, out, err = run(capsys, "diff", "--json", "-s", site, "votre-projet")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert (report["stale"], report["new"]) == (6, 6)
    assert "supports=plaquette" in report["stale_example"]
    assert report["options_removed"] == [{"question": "supports", "code": "plaquette"}]


def test_an_alias_covers_the_links_a_renamed_code_would_make_stale(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(tmp_path, "{idee +1}", "{generale +1 was:idee}")
    code, out, err = run(capsys, "diff", "--json", "-s", site, "votre-projet")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert (report["stale"], report["new"], report["moves"]) == (0, 0, [])
    assert report["options_added"] == report["options_removed"] == []
    edit(tmp_path, "# Quels sont vos objectifs ? {#objectifs}", "# Objectifs {#buts}")
    edit(tmp_path, "objectifs = ", "buts = ")
    code, out, err = run(capsys, "diff", "-s", site, "votre-projet")
    assert (code, err) == (1, "")
    assert "Stale links: 12 answer sets valid before are not now, for example" in out
    edit(tmp_path, "{#buts}", "{#buts was:objectifs}")
    assert run(capsys, "diff", "-s", site, "votre-projet") == (
        0,
        "votre-projet: the routing is the same\n",
        "",
    )


def test_old_file_instead_of_git(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    former = tmp_path / "former.md"
    former.write_text(
        (tmp_path / PAGE).read_text(encoding="utf-8").replace("score >= 2", "score >= 1"),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "diff", "--old", str(former), "-s", site, "votre-projet")
    assert code == 1
    assert "proposition → devis, 4 answer sets:" in out.splitlines()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "nope"], "prospects: unknown git revision 'nope'\n"),
        (["--from=-x"], "prospects: '-x' is not a git revision\n"),
        (["--old", "missing.md"], "prospects: cannot read missing.md: "),
    ],
)
def test_errors_exit_2_without_traceback(
    site: str,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "diff", *argv, "-s", site, "votre-projet")
    assert (code, out) == (2, "")
    assert err.startswith(message)


def test_a_page_absent_at_the_revision_exits_2(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "mv", str(PAGE), "content/pages/renamed.md")
    git(tmp_path, "commit", "-q", "-m", "renamed")
    code, out, err = run(capsys, "diff", "--from", "HEAD~1", "-s", site, "votre-projet")
    assert (code, out) == (2, "")
    assert err == "prospects: content/pages/renamed.md does not exist at revision 'HEAD~1'\n"


def test_outside_git_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_site(tmp_path, "site")
    code, out, err = run(capsys, "diff", "-s", settings, "votre-projet")
    assert (code, out) == (2, "")
    assert err.startswith("prospects: ") and "is not in a git repository" in err


def test_a_broken_former_version_is_named(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    former = tmp_path / "former.md"
    former.write_text(
        (tmp_path / PAGE).read_text(encoding="utf-8").replace("objectifs = pistes", "buts = x"),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "diff", "--old", str(former), "-s", site, "votre-projet")
    assert (code, out) == (2, "")
    assert err.startswith(f"prospects: cannot read the former version {former}:\n")
    assert "unknown question 'buts'" in err


def test_a_former_file_that_is_not_text_exits_2(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    former = tmp_path / "former.md"
    former.write_bytes(b"\xff\xfe\x00\x81 not utf-8")
    code, out, err = run(capsys, "diff", "--old", str(former), "-s", site, "votre-projet")
    assert (code, out) == (2, "")
    assert err.startswith(f"prospects: cannot read {former}: 'utf-8' codec can't decode")


def test_a_former_file_without_routing_exits_2(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    former = tmp_path / "former.md"
    former.write_text("Title: Nothing\n\nJust text.\n", encoding="utf-8")
    code, out, err = run(capsys, "diff", "--old", str(former), "-s", site, "votre-projet")
    assert (code, out, err) == (2, "", f"prospects: {former} has no routing block\n")
