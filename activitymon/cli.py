"""Command line: ``activitymon [options] [REPORT ...]`` opens the window; subcommands
(``snapshot``, ``simulate``, ``report``, ``vmmon`` …) run headless.

Every error the user can cause ends in one line on stderr and a non-zero exit, never
a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from activitymon import __version__
from activitymon.appdata import ResourcesMissing
from activitymon.commands import COMMANDS, CommandError
from activitymon.sources import SOURCE_NAMES, SourceError

PROG = "activitymon"
EXIT_STATUS = (
    "Exit status: 0 success; 1 failure (the work could not be done, e.g. a report that "
    "could not be read); 2 usage (a bad option, argument or input file)."
)


class OneLineParser(argparse.ArgumentParser):
    """Usage mistakes end in one line (and a hint), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_app_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="Watch memory pressure and jetsam: live, on a simulated iPhone, "
        "or from a recorded report.",
        epilog="Commands: "
        + ", ".join(sorted(COMMANDS))
        + f". Run '{PROG} COMMAND --help' for one. {EXIT_STATUS}",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--source",
        choices=SOURCE_NAMES,
        default="auto",
        help="where samples come from (default: auto = live macOS on a Mac, "
        "the simulator elsewhere)",
    )
    parser.add_argument("--scenario", help="simulator scenario: a built-in name or a TOML file")
    parser.add_argument("--seed", type=int, help="simulator seed")
    parser.add_argument(
        "--interval", type=float, default=None, help="seconds between samples (default 1)"
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="render the main window offscreen, write a PNG and quit",
    )
    parser.add_argument(
        "--quit-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="with --screenshot: simulated or live seconds to run first (default 3); "
        "alone: quit after this long",
    )
    parser.add_argument(
        "--view",
        default=None,
        help="with --screenshot: the view to show (overview, graph, pages, table, bands, events)",
    )
    parser.add_argument("--size", default="1280x820", help="with --screenshot: WIDTHxHEIGHT")
    parser.add_argument("reports", nargs="*", metavar="REPORT", help="jetsam reports to replay")
    return parser


def build_command_parser(name: str) -> argparse.ArgumentParser:
    command = COMMANDS[name]
    parser = OneLineParser(prog=f"{PROG} {name}", description=command.HELP, epilog=EXIT_STATUS)
    command.add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            name = args_list[0]
            args = build_command_parser(name).parse_args(args_list[1:])
            return COMMANDS[name].run(args)
        app_args = build_app_parser().parse_args(args_list)
        from activitymon.commands import app

        return app.run(app_args)
    except (CommandError, SourceError, ResourcesMissing) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
