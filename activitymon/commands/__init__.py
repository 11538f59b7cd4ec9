"""Headless subcommands. Each module has ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; add a new one to :data:`COMMANDS`.

A command's module is imported when it is asked for, not with this package: the
window and each command load only what they use (the window's cold start, #16)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Protocol, cast

from activitymon.commands.base import CommandError

__all__ = ["COMMANDS", "Command", "CommandError"]


class Command(Protocol):
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _as_command(module: ModuleType) -> Command:
    return cast(Command, module)


#: the commands; each is the module of that name in this package
COMMAND_NAMES = (
    "snapshot",
    "report",
    "vmmon",
    "simulate",
    "explain",
    "lesson",
    "record",
    "inspect",
    "limits",
    "completions",
)


class LazyCommands(Mapping[str, Command]):
    """The commands by name; each module is imported on first lookup."""

    def __getitem__(self, name: str) -> Command:
        if name not in COMMAND_NAMES:
            raise KeyError(name)
        return _as_command(importlib.import_module(f"{__name__}.{name}"))

    def __iter__(self) -> Iterator[str]:
        return iter(COMMAND_NAMES)

    def __len__(self) -> int:
        return len(COMMAND_NAMES)


COMMANDS: Mapping[str, Command] = LazyCommands()
