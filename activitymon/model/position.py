"""Where a source that plays back a timeline stands: one immutable value per tick."""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model.report import JetsamReport


@dataclass(frozen=True)
class Position:
    """Moment ``index`` (0-based) of ``count`` in a timeline; ``report`` is the jetsam
    report shown there (``None`` where the moment is not a report)."""

    index: int
    count: int
    report: JetsamReport | None = None
    #: a recording's first and last sample time on its clock (``None`` for reports)
    span: tuple[float, float] | None = None

    @property
    def label(self) -> str:
        """The report's date as it gives it, or ``""``."""
        if self.report is None:
            return ""
        return self.report.date or self.report.timestamp or ""

    @property
    def at_start(self) -> bool:
        return self.index <= 0

    @property
    def at_end(self) -> bool:
        return self.index + 1 >= self.count
