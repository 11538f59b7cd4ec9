"""The options ``simulate`` takes for a comparison, and the hand-over to ``compare``."""

from __future__ import annotations

import argparse

from activitymon.commands.base import CommandError
from activitymon.commands.compare import run_compare, run_single_json
from activitymon.sim import Scenario


def add_compare_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--compare",
        metavar="B",
        help="run scenario B with the same seed and show both side by side",
    )
    group.add_argument(
        "--what-if",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="run A again with one change: process.NAME.FIELD=VALUE (band, limit_mb, "
        "on_warning …) or device.profile=NAME; show both side by side (repeatable)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print kills and statistics as JSON ({"a": …, "b": …, "only_in_a": …, '
        '"only_in_b": …} with --compare or --what-if)',
    )


def run_compare_command(args: argparse.Namespace, scenario: Scenario, until: float) -> int:
    if args.events or args.reports:
        raise CommandError(
            "--compare, --what-if and --json cannot be combined with --events or --reports"
        )
    if not (args.compare or args.what_if):
        return run_single_json(scenario, seed=args.seed, until=until)
    return run_compare(
        scenario,
        compare=args.compare,
        what_ifs=list(args.what_if),
        seed=args.seed,
        until=until,
        as_json=args.json,
    )
