"""The band view's header: who dies next (always named), the key to the blocks, and the
tombstone strip of recent kills with their reasons and times. Every part that means
something is a :class:`HelpRegion`, so hovering (or Shift+F1) explains it from the
glossary. :class:`BandHeaderBar` draws it above the lanes' scroll area: it stays in
place while the lanes scroll."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from activitymon.model import Killed, ProcessInfo, ProcessState, reason_of_report, reason_shown
from activitymon.teaching.terms import GLYPH_TERMS, reason_term
from activitymon.ui.explain import answer_help, current_variant, tooltip
from activitymon.ui.theme import KILL_COLOUR
from activitymon.units import UnitSystem, format_bytes, format_pid

LINE_H = 20.0
STRIP_H = 24.0
#: the victim's line and the key
HEADER_H = 2 * LINE_H + 4
MARGIN = 8.0
MAX_TOMBSTONES = 12
#: (glyph, words, term): the key drawn on the header's second line
KEY: tuple[tuple[str, str, str], ...] = (
    ("", "kill order: top lane first, left to right", "kill-order"),
    ("▭", "next victim", "next-victim"),
    ("▨", "over soft limit", GLYPH_TERMS["▨"]),
    ("■", "≥ 80 % of limit", GLYPH_TERMS["■"]),
    ("", "width ∝ √footprint", "footprint"),
)


@dataclass(frozen=True)
class Tombstone:
    t: float | None
    pid: int
    name: str
    band: str
    #: the reason's one name (its glossary term)
    reason: str
    footprint_bytes: int | None = None
    #: the reason as shown: its name, and a report's own spelling where it differs
    shown: str = ""

    @classmethod
    def of_kill(cls, e: Killed, band_text: str) -> Tombstone:
        return cls(e.t, e.pid, e.name, band_text, e.reason.value, e.footprint_bytes)

    @classmethod
    def of_victim(cls, p: ProcessInfo, band_text: str) -> Tombstone:
        raw = p.kill_reason or ""
        reason = reason_of_report(raw).value if raw else ""
        return cls(None, p.pid, p.name, band_text, reason, p.footprint_bytes, reason_shown(raw))

    def label(self) -> str:
        when = "" if self.t is None else f" · {self.t:.1f} s"
        return f"✕ {self.name} · {self.shown or self.reason}{when}"


class Tombstones:
    """The most recent kills, newest last."""

    def __init__(self) -> None:
        self.items: deque[Tombstone] = deque(maxlen=MAX_TOMBSTONES)

    def add(self, stone: Tombstone) -> None:
        self.items.append(stone)

    def clear(self) -> None:
        self.items.clear()


@dataclass(frozen=True)
class HelpRegion:
    rect: QRectF
    term: str
    #: what this particular thing is (a victim's name, a lane's figures) before the entry
    prefix: str = ""
    pid: int | None = None


def victim_line(
    victim: ProcessInfo | None, reason: str | None, band_text: str, recorded: list[ProcessInfo]
) -> str:
    if victim is not None:
        why = f" — {reason}" if reason else " — first in kill order"
        where = ", ".join(x for x in (f"pid {format_pid(victim.pid)}", band_text) if x)
        return f"Next victim: {victim.name} ({where}){why}"
    if recorded:
        named = ", ".join(f"{p.name} ({reason_shown(p.kill_reason or '')})" for p in recorded[:3])
        more = f" and {len(recorded) - 3} more" if len(recorded) > 3 else ""
        return f"This report recorded {len(recorded)} kill(s): {named}{more}"
    return ""


def first_in_kill_order(lanes: list[tuple[ProcessInfo, ...]]) -> ProcessInfo | None:
    """The head of the lowest lane that is not already being terminated."""
    for procs in lanes:
        for p in procs:
            if ProcessState.TERMINATED not in p.states and p.kill_reason is None:
                return p
    return None


def paint_header(painter: QPainter, rect: QRectF, line: str, pal: QPalette) -> list[HelpRegion]:
    """Line 1: who dies next; line 2: the key. Returns the hoverable parts."""
    regions: list[HelpRegion] = []
    font = painter.font()
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(pal.color(QPalette.ColorRole.WindowText))
    fm = QFontMetrics(font)
    first = QRectF(rect.left(), rect.top(), rect.width(), LINE_H)
    text = fm.elidedText(line, Qt.TextElideMode.ElideRight, int(first.width()))
    painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    if line:
        width = min(float(fm.horizontalAdvance(text)), first.width())
        regions.append(HelpRegion(QRectF(first.left(), first.top(), width, LINE_H), "next-victim"))
    font.setBold(False)
    painter.setFont(font)
    fm = QFontMetrics(font)
    painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
    x = rect.left()
    y = rect.top() + LINE_H
    # limits and their marks are Apple's: a Linux process has no soft limit here
    linux = current_variant() == "linux"
    for glyph, words, term in KEY:
        if linux and glyph in ("▨", "■"):
            continue
        item = f"{glyph} {words}".strip()
        w = float(fm.horizontalAdvance(item))
        if x + w > rect.right():
            break
        box = QRectF(x, y, w, LINE_H)
        if glyph == "▭":
            painter.save()
            painter.setPen(KILL_COLOUR)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, item)
            painter.restore()
        else:
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, item)
        regions.append(HelpRegion(box, term))
        x += w + 14
    return regions


def paint_tombstones(
    painter: QPainter, rect: QRectF, stones: list[Tombstone], pal: QPalette, units: UnitSystem
) -> list[HelpRegion]:
    """``Recent kills:`` then one chip per kill, newest first, as many as fit."""
    regions: list[HelpRegion] = []
    if not stones:
        return regions
    fm = QFontMetrics(painter.font())
    painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
    title = "Recent kills:" if stones[0].t is not None else "Killed in this report:"
    tw = float(fm.horizontalAdvance(title))
    painter.drawText(
        QRectF(rect.left(), rect.top(), tw, STRIP_H),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        title,
    )
    regions.append(HelpRegion(QRectF(rect.left(), rect.top(), tw, STRIP_H), "tombstone"))
    x = rect.left() + tw + 8
    ordered = stones if stones[0].t is None else list(reversed(stones))
    fill = QColor(KILL_COLOUR)
    fill.setAlpha(40)
    for stone in ordered:
        text = stone.label()
        w = float(fm.horizontalAdvance(text)) + 12
        if x + w > rect.right():
            break
        chip = QRectF(x, rect.top() + 2, w, STRIP_H - 4)
        painter.setPen(KILL_COLOUR)
        painter.setBrush(fill)
        painter.drawRoundedRect(chip, 4, 4)
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        size = format_bytes(stone.footprint_bytes, units)
        when = "" if stone.t is None else f" at {stone.t:.1f} s"
        where = ", ".join(x for x in (f"pid {format_pid(stone.pid)}", stone.band, size) if x)
        prefix = f"<b>{stone.name}</b> ({where}) killed{when}: <b>{stone.shown or stone.reason}</b>"
        regions.append(HelpRegion(chip, reason_term(stone.reason), prefix, stone.pid))
        x += w + 6
    return regions


#: what the header shows: the victim's line, the tombstones, the units of sizes
HeaderParts = tuple[str, list[Tombstone], UnitSystem]


class BandHeaderBar(QWidget):
    """The header as its own strip above the lanes; ``parts`` gives what to draw."""

    def __init__(self, parts: Callable[[], HeaderParts], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts = parts
        #: hoverable parts: the victim's line, the key, the tombstones
        self.help_regions: list[HelpRegion] = []
        #: the victim's line as last drawn
        self.header_line = ""
        self.setObjectName("band-header")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._with_strip = False
        self.setFixedHeight(self._height(False))

    @staticmethod
    def _height(strip: bool) -> int:
        return int(MARGIN + HEADER_H + (STRIP_H if strip else 0.0) + 2)

    def refresh(self, has_stones: bool) -> None:
        """Redraw; one line taller while there are tombstones."""
        if has_stones != self._with_strip:
            self._with_strip = has_stones
            self.setFixedHeight(self._height(has_stones))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        line, stones, units = self._parts()
        self.header_line = line
        pal = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        width = self.width() - 2 * MARGIN
        painter.save()
        self.help_regions = paint_header(
            painter, QRectF(MARGIN, MARGIN, width, HEADER_H - 4), line, pal
        )
        painter.restore()
        if stones:
            strip = QRectF(MARGIN, MARGIN + HEADER_H, width, STRIP_H)
            self.help_regions += paint_tombstones(painter, strip, stones, pal, units)
        painter.end()

    def help_at(self, point: QPointF) -> str:
        region = next((r for r in self.help_regions if r.rect.contains(point)), None)
        if region is None:
            return ""
        text = tooltip(region.term)
        return f"<p>{region.prefix}</p>{text}" if region.prefix else text

    def event(self, event: QEvent) -> bool:
        return answer_help(self, event, self.help_at) or super().event(event)
