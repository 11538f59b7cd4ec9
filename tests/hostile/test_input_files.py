"""Files that are not files, and text beyond bounds (issue 30 items 3 and 5): a named
pipe, a device or a link to one is refused before it is opened; nothing is read
without a size bound; TOML too deep or with numbers too long is one line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from activitymon.inputs import (
    BeyondBounds,
    InputError,
    check_regular,
    loads_toml,
    read_bounded,
    read_text_bounded,
)
from activitymon.sim import ScenarioError
from activitymon.sim.process import ResponsePolicy
from activitymon.sim.scenario import builtin_scenarios
from activitymon.sim.whatif import apply_what_if
from activitymon.teaching.lessons import LessonError, load_lesson, parse_lesson
from tests.hostile.conftest import ends_within

LESSON = """title = "t"
summary = "s"
scenario = "hog"
seed = {seed}

[[checkpoint]]
name = "one"
at = {at}
text = "x"
question = "q"
answer = "a"
"""


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_before_it_is_opened(fifo: Path) -> None:
    with ends_within(), pytest.raises(InputError, match=r"is a named pipe \(FIFO\), not a lesson"):
        read_bounded(fifo, 100, "lesson")


def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with ends_within(), pytest.raises(InputError, match="is a character device"):
        read_bounded(link, 1 << 20)


def test_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory, not a file"):
        check_regular(tmp_path)
    with pytest.raises(InputError, match="No such file"):
        check_regular(tmp_path / "absent")


def test_a_file_larger_than_the_bound_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(
        InputError, match=r"too large for a lesson \(1,001 bytes; the limit is 1,000\)"
    ):
        read_bounded(big, 1000, "lesson")
    assert read_bounded(big, 1001) == b"x" * 1001


def test_bad_utf8_names_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 3 is 0xe9\)"):
        read_text_bounded(path, 100)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 50_000 + "]" * 50_000,
        "a = " + "{b = " * 5_000 + "1" + "}" * 5_000,
        "a = " + "9" * 5000,
    ],
    ids=["deep-arrays", "deep-tables", "5000-digits"],
)
def test_toml_beyond_bounds_is_one_message(text: str) -> None:
    with ends_within(), pytest.raises(BeyondBounds) as info:
        loads_toml(text)
    assert "\n" not in str(info.value)
    assert "4300" not in str(info.value)


def test_the_lesson_command_refuses_a_fifo_and_dev_zero(
    tmp_path: Path, fifo: Path, run_cli: Any
) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    for path, kind in ((fifo, "named pipe"), (link, "character device")):
        with ends_within():
            status, _, err = run_cli("lesson", str(path))
        assert status == 2
        assert kind in err
        assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("seed", "at", "message"),
    [
        ("0", "inf", "'at' must be seconds from 0 to 86400, got inf"),
        ("0", "nan", "'at' must be seconds from 0 to 86400, got nan"),
        ("0", "1e308", "'at' must be seconds from 0 to 86400, got 1e+308"),
        ("0", "-1", "'at' must be seconds from 0 to 86400, got -1"),
        ("0", "9" * 400, "'at' must be seconds from 0 to 86400, got an integer of 400 digits"),
        ("9" * 400, "1", "'seed' must be an integer from"),
        ("0", "9" * 5000, "a number too long to read"),
    ],
    ids=["inf", "nan", "1e308", "negative", "400-digits", "seed-400-digits", "5000-digits"],
)
def test_lesson_numbers_are_bounded(seed: str, at: str, message: str) -> None:
    with pytest.raises(LessonError) as info:
        parse_lesson(LESSON.format(seed=seed, at=at), "x", "x.toml")
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 300


def test_a_lesson_at_within_bounds_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(LESSON.format(seed=3, at="86400"))
    lesson = load_lesson(path)
    assert lesson.checkpoints[0].at == 86400.0
    assert lesson.seed == 3


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("free " + "9" * 400 + " MB", "expected an amount of 0–1,048,576 MB, got a number of 400"),
        ("free 1048577 MB", "expected an amount of 0–1,048,576 MB, got 1048577"),
        ("free 101%", "expected a percentage 0–100%, got 101"),
        (
            "free 5% after " + "9" * 400 + " s",
            "expected a delay of 0–86,400 s, got a number of 400",
        ),
    ],
    ids=["mb-400-digits", "mb-over", "percent-over", "delay-400-digits"],
)
def test_on_warning_amounts_are_bounded(policy: str, message: str) -> None:
    with pytest.raises(ValueError, match="expected") as info:
        ResponsePolicy.parse(policy)
    assert message in str(info.value)


def test_on_warning_within_bounds() -> None:
    assert ResponsePolicy.parse("free 1048576 MB after 86400 s").megabytes == 1048576.0
    assert ResponsePolicy.parse("free 0050.5%").percent == 50.5


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[" * 5000, "process.hog.on_warning: nested more than 100 levels deep"),
        ("9" * 5000, "process.hog.footprint_mb: not valid TOML: a number too long to read"),
        ('"free ' + "9" * 400 + ' MB"', "expected an amount of 0–1,048,576 MB"),
    ],
    ids=["deep", "5000-digits", "on-warning-400-digits"],
)
def test_what_if_values_beyond_bounds(value: str, message: str) -> None:
    field = "footprint_mb" if value.startswith("9") else "on_warning"
    with ends_within(), pytest.raises(ScenarioError) as info:
        apply_what_if(builtin_scenarios()["hog"], f"process.hog.{field}={value}")
    assert message in str(info.value)
    assert "\n" not in str(info.value)
