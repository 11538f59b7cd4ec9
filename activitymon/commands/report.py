"""``activitymon report FILE... [--json]``: summarise jetsam reports.

Output: a human summary per file, or with ``--json`` one object per file (see
:func:`activitymon.reports.summarize`; a ``"file"`` key is added). One FILE prints a
JSON object; several FILEs print a JSON array of the good ones, in argument order.
Each file that cannot be read gives one line ``activitymon: <file>: <what>`` on stderr;
the exit status is 1 if any file failed, else 0.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from activitymon.commands import report_fleet, report_summary
from activitymon.reports import ReportError, format_summary, read_reports, summarize
from activitymon.strict_json import dumps
from activitymon.terminal import clean, error_line, write

HELP = "Summarise jetsam / LowMemory reports (any Apple format), as text or JSON."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="PATH",
        help="report files (and folders with --summary or --export)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON: an object for one FILE, an array for several",
    )
    report_summary.add_arguments(parser)
    report_fleet.add_arguments(
        parser.add_argument_group("many machines (Parquet through DuckDB: activitymon[fleet])")
    )


def run(args: argparse.Namespace) -> int:
    report_fleet.check_arguments(args)
    report_summary.check_arguments(args)
    if args.export is not None:
        return report_fleet.run_export(args)
    if args.summary:
        return report_summary.run_summary(args)
    failed = False
    summaries: list[dict[str, Any]] = []
    texts: list[str] = []
    for path, result in zip(args.files, read_reports(args.files), strict=True):
        if isinstance(result, ReportError):
            failed = True
            print(error_line(result), file=sys.stderr)
            continue
        if args.json:
            summary = {"file": path, **summarize(result)}
            problems: list[str] = []
            dumps(summary, problems=problems)  # non-finite / huge values → null
            if problems:
                summary["problems"] = [*summary["problems"], *problems]
                summary["partial"] = True
            summaries.append(summary)
        else:
            texts.append(f"== {clean(path)}\n{format_summary(result)}")
    if args.json:
        data: Any = summaries[0] if len(args.files) == 1 and summaries else summaries
        if len(args.files) > 1 or summaries:
            sys.stdout.write(dumps(data, indent=2) + "\n")
    else:
        write("\n".join(texts))
    return 1 if failed else 0
