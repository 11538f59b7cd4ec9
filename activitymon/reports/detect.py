"""Open any jetsam report: detect the format by content, never by file name.

Order of tests (``jetsam-report-formats.md`` §2): property list → JSON header line
(bug_type 298 JetsamEvent, 211 Analytics, others) → bare JSON body → LowMemory
text → lenient recovery of a damaged JetsamEvent body. Every failure is a
:class:`ReportError` naming the file; nothing else escapes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import Any

from activitymon.limits import MAX_NESTING, bounded_int, nesting_depth
from activitymon.model import JetsamReport
from activitymon.model.text import shortened
from activitymon.reports import files
from activitymon.reports.analytics import jetsam_aggregations
from activitymon.reports.apple_json import float_text
from activitymon.reports.errors import AnalyticsLog, NotAJetsamReport, ReportError
from activitymon.reports.files import NotReadable, read_regular, too_large
from activitymon.reports.jetsam_json import report_from_body
from activitymon.reports.lenient import long_digits, recover_body
from activitymon.reports.lowmemory_text import looks_like_lowmemory, parse_lowmemory
from activitymon.reports.plist import NotLowMemoryPlist, parse_plist
from activitymon.reports.sanity import check_report

_OTHER_BUG_TYPES = {
    "109": "a crash report",
    "309": "a crash report",
    "210": "a kernel panic report",
    "288": "a stackshot report",
}
_decoder = json.JSONDecoder(parse_int=bounded_int)
#: the size cap, here too (tests lower it)
MAX_REPORT_BYTES = files.MAX_REPORT_BYTES


def read_report(path: str | os.PathLike[str]) -> JetsamReport:
    """Read one report file. Raises :class:`ReportError` (one line, names the file).

    Only a regular file is opened: a FIFO, a device or a socket is refused before
    ``open`` (which would block on a FIFO, or read a device forever), and checked
    again on the open descriptor, so a file swapped in between cannot block either."""
    name = os.fspath(path)
    try:
        data = read_regular(name)
    except NotReadable as exc:
        raise ReportError(name, str(exc)) from None
    return parse_bytes(data, name)


def read_reports(
    paths: Iterable[str | os.PathLike[str]],
) -> list[JetsamReport | ReportError]:
    """Read several files; a file that fails gives its :class:`ReportError` in its place."""
    results: list[JetsamReport | ReportError] = []
    for path in paths:
        try:
            results.append(read_report(path))
        except ReportError as exc:
            results.append(exc)
    return results


def parse_bytes(data: bytes, name: str = "<bytes>") -> JetsamReport:
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(name, too_large(len(data)))
    if not data.strip():
        raise ReportError(name, "empty file")
    if data.startswith(b"bplist00"):
        return _plist(data, name)
    if b"\x00" in data[:8192]:
        raise ReportError(name, "binary data, not a jetsam report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(
            name, f"not UTF-8 text (bad byte at offset {exc.start}), not a jetsam report"
        ) from None
    return parse_report(text, name)


def parse_report(text: str, name: str = "<text>") -> JetsamReport:
    """Read a report from its text. Raises :class:`ReportError`."""
    try:
        return check_report(_parse(text, name))
    except ReportError:
        raise
    except RecursionError:
        raise ReportError(name, _too_deep()) from None


def _too_deep() -> str:
    return f"nested more than {MAX_NESTING} levels deep, not a jetsam report"


def _plist(data: bytes, name: str) -> JetsamReport:
    try:
        return check_report(parse_plist(data))
    except RecursionError:
        raise ReportError(name, _too_deep()) from None
    except NotLowMemoryPlist as exc:
        raise NotAJetsamReport(name, str(exc)) from None
    except ValueError as exc:
        raise ReportError(name, str(exc)) from None


def _parse(text: str, name: str) -> JetsamReport:
    if len(text) > MAX_REPORT_BYTES:
        raise ReportError(name, too_large(len(text.encode("utf-8", "surrogatepass"))))
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReportError(name, "empty file")
    if "\x00" in text:
        raise ReportError(name, "binary data, not a jetsam report")
    start = text.lstrip()
    if start.startswith(("{", "[")) and nesting_depth(start) > MAX_NESTING:
        raise ReportError(name, _too_deep())
    if start.startswith(("<?xml", "<plist", "<!DOCTYPE plist")):
        return _plist(start.encode("utf-8", "surrogatepass"), name)
    if start.startswith("{"):
        try:
            first, end = _decoder.raw_decode(start)
        except ValueError:
            first, end = None, 0
        if isinstance(first, dict):
            return _from_json(first, start[end:], start, name)
    if looks_like_lowmemory(text):
        return _lowmemory(text, name, None)
    if start.startswith(("{", "[")) and _looks_like_body(text):
        return _lenient(start, None, name, "the JSON is damaged")
    if start.startswith(("{", "[")):
        if _is_json(start):
            raise NotAJetsamReport(name, "JSON, but not a jetsam report")
        raise ReportError(name, "damaged JSON and no jetsam report content found")
    raise NotAJetsamReport(
        name, "not a jetsam report (no JetsamEvent JSON and no LowMemory text found)"
    )


def _is_json(text: str) -> bool:
    try:
        json.loads(text, parse_int=bounded_int)
    except (ValueError, RecursionError):
        return False
    return True


def _looks_like_body(text: str) -> bool:
    return '"memoryStatus"' in text or ('"largestProcess"' in text and '"processes"' in text)


def _float_digits(body: str) -> int | None:
    """How the writer printed floats: 17 significant digits (iOS 11+), 16 (iOS 10),
    or ``None`` when neither fits every float (then the shortest form is used)."""
    candidates = _FLOAT_LINES.findall(body)  # the others have no float to give
    literals = [x for x in map(_float_literal, candidates) if x is not None]
    if not literals:
        return 17
    for digits in (17, 16):
        if all(float_text(float(x), digits) == x for x in literals):
            return digits
    return None


#: the lines with a digit, a point and a digit: every line :func:`_float_literal` reads a
#: float from has them (its whole and fraction parts are ASCII digits), found in C
_FLOAT_LINES = re.compile(r"^.*[0-9]\.[0-9].*$", re.MULTILINE)


def _float_literal(line: str) -> str | None:
    """The float ending a ``"key" : value`` or array-item line, as written (a hand
    parse: a regular expression here was quadratic in a line of spaces)."""
    line = line.removesuffix(",")
    _, colon, after = line.rpartition(": ")
    text = after if colon else line.lstrip()
    if not 3 <= len(text) <= 40:
        return None
    mantissa, e, exponent = text.replace("E", "e").partition("e")
    whole, dot, fraction = mantissa.removeprefix("-").partition(".")
    if not (dot and whole.isascii() and whole.isdigit() and fraction.isascii()):
        return None
    if not fraction.isdigit():
        return None
    if e and not (exponent.lstrip("+-").isascii() and exponent.lstrip("+-").isdigit()):
        return None
    if e and exponent[:1] in "+-" and exponent[1:2] in "+-":
        return None
    return text


def _from_json(first: dict[str, Any], rest: str, whole: str, name: str) -> JetsamReport:
    if "memoryStatus" in first or "processes" in first:
        # a bare body (header stripped); iOS 18 bodies repeat bug_type inside
        return report_from_body(first, header=None, float_digits=_float_digits(whole))
    if "bug_type" not in first:
        raise NotAJetsamReport(
            name, "JSON, but not a jetsam report (no bug_type, memoryStatus or processes)"
        )
    bug_type = str(first.get("bug_type"))
    if bug_type == "211":
        records = jetsam_aggregations(rest)
        raise AnalyticsLog(
            name,
            "an Analytics log (bug_type 211), not a jetsam report: it holds "
            f"{len(records)} JetsamAggregation record(s) (daily kill counts) "
            "and no memory snapshot",
            records,
        )
    if not rest.strip():
        if bug_type == "298":
            raise ReportError(name, "JetsamEvent header line but no body (file truncated)")
        raise NotAJetsamReport(name, f"not a jetsam report ({_kind(bug_type)})")
    if bug_type != "298" and looks_like_lowmemory(rest):
        return _lowmemory(rest, name, first)
    try:
        body = json.loads(rest, parse_int=bounded_int) if long_digits(rest) else json.loads(rest)
    except (ValueError, RecursionError) as exc:
        if bug_type == "298" or _looks_like_body(rest):
            return _lenient(rest, first, name, _json_problem(exc, rest))
        if looks_like_lowmemory(rest):
            return _lowmemory(rest, name, first)
        raise NotAJetsamReport(name, f"not a jetsam report ({_kind(bug_type)})") from None
    if isinstance(body, dict) and ("memoryStatus" in body or "processes" in body):
        return report_from_body(body, header=first, float_digits=_float_digits(rest))
    if bug_type == "298":
        raise ReportError(name, "JetsamEvent body has no memoryStatus and no processes")
    raise NotAJetsamReport(name, f"not a jetsam report ({_kind(bug_type)})")


def _kind(bug_type: str) -> str:
    described = _OTHER_BUG_TYPES.get(bug_type)
    shown = shortened(bug_type, 21)
    return f"bug_type {shown}" + (f", {described}" if described else "")


def _json_problem(exc: Exception, text: str) -> str:
    if isinstance(exc, json.JSONDecodeError):
        # the text starts where the header line ends: its first line is the header's
        line = text.count("\n", 0, exc.pos) + 1
        return f"the JSON body is damaged ({exc.msg} at line {line})"
    return "the JSON body is damaged"


def _lowmemory(text: str, name: str, header: dict[str, Any] | None) -> JetsamReport:
    try:
        return parse_lowmemory(text, header=header, whole_file=True)
    except ValueError as exc:
        raise ReportError(name, f"LowMemory text without content: {exc}") from None


def _lenient(body: str, header: dict[str, Any] | None, name: str, why: str) -> JetsamReport:
    found = recover_body(body)
    if found.memory_status is None and not found.processes:
        raise ReportError(name, f"truncated or damaged jetsam report: {why}; nothing readable")
    problems = [why]
    if found.elided_lines:
        problems.append(f"{found.elided_lines} elided line(s) ('...')")
    problems.append(f"read leniently: {len(found.processes)} process entries recovered")
    recovered: dict[str, Any] = dict(found.top)
    recovered.pop("memoryStatus", None)
    recovered.pop("processes", None)
    if found.memory_status is not None:
        recovered["memoryStatus"] = found.memory_status
    recovered["processes"] = found.processes
    return report_from_body(
        recovered,
        header=header,
        float_digits=_float_digits(body),
        partial=True,
        problems=problems,
    )
