"""One status line on a terminal, redrawn in place: a progress bar or a running count."""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 40
#: redraw at most this often (seconds)
REDRAW_S = 0.1


class ProgressLine:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0
        self._drawn = False

    @classmethod
    def on_terminal(cls, stream: TextIO) -> ProgressLine | None:
        """A progress line when ``stream`` is a terminal, else ``None`` (no noise in logs)."""
        return cls(stream) if stream.isatty() else None

    def bar(self, fraction: float, label: str = "", *, force: bool = False) -> None:
        fraction = min(1.0, max(0.0, fraction))
        done = int(fraction * BAR_WIDTH)
        line = f"[{'#' * done}{'.' * (BAR_WIDTH - done)}] {fraction * 100:5.1f} %  {label}"
        self.text(line, force=force or fraction >= 1.0)

    def text(self, line: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < REDRAW_S:
            return
        self._last = now
        self._drawn = True
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()

    def done(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
