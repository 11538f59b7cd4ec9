"""``activitymon report PATH... --summary``: many reports at once.

PATHs are files or folders (searched recursively); reading goes through the report
index (:mod:`activitymon.reports.index`) unless ``--no-cache``. The output is a human
summary, or with ``--json`` one object (docs/REPORTS.md). Unreadable files are listed
at the end (stderr lines with ``--json``); the exit status is 1 if any file was
unreadable, else 0. A progress bar is drawn on stderr when it is a terminal.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from activitymon.commands import report_fleet
from activitymon.commands.base import CommandError
from activitymon.commands.progress import ProgressLine
from activitymon.reports.collection import Filters, parse_since, summarize_many
from activitymon.reports.collection_text import LISTED, format_many, listed, shown
from activitymon.strict_json import dumps, plain_indented, plain_lines, terminal_safe
from activitymon.terminal import error_line

#: what :func:`dumps` writes for a value that is plain already
_PLAIN = json.JSONEncoder(ensure_ascii=False, allow_nan=False)

if TYPE_CHECKING:  # the pool and SQLite load only for --summary (start-up of every command)
    from activitymon.reports.index import ReportIndex
    from activitymon.reports.scan import Progress


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("many reports (--summary)")
    group.add_argument(
        "--summary",
        action="store_true",
        help="summarise all PATHs together (folders searched recursively)",
    )
    group.add_argument("--process", metavar="NAME", help="only kills of this process")
    group.add_argument("--since", metavar="DATE", help="only reports from DATE (YYYY-MM-DD) on")
    group.add_argument(
        "--no-cache", action="store_true", help="read every file; do not use the report index"
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=f"list every unreadable, skipped and duplicate file (else the first {LISTED})",
    )


def check_arguments(args: argparse.Namespace) -> None:
    """--process, --since and --no-cache only mean something with --summary."""
    if args.summary:
        return
    for option, value in (("--process", args.process), ("--since", args.since)):
        if value is not None:
            raise CommandError(f"report: {option} needs --summary")
    if args.no_cache:
        raise CommandError("report: --no-cache needs --summary")
    if args.verbose:
        raise CommandError("report: --verbose needs --summary")


def progress_of(line: ProgressLine | None) -> Progress | None:
    """The scan's ``progress(done, total)`` drawn on ``line`` (nothing without one)."""
    if line is None:
        return None
    return lambda done, total: line.count(done, total, "files")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the summary is built: tens of thousands of
    small tuples, lists and dicts, none in a cycle (reference counting frees them),
    would otherwise start a collection every 700 allocations, each one walking the
    whole growing heap again: a third of a warm summary's time. The pool's workers
    collect as usual (``reports/pool.py``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_summary(args: argparse.Namespace) -> int:
    with collector_paused():
        return _run_summary(args)


def _run_summary(args: argparse.Namespace) -> int:
    try:
        since = None if args.since is None else parse_since(args.since)
    except ValueError as exc:
        raise CommandError(f"report: --since: {exc}") from None
    filters = Filters(process=args.process, since=since)
    if args.from_parquet is not None:
        try:
            summary = report_fleet.summary_from(args, filters)
        except report_fleet.NoDuckDB as exc:
            print(error_line(exc), file=sys.stderr)
            return 1
    else:
        summary = _summary_of_files(args, filters)
    if args.json:
        sys.stdout.write(dump_json(summary))
        errors = [
            f"activitymon: {shown(item['path'])}: {shown(item['reason'])}"
            for item in summary["unreadable"]
        ]
        for error in listed(errors, args.verbose):
            print(error.replace("  … and", "activitymon: … and", 1), file=sys.stderr)
    else:
        sys.stdout.write(format_many(summary, verbose=args.verbose))
    return 1 if summary["unreadable"] else 0


def _summary_of_files(args: argparse.Namespace, filters: Filters) -> dict[str, Any]:
    from activitymon.reports.scan import scan

    index = None if args.no_cache else _open_index()
    line = ProgressLine.on_terminal(sys.stderr)
    try:
        result = scan(args.files, index=index, progress=progress_of(line))
    finally:
        if line is not None:
            line.done()
        if index is not None:
            index.close()
    for notice in result.notices:
        print(error_line(notice), file=sys.stderr)
    return summarize_many(result.results, filters)


def dump_json(summary: dict[str, Any]) -> str:
    """Strict JSON, indented, with one ``per_report`` entry per line (Python's indenting
    encoder is pure Python: ten thousand entries would take seconds)."""
    rest = {k: v for k, v in summary.items() if k != "per_report"}
    # plain already (counts, strings, None, and tables of them): written in C
    indented = plain_indented(rest)
    text = dumps(rest, indent=2) if indented is None else terminal_safe(indented)
    entries = _entry_lines(summary.get("per_report", []))
    listed = "[\n    " + ",\n    ".join(entries) + "\n  ]" if entries else "[]"
    return text[: -len("\n}")] + f',\n  "per_report": {listed}\n}}\n'


def _entry_lines(entries: list[dict[str, Any]]) -> list[str]:
    """Each ``per_report`` entry as one line of strict JSON. Its values are plain
    already (strings, integers the readers and the index bound to 64 bits, None), so
    the C encoder writes them and the terminal-unsafe characters are escaped in one
    pass (what :func:`dumps` does per value after walking it in Python: a second and
    more for ten thousand reports); entries it refuses go through :func:`dumps`."""
    lines = plain_lines(entries)
    if lines is None:
        try:
            lines = list(map(_PLAIN.encode, entries))
        except (TypeError, ValueError):
            return [dumps(e) for e in entries]
    # compact JSON has no raw newline: one substitution over all lines, then split
    return terminal_safe("\n".join(lines)).split("\n") if lines else []


def _open_index() -> ReportIndex | None:
    from activitymon.reports.index import ReportIndex

    try:
        index = ReportIndex()
    except OSError as exc:
        print(error_line(f"no report index ({exc}); reading every file"), file=sys.stderr)
        return None
    if index.notice:
        print(error_line(index.notice), file=sys.stderr)
        index.notice = None
    return index
