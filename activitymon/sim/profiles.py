"""Device profiles: RAM, page size, era, kernel, VM tuning and a population of daemons
and apps, kept as data in ``resources/devices/*.toml`` and
``resources/populations/*.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from activitymon.model import Era, ReportFormat, convert_band
from activitymon.sim.errors import ScenarioError
from activitymon.sim.jetsam_properties import JetsamProperties, read_properties_file
from activitymon.sim.properties_apply import PropertiesUse, apply_properties
from activitymon.sim.resources import devices_dir, jetsam_properties_dir, populations_dir
from activitymon.sim.rules import rules_for
from activitymon.sim.specs import ProcessSpec, Table, read_process

PROFILE_KEYS = frozenset(
    {
        "name",
        "label",
        "ram_mb",
        "page_size",
        "era",
        "xnu",
        "os_version",
        "kernel",
        "report_format",
        "wired_percent",
        "file_cache_percent",
        "file_min_percent",
        "compressor",
        "compression_ratio",
        "compressible",
        "population",
        "footprint_scale",
        "uptime_s",
        "process",
        "task_limit_mb",
        "task_limit_source",
        "entitled_limit_mb",
        "entitled_limit_source",
        "jetsam_properties",
    }
)
ERA_NAMES = ("legacy", "modern", "macos")
PAGE_SIZES = (4096, 16384)
REPORT_FORMATS = tuple(f.value for f in ReportFormat if f is not ReportFormat.JETSAM_JSON)


@dataclass(frozen=True, slots=True)
class DeviceProfile:
    name: str
    label: str
    ram_mb: int
    page_size: int
    era: Era
    xnu: int
    os_version: str
    kernel: str
    report_format: ReportFormat
    wired_percent: float
    file_cache_percent: float
    file_min_percent: float
    compressor: bool
    compression_ratio: float
    compressible: float
    uptime_s: float
    #: the daemons and apps it starts with, after its jetsam properties
    processes: tuple[ProcessSpec, ...]
    #: ``max_task_pmem`` in MB: the limit of every process without one of its own (0:
    #: none), and where the figure comes from (measured or estimated)
    task_limit_mb: int = 0
    task_limit_source: str = ""
    #: ``entitled_max_task_pmem`` in MB: the limit of an app with the
    #: increased-memory-limit entitlement (0: the device does not support it)
    entitled_limit_mb: int = 0
    entitled_limit_source: str = ""
    #: the processes as the population lists them, before any jetsam properties
    population: tuple[ProcessSpec, ...] = ()
    #: the jetsam properties its processes get (built in, or a file given instead)
    properties: JetsamProperties | None = None
    properties_use: PropertiesUse | None = None
    #: the band scale ``properties`` was written for (a built-in table: the profile's
    #: own era, kept when a scenario changes the era); ``None``: the device's
    properties_era: Era | None = None

    @property
    def ram_bytes(self) -> int:
        return self.ram_mb << 20

    @property
    def total_pages(self) -> int:
        return self.ram_bytes // self.page_size

    @property
    def kernel_era(self) -> Era:
        """The scale its kernel's priorities are on: xnu-2050's priority list, else the
        profile's band era (what the kernel's snapshots say)."""
        return Era.PRIORITY_LIST if rules_for(self.xnu, self.era).priority_list else self.era

    def with_overrides(
        self,
        *,
        ram_mb: int | None,
        page_size: int | None,
        era: Era | None,
        task_limit_mb: int | None = None,
        entitled_limit_mb: int | None = None,
    ) -> DeviceProfile:
        out = self
        if ram_mb is not None:
            out = replace(out, ram_mb=ram_mb)
        if page_size is not None:
            out = replace(out, page_size=page_size)
        if task_limit_mb is not None:
            out = replace(out, task_limit_mb=task_limit_mb, task_limit_source="the scenario")
        if entitled_limit_mb is not None:
            out = replace(
                out, entitled_limit_mb=entitled_limit_mb, entitled_limit_source="the scenario"
            )
        if era is not None and era is not self.era:
            out = replace(
                out,
                era=era,
                processes=tuple(_rescale_band(p, self.era, era) for p in out.processes),
                population=tuple(_rescale_band(p, self.era, era) for p in out.population),
                report_format=_default_format(era, out.report_format),
            )
        return out

    def with_properties(
        self, properties: JetsamProperties, written_for: Era | None = None
    ) -> DeviceProfile:
        """The same device with another jetsam-properties file in place of its own:
        its processes get that file's priorities and limits instead."""
        processes, use = apply_properties(properties, self.population, self.kernel_era, written_for)
        return replace(
            self,
            processes=processes,
            properties=properties,
            properties_use=use,
            properties_era=written_for,
        )


def _rescale_band(spec: ProcessSpec, old: Era, new: Era) -> ProcessSpec:
    return replace(spec, band=convert_band(spec.band, old, new))


def _default_xnu(era: Era) -> int:
    return 4903 if era is Era.LEGACY else 11417


def _default_format(era: Era, current: ReportFormat) -> ReportFormat:
    legacy = current in (ReportFormat.LOWMEMORY_PLIST, ReportFormat.LOWMEMORY_TEXT)
    if era is Era.LEGACY:
        return current if legacy else ReportFormat.LOWMEMORY_TEXT
    return ReportFormat.JETSAM_IPS


def _read_population(name: str, file_label: str, era: Era, scale: float) -> list[ProcessSpec]:
    path = populations_dir() / f"{name}.toml"
    if not path.is_file():
        raise ScenarioError(f"{file_label}: population: no population named {name!r}")
    table = _load_toml(path)
    table.check_keys({"process", "description"})
    return [read_process(t, era, own=False).scaled(scale) for t in table.tables("process")]


def _load_toml(path: Path) -> Table:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path.name}: not valid TOML: {exc}") from None
    return Table(path.name, "", data)


def read_profile(path: Path) -> DeviceProfile:
    table = _load_toml(path)
    table.check_keys(PROFILE_KEYS)
    era = Era(table.choice("era", ERA_NAMES))
    scale = table.number("footprint_scale", 1.0, strict=True)
    processes: list[ProcessSpec] = []
    if table.has("population"):
        processes += _read_population(table.string("population"), table.file, era, scale)
    processes += [read_process(t, era, own=False) for t in table.tables("process")]
    page_size = table.integer("page_size", 16384)
    if page_size not in PAGE_SIZES:
        raise table.error("page_size", f"expected 4096 or 16384, got {page_size}")
    ratio = table.number("compression_ratio", 2.7)
    if ratio <= 1.05:
        raise table.error("compression_ratio", f"expected a number above 1.05, got {ratio:g}")
    ram_mb = table.integer("ram_mb", minimum=64)
    profile = DeviceProfile(
        name=table.string("name"),
        label=table.string("label", table.string("name")),
        ram_mb=ram_mb,
        page_size=page_size,
        era=era,
        xnu=table.integer("xnu", _default_xnu(era)),
        os_version=table.string("os_version", "iPhone OS"),
        kernel=table.string("kernel", "Darwin Kernel Version"),
        report_format=ReportFormat(
            table.choice(
                "report_format", REPORT_FORMATS, _default_format(era, ReportFormat.JETSAM_IPS).value
            )
        ),
        wired_percent=table.number("wired_percent", 25.0),
        file_cache_percent=table.number("file_cache_percent", 15.0),
        file_min_percent=table.number("file_min_percent", 2.0),
        compressor=table.boolean("compressor", True),
        compression_ratio=ratio,
        compressible=min(1.0, table.number("compressible", 0.9)),
        uptime_s=table.number("uptime_s", 3 * 3600.0),
        processes=tuple(processes),
        task_limit_mb=table.integer("task_limit_mb", 0, maximum=ram_mb),
        task_limit_source=table.string("task_limit_source", "none"),
        entitled_limit_mb=table.integer("entitled_limit_mb", 0, maximum=ram_mb),
        entitled_limit_source=table.string("entitled_limit_source", "none"),
        population=tuple(processes),
    )
    if table.has("jetsam_properties"):
        name = table.string("jetsam_properties")
        path = jetsam_properties_dir() / f"{name}.plist"
        if not path.is_file():
            raise table.error("jetsam_properties", f"no built-in table named {name!r}")
        profile = profile.with_properties(read_properties_file(path), written_for=era)
    return profile


@cache
def device_profiles() -> dict[str, DeviceProfile]:
    """Every built-in profile by name (``iPhone12,1``, ``Mac`` …)."""
    profiles = [read_profile(path) for path in sorted(devices_dir().glob("*.toml"))]
    return {p.name: p for p in profiles}


def find_profile(name: str) -> DeviceProfile | None:
    """A built-in profile by name, case-insensitively (also ``iPhone12_1``)."""
    key = name.strip().lower().replace("_", ",")
    for profile in device_profiles().values():
        if profile.name.lower() == key:
            return profile
    return None
