"""The jetsam band view: one lane per occupied band, processes as blocks sized by
footprint in entry order, the next victim outlined with its reason.

Reading top-left to bottom-right is reading the kill order. High-water candidates
are hatched, processes at ≥ 80 % of their limit are drawn in the warning colour,
killed processes fade out over a few ticks. Hover shows details; a click selects
the process (``pid_clicked``) and :meth:`set_selected_pid` reflects the table's choice.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QScrollArea, QToolTip, QVBoxLayout, QWhatsThis, QWidget

from activitymon.model import (
    Event,
    Killed,
    KillReason,
    ProcessInfo,
    ProcessState,
    Snapshot,
    band_label,
    band_names,
    reason_of_report,
)
from activitymon.ui.band_blocks import Block, FadingBlock, block_tooltip, near_limit, process_size
from activitymon.ui.band_header import (
    MARGIN,
    BandHeaderBar,
    HeaderParts,
    HelpRegion,
    Tombstone,
    Tombstones,
    first_in_kill_order,
    victim_line,
)
from activitymon.ui.explain import tooltip
from activitymon.ui.theme import KILL_COLOUR, WARN_COLOUR, state_colour
from activitymon.units import UnitSystem, format_bytes
from activitymon.viewmodel.lanes import Lane, LaneGrouping, default_grouping

MIN_LABEL_W = 120.0
BLOCK_H = 30.0
ROW_GAP = 3.0
LANE_PAD = 5.0
MIN_BLOCK_W = 6.0
GAP = 2.0
FADE_TICKS = 4


def block_width(size: int, total_bytes: int, usable: float) -> float:
    """A scale that holds still from tick to tick: the width grows with the square root
    of the footprint against the device's physical memory (a full row is all of it), so
    a 3 GB game and an 8 MB daemon are both readable and neither rescales the other."""
    if total_bytes <= 0 or size <= 0:
        return MIN_BLOCK_W
    return max(MIN_BLOCK_W, min(usable, usable * math.sqrt(size / total_bytes)))


class BandCanvas(QWidget):
    pid_clicked = Signal(int)
    context_menu_requested = Signal(int, QPoint)
    #: a block double-clicked, or Enter on the selected one: inspect its process
    pid_activated = Signal(int)

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
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Enter inspects the selection
        self._fading: dict[int, FadingBlock] = {}
        self._last: dict[int, tuple[ProcessInfo, Lane]] = {}
        self._living: list[tuple[ProcessInfo, ...]] = []
        self._killed: list[list[ProcessInfo]] = []
        self._snapshot: Snapshot | None = None
        self.tombstones = Tombstones()
        self.label_w = MIN_LABEL_W
        #: hoverable lane titles (the header's parts are the header bar's)
        self._lane_regions: list[HelpRegion] = []
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
            if isinstance(event, Killed):
                band = ""
                if event.band is not None and snapshot.era is not None:
                    band = f"band {band_label(event.band, snapshot.era)}"
                elif event.pid in self._last:
                    band = self._band_text(self._last[event.pid][0])
                self.tombstones.add(Tombstone.of_kill(event, band))
            if isinstance(event, Killed) and event.pid in self._last:
                proc, lane = self._last[event.pid]
                if event.footprint_bytes is not None:
                    # one footprint per kill: the one it died with, as the event,
                    # the narration and the report say (not the sample before)
                    proc = replace(proc, footprint_bytes=event.footprint_bytes)
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
        self.tombstones.clear()
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
        lanes = self._lanes_with_fading()
        titles = [title for title, _ in lanes]
        era = self._snapshot.era if self._snapshot is not None else None
        if era is not None:  # every name the era could show: the scale holds still
            titles += [band_label(b, era) for b in band_names(era)]
        self.label_w = self._label_width(titles)
        x0 = MARGIN + self.label_w
        usable = width - x0 - MARGIN
        total = self._snapshot.memory.total_bytes if self._snapshot is not None else 0
        self._blocks = []
        self.lane_rects = []
        self._lane_regions = []
        y = MARGIN
        for i, (_, procs) in enumerate(lanes):
            top = y
            x = x0
            row_y = y + LANE_PAD
            for proc, reason in procs:
                w = block_width(process_size(proc), total, usable)
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
            box = QRectF(MARGIN, top + LANE_PAD, self.label_w - 10, BLOCK_H)
            self._lane_regions.append(HelpRegion(box, self._lane_terms.get(lanes[i][0], "band")))
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
        self._lane_terms = {lane.title: lane.term for lane in self.lanes}
        self._living = [tuple(p for p, r in entries if r is None) for _, (_, entries) in ordered]
        self._killed = [[p for p, r in entries if r is not None] for _, (_, entries) in ordered]
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

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Inspect the block's process (a tombstone's too: its inspector keeps it)."""
        block = self.block_at(event.position())
        if block is not None:
            self.pid_activated.emit(block.proc.pid)
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_pid is not None:
            self.pid_activated.emit(self.selected_pid)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        block = self.block_at(QPointF(event.pos()))
        if block is not None and block.killed_reason is None:
            self.set_selected_pid(block.proc.pid)
            self.pid_clicked.emit(block.proc.pid)
            self.context_menu_requested.emit(block.proc.pid, event.globalPos())

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.QueryWhatsThis:
            event.setAccepted(bool(self.help_at(QPointF(event.pos()))))  # type: ignore[attr-defined]
            return True
        if kind in (QEvent.Type.ToolTip, QEvent.Type.WhatsThis) and isinstance(event, QHelpEvent):
            text = self.help_at(QPointF(event.pos()))
            if kind == QEvent.Type.WhatsThis:
                if text:
                    QWhatsThis.showText(event.globalPos(), text, self)
            elif text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_for(self, block: Block) -> str:
        text = block_tooltip(block, self.next_victim, self.units)
        if block.killed_reason is not None:
            text += "<hr>" + tooltip(reason_of_report(block.killed_reason).value)
        return text

    def region_at(self, point: QPointF) -> HelpRegion | None:
        return next((r for r in self._lane_regions if r.rect.contains(point)), None)

    def help_at(self, point: QPointF) -> str:
        """What hovering (or What's This) at ``point`` explains: a block's details, or
        the glossary entry of a lane title, a key glyph or a tombstone."""
        block = self.block_at(point)
        if block is not None:
            return self.tooltip_for(block)
        region = self.region_at(point)
        if region is None:
            return ""
        text = tooltip(region.term)
        return f"<p>{region.prefix}</p>{text}" if region.prefix else text

    def lane_title_tooltip(self, lane: int) -> str:
        self._ensure_layout()
        return tooltip(self._lane_regions[lane].term)

    def _label_width(self, titles: list[str]) -> float:
        """Wide enough for the longest lane title in bold: titles are never cut."""
        font = self.font()
        font.setBold(True)
        fm = QFontMetrics(font)
        widest = max((fm.horizontalAdvance(t.replace(" ", "  ", 1)) for t in titles), default=0)
        return max(MIN_LABEL_W, float(widest) + 18)

    def stones(self) -> list[Tombstone]:
        if self.tombstones.items:
            return list(self.tombstones.items)
        return [Tombstone.of_victim(p, self._band_text(p)) for p in self._recorded_victims()]

    def _band_text(self, p: ProcessInfo) -> str:
        """Where the process stands in kill order: ``band 0 IDLE`` on Apple systems,
        ``oom_score_adj 200`` on Linux, empty where the source does not say."""
        era = self._snapshot.era if self._snapshot is not None else None
        if p.band is not None and era is not None:
            return f"band {band_label(p.band, era)}"
        if p.oom_score_adj is not None:
            return f"oom_score_adj {p.oom_score_adj}"
        return ""

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self._ensure_layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
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

    @property
    def header_line(self) -> str:
        """Who dies next (or what the report recorded): the header's first line."""
        victim = self._victim_proc()
        reason = self.next_victim[1].value if self.next_victim is not None else None
        if victim is None and self._snapshot is not None and not self._recorded_victims():
            victim = first_in_kill_order(self._living)
            reason = None
        band = self._band_text(victim) if victim is not None else ""
        line = victim_line(victim, reason, band, self._recorded_victims())
        if not line and self.lanes:
            line = "Next victim: none (no process jetsam may kill)"
        return line

    def header_parts(self) -> HeaderParts:
        """What the header bar draws: the victim's line, the tombstones, the units."""
        self._ensure_layout()
        return self.header_line, self.stones(), self.units

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
        box = QRectF(MARGIN, rect.top() + LANE_PAD, self.label_w - 10, BLOCK_H)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        line1 = f"{number}  {name}".strip()
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, line1)
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        detail = f"{len(procs)} · {format_bytes(total, self.units)}"
        killed = self._killed[lane] if lane < len(self._killed) else []
        if killed:  # the victims' sizes: what their deaths freed
            freed = sum(process_size(p) for p in killed)
            detail += f" · {len(killed)} killed ({format_bytes(freed, self.units)})"
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
    #: a block double-clicked, or Enter on the selected one: inspect its process
    pid_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = BandCanvas()
        self.canvas.pid_clicked.connect(self.pid_clicked)
        self.canvas.context_menu_requested.connect(self.context_menu_requested)
        self.canvas.pid_activated.connect(self.pid_activated)
        #: who dies next, the key, recent kills: in place while the lanes scroll
        self.header = BandHeaderBar(self.canvas.header_parts)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll_area, 1)

    def apply_snapshot(self, snapshot: Snapshot, events: list[Event]) -> None:
        self.canvas.apply_snapshot(snapshot, events)
        self.header.refresh(bool(self.canvas.stones()))

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
        self.header.update()

    def reset(self) -> None:
        self.canvas.reset()
        self.header.refresh(bool(self.canvas.stones()))
