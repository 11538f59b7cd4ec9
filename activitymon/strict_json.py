"""Strict JSON for every ``--json`` output and every file activitymon writes.

Python's ``json`` writes ``NaN`` and ``Infinity`` (not JSON), refuses integers of more
than 4,300 digits with a message about its own limits, and passes lone surrogates and
C1 control characters through, which cut the output (``UnicodeEncodeError``) or reach
the terminal raw. :func:`plain` makes a value safe first and says what it changed:

* a non-finite float becomes ``null``;
* an integer outside ±2⁶³ becomes ``null`` (no real count is that large);
* containers nested deeper than :data:`MAX_DEPTH` become ``null``;
* any other non-JSON value (a date, bytes) becomes its ``str()``.

:func:`dumps` then writes with ``allow_nan=False`` and escapes, inside strings, the
characters a terminal would act on (C1 controls, bidirectional overrides, lone
surrogates) as ``\\uXXXX``, which JSON readers decode back to the same text.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64
INT_LIMIT = 2**63
_TERMINAL_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def plain(value: Any, problems: list[str] | None = None, where: str = "") -> Any:
    """A JSON-safe copy of ``value``; each replacement adds a line to ``problems``."""
    return _plain(value, problems, where or "value", 0)


def _note(problems: list[str] | None, text: str) -> None:
    if problems is not None and len(problems) < 50:
        problems.append(text)


def _plain(value: Any, problems: list[str] | None, where: str, depth: int) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if -INT_LIMIT <= value < INT_LIMIT:
            return value
        _note(problems, f"{where}: integer out of range (beyond ±2^63), shown as null")
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        _note(problems, f"{where}: {value} is not a finite number, shown as null")
        return None
    if isinstance(value, dict | list | tuple):
        if depth >= MAX_DEPTH:
            _note(problems, f"{where}: nested more than {MAX_DEPTH} levels deep, shown as null")
            return None
        if isinstance(value, dict):
            return {
                str(k): _plain(v, problems, f"{where}.{k}", depth + 1) for k, v in value.items()
            }
        return [_plain(v, problems, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
    return str(value)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def dumps(value: Any, *, indent: int | None = None, problems: list[str] | None = None) -> str:
    """Strict JSON text (UTF-8-safe, terminal-safe) of :func:`plain` ``(value)``."""
    text = json.dumps(plain(value, problems), indent=indent, ensure_ascii=False, allow_nan=False)
    return terminal_safe(text)


def terminal_safe(text: str) -> str:
    """JSON text with the characters a terminal would act on (C1 controls,
    bidirectional overrides, lone surrogates) escaped as ``\\uXXXX``."""
    if text.isascii() and "\x7f" not in text:
        return text  # all of them but DEL are beyond ASCII: two scans in C, no regex
    return _TERMINAL_UNSAFE.sub(_escape, text)


def plain_lines(values: list[dict[str, Any]]) -> list[str] | None:
    """Each value (strings, integers within 64 bits, ``None``, lists and objects of
    them: plain already) as one line of JSON, as ``json.dumps(value,
    ensure_ascii=False)`` writes it (a float would be the same number spelt ``1e16``,
    not ``1e+16``), through msgspec (three times faster than the standard encoder);
    ``None`` where msgspec is not installed or cannot write one (a lone surrogate):
    the caller then uses the standard encoder. Not terminal-safe yet."""
    try:
        from msgspec import json as fast_json
    except ImportError:
        return None
    encode, spaced = fast_json.Encoder().encode, fast_json.format
    try:
        return [spaced(encode(value), indent=0).decode("utf-8") for value in values]
    except (TypeError, ValueError, OverflowError):  # UnicodeEncodeError is a ValueError
        return None


def plain_indented(value: dict[str, Any]) -> str | None:
    """``value`` (plain already, as for :func:`plain_lines`) as ``json.dumps(value,
    indent=2, ensure_ascii=False)`` writes it, through msgspec: the standard encoder
    indents in Python, a call per value (a 10,000-report summary's tables took a tenth
    of a second). ``None`` where msgspec is not installed or cannot write it; the
    caller then uses :func:`dumps`. Not terminal-safe yet."""
    try:
        from msgspec import json as fast_json
    except ImportError:
        return None
    try:
        return fast_json.format(fast_json.encode(value), indent=2).decode("utf-8")
    except (TypeError, ValueError, OverflowError):  # UnicodeEncodeError is a ValueError
        return None


def loads_strict(text: str) -> Any:
    """``json.loads`` that refuses ``NaN``/``Infinity`` (raises ``ValueError``)."""

    def refuse(word: str) -> Any:
        raise ValueError(f"{word} is not JSON")

    return json.loads(text, parse_constant=refuse)
