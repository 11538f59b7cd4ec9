"""The recording reader on damaged copies of the golden recording, each damage named
in its one line, and its bounds at their edges (``recording.reader``).

The golden recording (tests/recording/golden.py) holds samples 0–3 at t = 0, 0.5, 1.0
and 1.5 s, a keyframe at 0 only, no events and no reports. The format's bounds are the
documented ones (docs/RECORDING.md): times within ±1e12 s, an event row of at most
65,536 characters, at most 12,096,000 samples (a week at 20 a second)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from activitymon.model import Killed
from activitymon.recording import Recording, RecordingError, reader
from activitymon.recording.frame_io import pack
from tests.recording.golden import GOLDEN

REPORT = Path(__file__).parents[1] / "reports" / "data" / "LowMemory-ios8-qa1894-style.txt"
#: an event row as the writer stores it (model/events.py event_to_dict)
KILL = {
    "kind": "kill",
    "t": 0.5,
    "pid": 40,
    "name": "hog",
    "reason": "vm-pageshortage",
    "band": 10,
    "footprint_bytes": 157286400,
}


@pytest.fixture
def golden_copy(tmp_path: Path) -> Path:
    path = tmp_path / "copy.amrec"
    shutil.copyfile(GOLDEN, path)
    return path


def _change(path: Path, sql: str, *params: object) -> None:
    with sqlite3.connect(path) as db:
        db.execute(sql, params)


def test_a_missing_sample_ends_the_readable_part(golden_copy: Path) -> None:
    _change(golden_copy, "DELETE FROM samples WHERE seq = 2")
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 2
        assert recording.info.problem is not None
        assert "damaged part way (sample 2 is missing)" in recording.info.problem
        assert "it shows the 2 samples before, up to t = 0.5 s" in recording.info.problem


def test_a_time_that_is_text_ends_the_readable_part(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET t = 'soon' WHERE seq = 2")
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 2
        assert recording.info.problem is not None
        assert "sample 2: its time is 'soon', not a number of seconds" in recording.info.problem


@pytest.mark.parametrize("edge", [1e12, -1e12])
def test_a_time_at_the_bound_is_read(golden_copy: Path, edge: float) -> None:
    seq = 3 if edge > 0 else 0
    if edge < 0:
        _change(golden_copy, "UPDATE samples SET t = t - 5")  # keep the times ascending
    _change(golden_copy, "UPDATE samples SET t = ? WHERE seq = ?", edge, seq)
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 4
        assert recording.times[seq] == edge


def test_a_time_past_the_bound_ends_the_readable_part(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET t = 1.000001e12 WHERE seq = 3")
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 3


def test_a_time_going_back_names_both_times(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET t = 0.25 WHERE seq = 3")
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 3
        assert recording.info.problem is not None
        assert "sample 3: its time goes back (0.25 s after 1 s)" in recording.info.problem
        assert "up to t = 1 s" in recording.info.problem


def test_the_sample_bound_is_counted_exactly(
    golden_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_SAMPLES", 4)  # the golden's own count: read
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 4
    monkeypatch.setattr(reader, "MAX_SAMPLES", 3)  # one fewer: refused
    with pytest.raises(RecordingError, match="holds more than 3 samples"):
        Recording(golden_copy)


def test_the_event_bound_is_65536_characters() -> None:
    assert reader.MAX_EVENT_CHARS == 65_536
    text = json.dumps(KILL)
    at_bound = text + " " * (65_536 - len(text))
    assert reader._event(at_bound) is not None
    assert reader._event(at_bound + " ") is None
    assert reader._event(at_bound.encode()) is not None


@pytest.mark.parametrize(
    "data",
    [
        5,  # not text
        None,
        "{ not json",  # ValueError
        "NaN",  # a constant JSON does not have
        "[1, 2]",  # not an object
        '{"kind": "no such kind"}',  # ValueError from event_from_dict
        json.dumps({**KILL, "pid": "forty"}),  # a field of the wrong type
        "[" * 30_000 + "]" * 30_000,  # nested too deep: RecursionError
    ],
)
def test_a_row_that_is_no_event_is_passed_over(data: Any) -> None:
    assert reader._event(data) is None


def test_events_are_read_in_order_past_the_ones_that_are_not(golden_copy: Path) -> None:
    rows = [json.dumps(KILL), "{ not json", json.dumps({**KILL, "pid": 33, "name": "mail"})]
    for data in rows:
        _change(
            golden_copy,
            "INSERT INTO events (seq, t, kind, data) VALUES (1, 0.5, 'killed', ?)",
            data,
        )
    with Recording(golden_copy) as recording:
        found = recording.events(0, 3)
    assert [(type(e), e.pid) for e in found if isinstance(e, Killed)] == [
        (Killed, 40),
        (Killed, 33),
    ]
    assert len(found) == 2


def test_reports_are_read_past_the_rows_that_are_not(golden_copy: Path) -> None:
    text = REPORT.read_bytes()
    for data in (text, 5, b"{ not a report", text.decode("utf-8")):
        _change(
            golden_copy,
            "INSERT INTO reports (seq, t, format, text) VALUES (1, 0.5, 'text', ?)",
            data,
        )
    with Recording(golden_copy) as recording:
        found = recording.reports(0, 3)
    assert len(found) == 2  # the first and the last row: the two between are passed over


def test_a_frame_that_does_not_inflate_is_named_with_its_sample(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET system = ? WHERE seq = 1", b"not deflated")
    with Recording(golden_copy) as recording:
        with pytest.raises(RecordingError, match="damaged sample near 1: "):
            recording.frames(1, 1)
        with pytest.raises(RecordingError, match="damaged sample near 0: "):
            recording.state_at_seq(2)


def test_a_delta_naming_a_process_the_sample_lacks_is_named(golden_copy: Path) -> None:
    frame = pack({"changed": [[99, {"footprint_bytes": 1}]]})
    _change(golden_copy, "UPDATE samples SET processes = ? WHERE seq = 1", frame)
    expected = "damaged sample 1: it names 99, which the sample does not hold"
    with Recording(golden_copy) as recording, pytest.raises(RecordingError, match=expected):
        recording.state_at_seq(1)


def test_a_system_frame_with_a_bad_level_is_named(golden_copy: Path) -> None:
    frame = pack({"time": 0.5, "level": "bogus"})
    _change(golden_copy, "UPDATE samples SET system = ? WHERE seq = 1", frame)
    expected = "damaged sample: unknown pressure level 'bogus'"
    with Recording(golden_copy) as recording, pytest.raises(RecordingError, match=expected):
        recording.snapshot(1)


def test_the_history_of_one_sample_is_that_sample(golden_copy: Path) -> None:
    with Recording(golden_copy) as recording:
        assert [s.time for s in recording.system_history(2, 2)] == [1.0]
        assert recording.system_history(3, 2) == []


def test_a_seq_before_the_first_names_the_first_keyframe(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET keyframe = 1 WHERE seq = 2")
    with Recording(golden_copy) as recording:
        assert recording.keyframe_before(-1) == 0
        assert recording.keyframe_before(1) == 0
        assert recording.keyframe_before(3) == 2


def test_two_samples_at_the_same_time_are_both_read(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET t = 0.5 WHERE seq = 2")
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 4
        assert recording.info.problem is None


def test_a_time_going_back_past_a_later_sample_only_is_found(golden_copy: Path) -> None:
    _change(golden_copy, "UPDATE samples SET t = 0.75 WHERE seq = 3")  # after 0 and 0.5
    with Recording(golden_copy) as recording:
        assert recording.sample_count == 3


def test_a_file_that_lost_its_time_index_is_read_from_the_table(golden_copy: Path) -> None:
    _change(golden_copy, "DROP INDEX samples_t")
    with Recording(golden_copy) as recording:
        assert list(recording.times) == [0.0, 0.5, 1.0, 1.5]
        assert recording.info.problem is None


def test_a_cut_off_recording_says_so_in_one_line(golden_copy: Path) -> None:
    _change(golden_copy, "DELETE FROM meta WHERE key = 'closed'")
    with Recording(golden_copy) as recording:
        assert recording.info.problem == (
            "copy.amrec: the recording was cut off (not closed cleanly); it ends at its "
            "last complete sample, t = 1.5 s"
        )


@pytest.mark.parametrize(
    ("sql", "call", "what"),
    [
        ("DROP TABLE events", "events", "damaged events"),
        ("DROP TABLE reports", "reports", "damaged reports"),
        ("ALTER TABLE samples RENAME COLUMN system TO sys", "frames", "damaged sample near 1"),
    ],
)
def test_an_sqlite_error_while_reading_is_one_line(
    golden_copy: Path, sql: str, call: str, what: str
) -> None:
    with Recording(golden_copy) as recording:
        _change(golden_copy, sql)  # changed under the open reader
        with pytest.raises(RecordingError, match=what):
            getattr(recording, call)(1, 2)


def test_the_history_names_a_damaged_system_frame(golden_copy: Path) -> None:
    frame = pack({"time": 0.5, "level": "bogus"})
    _change(golden_copy, "UPDATE samples SET system = ? WHERE seq = 1", frame)
    expected = "damaged sample: unknown pressure level 'bogus'"
    with Recording(golden_copy) as recording, pytest.raises(RecordingError, match=expected):
        recording.system_history(1, 2)


@pytest.mark.parametrize(
    ("exc", "text"),
    [
        # cut to 200, 40 and 60 characters, the last an ellipsis (model.text.shortened)
        (ValueError("v" * 300), "v" * 199 + "…"),
        (KeyError("k" * 50), "it names '" + "k" * 38 + "…, which the sample does not hold"),
        (TypeError("t" * 100), "TypeError: " + "t" * 59 + "…"),
    ],
)
def test_a_long_damage_text_is_cut(exc: BaseException, text: str) -> None:
    assert reader.damage_text(exc) == text
