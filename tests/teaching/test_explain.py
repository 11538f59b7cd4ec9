"""``activitymon explain``: an entry, --list, and suggestions for a typo."""

from __future__ import annotations

import pytest

from activitymon.cli import main
from activitymon.model import KillReason
from activitymon.teaching import terms


def test_explain_idle_exit_prints_a_paragraph(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "idle-exit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("idle-exit (kill-reason)")
    assert "idle threshold" in " ".join(out.split())
    assert "Kernel:" in out
    assert "What to do:" in out
    assert len(out.split()) > 60


@pytest.mark.parametrize("words", [["idle", "exit"], ["IDLE_EXIT"], ["Idle-Exit"]])
def test_aliases_resolve(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", *words]) == 0
    assert capsys.readouterr().out.startswith("idle-exit ")


def test_list_covers_reasons_bands_figures_and_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--list"]) == 0
    listed = set(capsys.readouterr().out.splitlines())
    wanted = {r.value for r in KillReason} | terms.all_band_names()
    wanted |= set(terms.MEMORY_FIGURE_TERMS.values()) | set(terms.COLUMN_TERMS.values())
    assert wanted <= listed


def test_a_typo_exits_2_naming_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "idel-exit"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "closest: idle-exit" in err


def test_without_a_term_every_category_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain"]) == 0
    out = capsys.readouterr().out
    assert "kill-reason:" in out
    assert "column:" in out


def test_a_pasted_page_is_echoed_as_one_short_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A term of 5,000 characters (a paste gone wrong) is named by its first 59 and
    ``…``, on one line, not echoed whole."""
    assert main(["explain", "q" * 5000]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'" + "q" * 59 + "…'" in err
    assert len(err) < 200
