"""Simulator → Compare…, without Qt: what to run (the window's scenario and a variant),
the what-if text a form writes, running both sides with progress and a way to stop,
and what differs between them.

The variant is the ``--what-if`` text of ``activitymon simulate`` (one or more
``KEY=VALUE`` assignments, separated by ``;``) or another scenario (``--compare``);
the form only writes that text, so a comparison made in the window can be repeated
from a script. Loading the scenarios and running the two simulations is slow (a
simulated hour is seconds of work): :func:`prepare` and :func:`run_both` are called
from a worker thread, never the GUI's.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from activitymon.model import PressureLevel, band_label, band_names
from activitymon.sim import DEFAULT_SCENARIO, Scenario, ScenarioError, find_profile, load_scenario
from activitymon.sim.compare import CompareCancelled, Side, only_in, run_side, variant
from activitymon.viewmodel.sim_sources import SimChoice

#: how often (simulated seconds) a side says how far it is
PROGRESS_EVERY_S = 30.0
#: how long the coordinating thread waits for news before asking "cancelled?" again
POLL_S = 0.1

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class CompareRequest:
    """What the dialog asks for: the window's run, and B as what-ifs or a scenario."""

    choice: SimChoice
    what_if: str = ""
    other: str | None = None
    #: the window's simulated time: both sides run at least this far
    now: float | None = None


@dataclass(frozen=True)
class Plan:
    """Both scenarios ready to run on one seed to one time."""

    a: Scenario
    b: Scenario
    seed: int
    until: float
    a_label: str
    b_label: str


def split_what_ifs(text: str) -> list[str]:
    """``KEY=VALUE`` assignments separated by ``;`` (a ``;`` inside double quotes is
    part of a value)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def current_scenario(choice: SimChoice) -> Scenario:
    """The scenario the window runs, on the device it runs it on (slow: reads files)."""
    scenario = load_scenario(choice.scenario or DEFAULT_SCENARIO)
    if choice.profile and choice.profile != scenario.profile.name:
        profile = find_profile(choice.profile)
        if profile is not None:
            scenario = scenario.on_device(profile)
    return scenario


def prepare(request: CompareRequest) -> Plan:
    """Load A and build B. Raises :class:`ScenarioError` with one line (a bad what-if,
    an unknown process or scenario)."""
    scenario = current_scenario(request.choice)
    what_ifs = [] if request.other else split_what_ifs(request.what_if)
    if not request.other and not what_ifs:
        raise ScenarioError(
            "--what-if: nothing to change: choose a process and what to change, "
            "another device or another scenario"
        )
    b = variant(scenario, request.other, what_ifs)
    seed = scenario.seed if request.choice.seed is None else request.choice.seed
    until = max(scenario.duration, request.now or 0.0)
    b_label = f"B: {b.name}" if request.other else f"B: what if {'; '.join(what_ifs)}"
    return Plan(scenario, b, seed, until, f"A: {scenario.name}", b_label)


# -- the form ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioSummary:
    """What the form offers for the window's run (read off the GUI thread)."""

    name: str
    device: str
    duration: float
    process_names: tuple[str, ...]
    #: named bands of the run's era: (band, "10 FOREGROUND") …
    bands: tuple[tuple[int, str], ...]


def summarize(choice: SimChoice) -> ScenarioSummary:
    scenario = current_scenario(choice)
    era = scenario.era
    bands = tuple((band, band_label(band, era)) for band in sorted(band_names(era)))
    return ScenarioSummary(
        scenario.name,
        scenario.profile.name,
        scenario.duration,
        tuple(process_names(scenario)),
        bands,
    )


def process_names(scenario: Scenario) -> list[str]:
    """Every process a what-if may name: the scenario's, those its actions launch,
    then the device's population (in that order, once each)."""
    names: dict[str, None] = {}
    for spec in scenario.processes:
        names.setdefault(spec.name)
    for action in scenario.actions:
        if action.launch is not None:
            names.setdefault(action.launch.name)
    if scenario.population:
        for spec in scenario.profile.processes:
            names.setdefault(spec.name)
    return list(names)


def example_what_if(names: list[str]) -> str:
    """A placeholder that works in this scenario: its first process frees half its
    memory when warned."""
    name = names[0] if names else "NAME"
    return f'process.{name}.on_warning="free 50%"'


@dataclass(frozen=True)
class VariantForm:
    """What the form says to change; ``None`` leaves a field as it is."""

    process: str | None = None
    #: "ignore", "free 50%", "free 80 MB", optionally "after 2 s"
    on_warning: str | None = None
    limit_mb: float | None = None
    limit_fatal: bool | None = None
    band: int | None = None
    grow_mb_per_s: float | None = None
    #: another device profile
    device: str | None = None
    extra: tuple[str, ...] = field(default=())


def _number(value: float) -> str:
    return f"{value:g}"


def what_if_text(form: VariantForm) -> str:
    """The ``--what-if`` assignments the form stands for, joined by ``; ``."""
    parts: list[str] = []
    if form.process:
        key = f"process.{form.process}"
        if form.on_warning is not None:
            parts.append(f"{key}.on_warning={json.dumps(form.on_warning)}")
        if form.limit_mb is not None:
            parts.append(f"{key}.limit_mb={_number(form.limit_mb)}")
        if form.limit_fatal is not None:
            parts.append(f"{key}.limit_fatal={'true' if form.limit_fatal else 'false'}")
        if form.band is not None:
            parts.append(f"{key}.band={form.band}")
        if form.grow_mb_per_s is not None:
            parts.append(f"{key}.grow_mb_per_s={_number(form.grow_mb_per_s)}")
    if form.device:
        parts.append(f"device.profile={json.dumps(form.device)}")
    parts.extend(form.extra)
    return "; ".join(parts)


# -- what differs -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    #: names killed in one run and never in the other, in order of first kill
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    #: (start, end) simulated seconds where the two runs' pressure levels differ
    level_differs: tuple[tuple[float, float], ...]

    @property
    def verdict(self) -> str:
        diff = len(self.b.kills) - len(self.a.kills)
        if diff == 0:
            return "the same number of kills in both"
        s = "s" if abs(diff) != 1 else ""
        return f"B has {abs(diff)} {'more' if diff > 0 else 'fewer'} kill{s} than A"


def level_differs(a: Side, b: Side) -> tuple[tuple[float, float], ...]:
    """Where the runs' pressure levels differ, as spans of simulated time (a sample at
    ``t`` stands for the step that ends at ``t``)."""
    spans: list[tuple[float, float]] = []
    start: float | None = None
    times = a.trace.times
    count = min(len(times), len(b.trace.times))
    for i in range(count):
        differs = a.trace.pressure[i] != b.trace.pressure[i]
        if differs and start is None:
            start = times[i - 1] if i else 0.0
        elif not differs and start is not None:
            spans.append((start, times[i - 1]))
            start = None
    if start is not None:
        spans.append((start, times[count - 1]))
    return tuple(spans)


def compare(a: Side, b: Side) -> Comparison:
    return Comparison(a, b, tuple(only_in(a, b)), tuple(only_in(b, a)), level_differs(a, b))


def level_name(level: PressureLevel | None) -> str:
    return "unknown" if level is None else level.label


def band_text(side: Side, band: int | None) -> str:
    return "—" if band is None else band_label(band, side.era)


# -- running ----------------------------------------------------------------------------------
def _run_one(index: int, plan: Plan, going_on: Callable[[int, float], bool]) -> Side:
    scenario, label = (plan.a, plan.a_label) if index == 0 else (plan.b, plan.b_label)
    return run_side(label, scenario, plan.seed, plan.until, going_on=lambda t: going_on(index, t))


def run_in_turn(plan: Plan, progress: Progress, cancelled: Cancelled) -> tuple[Side, Side]:
    """Both sides one after the other in this thread."""
    done = [0.0, 0.0]

    def going_on(index: int, t: float) -> bool:
        if t - done[index] >= PROGRESS_EVERY_S or t >= plan.until:
            done[index] = t
            progress(sum(done) / (2 * plan.until))
        return not cancelled()

    return _run_one(0, plan, going_on), _run_one(1, plan, going_on)


def _side_process(index: int, plan: Plan, news: Any, stop: Any) -> None:
    """A spawned process runs one side and posts its progress and result on ``news``."""
    last = [0.0]

    def going_on(_: int, t: float) -> bool:
        if t - last[0] >= PROGRESS_EVERY_S:
            last[0] = t
            news.put(("progress", index, t))
        return not stop.is_set()

    try:
        news.put(("done", index, _run_one(index, plan, going_on)))
    except CompareCancelled:
        news.put(("cancelled", index, None))
    except Exception as exc:  # said in the dialog in one line, never a traceback
        news.put(("error", index, f"{type(exc).__name__}: {exc}"))


def run_in_processes(plan: Plan, progress: Progress, cancelled: Cancelled) -> tuple[Side, Side]:
    """Both sides at once, each in a spawned process (a fork of a process running Qt
    threads is unsafe). Raises :class:`CompareCancelled` when stopped, and
    :class:`OSError` when no process can start (run them in turn then)."""
    context = multiprocessing.get_context("spawn")
    news = context.Queue()
    stop = context.Event()
    workers = [
        context.Process(target=_side_process, args=(i, plan, news, stop), daemon=True)
        for i in (0, 1)
    ]
    for worker in workers:
        worker.start()
    sides: list[Side | None] = [None, None]
    reached = [0.0, 0.0]
    ended = 0
    problem: str | None = None
    try:
        while ended < 2:
            if cancelled():
                stop.set()
            try:
                kind, index, payload = news.get(timeout=POLL_S)
            except queue.Empty:
                if not any(w.is_alive() for w in workers):
                    problem = problem or "a simulation stopped without a result"
                    break
                continue
            if kind == "progress":
                reached[index] = payload
                progress(sum(reached) / (2 * plan.until))
                continue
            ended += 1
            if kind == "done":
                sides[index] = payload
            elif kind == "error":
                problem = payload
                stop.set()
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
                worker.join()
        news.close()
    a, b = sides
    if problem is not None:
        raise ScenarioError(problem)
    if a is None or b is None:
        raise CompareCancelled("stopped")
    progress(1.0)
    return a, b


def run_both(
    plan: Plan, progress: Progress, cancelled: Cancelled, *, processes: bool
) -> Comparison:
    """Run A and B (in two processes when ``processes``, else in turn) and compare."""
    if processes:
        try:
            a, b = run_in_processes(plan, progress, cancelled)
            return compare(a, b)
        except OSError:
            pass  # no process could start here: run them in turn
    a, b = run_in_turn(plan, progress, cancelled)
    return compare(a, b)
