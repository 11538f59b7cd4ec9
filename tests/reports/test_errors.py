"""Bad input gives one ReportError line naming the file, and a batch still opens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activitymon.model import ReportFormat
from activitymon.reports import (
    NotAJetsamReport,
    ReportError,
    parse_bytes,
    parse_report,
    read_report,
    read_reports,
)
from activitymon.reports import detect as detect_module
from tests.reports.conftest import ANALYTICS, IOS14, THRASHING


def _error(path: Path) -> ReportError:
    with pytest.raises(ReportError) as caught:
        read_report(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert "\n" not in text
    assert caught.value.path == str(path)
    return caught.value


def test_empty_and_blank_files(tmp_path: Path) -> None:
    (tmp_path / "empty.ips").write_bytes(b"")
    (tmp_path / "blank.ips").write_text(" \n\n\t\n")
    assert "empty file" in str(_error(tmp_path / "empty.ips"))
    assert "empty file" in str(_error(tmp_path / "blank.ips"))


def test_binary_and_non_utf8(tmp_path: Path) -> None:
    (tmp_path / "a.ips").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    (tmp_path / "b.ips").write_bytes(b"Free pages: \xff\xfe 12\n")
    assert "binary" in str(_error(tmp_path / "a.ips"))
    assert "not UTF-8" in str(_error(tmp_path / "b.ips"))


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(detect_module, "MAX_REPORT_BYTES", 1000)
    path = tmp_path / "big.ips"
    path.write_bytes(b"{" + b" " * 5000 + b"}")
    assert "too large" in str(_error(path))


def test_default_size_limit_is_sane() -> None:
    assert 16 * 2**20 <= detect_module.MAX_REPORT_BYTES <= 256 * 2**20


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "No such file" in str(_error(tmp_path / "nope.ips"))
    assert "directory" in str(_error(tmp_path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', "JSON, but not a jetsam report"),
        ("[1, 2, 3]", "JSON, but not a jetsam report"),
        ('{"bug_type":"309","os_version":"iPhone OS 17.0"}\n{"exception": {}}', "bug_type 309"),
        ('{"bug_type":"210"}\npanic(cpu 0 caller 0x0): boom', "kernel panic"),
        ('{"bug_type":"298","timestamp":"2020-01-01 00:00:00.00 +0000"}\n', "no body"),
        ('{"bug_type":"298"}\n{"foo": 1}', "no memoryStatus and no processes"),
        ("hello world\nthis is a diary", "not a jetsam report"),
        ("<?xml version='1.0'?><plist version='1.0'><dict/></plist>", "property list"),
        ("<?xml version='1.0'?><plist version='1.0'><dict><key>a", "damaged property list"),
    ],
)
def test_not_a_jetsam_report(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "x.ips"
    path.write_text(text)
    assert expected in str(_error(path))


def test_other_json_is_not_a_jetsam_report() -> None:
    with pytest.raises(NotAJetsamReport, match=r"^cfg.json: JSON, but not"):
        parse_report('{"name": "config", "values": [1, 2]}', "cfg.json")


def test_truncated_jetsam_event_keeps_what_was_written(jetsam_fixtures: Path) -> None:
    text = (jetsam_fixtures / IOS14).read_text()
    cut = text[: len(text) // 2]
    report = parse_report(cut, "cut.ips")
    assert report.partial
    assert report.product == "iPhone12,1"
    assert report.page_size == 16384
    assert 150 < len(report.processes) < 442  # the entries before the cut
    assert all(p.name for p in report.processes)


def test_truncated_before_anything_readable() -> None:
    text = '{"bug_type":"298"}\n{\n  "crashReporterKey" : "ab'
    with pytest.raises(ReportError, match="truncated or damaged"):
        parse_report(text, "t.ips")


def test_batch_keeps_going(jetsam_fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.ips").write_text("")
    paths = [
        jetsam_fixtures / ANALYTICS,
        tmp_path / "empty.ips",
        jetsam_fixtures / IOS14,
        jetsam_fixtures / THRASHING,
        tmp_path / "missing.ips",
    ]
    results = read_reports(paths)
    assert len(results) == 5
    kinds = [type(r).__name__ for r in results]
    assert isinstance(results[0], ReportError)
    assert isinstance(results[1], ReportError)
    assert isinstance(results[4], ReportError)
    assert not isinstance(results[2], ReportError)
    assert not isinstance(results[3], ReportError)
    assert results[2].format is ReportFormat.JETSAM_IPS, kinds
    assert results[3].partial


def test_bom_crlf_and_binary_plist(jetsam_fixtures: Path) -> None:
    text = (jetsam_fixtures / IOS14).read_text()
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    report = parse_bytes(raw, "crlf.ips")
    assert len(report.processes) == 442
    assert not report.partial
    import plistlib

    legacy = (jetsam_fixtures / "kkbox_LowMemory-2015-08-07-112054.log").read_text()
    binary = plistlib.dumps({"description": legacy}, fmt=plistlib.FMT_BINARY)
    from_plist = parse_bytes(binary, "LowMemory.plist")
    assert from_plist.format is ReportFormat.LOWMEMORY_PLIST
    assert len(from_plist.processes) == 43


def test_error_survives_pickling_and_json_of_messages() -> None:
    import pickle

    error = ReportError("a.ips", "empty file")
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == "a.ips: empty file"
    assert json.dumps(str(again))
    assert ReportError("p", "two\nlines").message == "two lines"
