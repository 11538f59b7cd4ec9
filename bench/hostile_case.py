"""One case of ``hostile_corpus.py``: a command run as a subprocess with a time bound,
and the properties every ending must have.

A case passes when it ends within :data:`TIMEOUT_S`, with no traceback and no signal;
a refusal exits non-zero with exactly one line on stderr; ``--json`` output is strict
JSON; no raw control character reaches stdout or stderr; truncated reports are marked
partial; no input file changed (a special file stays special); and the case's own
checks (``expect_ok``, ``stderr_has``, ``after``) hold.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT_S = 20.0
#: bytes that must never reach a terminal raw (C0 controls but tab/newline, DEL, C1)
_CONTROL = {*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F}
_C1 = tuple(chr(c).encode() for c in range(0x80, 0xA0))


@dataclass
class Case:
    name: str
    argv: list[str]
    inputs: list[Path]
    json_out: bool = False
    truncated: bool = False
    expect_refusal: bool = False
    env: dict[str, str] = field(default_factory=dict)
    stdin_closed: bool = False
    stdout_path: str | None = None
    #: the command must succeed (exit 0)
    expect_ok: bool = False
    #: text stderr must hold (e.g. "still being written")
    stderr_has: str | None = None
    #: a process started before the case and stopped after it (a second writer, a
    #: lock holder); the case starts once it printed a line
    background: list[str] | None = None
    #: run just before the command (after ``background`` is ready)
    before: Callable[[], None] | None = None
    #: checks after the command: a list of failures
    after: Callable[[], list[str]] | None = None
    #: argv before the command (``prlimit --fsize=…``)
    prefix: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    case: Case
    seconds: float
    failures: list[str]
    rc: int | None


def digest(paths: list[Path]) -> dict[Path, str]:
    out: dict[Path, str] = {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            out[path] = "absent"
            continue
        if not stat.S_ISREG(st.st_mode):
            out[path] = f"special {stat.S_IFMT(st.st_mode)}"
        else:
            out[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _strict(text: str) -> None:
    def bad(word: str) -> object:
        raise ValueError(f"non-standard JSON constant {word}")

    json.loads(text, parse_constant=bad)


def _start_background(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # ready
    return proc


def _stop_background(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _run(case: Case, exe: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    exe = case.prefix + exe
    if case.stdout_path is not None:
        with open(case.stdout_path, "wb") as sink:
            return subprocess.run(  # noqa: PLW1510 - the status is what is checked
                exe + case.argv,
                stdout=sink,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                timeout=TIMEOUT_S,
                env=env,
            )
    if case.stdin_closed:
        return subprocess.run(  # noqa: PLW1510 - the status is what is checked
            ["sh", "-c", '"$@" >&-', "sh", *exe, *case.argv],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=TIMEOUT_S,
            env=env,
        )
    return subprocess.run(  # noqa: PLW1510 - the status is what is checked
        exe + case.argv,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT_S,
        env=env,
    )


def run_case(case: Case, exe: list[str]) -> Outcome:
    failures: list[str] = []
    before = digest(case.inputs)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **case.env}
    background = None if case.background is None else _start_background(case.background, env)
    start = time.perf_counter()
    rc: int | None = None
    stdout_b = b""
    stderr_b = b""
    try:
        if case.before is not None:
            case.before()
        start = time.perf_counter()
        proc = _run(case, exe, env)
        rc = proc.returncode
        stdout_b = proc.stdout or b""
        stderr_b = proc.stderr
    except subprocess.TimeoutExpired:
        failures.append(f"hang (> {TIMEOUT_S:.0f} s)")
    finally:
        seconds = time.perf_counter() - start
        if background is not None:
            _stop_background(background)
    if rc is not None:
        failures += _judge(case, rc, stdout_b, stderr_b)
    if case.after is not None:
        failures += case.after()
    if digest(case.inputs) != before:
        failures.append("an input file changed")
    return Outcome(case, seconds, failures, rc)


def _judge(case: Case, rc: int, stdout_b: bytes, stderr_b: bytes) -> list[str]:
    failures: list[str] = []
    if rc < 0 or rc >= 128:
        failures.append(f"signal {-rc if rc < 0 else rc - 128}")
    if b"Traceback" in stderr_b or b"Traceback" in stdout_b:
        failures.append("traceback")
    if b"QThread: Destroyed" in stderr_b:
        failures.append("QThread destroyed while running")
    lines = [ln for ln in stderr_b.decode("utf-8", "replace").split("\n") if ln.strip()]
    if rc > 0 and len(lines) != 1 and case.argv[0] != "report":
        failures.append(f"refusal with {len(lines)} stderr lines")
    if rc != 0 and case.argv[0] == "report" and len(lines) != 1:
        failures.append(f"report refusal with {len(lines)} stderr lines")
    if case.expect_refusal and rc == 0:
        failures.append("accepted (a refusal was expected)")
    if case.expect_ok and rc != 0:
        failures.append(f"failed (exit {rc}; success was expected)")
    if case.stderr_has is not None and case.stderr_has not in stderr_b.decode("utf-8", "replace"):
        failures.append(f"stderr lacks {case.stderr_has!r}")
    for name, data in (("stdout", stdout_b), ("stderr", stderr_b)):
        if any(b in _CONTROL for b in data) or any(c in data for c in _C1):
            failures.append(f"raw control character on {name}")
    if case.json_out and stdout_b.strip():
        try:
            _strict(stdout_b.decode("utf-8"))
        except ValueError as exc:
            failures.append(f"JSON not strict: {str(exc)[:60]}")
    if case.truncated and rc == 0:
        text = stdout_b.decode("utf-8", "replace")
        if case.json_out:
            if '"partial": true' not in text:
                failures.append("truncated report not partial (JSON)")
        elif "PARTIAL" not in text:
            failures.append("truncated report not marked PARTIAL")
    return failures
