"""``activitymon vmmon [--oneshot]``: the kernel's own view of memory pressure, as
Levin's Process Explorer ``vmmon`` shows it.

``--oneshot`` prints ``No pressure, mon!`` at the normal level, else the level. Without
it, each time the free page count drops below the pageout daemon's target
(``vm_pressure_monitor``, §6.1 of the XNU reference) it prints
``Wanted N pages, Reclaimed: M`` — pages still wanted, pages the pageout daemon freed
over the last second — until interrupted, at most one reading a second. On Linux the
same verdict and the same watch come from PSI (``/proc/pressure/memory``). Both read
through :mod:`activitymon.sources.pressure_probe`, the sources' own code.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TextIO

from activitymon.commands.base import CommandError
from activitymon.model import PressureLevel
from activitymon.sources import SourceError
from activitymon.sources.linux_psi import PSI_MEMORY
from activitymon.sources.pressure_probe import (
    LinuxPressureProbe,
    PressureProbe,
    PressureReading,
    open_pressure_probe,
)

HELP = (
    "Watch the kernel's memory pressure (vm_pressure_monitor on macOS, PSI on Linux), "
    "like Levin's vmmon; at most one line a second."
)

NO_PRESSURE = "No pressure, mon!"
#: the watch loop reads at most once per this many seconds, however fast the kernel answers
WATCH_PERIOD = 1.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--oneshot", action="store_true", help="print the current level once and exit"
    )
    parser.add_argument(
        "--count",
        type=int,
        default=0,
        metavar="N",
        help="stop after N readings (default: until interrupted)",
    )


def run(args: argparse.Namespace, platform: str | None = None) -> int:
    platform = platform or sys.platform
    if args.count < 0:
        raise CommandError(f"--count {args.count}: expected 0 (no limit) or more")
    if platform != "darwin" and not platform.startswith("linux"):
        raise CommandError(f"vmmon needs macOS or Linux (this is {platform})")
    try:
        probe = open_pressure_probe(platform)
    except SourceError as exc:
        raise CommandError(f"vmmon: {exc}") from None
    return run_with(probe, oneshot=args.oneshot, count=args.count, out=sys.stdout)


def linux_oneshot(psi_path: str = PSI_MEMORY) -> str:
    """The verdict on Linux, from pressure-stall information with the Linux source's
    thresholds (``/proc/pressure/memory``)."""
    try:
        return verdict(LinuxPressureProbe(psi_path).read())
    except SourceError as exc:
        raise CommandError(f"vmmon --oneshot: {exc}") from None


def reading_line(wanted: int, reclaimed: int) -> str:
    return f"Wanted {wanted} pages, Reclaimed: {reclaimed}"


def verdict(reading: PressureReading) -> str:
    """One line: "No pressure, mon!" at the normal level, else the level (and the PSI
    figures on Linux; the pageout daemon's reading where the level is unknown)."""
    level = reading.level
    if level is None:
        wanted, reclaimed = reading.wanted_pages or 0, reading.reclaimed_pages or 0
        return NO_PRESSURE if wanted == 0 else reading_line(wanted, reclaimed)
    if level is PressureLevel.NORMAL:
        return NO_PRESSURE
    psi = reading.psi
    if psi is None:
        return f"Memory pressure: {level.label}"
    full = "" if psi.full_avg10 is None else f", full avg10 {psi.full_avg10:.2f} %"
    return f"Memory pressure: {level.label} (PSI some avg10 {psi.some_avg10:.2f} %{full})"


def watch_line(reading: PressureReading) -> str:
    if reading.wanted_pages is not None:
        return reading_line(reading.wanted_pages, reading.reclaimed_pages or 0)
    return verdict(reading)


def run_with(
    probe: PressureProbe,
    *,
    oneshot: bool,
    count: int,
    out: TextIO,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """The command over a probe (over a fake function table in tests).

    Watch mode prints one line per reading and a line when the level changes, and
    reads at most once per :data:`WATCH_PERIOD`: ``vm_pressure_monitor`` returns at once
    while memory is short, which is exactly when a busy loop would hurt most.
    """
    try:
        if oneshot:
            out.write(verdict(probe.read()) + "\n")
            return 0
        done = 0
        level: PressureLevel | None = None
        while not count or done < count:
            started = clock()
            reading = probe.wait()
            if level is not None and reading.level is not None and reading.level != level:
                out.write(f"Pressure level: {level.label} → {reading.level.label}\n")
            level = reading.level or level
            out.write(watch_line(reading) + "\n")
            out.flush()
            done += 1
            rest = WATCH_PERIOD - (clock() - started)
            if rest > 0 and (not count or done < count):
                sleep(rest)
    except SourceError as exc:
        raise CommandError(f"vmmon: {exc}") from None
    except KeyboardInterrupt:  # the usual way to stop watching
        pass
    return 0
