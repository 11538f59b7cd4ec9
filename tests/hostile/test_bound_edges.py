"""Every bound at its edge: the last value accepted and the first refused (issue 29: the
digit and nesting bounds were tested only far beyond their values, so moving one by a
step went unnoticed). The bounds are the ones docs/ARCHITECTURE.md and the options'
messages promise: a simulated day, a week of wall time, 1 TiB, 100 levels of nesting,
19-digit integers (the longest a signed 64-bit counter prints)."""

from __future__ import annotations

import argparse
import math
import os
import socket
from pathlib import Path

import pytest

from activitymon import inputs, limits
from activitymon.commands.options import count, seconds
from activitymon.reports.detect import parse_report
from activitymon.reports.errors import ReportError

# -- the numbers themselves, as the documentation states them ------------------------


def test_the_bounds_are_the_documented_ones() -> None:
    assert limits.MAX_SIM_SECONDS == 86_400.0  # a simulated day
    assert limits.MAX_WALL_SECONDS == 604_800.0  # a week
    assert limits.MAX_MB == 1_048_576.0  # 1 TiB in MB
    assert limits.MIN_EVERY_S == 0.01
    assert limits.MAX_FIRES_PER_S == 1_000.0
    assert limits.MAX_NESTING == 100
    assert limits.MAX_INT_DIGITS == 19  # len(str(2**63 - 1))


# -- nesting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("", 0),
        ("{}", 1),
        ("[{[]}]", 3),
        ("[[]] [[[]]]", 3),
        ('"[[[" [', 1),  # brackets inside a string do not count
        ('"a\\"[[" [', 1),  # an escaped quote does not end the string
        ('"unterminated\n[[', 2),  # a newline ends a string (TOML's basic strings)
        ("]]] [", 1),  # closing more than opened never goes below zero
        ("[[[][[", 4),  # one level closed, two opened
        ("[\\[", 1),  # a backslash outside a string escapes nothing that counts
    ],
)
def test_nesting_depth(text: str, depth: int) -> None:
    assert limits.nesting_depth(text) == depth


def test_nesting_depth_stops_one_past_the_bound() -> None:
    assert limits.nesting_depth("[" * 5000) == 101
    assert limits.nesting_depth("[" * 5000, stop_at=7) == 7
    assert limits.nesting_depth("[" * 100 + "]" * 100) == 100


def _toml_nested(depth: int) -> str:
    return "a = " + "[" * depth + "1" + "]" * depth + "\n"


def test_toml_nested_100_deep_is_read_101_is_refused() -> None:
    value = inputs.loads_toml(_toml_nested(100))["a"]
    for _ in range(99):
        value = value[0]
    assert value == [1]
    with pytest.raises(inputs.BeyondBounds, match=r"^nested more than 100 levels deep$"):
        inputs.loads_toml(_toml_nested(101))


def _json_report_nested(depth: int) -> str:
    # a JetsamEvent-shaped object whose one extra key holds ``depth - 1`` more levels
    return '{"bug_type":"298","x":' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


def test_a_report_nested_100_deep_is_read_as_json_101_is_refused() -> None:
    with pytest.raises(ReportError) as at_bound:
        parse_report(_json_report_nested(100), "r.ips")
    assert "levels deep" not in str(at_bound.value)  # refused for what it lacks
    with pytest.raises(ReportError, match=r"nested more than 100 levels deep"):
        parse_report(_json_report_nested(101), "r.ips")


def test_toml_with_a_number_too_long_for_python_is_one_line() -> None:
    with pytest.raises(inputs.BeyondBounds, match=r"^not valid TOML: a number too long"):
        inputs.loads_toml("a = " + "9" * 5000 + "\n")
    with pytest.raises(inputs.InputError, match=r"^not valid TOML: "):
        inputs.loads_toml("a = = 1\n")


# -- integer digits ----------------------------------------------------------------------


def test_19_digits_are_an_integer_20_are_huge() -> None:
    assert limits.bounded_int("9223372036854775807") == 9_223_372_036_854_775_807
    assert limits.bounded_int("-9223372036854775808") == -9_223_372_036_854_775_808
    huge = limits.bounded_int("12345678901234567890")
    assert isinstance(huge, limits.HugeInt)
    assert huge == math.inf
    assert str(huge) == "an integer of 20 digits"
    negative = limits.bounded_int("-12345678901234567890")
    assert negative == -math.inf
    assert str(negative) == "an integer of 20 digits"


@pytest.mark.parametrize(
    ("value", "finite"),
    [(1, True), (-2.5, True), (0.0, True), (True, False), (math.nan, False),
     (math.inf, False), (-math.inf, False), ("1", False), (None, False)],
)  # fmt: skip
def test_is_finite_number(value: object, finite: bool) -> None:
    assert limits.is_finite_number(value) is finite


# -- numeric options -----------------------------------------------------------------------


def test_seconds_accepts_its_range_and_refuses_one_step_outside() -> None:
    until = seconds(0, 86_400)
    assert until("0") == 0.0
    assert until("86400") == 86_400.0
    for text, shown in [("86400.5", "86400.5"), ("-0.5", "-0.5"), ("inf", "inf"), ("nan", "nan")]:
        with pytest.raises(argparse.ArgumentTypeError) as refused:
            until(text)
        assert str(refused.value) == f"expected seconds from 0 to 86400, got {shown}"
    with pytest.raises(argparse.ArgumentTypeError) as word:
        until("soon")
    assert str(word.value) == "expected seconds from 0 to 86400, got 'soon'"
    assert until.__name__ == "seconds"


def test_seconds_above_refuses_its_low_end_only() -> None:
    every = seconds(0, 10, above=True, what="an interval in seconds")
    assert every("0.001") == 0.001
    assert every("10") == 10.0
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        every("0")
    assert str(refused.value) == "expected an interval in seconds above 0 to 10, got 0"


def test_a_long_refused_value_is_shown_cut_to_30_characters() -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        seconds(0, 1)("x" * 40)
    assert str(refused.value) == f"expected seconds from 0 to 1, got '{'x' * 29}…'"
    with pytest.raises(argparse.ArgumentTypeError) as exact:
        seconds(0, 1)("y" * 30)
    assert str(exact.value) == f"expected seconds from 0 to 1, got '{'y' * 30}'"
    with pytest.raises(argparse.ArgumentTypeError) as one_more:
        seconds(0, 1)("z" * 31)
    assert str(one_more.value) == f"expected seconds from 0 to 1, got '{'z' * 29}…'"


def test_the_options_flags_are_given_by_name() -> None:
    with pytest.raises(TypeError):
        seconds(0, 1, True)  # type: ignore[call-arg]  # a positional flag is what is refused


def test_count_accepts_its_range_and_refuses_one_step_outside() -> None:
    limit = count(1, 500)
    assert limit("1") == 1
    assert limit("500") == 500
    assert limit(" 7 ") == 7
    for text, message in [
        ("0", "expected a whole number from 1 to 500, got 0"),
        ("501", "expected a whole number from 1 to 500, got 501"),
        ("2.5", "expected a whole number from 1 to 500, got '2.5'"),
        ("1" * 19, f"expected a whole number from 1 to 500, got '{'1' * 19}'"),
    ]:
        with pytest.raises(argparse.ArgumentTypeError) as refused:
            limit(text)
        assert str(refused.value) == message
    wide = count(-5, 10**18)
    assert wide("-5") == -5
    assert wide("1" + "0" * 17) == 10**17  # 18 digits: still read
    assert limit.__name__ == "count"


# -- files ---------------------------------------------------------------------------------


def test_a_file_of_exactly_the_limit_is_read_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_bytes(b"x" * 10)
    assert inputs.read_bounded(path, 10) == b"x" * 10
    with pytest.raises(inputs.InputError) as refused:
        inputs.read_bounded(path, 9, "lesson file")
    assert str(refused.value) == "too large for a lesson file (10 bytes; the limit is 9)"


def test_text_that_is_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_bytes(b"ok\xffno")
    with pytest.raises(inputs.InputError) as refused:
        inputs.read_text_bounded(path, 100)
    assert str(refused.value) == "not UTF-8 text (byte 2 is 0xff)"
    path.write_bytes("été".encode())
    assert inputs.read_text_bounded(path, 100) == "été"


def test_head_reads_the_first_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    assert inputs.head(path, 4) == b"0123"


def test_special_files_are_named_by_kind(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(inputs.InputError) as pipe:
        inputs.open_regular(fifo, "lesson file")
    assert str(pipe.value) == "is a named pipe (FIFO), not a lesson file"
    with pytest.raises(inputs.InputError) as device:
        inputs.check_regular("/dev/null")
    assert str(device.value) == "is a character device, not a file"
    with pytest.raises(inputs.InputError) as folder:
        inputs.check_regular(tmp_path, "recording")
    assert str(folder.value) == "is a directory, not a recording"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "s"))
        with pytest.raises(inputs.InputError, match=r"^is a socket, not a file$"):
            inputs.check_regular(tmp_path / "s")
    with pytest.raises(inputs.InputError, match=r"^No such file or directory$"):
        inputs.check_regular(tmp_path / "missing")
    with pytest.raises(inputs.InputError, match=r"^not a usable file name"):
        inputs.check_regular("a\x00b")
    assert inputs.file_kind(0o060644) == "a block device"
    assert inputs.file_kind(0o100644) is None


def test_the_descriptor_is_checked_again_after_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file swapped for a folder between the check and ``open`` is refused on its
    descriptor (the check before ``open`` is passed over here to stage the swap)."""
    monkeypatch.setattr(inputs, "check_regular", lambda *_args: None)
    with pytest.raises(inputs.InputError, match=r"^is a directory, not a recording$"):
        inputs.open_regular(tmp_path, "recording")


def test_closing_the_handle_closes_the_descriptor(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x")
    handle = inputs.open_regular(path)
    fd = handle.fileno()
    handle.close()
    with pytest.raises(OSError, match="Bad file descriptor"):
        os.fstat(fd)


class _Failing:
    """A handle whose reads fail as a disk error would."""

    def __init__(self, error: OSError) -> None:
        self.error = error

    def __enter__(self) -> _Failing:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def fileno(self) -> int:
        return 0

    def read(self, _size: int) -> bytes:
        raise self.error


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OSError(5, "Input/output error"), "Input/output error"),
        (OSError(), "OSError"),  # no text of its own: its kind
        (PermissionError(13, "Permission denied"), "Permission denied"),
    ],
)
def test_a_failing_open_or_read_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"data")

    def failing_open(*_args: object) -> int:
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", failing_open)
        with pytest.raises(inputs.InputError) as opening:
            inputs.open_regular(path)
    assert str(opening.value) == message
    monkeypatch.setattr(inputs, "open_regular", lambda *_args: _Failing(error))
    monkeypatch.setattr(os, "fstat", lambda _fd: os.stat_result((0,) * 10))
    with pytest.raises(inputs.InputError) as reading:
        inputs.read_bounded(path, 100)
    assert str(reading.value) == message
    with pytest.raises(inputs.InputError) as heading:
        inputs.head(path, 4)
    assert str(heading.value) == message


def test_a_file_that_grows_while_read_is_refused_with_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size said 5 bytes, but 20 are there by the time they are read: one byte
    past the limit is read, and that is the size the message gives."""
    path = tmp_path / "f"
    path.write_bytes(b"y" * 20)
    real_fstat = os.fstat

    def small(fd: int) -> os.stat_result:
        st = list(real_fstat(fd))
        st[6] = 5  # st_size
        return os.stat_result(st)

    monkeypatch.setattr(os, "fstat", small)
    with pytest.raises(inputs.InputError) as refused:
        inputs.read_bounded(path, 10)
    assert str(refused.value) == "too large for a file (11 bytes; the limit is 10)"
