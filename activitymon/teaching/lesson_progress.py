"""Where a lesson stands while it runs (Qt-free): running toward a checkpoint, waiting
at one (question asked, then answer shown), restarted from a step, or finished; and
what it runs toward, in words for the lesson panel's progress line."""

from __future__ import annotations

from collections.abc import Sequence

from activitymon.model import Event, EventKind
from activitymon.teaching.lessons import Checkpoint, Lesson


class LessonProgress:
    """Where a lesson stands: running toward a checkpoint, waiting at one (question
    asked, then answer shown), or finished. Qt-free; the GUI pauses the clock while
    :attr:`waiting`."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.index = 0
        self.waiting = False
        self.answered = False
        self.reached_by: Event | None = None
        self.reached_at: float | None = None
        #: restarting from a step: the checkpoints before it pass without waiting
        self.skip_until = 0

    @property
    def skipping(self) -> bool:
        """On the way to the step a restart asked for: this checkpoint is passed."""
        return self.index < self.skip_until

    def leg_start(self, index: int) -> int:
        """The first checkpoint of the leg ``index`` runs in: where its scenario starts."""
        start = 0
        for i, cp in enumerate(self.lesson.checkpoints[: index + 1]):
            if i and (cp.scenario is not None or cp.profile is not None):
                start = i
        return start

    def restart_from(self, index: int) -> None:
        """Go back (or forward) to step ``index``: its leg starts again and the
        checkpoints before it in that leg are passed without waiting."""
        if not 0 <= index < len(self.lesson.checkpoints):
            raise IndexError(f"step {index + 1} of {len(self.lesson.checkpoints)}")
        self.index = self.leg_start(index)
        self.skip_until = index
        self.waiting = False
        self.answered = False
        self.reached_by = None
        self.reached_at = None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.lesson.checkpoints)

    @property
    def current(self) -> Checkpoint | None:
        return None if self.finished else self.lesson.checkpoints[self.index]

    def observe(self, t: float, events: Sequence[Event]) -> Checkpoint | None:
        """Feed one tick; returns the checkpoint reached by it (then :attr:`waiting`)."""
        cp = self.current
        if cp is None or self.waiting:
            return None
        found = cp.match(t, events)
        if found is None:
            return None
        self.waiting = True
        self.answered = False
        self.reached_by = found if not isinstance(found, bool) else None
        self.reached_at = t
        return cp

    def reveal(self) -> str:
        if not self.waiting or self.current is None:
            raise RuntimeError("no checkpoint is waiting for an answer")
        self.answered = True
        return self.current.answer

    def advance(self) -> Checkpoint | None:
        """Leave the current checkpoint (its answer shown); returns the next one."""
        if not (self.waiting and self.answered):
            raise RuntimeError("reveal the answer before moving on")
        self.waiting = False
        self.index += 1
        return self.current

    def waiting_for(self) -> str:
        """What the lesson runs toward: "until Game is killed", "until 72 s" …"""
        cp = self.current
        return "" if cp is None else waiting_for(cp)

    def needs_restart(self) -> bool:
        """Whether the next checkpoint runs on another scenario or device than the last."""
        if self.finished or self.index == 0:
            return False
        cp = self.lesson.checkpoints[self.index]
        return cp.scenario is not None or cp.profile is not None


def waiting_for(cp: Checkpoint) -> str:
    """What reaches ``cp``, in words for the progress line."""
    if cp.on is None:
        return f"until {cp.at:g} s" if cp.at is not None else ""
    if cp.on is EventKind.KILL:
        if cp.process is not None:
            what = f"until {cp.process} is killed"
        elif cp.reason is not None:
            what = f"until a kill with reason {cp.reason}"
        else:
            what = "until the next kill"
    elif cp.on is EventKind.LEVEL:
        level = "changes" if cp.level is None else f"turns {cp.level.label.capitalize()}"
        what = f"until the pressure level {level}"
    elif cp.on is EventKind.REPORT:
        what = "until the device writes a jetsam report"
    else:
        what = f"until the next {cp.on.value} event"
    return what + (f", after {cp.at:g} s" if cp.at is not None else "")
