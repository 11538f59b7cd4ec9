"""System-wide readings of the macOS source: memory, pressure level, era, notices.

Everything goes through a :class:`~activitymon.sources.macos_calls.DarwinCalls`
table, so it runs against fakes on any OS. A value the kernel refuses or lacks is
``None`` plus a one-time :class:`Notices` line; nothing here raises for that.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Era, MemoryStats, PressureLevel
from activitymon.sources import macos_decode as dec
from activitymon.sources.macos_calls import CallFailed, DarwinCalls, Missing, Refused

#: sysctls copied into ``Snapshot.extra`` under their own names when present (§6.2)
EXTRA_SYSCTLS = (
    "vm.page_free_count",
    "vm.vm_page_free_target",
    "vm.page_free_wanted",
    "vm.page_speculative_count",
    "vm.page_purgeable_count",
    "vm.compressor_bytes_used",
    "vm.compressor_input_bytes",
    "vm.compressor_compressed_bytes",
    "vm.compressor_pool_size",
    "vm.memory_pressure",
)

#: Darwin 22 is macOS 13 (xnu-8792), where the band values were multiplied by ten (§1.2)
FIRST_MODERN_DARWIN = 22
FIRST_MODERN_MACOS = 13


class Notices:
    """One-time messages about what this Mac would not tell us (shown by the UI)."""

    def __init__(self) -> None:
        self._all: dict[str, str] = {}
        self._new: list[str] = []

    def add(self, key: str, text: str) -> None:
        if key not in self._all:
            self._all[key] = text
            self._new.append(text)

    def all(self) -> list[str]:
        return list(self._all.values())

    def drain(self) -> list[str]:
        new, self._new = self._new, []
        return new


def why(exc: CallFailed) -> str:
    """A short reason for a notice: "needs root" for a refusal, else the failure."""
    if isinstance(exc, Refused):
        return f"{exc.call} was refused (needs root)"
    if isinstance(exc, Missing):
        return f"{exc.call} is not available on this macOS"
    return str(exc)


def era_for(osrelease: str | None, productversion: str | None) -> Era | None:
    """The band scale by OS version: ×10 (``Era.MACOS``) from macOS 13 / Darwin 22,
    the legacy 0–21 scale before. ``None`` when neither version string parses.

    ``kern.osrelease`` (Darwin version) is preferred because
    ``kern.osproductversion`` can be "10.16" for software built against old SDKs.
    """
    darwin = _major(osrelease)
    if darwin is not None:
        return Era.MACOS if darwin >= FIRST_MODERN_DARWIN else Era.LEGACY
    macos = _major(productversion)
    if macos is not None:
        return Era.MACOS if macos >= FIRST_MODERN_MACOS else Era.LEGACY
    return None


def _major(version: str | None) -> int | None:
    try:
        return int((version or "").strip().split(".")[0])
    except ValueError:
        return None


def era_from_bands(bands: list[int]) -> Era:
    """Fallback when the OS version is unknown: a band above 21 (other than the
    ``INTERNAL`` 999) only exists on the ×10 scale."""
    return Era.MACOS if any(21 < b <= 210 for b in bands) else Era.LEGACY


def read_string(calls: DarwinCalls, name: str) -> str | None:
    try:
        return dec.c_string(calls.sysctl(name))
    except CallFailed:
        return None


def read_int(calls: DarwinCalls, name: str) -> int:
    """Read an integer sysctl; raises :class:`CallFailed` (or ``ValueError`` for a
    value of the wrong size)."""
    return dec.decode_sysctl_int(calls.sysctl(name), name)


@dataclass(frozen=True, slots=True)
class Machine:
    """What does not change while the source runs."""

    page_size: int
    total_pages: int
    model: str | None
    product_version: str | None
    era: Era | None


def read_machine(calls: DarwinCalls) -> Machine:
    """Page size and RAM; raises :class:`CallFailed` if the kernel will not say."""
    page_size = read_int(calls, "vm.pagesize")
    memsize = read_int(calls, "hw.memsize")
    if page_size <= 0 or memsize <= 0:
        raise CallFailed("sysctl vm.pagesize/hw.memsize", None, "nonsensical values")
    product = read_string(calls, "kern.osproductversion")
    return Machine(
        page_size=page_size,
        total_pages=memsize // page_size,
        model=read_string(calls, "hw.model"),
        product_version=product,
        era=era_for(read_string(calls, "kern.osrelease"), product),
    )


class SystemReader:
    """Reads memory counts, the pressure level and ``memorystatus_level`` each sample."""

    def __init__(self, calls: DarwinCalls, machine: Machine, notices: Notices) -> None:
        self._calls = calls
        self._machine = machine
        self._notices = notices
        self._absent: set[str] = set()

    def _optional_int(self, name: str, notice: str | None = None) -> int | None:
        """A sysctl that may be refused or absent; absent ones are not asked again."""
        if name in self._absent:
            return None
        try:
            return read_int(self._calls, name)
        except Missing as exc:
            self._absent.add(name)
            if notice:
                self._notices.add(name, f"{notice}: {why(exc)}")
        except (CallFailed, ValueError) as exc:
            if notice:
                self._notices.add(name, f"{notice}: {exc}")
        return None

    def pressure_level(self) -> PressureLevel | None:
        value = self._optional_int("kern.memorystatus_vm_pressure_level", "Pressure level unknown")
        if value is None:
            return None
        try:
            return PressureLevel.from_sysctl(value)
        except ValueError:
            self._notices.add(
                "level-value", f"Pressure level unknown: the kernel said {value} (not 1, 2 or 4)"
            )
            return None

    def memorystatus_level(self) -> int | None:
        return self._optional_int("kern.memorystatus_level", "memorystatus_level unknown")

    def memory(self) -> MemoryStats:
        m = self._machine
        vm: dec.VmStatistics | None = None
        try:
            vm = dec.decode_vm_statistics64(self._calls.host_vm_info64())
        except (CallFailed, ValueError) as exc:
            self._notices.add("vm", f"Page counts unknown: {exc}")
        swap_total = swap_used = None
        if "vm.swapusage" not in self._absent:
            try:
                swap = dec.decode_xsw_usage(self._calls.sysctl("vm.swapusage"))
                swap_total, swap_used = swap.total_bytes, swap.used_bytes
            except Missing:
                self._absent.add("vm.swapusage")
            except (CallFailed, ValueError) as exc:
                self._notices.add("swap", f"Swap usage unknown: {exc}")
        # iOS has the kernel's own figure; macOS kernels keep it private (§4.3), where
        # the kernel's available pages are active + inactive + free + speculative.
        available = self._optional_int("kern.memorystatus_available_pages")
        if vm is None:
            return MemoryStats(
                page_size=m.page_size,
                total_pages=m.total_pages,
                swap_total_bytes=swap_total,
                swap_used_bytes=swap_used,
                available_pages=available,
            )
        if available is None:
            available = vm.active_count + vm.inactive_count + vm.free_count
        return MemoryStats(
            page_size=m.page_size,
            total_pages=m.total_pages,
            # vm_statistics64.free_count includes speculative pages (§7.1)
            free_pages=max(0, vm.free_count - vm.speculative_count),
            active_pages=vm.active_count,
            inactive_pages=vm.inactive_count,
            speculative_pages=vm.speculative_count,
            wired_pages=vm.wire_count,
            purgeable_pages=vm.purgeable_count,
            file_backed_pages=vm.external_page_count,
            anonymous_pages=vm.internal_page_count,
            compressor_pages=vm.compressor_page_count,
            compressed_pages=vm.total_uncompressed_pages_in_compressor,
            swap_total_bytes=swap_total,
            swap_used_bytes=swap_used,
            available_pages=available,
        )

    def extras(self) -> dict[str, float]:
        """The §6.2 sysctls that exist here, by name (pages or bytes as the kernel says)."""
        out: dict[str, float] = {}
        for name in EXTRA_SYSCTLS:
            value = self._optional_int(name)
            if value is not None:
                out[name] = float(value)
        return out


def activity_monitor_figures(memory: MemoryStats) -> dict[str, int | None]:
    """Activity Monitor's memory figures in bytes, by the common third-party formulas
    (§7.3; Apple does not publish its own): App Memory, Wired, Compressed, Cached
    Files, Memory Used, Physical Memory, Swap Used."""
    ps = memory.page_size
    app = memory.app_pages
    wired = memory.wired_pages
    compressed = memory.compressor_pages
    cached = (
        None
        if memory.file_backed_pages is None
        else memory.file_backed_pages + (memory.purgeable_pages or 0)
    )
    used = (
        None if None in (app, wired, compressed) else (app or 0) + (wired or 0) + (compressed or 0)
    )
    return {
        "app_memory_bytes": memory.bytes_of(app),
        "wired_memory_bytes": memory.bytes_of(wired),
        "compressed_bytes": memory.bytes_of(compressed),
        "cached_files_bytes": memory.bytes_of(cached),
        "memory_used_bytes": None if used is None else used * ps,
        "physical_memory_bytes": memory.total_bytes,
        "swap_used_bytes": memory.swap_used_bytes,
    }
