"""What the Kernel log view says about its lines, by source (Qt-free), and how a line
is shown."""

from __future__ import annotations

from activitymon.model import KernelFacts, KernelLogLine
from activitymon.sources import Capability, SourceKind

NONE = (
    "This source has no kernel log: a jetsam report or a recording keeps the kills, not "
    "the lines the kernel printed."
)


def kernel_log_intro(
    kind: SourceKind | None, facts: KernelFacts | None, capabilities: frozenset[Capability]
) -> str:
    """One paragraph above the lines: whose log, in what format, on which clock."""
    if Capability.KERNEL_LOG not in capabilities:
        return NONE
    if kind is SourceKind.SIMULATOR:
        release = facts.release if facts is not None and facts.release else "its release"
        os_name = facts.os_name if facts is not None and facts.os_name else "the device"
        return (
            f"What {os_name}'s kernel ({release}) writes to its log when memorystatus "
            "kills a process or a process crosses its memory limit, in that release's own "
            "format (bsd/kern/kern_memorystatus.c "
            "at its tag). The first column is simulated seconds; where a line starts with "
            "a number of its own, that is the kernel's seconds since boot."
        )
    if kind is SourceKind.LINUX:
        return (
            "The Linux kernel's OOM-killer lines, read from its ring buffer (/dev/kmsg, "
            "or dmesg where that cannot be opened) as they are logged. The first column is "
            "seconds since the window started watching."
        )
    if kind is SourceKind.MACOS:
        return (
            "memorystatus messages from the unified log (log show --predicate 'sender == "
            '"kernel" AND eventMessage CONTAINS "memorystatus"\'), read every few '
            "seconds. The first column is seconds since the window started watching."
        )
    return NONE


def format_line(line: KernelLogLine) -> str:
    """``  17.005  memorystatus: jetsam killing pid …``: the time, then the line."""
    return f"{line.t:9.3f}  {line.text}"
