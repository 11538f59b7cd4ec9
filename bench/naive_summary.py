"""The script a user would write instead of ``activitymon report DIR --summary``: one
process, ``json.loads`` per file, kills counted per process and reason, footprint
percentiles per process. The yardstick of ``bench_reports.py`` (standard library only).

Run: ``python bench/naive_summary.py DIR`` → one JSON object on stdout.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections import Counter, defaultdict


def _rank(values: list[int], p: float) -> int:
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def summarize(folder: str) -> dict[str, object]:
    kills: Counter[tuple[str, str]] = Counter()
    footprints: dict[str, list[int]] = defaultdict(list)
    seen: set[str] = set()
    counted: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                header_line, _, rest = text.partition("\n")
                header = json.loads(header_line)
                if str(header.get("bug_type")) != "298":
                    continue
                body = json.loads(rest)
            except (OSError, ValueError):
                continue
            incident = header.get("incident_id") or body.get("incident") or path
            if incident in seen:
                continue
            seen.add(incident)
            counted.append(path)
            page = body.get("memoryStatus", {}).get("pageSize", 4096)
            for p in body.get("processes", []):
                if "reason" in p:
                    kills[(p["name"], p["reason"])] += 1
                    footprints[p["name"]].append(p["rpages"] * page)
    by_process = {}
    for name, values in footprints.items():
        values.sort()
        by_process[name] = {
            "min": values[0],
            "median": _rank(values, 50),
            "p90": _rank(values, 90),
            "max": values[-1],
        }
    return {
        "reports": len(counted),
        "paths": counted,
        "kills": {f"{n}\t{r}": k for (n, r), k in kills.items()},
        "footprints": by_process,
    }


if __name__ == "__main__":
    json.dump(summarize(sys.argv[1]), sys.stdout)
