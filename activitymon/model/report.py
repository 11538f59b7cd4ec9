"""A jetsam report as a value: what the readers in ``activitymon.reports`` produce,
what its writers write, and what the simulator builds after a kill pass.

Page counts stay in pages of ``page_size`` bytes, as in the files; ``bytes`` helpers
convert. Fields a format lacks are ``None``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class ReportFormat(enum.StrEnum):
    LOWMEMORY_TEXT = "lowmemory-text"
    LOWMEMORY_PLIST = "lowmemory-plist"
    JETSAM_JSON = "jetsam-json"
    JETSAM_IPS = "jetsam-ips"


@dataclass(frozen=True)
class ReportProcess:
    name: str
    pid: int | None = None
    uuid: str | None = None
    rpages: int | None = None
    #: ``lifetimeMax`` (JetsamEvent) or ``recent_max`` (legacy text), in pages
    lifetime_max: int | None = None
    purgeable: int | None = None
    fds: int | None = None
    cpu_time: float | None = None
    age: int | None = None
    coalition: int | None = None
    priority: int | None = None
    reason: str | None = None
    states: tuple[str, ...] = ()
    kill_delta: int | None = None
    gen_count: int | None = None
    idle_delta: int | None = None
    physical_pages: Mapping[str, Any] | None = None
    #: keys this model does not name, in file order, kept for round trips
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: the entry's keys in file order (JSON formats); layout only, not compared.
    #: Empty means "the writer's default order" (see ``activitymon.reports.jetsam_json``).
    key_order: tuple[str, ...] = field(default=(), compare=False)

    @property
    def killed(self) -> bool:
        return self.reason is not None


@dataclass(frozen=True)
class JetsamReport:
    format: ReportFormat
    page_size: int
    #: False when the report gave no page size and the documented default was used
    page_size_known: bool = True
    bug_type: str | None = None
    timestamp: str | None = None
    os_version: str | None = None
    incident_id: str | None = None
    crash_reporter_key: str | None = None
    product: str | None = None
    kernel: str | None = None
    build: str | None = None
    date: str | None = None
    time_delta: int | None = None
    gen_counter: int | None = None
    largest_process: str | None = None
    #: ``memoryStatus.memoryPages`` (or the legacy text's page lines), name → pages
    memory_pages: Mapping[str, int] = field(default_factory=dict)
    #: the rest of ``memoryStatus``: compressorSize, uncompressed, zone fields …
    memory_status: Mapping[str, Any] = field(default_factory=dict)
    processes: tuple[ReportProcess, ...] = ()
    #: header keys, in file order (JetsamEvent .ips)
    header: Mapping[str, Any] = field(default_factory=dict)
    #: top-level body keys this model does not name, in file order
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: True when the file was damaged or elided (``...`` lines) and read leniently
    partial: bool = False
    #: one line per thing the reader had to skip or guess, for the user
    problems: tuple[str, ...] = ()
    #: layout only (not compared): top-level body keys and ``memoryStatus`` keys in
    #: file order, and the float style (17 significant digits, or ``None`` for the
    #: shortest form). Empty means the writer's default (the iOS 11–14 layout).
    body_keys: tuple[str, ...] = field(default=(), compare=False)
    memory_status_keys: tuple[str, ...] = field(default=(), compare=False)
    float_digits: int | None = field(default=17, compare=False)

    def bytes_of(self, pages: int | None) -> int | None:
        return None if pages is None else pages * self.page_size

    @property
    def victims(self) -> tuple[ReportProcess, ...]:
        """Killed processes in kill order (by ``killDelta`` where known)."""
        killed = [p for p in self.processes if p.killed]
        return tuple(sorted(killed, key=lambda p: (p.kill_delta is None, p.kill_delta or 0)))

    def process_bytes(self, process: ReportProcess) -> int | None:
        """A process's footprint in bytes: ``rpages × page_size``."""
        return self.bytes_of(process.rpages)

    @property
    def largest(self) -> ReportProcess | None:
        """The entry with the most ``rpages`` (first of equals), or ``None``."""
        sized = [p for p in self.processes if p.rpages is not None]
        return max(sized, key=lambda p: p.rpages or 0) if sized else None
