"""``activitymon explain [TERM] [--list]``: the glossary on the command line.

``explain TERM`` prints the entry (summary, paragraph, kernel origin, what to do);
names match ignoring case, spaces, ``-`` and ``_`` (``idle-exit``, ``idle exit``,
``IDLE_EXIT``). ``--list`` prints every term, one per line. With no TERM the terms are
printed by category with their summaries. An unknown term exits 2 naming the closest
terms.
"""

from __future__ import annotations

import argparse

from activitymon.commands.base import CommandError
from activitymon.teaching.glossary import CATEGORIES, GlossaryError, glossary

HELP = "Explain a term the app shows (a kill reason, a band, a memory figure, a column …)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "term", nargs="*", metavar="TERM", help="the term (words are joined: idle exit)"
    )
    parser.add_argument("--list", action="store_true", help="print every term, one per line")


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
    if not args.term:
        for category in CATEGORIES:
            entries = [e for e in terms.entries.values() if e.category == category]
            print(f"{category}:")
            width = max(len(e.term) for e in entries)
            for e in entries:
                print(f"  {e.term:<{width}}  {e.summary}")
        print("\nRun 'activitymon explain TERM' for one.")
        return 0
    name = " ".join(args.term)
    entry = terms.get(name)
    if entry is None:
        closest = terms.closest(name)
        hint = (
            f"; closest: {', '.join(closest)}" if closest else "; see 'activitymon explain --list'"
        )
        raise CommandError(f"no glossary entry for {name!r}{hint}")
    print(entry.plain())
    return 0
