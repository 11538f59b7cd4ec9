"""Random and mutated input: the readers return a report or raise ReportError, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.model import JetsamReport
from activitymon.reports import (
    ReportError,
    format_summary,
    parse_bytes,
    parse_report,
    render_report,
    summarize,
)
from tests.conftest import JETSAM_FIXTURES
from tests.reports.conftest import ANALYTICS, HIGHWATER, KKBOX, THRASHING, VNODE

_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: the smaller fixtures (the 0.5 MB iOS 14 one would make each example slow)
_SOURCES = (KKBOX, THRASHING, HIGHWATER, VNODE, ANALYTICS)
_TEXTS: dict[str, str] = {}


def _text(name: str) -> str:
    if name not in _TEXTS:
        _TEXTS[name] = (JETSAM_FIXTURES / name).read_text()
    return _TEXTS[name]


def _check(result: JetsamReport) -> None:
    """A report that was read must also summarise and write without error."""
    summarize(result)
    format_summary(result)
    render_report(result)


def _read_text(text: str) -> None:
    try:
        report = parse_report(text, "mutated.ips")
    except ReportError as exc:
        _check_error(exc, "mutated.ips")
        return
    _check(report)


def _check_error(error: ReportError, name: str) -> None:
    """One line that starts with the file name."""
    message = str(error)
    assert message.startswith(f"{name}: ")
    assert "\n" not in message


@_SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    try:
        report = parse_bytes(data, "random.bin")
    except ReportError as exc:
        _check_error(exc, "random.bin")
        return
    _check(report)


@_SETTINGS
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    _read_text(text)


@_SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "{",
                "}",
                "[",
                "]",
                '"memoryStatus" : {',
                '"processes" : [',
                '"pageSize" : 16384,',
                '"name" : "x",',
                '"rpages" : 12,',
                '{"bug_type":"298"}',
                '{"bug_type":"211"}',
                "Free pages: 12",
                "Largest process: x",
                "Processes",
                "  x <0123456789abcdef0123456789abcdef>  1 2 3 [r] (s)",
                "...",
                "<?xml version='1.0'?>",
                "<plist>",
                '"',
                "\\",
                ",",
            ]
        ),
        max_size=40,
    ).map("\n".join)
)
def test_jetsam_shaped_fragments(text: str) -> None:
    _read_text(text)


@st.composite
def _mutations(draw: st.DrawFn) -> str:
    text = _text(draw(st.sampled_from(_SOURCES)))
    n = len(text)
    kind = draw(st.sampled_from(["truncate", "delete", "insert", "elide", "replace"]))
    a = draw(st.integers(0, n))
    b = draw(st.integers(a, min(n, a + 400)))
    if kind == "truncate":
        return text[:a]
    if kind == "delete":
        return text[:a] + text[b:]
    if kind == "insert":
        return text[:a] + draw(st.text(max_size=50)) + text[a:]
    if kind == "elide":
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(i, min(len(lines), i + 30)))
        return "\n".join([*lines[:i], "...", *lines[j:]])
    return text[:a] + draw(st.sampled_from(['"', "{", "}", "[", "]", ":", "-1", "null"])) + text[b:]


@_SETTINGS
@given(_mutations())
def test_mutated_real_reports(jetsam_fixtures: Path, text: str) -> None:
    _read_text(text)


@_SETTINGS
@given(_mutations(), st.integers(0, 2**31))
def test_mutated_bytes(jetsam_fixtures: Path, text: str, seed: int) -> None:
    data = bytearray(text.encode())
    if data:
        data[seed % len(data)] = seed % 256
    try:
        report = parse_bytes(bytes(data), "flipped.ips")
    except ReportError:
        return
    _check(report)


@pytest.mark.parametrize("name", [HIGHWATER, VNODE])
def test_every_truncation_point_of_a_header_line(jetsam_fixtures: Path, name: str) -> None:
    text = _text(name)
    first_newline = text.index("\n")
    for cut in range(first_newline + 40):
        _read_text(text[:cut])
