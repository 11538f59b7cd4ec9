"""A lesson run without a window, as the window runs it: the simulator behind a
:class:`SamplerCore` that stops exactly at each checkpoint (``StopAt``), the facts
each checkpoint declares checked when it is reached, the report the device posted
opened as a replay where a checkpoint asks for it. The tests run every lesson on every
device it names with it; ``activitymon lesson NAME --check`` prints what it finds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from activitymon.model import JetsamReport, ReportWritten
from activitymon.sources import Source, SourceError
from activitymon.sources.replay import ReplaySource
from activitymon.teaching.lesson_facts import LessonWitness, check_facts
from activitymon.teaching.lesson_progress import LessonProgress
from activitymon.teaching.lessons import Lesson
from activitymon.viewmodel.commands import SetPaused, StopAt
from activitymon.viewmodel.sampling import SamplerCore
from activitymon.viewmodel.sim_sources import SimChoice, build_sim_source
from activitymon.viewmodel.tick import ClockState, Tick

#: simulated seconds a lesson may run toward one checkpoint before it is called stuck
LIMIT_S = 1200.0


@dataclass(frozen=True)
class Reached:
    """One checkpoint reached: where, and every declared fact that did not hold."""

    name: str
    t: float
    problems: tuple[str, ...]


class LessonRunError(RuntimeError):
    """A checkpoint was never reached (one line)."""


def report_source(report: JetsamReport) -> ReplaySource:
    """The report the simulated device posted, as a replay (its Report tab)."""
    return ReplaySource([("the report the device just wrote", report)])


def posted_report(witness: LessonWitness, event: object) -> JetsamReport | None:
    """The report a ``ReportWritten`` event announced (by its incident id), else the
    latest the device posted."""
    if isinstance(event, ReportWritten) and event.incident is not None:
        for report in reversed(witness.reports):
            if report.incident_id == event.incident:
                return report
    return witness.reports[-1] if witness.reports else None


def run_lesson(lesson: Lesson, *, speed: float | None = None) -> Iterator[Reached]:
    """Run ``lesson`` to its end at ``speed`` (the lesson's own by default), yielding
    each checkpoint as it is reached."""
    progress = LessonProgress(lesson)
    witness = LessonWitness()
    clock = ClockState(speed=speed or lesson.speed)
    core: SamplerCore | None = None
    generation = 0
    while not progress.finished:
        cp = progress.current
        assert cp is not None
        if core is None or progress.needs_restart():
            scenario, profile = lesson.leg_for(progress.index)
            source: Source = build_sim_source(SimChoice(scenario, profile, lesson.seed))
            generation += 1
            core = SamplerCore(source, generation, clock)
            witness.new_leg()
            _feed(witness, core.tick(advance=False))
        core.perform(StopAt(cp))
        core.perform(SetPaused(False))
        start = witness.snapshot.time if witness.snapshot is not None else 0.0
        while True:
            tick = core.tick()
            _feed(witness, tick)
            now = tick.snapshot.time if tick.snapshot is not None else start
            if progress.observe(now, tick.events) is not None:
                break
            if now - start > LIMIT_S:
                raise LessonRunError(
                    f"{lesson.name}: checkpoint {cp.name!r} not reached in {LIMIT_S:.0f} s"
                )
        if cp.show_report:
            report = posted_report(witness, progress.reached_by)
            if report is None:
                raise LessonRunError(f"{lesson.name}: {cp.name}: no report to show")
            generation += 1
            core = SamplerCore(report_source(report), generation, ClockState())
            witness.show(report)
            _feed(witness, core.tick(advance=False))
        problems = check_facts(cp.facts, witness, progress.reached_by)
        yield Reached(cp.name, now, tuple(problems))
        progress.reveal()
        progress.advance()


def _feed(witness: LessonWitness, tick: Tick) -> None:
    if tick.error is not None:
        raise SourceError(tick.error)
    witness.observe(tick.snapshot, tick.events, tick.reports, tick.facts)
