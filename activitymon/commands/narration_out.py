"""``simulate --narrate PATH|-``: the narration as text, one line per sentence.

Each line is ``<seconds>\\t<sentence>`` (one decimal, then a tab), in the order the
window shows them; a burst folded into one line in the window is one line here, in its
final form. Names from scenario files are escaped for a terminal (``terminal.clean``),
so a tab or a line break in a name never splits a line.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from activitymon.commands.outputs import text_target, write_text
from activitymon.model import Event, ReportWritten
from activitymon.sim import Simulator
from activitymon.teaching.narration_line import NarrationLine
from activitymon.terminal import clean

#: the first line of a narration file (an empty file is ours too)
_NARRATION_LINE = re.compile(rb"^\d+\.\d\t[^\t\n]")


def looks_like_narration(start: bytes) -> bool:
    """An activitymon narration file: ``<seconds>\\t<sentence>`` lines."""
    return _NARRATION_LINE.match(start) is not None


def narration_target(args: argparse.Namespace, inputs: Iterable[Path]) -> Path | str | None:
    """``-`` for stdout, the checked output path, or ``None`` without ``--narrate``."""
    return text_target(
        args.narrate,
        option="--narrate",
        inputs=inputs,
        ours=looks_like_narration,
        force=args.force,
    )


def kept_reports(sim: Simulator) -> list[Event]:
    """The reports the device posted since the last call, as events (nothing written)."""
    return [
        ReportWritten(
            t, "", report.format.value, victims=len(report.victims), incident=report.incident_id
        )
        for t, report in sim.drain_timed_reports()
    ]


def write_narration(lines: Mapping[int, NarrationLine], target: Path | str) -> None:
    text = "".join(f"{lines[k].t:.1f}\t{clean(lines[k].sentence)}\n" for k in sorted(lines))
    write_text(text, target, option="--narrate")
