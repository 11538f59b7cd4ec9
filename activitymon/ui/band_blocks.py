"""Blocks of the band view: what a block is, its size and marks, its hover text."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF

from activitymon.model import KillReason, ProcessInfo, ProcessState, reason_shown
from activitymon.units import MISSING, UnitSystem, format_bytes, format_pid
from activitymon.viewmodel.columns import state_text

NEAR_LIMIT = 0.8


def process_size(proc: ProcessInfo) -> int:
    return proc.footprint_bytes or proc.rss_bytes or 0


def near_limit(proc: ProcessInfo) -> bool:
    limit, size = proc.limit, proc.footprint_bytes
    return (
        limit is not None
        and size is not None
        and limit.bytes > 0
        and size >= NEAR_LIMIT * limit.bytes
    )


@dataclass
class Block:
    rect: QRectF
    proc: ProcessInfo
    lane: int
    #: 1.0 for the living; fades towards 0 for the killed
    opacity: float = 1.0
    killed_reason: str | None = None
    #: too narrow for its name and last in its row: the name is written after it
    label_after: bool = False


@dataclass
class FadingBlock:
    proc: ProcessInfo
    lane_title: str
    lane_order: float
    reason: str
    ticks_left: int


def block_tooltip(
    block: Block, next_victim: tuple[int, KillReason] | None, units: UnitSystem
) -> str:
    """Hover text: what the process is, its limit, and its fate."""
    p, u = block.proc, units
    lines = [f"<b>{p.name}</b> (pid {format_pid(p.pid)})"]
    lines.append(f"footprint {format_bytes(p.footprint_bytes, u)}")
    if p.limit is not None:
        kind = "fatal" if p.limit.fatal else "soft"
        lines.append(
            f"limit {format_bytes(p.limit.bytes, u)} ({kind}), "
            f"headroom {format_bytes(p.headroom_bytes, u)}"
        )
    if p.oom_score_adj is not None:
        lines.append(f"oom_score_adj {p.oom_score_adj}, oom_score {p.oom_score or MISSING}")
    lines.append(f"state {state_text(p)}")
    if block.killed_reason is not None:
        lines.append(f"<b>killed</b>: {reason_shown(block.killed_reason)}")
    elif next_victim and next_victim[0] == p.pid:
        lines.append(f"<b>next victim</b>: {next_victim[1]}")
    if ProcessState.HIGHWATER in p.states:
        lines.append("over its soft limit: a high-water candidate")
    elif near_limit(p):
        lines.append("at ≥ 80 % of its limit")
    return "<br>".join(lines)
