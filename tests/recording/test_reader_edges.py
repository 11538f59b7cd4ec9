"""The recording reader at its edges, on copies of the golden recording: a time that
is not a number, a file without a keyframe at the start, a report it cannot read, how
damage is named (``recording.reader``)."""

from __future__ import annotations

import math
import shutil
import sqlite3
from pathlib import Path

import pytest

from activitymon.recording import Recording, RecordingError, reader
from tests.recording.golden import GOLDEN


@pytest.fixture
def golden_copy(tmp_path: Path) -> Path:
    path = tmp_path / "copy.amrec"
    shutil.copyfile(GOLDEN, path)
    return path


def _change(path: Path, sql: str, *params: object) -> None:
    with sqlite3.connect(path) as db:
        db.execute(sql, params)


def test_a_time_that_is_not_a_number_seeks_to_the_first_sample(golden_copy: Path) -> None:
    with Recording(golden_copy) as recording:
        assert recording.seq_at(math.nan) == 0
        assert recording.seq_at(-5.0) == 0
        assert recording.seq_at(0.5) == 1
        assert recording.seq_at(99.0) == 3
        assert recording.keyframe_before(3) == 0


def test_a_recording_without_a_keyframe_at_the_start_is_refused(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET keyframe = 0")
    with pytest.raises(RecordingError, match=r"damaged recording \(no keyframe at the start\)"):
        Recording(golden_copy)


def test_a_recording_whose_first_keyframe_comes_late_is_refused(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET keyframe = (seq = 2)")
    with pytest.raises(RecordingError, match=r"damaged recording \(no keyframe at the start\)"):
        Recording(golden_copy)


def test_a_report_that_cannot_be_read_is_passed_over(golden_copy: Path) -> None:
    _change(
        golden_copy,
        "INSERT INTO reports (seq, t, format, text) VALUES (1, 0.5, 'json', ?)",
        b"{ not a report",
    )
    with Recording(golden_copy) as recording:
        assert recording.reports(0, 3) == []


def test_rows_sort_by_seq_and_a_seq_that_is_no_integer_last() -> None:
    assert reader._seq_order((5, 1.0)) == 5
    assert reader._seq_order(("5", 1.0)) == 12_096_001
    assert reader._seq_order((None, 3)) == 12_096_001


def test_the_readers_bounds_are_the_documented_ones() -> None:
    assert reader.MAX_SAMPLES == 7 * 86_400 * 20  # a week at 20 samples a second
    assert reader.MAX_EVENTS == 100_000


def test_a_value_is_shown_in_24_characters_at_most() -> None:
    assert reader._shown(None) == "missing"
    assert reader._shown("a" * 22) == "'" + "a" * 22 + "'"  # 24 with its quotes
    assert reader._shown("b" * 23) == "'" + "b" * 22 + "…"
    assert reader._shown(1.5) == "1.5"


@pytest.mark.parametrize(
    ("exc", "text"),
    [
        (RecursionError(), "nested too deep"),
        (OverflowError("x"), "a number too large for its field"),
        (ValueError("band: expected an integer"), "band: expected an integer"),
        (KeyError(7), "it names 7, which the sample does not hold"),
        (TypeError("unhashable type: 'list'"), "TypeError: unhashable type: 'list'"),
        (IndexError("list index out of range"), "IndexError: list index out of range"),
    ],
)
def test_damage_is_named_by_kind(exc: BaseException, text: str) -> None:
    assert reader.damage_text(exc) == text
