"""``activitymon record`` and ``snapshot --recording`` (issue 13 §1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activitymon.cli import main
from activitymon.commands import record
from activitymon.model import Event, MemoryStats, ProcessInfo, Snapshot
from activitymon.recording import Recording
from activitymon.sources import Capability, SourceKind


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, object]:
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def test_recorded_hog_at_20_s_is_the_simulator_at_20_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The judged case: record ``hog`` for 40 simulated seconds; the recording's
    snapshot at 20 s is the simulator's at 20 s."""
    out = tmp_path / "hog.amrec"
    assert main(["record", str(out), "--scenario", "hog", "--until", "40"]) == 0
    assert "recorded 41 samples" in capsys.readouterr().err
    recorded = _json(capsys, ["snapshot", "--recording", str(out), "--at", "20", "--json"])
    live = _json(
        capsys, ["snapshot", "--source", "sim", "--scenario", "hog", "--at", "20", "--json"]
    )
    assert recorded["level"] == live["level"]
    assert recorded["level"] in ("warn", "critical")  # the hog is pressing by then
    procs = recorded["processes"]
    assert isinstance(procs, list)
    assert len(procs) > 5
    assert recorded == live  # processes, footprints, bands, level, memory: all of it


def test_the_hog_recording_keeps_events_and_the_low_memory_report(tmp_path: Path) -> None:
    out = tmp_path / "hog.amrec"
    assert main(["record", str(out), "--scenario", "hog", "--until", "40"]) == 0
    with Recording(out) as rec:
        assert rec.info.complete
        assert rec.info.problem is None
        assert rec.info.source == "sim"
        assert "hog" in rec.info.description
        assert rec.info.device == "iPod5,1 (simulated)"
        assert rec.info.interval == 1.0
        assert (rec.start, rec.end, rec.sample_count) == (0.0, 40.0, 41)
        events = rec.events(-1, rec.sample_count - 1)
        kinds = {e.kind.value for e in events}
        assert {"kill", "level", "notify"} <= kinds
        assert [e.t for e in events] == sorted(e.t for e in events)
        reports = rec.reports(-1, rec.sample_count - 1)
        assert len(reports) >= 1
        assert reports[0].victims
        # the events between two samples are those drained with the later one
        before = rec.events(-1, 19)
        assert before
        assert all(e.t <= 19.0 for e in before)


def test_record_refuses_a_file_that_is_not_a_recording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("keep me\n")
    assert main(["record", str(other), "--scenario", "hog", "--until", "2"]) == 2
    assert "not a recording; not overwriting it (use --force)" in capsys.readouterr().err
    assert other.read_text() == "keep me\n"
    assert main(["record", str(other), "--scenario", "hog", "--until", "2", "--force"]) == 0
    with Recording(other) as rec:
        assert rec.sample_count == 3


def test_record_never_writes_over_its_scenario_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "mine.toml"
    text = '[device]\nprofile = "iPod5,1"\n'
    scenario.write_text(text)
    rc = main(["record", str(scenario), "--scenario", str(scenario), "--until", "2", "--force"])
    assert rc == 2
    assert "is an input of this run" in capsys.readouterr().err
    assert scenario.read_text() == text


def test_record_replaces_an_older_recording(tmp_path: Path) -> None:
    out = tmp_path / "run.amrec"
    assert main(["record", str(out), "--scenario", "hog", "--until", "5"]) == 0
    assert main(["record", str(out), "--scenario", "hog", "--until", "3"]) == 0
    with Recording(out) as rec:
        assert rec.sample_count == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--interval", "0"], "--interval: expected seconds from 0.001 to 3600, got 0"),
        (["--interval", "1e-9"], "--interval: expected seconds from 0.001 to 3600, got 1e-9"),
        (["--interval", "nan"], "--interval: expected seconds from 0.001 to 3600, got nan"),
        (["--until", "-1"], "--until: expected seconds above 0 to 604800, got -1"),
        (["--until", "inf"], "--until: expected seconds above 0 to 604800, got inf"),
        (["--until", "1e308"], "--until: expected seconds above 0 to 604800, got 1e308"),
        (
            ["--until", "86400", "--interval", "0.001"],
            "would take 86,400,000 samples; at most 1,000,000",
        ),
        (
            ["--until", "100000", "--scenario", "hog"],
            "--until: expected simulated seconds above 0 to 86400, got 100000",
        ),
    ],
    ids=[
        "interval-0",
        "interval-1e-9",
        "interval-nan",
        "until-negative",
        "until-inf",
        "until-1e308",
        "a-day-at-1-ms",
        "sim-beyond-a-day",
    ],
)
def test_record_rejects_bad_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        status = main(["record", str(tmp_path / "x.amrec"), *argv])
    except SystemExit as exc:  # argparse refuses the option's value itself
        status = int(exc.code or 0)
    assert status == 2
    assert not (tmp_path / "x.amrec").exists()
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_snapshot_at_outside_the_recording_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hog.amrec"
    assert main(["record", str(out), "--scenario", "hog", "--until", "4"]) == 0
    capsys.readouterr()
    assert main(["snapshot", "--recording", str(out), "--at", "9", "--json"]) == 2
    err = capsys.readouterr().err
    assert "outside the recording (t = 0 … 4 s)" in err
    assert err.count("\n") == 1


def test_snapshot_of_a_file_that_is_not_a_recording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "x.amrec"
    bogus.write_text("hello")
    assert main(["snapshot", "--recording", str(bogus)]) == 2
    assert "not an activitymon recording" in capsys.readouterr().err


class _LiveFake:
    """A live (unclocked) source: the count of samples tells the clock."""

    name = SourceKind.LINUX

    def __init__(self) -> None:
        self.n = 0
        self.closed = False

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.RSS})

    def describe(self) -> str:
        return "a fake live source"

    def sample(self) -> Snapshot:
        self.n += 1
        procs = (ProcessInfo(pid=1, name="init", rss_bytes=4096 * self.n),)
        return Snapshot(
            time=float(self.n), memory=MemoryStats(4096, 1000), processes=procs, device="fake"
        )

    def drain_events(self) -> list[Event]:
        return []

    def close(self) -> None:
        self.closed = True


def test_a_live_source_records_until_until(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _LiveFake()
    monkeypatch.setattr(record, "open_source", lambda *a, **k: fake)
    out = tmp_path / "live.amrec"
    # samples at 0, 0.01 … 0.05 s: the schedule, not the wall clock, decides the count
    assert main(["record", str(out), "--interval", "0.01", "--until", "0.05"]) == 0
    assert fake.closed
    with Recording(out) as rec:
        assert rec.sample_count == 6
        assert rec.info.source == "linux"
        assert rec.info.complete
        assert rec.snapshot(5).processes[0].rss_bytes == 6 * 4096


def test_ctrl_c_closes_a_live_recording_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _LiveFake()
    real_sample = fake.sample

    def sample() -> Snapshot:
        if fake.n == 3:
            raise KeyboardInterrupt
        return real_sample()

    monkeypatch.setattr(fake, "sample", sample)
    monkeypatch.setattr(record, "open_source", lambda *a, **k: fake)
    out = tmp_path / "live.amrec"
    assert main(["record", str(out), "--interval", "0.01"]) == 0
    with Recording(out) as rec:
        assert rec.info.complete
        assert rec.sample_count == 3
    assert not Path(f"{out}-wal").exists()
