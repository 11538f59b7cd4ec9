"""Giving a device's processes the priorities and limits of its jetsam properties.

Each process is looked up by its label (``label`` in a population or scenario, else its
name) in the sections RunningBoard or launchd would read for its kind; nothing is
matched loosely: a label the file names and no process carries is listed as unknown,
never guessed (docs/SIMULATOR.md, "Jetsam properties"). A section's ``Global`` defaults
reach only processes that carry a ``label`` (every process of a built-in population
does): a scenario's own process without one is matched by its name alone.

What a scenario's own ``[[process]]`` writes (``band``, ``limit_mb`` …) wins over the
file: the file fills in only what the process does not say itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from activitymon.model import Era, LimitOrigin
from activitymon.sim.jetsam_properties import (
    GLOBAL,
    JetsamProperties,
    Layout,
    MemoryLimitMB,
    PropertiesEntry,
    PropertiesError,
)
from activitymon.sim.specs import ProcessSpec

#: the Version4 sections a process of each kind is looked up in, in RunningBoard's
#: order (``-[RBJetsamPropertyManager jetsamPropertiesForProcess:…]``), and the
#: section whose ``Global`` it gets when none names it
SECTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "daemon": (("Daemon",), "Daemon"),
    "app": (("SystemApp", "App"), "App"),
    "system-app": (("SystemApp", "App"), "SystemApp"),
    "extension": (("Extension",), "Extension"),
    "xpc-service": (("SystemXPCService", "XPCService"), "XPCService"),
    "system-xpc-service": (("SystemXPCService", "XPCService"), "SystemXPCService"),
}
#: launchd applies ``JetsamPriority`` to its jobs; RunningBoard keeps only the memory
#: limits of the other sections (``_addJetsamValuesForSection:…``) and sets the bands
#: of apps, extensions and services itself
PRIORITY_SECTIONS = frozenset({"Daemon", "CachedDefaults"})


@dataclass(frozen=True, slots=True)
class Applied:
    process: str
    section: str
    label: str
    #: the entry came from the section's ``Global`` (no entry of its own)
    from_global: bool


@dataclass(frozen=True, slots=True)
class PropertiesUse:
    """What applying a file did: which processes it reached, which of its labels no
    process carries, which keys it has that the simulator does not model."""

    file: str
    layout: Layout
    applied: tuple[Applied, ...]
    unknown: tuple[tuple[str, str], ...]
    not_modelled: tuple[str, ...]
    #: JetsamPriority values of sections whose bands RunningBoard sets (not applied)
    priorities_not_applied: int = 0


def label_of(spec: ProcessSpec) -> str:
    return spec.label or spec.name


def apply_properties(
    props: JetsamProperties,
    specs: tuple[ProcessSpec, ...],
    era: Era,
    written_for: Era | None = None,
) -> tuple[tuple[ProcessSpec, ...], PropertiesUse]:
    """The processes with the file's priorities and limits, and what was used. A file
    written for another band scale (``written_for``: a built-in table on a device whose
    era a scenario changed) has its priorities moved to ``era``'s scale."""
    used: set[tuple[str, str]] = set()
    applied: list[Applied] = []
    out: list[ProcessSpec] = []
    for spec in specs:
        found = _lookup(props, spec)
        if found is None:
            out.append(spec)
            continue
        entry, from_global = found
        used.add((entry.section, entry.label))
        applied.append(Applied(spec.name, entry.section, entry.label, from_global))
        out.append(_give(spec, entry, era, props.file, written_for or era))
    unknown = tuple(key for key in props.labels() if key not in used)
    not_modelled = sorted({k for e in props.entries.values() for k in e.ignored})
    skipped = sum(
        1
        for e in props.entries.values()
        if e.priority is not None and e.section not in PRIORITY_SECTIONS
    )
    use = PropertiesUse(
        props.file, props.layout, tuple(applied), unknown, tuple(not_modelled), skipped
    )
    return tuple(out), use


def _lookup(props: JetsamProperties, spec: ProcessSpec) -> tuple[PropertiesEntry, bool] | None:
    label = label_of(spec)
    if props.layout is Layout.CACHED_DEFAULTS:
        entry = props.entry("CachedDefaults", label)
        return None if entry is None else (entry, False)
    if spec.kind not in SECTIONS:
        return None  # internal (launchd): not governed by jetsam properties
    sections, fallback = SECTIONS[spec.kind]
    for section in sections:
        entry = props.entry(section, label)
        if entry is not None:
            return entry.over(props.entry(section, GLOBAL)), False
    if spec.label is None:
        return None
    defaults = props.entry(fallback, GLOBAL)
    return None if defaults is None else (defaults, True)


def _give(
    spec: ProcessSpec, entry: PropertiesEntry, era: Era, file: str, written_for: Era
) -> ProcessSpec:
    changes: dict[str, Any] = {}
    if (
        entry.priority is not None
        and era.is_priority_list
        and not {"band", "priority"} & spec.given
    ):
        # iOS 6: launchd passed JetsamPriority to the kernel's list as it was
        if not era.min_band <= entry.priority <= era.max_band:
            raise PropertiesError(
                f"{file}: {entry.section}.{entry.label}.JetsamPriority: expected a "
                f"priority {era.min_band}–{era.max_band}, got {entry.priority}"
            )
        changes["priority"] = entry.priority
    elif (
        entry.priority is not None
        and entry.section in PRIORITY_SECTIONS
        and "band" not in spec.given
    ):
        if not 0 <= entry.priority <= written_for.max_band:
            raise PropertiesError(
                f"{file}: {entry.section}.{entry.label}.JetsamPriority: expected a band "
                f"0–{written_for.max_band} on this device ({written_for.value} scale), "
                f"got {entry.priority}"
            )
        band = entry.priority * era.scale // written_for.scale
        changes["band"] = min(band, era.max_band)
    own_active = "limit_mb" in spec.given
    own_inactive = own_active or "inactive_limit_mb" in spec.given
    if entry.active is not None and not own_active:
        changes["limit_mb"], changes["limit_fatal"] = _limit(entry.active)
    if entry.inactive is not None and not own_inactive:
        changes["inactive_limit_mb"], changes["inactive_limit_fatal"] = _limit(entry.inactive)
    if changes.get("limit_mb") or changes.get("inactive_limit_mb"):
        changes["limit_origin"] = LimitOrigin.PROPERTIES
    if entry.pressured_exit is not None and "idle_exit" not in spec.given:
        changes["idle_exit"] = entry.pressured_exit
    return replace(spec, **changes)


def _limit(limit: MemoryLimitMB) -> tuple[float | None, bool]:
    """≤ 0 in the file: the device's default task limit, which is always fatal
    (xnu-7195 ``memorystatus_update``: "System_wide task limit is always fatal")."""
    if limit.mb <= 0:
        return None, True
    return float(limit.mb), limit.fatal
