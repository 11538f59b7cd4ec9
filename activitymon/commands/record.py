"""``activitymon record OUT``: record a source into an ``.amrec`` file, headless.

A clocked source (the simulator) runs as fast as it can, up to ``--until`` simulated
seconds (default: the scenario's duration), with a progress bar on a terminal. A live
source runs in real time until ``--until`` or Ctrl-C, printing the elapsed time and the
file's size. Ctrl-C (or SIGTERM) closes the file cleanly; a kill leaves a file that
still opens up to its last complete sample.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Protocol, runtime_checkable

from activitymon.commands.base import CommandError
from activitymon.commands.progress import ProgressLine
from activitymon.model import JetsamReport
from activitymon.recording import SUFFIX, RecordingError, RecordingWriter, check_output
from activitymon.sources import ClockedSource, Source, SourceKind, kernel_facts_of, open_source
from activitymon.sources.sim import SimulatorSource
from activitymon.units import format_bytes, format_duration

HELP = "Record a source (the simulator, or this machine live) into an .amrec file."

RECORD_SOURCES = (
    "auto",
    SourceKind.SIMULATOR.value,
    SourceKind.MACOS.value,
    SourceKind.LINUX.value,
)
DEFAULT_INTERVAL_S = 1.0


@runtime_checkable
class _ReportingSource(Protocol):
    def drain_reports(self) -> list[JetsamReport]: ...


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help=f"the recording to write (*{SUFFIX})")
    parser.add_argument("--source", choices=RECORD_SOURCES, default="auto")
    parser.add_argument("--scenario", metavar="NAME|FILE", help="simulator scenario")
    parser.add_argument("--seed", type=int, metavar="N", help="simulator seed")
    parser.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL_S,
        metavar="S",
        help=f"seconds between samples (default {DEFAULT_INTERVAL_S:g})",
    )
    parser.add_argument(
        "--until",
        type=float,
        metavar="SECONDS",
        help="stop after this long (simulator default: the scenario's duration; "
        "live default: until Ctrl-C)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite OUT even if it is not a recording"
    )


def run(args: argparse.Namespace) -> int:
    if not args.interval > 0:
        raise CommandError(f"--interval: expected seconds above 0, got {args.interval:g}")
    if args.until is not None and not args.until > 0:
        raise CommandError(f"--until: expected seconds above 0, got {args.until:g}")
    out = Path(args.out)
    inputs = [Path(args.scenario)] if args.scenario and Path(args.scenario).is_file() else []
    try:
        check_output(out, force=args.force, inputs=inputs)
    except RecordingError as exc:
        raise CommandError(str(exc)) from None
    source = open_source(args.source, scenario=args.scenario, seed=args.seed)
    try:
        writer = RecordingWriter(
            out,
            source=source.name,
            description=source.describe(),
            capabilities=[c.value for c in source.capabilities],
            interval=args.interval,
            scenario=args.scenario,
            seed=_seed(source),
            facts=kernel_facts_of(source),
        )
    except RecordingError as exc:
        source.close()
        raise CommandError(str(exc)) from None
    try:
        with _sigterm_as_interrupt():
            if isinstance(source, ClockedSource):
                until = args.until if args.until is not None else _duration(source)
                _record_clocked(source, writer, args.interval, until)
            else:
                _record_live(source, writer, args.interval, args.until)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
    except RecordingError as exc:
        raise CommandError(str(exc)) from None
    finally:
        source.close()
        writer.close()
    sys.stderr.write(
        f"recorded {writer.samples} samples ({format_duration(writer.duration)}) "
        f"to {out} ({format_bytes(writer.file_size())})\n"
    )
    return 0


def _seed(source: Source) -> int | None:
    return source.simulator.seed if isinstance(source, SimulatorSource) else None


def _duration(source: ClockedSource) -> float:
    if isinstance(source, SimulatorSource) and source.simulator.scenario is not None:
        return source.simulator.scenario.duration
    return 60.0


def _reports(source: Source) -> list[JetsamReport]:
    return source.drain_reports() if isinstance(source, _ReportingSource) else []


def _record_clocked(
    source: ClockedSource, writer: RecordingWriter, interval: float, until: float
) -> None:
    """Sample at 0, interval, 2 × interval … until ``until``, as fast as it goes. Each
    step advances to ``k × interval`` from the start, so no rounding builds up."""
    progress = ProgressLine.on_terminal(sys.stderr)
    first = source.sample()
    start = first.time
    writer.add(first, source.drain_events(), _reports(source))
    steps = int(until / interval + 1e-9)
    for k in range(1, steps + 1):
        now = writer.last_time if writer.last_time is not None else start
        source.advance(start + k * interval - now)
        writer.add(source.sample(), source.drain_events(), _reports(source))
        if progress is not None:
            progress.bar(k / steps, f"{format_duration(k * interval)} simulated")
    if progress is not None:
        progress.done()


def _record_live(
    source: Source, writer: RecordingWriter, interval: float, until: float | None
) -> None:
    """Sample every ``interval`` wall seconds until ``until`` or Ctrl-C."""
    progress = ProgressLine.on_terminal(sys.stderr)
    if progress is None:
        sys.stderr.write(f"recording {source.describe()} to {writer.path}; Ctrl-C stops\n")
    started = time.monotonic()
    deadline = None if until is None else started + until
    next_at = started
    while True:
        writer.add(source.sample(), source.drain_events(), _reports(source))
        elapsed = time.monotonic() - started
        if progress is not None:
            progress.text(
                f"recording {format_duration(elapsed)}, {writer.samples} samples, "
                f"{format_bytes(writer.file_size())} — Ctrl-C stops"
            )
        next_at += interval
        if deadline is not None and next_at > deadline + 1e-6:
            break
        time.sleep(max(0.0, next_at - time.monotonic()))
    if progress is not None:
        progress.done()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the recording as Ctrl-C does: the file is closed cleanly."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (tests may call run() from one)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
