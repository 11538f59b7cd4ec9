"""The band view's layout without Qt: which blocks go in which lane, where, how wide,
and how the recently killed fade.

Lanes come from a grouping (``lanes.py``); a process just killed is put back where it
was, faded, for :data:`FADE_TICKS` ticks (a lane the kill emptied stays until then).
Blocks run left to right in entry order and wrap within the lane; a block's width
grows with the square root of its footprint against the device's memory, so the scale
holds still from tick to tick. ``ui/band_view.py`` measures the titles and paints.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from activitymon.model import Era, Event, Killed, ProcessInfo, Snapshot, band_phrase
from activitymon.viewmodel.lanes import Lane

#: ticks a killed process stays on screen, fading
FADE_TICKS = 4
BLOCK_H = 30.0
ROW_GAP = 3.0
LANE_PAD = 5.0
MIN_BLOCK_W = 6.0
GAP = 2.0

#: a lane's blocks: each process with the reason it was killed (``None``: alive)
Entries = list[tuple[ProcessInfo, str | None]]


@dataclass
class FadingBlock:
    """A process killed a few ticks ago, shown where it was."""

    proc: ProcessInfo
    lane_title: str
    lane_order: float
    reason: str
    ticks_left: int

    @property
    def opacity(self) -> float:
        return self.ticks_left / (FADE_TICKS + 1)


def age_fading(fading: dict[int, FadingBlock]) -> None:
    """One tick later: every fading block one step fainter, the faded gone."""
    for pid in list(fading):
        fading[pid].ticks_left -= 1
        if fading[pid].ticks_left <= 0:
            del fading[pid]


def fade_killed(
    fading: dict[int, FadingBlock],
    events: Sequence[Event],
    last: Mapping[int, tuple[ProcessInfo, Lane]],
) -> None:
    """Start fading each process these events killed, in the lane it was last seen,
    with the footprint it died with (as the event, the narration and the report say)."""
    for event in events:
        if isinstance(event, Killed) and event.pid in last:
            proc, lane = last[event.pid]
            if event.footprint_bytes is not None:
                proc = replace(proc, footprint_bytes=event.footprint_bytes)
            fading[event.pid] = FadingBlock(
                proc, lane.title, lane.order, event.reason.value, FADE_TICKS
            )


def with_fading(
    lanes: Sequence[Lane], fading: Mapping[int, FadingBlock]
) -> list[tuple[str, Entries]]:
    """The lanes in order with the recently killed put back in entry order (by
    ``band_seq``); a recorded victim (a report's) keeps its own kill reason."""
    by_title: dict[str, tuple[float, Entries]] = {
        lane.title: (lane.order, [(p, p.kill_reason) for p in lane.processes]) for lane in lanes
    }
    for fade in fading.values():
        _, entries = by_title.setdefault(fade.lane_title, (fade.lane_order, []))
        seq = fade.proc.band_seq
        at = len(entries)
        if seq is not None:
            at = next((k for k, (p, _) in enumerate(entries) if (p.band_seq or 0) > seq), at)
        entries.insert(at, (fade.proc, fade.reason))
    ordered = sorted(by_title.items(), key=lambda item: item[1][0])
    return [(title, entries) for title, (_, entries) in ordered]


def process_size(proc: ProcessInfo) -> int:
    return proc.footprint_bytes or proc.rss_bytes or 0


def block_width(size: int, total_bytes: int, usable: float) -> float:
    """A scale that holds still from tick to tick: the width grows with the square root
    of the footprint against the device's physical memory (a full row is all of it), so
    a 3 GB game and an 8 MB daemon are both readable and neither rescales the other."""
    if total_bytes <= 0 or size <= 0:
        return MIN_BLOCK_W
    return max(MIN_BLOCK_W, min(usable, usable * math.sqrt(size / total_bytes)))


@dataclass
class Placed:
    """Where one block goes (x, y, width, height in pixels) and how it is drawn."""

    x: float
    y: float
    w: float
    h: float
    proc: ProcessInfo
    lane: int
    opacity: float = 1.0
    killed_reason: str | None = None
    #: too narrow for its name and last in its row: the name is written after it
    label_after: bool = False


@dataclass
class Layout:
    blocks: list[Placed]
    #: each lane's (top, bottom)
    lane_spans: list[tuple[float, float]]
    #: the height everything needs
    height: float


def place_blocks(
    lanes: Sequence[tuple[str, Entries]],
    fading: Mapping[int, FadingBlock],
    *,
    left: float,
    usable: float,
    top: float,
    total_bytes: int,
) -> Layout:
    """Every block's place: lanes one under the other from ``top``, blocks from
    ``left`` across ``usable`` pixels, wrapping into new rows within their lane."""
    blocks: list[Placed] = []
    spans: list[tuple[float, float]] = []
    y = top
    for i, (_, entries) in enumerate(lanes):
        lane_top, x, row_y = y, left, y + LANE_PAD
        for proc, reason in entries:
            w = block_width(process_size(proc), total_bytes, usable)
            if x + w > left + usable + 0.5 and x > left:
                x = left
                row_y += BLOCK_H + ROW_GAP
            opacity = 1.0
            fade = fading.get(proc.pid) if reason is not None else None
            if fade is not None:  # killed just now; a recorded victim stays solid
                opacity = fade.opacity
            if blocks and blocks[-1].lane == i and blocks[-1].y == row_y:
                blocks[-1].label_after = False
            blocks.append(Placed(x, row_y, min(w, usable), BLOCK_H, proc, i, opacity, reason, True))
            x += w + GAP
        y = row_y + BLOCK_H + LANE_PAD
        spans.append((lane_top, y))
    return Layout(blocks, spans, y)


def kill_order_text(p: ProcessInfo, era: Era | None) -> str:
    """Where the process stands in kill order: ``band 0 IDLE`` on Apple systems,
    ``priority 16 SUSPENDED_APP (est.)`` on iOS 6's list, ``oom_score_adj 200`` on
    Linux, empty where the source does not say."""
    if p.band is not None and era is not None:
        return band_phrase(p.band, era)
    if p.oom_score_adj is not None:
        return f"oom_score_adj {p.oom_score_adj}"
    return ""


def recorded_victims(snapshot: Snapshot) -> list[ProcessInfo]:
    """Victims a recorded moment (a jetsam report) names, in kill order."""
    killed = [p for p in snapshot.processes if p.kill_reason is not None]
    return sorted(killed, key=lambda p: p.band_seq if p.band_seq is not None else 0)
