"""The jetsam band view: one lane per occupied band, processes as blocks sized by
footprint in entry order, the next victim outlined with its reason.

Reading top-left to bottom-right is reading the kill order. High-water candidates
are hatched, processes at ≥ 80 % of their limit are drawn in the warning colour,
killed processes fade out over a few ticks. Hover shows details; a click selects
the process (``pid_clicked``) and :meth:`set_selected_pid` reflects the table's choice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QScrollArea, QToolTip, QVBoxLayout, QWidget

from activitymon.model import Event, Killed, KillReason, ProcessInfo, ProcessState, Snapshot
from activitymon.ui.band_blocks import Block, FadingBlock, block_tooltip, near_limit, process_size
from activitymon.ui.lanes import Lane, LaneGrouping, default_grouping
from activitymon.ui.theme import KILL_COLOUR, WARN_COLOUR, state_colour
from activitymon.units import UnitSystem, format_bytes

LABEL_W = 200.0
BLOCK_H = 30.0
ROW_GAP = 3.0
LANE_PAD = 5.0
MARGIN = 8.0
HEADER_H = 26.0
MIN_BLOCK_W = 6.0
GAP = 2.0
FADE_TICKS = 4


class BandCanvas(QWidget):
    pid_clicked = Signal(int)
    context_menu_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.grouping: LaneGrouping = default_grouping
        self.units = UnitSystem.BINARY
        self._lanes: list[Lane] = []
        #: (snapshot, grouping) that ``_lanes`` were grouped for: lanes are grouped
        #: lazily, so a hidden band view costs nothing per tick (#16)
        self._grouped: tuple[Snapshot | None, LaneGrouping | None] = (None, None)
        self._blocks: list[Block] = []
        self.lane_rects: list[QRectF] = []
        #: a snapshot arrived while hidden: lay out when next shown or asked
        self._stale = False
        self.next_victim: tuple[int, KillReason] | None = None
        self.selected_pid: int | None = None
        self._fading: dict[int, FadingBlock] = {}
        self._last: dict[int, tuple[ProcessInfo, Lane]] = {}
        self._living: list[tuple[ProcessInfo, ...]] = []
        self._killed: list[int] = []
        self._snapshot: Snapshot | None = None
        self.setMinimumHeight(120)

    # -- data -----------------------------------------------------------------------
    @property
    def lanes(self) -> list[Lane]:
        """The lanes of the newest snapshot, grouped when first asked for."""
        snapshot = self._snapshot
        if snapshot is not None and (
            self._grouped[0] is not snapshot or self._grouped[1] is not self.grouping
        ):
            self._lanes = self.grouping(snapshot)
            self._grouped = (snapshot, self.grouping)
            self._last = {p.pid: (p, lane) for lane in self._lanes for p in lane.processes}
        return self._lanes

    @lanes.setter
    def lanes(self, lanes: list[Lane]) -> None:
        self._lanes = lanes
        self._grouped = (self._snapshot, self.grouping)

    def apply_snapshot(self, snapshot: Snapshot, events: list[Event]) -> None:
        for pid in list(self._fading):
            self._fading[pid].ticks_left -= 1
            if self._fading[pid].ticks_left <= 0:
                del self._fading[pid]
        if any(isinstance(event, Killed) for event in events):
            _ = self.lanes  # the previous snapshot's lanes: where the victim was
        for event in events:
            if isinstance(event, Killed) and event.pid in self._last:
                proc, lane = self._last[event.pid]
                self._fading[event.pid] = FadingBlock(
                    proc, lane.title, lane.order, event.reason.value, FADE_TICKS
                )
        self._snapshot = snapshot
        self.next_victim = snapshot.next_victim
        if self.isVisible():
            self.relayout()
        else:  # a hidden tab: geometry is the costly part, do it when it is seen
            self._stale = True

    def reset(self) -> None:
        self._fading.clear()
        self._last.clear()
        self.lanes = []
        self._blocks = []
        self.next_victim = None
        self._snapshot = None
        self.relayout()

    def set_selected_pid(self, pid: int | None) -> None:
        if pid != self.selected_pid:
            self.selected_pid = pid
            self.update()

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        self.update()

    # -- geometry -------------------------------------------------------------------
    @property
    def blocks(self) -> list[Block]:
        self._ensure_layout()
        return self._blocks

    def _ensure_layout(self) -> None:
        if self._stale:
            self.relayout()

    def showEvent(self, event: QShowEvent) -> None:
        self._ensure_layout()
        super().showEvent(event)

    def relayout(self) -> None:
        self._stale = False
        width = max(300.0, float(self.width()))
        x0 = MARGIN + LABEL_W
        usable = width - x0 - MARGIN
        lanes = self._lanes_with_fading()
        scale = min(
            (
                (usable - GAP * (len(procs) - 1)) / max(1, sum(process_size(p) for p, _ in procs))
                for _, procs in lanes
                if procs
            ),
            default=1.0,
        )
        scale = max(scale, 0.0)
        self._blocks = []
        self.lane_rects = []
        y = MARGIN + HEADER_H
        for i, (_, procs) in enumerate(lanes):
            top = y
            x = x0
            row_y = y + LANE_PAD
            for proc, reason in procs:
                w = max(MIN_BLOCK_W, process_size(proc) * scale)
                if x + w > x0 + usable + 0.5 and x > x0:
                    x = x0
                    row_y += BLOCK_H + ROW_GAP
                rect = QRectF(x, row_y, min(w, usable), BLOCK_H)
                opacity = 1.0
                fading = self._fading.get(proc.pid) if reason is not None else None
                if fading is not None:  # killed just now; a recorded victim stays solid
                    opacity = fading.ticks_left / (FADE_TICKS + 1)
                if (
                    self._blocks
                    and self._blocks[-1].lane == i
                    and self._blocks[-1].rect.top() == row_y
                ):
                    self._blocks[-1].label_after = False
                self._blocks.append(Block(rect, proc, i, opacity, reason, label_after=True))
                x += w + GAP
            y = row_y + BLOCK_H + LANE_PAD
            self.lane_rects.append(QRectF(0, top, width, y - top))
        self._lane_titles = [title for title, _ in lanes]
        self.setMinimumHeight(int(y + MARGIN))
        self.update()

    def _lanes_with_fading(self) -> list[tuple[str, list[tuple[ProcessInfo, str | None]]]]:
        """The lanes with the recently killed put back where they were (a band the
        kill emptied stays until they have faded)."""
        lanes: dict[str, tuple[float, list[tuple[ProcessInfo, str | None]]]] = {
            lane.title: (lane.order, [(p, p.kill_reason) for p in lane.processes])
            for lane in self.lanes
        }
        for fading in self._fading.values():
            _, entries = lanes.setdefault(fading.lane_title, (fading.lane_order, []))
            seq = fading.proc.band_seq
            at = len(entries)
            if seq is not None:
                at = next((k for k, (p, _) in enumerate(entries) if (p.band_seq or 0) > seq), at)
            entries.insert(at, (fading.proc, fading.reason))
        ordered = sorted(lanes.items(), key=lambda item: item[1][0])
        self._living = [tuple(p for p, r in entries if r is None) for _, (_, entries) in ordered]
        self._killed = [sum(r is not None for _, r in entries) for _, (_, entries) in ordered]
        return [(title, entries) for title, (_, entries) in ordered]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    def sizeHint(self) -> QSize:
        return QSize(800, self.minimumHeight())

    # -- queries (tests and the window) -----------------------------------------------
    def block_of(self, pid: int) -> Block | None:
        return next((b for b in self.blocks if b.proc.pid == pid and b.killed_reason is None), None)

    def block_at(self, point: QPointF) -> Block | None:
        return next((b for b in reversed(self.blocks) if b.rect.contains(point)), None)

    def lane_titles(self) -> list[str]:
        self._ensure_layout()
        return list(getattr(self, "_lane_titles", []))

    # -- interaction ------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        if block is not None and block.killed_reason is None:
            self.set_selected_pid(block.proc.pid)
            self.pid_clicked.emit(block.proc.pid)
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        block = self.block_at(QPointF(event.pos()))
        if block is not None and block.killed_reason is None:
            self.set_selected_pid(block.proc.pid)
            self.pid_clicked.emit(block.proc.pid)
            self.context_menu_requested.emit(block.proc.pid, event.globalPos())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at(QPointF(event.pos()))
            if block is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(block), self)
            return True
        return super().event(event)

    def tooltip_for(self, block: Block) -> str:
        return block_tooltip(block, self.next_victim, self.units)

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self._ensure_layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        self._paint_header(painter, text)
        if not self.lane_rects:
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "This source has no jetsam bands"
            )
            return
        alt = pal.color(QPalette.ColorRole.AlternateBase)
        for i, rect in enumerate(self.lane_rects):
            if i % 2:
                painter.fillRect(rect, alt)
            self._paint_lane_title(painter, rect, self._lane_titles[i], i, text)
        for block in self._blocks:
            self._paint_block(painter, block, pal)
        painter.end()

    def _paint_header(self, painter: QPainter, text: QColor) -> None:
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        rect = QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, HEADER_H - 4)
        victim = self._victim_proc()
        recorded = self._recorded_victims()
        if victim is not None and self.next_victim is not None:
            msg = f"Next victim: {victim.name} (pid {victim.pid}) — {self.next_victim[1]}"
        elif recorded:
            named = ", ".join(f"{p.name} ({p.kill_reason})" for p in recorded[:2])
            more = f" and {len(recorded) - 2} more" if len(recorded) > 2 else ""
            msg = f"Killed in this report: {named}{more}"
        elif self.lanes:
            msg = "Next victim: none predicted"
        else:
            msg = ""
        legend = "kill order: top lane first, left to right   ▨ high-water   ■ ≥ 80 % of limit"
        room = rect.width() - QFontMetrics(painter.font()).horizontalAdvance(legend) - 24
        msg = QFontMetrics(painter.font()).elidedText(msg, Qt.TextElideMode.ElideRight, int(room))
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, msg)
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, legend)

    def _recorded_victims(self) -> list[ProcessInfo]:
        """Victims a recorded moment (a jetsam report) names, in kill order."""
        if self._snapshot is None:
            return []
        killed = [p for p in self._snapshot.processes if p.kill_reason is not None]
        return sorted(killed, key=lambda p: p.band_seq if p.band_seq is not None else 0)

    def _victim_proc(self) -> ProcessInfo | None:
        if self.next_victim is None or self._snapshot is None:
            return None
        return self._snapshot.by_pid.get(self.next_victim[0])

    def _paint_lane_title(
        self, painter: QPainter, rect: QRectF, title: str, lane: int, text: QColor
    ) -> None:
        number, _, name = title.partition(" ")
        procs = self._living[lane] if lane < len(self._living) else ()
        total = sum(process_size(p) for p in procs)
        box = QRectF(MARGIN, rect.top() + LANE_PAD, LABEL_W - 10, BLOCK_H)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        fm = QFontMetrics(font)
        line1 = fm.elidedText(
            f"{number}  {name}".strip(), Qt.TextElideMode.ElideRight, int(box.width())
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, line1)
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        detail = f"{len(procs)} · {format_bytes(total, self.units)}"
        killed = self._killed[lane] if lane < len(self._killed) else 0
        if killed:
            detail += f" · {killed} killed"
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, detail)

    def _paint_block(self, painter: QPainter, block: Block, pal: QPalette) -> None:
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
            room = self.width() - rect.right() - MARGIN - 6
            if room > 30:
                label = fm.elidedText(p.name, Qt.TextElideMode.ElideRight, int(room))
                after = QRectF(rect.right() + 6, rect.top(), room, rect.height())
                painter.drawText(after, Qt.AlignmentFlag.AlignVCenter, label)
        is_victim = self.next_victim is not None and self.next_victim[0] == p.pid
        if is_victim and block.killed_reason is None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(KILL_COLOUR, 3))
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)
        if p.pid == self.selected_pid and block.killed_reason is None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), 3, 3)
        painter.restore()


class BandView(QWidget):
    """The canvas in a scroll area."""

    pid_clicked = Signal(int)
    context_menu_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = BandCanvas()
        self.canvas.pid_clicked.connect(self.pid_clicked)
        self.canvas.context_menu_requested.connect(self.context_menu_requested)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

    def apply_snapshot(self, snapshot: Snapshot, events: list[Event]) -> None:
        self.canvas.apply_snapshot(snapshot, events)

    def set_selected_pid(self, pid: int | None) -> None:
        self.canvas.set_selected_pid(pid)
        block = self.canvas.block_of(pid) if pid is not None else None
        if block is not None:
            self.scroll_area.ensureVisible(
                int(block.rect.center().x()), int(block.rect.center().y()), 10, 40
            )

    def set_grouping(self, grouping: LaneGrouping) -> None:
        self.canvas.grouping = grouping

    def set_units(self, units: UnitSystem) -> None:
        self.canvas.set_units(units)

    def reset(self) -> None:
        self.canvas.reset()
