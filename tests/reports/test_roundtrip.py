"""Writing then reading gives the same values; real reports are written back as they were."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.model import JetsamReport, ReportFormat, ReportProcess
from activitymon.reports import parse_report, read_report, render_report, report_file_name
from tests.reports.conftest import COMPLETE, HIGHWATER, IOS14, PAGESHORTAGE, THRASHING, VNODE


@pytest.mark.parametrize("name", COMPLETE)
def test_real_reports_are_rewritten_byte_for_byte(jetsam_fixtures: Path, name: str) -> None:
    text = (jetsam_fixtures / name).read_text()
    report = read_report(jetsam_fixtures / name)
    assert render_report(report) == text


@pytest.mark.parametrize("name", COMPLETE)
def test_real_reports_read_back_equal(jetsam_fixtures: Path, name: str) -> None:
    report = read_report(jetsam_fixtures / name)
    again = parse_report(render_report(report), "again")
    assert again == report


def test_partial_report_is_written_as_valid_json(jetsam_fixtures: Path) -> None:
    report = read_report(jetsam_fixtures / THRASHING)
    text = render_report(report)
    header, body = text.split("\n", 1)
    assert json.loads(header)["bug_type"] == "298"
    assert set(json.loads(body)) >= {"memoryStatus", "processes", "largestProcess"}
    again = parse_report(text, "again")
    assert not again.partial
    same = dataclasses.replace(again, partial=True, problems=report.problems)
    assert same == report


def _without_layout(report: JetsamReport) -> JetsamReport:
    """The same values as a program (the simulator) would build them: no remembered order."""
    return dataclasses.replace(
        report,
        body_keys=(),
        memory_status_keys=(),
        processes=tuple(dataclasses.replace(p, key_order=()) for p in report.processes),
    )


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


@pytest.mark.parametrize("name", [HIGHWATER, VNODE, PAGESHORTAGE, IOS14])
def test_built_report_has_the_fixture_shape(jetsam_fixtures: Path, name: str) -> None:
    text = (jetsam_fixtures / name).read_text()
    original_header, original_body = (json.loads(part) for part in text.split("\n", 1))
    built = _without_layout(read_report(jetsam_fixtures / name))
    header_line, body_text = render_report(built).split("\n", 1)
    header, body = json.loads(header_line), json.loads(body_text)
    # the header keeps its keys (order included: it is part of the header mapping)
    assert list(header) == list(original_header)
    # top-level keys and memoryPages: the devices' order
    assert list(body) == list(original_body)
    assert list(body["memoryStatus"]["memoryPages"]) == list(
        original_body["memoryStatus"]["memoryPages"]
    )
    assert set(body["memoryStatus"]) == set(original_body["memoryStatus"])
    if name != HIGHWATER:  # iOS 11+ order; iOS 10 had another
        assert list(body["memoryStatus"]) == list(original_body["memoryStatus"])
    # every process: same field set and value types; the common order where it applies
    for ours, theirs in zip(body["processes"], original_body["processes"], strict=True):
        assert set(ours) == set(theirs)
        assert _types(ours) == _types(theirs)
    assert _types(body) == _types(original_body)


def test_built_ios14_processes_follow_the_common_order(jetsam_fixtures: Path) -> None:
    text = (jetsam_fixtures / IOS14).read_text()
    original = json.loads(text.split("\n", 1)[1])["processes"]
    built = _without_layout(read_report(jetsam_fixtures / IOS14))
    rendered = json.loads(render_report(built).split("\n", 1)[1])["processes"]
    same = sum(list(a) == list(b) for a, b in zip(rendered, original, strict=True))
    assert same >= 334  # the dominant order of that report, killed entries included


def test_built_report_pretty_layout(jetsam_fixtures: Path) -> None:
    report = _without_layout(read_report(jetsam_fixtures / IOS14))
    body = render_report(report).split("\n", 1)[1]
    assert '  "kernel" : "Darwin Kernel Version 20.1.0' in body
    assert "xnu-7195.40.113.0.2~22\\/RELEASE_ARM64_T8030" in body
    assert '\n  "memoryStatus" : {\n  "compressorSize" : 96635,' in body
    assert '\n  "processes" : [\n  {\n    "uuid" : ' in body
    assert '"cpuTime" : 0.066796999999999995' in body
    assert body.endswith("\n  }\n]\n}\n")


# ---------------------------------------------------------------- property round trips

_word = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"),
    min_size=1,
    max_size=8,
)
_legacy_name = st.builds(
    lambda a, b: (a + (" " + b if b else ""))[:16].strip(), _word, st.one_of(st.just(""), _word)
)
_line_text = st.builds(" ".join, st.lists(_word, min_size=1, max_size=4))
_count = st.integers(min_value=0, max_value=10**7)
_hex32 = st.text(st.sampled_from("0123456789abcdef"), min_size=32, max_size=32).filter(
    lambda u: u != "0" * 32
)
_token = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz-"), min_size=1, max_size=12)


@st.composite
def legacy_reports(draw: st.DrawFn, fmt: ReportFormat) -> JetsamReport:
    known = draw(st.booleans())
    page_size = draw(st.sampled_from([4096, 16384])) if known else 4096
    procs = draw(
        st.lists(
            st.builds(
                ReportProcess,
                name=_legacy_name,
                uuid=st.one_of(st.none(), _hex32),
                rpages=st.one_of(st.none(), _count),
                lifetime_max=st.one_of(st.none(), _count),
                fds=st.one_of(st.none(), st.integers(0, 4096)),
                reason=st.one_of(st.none(), _token),
                states=st.lists(_token, max_size=3).map(tuple),
            ),
            min_size=1,
            max_size=6,
        )
    )
    pages_keys = [
        "free",
        "active",
        "inactive",
        "speculative",
        "throttled",
        "purgeable",
        "wired",
        "fileBacked",
        "anonymous",
    ]
    status_keys = ["compressions", "decompressions", "compressorSize", "uncompressed"]
    pages = {k: draw(_count) for k in pages_keys if draw(st.booleans())}
    status = {k: draw(_count) for k in status_keys if draw(st.booleans())}
    header = {"bug_type": "198"} if fmt is ReportFormat.LOWMEMORY_PLIST else {}
    return JetsamReport(
        format=fmt,
        page_size=page_size,
        page_size_known=known,
        bug_type=header.get("bug_type"),
        incident_id=draw(st.one_of(st.none(), _line_text)),
        crash_reporter_key=draw(st.one_of(st.none(), _word)),
        product=draw(st.one_of(st.none(), _word)),
        os_version=draw(st.one_of(st.none(), _line_text)),
        kernel=draw(st.one_of(st.none(), _line_text)),
        date=draw(st.one_of(st.none(), _line_text)),
        time_delta=draw(st.one_of(st.none(), _count)),
        largest_process=draw(st.one_of(st.none(), _legacy_name)),
        memory_pages=pages,
        memory_status=status,
        processes=tuple(procs),
        header=header,
        problems=() if known else ("no page size in the report; assumed 4096 bytes",),
    )


_json_text = st.text(max_size=20)
_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),  # beyond: refused by reports.sanity (test_hostile)
    _json_text,
    st.floats(allow_nan=False, allow_infinity=False),
)


@st.composite
def json_reports(draw: st.DrawFn, fmt: ReportFormat) -> JetsamReport:
    # values a device can write; the rest is refused by reports.sanity (test_hostile)
    opt_int = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))
    opt_pages = st.one_of(st.none(), st.integers(0, 2**40))
    opt_pid = st.one_of(st.none(), st.integers(0, 2**31 - 1))
    procs = draw(
        st.lists(
            st.builds(
                ReportProcess,
                name=_json_text,
                pid=opt_pid,
                uuid=st.one_of(st.none(), _json_text),
                rpages=opt_pages,
                lifetime_max=opt_pages,
                purgeable=opt_pages,
                fds=st.one_of(st.none(), st.integers(0, 2**31 - 1)),
                cpu_time=st.one_of(
                    st.none(),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.integers(-(2**63), 2**63 - 1),
                ),
                age=opt_int,
                coalition=opt_int,
                priority=st.one_of(st.none(), st.integers(0, 999)),
                reason=st.one_of(st.none(), _json_text),
                states=st.lists(_json_text, max_size=3).map(tuple),
                kill_delta=opt_int,
                gen_count=opt_int,
                idle_delta=opt_int,
                physical_pages=st.one_of(
                    st.none(),
                    st.fixed_dictionaries(
                        {"internal": st.lists(_count, min_size=2, max_size=2)},
                        optional={"frozen_to_swap_pages": _count},
                    ),
                ),
                extra=st.dictionaries(
                    st.sampled_from(["pageSpike", "csFlags", "mem_regions", "freeze_skip_reason:"]),
                    _scalar,
                ),
            ),
            max_size=5,
            # a pid listed twice is a problem the reader notes (test_hostile)
            unique_by=lambda p: object() if p.pid is None else (p.pid, p.gen_count),
        )
    )
    ips = fmt is ReportFormat.JETSAM_IPS
    timestamp = draw(_json_text) if ips else None
    os_version = draw(_json_text) if ips else None
    incident = draw(st.one_of(st.none(), _json_text))
    header: dict[str, Any] = {}
    if ips:
        header = {"bug_type": "298", "timestamp": timestamp, "os_version": os_version}
        if incident is not None:
            header["incident_id"] = incident
    status = draw(
        st.dictionaries(
            st.sampled_from(["compressorSize", "uncompressed", "zoneMapCap", "largestZone"]),
            _scalar,
        )
    )
    return JetsamReport(
        format=fmt,
        page_size=draw(st.sampled_from([4096, 16384])),
        bug_type="298" if ips else None,
        timestamp=timestamp,
        os_version=os_version,
        incident_id=incident,
        crash_reporter_key=draw(st.one_of(st.none(), _json_text)),
        product=draw(st.one_of(st.none(), _json_text)),
        kernel=draw(st.one_of(st.none(), _json_text)),
        build=draw(st.one_of(st.none(), _json_text)),
        date=draw(st.one_of(st.none(), _json_text)),
        time_delta=draw(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
        gen_counter=draw(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
        largest_process=draw(st.one_of(st.none(), _json_text)),
        memory_pages=draw(st.dictionaries(_json_text, st.integers(0, 2**40))),
        memory_status=status,
        processes=tuple(procs),
        header=header,
        extra=draw(st.dictionaries(st.sampled_from(["codeSigningMonitor", "notes"]), _scalar)),
        float_digits=draw(st.sampled_from([17, 16, None])),
    )


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(
    st.sampled_from([ReportFormat.LOWMEMORY_TEXT, ReportFormat.LOWMEMORY_PLIST]).flatmap(
        legacy_reports
    )
)
def test_legacy_round_trip(report: JetsamReport) -> None:
    text = render_report(report)
    assert parse_report(text, "x") == report


@_SETTINGS
@given(st.sampled_from([ReportFormat.JETSAM_JSON, ReportFormat.JETSAM_IPS]).flatmap(json_reports))
def test_json_round_trip(report: JetsamReport) -> None:
    text = render_report(report)
    assert parse_report(text, "x") == report


def test_file_names() -> None:
    base = JetsamReport(
        format=ReportFormat.JETSAM_IPS, page_size=16384, timestamp="2020-10-15 17:29:58.79 +0100"
    )
    assert report_file_name(base) == "JetsamEvent-2020-10-15-172958.ips"
    assert report_file_name(dataclasses.replace(base, format=ReportFormat.JETSAM_JSON)) == (
        "JetsamEvent-2020-10-15-172958.json"
    )
    plist = JetsamReport(
        format=ReportFormat.LOWMEMORY_PLIST, page_size=4096, date="2015-08-07 11:20:54 +0800"
    )
    assert report_file_name(plist) == "LowMemory-2015-08-07-112054.plist"
    text = dataclasses.replace(plist, format=ReportFormat.LOWMEMORY_TEXT)
    assert report_file_name(text) == "LowMemory-2015-08-07-112054.log"
    undated = JetsamReport(format=ReportFormat.JETSAM_IPS, page_size=4096)
    assert report_file_name(undated) == "JetsamEvent-unknown-date.ips"
