"""Fuzz the report readers (issue 15): random truncations, type swaps, huge and
non-finite numbers, deep nesting and hostile names. Every case ends, within a bound,
in a report (whose summary is strict JSON and whose text is terminal-safe) or in one
:class:`ReportError` line; never another exception. Example counts are bounded so
that CI stays fast (a few seconds each)."""

from __future__ import annotations

import json
import plistlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.model import JetsamReport
from activitymon.reports import ReportError, format_summary, parse_bytes, summarize
from activitymon.sources.replay import ReplaySource
from activitymon.strict_json import dumps, loads_strict
from activitymon.terminal import is_clean
from tests.hostile.conftest import HEADER, UUID, ends_within, lowmemory

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE_NAMES = st.sampled_from(
    [
        "\x1b[2J\x1b[Hcleared",
        "\x1b]0;title\x07",
        "evil\nvictims (9, in kill order):",
        "\u009b31m",
        "\u202eevil",
        "\ud800",
        "\x00nul",
        "a" * 5000,
        "",
    ]
)
HOSTILE_VALUES = st.one_of(
    st.integers(),
    st.sampled_from([10**400, -(10**30), 2**63, -1, 0]),
    st.floats(),
    st.text(max_size=8),
    HOSTILE_NAMES,
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _document() -> dict[str, Any]:
    procs = [
        {
            "uuid": "7607487f-d2b1-3251-a2a6-562c8c4be18c",
            "states": ["daemon", "idle"],
            "lifetimeMax": 300,
            "purgeable": 0,
            "fds": 25,
            "coalition": 68,
            "rpages": 229,
            "priority": 0,
            "physicalPages": {"internal": [6, 183]},
            "pid": 350,
            "cpuTime": 0.066796999999999995,
            "name": "proc",
        },
        {
            "pid": 812,
            "name": "Game",
            "rpages": 3000,
            "priority": 10,
            "reason": "per-process-limit",
            "killDelta": 120,
            "states": ["frontmost"],
        },
    ]
    return {
        "crashReporterKey": "d3e6",
        "product": "iPhone12,1",
        "build": "iPhone OS 14.2 (18B5061e)",
        "timeDelta": 7,
        "memoryStatus": {
            "compressorSize": 96635,
            "pageSize": 16384,
            "memoryPages": {"active": 45459, "wired": 49236, "free": 5142},
        },
        "largestProcess": "Game",
        "genCounter": 1,
        "processes": procs,
    }


PATHS = [
    ("product",),
    ("timeDelta",),
    ("largestProcess",),
    ("memoryStatus", "pageSize"),
    ("memoryStatus", "compressorSize"),
    ("memoryStatus", "memoryPages"),
    ("memoryStatus", "memoryPages", "free"),
    ("processes",),
    ("processes", 0),
    ("processes", 0, "rpages"),
    ("processes", 0, "pid"),
    ("processes", 0, "name"),
    ("processes", 0, "states"),
    ("processes", 0, "cpuTime"),
    ("processes", 0, "physicalPages"),
    ("processes", 1, "reason"),
    ("processes", 1, "killDelta"),
    ("processes", 1, "priority"),
]


def _swap(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _json_text(doc: dict[str, Any]) -> str:
    # NaN/Infinity as Python writes them: readers meet them in the wild
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _check(data: bytes) -> None:
    with ends_within():
        result = _read(data)
    if isinstance(result, str):
        assert "\n" not in result
        assert "4300" not in result
    else:
        _check_report(result)


def _read(data: bytes) -> JetsamReport | str:
    """The report, or the one-line message of the ``ReportError``."""
    try:
        return parse_bytes(data, "fuzz.ips")
    except ReportError as exc:
        return str(exc)


def _check_report(report: JetsamReport) -> None:
    text = format_summary(report)
    assert is_clean(text, keep_newlines=True)
    assert all(
        line.startswith(
            ("  ", "memory", "victims", "format", "free", "largest", "PARTIAL", "problems")
        )
        or i == 0
        for i, line in enumerate(text.splitlines())
    ), text
    loads_strict(dumps(summarize(report), indent=2))
    snap = ReplaySource([("fuzz.ips", report)]).sample()
    assert len({p.pid for p in snap.processes}) == len(snap.processes)
    for p in snap.processes:
        if p.footprint_bytes is not None:
            assert 0 <= p.footprint_bytes < 2**63


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(PATHS), HOSTILE_VALUES), min_size=1, max_size=4),
    st.booleans(),
)
def test_type_swaps_and_hostile_values(
    swaps: list[tuple[tuple[Any, ...], Any]], header: bool
) -> None:
    doc = _document()
    for path, value in swaps:
        try:
            _swap(doc, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier swap replaced the container
    try:
        text = _json_text(doc)
    except ValueError:
        return  # a value json itself cannot write (10**5000): not a file anyone has
    _check(((HEADER if header else "") + text).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.floats(0.0, 1.0), st.sampled_from(["ips", "json", "text", "plist"]))
def test_random_truncations(fraction: float, kind: str) -> None:
    doc = _document()
    if kind == "ips":
        data = (HEADER + _json_text(doc)).encode()
    elif kind == "json":
        data = _json_text(doc).encode()
    else:
        rows = [
            f"      MobileMail <{UUID}>         1113             1113  200   [vm-pageshortage]",
            f"            tccd <{UUID}>          170              170  200   (daemon)",
        ]
        text = lowmemory(rows)
        data = (
            text.encode()
            if kind == "text"
            else plistlib.dumps({"bug_type": "198", "description": text})
        )
    cut = data[: int(len(data) * fraction)]
    _check(cut)
    if kind == "text" and cut and not cut.endswith(b"\n"):
        report = _read(cut)
        assert isinstance(report, str) or report.partial  # cut mid-line: never whole


@FUZZ
@given(st.integers(1, 3000), st.sampled_from(["[", "{", '{"a":']), st.booleans())
def test_deep_nesting(depth: int, opener: str, closed: bool) -> None:
    closer = {"[": "]", "{": "}", '{"a":': "}"}[opener]
    inner = "1" if opener == '{"a":' else ""
    nested = opener * depth + inner + (closer * depth if closed else "")
    doc = _json_text(_document()).replace('"compressorSize": 96635', f'"compressorSize": {nested}')
    _check((HEADER + doc).encode())


@FUZZ
@given(HOSTILE_NAMES, st.sampled_from(["name", "product", "reason", "build"]), st.booleans())
def test_hostile_names(name: str, field: str, text_format: bool) -> None:
    if text_format:
        row = f"{name} <{UUID}> 1 2 3 [{name}] ({name})"
        data = lowmemory([row]).replace("iPad2,5", name).encode("utf-8", "surrogatepass")
    else:
        doc = _document()
        if field in ("name", "reason"):
            doc["processes"][1][field] = name
        else:
            doc[field] = name
        data = (HEADER + _json_text(doc)).encode("utf-8", "surrogatepass")
    _check(data)


@FUZZ
@given(
    st.binary(max_size=400), st.sampled_from([b"", HEADER.encode(), b"Free pages: 1\nProcesses\n"])
)
def test_random_bytes(noise: bytes, prefix: bytes) -> None:
    _check(prefix + noise)
