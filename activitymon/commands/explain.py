"""``activitymon explain [--source SOURCE] [TERM] [--list]``: the glossary on the
command line.

``explain TERM`` prints the entry (summary, paragraph, kernel origin, what to do);
names match ignoring case, spaces, ``-`` and ``_`` (``idle-exit``, ``idle exit``,
``IDLE_EXIT``). ``--source linux`` prints what the term means on Linux (the window
shows the same variant for a Linux source); ``macos``, ``sim``, ``replay`` and
``apple`` give Apple's, ``auto`` this machine's. ``--list`` prints every term, one per
line. With no TERM the terms are printed by category with their summaries. An unknown
term exits 2 naming the closest terms.
"""

from __future__ import annotations

import argparse

from activitymon.commands.base import CommandError
from activitymon.teaching.glossary import CATEGORIES, GlossaryError, glossary
from activitymon.terminal import shortened

#: the values of ``--source``: the app's sources, and the two platforms by name
SOURCES = ("apple", "linux", "macos", "sim", "replay", "auto")


def variant_of(source: str) -> str:
    """The glossary variant a ``--source`` value reads."""
    from activitymon.model import Platform
    from activitymon.sources import SourceKind, live_source_name

    if source == "auto":
        source = live_source_name()
    platform = Platform.LINUX if source == SourceKind.LINUX else Platform.IOS
    return platform.glossary_variant


HELP = "Explain a term the app shows (a kill reason, a band, a memory figure, a column …)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "term", nargs="*", metavar="TERM", help="the term (words are joined: idle exit)"
    )
    parser.add_argument("--list", action="store_true", help="print every term, one per line")
    parser.add_argument(
        "--source",
        choices=SOURCES,
        default="apple",
        help="whose meaning: linux for Linux's, macos/sim/replay/apple for Apple's "
        "(default), auto for this machine's",
    )


def run(args: argparse.Namespace) -> int:
    try:
        terms = glossary()
    except GlossaryError as exc:
        raise CommandError(str(exc)) from exc
    if args.list:
        if args.term:
            raise CommandError("--list takes no TERM")
        print("\n".join(terms.terms()))
        return 0
    variant = variant_of(args.source)
    if not args.term:
        for category in CATEGORIES:
            entries = [e for e in terms.entries.values() if e.category == category]
            print(f"{category}:")
            width = max(len(e.term) for e in entries)
            for e in entries:
                print(f"  {e.term:<{width}}  {e.for_variant(variant).summary}")
        print("\nRun 'activitymon explain TERM' for one.")
        return 0
    name = " ".join(args.term)
    entry = terms.get(name, variant)
    if entry is None:
        closest = terms.closest(name)
        hint = (
            f"; closest: {', '.join(closest)}" if closest else "; see 'activitymon explain --list'"
        )
        raise CommandError(f"no glossary entry for {shortened(name)!r}{hint}")
    print(entry.plain())
    return 0
