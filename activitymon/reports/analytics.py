"""Analytics logs (bug_type 211): not jetsam reports, but they carry daily
``JetsamAggregationV2``/``V3`` records (kills counted by process and reason)."""

from __future__ import annotations

import json
from typing import Any

from activitymon.limits import bounded_int


def jetsam_aggregations(ndjson: str) -> list[dict[str, Any]]:
    """The ``message`` objects of the JetsamAggregation records, in file order."""
    found: list[dict[str, Any]] = []
    for raw in ndjson.split("\n"):
        line = raw.strip()
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line, parse_int=bounded_int)
        except (ValueError, RecursionError):
            continue
        if not isinstance(record, dict):
            continue
        name = record.get("name")
        message = record.get("message")
        jetsam = isinstance(name, str) and name.startswith("JetsamAggregation")
        if jetsam and isinstance(message, dict):
            found.append(message)
    return found
