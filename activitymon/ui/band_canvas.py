"""The jetsam band view's canvas: one lane per occupied band, processes as blocks sized
by footprint in entry order, the next victim outlined with its reason.

Reading top-left to bottom-right is reading the kill order. High-water candidates
are hatched, processes at ≥ 80 % of their limit are drawn in the warning colour,
killed processes fade out over a few ticks. Hover shows details (a block's, or the
glossary entry of a lane title); a click selects the process (``pid_clicked``) and
:meth:`BandCanvas.set_selected_pid` reflects the table's choice. What the header above
it says (who dies next, recent kills) comes from :meth:`BandCanvas.header_parts`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from activitymon.model import (
    Event,
    Killed,
    KillReason,
    ProcessInfo,
    Snapshot,
    band_label,
    band_names,
    band_phrase,
    reason_of_report,
)
from activitymon.ui.band_blocks import Block, block_tooltip, paint_block, paint_lane_title
from activitymon.ui.band_header import (
    MARGIN,
    HeaderParts,
    HelpRegion,
    Tombstone,
    Tombstones,
    first_in_kill_order,
    victim_line,
)
from activitymon.ui.explain import answer_help, tooltip
from activitymon.units import UnitSystem
from activitymon.viewmodel.band_layout import (
    BLOCK_H,
    LANE_PAD,
    FadingBlock,
    age_fading,
    fade_killed,
    kill_order_text,
    place_blocks,
    recorded_victims,
    with_fading,
)
from activitymon.viewmodel.lanes import Lane, LaneGrouping, default_grouping

MIN_LABEL_W = 120.0


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
        age_fading(self._fading)
        if any(isinstance(event, Killed) for event in events):
            _ = self.lanes  # the previous snapshot's lanes: where the victim was
        for event in events:
            if isinstance(event, Killed):
                band = ""
                if event.band is not None and snapshot.era is not None:
                    band = band_phrase(event.band, snapshot.era)
                elif event.pid in self._last:
                    band = self._band_text(self._last[event.pid][0])
                self.tombstones.add(Tombstone.of_kill(event, band))
        fade_killed(self._fading, events, self._last)
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
        total = self._snapshot.memory.total_bytes if self._snapshot is not None else 0
        layout = place_blocks(
            lanes, self._fading, left=x0, usable=width - x0 - MARGIN, top=MARGIN, total_bytes=total
        )
        self._blocks = [
            Block(
                QRectF(b.x, b.y, b.w, b.h),
                b.proc,
                b.lane,
                b.opacity,
                b.killed_reason,
                label_after=b.label_after,
            )
            for b in layout.blocks
        ]
        self.lane_rects = [QRectF(0, top, width, bottom - top) for top, bottom in layout.lane_spans]
        self._lane_regions = [
            HelpRegion(
                QRectF(MARGIN, top + LANE_PAD, self.label_w - 10, BLOCK_H),
                self._lane_terms.get(title, "band"),
            )
            for (top, _), (title, _) in zip(layout.lane_spans, lanes, strict=True)
        ]
        y = layout.height
        self._lane_titles = [title for title, _ in lanes]
        self.setMinimumHeight(int(y + MARGIN))
        self.update()

    def _lanes_with_fading(self) -> list[tuple[str, list[tuple[ProcessInfo, str | None]]]]:
        """The lanes with the recently killed put back where they were (a band the
        kill emptied stays until they have faded)."""
        ordered = with_fading(self.lanes, self._fading)
        self._lane_terms = {lane.title: lane.term for lane in self.lanes}
        self._living = [tuple(p for p, r in entries if r is None) for _, entries in ordered]
        self._killed = [[p for p, r in entries if r is not None] for _, entries in ordered]
        return ordered

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
        return answer_help(self, event, self.help_at) or super().event(event)

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
        return kill_order_text(p, self._snapshot.era if self._snapshot is not None else None)

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self._ensure_layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
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
            living = self._living[i] if i < len(self._living) else ()
            killed = self._killed[i] if i < len(self._killed) else []
            title_box = QRectF(MARGIN, rect.top() + LANE_PAD, self.label_w - 10, BLOCK_H)
            paint_lane_title(
                painter,
                title_box,
                self._lane_titles[i],
                living=living,
                killed=killed,
                units=self.units,
                pal=pal,
            )
        victim = None if self.next_victim is None else self.next_victim[0]
        right = self.width() - MARGIN
        for block in self._blocks:
            paint_block(
                painter, block, victim=victim, selected=self.selected_pid, right=right, pal=pal
            )
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
        return [] if self._snapshot is None else recorded_victims(self._snapshot)

    def _victim_proc(self) -> ProcessInfo | None:
        if self.next_victim is None or self._snapshot is None:
            return None
        return self._snapshot.by_pid.get(self.next_victim[0])
