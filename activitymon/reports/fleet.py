"""Reports past one machine, with DuckDB (the optional ``fleet`` extra:
``pip install 'activitymon[fleet]'``): ``report DIR --export OUT.parquet`` writes the
rows of ``reports/export_rows.py`` as Parquet, and ``report --summary --from
OUT.parquet`` (a file, a glob, or a folder of partitions) computes the summary of
``reports/collection.py`` with DuckDB's engine, field for field.

Without DuckDB, :func:`duckdb_module` raises :class:`FleetUnavailable` (one line
saying how to get it); nothing else in activitymon imports this module.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from types import ModuleType
from typing import Any

from activitymon.reports.collection import Filters
from activitymon.reports.export_rows import COLUMNS, NAMES

INSTALL = "pip install 'activitymon[fleet]'"
UNKNOWN = "unknown"
LIMIT_REASON = "per-process-limit"
#: DuckDB's share of the machine while exporting or summarising
MEMORY_LIMIT = "512MB"


class FleetUnavailable(Exception):
    """One line: DuckDB is missing, or a Parquet source cannot be used."""


def duckdb_module() -> ModuleType:
    try:
        import duckdb
    except ImportError:
        raise FleetUnavailable(f"this needs DuckDB, which is not installed ({INSTALL})") from None
    return duckdb


def _connect(database: str = ":memory:") -> Any:
    duckdb = duckdb_module()
    con = duckdb.connect(database)
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    return con


def literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


# ------------------------------------------------------------------ export


class ParquetWriter:
    """Rows in, a chunk at a time (as columns), into a table in a scratch database in
    ``scratch`` (DuckDB spills there, so memory stays bounded); :meth:`finish` writes
    the Parquet file."""

    def __init__(self, scratch: Path) -> None:
        import numpy

        self._numpy = numpy
        self.con = _connect(str(scratch / "export.duckdb"))
        self.con.execute(f"SET temp_directory = {literal(str(scratch))}")
        # every value of a chunk's columns decides their types (a sample could take a
        # column of small numbers for INTEGER and fail on a larger one later)
        self.con.execute("SET pandas_analyze_sample = 1000000000")
        columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
        self.con.execute(f"CREATE TABLE jetsam ({columns})")
        self.rows = 0

    def add(self, columns: Sequence[Sequence[Any]]) -> None:
        if not columns or not columns[0]:
            return
        chunk = {
            name: self._numpy.array(values, dtype=object)
            for name, values in zip(NAMES, columns, strict=True)
        }
        self.con.register("chunk", chunk)
        casts = ", ".join(f"CAST({name} AS {kind})" for name, kind in COLUMNS)
        self.con.execute(f"INSERT INTO jetsam SELECT {casts} FROM chunk")
        self.con.unregister("chunk")
        self.rows += len(columns[0])

    def finish(self, out: Path) -> None:
        self.con.execute(f"COPY jetsam TO {literal(str(out))} (FORMAT parquet)")
        self.con.close()


# ------------------------------------------------------------------ summary


def parquet_sources(source: str) -> tuple[list[str], bool]:
    """The files DuckDB reads for ``--from``: a folder (every ``*.parquet`` under it,
    its ``key=value`` folder names read as columns), a glob, or one file; and whether
    to read partition folders."""
    if os.path.isdir(source):
        return [os.path.join(source, "**", "*.parquet")], True
    if glob.has_magic(source):
        return [source], False
    if not os.path.isfile(source):
        raise FleetUnavailable(f"{source}: no such Parquet file or folder")
    return [source], False


def summary_from_parquet(source: str, filters: Filters | None = None) -> dict[str, Any]:
    """The ``--summary --json`` object of an export (or many), computed by DuckDB."""
    duckdb = duckdb_module()
    con = _connect()
    try:
        _open_rows(con, source)
        return _Summary(con, filters or Filters()).run()
    except duckdb.Error as exc:
        raise FleetUnavailable(f"{source}: {' '.join(str(exc).split())[:300]}") from None
    finally:
        con.close()


def _open_rows(con: Any, source: str) -> None:
    files, hive = parquet_sources(source)
    listed = "[" + ", ".join(map(literal, files)) + "]"
    con.execute(
        f"CREATE VIEW jetsam AS SELECT * FROM read_parquet({listed}, union_by_name = true,"
        f" hive_partitioning = {str(hive).lower()})"
    )
    present = {row[0] for row in con.execute("DESCRIBE jetsam").fetchall()}
    missing = [name for name in NAMES if name not in present]
    if missing:
        raise FleetUnavailable(
            f"{source}: not an activitymon export (no column {', '.join(missing[:3])})"
        )


class _Summary:
    """The summary's fields, each from a query over views that mirror
    ``collection.summarize_many``: files, reports (one row per report file), kept
    (the first file of each incident, in path order, after ``--since``), victims
    (their kills, after ``--process``) and counted (kept reports with a kill left)."""

    def __init__(self, con: Any, filters: Filters) -> None:
        self.con = con
        self.filters = filters

    def _views(self) -> None:
        since, name = self.filters.since, self.filters.process
        when = (
            "TRUE"
            if since is None
            else "time_utc IS NOT NULL AND time_utc >= "
            f"TIMESTAMP {literal(since.astimezone(UTC).replace(tzinfo=None).isoformat(' '))}"
        )
        who = (
            "TRUE"
            if name is None
            else f"(name = {literal(name)} OR (length(name) IN (16, 32)"
            f" AND starts_with({literal(name)}, name)))"
        )
        self.con.execute(
            "CREATE TEMP VIEW files AS SELECT path, any_value(file_status) AS status,"
            " any_value(file_problem) AS problem FROM jetsam GROUP BY path"
        )
        self.con.execute(
            "CREATE TEMP VIEW reports AS SELECT path, any_value(incident_key) AS incident_key,"
            " any_value(date) AS date, any_value(time_utc) AS time_utc,"
            " any_value(local_day) AS local_day, any_value(device) AS device,"
            " any_value(os_version) AS os_version, any_value(largest_process) AS largest_process,"
            " any_value(largest_bytes) AS largest_bytes, bool_or(partial) AS partial"
            " FROM jetsam WHERE file_status = 'report' GROUP BY path"
        )
        self.con.execute(
            "CREATE TEMP VIEW ranked AS SELECT *,"
            " row_number() OVER (PARTITION BY incident_key ORDER BY path) AS copy,"
            " first_value(path) OVER (PARTITION BY incident_key ORDER BY path) AS first_path"
            " FROM reports"
        )
        self.con.execute(f"CREATE TEMP VIEW kept AS SELECT * FROM ranked WHERE copy = 1 AND {when}")
        self.con.execute(
            "CREATE TEMP VIEW victims AS SELECT j.path, j.name, j.kill_reason, j.footprint_bytes,"
            " coalesce(j.band, 'unknown') AS band, j.kill_order,"
            " coalesce(k.device, 'unknown') AS device, coalesce(k.os_version, 'unknown') AS os"
            f" FROM jetsam j JOIN kept k USING (path) WHERE j.kill_reason IS NOT NULL AND {who}"
        )
        counted = "TRUE" if name is None else "path IN (SELECT path FROM victims)"
        self.con.execute(f"CREATE TEMP VIEW counted AS SELECT * FROM kept WHERE {counted}")

    def _all(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.con.execute(sql).fetchall())

    def _one(self, sql: str) -> Any:
        row = self.con.execute(sql).fetchone()
        return None if row is None else row[0]

    def _counts(self, sql: str) -> dict[str, int]:
        """``SELECT key, n …``: most first, then by name (as ``collection._counts``)."""
        return {key: int(n) for key, n in self._all(f"{sql} ORDER BY 2 DESC, 1")}

    def run(self) -> dict[str, Any]:
        self._views()
        first = self._one(
            "SELECT date FROM counted WHERE time_utc IS NOT NULL ORDER BY time_utc, path LIMIT 1"
        )
        last = self._one(
            "SELECT date FROM counted WHERE time_utc IS NOT NULL"
            " ORDER BY time_utc DESC, path LIMIT 1"
        )
        return {
            "reports": self._one("SELECT count(*) FROM counted"),
            "files": self._one("SELECT count(*) FROM files"),
            "kills": self._one("SELECT count(*) FROM victims"),
            "first_date": first,
            "last_date": last,
            "undated": self._one("SELECT count(*) FROM counted WHERE date IS NULL"),
            "partial": self._one("SELECT count(*) FROM counted WHERE partial"),
            "filters": self.filters.as_json(),
            "devices": self._counts(
                "SELECT coalesce(device, 'unknown'), count(*) FROM counted GROUP BY 1"
            ),
            "os_versions": self._counts(
                "SELECT coalesce(os_version, 'unknown'), count(*) FROM counted GROUP BY 1"
            ),
            "reasons": self._counts("SELECT kill_reason, count(*) FROM victims GROUP BY 1"),
            "by_process": self._by_process(),
            "largest_process": self._counts(
                "SELECT coalesce(largest_process, 'unknown'), count(*) FROM counted GROUP BY 1"
            ),
            "kills_per_day": {
                str(day): int(n)
                for day, n in self._all(
                    "SELECT strftime(c.local_day, '%Y-%m-%d'), count(v.path) FROM counted c"
                    " LEFT JOIN victims v USING (path) WHERE c.date IS NOT NULL"
                    " GROUP BY 1 ORDER BY 1"
                )
            },
            "duplicates": [
                {"path": path, "same_as": same}
                for path, same in self._all(
                    "SELECT path, first_path FROM ranked WHERE copy > 1 ORDER BY path"
                )
            ],
            "unreadable": self._files("unreadable"),
            "skipped": self._files("skipped"),
            "per_report": self._per_report(),
        }

    def _files(self, status: str) -> list[dict[str, str]]:
        return [
            {"path": path, "reason": problem}
            for path, problem in self._all(
                f"SELECT path, problem FROM files WHERE status = {literal(status)} ORDER BY path"
            )
        ]

    def _by_process(self) -> dict[str, Any]:
        rows = self._all(
            "SELECT name, count(*), count(footprint_bytes), min(footprint_bytes),"
            " quantile_disc(footprint_bytes, 0.5), quantile_disc(footprint_bytes, 0.9),"
            " max(footprint_bytes),"
            f" count(footprint_bytes) FILTER (WHERE kill_reason = '{LIMIT_REASON}'),"
            f" min(footprint_bytes) FILTER (WHERE kill_reason = '{LIMIT_REASON}'),"
            f" quantile_disc(footprint_bytes, 0.5) FILTER (WHERE kill_reason = '{LIMIT_REASON}'),"
            f" quantile_disc(footprint_bytes, 0.9) FILTER (WHERE kill_reason = '{LIMIT_REASON}'),"
            f" max(footprint_bytes) FILTER (WHERE kill_reason = '{LIMIT_REASON}')"
            " FROM victims GROUP BY name ORDER BY count(*) DESC, name"
        )
        maps = {
            key: self._maps(column)
            for key, column in (
                ("reasons", "kill_reason"),
                ("bands", "band"),
                ("devices", "device"),
                ("os_versions", "os"),
            )
        }
        out: dict[str, Any] = {}
        for name, kills, known, *values in rows:
            footprints, limits = values[:4], values[5:]
            out[name] = {
                "kills": int(kills),
                "reasons": maps["reasons"].get(name, {}),
                "footprint_bytes": _quantiles(footprints) if known else None,
                "footprint_unknown": int(kills - known),
                "limit_bytes": _quantiles(limits) if values[4] else None,
                "bands": maps["bands"].get(name, {}),
                "devices": maps["devices"].get(name, {}),
                "os_versions": maps["os_versions"].get(name, {}),
            }
        return out

    def _maps(self, column: str) -> dict[str, dict[str, int]]:
        """Per process, kills per value of ``column``, most first then by value."""
        maps: dict[str, dict[str, int]] = {}
        for name, value, n in self._all(
            f"SELECT name, {column}, count(*) FROM victims GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
        ):
            maps.setdefault(name, {})[value] = int(n)
        return maps

    def _per_report(self) -> list[dict[str, Any]]:
        rows = self._all(
            "SELECT c.path, any_value(c.date), any_value(c.device), any_value(c.os_version),"
            " any_value(c.largest_process), any_value(c.largest_bytes),"
            " list(struct_pack(name := v.name, reason := v.kill_reason,"
            " footprint_bytes := v.footprint_bytes) ORDER BY v.kill_order)"
            " FILTER (WHERE v.path IS NOT NULL)"
            " FROM counted c LEFT JOIN victims v USING (path) GROUP BY c.path ORDER BY c.path"
        )
        return [
            {
                "path": path,
                "date": date,
                "device": device,
                "os_version": os_version,
                "largest_process": largest,
                "largest_bytes": largest_bytes,
                "victims": [dict(v) for v in victims or []],
            }
            for path, date, device, os_version, largest, largest_bytes, victims in rows
        ]


def _quantiles(values: Sequence[Any]) -> dict[str, int]:
    low, median, p90, high = values
    return {"min": int(low), "median": int(median), "p90": int(p90), "max": int(high)}
