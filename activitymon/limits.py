"""The bounds every number and structure from outside is held to, in one place.

Scenario files, report files and command-line options are written by others; a value
of ``nan``, ``inf`` or ``1e12`` seconds, a 5,000-digit integer or ten thousand nested
brackets must end in one clear line, not a hang or a traceback. The commands, the
scenario loader and the report readers import these bounds from here.
"""

from __future__ import annotations

import math
import re
from itertools import accumulate
from operator import sub

#: the longest simulated run: a day of device time (``duration``, ``--until``, ``--at``,
#: an action's ``at``); the simulator runs thousands of times faster than real time,
#: so a day ends within seconds to a minute
MAX_SIM_SECONDS = 86_400.0
#: the shortest repeat period of a scenario action (``every``), in simulated seconds
MIN_EVERY_S = 0.01
#: how often all of a scenario's repeating actions and growth chunks may fire together,
#: per simulated second
MAX_FIRES_PER_S = 1_000.0
#: the largest amount of memory a scenario may name (an allocation, a footprint, a
#: limit, a growth rate per second): 1 TiB in MB
MAX_MB = 1024.0 * 1024.0
#: the longest wall-clock time the window may be asked to run (``--quit-after``)
MAX_WALL_SECONDS = 7 * 86_400.0
#: brackets nested deeper than this are not a report or a scenario
MAX_NESTING = 100
#: integers beyond this many digits are refused before Python converts them
MAX_INT_DIGITS = 19


def is_finite_number(value: object) -> bool:
    """An ``int`` or ``float`` (not ``bool``) that is finite."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


def nesting_depth(text: str, stop_at: int = MAX_NESTING + 1) -> int:
    """The deepest nesting of ``[`` and ``{`` outside double-quoted strings (stops
    counting at ``stop_at``). Approximate for TOML's other string kinds, which only
    ever makes it count more, never less, than a parser would nest.

    No Python loop over the text (a 200 KB report in under 2 ms, where a loop over its
    tokens took 7): one regular expression removes all but the brackets outside
    strings (a string ends at its closing quote or at the end of its line; outside a
    string too, a backslash takes the next character with it: ``\\[`` counts
    nothing), ``translate`` makes them +1 / −1 bytes, and the depth, which never goes
    below zero, is each running sum less the lowest running sum so far below zero
    (``accumulate``, a block of brackets at a time, stopping at ``stop_at``)."""
    if not _OPENING.search(text):
        return 0
    brackets = _NOT_COUNTED.sub("", text).encode("ascii")
    steps = memoryview(brackets.translate(_STEPS)).cast("b")
    depth = deepest = 0
    bound = max(stop_at, 1)
    for at in range(0, len(steps), _BLOCK):
        sums = list(accumulate(steps[at : at + _BLOCK], initial=depth))
        floors = accumulate(sums, min, initial=0)  # the lowest sum so far, or 0
        next(floors)
        depths = list(map(sub, sums, floors))
        depths.append(deepest)
        deepest = max(depths)
        depths.pop()
        if deepest >= bound:
            return bound
        depth = depths[-1]
    return deepest


#: what :func:`nesting_depth` removes: everything but the brackets outside strings (a
#: double-quoted string with its escapes, ended by its quote, its line's end or the
#: text's end; a backslash and the character after it; any other character)
_NOT_COUNTED = re.compile(r'(?:"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"?|\\.?|[^"\\\[\]{}]++)++')
_OPENING = re.compile(r"[\[{]")
_STEPS = bytes.maketrans(b"[{]}", bytes([1, 1, 255, 255]))
_BLOCK = 1 << 16


class HugeInt(float):
    """What a JSON reader keeps for an integer literal of more than
    :data:`MAX_INT_DIGITS` digits: infinity (so that no field takes it as a count)
    that remembers its digit count for the message."""

    digits: int

    def __new__(cls, text: str) -> HugeInt:
        value = super().__new__(cls, "-inf" if text.startswith("-") else "inf")
        value.digits = len(text.lstrip("-"))
        return value

    def __str__(self) -> str:
        return f"an integer of {self.digits} digits"


def bounded_int(text: str) -> int | float:
    """``parse_int`` for ``json.loads``: Python refuses integers of more than 4,300
    digits with a message about its own settings; anything beyond
    :data:`MAX_INT_DIGITS` digits becomes a :class:`HugeInt` instead."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return HugeInt(text)
    return int(text)
