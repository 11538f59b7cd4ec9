"""Hostile options and outputs (issue 15): numbers in range, no output over an input,
one line for every refusal and every failed write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from activitymon.ui.app import AppOptions
from tests.hostile.conftest import strict_json

HOG = Path(__file__).resolve().parents[2] / "resources" / "scenarios" / "hog.toml"
REPORT = Path(__file__).resolve().parents[1] / "reports" / "data" / "jetsam-body-modern.json"


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "hog", "--until", "nan"],
        ["simulate", "hog", "--until", "inf"],
        ["simulate", "hog", "--until", "1e12"],
        ["simulate", "hog", "--until", "-3"],
        ["snapshot", "--source", "sim", "--at", "nan"],
        ["snapshot", "--source", "sim", "--at", "inf"],
        ["snapshot", "--source", "sim", "--at", "1e12"],
        ["snapshot", "--source", "sim", "--limit", "-3"],
        ["snapshot", "--source", "sim", "--limit", "9" * 5000],
        ["--source", "sim", "--quit-after", "nan"],
        ["--source", "sim", "--quit-after", "inf"],
        ["--source", "sim", "--quit-after", "1e7"],
        ["--source", "sim", "--interval", "nan"],
    ],
    ids=lambda argv: " ".join(a[:10] for a in argv),
)
def test_a_bad_number_option_is_refused_in_one_line(argv: list[str], run_cli: Any) -> None:
    status, _out, err = run_cli(*argv)
    assert status == 2
    assert err.count("\n") == 1, err
    assert "expected" in err, err
    assert " to " in err, err


def test_help_says_the_caps(run_cli: Any) -> None:
    _, out, _ = run_cli("simulate", "--help")
    assert "at most 86400" in " ".join(out.split())


def test_run_app_refuses_a_bad_quit_after_before_any_thread() -> None:
    from activitymon.sources import open_source
    from activitymon.ui.app import run_app

    source = open_source("sim")
    with pytest.raises(ValueError, match="quit_after"):
        run_app(source, AppOptions(quit_after=float("nan")))


def test_events_onto_the_scenario_is_refused(tmp_path: Path, run_cli: Any) -> None:
    scenario = tmp_path / "S.toml"
    scenario.write_bytes(HOG.read_bytes())
    before = scenario.read_bytes()
    for target in (scenario, tmp_path / "." / "S.toml"):
        status, _, err = run_cli("simulate", str(scenario), "--events", str(target))
        assert status == 2
        assert "input of this run" in err
        assert err.count("\n") == 1
    link = tmp_path / "link.jsonl"
    link.symlink_to(scenario)
    status, _, err = run_cli("simulate", str(scenario), "--events", str(link))
    assert status == 2
    assert "input of this run" in err
    status, _, err = run_cli("simulate", str(scenario), "--reports", str(scenario))
    assert status == 2
    assert scenario.read_bytes() == before


def test_events_onto_a_file_not_ours_needs_force(tmp_path: Path, run_cli: Any) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    status, _, err = run_cli("simulate", "hog", "--until", "5", "--events", str(notes))
    assert status == 2
    assert "did not write" in err
    assert "--force" in err
    assert notes.read_text() == "my notes\n"
    status, _, err = run_cli("simulate", "hog", "--until", "5", "--events", str(notes), "--force")
    assert status == 0, err
    assert notes.read_text() != "my notes\n"
    # now it is ours: a second run may replace it without --force
    status, _, err = run_cli("simulate", "hog", "--until", "30", "--events", str(notes))
    assert status == 0, err
    for line in notes.read_text().splitlines():
        strict_json(line)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left


def _run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "activitymon", *argv],
        capture_output=True,
        timeout=60,
        check=False,
        **kwargs,
    )


@pytest.mark.parametrize(
    "argv",
    [["report", str(REPORT)], ["simulate", "hog", "--until", "60", "--events", "-"]],
    ids=["report", "simulate-events"],
)
def test_a_full_disk_is_one_line(argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "activitymon", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    err = done.stderr.decode()
    assert done.returncode != 0
    assert "Traceback" not in err, err
    assert err.count("\n") == 1, err


def test_events_to_a_device_is_refused_in_one_line() -> None:
    """``--events /dev/full`` (or ``/dev/null``) is a device, never written, even with
    ``--force``: ``--events -`` is standard output (issue 30)."""
    for force in ([], ["--force"]):
        done = _run(["simulate", "hog", "--until", "60", "--events", "/dev/full", *force])
        err = done.stderr.decode()
        assert done.returncode == 2, err
        assert err.count("\n") == 1, err
        assert "is a character device; activitymon writes only regular files" in err, err


def test_a_closed_stdout_is_one_line() -> None:
    done = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", sys.executable, "-m", "activitymon", "report", str(REPORT)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "Traceback" not in err, err
    assert err.count("\n") == 1, err


def test_a_screenshot_never_replaces_a_report_or_a_file_not_ours(
    tmp_path: Path, run_cli: Any
) -> None:
    report = tmp_path / "report.png"  # a report may have any name
    report.write_bytes(REPORT.read_bytes())
    status, _, err = run_cli("--screenshot", str(report), str(report))
    assert status == 2
    assert "input of this run" in err
    assert report.read_bytes() == REPORT.read_bytes()
    other = tmp_path / "holiday.png"
    other.write_bytes(b"not a png at all")
    status, _, err = run_cli("--screenshot", str(other), "--source", "sim")
    assert status == 2
    assert "did not write" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", "idle-exit"],
        ["simulate", "hog", "--until", "30"],
        ["snapshot", "--source", "sim"],
        ["lesson", "--list"],
    ],
    ids=lambda argv: argv[0],
)
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stdout_that_cannot_encode_gets_replacements(argv: list[str], encoding: str) -> None:
    """Before: a ``UnicodeEncodeError`` traceback ("…", "§", "×" on an ASCII stdout)."""
    import os

    done = _run(argv, env={**os.environ, "PYTHONIOENCODING": encoding})
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, err
    assert "Traceback" not in err
    assert done.stdout
    done.stdout.decode(encoding)  # what reached stdout is in its encoding


def test_snapshot_at_beyond_a_simulated_day_names_the_simulator_range(run_cli: Any) -> None:
    """``--at`` reaches a week for a recording's clock; the simulator runs a day at most."""
    status, _, err = run_cli("snapshot", "--source", "sim", "--at", "100000")
    assert status == 2
    assert "--at: expected simulated seconds from 0 to 86400, got 100000" in err
    assert err.count("\n") == 1
