"""The facts a lesson checkpoint's text relies on, and the check that they hold.

A checkpoint's ``[checkpoint.facts]`` table declares what its text, question and answer
take for granted about the screen at that moment: who died, who still runs, why, the
pressure level, which thresholds this device has, how many victims the report on
screen lists, how many kills wait for a later report. A :class:`LessonWitness` follows
the ticks of the lesson's run (Qt-free: the window's controller and the tests feed it
the same way) and :func:`check_facts` says, in one line each, every fact that does not
hold when the checkpoint is reached. A lesson whose text no longer matches its screen
fails CI and shows the mismatch in its panel.

Keys (all optional)::

    killed = ["Game"]          # these processes were killed by now
    alive = ["SpringBoard"]    # these are running now
    kills = 0                  # exactly this many kills so far in this leg
    reason = "idle-exit"       # the kill that reached the checkpoint (else the latest)
    first_killed_band = "IDLE" # the band the first victim of this leg died in
    last_killed = "Game"       # the latest victim
    level = "critical"         # the pressure level now
    thresholds = ["soft", "critical"]   # exactly the lines this device has
    compressor = false         # whether this device has a compressor
    band_scale = "legacy"      # the band scale on screen (legacy 0–21, modern 0–210)
    report_victims = 1         # the report on screen marks this many victims
    report_largest = "Game"    # … and names this process the largest
    unreported = 6             # kills so far that no posted report records (yet)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from activitymon.model import (
    Era,
    Event,
    JetsamReport,
    KernelFacts,
    Killed,
    KillReason,
    PressureLevel,
    Snapshot,
    Threshold,
    band_names,
)

_LISTS = ("killed", "alive", "thresholds")
_TEXTS = ("reason", "first_killed_band", "last_killed", "level", "band_scale", "report_largest")
_COUNTS = ("kills", "report_victims", "unreported")
FACT_KEYS = frozenset({*_LISTS, *_TEXTS, *_COUNTS, "compressor"})


class FactsError(ValueError):
    """A ``facts`` table is malformed; the message names the key."""


@dataclass(frozen=True)
class CheckpointFacts:
    killed: tuple[str, ...] = ()
    alive: tuple[str, ...] = ()
    kills: int | None = None
    reason: str | None = None
    first_killed_band: str | None = None
    last_killed: str | None = None
    level: PressureLevel | None = None
    thresholds: frozenset[Threshold] | None = None
    compressor: bool | None = None
    band_scale: Era | None = None
    report_victims: int | None = None
    report_largest: str | None = None
    unreported: int | None = None

    @property
    def empty(self) -> bool:
        return self == CheckpointFacts()


def parse_facts(body: Any) -> CheckpointFacts:
    """Read a ``facts`` table; :class:`FactsError` names the key that is wrong."""
    if body is None:
        return CheckpointFacts()
    if not isinstance(body, Mapping):
        raise FactsError(f"'facts' must be a table, got {type(body).__name__}")
    unknown = sorted(set(body) - FACT_KEYS)
    if unknown:
        raise FactsError(
            f"facts: unknown key {unknown[0]!r} (known: {', '.join(sorted(FACT_KEYS))})"
        )
    values: dict[str, Any] = {}
    for key in _LISTS:
        if key in body:
            items = body[key]
            if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
                raise FactsError(f"facts.{key}: expected a list of names")
            values[key] = tuple(items)
    for key in _TEXTS:
        if key in body:
            if not isinstance(body[key], str) or not body[key]:
                raise FactsError(f"facts.{key}: expected text")
            values[key] = body[key]
    for key in _COUNTS:
        if key in body:
            n = body[key]
            if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 10_000:
                raise FactsError(f"facts.{key}: expected a count 0–10000, got {n!r}")
            values[key] = n
    if "compressor" in body:
        if not isinstance(body["compressor"], bool):
            raise FactsError("facts.compressor: expected true or false")
        values["compressor"] = body["compressor"]
    return _typed(values)


def _typed(values: dict[str, Any]) -> CheckpointFacts:
    try:
        if "reason" in values:
            KillReason(values["reason"])
        if "level" in values:
            values["level"] = PressureLevel.parse(values["level"])
        if "thresholds" in values:
            values["thresholds"] = frozenset(Threshold(t) for t in values["thresholds"])
        if "band_scale" in values:
            values["band_scale"] = Era(values["band_scale"])
    except ValueError as exc:
        raise FactsError(f"facts: {exc}") from None
    return CheckpointFacts(**values)


@dataclass
class LessonWitness:
    """What a lesson's run has shown so far in its current leg (one device, one run)."""

    facts: KernelFacts | None = None
    snapshot: Snapshot | None = None
    kills: list[Killed] = field(default_factory=list)
    reports: list[JetsamReport] = field(default_factory=list)
    #: the report on screen (a replayed report), if any
    shown_report: JetsamReport | None = None

    def new_leg(self) -> None:
        """The lesson restarted its simulation (another device or scenario)."""
        self.facts = None
        self.snapshot = None
        self.kills.clear()
        self.reports.clear()
        self.shown_report = None

    def show(self, report: JetsamReport) -> None:
        """The report the device posted is now on screen (a replay): what the lesson
        saw of the device stays; the replay's victims are not new kills."""
        self.shown_report = report

    def observe(
        self,
        snapshot: Snapshot | None,
        events: Sequence[Event],
        reports: Sequence[JetsamReport] = (),
        facts: KernelFacts | None = None,
    ) -> None:
        if self.shown_report is not None:
            return  # a replayed report: the device's run is over for this leg
        if facts is not None:
            self.facts = facts
        if snapshot is not None:
            self.snapshot = snapshot
        self.kills += [e for e in events if isinstance(e, Killed)]
        self.reports += reports

    def report_of(self, kill: Killed) -> JetsamReport | None:
        """The posted report that records ``kill``."""
        for report in self.reports:
            if any(p.pid == kill.pid and p.name == kill.name for p in report.victims):
                return report
        return None


def _names(snapshot: Snapshot | None) -> set[str]:
    return set() if snapshot is None else {p.name for p in snapshot.processes}


def check_facts(want: CheckpointFacts, seen: LessonWitness, reached_by: Event | None) -> list[str]:
    """Every declared fact that does not hold now, one line each (empty: all hold)."""
    problems: list[str] = []
    killed = [k.name for k in seen.kills]
    for name in want.killed:
        if name not in killed:
            problems.append(f"{name} was to be killed by now; killed so far: {killed or 'none'}")
    running = _names(seen.snapshot)
    for name in want.alive:
        if name not in running:
            problems.append(f"{name} was to be running now, and is not")
    if want.kills is not None and len(seen.kills) != want.kills:
        problems.append(f"{want.kills} kills were expected so far, {len(seen.kills)} happened")
    problems += _kill_facts(want, seen, reached_by)
    problems += _device_facts(want, seen)
    problems += _report_facts(want, seen, reached_by)
    return problems


def _kill_facts(want: CheckpointFacts, seen: LessonWitness, reached_by: Event | None) -> list[str]:
    problems: list[str] = []
    if want.reason is not None:
        kill: Killed | None = reached_by if isinstance(reached_by, Killed) else None
        if kill is None and seen.kills:
            kill = seen.kills[-1]
        got = None if kill is None else kill.reason.value
        if got != want.reason:
            problems.append(f"the kill was to have reason {want.reason}, it has {got}")
    if want.first_killed_band is not None:
        first = seen.kills[0] if seen.kills else None
        era = seen.snapshot.era if seen.snapshot is not None else None
        band = None
        if first is not None and first.band is not None and era is not None:
            band = band_names(era).get(first.band, str(first.band))
        if band != want.first_killed_band:
            problems.append(
                f"the first victim was to die in band {want.first_killed_band}, it died in {band}"
            )
    if want.last_killed is not None:
        last = seen.kills[-1].name if seen.kills else None
        if last != want.last_killed:
            problems.append(f"the latest victim was to be {want.last_killed}, it is {last}")
    return problems


def _device_facts(want: CheckpointFacts, seen: LessonWitness) -> list[str]:
    problems: list[str] = []
    snapshot, facts = seen.snapshot, seen.facts
    if want.level is not None:
        level = None if snapshot is None else snapshot.level
        if level is not want.level:
            now = "unknown" if level is None else level.label
            problems.append(f"the pressure level was to be {want.level.label}, it is {now}")
    if want.thresholds is not None:
        have = None if facts is None else facts.thresholds
        if have != want.thresholds:
            named = "unknown" if have is None else sorted(t.value for t in have)
            problems.append(
                f"this device was to have the thresholds {sorted(t.value for t in want.thresholds)}"
                f", it has {named}"
            )
    if want.compressor is not None:
        have_compressor = None if facts is None else facts.compressor
        if have_compressor is not want.compressor:
            problems.append(
                f"the device was {'' if want.compressor else 'not '}to have a compressor"
            )
    if want.band_scale is not None:
        era = None if snapshot is None else snapshot.era
        if era is not want.band_scale:
            problems.append(
                f"the band scale was to be {want.band_scale.value}, it is "
                f"{'none' if era is None else era.value}"
            )
    return problems


def _report_facts(
    want: CheckpointFacts, seen: LessonWitness, reached_by: Event | None
) -> list[str]:
    problems: list[str] = []
    report = seen.shown_report
    if report is None and isinstance(reached_by, Killed):
        report = seen.report_of(reached_by)
    if want.report_victims is not None:
        n = None if report is None else len(report.victims)
        if n != want.report_victims:
            problems.append(
                f"the report on screen was to mark {want.report_victims} victims, "
                + ("there is no report" if n is None else f"it marks {n}")
            )
    if want.report_largest is not None:
        largest = None if report is None else report.largest_process
        if largest != want.report_largest:
            problems.append(
                f"the report was to name {want.report_largest} the largest process, "
                f"it names {largest}"
            )
    if want.unreported is not None:
        recorded = {(p.pid, p.name) for r in seen.reports for p in r.victims}
        waiting = [
            k
            for k in seen.kills
            if k.reason is not KillReason.JETTISONED and (k.pid, k.name) not in recorded
        ]
        if len(waiting) != want.unreported:
            problems.append(
                f"{want.unreported} kills were to be in no report yet, {len(waiting)} are"
            )
    return problems
