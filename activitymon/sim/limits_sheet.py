"""Everything a device's limits are, as one value: its task limit and entitled limit
(with their sources), the ledger's warning level, the available-page thresholds, the
compressor's room, and the limits and bands its population starts with.

``activitymon limits DEVICE`` prints it; the process rows come from a simulator started
on the device, so they are what the kernel applies, not a second computation.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Era, JetsamThresholds, MemoryLimit, band_label
from activitymon.sim.jetsam_properties import JetsamProperties
from activitymon.sim.ledger import PHYS_FOOTPRINT_WARNING_LEVEL, DeviceLimits, warning_bytes
from activitymon.sim.profiles import DeviceProfile
from activitymon.sim.properties_apply import PropertiesUse
from activitymon.sim.rules import HighwaterFrom, XnuRules, rules_for
from activitymon.sim.scenario import Scenario
from activitymon.sim.xnu import MB, highwater_pages


@dataclass(frozen=True, slots=True)
class Threshold:
    name: str
    pages: int
    #: what happens below it
    meaning: str


@dataclass(frozen=True, slots=True)
class ProcessLimits:
    name: str
    label: str
    kind: str
    band: int
    band_text: str
    active: MemoryLimit | None
    inactive: MemoryLimit | None
    origin: str | None
    #: the jetsam-properties section and label its values came from, if any
    properties: str | None


@dataclass(frozen=True, slots=True)
class LimitsSheet:
    profile: DeviceProfile
    rules: XnuRules
    limits: DeviceLimits
    thresholds: tuple[Threshold, ...]
    #: pages of data the compressor can hold (0: none, or not modelled)
    compressor_pages: int
    processes: tuple[ProcessLimits, ...]
    properties_use: PropertiesUse | None
    #: the properties came from a file given on the command line or in a scenario
    properties_given: bool

    @property
    def page_size(self) -> int:
        return self.profile.page_size

    def pages(self, mb: float) -> int:
        return int(mb * MB) // self.page_size

    @property
    def task_warning_bytes(self) -> int | None:
        task = self.limits.task_limit_mb
        if task is None:
            return None
        return warning_bytes(task * MB, self.limits.default_warning_percent)

    @property
    def entitled_warning_bytes(self) -> int | None:
        entitled = self.limits.entitled_limit_mb
        if entitled is None:
            return None
        return warning_bytes(entitled * MB, PHYS_FOOTPRINT_WARNING_LEVEL)


def limits_sheet(profile: DeviceProfile, properties: JetsamProperties | None = None) -> LimitsSheet:
    """The sheet of ``profile`` (with ``properties`` in place of its own jetsam
    properties, when given)."""
    from activitymon.sim.simulator import Simulator

    rules = rules_for(profile.xnu, profile.era)
    scenario = Scenario(
        name=profile.name,
        description="",
        seed=0,
        duration=1.0,
        profile=profile,
        population=True,
        processes=(),
        actions=(),
    )
    if properties is not None:
        scenario = scenario.with_properties(properties)
    elif profile.properties is not None:
        scenario = scenario.with_properties(profile.properties, profile.properties_era)
    sim = Simulator.from_scenario(scenario)
    kernel = sim.kernel
    use = scenario.profile.properties_use
    from_file = {}
    if use is not None:
        from_file = {a.process: _where(a.section, a.label, a.from_global) for a in use.applied}
    rows = tuple(
        ProcessLimits(
            name=p.name,
            label=p.label,
            kind=p.kind,
            band=p.band,
            band_text=band_label(p.band, profile.kernel_era),  # iOS 6: a priority
            active=p.active_limit,
            inactive=p.inactive_limit,
            origin=None if p.limit_origin is None else p.limit_origin.value,
            properties=from_file.get(p.name),
        )
        for p in kernel.bands.in_order()
    )
    return LimitsSheet(
        profile=scenario.profile,
        rules=rules,
        limits=kernel.limits,
        thresholds=_thresholds(sim.thresholds, profile, rules),
        compressor_pages=kernel.vm.p.compressed_limit_pages,
        processes=tuple(sorted(rows, key=lambda r: (-r.band, r.name.lower()))),
        properties_use=use,
        properties_given=properties is not None,
    )


def _where(section: str, label: str, from_global: bool) -> str:
    return f"{section}.Global" if from_global else f"{section}.{label}"


def _thresholds(
    th: JetsamThresholds | None, profile: DeviceProfile, rules: XnuRules
) -> tuple[Threshold, ...]:
    if th is None or profile.era is Era.MACOS:
        return ()
    soft = "the pressure threshold: Warning below it on a device without a compressor"
    out = [Threshold("soft", th.soft_pages, soft)]
    if rules.idle_threshold:
        out.append(Threshold("idle", th.idle_pages, "the idle band is killed (idle-exit)"))
    elif th.idle_pages > th.critical_pages:
        out.append(
            Threshold(
                "critical + 5 %",
                th.idle_pages,
                "the critical threshold while band 0 is occupied",
            )
        )
    out.append(Threshold("critical", th.critical_pages, "kills in band order (vm-pageshortage)"))
    hwm = {
        HighwaterFrom.SOFT: th.soft_pages,
        HighwaterFrom.CRITICAL: th.critical_pages,
        HighwaterFrom.HIGHWATER_10: highwater_pages(profile.total_pages),
    }[rules.highwater_from]
    out.append(Threshold("HWM", hwm, "processes over a soft limit die (highwater) from here down"))
    return tuple(out)
