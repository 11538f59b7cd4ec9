"""What the watched system's kernel does about memory: one frozen value per source.

:class:`KernelFacts` says which machinery the device has — which available-page
thresholds exist and what happens below each, whether there is a compressor, an idle
band, soft and fatal per-process limits, aging, when the device posts a jetsam report
and how its reports spell each kill reason. The narrator, the lessons' fact checks and
the glossary's per-source variants read it, so nothing they say assumes one release.

The simulator derives it from its release's rules (``sim/kernel_facts.py``); live and
replay sources fill what they know. ``None`` in an optional field means *not known*
(a replayed report does not say whether its device had a compressor), never "no".
The sampler carries it to the window in every ``Tick`` (``Tick.facts``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from activitymon.model.events import KillReason


class Platform(enum.StrEnum):
    """Whose kernel: the glossary keeps one variant per family (Apple, Linux)."""

    IOS = "ios"
    MACOS = "macos"
    LINUX = "linux"

    @property
    def glossary_variant(self) -> str:
        """The glossary's variant name for this platform: ``apple`` or ``linux``."""
        return "linux" if self is Platform.LINUX else "apple"


class PriorityModel(enum.StrEnum):
    """How the kernel orders its victims."""

    #: jetsam bands, killed from the lowest up, oldest entry first (xnu-2422 →)
    BANDS = "bands"
    #: one list in descending priority, killed from the bottom (xnu-2050, iOS 6)
    PRIORITY_LIST = "priority-list"
    #: Linux: the OOM killer takes the highest ``oom_score`` (``oom_score_adj`` shifts it)
    OOM_SCORE = "oom-score"


class LevelSource(enum.StrEnum):
    """What the pressure level (Normal / Warning / Critical) is decided on."""

    #: the compressor's size against what is left uncompressed (iOS and macOS with one)
    COMPRESSOR = "compressor"
    #: available pages against the soft and critical thresholds (no compressor)
    AVAILABLE_PAGES = "available-pages"
    #: xnu-2050 / 2422: below the pressure threshold, how many apps are suspended (more
    #: than 4: Normal, 1–4: Warning, none: Urgent, shown as Critical)
    SUSPENDED_COUNT = "suspended-count"
    #: the kernel's own level, read as it is (``kern.memorystatus_vm_pressure_level``)
    KERNEL = "kernel"
    #: Linux pressure-stall information (``/proc/pressure/memory``)
    PSI = "psi"
    #: Linux without PSI: ``MemAvailable`` as a share of ``MemTotal``
    AVAILABLE_PERCENT = "available-percent"


class Threshold(enum.StrEnum):
    """The available-page thresholds a device may have (``Snapshot.thresholds``)."""

    #: jetsam kills processes over their soft limit (high-water) below it; without a
    #: compressor the level turns Warning below it
    SOFT = "soft"
    #: xnu-11215 →: below it jetsam kills the idle band alone (reason idle-exit)
    IDLE = "idle"
    #: below it the system is unhealthy: kills in priority order (vm-pageshortage)
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class KernelFacts:
    platform: Platform
    #: the release the facts describe: "xnu-2050.48.11", "macOS", "Linux 6.18" …
    release: str = ""
    #: the operating system on screen: "iOS 6.1.3", "macOS 15.4", "Linux" …
    os_name: str = ""
    priority_model: PriorityModel | None = None
    #: a band 0 where idle and suspended processes wait to die first
    idle_band: bool | None = None
    compressor: bool | None = None
    level_source: LevelSource | None = None
    #: the thresholds of ``Snapshot.thresholds`` this kernel really has
    thresholds: frozenset[Threshold] = frozenset()
    #: below critical, kills take the lowest priority first (``vm-pageshortage``)
    page_shortage_kills: bool = False
    #: xnu-2422 … 10063: the critical threshold is raised by 5 % of memory while band 0
    #: holds a process (``JetsamThresholds.idle_pages`` is then that raised level)
    critical_raised_while_idle: bool = False
    #: processes can hold a soft (non-fatal) memory limit, a high-water mark
    soft_limits: bool = False
    #: crossing a fatal per-process limit kills at once (``per-process-limit``)
    fatal_limits: bool = False
    #: where high-water kills start: a threshold, or ``highwater_percent`` of memory
    highwater_below: Threshold | None = None
    #: xnu-2050: high-water kills run below this share of memory (a level of its own)
    highwater_percent: int | None = None
    #: the idle-aging policy ("legacy", "sysprocs-reclaimed-first"); ``None``: no aging
    aging: str | None = None
    #: a victim's purgeable memory is purged first; it lives if that was enough
    purge_before_kill: bool = False
    #: pressure notifications reach only processes in this band or above
    notify_floor_band: int | None = None
    #: the level staying above Normal for 10 minutes kills band 0 (xnu-8019 →, iOS)
    sustained_pressure_kills: bool = False
    #: macOS: under pressure, clean idle-exit processes of band 0 end, one a second
    idle_exit_under_pressure: bool = False
    #: Linux: the kernel's OOM killer ends the process with the highest ``oom_score``
    oom_killer: bool = False
    #: the device writes jetsam reports, in this format ("JetsamEvent", "LowMemory" …)
    report_format: str | None = None
    #: a report is posted at most once per this many seconds (0: at every kill pass)
    report_timeout_s: float | None = None
    #: bands whose kills alone post no report (they wait for a later one, or none)
    quiet_bands: tuple[int, ...] = ()
    #: how this release's reports spell a reason, where it differs from today's name
    reason_spellings: tuple[tuple[KillReason, str], ...] = ()

    @property
    def glossary_variant(self) -> str:
        """The glossary's words for this device: ``no-compressor`` on iOS 6 and 7.0
        (no compressor; the level counts suspended apps), else the platform's."""
        if self.platform is Platform.IOS and self.compressor is False:
            return "no-compressor"
        return self.platform.glossary_variant

    def has(self, threshold: Threshold) -> bool:
        return threshold in self.thresholds

    def reported_as(self, reason: KillReason) -> str:
        """The spelling this device's reports use for ``reason``."""
        for cause, name in self.reason_spellings:
            if cause is reason:
                return name
        return reason.value


def facts_to_dict(facts: KernelFacts) -> dict[str, Any]:
    """The JSON form (a recording's ``kernel_facts`` meta value)."""
    return {
        "platform": facts.platform.value,
        "release": facts.release,
        "os_name": facts.os_name,
        "priority_model": _value(facts.priority_model),
        "idle_band": facts.idle_band,
        "compressor": facts.compressor,
        "level_source": _value(facts.level_source),
        "thresholds": sorted(t.value for t in facts.thresholds),
        "page_shortage_kills": facts.page_shortage_kills,
        "critical_raised_while_idle": facts.critical_raised_while_idle,
        "soft_limits": facts.soft_limits,
        "fatal_limits": facts.fatal_limits,
        "highwater_below": _value(facts.highwater_below),
        "highwater_percent": facts.highwater_percent,
        "aging": facts.aging,
        "purge_before_kill": facts.purge_before_kill,
        "notify_floor_band": facts.notify_floor_band,
        "sustained_pressure_kills": facts.sustained_pressure_kills,
        "idle_exit_under_pressure": facts.idle_exit_under_pressure,
        "oom_killer": facts.oom_killer,
        "report_format": facts.report_format,
        "report_timeout_s": facts.report_timeout_s,
        "quiet_bands": list(facts.quiet_bands),
        "reason_spellings": [[r.value, s] for r, s in facts.reason_spellings],
    }


def _value(member: enum.Enum | None) -> Any:
    return None if member is None else member.value


_E = TypeVar("_E", bound=enum.Enum)


def _member(kind: type[_E], value: Any) -> _E | None:
    try:
        return kind(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _flag(data: Mapping[str, Any], key: str) -> bool:
    return data.get(key) is True


def _maybe_flag(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    return value if isinstance(value, bool) else None


def _small_int(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000
    return value if ok else None


def _text(value: Any) -> str:
    return value[:200] if isinstance(value, str) else ""


def facts_from_dict(data: Any) -> KernelFacts | None:
    """Read :func:`facts_to_dict`'s form back; ``None`` when it is not one (a file
    written by others: unknown values are dropped, never trusted)."""
    if not isinstance(data, Mapping):
        return None
    platform = _member(Platform, data.get("platform"))
    if platform is None:
        return None
    raw_thresholds = data.get("thresholds")
    thresholds = (
        frozenset(
            t for t in (_member(Threshold, v) for v in (raw_thresholds or [])[:8]) if t is not None
        )
        if isinstance(raw_thresholds, list)
        else frozenset()
    )
    timeout = data.get("report_timeout_s")
    quiet = data.get("quiet_bands")
    spellings = data.get("reason_spellings")
    pairs: list[tuple[KillReason, str]] = []
    if isinstance(spellings, list):
        for item in spellings[:32]:
            if isinstance(item, list) and len(item) == 2 and isinstance(item[1], str):
                reason = _member(KillReason, item[0])
                if reason is not None:
                    pairs.append((reason, item[1][:64]))
    return KernelFacts(
        platform=platform,
        release=_text(data.get("release")),
        os_name=_text(data.get("os_name")),
        priority_model=_member(PriorityModel, data.get("priority_model")),
        idle_band=_maybe_flag(data, "idle_band"),
        compressor=_maybe_flag(data, "compressor"),
        level_source=_member(LevelSource, data.get("level_source")),
        thresholds=thresholds,
        page_shortage_kills=_flag(data, "page_shortage_kills"),
        critical_raised_while_idle=_flag(data, "critical_raised_while_idle"),
        soft_limits=_flag(data, "soft_limits"),
        fatal_limits=_flag(data, "fatal_limits"),
        highwater_below=_member(Threshold, data.get("highwater_below")),
        highwater_percent=_small_int(data.get("highwater_percent")),
        aging=_text(data.get("aging")) or None,
        purge_before_kill=_flag(data, "purge_before_kill"),
        notify_floor_band=_small_int(data.get("notify_floor_band")),
        sustained_pressure_kills=_flag(data, "sustained_pressure_kills"),
        idle_exit_under_pressure=_flag(data, "idle_exit_under_pressure"),
        oom_killer=_flag(data, "oom_killer"),
        report_format=_text(data.get("report_format")) or None,
        report_timeout_s=(
            float(timeout)
            if isinstance(timeout, int | float)
            and not isinstance(timeout, bool)
            and 0 <= timeout <= 86_400
            else None
        ),
        quiet_bands=tuple(b for b in (_small_int(v) for v in (quiet or [])[:8]) if b is not None)
        if isinstance(quiet, list)
        else (),
        reason_spellings=tuple(pairs),
    )
