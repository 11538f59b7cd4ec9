"""A file's facts as a row of the report index (JSON text), and back.

A worker turns what it read into the row text once (:func:`row_text`); the command
stores that text in the index as it is and decodes rows a batch at a time
(:func:`decode_rows`), from a scan and from the index alike. With msgspec installed
both go through its typed structures (``reports/typed_rows.py``: every field checked
while parsing, in C); a row it cannot write or refuses, and every row where msgspec is
not installed, goes through the standard library's JSON and
:func:`~activitymon.reports.incident.from_json`, which checks the same in Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from activitymon.reports.incident import FileResult, from_json, to_json

RowText = Callable[[FileResult], str | None]
RowDecoder = Callable[[Sequence[str], Sequence[str]], list[FileResult | None]]


def typed_codec() -> tuple[RowText, RowDecoder] | None:
    """msgspec's writer and batch reader of rows, or ``None`` where it is not installed."""
    try:
        from activitymon.reports.typed_rows import decode_rows as typed_decode
        from activitymon.reports.typed_rows import row_text as typed_text
    except ImportError:
        return None
    return typed_text, typed_decode


TYPED = typed_codec()


def row_text(result: FileResult) -> str:
    """The index row of ``result``."""
    if TYPED is not None:
        text = TYPED[0](result)
        if text is not None:
            return text
    return json.dumps(to_json(result), separators=(",", ":"))


def decode_rows(paths: Sequence[str], texts: Sequence[str]) -> list[FileResult | None]:
    """The result each row holds (carrying its ``path``), or ``None`` for a row that does
    not hold valid facts (its file is then read again)."""
    found: list[FileResult | None] = (
        [None] * len(texts) if TYPED is None else TYPED[1](paths, texts)
    )
    if None not in found:
        return found
    if TYPED is None and texts:  # every row in one json.loads: much faster than one each
        try:
            values = json.loads("[" + ",".join(texts) + "]")
            if len(values) == len(texts):
                return [_checked(p, v) for p, v in zip(paths, values, strict=True)]
        except (ValueError, RecursionError):
            pass
    return [
        result if result is not None else _checked(path, _loads(text))
        for path, text, result in zip(paths, texts, found, strict=True)
    ]


def _checked(path: str, value: object) -> FileResult | None:
    try:
        return from_json(path, value)
    except (TypeError, ValueError, RecursionError):
        return None


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None
