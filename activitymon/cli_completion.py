"""What the shells complete, read off the whole argument parser
(:func:`activitymon.cli_reference.reference_parser`): every command, every option of
the window and of each command, and for each value what can be offered — an
option's ``choices``, the built-in names the app knows (scenarios, device profiles,
lessons, glossary terms, views), files or folders where a path is expected, nothing
for numbers and free text. ``packaging/make_cli_docs.py`` renders it for bash and zsh
(:mod:`activitymon.cli_completion_scripts`).

Nothing here is a list of options: an option added to a command's ``add_arguments``
completes as soon as the scripts are regenerated. Value kinds come from the action
itself — its ``choices``, then its ``dest`` or ``metavar`` (``FILE``, ``PATH``,
``DIR``, ``OUT``, ``SCENARIO`` …) — so a new path option completes files without a
word here.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from enum import Enum

from activitymon.cli import PROG


class Kind(Enum):
    """What a value completes to."""

    TEXT = "text"  # free text or a number: nothing to offer
    WORDS = "words"  # one of :attr:`Values.words`
    FILES = "files"  # a file (or a folder to go into)
    DIRS = "dirs"  # a folder
    WORDS_OR_FILES = "words-or-files"  # a built-in name or a file matching the pattern


@dataclass(frozen=True)
class Values:
    kind: Kind
    label: str  # what the value is, for the shell's listing ("scenario", "file")
    words: tuple[str, ...] = ()
    pattern: str = ""  # the files a WORDS_OR_FILES value takes, e.g. "*.toml"


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]  # ("-v", "--verbose")
    help: str
    values: Values | None  # None: a flag that takes no value
    repeatable: bool = False  # may be given more than once (append)
    ends_line: bool = False  # --help, --version: nothing follows


@dataclass(frozen=True)
class Positional:
    name: str
    help: str
    values: Values
    repeats: bool  # nargs "*" or "+": every further word is one too
    optional: bool


@dataclass(frozen=True)
class Command:
    name: str  # "" for the window's own options
    help: str
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...]

    def option(self, flag: str) -> Option | None:
        return next((o for o in self.options if flag in o.flags), None)


@dataclass(frozen=True)
class Completion:
    prog: str
    top: Command  # the window's options and REPORT files
    commands: tuple[Command, ...]


def _names() -> dict[str, tuple[str, ...]]:
    """The built-in names by kind, as the app finds them in its resources."""
    from activitymon.commands.app import VIEWS
    from activitymon.teaching.glossary import glossary
    from activitymon.teaching.lessons import lesson_names
    from activitymon.viewmodel.sim_sources import profile_names, scenario_names

    return {
        "scenario": tuple(scenario_names()),
        "device": tuple(profile_names()),
        "lesson": tuple(lesson_names()),
        "term": tuple(glossary().terms()),
        "view": tuple(VIEWS),
    }


#: metavar words naming a file or a folder
_FILE_WORDS = frozenset({"PATH", "FILE", "OUT", "REPORT", "PARQUET", "RECORDING", "TOML", "PNG"})
_DIR_WORDS = frozenset({"DIR", "FOLDER"})
#: dests that are paths whatever their metavar
_PATH_DESTS = frozenset({"reports", "screenshot", "output", "out", "path", "paths", "recording"})


def _metavar_words(action: argparse.Action) -> set[str]:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return {w for w in re.split(r"[^A-Za-z]+", metavar.upper()) if w}


def values_of(action: argparse.Action, command: str, names: dict[str, tuple[str, ...]]) -> Values:
    """What ``action``'s value completes to (``command``: "" for the window's)."""
    words = _metavar_words(action)
    dest = action.dest
    if action.choices is not None:
        return Values(Kind.WORDS, dest.replace("_", "-"), tuple(str(c) for c in action.choices))
    if dest in ("scenario", "compare") or "SCENARIO" in words:
        return Values(Kind.WORDS_OR_FILES, "scenario", names["scenario"], "*.toml")
    if dest in ("device", "profile") or words & {"DEVICE", "PROFILE"}:
        return Values(Kind.WORDS, "device profile", names["device"])
    if dest == "view":
        return Values(Kind.WORDS, "view", names["view"])
    if command == "explain" and dest == "term":
        return Values(Kind.WORDS, "glossary term", names["term"])
    if command == "lesson" and dest == "name":
        return Values(Kind.WORDS_OR_FILES, "lesson", names["lesson"], "*.toml")
    if words & _DIR_WORDS and not words & _FILE_WORDS:
        return Values(Kind.DIRS, "folder")
    if words & _FILE_WORDS or dest in _PATH_DESTS or "DIR" in words:
        return Values(Kind.FILES, "file")
    return Values(Kind.TEXT, (action.metavar if isinstance(action.metavar, str) else dest).lower())


def _command(
    parser: argparse.ArgumentParser, name: str, help_text: str, names: dict[str, tuple[str, ...]]
) -> Command:
    options: list[Option] = []
    positionals: list[Positional] = []
    for action in parser._actions:  # argparse's public parsers expose no other list
        if isinstance(action, argparse._SubParsersAction):
            continue
        text = " ".join((action.help or "").split()) if action.help != argparse.SUPPRESS else ""
        if action.option_strings:
            if action.help == argparse.SUPPRESS:
                continue
            takes_value = action.nargs != 0
            options.append(
                Option(
                    flags=tuple(action.option_strings),
                    help=text,
                    values=values_of(action, name, names) if takes_value else None,
                    repeatable=isinstance(action, argparse._AppendAction | argparse._CountAction),
                    ends_line=isinstance(action, argparse._HelpAction | argparse._VersionAction),
                )
            )
        else:
            positionals.append(
                Positional(
                    name=action.metavar if isinstance(action.metavar, str) else action.dest,
                    help=text,
                    values=values_of(action, name, names),
                    repeats=action.nargs in ("*", "+", argparse.REMAINDER),
                    optional=action.nargs in ("*", "?"),
                )
            )
    return Command(name, " ".join(help_text.split()), tuple(options), tuple(positionals))


def completion(parser: argparse.ArgumentParser | None = None) -> Completion:
    """The completion of ``parser`` (default: the whole command line)."""
    if parser is None:
        from activitymon.cli_reference import reference_parser

        parser = reference_parser()
    names = _names()
    commands: list[Command] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in sorted(action.choices.items()):
                commands.append(_command(sub, name, helps.get(name, ""), names))
    top = _command(parser, "", parser.description or "", names)
    return Completion(PROG, top, tuple(commands))
