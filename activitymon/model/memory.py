"""System memory statistics, counted in pages as the kernel counts them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MemoryStats:
    """One reading of system memory.

    Every count is in pages of ``page_size`` bytes, as ``host_statistics64`` and the
    jetsam reports give them. A count a source cannot know is ``None`` (shown as "—"),
    never a made-up 0.

    ``compressor_pages`` is the physical pages the compressor occupies;
    ``compressed_pages`` is the pages of data it holds (``uncompressed`` in reports).
    """

    page_size: int
    total_pages: int
    free_pages: int | None = None
    active_pages: int | None = None
    inactive_pages: int | None = None
    speculative_pages: int | None = None
    #: anonymous pages no pager can take (iOS 6/7 without a compressor)
    throttled_pages: int | None = None
    wired_pages: int | None = None
    purgeable_pages: int | None = None
    file_backed_pages: int | None = None
    anonymous_pages: int | None = None
    compressor_pages: int | None = None
    compressed_pages: int | None = None
    swap_total_bytes: int | None = None
    swap_used_bytes: int | None = None
    #: ``memorystatus_available_pages`` (iOS) or the source's nearest counterpart.
    available_pages: int | None = None
    #: "Memory Used" as the source's own kernel defines it (Linux: MemTotal −
    #: MemAvailable); ``None`` where it is app + wired + compressor (macOS, iOS)
    memory_used_pages: int | None = None

    @property
    def total_bytes(self) -> int:
        return self.total_pages * self.page_size

    def bytes_of(self, pages: int | None) -> int | None:
        """Convert a page count of this reading into bytes, keeping ``None``."""
        return None if pages is None else pages * self.page_size

    @property
    def used_pages(self) -> int | None:
        """Pages not free: total − free (Activity Monitor's "Memory Used" is computed
        differently; see :meth:`app_pages`)."""
        return None if self.free_pages is None else self.total_pages - self.free_pages

    @property
    def app_pages(self) -> int | None:
        """Activity Monitor's "App Memory": anonymous pages less purgeable ones."""
        if self.anonymous_pages is None:
            return None
        return max(0, self.anonymous_pages - (self.purgeable_pages or 0))

    @property
    def shown_used_pages(self) -> int | None:
        """ "Memory Used" as the memory panel shows it: the source's own figure where it
        has one (:attr:`memory_used_pages`), else app + wired + compressor as
        Activity Monitor adds them."""
        if self.memory_used_pages is not None:
            return self.memory_used_pages
        if self.app_pages is None or self.wired_pages is None:
            return None
        return self.app_pages + self.wired_pages + (self.compressor_pages or 0)


@dataclass(frozen=True, slots=True)
class JetsamThresholds:
    """The available-page thresholds at which the iOS jetsam thread acts (§4.3)."""

    soft_pages: int
    idle_pages: int
    critical_pages: int
    #: pressure-level threshold (compressor-relative), when it is expressed in pages
    warn_pages: int | None = None


@dataclass(frozen=True, slots=True)
class PressureStall:
    """Linux pressure-stall information for memory (``/proc/pressure/memory``).

    Averages are percentages of wall time over 10 s, 60 s and 300 s; totals are µs.
    ``full_*`` is ``None`` on kernels that report only ``some``.
    """

    some_avg10: float
    some_avg60: float
    some_avg300: float
    some_total_us: int
    full_avg10: float | None = None
    full_avg60: float | None = None
    full_avg300: float | None = None
    full_total_us: int | None = None


@dataclass(frozen=True, slots=True)
class StallThresholds:
    """Where a PSI-driven pressure level begins, in percent of wall time over 10 s
    (``avg10``): the lines the Linux graph draws over its PSI curves."""

    warn_some: float
    critical_some: float
    critical_full: float
