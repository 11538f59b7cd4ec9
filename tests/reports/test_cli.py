"""``activitymon report``: human summaries, the --json contract, errors and exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from activitymon import cli
from tests.reports.conftest import ANALYTICS, IOS14, JETSAM, KKBOX, PAGESHORTAGE, THRASHING

TOP_KEYS = {
    "format",
    "os_version",
    "product",
    "page_size",
    "largest_process",
    "memory_pages",
    "processes",
}
PROCESS_KEYS = {"pid", "name", "rpages", "bytes", "priority", "reason", "states"}


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main(["report", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_for_one_file_is_an_object(
    jetsam_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, jetsam_fixtures / IOS14, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert isinstance(data, dict)
    assert set(data) >= TOP_KEYS
    assert data["format"] == "jetsam-ips"
    assert data["os_version"] == "iPhone OS 14.2 (18B5061e)"
    assert (data["product"], data["page_size"]) == ("iPhone12,1", 16384)
    assert data["largest_process"] == "AppStore"
    assert data["memory_pages"]["free"] == 5142
    assert len(data["processes"]) == 442
    assert all(set(p) == PROCESS_KEYS for p in data["processes"])
    store = next(p for p in data["processes"] if p["name"] == "AppStore")
    assert store["bytes"] == 19619 * 16384
    assert store["states"] == ["suspended"]
    assert [(v["name"], v["reason"]) for v in data["victims"]] == [
        ("wifianalyticsd", "highwater"),
        ("dasd", "highwater"),
    ]


def test_json_nulls_for_what_the_format_lacks(
    jetsam_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--json", jetsam_fixtures / KKBOX)
    data = json.loads(out)
    assert code == 0
    assert data["format"] == "lowmemory-text"
    assert data["page_size"] == 4096
    assert data["page_size_known"] is False
    kkbox = next(p for p in data["processes"] if p["name"] == "KKBOX")
    assert kkbox == {
        "pid": None,
        "name": "KKBOX",
        "rpages": 22810,
        "bytes": 22810 * 4096,
        "priority": None,
        "reason": "vm-pageshortage",
        "states": ["frontmost", "resume"],
    }


def test_json_for_several_files_is_a_list_and_bad_files_fail(
    jetsam_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [jetsam_fixtures / name for name in (*JETSAM, ANALYTICS)]
    code, out, err = _run(capsys, "--json", *files)
    assert code == 1
    data = json.loads(out)
    assert isinstance(data, list)
    assert [d["file"] for d in data] == [str(f) for f in files[:-1]]
    assert {d["format"] for d in data} == {"lowmemory-text", "jetsam-ips"}
    for d in data:
        assert set(d) >= TOP_KEYS
    [line] = err.splitlines()
    assert line.startswith(f"activitymon: {jetsam_fixtures / ANALYTICS}: ")
    assert "Analytics log" in line


def test_human_summary(jetsam_fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, jetsam_fixtures / PAGESHORTAGE, jetsam_fixtures / THRASHING)
    assert (code, err) == (0, "")
    assert "iPhone11,6 — iPhone OS 12.4 (16G77)" in out
    assert "page size 16384 bytes" in out
    assert "free 41.4 MB" in out
    assert "wired 2.46 GB" in out
    assert "largest process: backboardd (2.00 GB)" in out
    assert "victims (63, in kill order):" in out
    assert "Apollo" in out
    assert "per-process-limit" in out
    assert re.search(r"wired +161,218 pages +2,519\.0 MB", out)
    assert "PARTIAL:" in out  # the excerpt
    assert "vm-thrashing" in out


def test_human_summary_shows_bands(
    jetsam_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(capsys, jetsam_fixtures / IOS14)
    assert "band 1 IDLE_DEFERRED" in out
    assert "band 3 BACKGROUND" in out


def test_only_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.ips").write_text("")
    code, out, err = _run(capsys, tmp_path / "a.ips", tmp_path / "b.ips")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"activitymon: {tmp_path / 'a.ips'}: empty file",
        f"activitymon: {tmp_path / 'b.ips'}: No such file or directory",
    ]
    code, out, _ = _run(capsys, "--json", tmp_path / "a.ips", tmp_path / "b.ips")
    assert (code, json.loads(out)) == (1, [])


def test_hand_made_plist(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--json", data / "LowMemory-2013-05-02-093000.plist")
    assert code == 0
    assert json.loads(out)["format"] == "lowmemory-plist"


def test_no_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report"]) == 2
    err = capsys.readouterr().err
    assert err == "activitymon: report: give a report file or folder (PATH)\n"
