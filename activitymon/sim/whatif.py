"""What-if variants of a scenario: change one thing and run it again.

``process.NAME.FIELD=VALUE`` sets one ``[[process]]`` field (any key a scenario file
accepts: ``band``, ``limit_mb``, ``inactive_limit_mb``, ``limit_fatal``,
``on_warning`` …) of the process named NAME — a scenario process, one of the device's
population, or one a ``launch`` action starts. ``device.KEY=VALUE`` sets ``profile``
(the same story on another device), ``ram_mb``, ``page_size`` or ``era``. VALUE is read
as a TOML value when it is one (``300``, ``true``, ``"free 50%"``), else as text, and
checked as the scenario file's value would be.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from activitymon.inputs import BeyondBounds, InputError, loads_toml
from activitymon.model import Era
from activitymon.model.text import shortened
from activitymon.sim.errors import ScenarioError
from activitymon.sim.profiles import ERA_NAMES, PAGE_SIZES, device_profiles, find_profile
from activitymon.sim.scenario import Scenario
from activitymon.sim.specs import PROCESS_KEYS, ProcessSpec, Table, read_process

DEVICE_WHAT_IF_KEYS = ("profile", "ram_mb", "page_size", "era")
_WHERE = "--what-if"


def parse_value(text: str, key: str = "") -> Any:
    """A TOML value if ``text`` is one, else the text itself. A value nested too deep
    or holding a number too long to read is a :class:`ScenarioError` naming ``key``."""
    try:
        return loads_toml(f"v = {text}")["v"]
    except BeyondBounds as exc:
        raise ScenarioError(f"{_WHERE}: {key or shortened(text, 40)}: {exc}") from None
    except InputError:
        return text


def apply_what_if(scenario: Scenario, assignment: str) -> Scenario:
    """``scenario`` with one change. Raises :class:`ScenarioError` with one line naming
    the key and what was expected."""
    key, sep, raw = assignment.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ScenarioError(
            f"{_WHERE}: expected KEY=VALUE (process.NAME.FIELD=… or device.profile=…), "
            f"got {assignment!r}"
        )
    value = parse_value(raw.strip(), key)
    head, _, rest = key.partition(".")
    if head == "device" and rest:
        return _device(scenario, rest, value)
    if head == "process" and "." in rest:
        name, _, field = rest.rpartition(".")
        return _process(scenario, name, field, value)
    raise ScenarioError(
        f"{_WHERE}: {key}: expected process.NAME.FIELD or device.KEY "
        f"({', '.join(DEVICE_WHAT_IF_KEYS)})"
    )


def _device(scenario: Scenario, key: str, value: Any) -> Scenario:
    table = Table(_WHERE, "device", {key: value})
    if key == "profile":
        profile = find_profile(table.string("profile"))
        if profile is None:
            known = ", ".join(device_profiles())
            raise table.error("profile", f"expected a built-in profile ({known}), got {value!r}")
        return scenario.on_device(profile)
    if key == "ram_mb":
        profile = scenario.profile.with_overrides(
            ram_mb=table.integer("ram_mb", minimum=64), page_size=None, era=None
        )
    elif key == "page_size":
        size = table.integer("page_size")
        if size not in PAGE_SIZES:
            raise table.error("page_size", f"expected 4096 or 16384, got {size}")
        profile = scenario.profile.with_overrides(ram_mb=None, page_size=size, era=None)
    elif key == "era":
        era = Era(table.choice("era", ERA_NAMES))
        return scenario.on_device(
            scenario.profile.with_overrides(ram_mb=None, page_size=None, era=era)
        )
    else:
        raise table.error(key, f"unknown device key (expected {', '.join(DEVICE_WHAT_IF_KEYS)})")
    return replace(scenario, profile=profile)


def _process(scenario: Scenario, name: str, field: str, value: Any) -> Scenario:
    table = Table(_WHERE, f"process.{name}", {"name": name, field: value})
    if field not in PROCESS_KEYS or field in ("name", "pid"):
        options = ", ".join(sorted(PROCESS_KEYS - {"name", "pid"}))
        raise table.error(field, f"unknown field (expected one of: {options})")
    parsed = read_process(table, scenario.era)
    new_value = getattr(parsed, field)
    found = False

    def change(spec: ProcessSpec) -> ProcessSpec:
        nonlocal found
        if spec.name != name:
            return spec
        found = True
        if field == "band":  # a band replaces an iOS 6 priority given for the process
            return replace(spec, band=new_value, priority=None)
        return replace(spec, **{field: new_value})

    processes = tuple(change(p) for p in scenario.processes)
    population = scenario.profile.processes
    if scenario.population:
        population = tuple(change(p) for p in population)
    actions = tuple(
        a if a.launch is None else replace(a, launch=change(a.launch)) for a in scenario.actions
    )
    if not found:
        names = sorted({p.name for p in scenario.processes} | _launched(scenario))
        if scenario.population:
            names += sorted({p.name for p in scenario.profile.processes} - set(names))
        known = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
        raise ScenarioError(
            f'{_WHERE}: process.{name}: no process named "{name}" in scenario '
            f"{scenario.name} (known: {known})"
        )
    return replace(
        scenario,
        processes=processes,
        actions=actions,
        profile=replace(scenario.profile, processes=population),
    )


def _launched(scenario: Scenario) -> set[str]:
    return {a.launch.name for a in scenario.actions if a.launch is not None}
