"""What a recording says about itself (its ``schema_version`` and ``meta`` tables),
read with every value checked: a meta value that is not of its key's type and range
is taken as absent, never passed on."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from activitymon.model import KernelFacts, facts_from_dict
from activitymon.model.text import shortened
from activitymon.recording.database import Database
from activitymon.recording.schema import SCHEMA_VERSION, RecordingError

#: a meta value longer than this is not one the writer wrote
MAX_META_CHARS = 65_536
MAX_META_KEYS = 1000
#: the longest sampling interval a recording may claim (a week)
MAX_INTERVAL_S = 7 * 86_400.0


@dataclass(frozen=True)
class RecordingInfo:
    """What a recording says about itself."""

    source: str
    description: str
    device: str
    capabilities: frozenset[str]
    interval: float | None
    created: str
    scenario: str | None
    seed: int | None
    #: False when the writer never closed the file (crash, kill, full disk)
    complete: bool
    #: one line for the user when the file is incomplete or damaged, else ``None``
    problem: str | None = None
    #: what the recorded kernel does about memory (files of older versions: ``None``)
    facts: KernelFacts | None = None


def _strict_constant(word: str) -> Any:
    raise ValueError(f"{word} is not JSON")


def _value(text: Any) -> Any:
    """A meta value's JSON, or ``None`` when it is not strict JSON within bounds."""
    if type(text) is not str:
        return None
    try:
        return json.loads(text, parse_constant=_strict_constant)
    except (ValueError, RecursionError):
        return None


def _text(value: Any, longest: int, default: str = "") -> str:
    return value if type(value) is str and 0 < len(value) <= longest else default


def _seconds(value: Any) -> bool:
    """A sampling interval: a finite number of seconds above 0, at most a week."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    # the range first: an int past a float's range compares exactly, isfinite overflows
    return 0 < value <= MAX_INTERVAL_S and math.isfinite(value)


def _shown(value: Any) -> str:
    return shortened(repr(value), 24)


def read_info(store: Database) -> RecordingInfo:
    """Raises :class:`RecordingError` (another schema version) or ``sqlite3.Error``."""
    name = store.name
    rows = store.query("SELECT version FROM schema_version LIMIT 2")
    found: Any = rows[0][0] if len(rows) == 1 else ("none" if not rows else "several")
    if found != SCHEMA_VERSION or type(found) is not int:
        raise RecordingError(
            f"{name}: schema version {_shown(found)}; this activitymon reads version "
            f"{SCHEMA_VERSION}"
        )
    meta: dict[str, Any] = {}
    for key, value, length in store.query(
        "SELECT key, substr(value, 1, ?), length(value) FROM meta LIMIT ?",
        (MAX_META_CHARS, MAX_META_KEYS),
    ):
        if type(key) is str and len(key) <= 64:
            meta[key] = _value(value) if type(length) is int and length <= MAX_META_CHARS else None
    interval, seed, caps = meta.get("interval"), meta.get("seed"), meta.get("capabilities")
    if not _seconds(interval):
        interval = None
    return RecordingInfo(
        source=_text(meta.get("source"), 64, "unknown"),
        description=_text(meta.get("description"), 1000),
        device=_text(meta.get("device"), 256),
        capabilities=frozenset(
            c for c in (caps if type(caps) is list else [])[:64] if type(c) is str and len(c) <= 64
        ),
        interval=None if interval is None else float(interval),
        created=_text(meta.get("created"), 64),
        scenario=_text(meta.get("scenario"), 4096) or None,
        seed=seed if type(seed) is int and -(2**63) <= seed < 2**63 else None,
        complete="closed" in meta,
        facts=_facts(meta.get("kernel_facts")),
    )


def _facts(value: Any) -> KernelFacts | None:
    try:
        return facts_from_dict(value)
    except (ValueError, TypeError, KeyError, RecursionError):  # a shape it did not expect
        return None
