"""Helpers for the hostile-input tests: small hand-made reports and a hang guard."""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Iterator
from typing import Any

import pytest

HEADER = (
    '{"bug_type":"298","timestamp":"2020-10-15 17:29:58.79 +0100",'
    '"os_version":"iPhone OS 14.2 (18B5061e)","incident_id":"B04A36B1"}\n'
)
UUID = "b3574f4bded1315cb2e50e5de205be48"
#: a hang bound, not a speed target: the old readers took minutes on these inputs
HANG_S = 20


def proc(pid: Any = 1, name: Any = "proc", rpages: Any = 100, **more: Any) -> str:
    entry = {"pid": pid, "name": name, "rpages": rpages, "priority": 0, "states": ["daemon"]}
    entry.update(more)
    return json.dumps(entry)


def body(procs: list[str], status: str | None = None) -> str:
    status = status or '{"pageSize": 16384, "memoryPages": {"free": 100, "wired": 300}}'
    return (
        '{\n  "product" : "iPhone12,1",\n  "build" : "iPhone OS 14.2",\n'
        f'  "memoryStatus" : {status},\n  "largestProcess" : "proc",\n'
        '  "processes" : [\n' + ",\n".join(procs) + "\n]\n}\n"
    )


def lowmemory(rows: list[str], pages: str = "922") -> str:
    return (
        "Incident Identifier: 7BC7B59F\nHardware Model:      iPad2,5\n"
        "OS Version:          iPhone OS 7.0.4 (11B554a)\n\n"
        f"Free pages:                              {pages}\n"
        "Active pages:                            3697\n"
        "Largest process:   KKBOX\n\nProcesses\n"
        "     Name                    <UUID>                       rpages       recent_max"
        "   fds      [reason]          (state)\n\n" + "\n".join(rows) + "\n"
    )


@contextlib.contextmanager
def ends_within(seconds: int = HANG_S) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs past ``seconds``."""

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def strict_json(text: str) -> Any:
    def refuse(word: str) -> Any:
        raise AssertionError(f"{word} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Any:
    """``main(argv)`` → (exit status, stdout, stderr), a SystemExit counted as a status."""
    from activitymon.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            status = main(list(argv))
        except SystemExit as exc:
            status = int(exc.code or 0)
        out = capsys.readouterr()
        return status, out.out, out.err

    return run
