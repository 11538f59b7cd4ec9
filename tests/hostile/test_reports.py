"""Hostile report files (issue 15): each ends in a result or one line, never a
traceback, a hang or a silently wrong figure."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from activitymon.reports import ReportError, format_summary, parse_report, read_report, summarize
from activitymon.sources.replay import ReplaySource
from activitymon.strict_json import dumps
from tests.hostile.conftest import HEADER, UUID, body, ends_within, lowmemory, proc, strict_json


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "report.ips"
    os.mkfifo(fifo)
    with ends_within(), pytest.raises(ReportError, match="named pipe"):
        read_report(fifo)


def test_a_device_is_refused() -> None:
    with ends_within(), pytest.raises(ReportError, match="character device"):
        read_report("/dev/zero")


def test_a_huge_integer_is_a_problem_not_a_figure() -> None:
    report = parse_report(HEADER + body([proc(1, "a", 10**400), proc(2, "b", 5)]), "x.ips")
    assert report.processes[0].rpages is None
    assert report.partial
    assert any("processes[0] (a).rpages" in p and "out of range" in p for p in report.problems)
    strict_json(dumps(summarize(report)))
    # replay: the figure never reaches the views as a number
    snap = ReplaySource([("x.ips", report)]).sample()
    assert snap.by_pid[1].footprint_bytes is None


def test_a_5000_digit_integer_does_not_leak_pythons_limit_text() -> None:
    text = HEADER + body([proc(1, "a", "@")]).replace('"@"', "9" * 5000)
    report = parse_report(text, "x.ips")
    assert report.partial
    joined = " ".join(report.problems)
    assert "4300" not in joined
    assert "int_max_str_digits" not in joined
    assert any("5000 digits" in p for p in report.problems)


def test_a_huge_count_in_lowmemory_text_is_a_problem() -> None:
    text = lowmemory([f"a <{UUID}> 1 2 3"], pages="9" * 5000)
    report = parse_report(text, "x.log")
    assert report.partial
    assert "free" not in report.memory_pages
    assert "4300" not in " ".join(report.problems)


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_become_null_with_a_problem(word: str) -> None:
    status = '{"pageSize": 16384, "compressorSize": @, "memoryPages": {"free": 1}}'
    text = HEADER + body(
        [proc(1, "a", cpuTime="@").replace('"@"', word)], status.replace("@", word)
    )
    report = parse_report(text, "x.ips")
    assert report.partial
    assert report.processes[0].cpu_time is None
    data = strict_json(dumps(summarize(report)))
    assert data["memory_status"]["compressorSize"] is None
    assert any("compressorSize" in p for p in report.problems)


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "[" * 100_000 + "]" * 100_000,
        '{"memoryStatus": ' + "[" * 50_000 + "]" * 50_000 + "}",
        HEADER + '{"memoryStatus":' + "{" * 50_000,
    ],
    ids=["after-header", "bare-body", "unclosed"],
)
def test_deep_nesting_is_one_line(text: str) -> None:
    with ends_within(), pytest.raises(ReportError, match="nested more than") as info:
        parse_report(text, "deep.ips")
    assert "\n" not in str(info.value)


SPACES = " " * 20_000


@pytest.mark.parametrize(
    "text",
    [
        HEADER + '{\n  "memoryStatus" : {"pageSize": 16384},\n  "k" :' + SPACES + "x\n"
        '  "processes" : [\n' + proc() + ",\n...\n",
        "Incident Identifier:" + SPACES + "x\nFree pages: 1" + SPACES + "x\n"
        "Largest process: a\n\nProcesses\n",
        "A" + SPACES + "\nFree pages: 1\nLargest process: a\nProcesses\n",
        lowmemory([SPACES + "<" + SPACES + "x", "a <" + UUID + ">" + " 1" * 10_000 + " x"]),
        lowmemory(
            ["a <" + UUID + "> 1 2 3 " + "(" * 20_000 + "x", "b <" + UUID + "> 1 " + "[" * 20_000]
        ),
        HEADER
        + '{\n  "memoryStatus" : {"pageSize": 16384, "x": 1.5'
        + " " * 20_000
        + "\n"
        + "\n" * 20_000
        + '  "processes" : ['
        + proc()
        + ",\n...\n",
    ],
    ids=["lenient-key-value", "header-value", "header-key", "row", "row-states", "floats"],
)
def test_readers_are_linear_in_a_long_line(text: str) -> None:
    """The old regular expressions backtracked cubically on these: minutes, not ms."""
    with ends_within():
        message = _refusal(text)
    assert message is None or "\n" not in message


def _refusal(text: str) -> str | None:
    try:
        parse_report(text, "long.ips")
    except ReportError as exc:
        return str(exc)
    return None


def test_lowmemory_cut_mid_number_is_partial() -> None:
    full = lowmemory([f"      MobileMail <{UUID}>         1113             1113  200"])
    cut = full[: full.rindex("1113") + 2]  # "11" of 1113
    report = parse_report(cut, "cut.log")
    assert report.partial
    assert any("cut short" in p for p in report.problems)
    assert "PARTIAL" in format_summary(report)
    assert not parse_report(full, "whole.log").partial


def test_lowmemory_cut_before_the_table_is_partial() -> None:
    full = lowmemory([f"a <{UUID}> 1 2 3"])
    cut = full[: full.index("Processes") - 1]  # memory counts and the largest, no table
    report = parse_report(cut + f"x <{UUID}> 1 2", "cut.log")
    assert report.partial
    assert any("cut short" in p for p in report.problems)


def test_wrong_types_make_the_report_partial_and_show_in_text() -> None:
    text = HEADER + body(
        [proc("1", 7, "many", priority="high"), proc(2, "b")],
        '{"pageSize": "16384", "memoryPages": {"free": "lots"}}',
    )
    report = parse_report(text, "types.ips")
    assert report.partial
    summary = format_summary(report)
    assert "PARTIAL" in summary
    assert "processes[0].rpages: expected an integer, got a string" in summary
    assert "memoryStatus.pageSize" in summary


def test_duplicate_pids_are_kept_as_rows_and_flagged() -> None:
    text = HEADER + body([proc(1, f"p{i}", 10 + i) for i in range(134)])
    report = parse_report(text, "dup.ips")
    assert len(report.processes) == 134
    assert any("share a pid" in p and "pid 1 ×134" in p for p in report.problems)
    assert "problems:" in format_summary(report)
    snap = ReplaySource([("dup.ips", report)]).sample()
    assert len(snap.processes) == 134
    assert len({p.pid for p in snap.processes}) == 134
    assert sorted(p.name for p in snap.processes) == sorted(f"p{i}" for i in range(134))


def test_escape_sequences_never_reach_the_text_output() -> None:
    names = ["\x1b[2J\x1b[Hcleared", "evil\nvictims (9, in kill order):", "c1\u009b31m"]
    procs = [proc(i + 1, n, 50, reason="\x1b[31mvm", killDelta=i) for i, n in enumerate(names)]
    report = parse_report(HEADER + body(procs).replace("iPhone12,1", "iPhone\\u001b]0;x"), "e")
    text = format_summary(report)
    assert "\x1b" not in text
    assert "\u009b" not in text
    assert "\\x1b[2J" in text
    assert "\nvictims (9" not in text  # no forged line
    out = dumps(summarize(report))
    assert "\u009b" not in out
    assert "\x1b" not in out
    assert strict_json(out)["processes"][0]["name"] == names[0]


def test_a_lone_surrogate_name_is_escaped_not_fatal() -> None:
    text = HEADER + body([proc(1, "@")]).replace('"@"', '"\\ud800x"')
    report = parse_report(text, "s.ips")
    out = dumps(summarize(report), indent=2)
    out.encode("utf-8")  # never cut by UnicodeEncodeError
    assert strict_json(out)["processes"][0]["name"] == "\ud800x"
    format_summary(report).encode("utf-8")


def test_cli_report_json_is_strict_and_whole(tmp_path: Path, run_cli: Any) -> None:
    path = _write(
        tmp_path,
        "nan.ips",
        HEADER
        + body([proc(1, "\x1b[2J", cpuTime="@").replace('"@"', "NaN"), proc(2, "@")]).replace(
            '"@"', '"\\udcff"'
        ),
    )
    status, out, err = run_cli("report", "--json", str(path))
    assert status == 0, err
    data = strict_json(out)
    assert data["partial"] is True
    assert any("cpuTime" in p for p in data["problems"])


def test_cli_report_names_an_unreadable_file_in_one_clean_line(
    tmp_path: Path, run_cli: Any
) -> None:
    bad = tmp_path / "evil\x1b[2J.ips"
    bad.write_text("hello")
    status, _out, err = run_cli("report", str(bad))
    assert status == 1
    assert err.count("\n") == 1
    assert "\x1b" not in err
    assert "\\x1b[2J" in err
