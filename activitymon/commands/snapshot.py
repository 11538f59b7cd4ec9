"""``activitymon snapshot``: print one sample as a table or as JSON."""

from __future__ import annotations

import argparse
import sys

from activitymon.commands.base import CommandError
from activitymon.commands.options import MAX_SIM_SECONDS, MAX_WALL_SECONDS, count, seconds
from activitymon.commands.recorded import recorded_snapshot
from activitymon.model import ProcessInfo, Snapshot, band_label
from activitymon.model.serialize import snapshot_to_dict
from activitymon.sources import SOURCE_NAMES, ClockedSource, open_source
from activitymon.strict_json import dumps
from activitymon.terminal import clean, write
from activitymon.units import MISSING, format_bytes, format_pages, format_percent
from activitymon.viewmodel.table_export import csv_text

HELP = "Print one snapshot (memory, pressure level, processes) as a table, JSON or CSV."

DEFAULT_AT_S = 5.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", choices=SOURCE_NAMES, default="auto")
    parser.add_argument("--scenario", help="simulator scenario (built-in name or TOML file)")
    parser.add_argument("--seed", type=int)
    parser.add_argument(
        "--at",
        type=seconds(0, MAX_WALL_SECONDS),
        default=None,
        metavar="SECONDS",
        help="for the simulator: simulated seconds to run before sampling "
        f"(default 5; at most {MAX_SIM_SECONDS:g}, a simulated day); with --recording: "
        "the moment on the recorded clock (default: its last sample; at most "
        f"{MAX_WALL_SECONDS:g}, the longest recording)",
    )
    parser.add_argument(
        "--recording", metavar="FILE", help="read the snapshot from a recording (.amrec)"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON instead of a table")
    output.add_argument(
        "--csv",
        action="store_true",
        help="print the processes as CSV: raw numbers, the unit in each column's name "
        "(what the window's File → Export Processes… writes)",
    )
    parser.add_argument(
        "--limit",
        type=count(0, 1_000_000),
        default=0,
        metavar="N",
        help="show only the N largest processes (0, the default: all)",
    )


def run(args: argparse.Namespace) -> int:
    if args.recording is not None:
        snap, source_name, capabilities = recorded_snapshot(args.recording, args.at)
    else:
        if args.at is not None and args.at > MAX_SIM_SECONDS:
            raise CommandError(
                f"--at: expected simulated seconds from 0 to {MAX_SIM_SECONDS:g}, got {args.at:g}"
            )
        source = open_source(args.source, scenario=args.scenario, seed=args.seed)
        source_name = source.name
        capabilities = source.capabilities
        at = DEFAULT_AT_S if args.at is None else args.at
        try:
            if isinstance(source, ClockedSource) and at > 0:
                source.advance(at)
            snap = source.sample()
        finally:
            source.close()
    if args.json:
        data = snapshot_to_dict(snap)
        data["source"] = source_name
        if args.limit:
            data["processes"] = _largest(data["processes"], args.limit)
        sys.stdout.write(dumps(data, indent=2) + "\n")
    elif args.csv:
        procs = _largest_processes(snap, args.limit)
        write(csv_text(procs, capabilities, snap.era))
    else:
        write(render_table(snap, args.limit))
    return 0


def _largest(procs: list[dict[str, object]], n: int) -> list[dict[str, object]]:
    def key(p: dict[str, object]) -> int:
        v = p.get("footprint_bytes")
        return v if isinstance(v, int) else -1

    return sorted(procs, key=key, reverse=True)[:n]


def _largest_processes(snap: Snapshot, limit: int) -> list[ProcessInfo]:
    """Largest footprint (else resident size) first; the ``limit`` largest (0: all)."""
    procs = sorted(
        snap.processes, key=lambda p: p.footprint_bytes or p.rss_bytes or 0, reverse=True
    )
    return procs[:limit] if limit else procs


def render_table(snap: Snapshot, limit: int = 0) -> str:
    mem = snap.memory
    ps = mem.page_size
    lines = [
        f"{clean(snap.device or 'this machine')}   t={snap.time:.1f} s",
        f"pressure: {snap.level.label if snap.level else MISSING}"
        f"   memorystatus_level: {format_percent(snap.memorystatus_level, 0)}",
        f"physical {format_bytes(mem.total_bytes)}   used {format_pages(mem.shown_used_pages, ps)}"
        f"   free {format_pages(mem.free_pages, ps)}"
        f"   wired {format_pages(mem.wired_pages, ps)}"
        f"   app {format_pages(mem.app_pages, ps)}"
        f"   file-backed {format_pages(mem.file_backed_pages, ps)}"
        f"   compressed {format_pages(mem.compressor_pages, ps)}"
        f"   swap used {format_bytes(mem.swap_used_bytes)}",
        "",
        f"{'PID':>7}  {'NAME':<24} {'FOOTPRINT':>10} {'RSS':>10}  BAND",
    ]
    for p in _largest_processes(snap, limit):
        if p.band is not None and snap.era is not None:
            band = band_label(p.band, snap.era)
        elif p.oom_score_adj is not None:  # Linux: the OOM killer's order instead
            band = f"oom_score_adj {p.oom_score_adj}"
        else:
            band = MISSING
        lines.append(
            f"{p.pid:>7}  {clean(p.name)[:24]:<24} {format_bytes(p.footprint_bytes):>10} "
            f"{format_bytes(p.rss_bytes):>10}  {band}"
        )
    return "\n".join(lines) + "\n"
