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

from activitymon.commands.base import EXIT_FAILED, EXIT_USAGE, CommandError
from activitymon.commands.options import MAX_SIM_SECONDS, MAX_WALL_SECONDS, seconds
from activitymon.commands.progress import ProgressLine
from activitymon.model import JetsamReport
from activitymon.recording import (
    SUFFIX,
    RecordingError,
    RecordingWriteError,
    RecordingWriter,
    check_output,
)
from activitymon.sources import ClockedSource, Source, SourceKind, kernel_facts_of, open_source
from activitymon.sources.sim import SimulatorSource
from activitymon.terminal import clean
from activitymon.units import format_bytes, format_duration

HELP = "Record a source (the simulator, or this machine live) into an .amrec file."

RECORD_SOURCES = (
    "auto",
    SourceKind.SIMULATOR.value,
    SourceKind.MACOS.value,
    SourceKind.LINUX.value,
)
DEFAULT_INTERVAL_S = 1.0
#: the shortest and longest time between samples
MIN_INTERVAL_S = 0.001
MAX_INTERVAL_S = 3600.0
#: the most samples one run may take (a day at 0.1 s is 864,000)
MAX_RECORD_SAMPLES = 1_000_000


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
        type=seconds(MIN_INTERVAL_S, MAX_INTERVAL_S),
        default=DEFAULT_INTERVAL_S,
        metavar="S",
        help=f"seconds between samples (default {DEFAULT_INTERVAL_S:g}; "
        f"{MIN_INTERVAL_S:g} to {MAX_INTERVAL_S:g})",
    )
    parser.add_argument(
        "--until",
        type=seconds(0, MAX_WALL_SECONDS, above=True),
        metavar="SECONDS",
        help="stop after this long (simulator default: the scenario's duration, at most "
        f"{MAX_SIM_SECONDS:g}; live default: until Ctrl-C, at most {MAX_WALL_SECONDS:g}); "
        f"--until / --interval at most {MAX_RECORD_SAMPLES:,} samples",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite OUT even if it is not a recording"
    )


def _command_error(exc: RecordingError) -> CommandError:
    """A write that could not be done (a full disk, another writer) exits 1; a bad
    target (a device, an input of the run) 2."""
    status = EXIT_FAILED if isinstance(exc, RecordingWriteError) else EXIT_USAGE
    return CommandError(str(exc), status)


def _check_samples(until: float | None, interval: float) -> None:
    if until is not None and until / interval > MAX_RECORD_SAMPLES:
        raise CommandError(
            f"--until {until:g} at --interval {interval:g} would take "
            f"{until / interval:,.0f} samples; at most {MAX_RECORD_SAMPLES:,} "
            "(give a longer --interval or a shorter --until)"
        )


def run(args: argparse.Namespace) -> int:
    _check_samples(args.until, args.interval)
    out = Path(args.out)
    inputs = [Path(args.scenario)] if args.scenario and Path(args.scenario).is_file() else []
    try:
        check_output(out, force=args.force, inputs=inputs)
    except RecordingError as exc:
        raise _command_error(exc) from None
    source = open_source(args.source, scenario=args.scenario, seed=args.seed)
    if isinstance(source, ClockedSource):
        until = args.until if args.until is not None else _duration(source)
        if until > MAX_SIM_SECONDS:
            source.close()
            raise CommandError(
                f"--until: expected simulated seconds above 0 to {MAX_SIM_SECONDS:g}, got {until:g}"
            )
        _check_samples(until, args.interval)
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
            command=f"activitymon record {out.name}",
        )
    except RecordingError as exc:
        source.close()
        raise _command_error(exc) from None
    try:
        with _sigterm_as_interrupt():
            if isinstance(source, ClockedSource):
                _record_clocked(source, writer, args.interval, until)
            else:
                _record_live(source, writer, args.interval, args.until)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
    except RecordingError as exc:
        raise _command_error(exc) from None
    finally:
        source.close()
        try:
            writer.close()
        except RecordingError as exc:
            raise _command_error(exc) from None
    sys.stderr.write(
        f"recorded {writer.samples} samples ({format_duration(writer.duration)}) "
        f"to {clean(out)} ({format_bytes(writer.file_size())})\n"
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
