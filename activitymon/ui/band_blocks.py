"""Blocks of the band view: what a block is, its marks, its hover text, how it and its
lane's title are painted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QPen

from activitymon.model import KillReason, ProcessInfo, ProcessState, reason_shown, used_fraction
from activitymon.ui.theme import KILL_COLOUR, WARN_COLOUR, state_colour
from activitymon.units import MISSING, UnitSystem, format_bytes, format_pid
from activitymon.viewmodel.band_layout import process_size
from activitymon.viewmodel.columns import state_text

NEAR_LIMIT = 0.8


def near_limit(proc: ProcessInfo) -> bool:
    """At or above 80 % of the limit that applies (``model.used_fraction``)."""
    used = used_fraction(proc)
    return used is not None and used >= NEAR_LIMIT


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


def paint_lane_title(
    painter: QPainter,
    box: QRectF,
    title: str,
    *,
    living: Sequence[ProcessInfo],
    killed: Sequence[ProcessInfo],
    units: UnitSystem,
    pal: QPalette,
) -> None:
    """The band in bold; under it how many live there and their size, and what the
    kills in it freed."""
    number, _, name = title.partition(" ")
    total = sum(process_size(p) for p in living)
    font = painter.font()
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(pal.color(QPalette.ColorRole.WindowText))
    line1 = f"{number}  {name}".strip()
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, line1)
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
    detail = f"{len(living)} · {format_bytes(total, units)}"
    if killed:  # the victims' sizes: what their deaths freed
        freed = sum(process_size(p) for p in killed)
        detail += f" · {len(killed)} killed ({format_bytes(freed, units)})"
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, detail)


def paint_block(
    painter: QPainter,
    block: Block,
    *,
    victim: int | None,
    selected: int | None,
    right: float,
    pal: QPalette,
) -> None:
    """A process: its state's colour (the warning colour near its limit, red when
    killed), hatched over its soft limit, its name inside or after it, the next
    victim outlined, the selection dashed. ``right``: where a name after it must end."""
    p = block.proc
    painter.save()
    painter.setOpacity(block.opacity)
    rect = block.rect.adjusted(0.5, 0.5, -0.5, -0.5)
    fill = state_colour(p.states)
    if near_limit(p):
        fill = QColor(WARN_COLOUR)
    if block.killed_reason is not None:
        fill = QColor(KILL_COLOUR)
    painter.setPen(QPen(fill.darker(140), 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 3, 3)
    if ProcessState.HIGHWATER in p.states:
        painter.setBrush(QBrush(fill.darker(170), Qt.BrushStyle.BDiagPattern))
        painter.drawRoundedRect(rect, 3, 3)
    if rect.width() > 28:
        painter.setPen(QColor(255, 255, 255) if fill.lightness() < 150 else QColor(0, 0, 0))
        fm = QFontMetrics(painter.font())
        label = p.name if block.killed_reason is None else f"✕ {p.name}"
        label = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(rect.width() - 6))
        painter.drawText(rect.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter, label)
    elif block.label_after:
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        fm = QFontMetrics(painter.font())
        room = right - rect.right() - 6
        if room > 30:
            label = fm.elidedText(p.name, Qt.TextElideMode.ElideRight, int(room))
            after = QRectF(rect.right() + 6, rect.top(), room, rect.height())
            painter.drawText(after, Qt.AlignmentFlag.AlignVCenter, label)
    alive = block.killed_reason is None
    if alive and victim == p.pid:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(KILL_COLOUR, 3))
        painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)
    if alive and p.pid == selected:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), 3, 3)
    painter.restore()
