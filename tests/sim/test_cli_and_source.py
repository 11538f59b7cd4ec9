"""``activitymon simulate`` (issue 3 §11) and the ``sim`` source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activitymon.cli import main
from activitymon.model import event_from_dict
from activitymon.sources import ClockedSource, SourceError, open_source
from activitymon.sources.sim import SimulatorSource


def test_simulate_writes_events_reports_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events_path = tmp_path / "events.jsonl"
    reports_dir = tmp_path / "reports"
    rc = main(["simulate", "hog", "--events", str(events_path), "--reports", str(reports_dir)])
    assert rc == 0
    out = capsys.readouterr().out
    assert "by reason  vm-pageshortage" in out
    # iOS 6: priorities, not bands; suspended apps die first, the frontmost hog last
    assert "by band    priority 16 SUSPENDED_APP (est.)" in out
    assert "by band    priority 2 FRONTMOST_APP (est.)" in out
    assert "peak level            critical" in out
    assert "time below critical" in out
    records = [json.loads(line) for line in events_path.read_text().splitlines()]
    assert all(r["kind"] and isinstance(r["t"], float | int) for r in records)
    events = [event_from_dict(r) for r in records]
    assert [r["t"] for r in records] == sorted(r["t"] for r in records)
    written = [r for r in records if r["kind"] == "report"]
    files = sorted(p.name for p in reports_dir.iterdir())
    assert written
    assert sorted(Path(r["path"]).name for r in written) == files
    assert {r["format"] for r in written} == {"lowmemory-plist"}
    assert any(e.kind.value == "kill" for e in events)


def test_simulate_events_to_stdout_keep_the_summary_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "fatal-limit", "--events", "-", "--until", "30", "--seed", "3"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines
    assert all(json.loads(line)["kind"] for line in lines)
    assert "per-process-limit" in captured.err
    assert "seed 3" in captured.err


def test_simulate_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("demo", "hog", "mac-idle-exit", "iPod5,1", "iPad2,5", "iPhone12,1", "Mac"):
        assert name in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["simulate", "nope"], "unknown scenario 'nope'"),
        (["simulate"], "give a SCENARIO"),
        (["simulate", "hog", "--until", "0"], "--until"),
    ],
)
def test_simulate_errors_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status: object
    try:
        status = main(argv)
    except SystemExit as exc:  # a bad option value is refused by the parser (exit 2)
        status = exc.code
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith(("activitymon: ", "activitymon simulate: "))
    assert message in err
    assert err.count("\n") == 1


def test_bad_scenario_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "hog.toml"
    bad.write_text('[[process]]\nname = "x"\nband = "hgh"\n', encoding="utf-8")
    assert main(["simulate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "activitymon: hog.toml: process[0].band: expected an integer 0–210 or a band name, "
        'got "hgh"\n'
    )


def test_sim_source_opens_builtins_files_and_the_demo(tmp_path: Path) -> None:
    source = open_source("sim")
    assert isinstance(source, ClockedSource)
    assert "demo" in source.describe()
    source.advance(5)
    snap = source.sample()
    assert snap.time == 5
    assert snap.era is not None
    assert snap.thresholds is not None
    hog = SimulatorSource.open("hog", seed=2)
    assert hog.simulator.product == "iPod5,1"
    path = tmp_path / "mine.toml"
    path.write_text('[device]\nprofile = "Mac"\n', encoding="utf-8")
    assert SimulatorSource.open(str(path)).simulator.era.value == "macos"


def test_sim_source_errors_are_source_errors() -> None:
    with pytest.raises(SourceError, match="unknown scenario"):
        open_source("sim", scenario="nope")
