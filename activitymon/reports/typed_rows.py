"""The report index's rows (:func:`activitymon.reports.incident.to_json`) written and
read by msgspec: a worker encodes each file's facts once, and the command decodes a
whole batch of rows in one pass into typed structures, every field checked while it
is parsed (strings, booleans, 64-bit integers, ``null`` where the form allows it), in
C. What the decode refuses (a row damaged or crafted, or one msgspec cannot read, such
as a lone ``\\ud800`` escape) is decoded by :func:`~activitymon.reports.incident.from_json`
instead, which checks the same in Python.

Imported only where msgspec is installed (``reports/index.py`` works without it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import repeat
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from activitymon.reports.incident import (
    FACTS_TAG,
    UNREADABLE_TAG,
    FileResult,
    ReportFacts,
    Unreadable,
    Victim,
    to_json,
)

Int64 = Annotated[int, Meta(ge=-(1 << 63), le=(1 << 63) - 1)]


class _Facts(Struct, array_like=True, tag=FACTS_TAG, gc=False):
    key: str
    format: str
    date: str | None
    device: str | None
    os_version: str | None
    largest_process: str | None
    largest_bytes: Int64 | None
    names: list[str]
    reasons: list[str]
    sizes: list[Int64 | None]
    bands: list[str | None]
    partial: bool


class _Unreadable(Struct, array_like=True, tag=UNREADABLE_TAG, gc=False):
    reason: str
    jetsam: bool


_Row = _Facts | _Unreadable
_batch = msgspec.json.Decoder(list[_Row])
_one = msgspec.json.Decoder(_Row)
_encoder = msgspec.json.Encoder()
_new_tuple = tuple.__new__


def row_text(result: FileResult) -> str | None:
    """The row of ``result`` as JSON text, or ``None`` where msgspec cannot write it (a
    lone surrogate in a name: the standard encoder escapes it)."""
    try:
        return _encoder.encode(to_json(result)).decode("utf-8")
    except (UnicodeEncodeError, TypeError, OverflowError):
        return None


def decode_rows(paths: Sequence[str], texts: Sequence[str]) -> list[FileResult | None]:
    """The results the rows ``texts`` hold, each carrying its file's ``path``; ``None``
    for a row this decode refuses."""
    rows: list[_Row | None]
    try:
        rows = list(_batch.decode("[" + ",".join(texts) + "]"))
        if len(rows) != len(texts):
            raise ValueError("a row held more than one value")
    except (msgspec.DecodeError, RecursionError, ValueError):
        rows = [_decode_one(text) for text in texts]
    return [_result(path, row) for path, row in zip(paths, rows, strict=True)]


def _decode_one(text: str) -> _Row | None:
    try:
        return _one.decode(text)
    except (msgspec.DecodeError, RecursionError):
        return None


def _result(path: str, row: _Row | None) -> FileResult | None:
    if row is None:
        return None
    if isinstance(row, _Unreadable):
        return Unreadable(path, row.reason, row.jetsam)
    columns = (row.names, row.reasons, row.sizes, row.bands)
    if not len(row.names) == len(row.reasons) == len(row.sizes) == len(row.bands):
        return None
    if row.date is not None and not _has_offset(row.date):
        return None
    return ReportFacts(
        path,
        row.key,
        row.format,
        row.date,
        row.device,
        row.os_version,
        row.largest_process,
        row.largest_bytes,
        # made by tuple.__new__ in C (Victim's own __new__ is a Python call a victim)
        tuple(map(_new_tuple, repeat(Victim), zip(*columns, strict=True))),
        row.partial,
    )


def _has_offset(date: str) -> bool:
    try:
        return datetime.fromisoformat(date).tzinfo is not None
    except ValueError:
        return False
