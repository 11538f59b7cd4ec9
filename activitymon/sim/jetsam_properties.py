"""Reading a device's jetsam properties: ``com.apple.jetsamproperties.<model>.plist``.

launchd (daemons) and RunningBoard (apps, extensions, XPC services) give each process
its jetsam priority and memory limits from this file; the kernel only applies them.
Two layouts are public (docs/SIMULATOR.md, "Jetsam properties", says where each was
read):

* **CachedDefaults** (iOS 7, launchd-842 ``support/launchctl.c`` ·
  ``read_jetsam_defaults``): a top-level ``Version`` (3), ``Defaults`` and
  ``CachedDefaults``, each a dictionary of launchd label → that job's
  ``JetsamProperties`` (``JetsamPriority``, ``JetsamMemoryLimit`` in MB,
  ``JetsamMemoryLimitBackground``; launchd-842 ``src/core.c`` ·
  ``jetsam_property_setup``).
* **Version4** (RunningBoard, iOS 13 and later): ``Version4`` → a section per kind of
  process (``Daemon``, ``App``, ``SystemApp``, ``Extension``, ``XPCService`` …) →
  ``Override`` → identifier (launchd label, bundle identifier or extension point) →
  ``ActiveSoftMemoryLimit`` / ``ActiveHardMemoryLimit`` / ``InactiveSoftMemoryLimit`` /
  ``InactiveHardMemoryLimit`` (MB), ``JetsamPriority``, ``EnablePressuredExit``,
  ``ThreadLimit`` …; the entry named ``Global`` inside ``Override`` holds the
  section's defaults.

The file is input from outside: it may be XML or binary, damaged or hostile. Every
problem ends in one :class:`PropertiesError` line naming the file and the key path;
nothing here raises anything else. Priorities are checked against the device's band
scale where they are applied (:mod:`activitymon.sim.properties_apply`).
"""

from __future__ import annotations

import enum
import plistlib
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from activitymon.limits import MAX_MB
from activitymon.model.text import shortened
from activitymon.sim.errors import ScenarioError

#: real files are a few hundred KB; anything this large is not one
MAX_PLIST_BYTES = 16 * 1024 * 1024
#: identifiers per file (a real one has a few hundred)
MAX_ENTRIES = 100_000
MAX_LABEL_CHARS = 512

#: the Version4 sections, in the order RunningBoard reads them
#: (``-[RBJetsamPropertyManager _prepareJetsamData:]``)
VERSION4_SECTIONS = (
    "Extension",
    "ExternalExtension",
    "XPCService",
    "SystemXPCService",
    "App",
    "SystemApp",
    "Angel",
    "Daemon",
)
GLOBAL = "Global"

#: keys whose meaning the simulator applies
LIMIT_KEYS = (
    "ActiveSoftMemoryLimit",
    "ActiveHardMemoryLimit",
    "InactiveSoftMemoryLimit",
    "InactiveHardMemoryLimit",
)
PRIORITY_KEY = "JetsamPriority"
PRESSURED_EXIT_KEY = "EnablePressuredExit"
LEGACY_LIMIT_KEY = "JetsamMemoryLimit"
LEGACY_BACKGROUND_KEY = "JetsamMemoryLimitBackground"


class PropertiesError(ScenarioError):
    """A jetsam-properties file that cannot be used: one line, file and key."""


class Layout(enum.Enum):
    CACHED_DEFAULTS = "CachedDefaults"
    VERSION4 = "Version4"


@dataclass(frozen=True, slots=True)
class MemoryLimitMB:
    """A limit as the file gives it: MB (≤ 0: the device's default task limit) and
    whether it is fatal (Hard) or a high-water mark (Soft)."""

    mb: int
    fatal: bool


@dataclass(frozen=True, slots=True)
class PropertiesEntry:
    """One identifier's properties in one section."""

    section: str
    label: str
    priority: int | None = None
    active: MemoryLimitMB | None = None
    inactive: MemoryLimitMB | None = None
    #: ``EnablePressuredExit`` (launchd's pressured exit: the daemon may idle-exit)
    pressured_exit: bool | None = None
    #: keys read but not modelled (``ThreadLimit``, ``WellBehaved``, ``FreezerEligible`` …)
    ignored: tuple[str, ...] = ()

    def over(self, defaults: PropertiesEntry | None) -> PropertiesEntry:
        """This entry with each property it does not give taken from ``defaults`` (a
        section's ``Global``)."""
        if defaults is None:
            return self
        return PropertiesEntry(
            section=self.section,
            label=self.label,
            priority=self.priority if self.priority is not None else defaults.priority,
            active=self.active if self.active is not None else defaults.active,
            inactive=self.inactive if self.inactive is not None else defaults.inactive,
            pressured_exit=(
                self.pressured_exit if self.pressured_exit is not None else defaults.pressured_exit
            ),
            ignored=self.ignored,
        )


@dataclass(frozen=True, slots=True)
class JetsamProperties:
    """A whole file: its layout and every entry, by section and label."""

    file: str
    layout: Layout
    entries: Mapping[tuple[str, str], PropertiesEntry]
    #: ``Version`` of a CachedDefaults file (launchd-842 reads only 3)
    version: int | None = None

    def entry(self, section: str, label: str) -> PropertiesEntry | None:
        return self.entries.get((section, label))

    def labels(self) -> list[tuple[str, str]]:
        """Every (section, label) but the ``Global`` defaults, in file order."""
        return [key for key in self.entries if key[1] != GLOBAL]


# -- reading ---------------------------------------------------------------------------


def read_properties_file(path: Path, shown: str | None = None) -> JetsamProperties:
    """Read a file (XML or binary): a regular file (a FIFO or a device is refused
    before it is opened), at most :data:`MAX_PLIST_BYTES`."""
    name = shown or path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PropertiesError(f"{name}: not a regular file, not a jetsam-properties plist")
        if info.st_size > MAX_PLIST_BYTES:
            raise PropertiesError(
                f"{name}: too large for a jetsam-properties plist ({info.st_size:,} bytes; "
                f"the limit is {MAX_PLIST_BYTES:,})"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PropertiesError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return parse_properties(data, name)


def parse_properties(data: bytes, file: str) -> JetsamProperties:
    """Parse the bytes of a jetsam-properties plist; ``file`` is the name in messages."""
    if len(data) > MAX_PLIST_BYTES:
        raise PropertiesError(f"{file}: too large for a jetsam-properties plist")
    try:
        root = plistlib.loads(data)
    except RecursionError:
        raise PropertiesError(f"{file}: nested too deeply to be a property list") from None
    except Exception as exc:  # plistlib raises many kinds on hostile input
        raise PropertiesError(f"{file}: not a property list ({_reason(exc)})") from None
    if not isinstance(root, dict):
        raise PropertiesError(f"{file}: expected a dictionary at the top, got {_kind(root)}")
    reader = _Reader(file)
    if "Version4" in root:
        return reader.version4(root["Version4"])
    if "CachedDefaults" in root or "Defaults" in root:
        return reader.cached_defaults(root)
    keys = ", ".join(sorted(str(k) for k in root)[:6]) or "none"
    raise PropertiesError(
        f"{file}: expected a Version4 or CachedDefaults dictionary at the top (keys: {keys})"
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return shortened(text, 80)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a real number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a dictionary"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bytes):
        return "data"
    return "a date" if value is not None else "nothing"


def _hard_or_soft(given: dict[str, int], state: str) -> MemoryLimitMB | None:
    """A state's limit: Hard (fatal) where the entry gives both."""
    hard, soft = given.get(f"{state}HardMemoryLimit"), given.get(f"{state}SoftMemoryLimit")
    if hard is not None:
        return MemoryLimitMB(hard, True)
    return None if soft is None else MemoryLimitMB(soft, False)


def _shown(label: str) -> str:
    return shortened(label, 60)


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0

    def error(self, path: str, message: str) -> PropertiesError:
        return PropertiesError(f"{self.file}: {path}: {message}")

    def dictionary(self, value: object, path: str) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise self.error(path, f"expected a dictionary, got {_kind(value)}")
        return value

    def label(self, key: object, path: str) -> str:
        if not isinstance(key, str) or not key:
            raise self.error(path, "expected identifiers (strings) as keys")
        if len(key) > MAX_LABEL_CHARS:
            raise self.error(path, f"an identifier of {len(key):,} characters (at most 512)")
        self.count += 1
        if self.count > MAX_ENTRIES:
            raise self.error(path, f"more than {MAX_ENTRIES:,} identifiers")
        return key

    # -- layouts -------------------------------------------------------------------------
    def version4(self, top: object) -> JetsamProperties:
        sections = self.dictionary(top, "Version4")
        entries: dict[tuple[str, str], PropertiesEntry] = {}
        for section, body in sections.items():
            where = f"Version4.{_shown(str(section))}"
            if section not in VERSION4_SECTIONS:
                continue  # a section the simulator has no processes for; listed by name
            overrides = self.dictionary(body, where).get("Override", {})
            for key, props in self.dictionary(overrides, f"{where}.Override").items():
                label = self.label(key, f"{where}.Override")
                path = f"{where}.Override.{_shown(label)}"
                entries[(section, label)] = self.version4_entry(section, label, props, path)
        return JetsamProperties(self.file, Layout.VERSION4, entries)

    def cached_defaults(self, root: dict[Any, Any]) -> JetsamProperties:
        version = root.get("Version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            raise self.error("Version", f"expected an integer, got {_kind(version)}")
        if isinstance(version, int) and not 0 <= version <= 1_000_000:
            raise self.error("Version", f"expected a small integer, got {version}")
        entries: dict[tuple[str, str], PropertiesEntry] = {}
        # launchctl merges Defaults into each job's plist; CachedDefaults go to launchd
        # itself: where both name a label, CachedDefaults is read last and wins
        for section in ("Defaults", "CachedDefaults"):
            if section not in root:
                continue
            for key, props in self.dictionary(root[section], section).items():
                label = self.label(key, section)
                path = f"{section}.{_shown(label)}"
                entries[("CachedDefaults", label)] = self.legacy_entry(label, props, path)
        return JetsamProperties(self.file, Layout.CACHED_DEFAULTS, entries, version)

    # -- entries -------------------------------------------------------------------------
    def version4_entry(self, section: str, label: str, props: object, path: str) -> PropertiesEntry:
        body = self.dictionary(props, path)
        given = {k: self.limit(body[k], f"{path}.{k}") for k in LIMIT_KEYS if k in body}
        active = _hard_or_soft(given, "Active")
        inactive = _hard_or_soft(given, "Inactive")
        known = {*LIMIT_KEYS, PRIORITY_KEY, PRESSURED_EXIT_KEY}
        return PropertiesEntry(
            section=section,
            label=label,
            priority=self.priority(body, path),
            active=active,
            inactive=inactive,
            pressured_exit=self.flag(body, PRESSURED_EXIT_KEY, path),
            ignored=self.ignored(body, known),
        )

    def legacy_entry(self, label: str, props: object, path: str) -> PropertiesEntry:
        body = self.dictionary(props, path)
        limit: MemoryLimitMB | None = None
        if LEGACY_LIMIT_KEY in body:
            # xnu-2422: a limit launchd passes at spawn is the process's high-water
            # mark (memorystatus_on_ledger_footprint_exceeded kills only processes
            # without one); ≤ 0 leaves the device's task limit
            mb = self.limit(body[LEGACY_LIMIT_KEY], f"{path}.{LEGACY_LIMIT_KEY}")
            limit = MemoryLimitMB(mb, False)
        background = self.flag(body, LEGACY_BACKGROUND_KEY, path) or False
        known = {LEGACY_LIMIT_KEY, LEGACY_BACKGROUND_KEY, PRIORITY_KEY}
        return PropertiesEntry(
            section="CachedDefaults",
            label=label,
            priority=self.priority(body, path),
            active=None if background else limit,
            inactive=limit,
            ignored=self.ignored(body, known),
        )

    # -- values --------------------------------------------------------------------------
    def limit(self, value: object, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(path, f"expected a limit in MB (an integer), got {_kind(value)}")
        if not -1 <= value <= MAX_MB:
            shown = str(value) if abs(value) < 10**12 else f"an integer of {len(str(value))} digits"
            raise self.error(
                path, f"expected a limit in MB from -1 (the default) to {MAX_MB:,.0f}, got {shown}"
            )
        return value

    def priority(self, body: dict[Any, Any], path: str) -> int | None:
        if PRIORITY_KEY not in body:
            return None
        value, where = body[PRIORITY_KEY], f"{path}.{PRIORITY_KEY}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(where, f"expected a band (an integer), got {_kind(value)}")
        if not -1_000_000 <= value <= 1_000_000:
            raise self.error(where, f"expected a band, got {value}")
        return value

    def flag(self, body: dict[Any, Any], key: str, path: str) -> bool | None:
        if key not in body:
            return None
        value = body[key]
        if not isinstance(value, bool):
            raise self.error(f"{path}.{key}", f"expected true or false, got {_kind(value)}")
        return value

    @staticmethod
    def ignored(body: dict[Any, Any], known: set[str]) -> tuple[str, ...]:
        return tuple(sorted(_shown(str(k)) for k in body if k not in known))
