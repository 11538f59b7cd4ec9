"""Live linux source (being built; see its issue)."""

from __future__ import annotations

from activitymon.sources.base import Source, SourceUnavailable


def open_linux_source() -> Source:
    raise SourceUnavailable("the linux source is not available in this build")
