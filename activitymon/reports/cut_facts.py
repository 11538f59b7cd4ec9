"""The facts of a cut JetsamEvent (a file that lost its end inside its process list,
the commonest damage) without the lenient scan of the whole file.

The full readers read such a file leniently (:mod:`activitymon.reports.lenient`): a
brace scan of every line, each object parsed on its own, the report built and checked
in Python, 10–20 ms a file. Here the last process entry closed before the cut is
found from the end (``rfind``), and what comes before it is decoded by msgspec's
typed structures (:mod:`activitymon.reports.typed_facts`), in C: the members before
the process list (the *head*) and the complete entries. Only the head (a few hundred
bytes) and what follows the last complete entry (the *tail*: the entry the cut broke)
are scanned as the lenient reader scans them.

The facts are given only where the lenient reader provably recovers the same body,
else ``None`` (the full readers decide):

* the head holds one ``"key": value`` per line, as a device writes it, so the lenient
  reader's top-level values (``lenient.top_values`` on the head) are exactly the
  head's members that are not objects or lists, with their types;
* ``memoryStatus``, if there, is the head's only object and is one the lenient reader
  keeps (it names ``pageSize`` or ``memoryPages``); every complete entry is one it
  keeps (a name, and ``rpages`` or ``pid``), so it never looks inside them;
* the entry the cut broke never closes (so the text is not JSON, and the file is read
  leniently), and no object inside it parses to one the lenient reader would keep;
* no NUL, no carriage return, valid UTF-8 throughout, nesting within the bound.

Lines between entries never start a ``"key"`` line, and every value decoded here is
held to what the sanity pass keeps, so the facts are the typed path's facts of that
body, marked partial (a property test holds them equal to the full readers' on
reports cut at any byte).
"""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec
from msgspec import UNSET, DecodeError

from activitymon.limits import MAX_NESTING, nesting_depth
from activitymon.reports.fast_facts import MAX_FAST_BYTES, jetsam_header
from activitymon.reports.incident import ReportFacts
from activitymon.reports.lenient import (
    _FAILED,
    _brace_spans,
    _is_memory_status,
    _is_process,
    _load,
    long_digits,
    top_values,
)
from activitymon.reports.typed_facts import Process, body_decoder, body_facts, entries_decoder

#: the process list's opening: ``"processes" : [``
_PROCESSES = re.compile(r'"processes"\s*:\s*\[')
#: after the last complete entry: nothing, or a comma and the start of the next entry
_AFTER_LAST = re.compile(r"\s*(?:,\s*(?:\{.*)?)?\Z", re.DOTALL)
#: how many closing braces from the end are tried as the last complete entry's
_TRIES = 8
#: a broken entry longer than this is left to the full readers (a device's entry is a
#: few hundred bytes, with one object inside; it holds at most ``_TRIES - 1`` closed
#: objects, as every ``}`` after the last complete entry was tried and refused)
_MAX_TAIL_BYTES = 64 * 1024


def cut_facts(data: bytes, path: str) -> ReportFacts | None:
    """The facts of a JetsamEvent cut inside its process list (partial), or ``None``."""
    if not data.startswith(b"{") or len(data) > MAX_FAST_BYTES or b"\r" in data:
        return None
    newline = data.find(b"\n")
    if newline < 0 or b"\x00" in data:
        return None
    header = jetsam_header(data[:newline])
    if header is None:
        return None
    try:
        text = data[newline + 1 :].decode("utf-8")
    except UnicodeDecodeError:
        return None
    opening = _PROCESSES.search(text)
    if opening is None:
        return None
    head = text[: opening.end()]
    last = _last_entry_end(text, opening.end())
    if last < 0:
        return None
    try:
        body = body_decoder.decode(head + "]}")
        entries = entries_decoder.decode("[" + text[opening.end() : last] + "]")
    except (DecodeError, RecursionError):
        return None
    if not entries or not all(_kept_entry(p) for p in entries):
        return None
    if not _head_as_lenient(head) or not _tail_keeps_nothing(text[last:]):
        return None
    whole = msgspec.structs.replace(body, processes=entries)
    return body_facts(header, whole, path, data, partial=True)


def _kept_entry(entry: Process) -> bool:
    """An entry the lenient reader keeps: it has a name (an empty one is taken for
    none), and ``rpages`` or ``pid``."""
    return entry.name != "" and (entry.rpages is not UNSET or entry.pid is not UNSET)


def _last_entry_end(text: str, start: int) -> int:
    """Just past the last ``}`` after ``start`` followed by nothing, or by a comma and
    the start of an entry (tried from the end, a few times); -1 if none."""
    end = len(text)
    for _ in range(_TRIES):
        at = text.rfind("}", start, end)
        if at < 0:
            return -1
        if _AFTER_LAST.match(text, at + 1):
            return at + 1
        end = at
    return -1


def _head_as_lenient(head: str) -> bool:
    """The lenient reader finds in the head exactly its members: the same top-level
    values, and ``memoryStatus`` as its only object (one it keeps). (It parses with
    :func:`~activitymon.limits.bounded_int` where the whole text has a run of 20
    digits; that changes a value only where the value itself has one, so whether the
    head has one is what counts here; likewise in the tail.)"""
    # the body decoder took the same text (an object, three levels deep at most, and
    # stricter than json.loads: no lone surrogate, no integer beyond 64 bits)
    members: dict[str, Any] = json.loads(head + "]}")
    spans, line_depths = _brace_spans(head)
    # no other member of the body decoder's is an object: without memoryStatus the
    # head has none
    status = members.get("memoryStatus")
    if status is not None and (_outermost(spans) != 1 or not _is_memory_status(status)):
        return False
    scalars = {k: v for k, v in members.items() if not isinstance(v, dict | list)}
    return _typed(top_values(head, line_depths, long_digits(head))) == _typed(scalars)


def _outermost(spans: list[tuple[int, int]]) -> int:
    count, until = 0, -1
    for start, end in sorted(spans):
        if start >= until:
            count, until = count + 1, end
    return count


def _typed(values: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """Values with their types (``1``, ``1.0`` and ``True`` are equal in Python)."""
    return {k: (type(v), v) for k, v in values.items()}


def _tail_keeps_nothing(tail: str) -> bool:
    """After the last complete entry: nothing, or the start of an entry that never
    closes, inside which no object parses to one the lenient reader keeps."""
    brace = tail.find("{")
    if brace < 0:
        return True
    broken = tail[brace:]
    if len(broken) > _MAX_TAIL_BYTES or nesting_depth(broken) + 2 > MAX_NESTING:
        return False
    spans, _ = _brace_spans(broken)
    if any(start == 0 for start, _ in spans):
        return False
    huge = long_digits(broken)
    for start, end in spans:
        value = _load(broken[start:end], huge)
        if value is not _FAILED and (_is_memory_status(value) or _is_process(value)):
            return False
    return True
