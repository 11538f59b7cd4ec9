"""The one progress line of every long command (``report --summary``, ``report
--export``, ``simulate``, ``record``): a bar or a running count on stderr, redrawn in
place, only when stderr is a terminal (nothing in logs or pipes), at most every
:data:`REDRAW_S` seconds, and, with ``after_s``, only once the work has taken that
long (a run that ends at once shows nothing)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 40
#: redraw at most this often (seconds)
REDRAW_S = 0.1


class ProgressLine:
    def __init__(self, stream: TextIO, *, after_s: float = 0.0) -> None:
        self.stream = stream
        self._start = time.monotonic()
        self._after_s = after_s
        self._last = 0.0
        self._drawn = False

    @classmethod
    def on_terminal(
        cls, stream: TextIO | None = None, *, after_s: float = 0.0
    ) -> ProgressLine | None:
        """A progress line when ``stream`` (stderr by default) is a terminal, else
        ``None`` (no noise in logs)."""
        stream = sys.stderr if stream is None else stream
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):  # no stream, or a closed one
            terminal = False
        return cls(stream, after_s=after_s) if terminal else None

    def bar(self, fraction: float, label: str = "", *, force: bool = False) -> None:
        fraction = min(1.0, max(0.0, fraction))
        done = int(fraction * BAR_WIDTH)
        line = f"[{'#' * done}{'.' * (BAR_WIDTH - done)}] {fraction * 100:5.1f} %  {label}"
        self.text(line.rstrip(), force=force or fraction >= 1.0)

    def count(self, done: int, total: int, noun: str) -> None:
        """``[####....]  42.0 %  420/1000 files``."""
        self.bar(done / total if total else 1.0, f"{done}/{total} {noun}")

    def text(self, line: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if now - self._start < self._after_s and not self._drawn:
            return
        if not force and now - self._last < REDRAW_S:
            return
        self._last = now
        self._drawn = True
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()

    def done(self) -> None:
        """End the line (when anything was drawn), so what follows starts clean."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
