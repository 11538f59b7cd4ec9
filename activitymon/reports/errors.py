"""The one error type the report readers raise: a file and one line saying what is wrong."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class ReportError(Exception):
    """A file that could not be read as a jetsam report.

    ``str(error)`` is one line, ``"<path>: <what is wrong>"``, ready for
    ``activitymon: …`` on stderr.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        # one line, whatever the cause text held
        self.message = " ".join(message.split())
        super().__init__(f"{path}: {self.message}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.message))


class NotAJetsamReport(ReportError):
    """A readable file of another kind (a crash report, an Analytics log, other JSON)."""


class AnalyticsLog(NotAJetsamReport):
    """An Analytics log (bug_type 211): daily aggregates, not one jetsam moment.

    ``jetsam_aggregations`` holds the ``message`` objects of its
    ``JetsamAggregationV2``/``V3`` records (kill counts by process and reason).
    """

    def __init__(
        self, path: str, message: str, jetsam_aggregations: Sequence[Mapping[str, Any]] = ()
    ) -> None:
        super().__init__(path, message)
        self.jetsam_aggregations: tuple[Mapping[str, Any], ...] = tuple(jetsam_aggregations)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.message, self.jetsam_aggregations))
