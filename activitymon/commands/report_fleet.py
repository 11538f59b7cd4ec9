"""``report PATH... --export OUT.parquet`` and ``report --summary --from PARQUET``:
reports past one machine, through DuckDB (the ``fleet`` extra).

The export reads every file under the PATHs (every process of every report, not only
the facts the index keeps) on every core, and writes one Parquet file through a
temporary name beside it (an existing file is replaced only once the new one is
whole). ``--from`` takes a file, a glob (``'exports/*.parquet'``) or a folder of
partitions, and prints the same summary as a scan of the files would.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from activitymon.commands.base import CommandError
from activitymon.commands.progress import ProgressLine
from activitymon.terminal import clean, error_line

PARQUET_MAGIC = b"PAR1"


def add_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--export",
        metavar="OUT.parquet",
        help="write every report's processes under PATHs as one Parquet table "
        "(needs DuckDB: pip install 'activitymon[fleet]')",
    )
    group.add_argument(
        "--from",
        dest="from_parquet",
        metavar="PARQUET",
        help="with --summary: summarise an export (a file, a glob or a folder of "
        "partitions) with DuckDB instead of reading report files",
    )


def check_arguments(args: argparse.Namespace) -> None:
    if args.from_parquet is not None:
        if not args.summary:
            raise CommandError("report: --from needs --summary")
        if args.files:
            raise CommandError("report: --from reads an export; give no PATH beside it")
        if args.no_cache:
            raise CommandError("report: --no-cache means nothing with --from")
        if args.export is not None:
            raise CommandError("report: --export and --from: choose one")
    if args.export is not None:
        if args.summary or args.json:
            raise CommandError(
                "report: --export writes Parquet; summarise it with --summary --from OUT"
            )
        if not Path(args.export).name.lower().endswith(".parquet"):
            raise CommandError(
                f"report: --export {clean(args.export)}: the name must end in .parquet"
            )
    if not args.files and args.from_parquet is None:
        raise CommandError("report: give a report file or folder (PATH)")


class NoDuckDB(Exception):
    """DuckDB is not installed: the work cannot be done here (exit status 1)."""


def _fleet() -> Any:
    from activitymon.reports import fleet

    try:
        fleet.duckdb_module()
    except fleet.FleetUnavailable as exc:
        raise NoDuckDB(f"report: {exc}") from None
    return fleet


def summary_from(args: argparse.Namespace, filters: Any) -> dict[str, Any]:
    """The summary of the export(s) ``--from`` names (raises :class:`NoDuckDB`)."""
    fleet = _fleet()
    try:
        summary: dict[str, Any] = fleet.summary_from_parquet(args.from_parquet, filters)
    except fleet.FleetUnavailable as exc:
        raise CommandError(f"report: --from {exc}") from None
    return summary


def run_export(args: argparse.Namespace) -> int:
    try:
        fleet = _fleet()
    except NoDuckDB as exc:
        print(error_line(exc), file=sys.stderr)
        return 1
    duckdb_error = fleet.duckdb_module().Error
    from activitymon.commands.outputs import check_output  # only here: start-up of --summary

    target = check_output(
        args.export,
        option="--export",
        inputs=args.files,
        ours=lambda start: start.startswith(PARQUET_MAGIC),
    )
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        raise CommandError(f"--export {clean(args.export)}: not a regular file")
    from activitymon.reports.discover import FoundFile, discover
    from activitymon.reports.export_rows import COLUMNS, export_chunk, file_row
    from activitymon.reports.incident import Unreadable
    from activitymon.reports.pool import in_chunks, worker_count

    found: list[FoundFile] = []
    missing: list[Unreadable] = []
    for item in discover(args.files):
        if isinstance(item, Unreadable):
            missing.append(item)
        else:
            found.append(item)
    line = ProgressLine.on_terminal(sys.stderr)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        with tempfile.TemporaryDirectory(prefix=".activitymon-export-", dir=folder) as scratch:
            writer = fleet.ParquetWriter(Path(scratch))
            rows = [
                file_row(u.path, "unreadable" if u.jetsam else "skipped", u.reason) for u in missing
            ]
            writer.add(list(zip(*rows, strict=True)) if rows else [])
            done = len(missing)
            total = done + len(found)
            for chunk, columns in in_chunks(found, export_chunk, worker_count()):
                writer.add(columns)
                done += len(chunk)
                if line is not None:
                    line.count(done, total, "files")
            temp = Path(scratch) / "out.parquet"
            writer.finish(temp)
            os.replace(temp, target)
    except OSError as exc:
        raise CommandError(
            f"--export: cannot write {clean(args.export)}: {exc.strerror or exc}"
        ) from None
    except duckdb_error as exc:
        print(error_line(f"--export: DuckDB failed: {exc}"), file=sys.stderr)
        return 1
    finally:
        if line is not None:
            line.done()
    print(
        f"wrote {clean(os.fspath(target))}: {writer.rows:,} rows ({len(COLUMNS)} columns) "
        f"from {total:,} files"
    )
    return 0
