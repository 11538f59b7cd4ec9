"""The dirty regions of a simulated process, in pages, following its footprint.

Each :class:`~activitymon.sim.process.SimProcess` carries a :class:`RegionLayout`: the
pages of the regions its footprint is made of (the binary's ``__DATA``, the shared
cache's ``__DATA_DIRTY``, ``Stack``, ``MALLOC_TINY`` / ``SMALL`` / ``LARGE`` and, for
apps that draw, ``IOKit``). The kernel resizes it on every footprint change, so what
changed lands where it would on a device:

* a chunk of a growing process, or an allocation of 128 KiB or more, is a new
  ``MALLOC_LARGE`` region (libmalloc hands large blocks their own VM region);
* the small drift of a living process (the kernel's churn) moves ``MALLOC_SMALL``;
* freeing (a response to a warning, the Free control) gives back the newest
  ``MALLOC_LARGE`` regions first, then ``MALLOC_SMALL``, ``MALLOC_TINY`` …

The sum of its parts is the footprint in pages, always. :mod:`activitymon.sim.regions`
turns it into regions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

KIB = 1024
#: libmalloc gives blocks above this their own region (MALLOC_LARGE)
LARGE_MIN_BYTES = 128 * KIB
#: where the first MALLOC_LARGE region starts (after the other zones, sim/regions.py)
LARGE_BASE = 0x53_0000_0000


class Change(enum.Enum):
    """How a footprint changed: where the pages go (or come from)."""

    #: an allocation or a free by the process (Allocate, Free, a response)
    ALLOCATE = "allocate"
    #: one chunk of a growing process
    CHUNK = "chunk"
    #: the small drift of a living process
    CHURN = "churn"


#: (part, share of the first footprint) for apps and for daemons
_APP_SPLIT = (("data", 2), ("data_dirty", 3), ("stack", 1), ("iokit", 22), ("tiny", 8))
_DAEMON_SPLIT = (("data", 4), ("data_dirty", 6), ("stack", 2), ("iokit", 0), ("tiny", 18))
#: where a shrink takes pages from, in order (the newest large regions go first)
_FREE_ORDER = ("large", "small", "tiny", "iokit", "data_dirty", "data", "stack")
_CHURN_FREE_ORDER = ("small", "tiny", "large", "iokit", "data_dirty", "data", "stack")


@dataclass
class LargeRegion:
    address: int
    pages: int


@dataclass
class RegionLayout:
    """The dirty regions of one simulated process, in pages (their sum is its
    footprint in pages, always)."""

    data: int = 0
    data_dirty: int = 0
    stack: int = 0
    iokit: int = 0
    tiny: int = 0
    small: int = 0
    large: list[LargeRegion] = field(default_factory=list)
    #: the sum of the large regions' pages, kept as they change (``pages`` is read on
    #: every footprint change)
    large_pages: int = 0
    next_large: int = 0
    #: the largest purgeable size it held: the purgeable region's virtual size
    purgeable_virtual: int = 0
    laid_out: bool = False

    @property
    def pages(self) -> int:
        return (
            self.data
            + self.data_dirty
            + self.stack
            + self.iokit
            + self.tiny
            + self.small
            + self.large_pages
        )

    def resize(self, pages: int, change: Change, *, page_size: int, is_app: bool) -> None:
        """Follow a footprint change to ``pages``."""
        pages = max(0, pages)
        if not self.laid_out and pages > 0:
            self._lay_out(pages, page_size=page_size, is_app=is_app)
            return
        delta = pages - self.pages
        if delta > 0:
            self._grow(delta, change, page_size)
        elif delta < 0:
            self._shrink(-delta, _CHURN_FREE_ORDER if change is Change.CHURN else _FREE_ORDER)

    def hold_purgeable(self, pages: int) -> None:
        self.purgeable_virtual = max(self.purgeable_virtual, pages)

    def _lay_out(self, pages: int, *, page_size: int, is_app: bool) -> None:
        self.laid_out = True
        self.next_large = LARGE_BASE
        left = pages
        for part, percent in _APP_SPLIT if is_app else _DAEMON_SPLIT:
            share = min(left, pages * percent // 100)
            if part == "stack":
                share = min(left, max(share, 1))  # the main thread's stack is touched
            setattr(self, part, share)
            left -= share
        large = left * 45 // 100 if left * page_size >= 4 * LARGE_MIN_BYTES else 0
        self.small = left - large
        if large:
            self._new_large(large, page_size)

    def _new_large(self, pages: int, page_size: int) -> None:
        self.large.append(LargeRegion(self.next_large, pages))
        self.large_pages += pages
        # the next one starts after this one and a guard page
        self.next_large += (pages + 1) * page_size

    def _grow(self, pages: int, change: Change, page_size: int) -> None:
        if change is Change.CHUNK or (
            change is Change.ALLOCATE and pages * page_size >= LARGE_MIN_BYTES
        ):
            self._new_large(pages, page_size)
        else:
            self.small += pages

    def _shrink(self, pages: int, order: tuple[str, ...]) -> None:
        for part in order:
            if pages <= 0:
                return
            if part == "large":
                while pages > 0 and self.large:
                    newest = self.large[-1]
                    take = min(pages, newest.pages)
                    newest.pages -= take
                    self.large_pages -= take
                    pages -= take
                    if newest.pages == 0:
                        self.large.pop()
                continue
            have = int(getattr(self, part))
            take = min(pages, have)
            setattr(self, part, have - take)
            pages -= take
