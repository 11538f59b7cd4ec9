"""One line of the narration: its moment, its sentence, what it is about and the
events it tells (``teaching/narrator.py`` makes them). Qt-free."""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Event, PressureLevel


@dataclass(frozen=True)
class NarrationLine:
    t: float
    #: the sentence, without its time
    sentence: str
    #: what the line is about: "kill", "level", "threshold", "notify", "respond",
    #: "limit", "report", "launch", "summary"
    kind: str
    #: the glossary term that explains it
    term: str
    pid: int | None = None
    event: Event | None = None
    #: the pressure level a "level" line announces (its colour)
    level: PressureLevel | None = None
    #: a folded burst: one entry per member, in order
    details: tuple[str, ...] = ()
    #: the events the line tells (a burst's members; the one event of a single line)
    members: tuple[Event, ...] = ()
    #: figures in pages, for the tooltip
    note: str = ""
    #: the line's place in the narration; a growing burst keeps its number
    serial: int = 0

    @property
    def text(self) -> str:
        return f"{self.t:.1f} s — {self.sentence}"

    def tab_separated(self) -> str:
        """``<seconds>\\t<sentence>``: the line as ``simulate --narrate`` writes it."""
        return f"{self.t:.1f}\t{self.sentence}"

    def __str__(self) -> str:
        return self.text
