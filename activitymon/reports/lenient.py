"""Recover what can be read from a damaged JetsamEvent body.

Reports copied into books, blogs and issues often replace entries with ``...``
lines or lose their end, so the body is no longer JSON. This scan keeps every
``{ … }`` object that still parses on its own (brace matching that respects
strings): the ``memoryStatus`` object, each process entry, and the top-level
``"key" : value`` lines. The result is marked partial by the caller.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from activitymon.limits import bounded_int


def is_elided(line: str) -> bool:
    """A line that stands for left-out lines: ``...``, ``…`` (spaces around)."""
    text = line.strip()
    return text == "…" or (text != "" and text.strip(".") == "")


def key_value(line: str) -> tuple[str, str] | None:
    """``"key" : value,`` → (key, value text), for a key without quotes or
    backslashes; a hand parse, linear in the line (the regular expression it replaces
    backtracked cubically on a long run of spaces)."""
    text = line.strip()
    if not text.startswith('"'):
        return None
    end = text.find('"', 1)
    key = text[1:end]
    if end <= 1 or "\\" in key:
        return None
    rest = text[end + 1 :].lstrip()
    if not rest.startswith(":"):
        return None
    value = rest[1:].strip()
    if value.endswith(","):
        value = value[:-1].rstrip()
    return key, value


@dataclass
class Recovered:
    top: dict[str, Any] = field(default_factory=dict)
    memory_status: dict[str, Any] | None = None
    processes: list[dict[str, Any]] = field(default_factory=list)
    damaged_objects: int = 0
    elided_lines: int = 0


def _brace_spans(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Balanced ``{…}`` spans (outside strings), and the brace depth at each line start."""
    spans: list[tuple[int, int]] = []
    line_depths: list[int] = [0]
    stack: list[int] = []
    # one match per brace outside a string or newline: the strings between are skipped
    # inside the regular expression (a loop over every character took ~60 ms per
    # report, a loop over every quote, brace and newline 7 ms)
    for match in _BRACE_OR_LINE.finditer(text):
        ch = match[1]
        if ch == "\n":
            line_depths.append(len(stack))
        elif ch == "{":
            stack.append(match.start(1))
        elif ch == "}" and stack:
            spans.append((stack.pop(), match.end(1)))
    return spans, line_depths


#: what comes before the next brace or newline outside a string, skipped: strings (an
#: escape inside one takes the next character with it, but a newline ends the string
#: as JSON strings never span lines) and any other character (outside a string a
#: backslash is nothing); then the brace or newline, or the end of the text
_BRACE_OR_LINE = re.compile(r'(?:"[^"\\\n]*+(?:\\[^\n][^"\\\n]*+)*+"?|[^"{}\n]++)*+([{}\n]|\Z)')


def _load(text: str, huge: bool = True) -> Any:
    """``text`` parsed, or :data:`_FAILED`; ``huge=False``: the text has no run of 20
    digits, so no integer in it needs :func:`bounded_int` (the parser's own, in C)."""
    try:
        return json.loads(text, parse_int=bounded_int) if huge else json.loads(text)
    except (ValueError, RecursionError):
        return _FAILED


_FAILED = object()
#: an integer this long is kept by :func:`bounded_int` as a ``HugeInt``
_LONG_DIGITS = re.compile(r"[0-9]{20}")


def long_digits(text: str) -> bool:
    """A run of 20 digits somewhere in ``text``: without one, no integer the JSON
    parser makes needs :func:`bounded_int` (its own, in C, gives the same values and
    the same errors)."""
    return _LONG_DIGITS.search(text) is not None


#: a line :func:`is_elided` takes (``str.strip`` and ``\s`` agree on whitespace)
_ELIDED = re.compile(r"^[^\S\n]*(?:…|\.+)[^\S\n]*$", re.MULTILINE)


def recover_body(text: str) -> Recovered:
    out = Recovered()
    spans, line_depths = _brace_spans(text)
    spans.sort()  # by start (each starts at its own brace)
    huge = long_digits(text)
    if not _all_kept(text, spans, huge, out):
        _kept_one_by_one(text, spans, huge, out)
    # an object counted damaged because it holds damaged children is still one damage
    out.elided_lines = len(_ELIDED.findall(text))
    out.top = top_values(text, line_depths, huge)
    return out


def top_values(text: str, line_depths: list[int], huge: bool) -> dict[str, Any]:
    """The top-level ``"key": value`` lines of ``text`` whose value is neither an object
    nor a list (the first of a key given twice): lines at depth 1 or less (an elided
    line is never one), found in C (a report has thousands of lines, a dozen of them
    at the top). ``line_depths`` and ``huge`` as :func:`recover_body` finds them."""
    top: dict[str, Any] = {}
    for line in compress(text.split("\n"), map((1).__ge__, line_depths)):
        pair = key_value(line)
        if pair is None or pair[0] in top:
            continue
        value = _load(pair[1], huge)
        if value is not _FAILED and not isinstance(value, dict | list):
            top[pair[0]] = value
    return top


def _kept_one_by_one(text: str, spans: list[tuple[int, int]], huge: bool, out: Recovered) -> None:
    """Each object that parses and is a ``memoryStatus`` or a process entry is kept
    (what is inside it is not looked at); one that fails is counted damaged and looked
    inside, as is one that parses but is neither."""
    taken_until = -1
    for start, end in spans:
        if start < taken_until:
            continue  # inside an object already kept
        value = _load(text[start:end], huge)
        if value is _FAILED:
            out.damaged_objects += 1
            continue  # look inside it instead
        if _is_memory_status(value):
            if out.memory_status is None:
                out.memory_status = value
            taken_until = end
        elif _is_process(value):
            out.processes.append(value)
            taken_until = end


def _all_kept(text: str, spans: list[tuple[int, int]], huge: bool, out: Recovered) -> bool:
    """What :func:`_kept_one_by_one` finds, with the outermost objects (a cut
    report's ``memoryStatus`` and process entries) parsed at once, as one JSON array,
    in C (hundreds of parses were a third of a cut report's reading). Each that is
    kept is kept; inside each that is not (the ``physicalPages`` of an entry whose end
    was cut), the loop looks, as it would. ``False``, ``out`` untouched, when one of
    them fails to parse (the loop then counts the damage)."""
    outermost: list[int] = []
    until = -1
    for i, (start, end) in enumerate(spans):
        if start >= until:
            outermost.append(i)
            until = end
    texts = [text[spans[i][0] : spans[i][1]] for i in outermost]
    values = _load("[" + ",".join(texts) + "]", huge)
    if not isinstance(values, list) or len(values) != len(outermost):
        return False
    for k, (i, value) in enumerate(zip(outermost, values, strict=True)):
        if _is_memory_status(value):
            if out.memory_status is None:
                out.memory_status = value
        elif _is_process(value):
            out.processes.append(value)
        else:  # not kept: the objects inside it, up to the next outermost one
            inside = spans[i + 1 : outermost[k + 1] if k + 1 < len(outermost) else len(spans)]
            _kept_one_by_one(text, inside, huge, out)
    return True


def _is_memory_status(value: Any) -> bool:
    return isinstance(value, dict) and ("memoryPages" in value or "pageSize" in value)


def _is_process(value: Any) -> bool:
    return isinstance(value, dict) and "name" in value and ("rpages" in value or "pid" in value)
