"""The device's physical pages: a small stateful model of the VM.

State, in pages: anonymous data ``A`` (the sum of footprints; compressed data counts
fully, as in ``phys_footprint``, §3.1), volatile purgeable ``P``, compressed data ``U``
(part of ``A``), file cache ``F``, wired ``W``. The compressor occupies
``C = ceil(U / ratio)`` pages; resident anonymous pages are ``R = A − U``; free pages are
what is left, so free + resident + purgeable + file + wired + compressor = total, always.

When an allocation leaves fewer than ``free_target`` free pages the VM reclaims, in
this order (a simplification of ``vm_pageout_scan``; see docs/SIMULATOR.md):

1. compress anonymous memory (taking a little file cache as it goes) until the
   compressor reaches its *comfort* size, just past the Warning level of §4.2;
2. evict file cache down to its floor, ``ANC · 10 / 70`` while the compressor takes
   data (``vps_calculate_filecache_min``), the profile's minimum without one;
3. compress the rest of the anonymous data — so the compressor fills and the level
   reaches Critical before available pages fall to the jetsam thresholds;
4. let free pages fall below the target;
5. purge volatile purgeable memory (through ``purge_hook``);
6. evict the last file pages; what still does not fit is not granted (the allocating
   thread waits for jetsam).

Without a compressor resident anonymous pages are counted on the throttled queue (no
pager can take them), as in the iOS 6/7 reports.

Freed memory goes back to the free list at once. Once a second (:meth:`relax`) the
file cache refills and compressed pages are paged back in while free pages are
plentiful.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from activitymon.model import Era
from activitymon.sim.rules import rules_for
from activitymon.sim.xnu import CompressorDivisors

if TYPE_CHECKING:
    from activitymon.sim.profiles import DeviceProfile

FILE_SHARE_WHILE_COMPRESSING = 0.05
#: ``vm_page_filecache_min_divisor`` on embedded (vm_pageout.c, ``vm_pageout_init``)
FILECACHE_MIN_DIVISOR = 70


def free_target_pages(total_pages: int, *, macos: bool) -> int:
    """``vm_page_free_target`` (osfmk/vm/vm_pageout.c, ``VM_PAGE_FREE_TARGET`` and
    ``VM_PAGE_FREE_TARGET_LIMIT``): 15 + free/80 pages, at most 4000, on embedded;
    15 + free/100, at most 2000, on macOS (``free`` taken as all pages here)."""
    if macos:
        return min(2000, 15 + total_pages // 100)
    return min(4000, 15 + total_pages // 80)


@dataclass(frozen=True, slots=True)
class VmParams:
    page_size: int
    total_pages: int
    wired_pages: int
    file_target_pages: int
    file_min_pages: int
    free_target_pages: int
    compressor: bool
    #: compression ratio as tenths (27 = 2.7 : 1)
    ratio_tenths: int
    #: most of the anonymous data the compressor takes before free pages erode (0–1)
    compressible: float
    divisors: CompressorDivisors
    refill_pages_per_s: int
    #: ``c_segment_pages_compressed_limit``: how many pages of data the compressor can
    #: hold (0: no limit modelled). iOS: the pool is ``max_mem``, so at least
    #: ``max_mem / PAGE_SIZE`` (``osfmk/vm/vm_compressor.c`` · ``vm_compressor_init``)
    compressed_limit_pages: int = 0

    @classmethod
    def for_profile(cls, profile: DeviceProfile) -> VmParams:
        total = profile.total_pages
        return cls(
            page_size=profile.page_size,
            total_pages=total,
            wired_pages=int(total * profile.wired_percent / 100),
            file_target_pages=int(total * profile.file_cache_percent / 100),
            file_min_pages=int(total * profile.file_min_percent / 100),
            free_target_pages=free_target_pages(total, macos=profile.era is Era.MACOS),
            compressor=profile.compressor,
            ratio_tenths=round(profile.compression_ratio * 10),
            compressible=profile.compressible,
            divisors=CompressorDivisors.for_device(
                profile.ram_bytes, rules_for(profile.xnu, profile.era)
            ),
            refill_pages_per_s=max(1, total // 200),
            compressed_limit_pages=(
                total if profile.compressor and profile.era is not Era.MACOS else 0
            ),
        )

    @property
    def am(self) -> int:
        """AVAILABLE_MEMORY (§4.2): everything that is not wired."""
        return self.total_pages - self.wired_pages


class VirtualMemory:
    def __init__(self, params: VmParams) -> None:
        self.p = params
        self.anon = 0
        self.purgeable = 0
        self.compressed = 0
        #: processes' memory the compressor cannot take (IOKit / graphics memory, §3.1):
        #: wired while it exists, counted in its owner's footprint
        self.pinned = 0
        self.file = params.file_target_pages
        self.purge_hook: Callable[[int], int] | None = None
        self.compressions = 0
        self.decompressions = 0
        #: ``memorystatus_compressor_space_shortage`` (kern_memorystatus.c,
        #: xnu-11417.121.6): set when the compressor asks jetsam for room
        #: (``memorystatus_kill_on_VM_compressor_space_shortage(async)``), cleared by
        #: the jetsam thread after a kill for it
        self.space_shortage = False

    # -- derived -----------------------------------------------------------------
    def compressor_pages_for(self, u: int) -> int:
        return -(-u * 10 // self.p.ratio_tenths) if u > 0 else 0

    @property
    def compressor_pages(self) -> int:
        return self.compressor_pages_for(self.compressed)

    @property
    def resident_anon(self) -> int:
        return self.anon - self.compressed

    @property
    def free(self) -> int:
        p = self.p
        return (
            p.total_pages
            - p.wired_pages
            - (self.anon - self.compressed)
            - self.compressor_pages
            - self.file
            - self.purgeable
            - self.pinned
        )

    @property
    def am(self) -> int:
        """AVAILABLE_MEMORY (§4.2): everything that is not wired."""
        return self.p.am - self.pinned

    @property
    def anc(self) -> int:
        """AVAILABLE_NON_COMPRESSED_MEMORY: active + inactive + free + speculative."""
        return self.am - self.compressor_pages

    def _comfort_c(self) -> int:
        """The compressor size at which ANC falls below COMPACT (Warning), plus 3 %."""
        am = self.am
        warn_c = am - am * 10 // self.p.divisors.minor
        return min(am, warn_c + am * 3 // 100)

    @property
    def available_ios(self) -> int:
        """``memorystatus_available_pages`` on iOS (§4.3): file-backed + free, plus
        purgeable pages only without dynamic paging. ``VM_DYNAMIC_PAGING_ENABLED()`` is
        ``VM_CONFIG_COMPRESSOR_IS_ACTIVE`` in ``osfmk/vm`` (checked in XNU), so on a
        device with the compressor purgeable pages are not counted — which is why
        purging a victim before killing it can save it."""
        extra = 0 if self.p.compressor else self.purgeable
        return max(0, self.free) + self.file + extra

    @property
    def low_on_space(self) -> bool:
        """``msh_compressor_exhausted`` (kern_memorystatus_policy.c ·
        memorystatus_health_check): ``vm_compressor_low_on_space`` — the compressed
        pages are over ``c_segment_pages_compressed_nearing_limit`` (98 % of the
        limit) — or the compressor's shortage flag."""
        limit = self.p.compressed_limit_pages
        return self.space_shortage or (limit > 0 and self.compressed > limit * 98 // 100)

    @property
    def compressed_fraction(self) -> float:
        return self.compressed / self.anon if self.anon else 0.0

    def page_classes(self) -> dict[str, int]:
        """Every page class, in pages. free + active + inactive + speculative + throttled
        + wired + compressor = total; anonymous + file_backed = active + inactive +
        speculative + throttled (volatile purgeable pages are anonymous pages on the
        pageable queues)."""
        free = max(0, self.free)
        file = self.file
        spec = file * 5 // 100
        # without a compressor (and no pager) anonymous pages sit on the throttled
        # queue (vm_pageout_scan); with one they stay on the pageable queues
        throttled = 0 if self.p.compressor else self.resident_anon
        pageable = self.resident_anon + self.purgeable + file - throttled
        active = (pageable - spec) * 3 // 5
        return {
            "free": free,
            "active": active,
            "inactive": pageable - spec - active,
            "speculative": spec,
            "throttled": throttled,
            "wired": self.p.wired_pages + self.pinned,
            "purgeable": self.purgeable,
            "file_backed": file,
            "anonymous": self.resident_anon + self.purgeable,
            "compressor": self.compressor_pages,
            "compressed": self.compressed,
        }

    # -- changes -------------------------------------------------------------------
    def allocate(self, pages: int, *, purgeable: bool = False, pinned: bool = False) -> int:
        """Add anonymous (or volatile purgeable, or pinned) pages; returns the pages
        granted (less than asked when even full compression cannot make room)."""
        if pages <= 0:
            return 0
        if pinned:
            return self._allocate_pinned(pages)
        saved = (self.anon, self.purgeable, self.compressed, self.file)
        if self._try(pages, purgeable):
            return pages
        # keep what the purge hook purged (the processes' counts are gone already)
        purged_p = self.purgeable - (pages if purgeable else 0)
        saved = (saved[0], min(saved[1], purged_p), saved[2], saved[3])
        low, high = 0, pages  # the largest grant that fits, found by bisection
        while low < high:
            mid = (low + high + 1) // 2
            self.anon, self.purgeable, self.compressed, self.file = saved
            if self._try(mid, purgeable):
                low = mid
            else:
                high = mid - 1
        self.anon, self.purgeable, self.compressed, self.file = saved
        self._try(low, purgeable)
        return low

    def _allocate_pinned(self, pages: int) -> int:
        """Memory the compressor cannot take: room comes from everything else."""
        saved = (self.purgeable, self.compressed, self.file)
        low, high = 0, pages
        while low < high:
            mid = (low + high + 1) // 2
            self.purgeable, self.compressed, self.file = saved
            self.pinned += mid
            self._reclaim()
            fits = self.free >= 0
            self.pinned -= mid
            if fits:
                low = mid
            else:
                high = mid - 1
            if fits and mid == pages:
                break
        self.purgeable, self.compressed, self.file = saved
        self.pinned += low
        self._reclaim()
        return low

    def release_pinned(self, pages: int) -> None:
        self.pinned = max(0, self.pinned - pages)

    def _try(self, pages: int, purgeable: bool) -> bool:
        if purgeable:
            self.purgeable += pages
        else:
            self.anon += pages
        self._reclaim()
        return self.free >= 0

    def release(self, pages: int, *, compressed_share: bool = True) -> None:
        """Remove anonymous pages (a process frees or dies); its share of the
        compressed data goes with it."""
        pages = min(pages, self.anon)
        if pages <= 0:
            return
        if compressed_share and self.anon:
            gone = self.compressed * pages // self.anon
            self.compressed -= gone
        self.anon -= pages
        self.compressed = min(self.compressed, self.anon)

    def release_purgeable(self, pages: int) -> None:
        self.purgeable = max(0, self.purgeable - pages)

    def _compress(self, short: int, u_limit: int) -> None:
        """Compress enough resident pages to free ``short`` pages, staying ≤ u_limit and
        within the pages the compressor can hold (``vm_compressor_out_of_space``)."""
        if self.p.compressed_limit_pages:
            u_limit = min(u_limit, self.p.compressed_limit_pages)
        room = min(u_limit, self.anon) - self.compressed
        if room <= 0 or short <= 0:
            return
        r = self.p.ratio_tenths
        du = min(room, -(-short * r // (r - 10)) + 1)
        self.compressed += du
        self.compressions += du

    def filecache_min(self) -> int:
        """``vps_calculate_filecache_min`` (osfmk/vm/vm_pageout.c, CONFIG_JETSAM): while
        the compressor takes new data, file pages are not evicted below
        ``ANC · 10 / 70`` (≈ 14 % of available non-compressed memory); without a
        compressor the floor is the profile's minimum."""
        p = self.p
        if not p.compressor:
            return p.file_min_pages
        return max(p.file_min_pages, self.anc * 10 // FILECACHE_MIN_DIVISOR)

    def _reclaim(self) -> None:
        p = self.p
        target = p.free_target_pages
        if self.free >= target:
            return
        if p.compressor:
            # 1. compress toward comfort, taking a little file cache too
            short = target - self.free
            cut = min(self.file - self.filecache_min(), int(short * FILE_SHARE_WHILE_COMPRESSING))
            if cut > 0:
                self.file -= cut
            u_comfort = self._comfort_c() * p.ratio_tenths // 10
            self._compress(target - self.free, min(u_comfort, int(self.anon * p.compressible)))
            if self.free >= target:
                return
        # 2. file cache down to its floor
        cut = min(self.file - self.filecache_min(), target - self.free)
        if cut > 0:
            self.file -= cut
        if self.free >= target:
            return
        # 3. compress the rest of the anonymous data
        if p.compressor:
            self._compress(target - self.free, self.anon)
        # 4. free pages erode below the target
        if self.free >= 0:
            return
        # 5. purge volatile memory
        if self.purge_hook is not None and self.purgeable:
            self.purge_hook(-self.free)
        if self.free >= 0:
            return
        # 6. the last file pages
        self.file -= min(self.file, -self.free)

    def relax(self, seconds: float) -> None:
        """Once a second: refill the file cache and page compressed data back in while
        free pages are plentiful."""
        p = self.p
        budget = int(p.refill_pages_per_s * seconds)
        spare = self.free - 3 * p.free_target_pages
        if spare > 0 and self.file < p.file_target_pages:
            grow = min(budget, spare, p.file_target_pages - self.file)
            self.file += grow
            spare -= grow
        if spare > 0 and self.compressed > 0:
            r = p.ratio_tenths
            # paging in du pages costs du − du/ratio free pages
            du = min(self.compressed, budget, spare * r // (r - 10))
            self.compressed -= du
            self.decompressions += du
