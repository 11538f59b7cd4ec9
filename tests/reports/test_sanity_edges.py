"""The sanity pass at the edge of each bound (jetsam-report-formats.md §4: pids are
32-bit, page counts of a device stay under 2^40, ages and deltas are 64-bit Mach ticks,
``priority`` a 32-bit band, a page size a power of two from 512 bytes to 1 MiB): the
value at the bound is kept with no problem, one past it becomes ``None`` with the
one-line problem that names the key and the range. Each report is a bare JetsamEvent
body written out as text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from activitymon.model import JetsamReport
from activitymon.reports import parse_report

INT64_MIN, INT64_MAX = -9223372036854775808, 9223372036854775807
STATUS = '"memoryStatus" : {"pageSize" : 16384, "memoryPages" : {"free" : 3}}'


def _report(processes: list[dict[str, Any]], status: str = STATUS, **top: Any) -> JetsamReport:
    extra = "".join(f', "{k}" : {json.dumps(v)}' for k, v in top.items())
    return parse_report(f'{{{status}, "processes" : {json.dumps(processes)}{extra}}}')


PROCESS_BOUNDS = [
    ("pid", "pid", 0, 2147483647),
    ("rpages", "rpages", 0, 1099511627776),
    ("lifetimeMax", "lifetime_max", 0, 1099511627776),
    ("purgeable", "purgeable", 0, 1099511627776),
    ("fds", "fds", 0, 2147483647),
    ("priority", "priority", -2147483648, 2147483647),
    ("age", "age", INT64_MIN, INT64_MAX),
    ("coalition", "coalition", INT64_MIN, INT64_MAX),
    ("killDelta", "kill_delta", INT64_MIN, INT64_MAX),
    ("genCount", "gen_count", INT64_MIN, INT64_MAX),
    ("idleDelta", "idle_delta", INT64_MIN, INT64_MAX),
]


@pytest.mark.parametrize(("key", "field", "low", "high"), PROCESS_BOUNDS)
def test_a_process_value_at_its_bounds_is_kept(key: str, field: str, low: int, high: int) -> None:
    report = _report([{"name": "a", key: low}, {"name": "b", key: high}])
    assert report.problems == ()
    assert not report.partial
    assert [getattr(p, field) for p in report.processes] == [low, high]


@pytest.mark.parametrize(("key", "field", "low", "high"), PROCESS_BOUNDS)
def test_a_process_value_past_its_bounds_is_refused(
    key: str, field: str, low: int, high: int
) -> None:
    report = _report([{"name": "a", key: low - 1}, {"name": "b", key: high + 1}])
    assert report.problems == (
        f"processes[0] (a).{key}: out of range (expected {low} to {high})",
        f"processes[1] (b).{key}: out of range (expected {low} to {high})",
    )
    assert report.partial
    assert [getattr(p, field) for p in report.processes] == [None, None]


def test_memory_pages_from_0_to_2_40() -> None:
    status = '"memoryStatus" : {"memoryPages" : {"free" : 0, "wired" : 1099511627776}}'
    report = _report([], status)
    assert dict(report.memory_pages) == {"free": 0, "wired": 1099511627776}
    assert report.problems == ("no page size in the report; assumed 4096 bytes",)
    status = '"memoryStatus" : {"memoryPages" : {"free" : -1, "wired" : 1099511627777}}'
    report = _report([], status)
    assert dict(report.memory_pages) == {}
    assert report.problems[1:] == (
        "memoryPages.free: out of range (expected 0 to 1099511627776)",
        "memoryPages.wired: out of range (expected 0 to 1099511627776)",
    )


def test_time_delta_and_gen_counter_are_64_bit() -> None:
    report = _report([], timeDelta=INT64_MAX, genCounter=INT64_MIN)
    assert (report.time_delta, report.gen_counter, report.problems) == (INT64_MAX, INT64_MIN, ())
    report = _report([], timeDelta=INT64_MAX + 1, genCounter=INT64_MIN - 1)
    assert (report.time_delta, report.gen_counter) == (None, None)
    assert report.problems == ("time_delta: out of range", "gen_counter: out of range")


@pytest.mark.parametrize("size", [512, 1048576])
def test_a_page_size_from_512_bytes_to_1_mib_is_kept(size: int) -> None:
    report = _report([], f'"memoryStatus" : {{"pageSize" : {size}}}')
    assert (report.page_size, report.page_size_known, report.problems) == (size, True, ())


@pytest.mark.parametrize("size", [256, 2097152, 4097])
def test_another_page_size_is_the_documented_4096(size: int) -> None:
    report = _report([], f'"memoryStatus" : {{"pageSize" : {size}}}')
    assert (report.page_size, report.page_size_known) == (4096, False)
    assert report.problems == (
        f"page size {size} is not a power of two from 512 to 1048576; assumed 4096 bytes",
    )


def _nested(kind: str, levels: int) -> str:
    """``levels`` containers one inside the other around ``1``."""
    if kind == "list":
        return "[" * levels + "1" + "]" * levels
    return '{"y" : ' * levels + "1" + "}" * levels


@pytest.mark.parametrize(("kind", "step"), [("list", "[0]"), ("dict", ".y")])
def test_extras_nested_64_deep_are_kept_and_65_are_not(kind: str, step: str) -> None:
    # memoryStatus is the first level: 63 containers under it make 64
    deep = _nested(kind, 63)
    kept = _report([], f'"memoryStatus" : {{"pageSize" : 4096, "x" : {deep}}}')
    assert kept.problems == ()
    assert dict(kept.memory_status) == {"x": json.loads(deep)}
    cut = _report([], f'"memoryStatus" : {{"pageSize" : 4096, "x" : {_nested(kind, 64)}}}')
    assert cut.problems == (f"memoryStatus.x{step * 63}: nested more than 64 levels deep",)
    assert dict(cut.memory_status) == {"x": json.loads(_nested(kind, 63).replace("1", "null"))}


def test_a_value_that_is_not_finite_is_null_even_when_nothing_else_is_left() -> None:
    text = (
        '{"memoryStatus" : {"pageSize" : 16384, "z" : [Infinity]}, "product" : {"a" : 1},'
        ' "processes" : [{"name" : [1], "pid" : 1, "physicalPages" : {"internal" : [NaN]}}]}'
    )
    report = parse_report(text)
    assert report.problems == (
        "product: expected a string, got an object",
        "memoryStatus.z[0]: inf is not a finite number",
        "processes[0].name: expected a string, got a list",
        "processes[0].physicalPages.internal[0]: nan is not a finite number",
    )
    assert dict(report.memory_status) == {"z": [None]}
    assert report.processes[0].physical_pages == {"internal": [None]}
    assert dict(report.extra) == {"product": {"a": 1}}


def test_a_name_is_shown_up_to_40_characters() -> None:
    report = _report([{"name": "a" * 40, "pid": -1}, {"name": "b" * 41, "pid": -1}])
    assert report.problems[:2] == (
        f"processes[0] ({'a' * 40}).pid: out of range (expected 0 to 2147483647)",
        f"processes[1] ({'b' * 39}…).pid: out of range (expected 0 to 2147483647)",
    )


def test_40_problems_are_listed_and_the_41st_folds_into_a_count() -> None:
    forty = _report([{"name": f"p{i}", "pid": -1 - i} for i in range(40)])
    assert len(forty.problems) == 40
    assert forty.problems[-1] == "processes[39] (p39).pid: out of range (expected 0 to 2147483647)"
    forty_one = _report([{"name": f"p{i}", "pid": -1 - i} for i in range(41)])
    assert len(forty_one.problems) == 40
    assert forty_one.problems[-2:] == (
        "processes[38] (p38).pid: out of range (expected 0 to 2147483647)",
        "… and 2 more problems",
    )
    forty_two = _report([{"name": f"p{i}", "pid": -1 - i} for i in range(42)])
    assert forty_two.problems[-1] == "… and 3 more problems"


@pytest.mark.parametrize(
    ("pids", "shown"),
    [
        ([1, 2], None),
        (
            [1, 2, 3, 4, 5],
            "10 process entries share a pid with another entry "
            "(pid 1 ×2, pid 2 ×2, pid 3 ×2, pid 4 ×2, pid 5 ×2); each is kept as its own row",
        ),
        (
            [1, 2, 3, 4, 5, 6],
            "12 process entries share a pid with another entry "
            "(pid 1 ×2, pid 2 ×2, pid 3 ×2, pid 4 ×2, pid 5 ×2 and 1 more); "
            "each is kept as its own row",
        ),
        (
            [1, 2, 3, 4, 5, 6, 7],
            "14 process entries share a pid with another entry "
            "(pid 1 ×2, pid 2 ×2, pid 3 ×2, pid 4 ×2, pid 5 ×2 and 2 more); "
            "each is kept as its own row",
        ),
    ],
)
def test_entries_sharing_a_pid_are_named_five_at_most(pids: list[int], shown: str | None) -> None:
    once = [{"name": f"p{pid}", "pid": pid} for pid in pids]
    report = _report(once if shown is None else once + once)
    assert report.problems == (() if shown is None else (shown,))


def test_an_integer_in_the_extras_is_kept_within_64_bits() -> None:
    status = (
        '"memoryStatus" : {"pageSize" : 4096, "low" : -9223372036854775808,'
        ' "high" : 9223372036854775807}'
    )
    report = _report([], status)
    assert report.problems == ()
    assert dict(report.memory_status) == {"low": INT64_MIN, "high": INT64_MAX}
    status = (
        '"memoryStatus" : {"pageSize" : 4096, "low" : -9223372036854775809,'
        ' "high" : 9223372036854775808}'
    )
    report = _report([], status)
    assert report.problems == (
        "memoryStatus.low: integer out of range (beyond ±2^63)",
        "memoryStatus.high: integer out of range (beyond ±2^63)",
    )
    assert dict(report.memory_status) == {"low": None, "high": None}


def test_an_entrys_unknown_key_that_is_not_finite_is_null() -> None:
    text = f'{{{STATUS}, "processes" : [{{"name" : "a", "pid" : 1, "foo" : [Infinity]}}]}}'
    report = parse_report(text)
    assert report.problems == ("processes[0] (a).foo[0]: inf is not a finite number",)
    assert dict(report.processes[0].extra) == {"foo": [None]}
