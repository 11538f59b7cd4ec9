"""The whole command line as one argparse parser: the window's options and every
headless command as a subcommand. Nothing parses with it; the man page and the shell
completions are generated from it (``packaging/make_cli_docs.py``), so they follow
``cli.py`` and each command's ``add_arguments`` without a second description."""

from __future__ import annotations

import argparse

from activitymon.cli import EXIT_STATUS, PROG, build_app_parser
from activitymon.commands import COMMANDS


def reference_parser() -> argparse.ArgumentParser:
    parser = build_app_parser()
    parser.epilog = (
        f"Run '{PROG} COMMAND --help' for one command's options. {EXIT_STATUS} "
        f"Without a COMMAND, {PROG} opens its window; REPORT files (.ips, .synced, "
        "LowMemory plists) are replayed in it."
    )
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for name in sorted(COMMANDS):
        command = COMMANDS[name]
        sub = commands.add_parser(
            name, help=command.HELP, description=command.HELP, epilog=EXIT_STATUS
        )
        command.add_arguments(sub)
    return parser
