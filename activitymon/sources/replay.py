"""Replay of recorded jetsam reports (being built; see its issue)."""

from __future__ import annotations

from collections.abc import Sequence

from activitymon.sources.base import Source, SourceUnavailable


def open_replay_source(paths: Sequence[str]) -> Source:
    raise SourceUnavailable("report replay is not available in this build")
