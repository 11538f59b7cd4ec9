"""Every release-dependent rule of the simulated kernel, one row per rule.

Each :class:`Rule` says what the rule is, the first release that has each of its
values (``Since``) and where that value was read: the public tag, the file and the
function. ``rules.rules_for(xnu, era)`` derives a release's :class:`XnuRules` from this
table, so a release between two device profiles (4903, 6153 …) gets exactly what its
line has, and a newcomer finds where a rule for a given release lives in one place.

Release numbers are the XNU line (2050, 2422, 2782 … 11417); where the iOS and macOS
lines differ (8019 / 8020, 8792 / 8796, 10002 / 10063) the first of the pair is used.
Embedded-only releases have no public tag: iOS 6's xnu-2107 is read at xnu-2050.48.11,
iOS 7's xnu-2423 at xnu-2422.1.72. Files are under ``bsd/kern/`` unless a path says
otherwise.

The rows live in :mod:`activitymon.sim.rule_rows`, one module per group of rules:

* ``bands``: the priority list or bands, the elevated band, aging, reserved bands;
* ``levels``: published available pages, the thresholds, the pressure level;
* ``limits``: what a limit is, which one applies, the task and entitled limits;
* ``kills``: high-water kills, purge before kill, the pageout scan's kills, the
  compressor's kills, a Mac's idle exits, sustained pressure, the kill's log line;
* ``notes``: pressure notifications;
* ``reports``: the snapshot, when it is posted, what the report holds.

To add a rule: a field on ``rules.XnuRules`` and a ``Rule`` in its group's module (a
test checks that every field has exactly one row).
"""

from __future__ import annotations

from typing import Any

from activitymon.sim.rule_rows import bands, kills, levels, limits, notes, reports
from activitymon.sim.rule_rows.sources import T2050, T2422
from activitymon.sim.rule_types import Rule

#: every rule, group by group (the order of the table in docs/SIMULATOR.md)
RULES: tuple[Rule[Any], ...] = (
    bands.RULES + levels.RULES + limits.RULES + kills.RULES + notes.RULES + reports.RULES
)

#: the tag each release line was read at, for ``XnuRules.tag``
RELEASE_TAGS: tuple[tuple[int, str], ...] = (
    (2050, T2050),
    (2422, T2422),
    (2782, "xnu-2782.1.97"),
    (3247, "xnu-3247.1.106"),
    (3789, "xnu-3789.1.32"),
    (4570, "xnu-4570.51.1"),
    (4903, "xnu-4903.221.2"),
    (6153, "xnu-6153.11.26"),
    (7195, "xnu-7195.141.2"),
    (8019, "xnu-8019.41.5"),
    (8792, "xnu-8796.141.3"),
    (10002, "xnu-10063.141.1"),
    (11215, "xnu-11215.61.5"),
    (11417, "xnu-11417.121.6"),
)


def release_tag(xnu: int) -> str:
    """The public tag the rules of release line ``xnu`` were read at."""
    chosen = RELEASE_TAGS[0][1]
    for first, tag in RELEASE_TAGS:
        if first <= xnu:
            chosen = tag
    return chosen
