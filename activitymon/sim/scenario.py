"""Scenario files: a device, its processes and a timeline of actions, in TOML.

Contract (issue 3): top-level ``seed`` (default 0), ``duration`` (default 60 s),
``description``; ``[device]`` with ``profile`` and optional ``ram_mb``, ``page_size``,
``era`` and ``population`` (default true: the profile's daemons and apps);
``[[process]]`` tables; ``[[action]]`` tables with ``at``, ``do``, ``process`` and the
keys of their action (``every`` repeats an action). Every error names the file, the
key path and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from activitymon.inputs import InputError, loads_toml, read_text_bounded
from activitymon.limits import MAX_FIRES_PER_S, MAX_MB, MAX_SIM_SECONDS, MIN_EVERY_S
from activitymon.model import Era, PressureLevel, convert_band
from activitymon.sim.errors import ScenarioError
from activitymon.sim.jetsam_properties import JetsamProperties, read_properties_file
from activitymon.sim.profiles import (
    ERA_NAMES,
    PAGE_SIZES,
    DeviceProfile,
    device_profiles,
    find_profile,
)
from activitymon.sim.properties_apply import apply_properties
from activitymon.sim.resources import scenarios_dir
from activitymon.sim.rules import rules_for
from activitymon.sim.specs import (
    PROCESS_KEYS,
    ProcessSpec,
    Table,
    check_growth,
    read_limit,
    read_process,
)

TOP_KEYS = frozenset(
    {"seed", "duration", "description", "device", "process", "action", "jetsam_properties"}
)
DEVICE_KEYS = frozenset(
    {
        "profile",
        "ram_mb",
        "page_size",
        "era",
        "population",
        "task_limit_mb",
        "entitled_limit_mb",
        "jetsam_properties",
    }
)
COMMON_ACTION_KEYS = frozenset({"at", "do", "every", "process"})
ACTION_KEYS: dict[str, frozenset[str]] = {
    "grow": frozenset({"rate_mb_per_s", "chunk_mb"}),
    "stop": frozenset(),
    "allocate": frozenset({"mb"}),
    "free": frozenset({"mb"}),
    "launch": PROCESS_KEYS,
    "exit": frozenset(),
    "kill": frozenset(),
    "foreground": frozenset(),
    "background": frozenset(),
    "suspend": frozenset(),
    "set_band": frozenset({"band"}),
    "set_limit": frozenset({"limit_mb", "limit_fatal"}),
    "pressure": frozenset({"level"}),
    "memory_warning": frozenset(),
}
NO_PROCESS_ACTIONS = frozenset({"pressure", "launch"})
DEFAULT_PROFILE = "iPhone12,1"
#: the scenario the app and every command run when none is named (the one place it is)
DEFAULT_SCENARIO = "demo"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    at: float
    do: str
    process: str | None = None
    every: float | None = None
    rate_mb_per_s: float = 0.0
    chunk_mb: float = 8.0
    mb: float = 0.0
    band: int = 0
    #: ``set_limit``: MB (``None``: no limit), or the device's task limit (``limit_system``)
    limit_mb: float | None = None
    limit_fatal: bool = True
    limit_system: bool = False
    #: ``pressure``: the simulated level; ``None`` (``level = "normal"``) ends it
    level: PressureLevel | None = None
    launch: ProcessSpec | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    description: str
    seed: int
    duration: float
    profile: DeviceProfile
    population: bool
    processes: tuple[ProcessSpec, ...]
    actions: tuple[ActionSpec, ...]
    path: Path | None = None

    @property
    def era(self) -> Era:
        return self.profile.era

    def with_properties(
        self, properties: JetsamProperties, written_for: Era | None = None
    ) -> Scenario:
        """The same story on a device whose jetsam properties are ``properties``: its
        population, its own processes and the processes it launches get their
        priorities and limits by label (what a process writes itself is kept)."""
        population = self.profile.population if self.population else ()
        launches = [a.launch for a in self.actions if a.launch is not None]
        specs = (*population, *self.processes, *launches)
        given, use = apply_properties(properties, specs, self.profile.kernel_era, written_for)
        n, m = len(population), len(self.processes)
        profile = self.profile.with_properties(properties, written_for)
        profile = replace(profile, properties_use=use)
        launched = iter(given[n + m :])
        actions = tuple(
            a if a.launch is None else replace(a, launch=next(launched)) for a in self.actions
        )
        return replace(self, profile=profile, processes=given[n : n + m], actions=actions)

    def on_device(self, profile: DeviceProfile) -> Scenario:
        """The same story on another device, with that device's jetsam properties."""
        moved = self._moved(profile)
        if profile.properties is None:
            return moved
        return moved.with_properties(profile.properties, profile.properties_era)

    def _moved(self, profile: DeviceProfile) -> Scenario:
        """The same story on another device. Bands move to the new era's scale
        (legacy 0–21 ↔ modern 0–210), so a FOREGROUND app stays a FOREGROUND app."""
        old, new = self.profile.era, profile.era

        def rescale(band: int) -> int:
            return convert_band(band, old, new)

        processes = tuple(replace(p, band=rescale(p.band)) for p in self.processes)
        actions = tuple(
            replace(
                a,
                band=rescale(a.band),
                launch=None if a.launch is None else replace(a.launch, band=rescale(a.launch.band)),
            )
            for a in self.actions
        )
        return replace(self, profile=profile, processes=processes, actions=actions)


def _read_device(table: Table) -> tuple[DeviceProfile, bool]:
    """The ``[device]`` table: a built-in profile and what the scenario changes."""
    table.check_keys(DEVICE_KEYS)
    name = table.string("profile", DEFAULT_PROFILE)
    profile = find_profile(name)
    if profile is None:
        known = ", ".join(device_profiles())
        raise table.error("profile", f'expected a built-in profile ({known}), got "{name}"')
    page_size = table.integer("page_size") if table.has("page_size") else None
    if page_size is not None and page_size not in PAGE_SIZES:
        raise table.error("page_size", f"expected 4096 or 16384, got {page_size}")
    era = Era(table.choice("era", ERA_NAMES)) if table.has("era") else None
    ram = table.integer("ram_mb", minimum=64, maximum=int(MAX_MB)) if table.has("ram_mb") else None
    profile = profile.with_overrides(ram_mb=ram, page_size=page_size, era=era)
    profile = _read_device_limits(table, profile)
    return profile, table.boolean("population", True)


def _read_device_limits(table: Table, profile: DeviceProfile) -> DeviceProfile:
    """``task_limit_mb`` / ``entitled_limit_mb``: the device's ``max_task_pmem`` and
    ``entitled_max_task_pmem`` in MB (0: none), on the releases that have them."""
    rules = rules_for(profile.xnu, profile.era)
    task = entitled = None
    if table.has("task_limit_mb"):
        # 0 is "no task limit" anywhere (task.c: "Setting the boot-arg to 0 disables
        # task limits"); a limit needs a release that has one
        if table.data["task_limit_mb"] != 0 and not rules.task_limit:
            raise table.error(
                "task_limit_mb",
                f"{profile.name} runs {rules.tag}, which has no task limit "
                "(no phys_footprint ledger on xnu-2050; no CONFIG_JETSAM on a Mac)",
            )
        task = table.integer("task_limit_mb", minimum=0, maximum=int(MAX_MB))
    if table.has("entitled_limit_mb"):
        if table.data["entitled_limit_mb"] != 0 and not rules.entitled_limit:
            raise table.error(
                "entitled_limit_mb",
                f"{profile.name} runs {rules.tag}: the entitled limit arrived with xnu-7195",
            )
        entitled = table.integer("entitled_limit_mb", minimum=0, maximum=int(MAX_MB))
    return profile.with_overrides(
        ram_mb=None, page_size=None, era=None, task_limit_mb=task, entitled_limit_mb=entitled
    )


def _read_action(table: Table, era: Era, names: set[str]) -> ActionSpec:
    do = table.choice("do", tuple(ACTION_KEYS))
    table.check_keys(COMMON_ACTION_KEYS | ACTION_KEYS[do])
    at = table.number("at", maximum=MAX_SIM_SECONDS)
    every = (
        table.number("every", minimum=MIN_EVERY_S, maximum=MAX_SIM_SECONDS)
        if table.has("every")
        else None
    )
    process: str | None = None
    if do == "launch":
        spec = read_process(table, era, extra_keys=COMMON_ACTION_KEYS - {"process"})
        names.add(spec.name)
        return ActionSpec(at=at, do=do, every=every, launch=spec, process=spec.name)
    if do not in NO_PROCESS_ACTIONS:
        process = table.string("process")
        if process not in names:
            known = ", ".join(sorted(names)[:12]) + (" …" if len(names) > 12 else "")
            raise table.error("process", f'no process named "{process}" (known: {known})')
    if do == "grow":
        rate = table.number("rate_mb_per_s", strict=True)
        chunk = table.number("chunk_mb", 8.0, strict=True)
        check_growth(table, "rate_mb_per_s", rate, chunk)
        return ActionSpec(
            at=at, do=do, process=process, every=every, rate_mb_per_s=rate, chunk_mb=chunk
        )
    if do in ("allocate", "free"):
        return ActionSpec(at=at, do=do, process=process, every=every, mb=table.number("mb"))
    if do == "set_band":
        if not table.has("band"):
            raise table.error(
                "band",
                f"required key is missing (expected an integer 0–{era.max_band} or a band name)",
            )
        return ActionSpec(at=at, do=do, process=process, every=every, band=table.band("band", era))
    if do == "set_limit":
        if not table.has("limit_mb"):
            raise table.error("limit_mb", 'required key is missing (MB, "system" or "none")')
        word = table.data["limit_mb"]
        system = isinstance(word, str) and word.strip().lower() == "system"
        limit = (
            0.0 if isinstance(word, (int, float)) and word == 0 else read_limit(table, "limit_mb")
        )
        return ActionSpec(
            at=at,
            do=do,
            process=process,
            every=every,
            limit_mb=limit if limit else None,
            limit_fatal=table.boolean("limit_fatal", True),
            limit_system=system,
        )
    if do == "pressure":
        level = PressureLevel.parse(table.choice("level", ("warn", "critical", "normal")))
        return ActionSpec(
            at=at, do=do, every=every, level=None if level is PressureLevel.NORMAL else level
        )
    return ActionSpec(at=at, do=do, process=process, every=every)


def _check_fire_rate(file: str, actions: list[ActionSpec], processes: list[ProcessSpec]) -> None:
    """Refuse a scenario whose repeating actions and growth would, together, fire more
    than ``MAX_FIRES_PER_S`` timers per simulated second (it would crawl, not run)."""
    rate = sum(1.0 / a.every for a in actions if a.every is not None)
    rate += sum(a.rate_mb_per_s / a.chunk_mb for a in actions if a.do == "grow")
    rate += sum(p.grow_mb_per_s / p.chunk_mb for p in processes)
    if rate > MAX_FIRES_PER_S:
        raise ScenarioError(
            f"{file}: action: the repeating actions and growth would fire {rate:,.0f} "
            f"times per simulated second (at most {MAX_FIRES_PER_S:,.0f})"
        )


def parse_scenario(text: str, file: str, *, name: str, path: Path | None = None) -> Scenario:
    """Read a scenario from TOML text; ``file`` is the name shown in messages."""
    try:
        data = loads_toml(text)
    except InputError as exc:
        raise ScenarioError(f"{file}: {exc}") from None
    top = Table(file, "", data)
    top.check_keys(TOP_KEYS)
    profile, population = _read_device(top.table("device"))
    era = profile.era
    processes: list[ProcessSpec] = []
    pids: set[int] = set()
    for table in top.tables("process"):
        spec = read_process(table, era)
        if spec.pid is not None:
            if spec.pid in pids:
                raise table.error("pid", f"expected a unique pid, got {spec.pid} twice")
            pids.add(spec.pid)
        processes.append(spec)
    names = {p.name for p in processes}
    if population:
        names |= {p.name for p in profile.processes}
    actions = [_read_action(t, era, names) for t in top.tables("action")]
    _check_fire_rate(file, actions, processes)
    scenario = Scenario(
        name=name,
        description=top.string("description", name),
        seed=top.integer("seed", 0, minimum=-(2**63)),
        duration=top.number("duration", 60.0, strict=True, maximum=MAX_SIM_SECONDS),
        profile=profile,
        population=population,
        processes=tuple(processes),
        actions=tuple(sorted(actions, key=lambda a: a.at)),
        path=path,
    )
    properties = _properties_key(top)
    if properties is not None:
        return scenario.with_properties(_read_properties(properties, path))
    if profile.properties is not None:
        return scenario.with_properties(profile.properties, profile.properties_era)
    return scenario


def _properties_key(top: Table) -> Table | None:
    """Where ``jetsam_properties`` is given: at the top or in ``[device]``."""
    device = top.table("device")
    if top.has("jetsam_properties") and device.has("jetsam_properties"):
        raise device.error("jetsam_properties", "given twice (at the top and in [device])")
    if device.has("jetsam_properties"):
        return device
    return top if top.has("jetsam_properties") else None


def _read_properties(table: Table, path: Path | None) -> JetsamProperties:
    """A jetsam-properties file named by a scenario, relative to the scenario's folder."""
    name = table.string("jetsam_properties")
    file = Path(name).expanduser()
    if not file.is_absolute() and path is not None:
        file = path.parent / file
    return read_properties_file(file, shown=str(name))


#: larger than any scenario a person writes (the built-in ones are under 4 KB)
MAX_SCENARIO_BYTES = 4 * 1024 * 1024


def read_scenario_file(path: Path) -> Scenario:
    """Read a scenario file: a regular file (a FIFO or a device is refused before it
    is opened), UTF-8, at most ``MAX_SCENARIO_BYTES``."""
    try:
        text = read_text_bounded(path, MAX_SCENARIO_BYTES, "scenario")
    except InputError as exc:
        raise ScenarioError(f"{path.name}: {exc}") from None
    return parse_scenario(text, path.name, name=path.stem, path=path)


@cache
def builtin_scenario(name: str) -> Scenario:
    """One built-in scenario, read when first asked for (the window starts on one: it
    does not read the other nine)."""
    return read_scenario_file(scenarios_dir() / f"{name}.toml")


def builtin_scenario_names() -> list[str]:
    """The built-in scenarios' names, sorted, without reading them."""
    return sorted(p.stem for p in scenarios_dir().glob("*.toml"))


def builtin_scenarios() -> dict[str, Scenario]:
    """Every built-in scenario by name."""
    return {name: builtin_scenario(name) for name in builtin_scenario_names()}


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A built-in scenario by name, or a TOML file."""
    text = str(name_or_path)
    path = Path(text).expanduser()
    if path.suffix == ".toml" or path.exists() or "/" in text:
        if not path.exists():
            raise ScenarioError(f"{path.name}: no such scenario file ({path})")
        return read_scenario_file(path)
    builtin = scenarios_dir() / f"{text}.toml"
    if builtin.is_file():
        return builtin_scenario(text)
    known = ", ".join(p.stem for p in sorted(scenarios_dir().glob("*.toml")))
    raise ScenarioError(f"unknown scenario {text!r} (built-in: {known}; or give a .toml file)")


def with_properties_file(scenario: Scenario, file: str) -> Scenario:
    """``scenario`` with the jetsam-properties plist at ``file`` (``--jetsam-properties``)
    in place of its device's own."""
    path = Path(file).expanduser()
    return scenario.with_properties(read_properties_file(path, shown=file))
