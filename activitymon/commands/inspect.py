"""``activitymon inspect PID|NAME``: one process, as the inspector window shows it.

Its figures and limits, what its memory is made of (VSS = RSS + LSS + SwSS, the
footprint's parts), its memory map and vmmap's "REGION TYPE" summary, its history
since first seen, its events and jetsam properties; ``--json`` gives the same as the
issue 25 contract. A clocked source (the simulator, a report replay) runs to
``--at`` seconds; a live one is watched for ``--at`` seconds (default: one sample).
The process is followed from the moment it appears: one killed on the way is shown
as it died (a tombstone, with its kill and its last map).
"""

from __future__ import annotations

import argparse
import sys
import time

from activitymon.commands.options import MAX_SIM_SECONDS, MAX_WALL_SECONDS, seconds
from activitymon.sources import SOURCE_NAMES, Clocked, Seekable, Source, open_source
from activitymon.strict_json import dumps
from activitymon.terminal import error_line, write
from activitymon.viewmodel import ClockState, SamplerCore, Step
from activitymon.viewmodel.inspection import Inspection, inspection_to_dict
from activitymon.viewmodel.inspection_text import render_inspection

HELP = "Inspect one process: its memory map, its footprint against its limits, its story."

DEFAULT_AT_S = 5.0

#: a simulated run is sampled at most this many times (the history's resolution)
MAX_STEPS = 3600


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="PID|NAME", help="a process id, or a process name")
    parser.add_argument("--source", choices=SOURCE_NAMES, default="auto")
    parser.add_argument("--scenario", help="simulator scenario (built-in name or TOML file)")
    parser.add_argument("--seed", type=int)
    parser.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FILE",
        help="a jetsam report to replay (repeat for several; implies --source replay)",
    )
    parser.add_argument(
        "--at",
        type=seconds(0, MAX_SIM_SECONDS),
        default=None,
        metavar="SECONDS",
        help="for the simulator: simulated seconds to run (default 5); for a replay: "
        "seconds after the first report (default: through the last); live: seconds to "
        f"watch, one sample a second (default 0; at most {MAX_WALL_SECONDS:g})",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--no-regions",
        action="store_true",
        help="text: leave out the region table (the REGION TYPE summary stays)",
    )


def wanted_process(target: str) -> int | str:
    """A pid when ``target`` is a number, else a process name."""
    stripped = target.strip()
    if stripped.lstrip("-").isdigit() and len(stripped) <= 10:
        return int(stripped)
    return target


def _follow(core: SamplerCore, wanted: int | str) -> bool:
    """Inspect the process once it is seen (its map is then read now and then, and
    once more at the end)."""
    if core.inspector.inspected:
        return True
    histories = core.inspector.histories
    track = histories.find(wanted) if isinstance(wanted, int) else histories.find_name(wanted)
    if track is None:
        return False
    core.inspector.inspect(track.pid)
    return True


def _run(source: Source, args: argparse.Namespace, wanted: int | str) -> Inspection | str:
    """The inspection at the end of the run, or a one-line reason why there is none."""
    replay = isinstance(source, Seekable)
    clocked = isinstance(source, Clocked) and not replay
    if clocked:
        at = DEFAULT_AT_S if args.at is None else args.at
        step = max(1.0, at / MAX_STEPS)
    else:
        at = (float("inf") if replay else 0.0) if args.at is None else args.at
        step = 1.0
    core = SamplerCore(source, 0, ClockState(paused=False, interval=step))
    tick = core.tick(advance=False)
    _follow(core, wanted)
    if replay and isinstance(source, Seekable):
        while tick.snapshot is not None and tick.snapshot.time < at:
            position = source.position()
            if position.index + 1 >= position.count:
                break
            tick = core.perform(Step(1.0)) or tick
            _follow(core, wanted)
    elif clocked:
        while tick.snapshot is not None and tick.snapshot.time + 1e-9 < at:
            tick = core.tick(interval=min(step, at - tick.snapshot.time))
            _follow(core, wanted)
    else:
        deadline = time.monotonic() + min(at, MAX_WALL_SECONDS)
        while tick.snapshot is not None and time.monotonic() < deadline:
            time.sleep(min(step, max(0.0, deadline - time.monotonic())))
            tick = core.tick()
            _follow(core, wanted)
    if tick.snapshot is None:
        return tick.error or f"the {source.name} source gave no sample"
    if not _follow(core, wanted):
        what = f"pid {wanted}" if isinstance(wanted, int) else f"process named {wanted!r}"
        return f"no {what} was seen on the {source.name} source"
    inspections = core.inspector.read(source, fresh=True)  # the map of the moment shown
    return inspections[0] if inspections else "the process could not be inspected"


def _fail(message: str, status: int) -> int:
    print(error_line(message), file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    # "auto" with report files is the replay (open_source decides, as for the window)
    source = open_source(args.source, scenario=args.scenario, seed=args.seed, reports=args.report)
    try:
        inspection = _run(source, args, wanted_process(args.target))
    finally:
        source.close()
    if isinstance(inspection, str):
        return _fail(inspection, 1)
    if args.json:
        sys.stdout.write(dumps(inspection_to_dict(inspection), indent=2) + "\n")
    else:
        write(render_inspection(inspection, regions=not args.no_regions))
    return 0
