"""The fast path of a summary: a well-formed JetsamEvent's facts straight from the C
JSON parser, without building the report model.

``report --summary`` over thousands of reports needs a few facts per file (who was
killed, why, at what footprint, in which band, when, on which device). The readers in
``detect.py`` build the whole :class:`JetsamReport` and hold every value to what a
device can write, in Python, which costs ten times the parse itself. Here a file is
parsed by ``json.loads`` (C) and held to the same bounds at little cost:

* before parsing: the size cap (``read_regular``, and :data:`MAX_FAST_BYTES` here);
* before parsing, one C pass (digits mapped to ``0``, then a substring search) finds
  any integer of :data:`MAX_INT_DIGITS` digits or more: every integer the parser
  then makes fits in 64 bits, and none is long enough to cost a conversion;
* in the parser: its own recursion guard (a file nested thousands deep ends in a
  ``RecursionError`` raised in C, not a crash) and ``NaN``/``Infinity`` refused
  through the ``parse_constant`` hook (never called on a sound file);
* after parsing (:mod:`activitymon.reports.fast_checks`), never value by value in
  Python: one pass over the process entries
  finds their shapes (keys and value types; a report has a handful), so every known
  key is held to the type the model takes; the keys held to a narrower range (pid,
  pages, fds, band) and floats are gathered as columns and held by ``min``/``max``
  (floats finite). Nested values are allowed only where Apple writes them
  (``states`` a list of strings, ``physicalPages`` an object of integers and lists
  of integers), so the depth is known without walking; the few top-level values are
  walked.

A file that passes gives exactly the facts the full readers give (a property test
holds the two paths to that); any other file (LowMemory text, a plist, an Analytics
log, a damaged, elided, odd or hostile one) gives ``None`` and goes to the full
readers, which recover what they can and say what they could not.
"""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple

from activitymon.model import Era, band_label
from activitymon.reports.facts import stamp_datetime
from activitymon.reports.fast_checks import Refused, checked_processes, loads, page_size, sound
from activitymon.reports.incident import ReportFacts, Victim

#: the fast path reads files up to this size (the largest real report is ~0.5 MB)
MAX_FAST_BYTES = 8 * 1024 * 1024
#: an integer this long may not fit in 64 bits (2^63 has 19 digits)
MAX_INT_DIGITS = 19
_DIGITS = bytes.maketrans(b"0123456789", b"0000000000")
_LONG_RUN = b"0" * MAX_INT_DIGITS

_BODY_TYPES: dict[str, type] = {
    "crashReporterKey": str,
    "kernel": str,
    "product": str,
    "incident": str,
    "date": str,
    "build": str,
    "timeDelta": int,
    "largestProcess": str,
    "genCounter": int,
}


class FastReport(NamedTuple):
    """What the fast path read: the facts, and the process entries as parsed (checked)
    with the page size and band scale, for an export's rows."""

    facts: ReportFacts
    processes: list[dict[str, Any]]
    page_size: int
    era: Era


def _short_integers(data: bytes) -> bool:
    """No run of :data:`MAX_INT_DIGITS` digits but the fractions of floats, so every
    integer the parser makes fits in 64 bits (digits mapped to ``0`` by one C pass,
    then a substring search)."""
    digits = data.translate(_DIGITS)
    at = digits.find(_LONG_RUN)
    while at >= 0:
        start = at
        while start > 0 and digits[start - 1] == 0x30:
            start -= 1
        if start == 0 or digits[start - 1] != 0x2E:  # not after "."
            return False
        end = at + MAX_INT_DIGITS
        while end < len(digits) and digits[end] == 0x30:
            end += 1
        at = digits.find(_LONG_RUN, end)
    return True


def fast_facts(data: bytes, path: str) -> ReportFacts | None:
    """The facts of a well-formed JetsamEvent, or ``None`` (the full readers decide)."""
    fast = fast_report(data, path)
    return None if fast is None else fast.facts


def fast_report(data: bytes, path: str) -> FastReport | None:
    """A well-formed JetsamEvent read by the C parser, or ``None``."""
    if not data.startswith(b"{") or len(data) > MAX_FAST_BYTES or b"\r" in data:
        return None
    if _cut(data) or not _short_integers(data):
        return None
    try:
        header, body = _documents(data.decode("utf-8"))
        return _read(header, body, path, data)
    except (Refused, ValueError, RecursionError, TypeError, KeyError):
        return None


def _cut(data: bytes) -> bool:
    """The file does not end in ``}``, and its first line is no bare body: no object
    :func:`_documents` takes can be there (a body ends the file, after a header line
    or alone), so the file is refused before the body is parsed (a cut report: the
    full readers recover what it holds). JSON's whitespace is among what ``rstrip``
    strips, so an object's text ends in ``}`` once stripped."""
    tail = data[-4096:].rstrip()
    if not tail or tail.endswith(b"}"):
        return False
    newline = data.find(b"\n")
    if newline < 0:
        return True
    try:
        first = loads(data[:newline].decode("utf-8"))
    except (Refused, ValueError, RecursionError):
        return True
    return not (isinstance(first, dict) and ("memoryStatus" in first or "processes" in first))


def jetsam_header(line: bytes) -> dict[str, Any] | None:
    """The first line of a file as the header of a JetsamEvent, as the full readers take
    it (a JSON object of sound values, ``bug_type`` 298, not a bare body), or ``None``."""
    try:
        first = loads(line.decode("utf-8"))
    except (Refused, ValueError, RecursionError):
        return None
    if type(first) is not dict or "memoryStatus" in first or "processes" in first:
        return None
    if not sound(first) or str(first.get("bug_type")) != "298":
        return None
    return first


def _documents(text: str) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(header, body) as ``detect.py`` would split them; raises ``Refused``."""
    newline = text.find("\n")
    try:
        first = loads(text if newline < 0 else text[:newline])
    except ValueError:
        first = None
    if isinstance(first, dict) and ("memoryStatus" in first or "processes" in first):
        return None, first  # a bare body on one line
    if first is None:  # a bare body over many lines
        whole = loads(text)
        if isinstance(whole, dict) and ("memoryStatus" in whole or "processes" in whole):
            return None, whole
        raise Refused("not a body")
    if not isinstance(first, dict) or str(first.get("bug_type")) != "298" or newline < 0:
        raise Refused("not a JetsamEvent")
    body = loads(text[newline + 1 :])
    if isinstance(body, dict) and ("memoryStatus" in body or "processes" in body):
        return first, body
    raise Refused("no body")


# ------------------------------------------------------------------ the facts


def text(value: object) -> str | None:
    """``value`` if it is a string, else ``None``."""
    return value if isinstance(value, str) else None


def _read(
    header: dict[str, Any] | None, body: dict[str, Any], path: str, data: bytes
) -> FastReport:
    for key, value in body.items():
        kind = _BODY_TYPES.get(key)
        if kind is not None:
            if type(value) is not kind or (kind is int and not sound(value)):
                raise Refused(key)
        elif key not in ("memoryStatus", "processes") and not sound(value):
            raise Refused(key)
    if header is not None and not sound(header):
        raise Refused("header")
    page = page_size(body)
    procs, columns = checked_processes(body)
    head = header or {}
    # the header's incident id wins over the body's, even when empty (as in the model)
    incident = text(head.get("incident_id"))
    if incident is None:
        incident = text(body.get("incident"))
    date, stamp = text(body.get("date")), text(head.get("timestamp"))
    product = text(body.get("product"))
    moment = stamp_datetime(date, stamp)
    priorities = columns.get("priority")
    era = Era.MODERN if priorities and max(priorities) > 21 else Era.LEGACY
    facts = ReportFacts(
        path=path,
        key=incident_key_of(
            incident, date or stamp, text(body.get("crashReporterKey")) or product, data
        ),
        format="jetsam-ips" if header is not None else "jetsam-json",
        date=None if moment is None else moment.isoformat(),
        device=product,
        os_version=text(head.get("os_version")) or text(body.get("build")),
        **_largest(procs, columns.get("rpages"), text(body.get("largestProcess")), page),
        victims=_victims(procs, page, era),
        partial=False,
    )
    return FastReport(facts, procs, page, era)


def incident_key_of(
    incident: str | None, moment: str | None, device: str | None, data: bytes
) -> str:
    """As :func:`activitymon.reports.incident.incident_key`."""
    if incident:
        return "incident:" + incident.strip().upper()
    if moment and device:
        return f"moment:{moment.strip()}|{device.strip()}"
    return "content:" + hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _largest(
    procs: list[dict[str, Any]], rpages: list[int] | None, named: str | None, page: int
) -> dict[str, Any]:
    """The entry with the most pages (the first of equals), as ``JetsamReport.largest``."""
    if rpages:
        most = max(rpages)
        if len(rpages) == len(procs):
            largest = procs[rpages.index(most)]
        else:
            largest = next(p for p in procs if p.get("rpages") == most)
        name = largest.get("name", "")
        if named is None or name.startswith(named):
            return {"largest_process": name, "largest_bytes": most * page}
    return {"largest_process": named, "largest_bytes": None}


def killed_in_order(procs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The killed entries in kill order (by ``killDelta``; as ``JetsamReport.victims``)."""
    killed = [p for p in procs if "reason" in p]
    killed.sort(key=lambda p: (p.get("killDelta") is None, p.get("killDelta") or 0))
    return killed


def _victims(procs: list[dict[str, Any]], page: int, era: Era) -> tuple[Victim, ...]:
    killed = killed_in_order(procs)
    return tuple(
        Victim(
            name=p.get("name", ""),
            reason=p["reason"],
            footprint_bytes=p["rpages"] * page if "rpages" in p else None,
            band=band_label(p["priority"], era) if "priority" in p else None,
        )
        for p in killed
    )
