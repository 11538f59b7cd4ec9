"""Reading TOML tables into checked values, with messages that name the file, the key
path and what was expected: ``hog.toml: process[2].band: expected an integer 0–210 or
a band name, got "hgh"``. Shared by device profiles, populations and scenarios."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from activitymon.limits import MAX_FIRES_PER_S, MAX_MB
from activitymon.model import Era, LimitOrigin, ProcessState, parse_band
from activitymon.model.bands import PRIORITY_LIMIT
from activitymon.model.text import shortened
from activitymon.sim.errors import ScenarioError
from activitymon.sim.process import RELAUNCH_NAMES, STATE_NAMES, ResponsePolicy


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{shortened(value, 60)}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)


def _digits(value: int) -> int:
    """How many decimal digits (without converting: Python refuses beyond 4,300)."""
    return max(1, math.ceil(abs(value).bit_length() * math.log10(2)))


@dataclass(frozen=True, slots=True)
class Table:
    """A TOML table being read: where it is (file and key path) and its data."""

    file: str
    path: str
    data: Mapping[str, Any]

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str) -> ScenarioError:
        return ScenarioError(f"{self.file}: {self.where(key)}: {message}")

    def check_keys(self, allowed: set[str] | frozenset[str]) -> None:
        for key in self.data:
            if key not in allowed:
                options = ", ".join(sorted(allowed))
                raise self.error(key, f"unknown key (expected one of: {options})")

    def has(self, key: str) -> bool:
        return key in self.data

    def string(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.error(key, "required key is missing (expected a string)")
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected a non-empty string, got {_show(value)}")
        return value

    def optional_string(self, key: str) -> str | None:
        return self.string(key) if key in self.data else None

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        minimum: float = 0.0,
        strict: bool = False,
        maximum: float = MAX_MB,
    ) -> float:
        """A finite number from ``minimum`` (excluded when ``strict``) to ``maximum``;
        the message names the accepted range."""
        value = self.data.get(key, default)
        if value is None:
            raise self.error(key, "required key is missing (expected a number)")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"expected a number, got {_show(value)}")
        low = f"above {minimum:g}" if strict else f"from {minimum:g}"
        accepted = f"expected a finite number {low} to {maximum:g}"
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise self.error(key, f"{accepted}, got an integer of {len(str(abs(value)))} digits")
        if not math.isfinite(value) or value < minimum or value > maximum:
            raise self.error(key, f"{accepted}, got {value:g}")
        if strict and value == minimum:
            raise self.error(key, f"{accepted}, got {value:g}")
        return float(value)

    def optional_number(
        self, key: str, *, minimum: float = 0.0, maximum: float = MAX_MB
    ) -> float | None:
        return self.number(key, minimum=minimum, maximum=maximum) if key in self.data else None

    def integer(
        self, key: str, default: int | None = None, *, minimum: int = 0, maximum: int = 2**63 - 1
    ) -> int:
        value = self.data.get(key, default)
        if value is None:
            raise self.error(key, "required key is missing (expected an integer)")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected an integer, got {_show(value)}")
        if not minimum <= value <= maximum:
            shown = str(value) if abs(value) < 10**30 else f"an integer of {_digits(value)} digits"
            raise self.error(key, f"expected an integer from {minimum} to {maximum}, got {shown}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {_show(value)}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.error(key, f"required key is missing (expected {' | '.join(options)})")
        if not isinstance(value, str) or value.strip().lower() not in options:
            raise self.error(key, f"expected one of {', '.join(options)}, got {_show(value)}")
        return value.strip().lower()

    def band(self, key: str, era: Era) -> int:
        try:
            return parse_band(self.data[key], era)
        except ValueError as exc:
            raise self.error(key, str(exc)) from None

    def tables(self, key: str) -> list[Table]:
        """An array of tables (``[[key]]``), each with its indexed path."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(key, f"expected an array of tables ([[{key}]]), got {_show(value)}")
        return [Table(self.file, f"{key}[{i}]", item) for i, item in enumerate(value)]

    def table(self, key: str) -> Table:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table ([{key}]), got {_show(value)}")
        return Table(self.file, self.where(key), value)


PROCESS_KEYS = frozenset(
    {
        "name",
        "pid",
        "band",
        "footprint_mb",
        "state",
        "limit_mb",
        "inactive_limit_mb",
        "limit_fatal",
        "inactive_limit_fatal",
        "idle_exit",
        "dirty",
        "relaunch",
        "purgeable_mb",
        "on_warning",
        "grow_mb_per_s",
        "chunk_mb",
        "priority",
        "elevated_inactive",
        "label",
        "kind",
        "entitlements",
        "graphics_percent",
    }
)
#: what a process is, for the jetsam properties: the section it is looked up in
KIND_NAMES = (
    "daemon",
    "app",
    "system-app",
    "extension",
    "xpc-service",
    "system-xpc-service",
    "internal",
)
#: entitlements the simulator models, by short name (the full name is accepted too)
ENTITLEMENTS = {"increased-memory-limit": "com.apple.developer.kernel.increased-memory-limit"}
#: ``limit_mb = "system"``: the device's task limit (what XNU stores as -1); ``"none"``:
#: no limit at all (XNU's internal 0, used by its tests; for teaching)
LIMIT_WORDS = ("system", "none")


@dataclass(frozen=True, slots=True)
class ProcessSpec:
    """One ``[[process]]`` (or ``launch`` action) of a scenario or population."""

    name: str
    band: int
    pid: int | None = None
    footprint_mb: float = 1.0
    state: ProcessState = ProcessState.DAEMON
    limit_mb: float | None = None
    inactive_limit_mb: float | None = None
    limit_fatal: bool = True
    inactive_limit_fatal: bool = True
    idle_exit: bool = False
    dirty: bool = False
    relaunch: str = "low"
    purgeable_mb: float = 0.0
    on_warning: ResponsePolicy = field(default_factory=ResponsePolicy)
    grow_mb_per_s: float = 0.0
    chunk_mb: float = 8.0
    #: an iOS 6 (xnu-2050) priority, used instead of ``band`` on that kernel
    priority: int | None = None
    #: the "use elevated inactive band" attribute (keeps its active limit there)
    elevated_inactive: bool = False
    #: launchd label, bundle identifier or extension point (jetsam properties key);
    #: ``None``: the name
    label: str | None = None
    #: daemon, app, system-app, extension, xpc-service, system-xpc-service, or internal
    #: (launchd: no jetsam properties)
    kind: str = "daemon"
    entitlements: frozenset[str] = frozenset()
    #: where the limits come from (``None``: own if given, else the task limit)
    limit_origin: LimitOrigin | None = None
    #: the keys its author wrote (the jetsam properties fill in only the others)
    given: frozenset[str] = frozenset()
    #: the share of its memory that is GPU / IOKit memory (textures, buffers): counted
    #: in its footprint (§3.1), wired while it exists, never compressed
    graphics_percent: int = 0

    def scaled(self, factor: float) -> ProcessSpec:
        """The same process with its sizes multiplied (device populations)."""
        return replace(
            self,
            footprint_mb=round(self.footprint_mb * factor, 3),
            purgeable_mb=round(self.purgeable_mb * factor, 3),
        )


def read_process(
    table: Table, era: Era, *, extra_keys: frozenset[str] = frozenset(), own: bool = True
) -> ProcessSpec:
    """One process table. With ``own`` (a scenario's processes) the keys written are
    remembered: a device's jetsam properties do not override them."""
    table.check_keys(PROCESS_KEYS | extra_keys)
    name = table.string("name")
    band = table.band("band", era) if table.has("band") else era.default_band
    pid = table.integer("pid", minimum=1, maximum=2**31 - 1) if table.has("pid") else None
    state = ProcessState(table.choice("state", STATE_NAMES, "daemon"))
    limit_fatal = table.boolean("limit_fatal", True)
    try:
        policy = ResponsePolicy.parse(table.string("on_warning", "ignore"))
    except ValueError as exc:
        raise table.error("on_warning", str(exc)) from None
    limit = read_limit(table, "limit_mb")
    inactive = read_limit(table, "inactive_limit_mb") if table.has("inactive_limit_mb") else limit
    idle_exit = table.boolean("idle_exit", False)
    grow = table.number("grow_mb_per_s", 0.0)
    chunk = table.number("chunk_mb", 8.0, minimum=0.0, strict=True)
    check_growth(table, "grow_mb_per_s", grow, chunk)
    priority = (
        table.integer("priority", minimum=-PRIORITY_LIMIT, maximum=PRIORITY_LIMIT)
        if table.has("priority")
        else None
    )
    return ProcessSpec(
        name=name,
        band=band,
        pid=pid,
        footprint_mb=table.number("footprint_mb", 1.0),
        state=state,
        limit_mb=limit,
        inactive_limit_mb=inactive,
        limit_fatal=limit_fatal,
        inactive_limit_fatal=table.boolean("inactive_limit_fatal", limit_fatal),
        idle_exit=idle_exit,
        dirty=table.boolean("dirty", False),
        relaunch=table.choice("relaunch", RELAUNCH_NAMES, "low"),
        purgeable_mb=table.number("purgeable_mb", 0.0),
        on_warning=policy,
        grow_mb_per_s=grow,
        chunk_mb=chunk,
        priority=priority,
        elevated_inactive=table.boolean("elevated_inactive", False),
        label=table.optional_string("label"),
        kind=table.choice("kind", KIND_NAMES, "daemon" if state is ProcessState.DAEMON else "app"),
        entitlements=read_entitlements(table),
        given=frozenset(table.data) if own else frozenset(),
        graphics_percent=table.integer("graphics_percent", 0, maximum=100),
    )


def read_limit(table: Table, key: str) -> float | None:
    """A limit in MB, ``"system"`` (the device's task limit: ``None``) or ``"none"`` (no
    limit: 0); absent is ``"system"``."""
    value = table.data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        word = value.strip().lower()
        if word not in LIMIT_WORDS:
            raise table.error(
                key, f'expected a number of MB above 0, "system" or "none", got {_show(value)}'
            )
        return None if word == "system" else 0.0
    number = table.number(key)
    if number <= 0:
        raise table.error(
            key, f'expected a number of MB above 0, "system" or "none", got {number:g}'
        )
    return number


def read_entitlements(table: Table) -> frozenset[str]:
    value = table.data.get("entitlements", [])
    expected = "expected an array of entitlement names (" + ", ".join(ENTITLEMENTS) + ")"
    if not isinstance(value, list) or len(value) > 16:
        raise table.error("entitlements", f"{expected}, got {_show(value)}")
    names: set[str] = set()
    for item in value:
        full = {v: k for k, v in ENTITLEMENTS.items()}
        if isinstance(item, str) and item.strip() in ENTITLEMENTS:
            names.add(item.strip())
        elif isinstance(item, str) and item.strip() in full:
            names.add(full[item.strip()])
        else:
            raise table.error("entitlements", f"{expected}, got {_show(item)}")
    return frozenset(names)


def check_growth(table: Table, key: str, rate_mb_per_s: float, chunk_mb: float) -> None:
    """Growth comes in chunks, each a timer: refuse more than ``MAX_FIRES_PER_S``."""
    if rate_mb_per_s / chunk_mb > MAX_FIRES_PER_S:
        raise table.error(
            key,
            f"{rate_mb_per_s:g} MB/s in chunks of {chunk_mb:g} MB is "
            f"{rate_mb_per_s / chunk_mb:,.0f} chunks per simulated second "
            f"(at most {MAX_FIRES_PER_S:,.0f}: use a larger chunk_mb)",
        )
