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
    in_string = False
    # only the characters that matter, found in C: a backslash and what it escapes,
    # quotes, braces, newlines (a loop over every character took ~60 ms per report)
    for match in _TOKENS.finditer(text):
        ch, at = match[0], match.start()
        if len(ch) == 2:  # a backslash and the next character
            if in_string and ch[1] != "\n":
                continue  # an escape inside a string
            ch, at = ch[1], at + 1  # outside a string a backslash is nothing
        if ch == "\n":
            line_depths.append(len(stack))
            in_string = False  # JSON strings never span lines; resynchronise
        elif in_string:
            if ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            stack.append(at)
        elif ch == "}" and stack:
            spans.append((stack.pop(), at + 1))
    return spans, line_depths


_TOKENS = re.compile(r'\\.|["{}\n]', re.DOTALL)


def _load(text: str) -> Any:
    try:
        return json.loads(text, parse_int=bounded_int)
    except (ValueError, RecursionError):
        return _FAILED


_FAILED = object()


def recover_body(text: str) -> Recovered:
    out = Recovered()
    spans, line_depths = _brace_spans(text)
    spans.sort(key=lambda s: (s[0], -s[1]))
    taken_until = -1
    for start, end in spans:
        if start < taken_until:
            continue  # inside an object already kept
        value = _load(text[start:end])
        if value is _FAILED:
            out.damaged_objects += 1
            continue  # look inside it instead
        if not isinstance(value, dict):
            continue
        if "memoryPages" in value or "pageSize" in value:
            if out.memory_status is None:
                out.memory_status = value
            taken_until = end
        elif "name" in value and ("rpages" in value or "pid" in value):
            out.processes.append(value)
            taken_until = end
    # an object counted damaged because it holds damaged children is still one damage
    for number, line in enumerate(text.split("\n")):
        if is_elided(line):
            out.elided_lines += 1
            continue
        if number >= len(line_depths) or line_depths[number] > 1:
            continue
        pair = key_value(line)
        if pair is None or pair[0] in out.top:
            continue
        value = _load(pair[1])
        if value is not _FAILED and not isinstance(value, dict | list):
            out.top[pair[0]] = value
    return out
