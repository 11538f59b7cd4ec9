"""Live macos source (being built; see its issue)."""

from __future__ import annotations

from activitymon.sources.base import Source, SourceUnavailable


def open_macos_source() -> Source:
    raise SourceUnavailable("the macos source is not available in this build")
