"""A line the watched kernel itself printed or logged about memory: the simulated
device's memorystatus lines (each release's own format), the Linux OOM killer's lines
from the kernel ring buffer, a Mac's memorystatus messages from the unified log."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KernelLogLine:
    #: seconds on the source's clock (simulated seconds for the simulator)
    t: float
    #: the line as the kernel wrote it (no trailing newline)
    text: str
