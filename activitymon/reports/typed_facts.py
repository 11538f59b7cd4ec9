"""The summary's fastest path: a JetsamEvent body decoded by msgspec into typed
structures, every value held to what the sanity pass keeps while it is parsed, in C.

:mod:`~activitymon.reports.fast_facts` parses with Python's JSON parser into
dictionaries, then holds the values to the model's types and the sanity pass's ranges
a column at a time, in Python: together about twice a bare ``json.loads``. Here the
body is decoded by `msgspec <https://jcristharif.com/msgspec/>`_ straight into the
structures below, whose fields say what a device writes: an integer field takes no
``bool``, no float and nothing beyond its range (``Meta(ge=…, le=…)``); a number field
is an integer in 64 bits or a finite float; ``states`` a list of strings;
``physicalPages`` an object of integers and lists of integers. Any other key, type or
value fails the decode (``forbid_unknown_fields``), and the file goes on to the
dictionary path, then to the full readers. The decode costs about what
``json.loads`` costs for the same bytes (less than half the standard parser's time).

The parser's own guarantees, each checked against our bounds (``tests/reports``):
``NaN``/``Infinity`` are not JSON and are refused; a number beyond a double's range
(``1e999``) is refused rather than made infinite; an integer is converted only up to
64 bits (a longer one is refused without being converted, so a 5,000-digit integer
costs nothing); UTF-8 is validated; a lone ``\\ud800`` escape is refused; a key given
twice keeps its last value, as ``json.loads`` does. No field takes an arbitrary value,
so nothing is nested deeper than the structures (five levels); the header line, a
few hundred bytes, is read by the standard parser and walked.

A file that passes gives exactly the facts the full readers give, and is not damaged
(a property test holds the three paths to that). Without msgspec (a platform without
its wheel) :mod:`activitymon.reports.reading` uses the dictionary path alone.
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType, field

from activitymon.model import Era, band_label
from activitymon.reports.facts import stamp_datetime
from activitymon.reports.fast_facts import MAX_FAST_BYTES, incident_key_of, jetsam_header, text
from activitymon.reports.incident import ReportFacts, Victim
from activitymon.reports.sanity import MAX_PAGES, PAGE_SIZE_RANGE

#: the header line is this long at most (a device's is ~200 bytes)
MAX_HEADER_BYTES = 64 * 1024

Int64 = Annotated[int, Meta(ge=-(1 << 63), le=(1 << 63) - 1)]
Int32 = Annotated[int, Meta(ge=-(1 << 31), le=(1 << 31) - 1)]
Count31 = Annotated[int, Meta(ge=0, le=(1 << 31) - 1)]
Pages = Annotated[int, Meta(ge=0, le=MAX_PAGES)]
PageSize = Annotated[int, Meta(ge=PAGE_SIZE_RANGE[0], le=PAGE_SIZE_RANGE[1])]
#: an integer literal goes to the integer (held to 64 bits): a float field would
#: take ``10**20`` as ``1e20``, where the full readers see an integer out of range
Number = Int64 | Annotated[float, Meta(ge=-1.7976931348623157e308, le=1.7976931348623157e308)]


class _Process(Struct, forbid_unknown_fields=True, rename="camel", gc=False):
    """A process entry (``jetsam-report-formats.md`` §4.4), with the keys seen in the
    wild that the model keeps as extras."""

    name: str = ""
    pid: Count31 | UnsetType = UNSET
    uuid: str | UnsetType = UNSET
    rpages: Pages | UnsetType = UNSET
    lifetime_max: Pages | UnsetType = UNSET
    purgeable: Pages | UnsetType = UNSET
    fds: Count31 | UnsetType = UNSET
    cpu_time: Number | UnsetType = UNSET
    age: Int64 | UnsetType = UNSET
    coalition: Int64 | UnsetType = UNSET
    priority: Int32 | UnsetType = UNSET
    reason: str | UnsetType = UNSET
    states: list[str] | UnsetType = UNSET
    kill_delta: Int64 | UnsetType = UNSET
    gen_count: Int64 | UnsetType = UNSET
    idle_delta: Int64 | UnsetType = UNSET
    physical_pages: dict[str, Int64 | list[Int64]] | UnsetType = UNSET
    # extras seen in real reports (iOS 10, 15, 18)
    page_spike: Int64 | UnsetType = UNSET
    freeze_skip_reason: str | UnsetType = field(default=UNSET, name="freeze_skip_reason:")
    mem_regions: Int64 | UnsetType = field(default=UNSET, name="mem_regions")
    cs_flags: Int64 | UnsetType = UNSET
    cs_trust_level: Int64 | UnsetType = UNSET


class _MemoryStatus(Struct, forbid_unknown_fields=True, rename="camel", gc=False):
    page_size: PageSize | UnsetType = UNSET
    memory_pages: dict[str, Pages] | UnsetType = UNSET
    compressor_size: Int64 | UnsetType = UNSET
    compressions: Int64 | UnsetType = UNSET
    decompressions: Int64 | UnsetType = UNSET
    uncompressed: Int64 | UnsetType = UNSET
    zone_map_cap: Int64 | UnsetType = UNSET
    zone_map_size: Int64 | UnsetType = UNSET
    largest_zone: str | UnsetType = UNSET
    largest_zone_size: Int64 | UnsetType = UNSET
    busy_buffer_count: Int64 | UnsetType = UNSET


class _Body(Struct, forbid_unknown_fields=True, rename="camel", gc=False):
    crash_reporter_key: str | UnsetType = UNSET
    kernel: str | UnsetType = UNSET
    product: str | UnsetType = UNSET
    incident: str | UnsetType = UNSET
    date: str | UnsetType = UNSET
    build: str | UnsetType = UNSET
    time_delta: Int64 | UnsetType = UNSET
    memory_status: _MemoryStatus | UnsetType = UNSET
    largest_process: str | UnsetType = UNSET
    gen_counter: Int64 | UnsetType = UNSET
    processes: list[_Process] | UnsetType = UNSET
    # iOS 18 bodies repeat the bug type and add the code-signing monitor
    bug_type: str | UnsetType = field(default=UNSET, name="bug_type")
    code_signing_monitor: Int64 | UnsetType = UNSET


Body = _Body
Process = _Process
body_decoder = msgspec.json.Decoder(_Body)
#: a list of process entries alone (the complete entries of a cut report)
entries_decoder = msgspec.json.Decoder(list[_Process])
_rpages = attrgetter("rpages")
#: a band's label for each (priority, era) met: a report names a dozen bands, and the
#: label is a dictionary built and a string formatted each time (bounded: a hostile
#: file may name millions)
_band_label = lru_cache(maxsize=4096)(band_label)


def typed_facts(data: bytes, path: str) -> ReportFacts | None:
    """The facts of a well-formed JetsamEvent (a header line and a body), or ``None``
    (the dictionary path and the full readers decide)."""
    if not data.startswith(b"{") or len(data) > MAX_FAST_BYTES or b"\r" in data:
        return None
    newline = data.find(b"\n", 0, MAX_HEADER_BYTES)
    if newline < 0:
        return None
    header = jetsam_header(data[:newline])
    if header is None:
        return None
    try:
        body = body_decoder.decode(memoryview(data)[newline + 1 :])
    except (msgspec.DecodeError, RecursionError):
        return None
    return body_facts(header, body, path, data)


def body_facts(
    header: dict[str, Any], body: Body, path: str, data: bytes, *, partial: bool = False
) -> ReportFacts | None:
    """The facts of a decoded body, or ``None`` (not a body; a page size that is not a
    power of two, which the sanity pass replaces)."""
    if body.memory_status is UNSET and body.processes is UNSET:
        return None  # not a body: the full readers say what it is
    page = 4096
    if body.memory_status is not UNSET and body.memory_status.page_size is not UNSET:
        page = body.memory_status.page_size
        if page & (page - 1):
            return None  # not a power of two: the sanity pass assumes 4096
    return _facts(header, body, page, path, data, partial=partial)


def _facts(
    header: dict[str, Any],
    body: Body,
    page: int,
    path: str,
    data: bytes,
    *,
    partial: bool,
) -> ReportFacts:
    procs = [] if body.processes is UNSET else body.processes
    incident = text(header.get("incident_id"))  # the header's wins, even empty
    if incident is None:
        incident = _or_none(body.incident)
    date, stamp = _or_none(body.date), text(header.get("timestamp"))
    product = _or_none(body.product)
    moment = stamp_datetime(date, stamp)
    priorities = [p.priority for p in procs if p.priority is not UNSET]
    era = Era.MODERN if priorities and max(priorities) > 21 else Era.LEGACY
    device_key = _or_none(body.crash_reporter_key) or product
    return ReportFacts(
        path=path,
        key=incident_key_of(incident, date or stamp, device_key, data),
        format="jetsam-ips",
        date=None if moment is None else moment.isoformat(),
        device=product,
        os_version=text(header.get("os_version")) or _or_none(body.build),
        **_largest(procs, _or_none(body.largest_process), page),
        victims=_victims(procs, page, era),
        partial=partial,
    )


def _or_none(value: str | UnsetType) -> str | None:
    return None if value is UNSET else value


def _largest(procs: list[_Process], named: str | None, page: int) -> dict[str, Any]:
    """The entry with the most pages (the first of equals), as ``JetsamReport.largest``."""
    rpages = list(map(_rpages, procs))
    if UNSET in rpages:
        sized = [(r, p) for r, p in zip(rpages, procs, strict=True) if r is not UNSET]
        rpages = [r for r, _ in sized]
        procs = [p for _, p in sized]
    if rpages:
        most = max(rpages)
        name = procs[rpages.index(most)].name
        if named is None or name.startswith(named):
            return {"largest_process": name, "largest_bytes": most * page}
    return {"largest_process": named, "largest_bytes": None}


def _victims(procs: list[_Process], page: int, era: Era) -> tuple[Victim, ...]:
    """The killed entries in kill order (by ``killDelta``; as ``JetsamReport.victims``)."""
    killed = [p for p in procs if p.reason is not UNSET]
    killed.sort(key=lambda p: (p.kill_delta is UNSET, p.kill_delta or 0))
    return tuple(
        Victim(
            name=p.name,
            reason=p.reason,
            footprint_bytes=None if p.rpages is UNSET else p.rpages * page,
            band=None if p.priority is UNSET else _band_label(p.priority, era),
        )
        for p in killed
        if p.reason is not UNSET  # for mypy: all are
    )
