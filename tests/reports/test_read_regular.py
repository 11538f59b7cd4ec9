"""``read_regular``: a file's bytes, whole, and never more than the limit + 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from activitymon.reports import files
from activitymon.reports.files import NotReadable, read_regular


@pytest.mark.parametrize("size", [0, 1, 99, 100, 4097])
def test_whole_file_read(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    path = tmp_path / "r.ips"
    path.write_bytes(data[:size])
    assert read_regular(str(path), limit=10_000) == data[:size]


def test_file_over_the_limit_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.ips"
    path.write_bytes(b"x" * 101)
    with pytest.raises(NotReadable, match="too large"):
        read_regular(str(path), limit=100)


def test_file_grown_after_opening_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than its size when it was looked at (it grew) is read whole, in
    more than one read."""
    path = tmp_path / "r.ips"
    path.write_bytes(b"a" * 50 + b"b" * 3000)
    monkeypatch.setattr(files, "_STEP", 1000)
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = 50  # st_size as it was before the file grew
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", smaller)
    assert read_regular(str(path), limit=10_000) == b"a" * 50 + b"b" * 3000


def test_file_grown_past_the_limit_stops_one_byte_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never more than ``limit + 1`` bytes (the caller tells 'too large' by that byte),
    however much the file grew."""
    path = tmp_path / "r.ips"
    path.write_bytes(b"c" * 5000)
    monkeypatch.setattr(files, "_STEP", 7)
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[6] = 10
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", smaller)
    assert read_regular(str(path), limit=100) == b"c" * 101
