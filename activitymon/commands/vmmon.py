"""``activitymon vmmon [--oneshot]``: the kernel's own view of memory pressure, as
Levin's Process Explorer ``vmmon`` shows it.

``--oneshot`` prints ``No pressure, mon!`` at the normal level, else the level. Without
it, each time the free page count drops below the pageout daemon's target
(``vm_pressure_monitor``, §6.1 of the XNU reference) it prints
``Wanted N pages, Reclaimed: M`` — pages still wanted, pages the pageout daemon freed
over the last second — until interrupted. Needs macOS; on Linux ``--oneshot`` gives
the same verdict from PSI.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from activitymon.commands.base import CommandError
from activitymon.model import PressureLevel
from activitymon.sources.linux_psi import PSI_MEMORY, PressureThresholds, level_from_psi, read_psi
from activitymon.sources.macos_calls import CallFailed, DarwinCalls, DarwinLibc
from activitymon.sources.macos_decode import decode_sysctl_int

HELP = (
    "Watch the kernel's memory pressure (vm_pressure_monitor), like Levin's vmmon (macOS); "
    "--oneshot also works on Linux, from PSI."
)

NO_PRESSURE = "No pressure, mon!"


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


def run(args: argparse.Namespace, platform: str = sys.platform) -> int:
    if args.count < 0:
        raise CommandError(f"--count {args.count}: expected 0 (no limit) or more")
    if platform.startswith("linux"):
        if not args.oneshot:
            raise CommandError(
                "vmmon's watch mode needs macOS (vm_pressure_monitor); "
                "on Linux, vmmon --oneshot reads the level from PSI"
            )
        sys.stdout.write(linux_oneshot() + "\n")
        return 0
    if platform != "darwin":
        raise CommandError(f"vmmon needs macOS (this is {platform})")
    try:
        calls = DarwinLibc.load()
    except CallFailed as exc:
        raise CommandError(f"vmmon: {exc}") from None
    return run_with(calls, oneshot=args.oneshot, count=args.count, out=sys.stdout)


def linux_oneshot(psi_path: str = PSI_MEMORY) -> str:
    """The same verdict on Linux, from pressure-stall information with the Linux
    source's thresholds (``/proc/pressure/memory``)."""
    psi = read_psi(psi_path)
    if psi is None:
        raise CommandError(f"vmmon --oneshot: this kernel reports no PSI ({psi_path})")
    level = level_from_psi(psi, PressureThresholds())
    if level is PressureLevel.NORMAL:
        return NO_PRESSURE
    full = "" if psi.full_avg10 is None else f", full avg10 {psi.full_avg10:.2f} %"
    return f"Memory pressure: {level.label} (PSI some avg10 {psi.some_avg10:.2f} %{full})"


def pressure_level(calls: DarwinCalls) -> PressureLevel | None:
    """``kern.memorystatus_vm_pressure_level``, or ``None`` if it cannot be read."""
    name = "kern.memorystatus_vm_pressure_level"
    try:
        return PressureLevel.from_sysctl(decode_sysctl_int(calls.sysctl(name), name))
    except (CallFailed, ValueError):
        return None


def reading_line(wanted: int, reclaimed: int) -> str:
    return f"Wanted {wanted} pages, Reclaimed: {reclaimed}"


def run_with(calls: DarwinCalls, *, oneshot: bool, count: int, out: TextIO) -> int:
    """The command over a function table (a fake in tests)."""
    try:
        if oneshot:
            out.write(_oneshot(calls) + "\n")
            return 0
        done = 0
        while not count or done < count:
            wanted, reclaimed = calls.vm_pressure_monitor(True, 1)
            out.write(reading_line(wanted, reclaimed) + "\n")
            out.flush()
            done += 1
    except CallFailed as exc:
        raise CommandError(f"vmmon: {exc}") from None
    except KeyboardInterrupt:  # the usual way to stop watching
        pass
    return 0


def _oneshot(calls: DarwinCalls) -> str:
    level = pressure_level(calls)
    if level is None:  # no sysctl: ask the pageout daemon whether it wants pages
        wanted, reclaimed = calls.vm_pressure_monitor(False, 1)
        return NO_PRESSURE if wanted == 0 else reading_line(wanted, reclaimed)
    if level is PressureLevel.NORMAL:
        return NO_PRESSURE
    return f"Memory pressure: {level.label}"
