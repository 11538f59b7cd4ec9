"""``simulate --kernel-log PATH|-``: the simulated kernel's own log lines as text.

Each line is ``<seconds>\\t<line>``: the simulated time with three decimals (kills in a
pass are 5 ms apart), a tab, then the line exactly as the device's XNU release formats
it (``sim/kernel_log.py``; names from scenario files escaped for a terminal).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from activitymon.commands.outputs import text_target, write_text
from activitymon.model import KernelLogLine
from activitymon.terminal import clean

#: the first line of a kernel log file (an empty file is ours too)
_KERNEL_LOG_LINE = re.compile(rb"^\d+\.\d{3}\t\S")


def looks_like_kernel_log(start: bytes) -> bool:
    """An activitymon kernel log file: ``<seconds>\\t<line>`` lines."""
    return _KERNEL_LOG_LINE.match(start) is not None


def kernel_log_target(args: argparse.Namespace, inputs: Iterable[Path]) -> Path | str | None:
    """``-`` for stdout, the checked output path, or ``None`` without ``--kernel-log``."""
    return text_target(
        args.kernel_log,
        option="--kernel-log",
        inputs=inputs,
        ours=looks_like_kernel_log,
        force=args.force,
    )


def render_kernel_log(lines: Sequence[KernelLogLine]) -> str:
    return "".join(f"{line.t:.3f}\t{clean(line.text)}\n" for line in lines)


def write_kernel_log(lines: Sequence[KernelLogLine], target: Path | str) -> None:
    write_text(render_kernel_log(lines), target, option="--kernel-log")
