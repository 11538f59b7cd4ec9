"""A Mac's memorystatus lines from the unified log, through Apple's ``log`` tool.

Since macOS 10.12 the kernel's memorystatus messages (``killing_idle_process``,
``killing_top_process``, ``purged … pages``) go to the unified log, which only ``log``
reads. Every ``interval`` seconds this runs
``log show --last 30s --style ndjson --predicate 'sender == "kernel" AND eventMessage
CONTAINS "memorystatus"'`` and keeps the messages not seen before. Where the tool is
missing or refuses, :attr:`problem` says why in one line and no line is claimed.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import deque
from collections.abc import Callable

PREDICATE = 'sender == "kernel" AND eventMessage CONTAINS "memorystatus"'
COMMAND = ("log", "show", "--last", "30s", "--style", "ndjson", "--predicate", PREDICATE)
#: the output read from one run at most (a flood cannot hold the sampler)
MAX_BYTES = 4 << 20
#: messages remembered to tell new from seen, and kept between two reads
MAX_SEEN = 4000
MAX_LINES = 1000
#: messages are kept this long: the kernel's message text, cut for the view
MAX_TEXT = 2000

Runner = Callable[[], bytes]


def _run_log() -> bytes:
    done = subprocess.run(list(COMMAND), capture_output=True, timeout=20, check=False)
    if done.returncode != 0:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PermissionError(first[0] if first else f"log show exited {done.returncode}")
    return done.stdout[:MAX_BYTES]


def parse_ndjson(data: bytes) -> list[tuple[str, str]]:
    """``(timestamp, message)`` of each kernel memorystatus entry of ``log show
    --style ndjson`` output; anything else (a summary line, a damaged line) is skipped."""
    out: list[tuple[str, str]] = []
    for raw in data[:MAX_BYTES].splitlines():
        if not raw.startswith(b"{"):
            continue
        try:
            entry = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if not isinstance(entry, dict):
            continue
        message = entry.get("eventMessage")
        stamp = entry.get("timestamp")
        if isinstance(message, str) and "memorystatus" in message:
            out.append((str(stamp), " ".join(message.split())[:MAX_TEXT]))
    return out


class UnifiedLog:
    def __init__(
        self,
        *,
        run: Runner = _run_log,
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run = run
        self.interval = interval
        self._clock = clock
        self._last: float | None = None
        self._seen: deque[tuple[str, str]] = deque(maxlen=MAX_SEEN)
        self._seen_set: set[tuple[str, str]] = set()
        self._lines: list[str] = []
        #: why the log cannot be read here (``None`` while it can)
        self.problem: str | None = None
        self._first = True

    def poll(self) -> None:
        """Read the log if ``interval`` passed since the last read."""
        if self.problem is not None:
            return
        now = self._clock()
        if self._last is not None and now - self._last < self.interval:
            return
        self._last = now
        try:
            entries = parse_ndjson(self._run())
        except FileNotFoundError:
            self.problem = (
                "kernel log: the 'log' tool is not here (macOS 10.12 and later have it), "
                "so memorystatus's own lines cannot be shown"
            )
            return
        except (OSError, subprocess.SubprocessError) as exc:
            self.problem = (
                f"kernel log: 'log show' refused ({exc}); the kernel's memorystatus lines "
                "need an administrator account"
            )
            return
        for entry in entries:
            if entry in self._seen_set:
                continue
            if len(self._seen) == self._seen.maxlen:
                self._seen_set.discard(self._seen[0])
            self._seen.append(entry)
            self._seen_set.add(entry)
            if not self._first and len(self._lines) < MAX_LINES:
                self._lines.append(entry[1])
        self._first = False  # what was logged before the window opened is not new

    def take_lines(self) -> list[str]:
        lines, self._lines = self._lines, []
        return lines
