"""Headless subcommands. Each module has ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; add a new one to :data:`COMMANDS`."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Protocol, cast

from activitymon.commands import explain, lesson, record, report, simulate, snapshot, vmmon
from activitymon.commands.base import CommandError

__all__ = ["COMMANDS", "Command", "CommandError"]


class Command(Protocol):
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _as_command(module: ModuleType) -> Command:
    return cast(Command, module)


COMMANDS: dict[str, Command] = {
    "snapshot": _as_command(snapshot),
    "report": _as_command(report),
    "vmmon": _as_command(vmmon),
    "simulate": _as_command(simulate),
    "explain": _as_command(explain),
    "lesson": _as_command(lesson),
    "record": _as_command(record),
}
