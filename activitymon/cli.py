"""Command line: ``activitymon [options] [REPORT ...]`` opens the window; subcommands
(``snapshot``, ``simulate``, ``report``, ``vmmon`` …) run headless.

Every error the user can cause ends in one line on stderr and a non-zero exit, never
a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from activitymon import __version__
from activitymon.appdata import ResourcesMissing
from activitymon.commands import COMMANDS, CommandError
from activitymon.commands.base import INSPECTOR_TABS
from activitymon.commands.options import MAX_SIM_SECONDS, seconds
from activitymon.sources import SOURCE_NAMES, SourceError
from activitymon.terminal import error_line

PROG = "activitymon"
EXIT_STATUS = (
    "Exit status: 0 success; 1 failure (the work could not be done, e.g. a report that "
    "could not be read); 2 usage (a bad option, argument or input file)."
)
#: commands whose work goes to a file, never to standard output (they run with it closed)
_NO_STANDARD_OUTPUT = frozenset({"record"})
#: ``--quit-after``: simulated seconds for a screenshot of the simulator, else wall time
MAX_QUIT_AFTER = MAX_SIM_SECONDS


class OneLineParser(argparse.ArgumentParser):
    """Usage mistakes end in one line (and a hint), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, error_line(f"{message} (see '{self.prog} --help')", self.prog) + "\n")


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
        "--jetsam-properties",
        metavar="FILE",
        help="simulator: a com.apple.jetsamproperties plist (XML or binary) in place of the "
        "device's own",
    )
    parser.add_argument(
        "--interval",
        type=seconds(0.05, 3600),
        default=None,
        help="seconds between samples (default 1; 0.05 to 3600)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="render the main window offscreen, write a PNG and quit",
    )
    parser.add_argument(
        "--quit-after",
        type=seconds(0, MAX_QUIT_AFTER),
        default=None,
        metavar="SECONDS",
        help="with --screenshot: simulated or live seconds to run first (default 3); "
        f"alone: quit after this long (at most {MAX_QUIT_AFTER:g}, a day)",
    )
    parser.add_argument(
        "--view",
        default=None,
        help="with --screenshot: the view to show (overview, graph, pages, table, bands, events, "
        "kernel-log)",
    )
    parser.add_argument("--size", default="1280x820", help="with --screenshot: WIDTHxHEIGHT")
    parser.add_argument(
        "--filter",
        metavar="TEXT",
        default="",
        help="start with the process table filtered: words and tokens such as "
        "'band:0 state:suspended' (the filter box's tooltip lists them)",
    )
    parser.add_argument(
        "--inspect",
        metavar="PID|NAME",
        default=None,
        help="open this process's inspector as soon as it is seen (with --screenshot: "
        "render the inspector instead of the main window)",
    )
    parser.add_argument(
        "--inspect-tab",
        choices=INSPECTOR_TABS,
        default="footprint",
        help="with --inspect: the inspector tab to show first (default footprint)",
    )
    parser.add_argument(
        "reports",
        nargs="*",
        metavar="REPORT",
        help="jetsam reports to replay, or folders of reports to open in the reports browser",
    )
    return parser


def build_command_parser(name: str) -> argparse.ArgumentParser:
    command = COMMANDS[name]
    parser = OneLineParser(prog=f"{PROG} {name}", description=command.HELP, epilog=EXIT_STATUS)
    command.add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list and args_list[0] in COMMANDS else None
    if sys.stderr is None:  # started with standard error closed: nothing can be told
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - until exit
    if sys.stdout is None:  # started with standard output closed
        if command is not None and command not in _NO_STANDARD_OUTPUT:
            return _fail("standard output is closed; nowhere to write", status=1)
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - until exit
    _replace_what_cannot_be_encoded()
    try:
        if command is not None:
            args = build_command_parser(command).parse_args(args_list[1:])
            status = COMMANDS[command].run(args)
        else:
            app_args = build_app_parser().parse_args(args_list)
            from activitymon.commands import app

            status = app.run(app_args)
        sys.stdout.flush()
        return status
    except CommandError as exc:
        return _fail(exc, exc.status)
    except (SourceError, ResourcesMissing) as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:  # a full disk (/dev/full), a closed or failing stdout
        _silence_stdout()
        return _fail(f"cannot write the output: {exc.strerror or exc}", status=1)


def _replace_what_cannot_be_encoded() -> None:
    """A terminal or pipe that takes only ASCII (``PYTHONIOENCODING=ascii``, a Latin-1
    locale) gets ``?`` for a character it cannot show ("…", "×", a process name in
    Japanese), never a ``UnicodeEncodeError``."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


def _fail(message: object, status: int = 2) -> int:
    if sys.stderr is not None:
        with contextlib.suppress(OSError):
            print(error_line(message, PROG), file=sys.stderr)
    return status


def _silence_stdout() -> None:
    """What is left in stdout's buffer cannot be written either: drop it, so that the
    interpreter's exit does not report the same failure again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
