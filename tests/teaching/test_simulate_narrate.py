"""``activitymon simulate SCENARIO --narrate PATH|-``: the window's sentences as
``<seconds><TAB><sentence>`` lines, a burst as one line (issue 24 §1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from activitymon.cli import main
from activitymon.sources.sim import SimulatorSource
from activitymon.teaching.narrator import Narrator

LINE = re.compile(r"^\d+\.\d\t\S")


def test_the_demo_is_told_as_lines_of_seconds_and_sentences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "demo", "--narrate", "-", "--until", "100"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    # the scenario launches the game and the video export at 2 s (demo.toml): one line
    assert lines[0] == (
        "2.0\t2 processes launched: Game (band 100 FOREGROUND), iMovie (band 30 BACKGROUND)"
    )
    # the idle burst is one line, and it names the kills' reason
    idle = [line for line in lines if "(reason idle-exit)" in line]
    assert len(idle) == 1
    assert "processes died" in idle[0]
    # the game meets its own (entitled) limit
    assert any("(reason per-process-limit)" in line for line in lines)
    assert "scenario demo" in captured.err  # the summary goes to stderr


def test_the_lines_are_the_window_s_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "demo", "--narrate", "-", "--until", "60"]) == 0
    printed = capsys.readouterr().out.splitlines()
    source = SimulatorSource.open("demo")
    narrator = Narrator(source.kernel_facts())
    moments = []
    while source.simulator.now < 60:
        source.advance(1.0)
        moments.append((source.sample(), source.drain_events()))
    assert printed == [line.tab_separated() for line in narrator.narrate_all(moments)]


def test_a_file_is_written_and_a_foreign_one_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "story.txt"
    assert main(["simulate", "hog", "--narrate", str(out)]) == 0
    text = out.read_text()
    assert 'its reports write "vm"' in text  # the iOS 6 iPod's own spelling
    assert main(["simulate", "hog", "--narrate", str(out)]) == 0  # ours: replaced
    foreign = tmp_path / "notes.txt"
    foreign.write_text("my notes\n")
    capsys.readouterr()
    assert main(["simulate", "hog", "--narrate", str(foreign)]) == 2
    err = capsys.readouterr().err
    assert "--narrate" in err
    assert len(err.strip().splitlines()) == 1
    assert foreign.read_text() == "my notes\n"


def test_only_one_output_may_be_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "demo", "--narrate", "-", "--events", "-"]) == 2
    assert "only one of them can write to stdout" in capsys.readouterr().err
