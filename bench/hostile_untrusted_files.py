"""The corpus's cases for issue 30: recordings as untrusted input (through ``snapshot
--recording`` and the window), ``record`` onto what is not a regular file or beyond
its bounds, a full disk and a second writer, files that are not files (FIFOs,
devices, links to ``/dev/zero``) given as recordings and lessons, ``--what-if`` and
lesson numbers beyond bounds, and a standard output that can only encode ASCII.

:func:`build` returns the cases and a clean-up (it may mount a small tmpfs for the
full disk, when run as root; otherwise the disk is filled by ``RLIMIT_FSIZE``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hostile_case import Case
from hostile_recordings import damaged, hold_lock, in_wal, make_valid, special_names


def _wait_for(path: Path, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 0:
            time.sleep(1.0)  # a few samples in
            return
        time.sleep(0.05)


def _sh_ready(argv: list[str]) -> list[str]:
    """``argv`` run by a shell that first prints a line (the corpus waits for one)."""
    return ["sh", "-c", 'echo ready; exec "$@"', "sh", *argv]


def _closed_with_samples(path: Path, least: int) -> Callable[[], list[str]]:
    def check() -> list[str]:
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                closed = db.execute("SELECT count(*) FROM meta WHERE key = 'closed'").fetchone()
                samples = db.execute("SELECT count(*) FROM samples").fetchone()
            finally:
                db.close()
        except sqlite3.Error as exc:
            return [f"the first writer's recording is unreadable ({exc})"]
        if not closed[0] or samples[0] < least:
            return [f"the first writer's recording is not whole ({samples[0]} samples)"]
        return []

    return check


def _kill_after_samples(argv: list[str], path: Path) -> Callable[[], None]:
    def run() -> None:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(path)
        time.sleep(1.0)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    return run


def _mount_tmpfs(folder: Path, size: str, read_only: bool = False) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _remount_read_only(folder: Path) -> bool:
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(folder)], capture_output=True, check=False
    )
    return done.returncode == 0


def build(folder: Path, exe: list[str], quick: bool) -> tuple[list[Case], Callable[[], None]]:
    cases: list[Case] = []
    mounts: list[Path] = []
    recs = folder / "recordings"
    recs.mkdir()
    valid = recs / "valid.amrec"
    make_valid(valid, exe)
    png = folder / "rec-shot.png"
    # -- recordings: damaged and crafted -------------------------------------------------
    for name, path, window in damaged(valid, recs):
        expect_ok = name == "ok"
        cases.append(
            Case(
                f"recording {name}",
                ["snapshot", "--recording", str(path)],
                [path],
                expect_ok=expect_ok,
            )
        )
        cases.append(
            Case(
                f"recording --json {name}",
                ["snapshot", "--recording", str(path), "--json", "--at", "5"],
                [path],
                json_out=True,
                expect_ok=expect_ok,
            )
        )
        if window and not quick:
            cases.append(
                Case(
                    f"window recording {name}",
                    ["--screenshot", str(png), "--quit-after", "2", "--view", "table", str(path)],
                    [path],
                )
            )
    for label, path in special_names(valid, recs):
        cases.append(
            Case(
                f"recording {label} (cut off)",
                ["snapshot", "--recording", str(path)],
                [path],
                expect_ok=True,
                stderr_has="cut off",
            )
        )
    fifo = recs / "fifo.amrec"
    os.mkfifo(fifo)
    zero = recs / "zero.amrec"
    zero.symlink_to("/dev/zero")
    sock_path = recs / "socket.amrec"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    for special in (fifo, zero, sock_path, recs):
        cases.append(
            Case(
                f"recording {special.name} (special)",
                ["snapshot", "--recording", str(special)],
                [],
                expect_refusal=True,
            )
        )
        cases.append(
            Case(
                f"window recording {special.name} (special)",
                ["--screenshot", str(png), "--quit-after", "1", str(special)],
                [],
                expect_refusal=special != recs,
            )
        )
    # -- write-ahead-log states ------------------------------------------------------------
    wal = recs / "in-wal.amrec"
    in_wal(valid, wal)
    cases.append(
        Case(
            "recording in WAL (cut off)",
            ["snapshot", "--recording", str(wal)],
            [wal],
            expect_ok=True,
            stderr_has="cut off",
        )
    )
    no_wal = recs / "without-wal.amrec"
    shutil.copyfile(wal, no_wal)
    cases.append(
        Case(
            "recording without its -wal",
            ["snapshot", "--recording", str(no_wal)],
            [no_wal],
            expect_refusal=True,
            stderr_has="-wal",
        )
    )
    read_only = folder / "read-only"
    if _mount_tmpfs(read_only, "64m"):
        mounts.append(read_only)
        shutil.copyfile(wal, read_only / "in-wal.amrec")
        shutil.copyfile(f"{wal}-wal", read_only / "in-wal.amrec-wal")
        if _remount_read_only(read_only):
            target = read_only / "in-wal.amrec"
            cases.append(
                Case(
                    "recording in WAL, read-only folder",
                    ["snapshot", "--recording", str(target)],
                    [target],
                    stderr_has="-wal",
                )
            )
    locked = recs / "locked.amrec"
    shutil.copyfile(valid, locked)
    cases.append(
        Case(
            "recording locked by another program",
            ["snapshot", "--recording", str(locked)],
            [],
            background=hold_lock(locked),
            stderr_has="locked",
        )
    )
    live = [*exe, "record"]
    being_written = recs / "being-written.amrec"
    cases.append(
        Case(
            "recording still being written",
            ["snapshot", "--recording", str(being_written)],
            [],
            background=_sh_ready(
                [
                    *live,
                    str(being_written),
                    "--source",
                    "linux",
                    "--interval",
                    "0.2",
                    "--until",
                    "60",
                ]
            ),
            before=lambda: _wait_for(being_written),
            expect_ok=True,
            stderr_has="still being written",
        )
    )
    killed = recs / "killed.amrec"
    cases.append(
        Case(
            "record SIGKILLed keeps its samples",
            ["snapshot", "--recording", str(killed)],
            [],
            before=_kill_after_samples(
                [*live, str(killed), "--source", "linux", "--interval", "0.1", "--until", "60"],
                killed,
            ),
            expect_ok=True,
            stderr_has="cut off",
        )
    )
    for word in ("inf", "nan", "-1", "1e308"):
        cases.append(
            Case(
                f"snapshot --recording --at {word}",
                ["snapshot", "--recording", str(valid), "--at", word],
                [valid],
                expect_refusal=True,
            )
        )
    cases += _record_cases(folder, exe, valid, mounts)
    cases += _lesson_and_what_if_cases(folder)
    cases += _environment_cases(folder, valid)

    def clean_up() -> None:
        for mount in mounts:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)

    return cases, clean_up


def _record_cases(folder: Path, exe: list[str], valid: Path, mounts: list[Path]) -> list[Case]:
    cases: list[Case] = []
    out = folder / "record"
    out.mkdir()
    hog = ["--scenario", "hog", "--until", "2"]
    targets: list[tuple[str, Path]] = []
    fifo = out / "fifo.amrec"
    os.mkfifo(fifo)
    targets.append(("a FIFO", fifo))
    sock_path = out / "socket.amrec"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    targets.append(("a socket", sock_path))
    targets.append(("a directory", out))
    if os.geteuid() == 0:
        device = out / "null"
        with contextlib.suppress(OSError):
            os.mknod(device, 0o666 | 0o020000, os.makedev(1, 3))  # a private /dev/null
            targets.append(("a device", device))
    for what, target in targets:
        for force in ([], ["--force"]):
            cases.append(
                Case(
                    f"record onto {what} {' '.join(force)}".strip(),
                    ["record", str(target), *hog, *force],
                    [target],
                    expect_refusal=True,
                )
            )
    fresh = out / "fresh.amrec"
    for argv in (
        ["--until", "inf"],
        ["--until", "nan"],
        ["--until", "1e308"],
        ["--until", "-1"],
        ["--interval", "1e-9"],
        ["--interval", "nan"],
        ["--interval", "inf"],
        ["--until", "86400", "--interval", "0.001"],
    ):
        cases.append(
            Case(
                f"record {' '.join(argv)}",
                ["record", str(fresh), "--scenario", "hog", *argv],
                [],
                expect_refusal=True,
            )
        )
    again = out / "again.amrec"
    shutil.copyfile(valid, again)
    cases.append(
        Case("record onto an older recording", ["record", str(again), *hog], [], expect_ok=True)
    )
    # a full disk with an older recording on it: the older one stays whole
    disk = folder / "full-disk"
    prefix: list[str] = []
    if _mount_tmpfs(disk, "1m"):
        mounts.append(disk)
    else:
        disk.mkdir()
        prefix = ["prlimit", "--fsize=1048576"]
    older = disk / "older.amrec"
    shutil.copyfile(valid, older)
    cases.append(
        Case(
            "record onto a full disk",
            ["record", str(older), "--scenario", "hog", "--until", "86400"],
            [older],
            expect_refusal=True,
            prefix=prefix,
        )
    )
    # two writers onto one file: the second is refused, the first's file is whole
    shared = out / "shared.amrec"
    cases.append(
        Case(
            "record: a second writer",
            ["record", str(shared), *hog],
            [],
            background=_sh_ready(
                [
                    *exe,
                    "record",
                    str(shared),
                    "--source",
                    "linux",
                    "--interval",
                    "0.2",
                    "--until",
                    "4",
                ]
            ),
            before=lambda: _wait_for(shared),
            expect_refusal=True,
            after=_closed_with_samples(shared, 2),
        )
    )
    return cases


def _lesson_and_what_if_cases(folder: Path) -> list[Case]:
    cases: list[Case] = []
    lessons = folder / "lessons"
    lessons.mkdir()
    fifo = lessons / "fifo.toml"
    os.mkfifo(fifo)
    zero = lessons / "zero.toml"
    zero.symlink_to("/dev/zero")
    big = lessons / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    body = (
        'title = "t"\nsummary = "s"\nscenario = "hog"\nseed = {seed}\n[[checkpoint]]\n'
        'name = "one"\nat = {at}\ntext = "x"\nquestion = "q"\nanswer = "a"\n'
    )
    texts = {
        "deep.toml": "a = " + "[" * 50_000 + "]" * 50_000 + "\n",
        "deep-tables.toml": "a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n",
        "digits.toml": body.format(seed=0, at="9" * 5000),
        "at-inf.toml": body.format(seed=0, at="inf"),
        "at-nan.toml": body.format(seed=0, at="nan"),
        "at-1e308.toml": body.format(seed=0, at="1e308"),
        "seed-400-digits.toml": body.format(seed="9" * 400, at="1"),
    }
    paths = [fifo, zero, big]
    for name, text in texts.items():
        path = lessons / name
        path.write_text(text)
        paths.append(path)
    for path in paths:
        inputs = [path] if path not in (fifo, zero) else []
        cases.append(
            Case(f"lesson {path.name}", ["lesson", str(path)], inputs, expect_refusal=True)
        )
    for value in (
        "[" * 5000,
        "{a = " * 3000 + "1" + "}" * 3000,
        "9" * 5000,
        '"free ' + "9" * 400 + ' MB"',
        '"free 5% after ' + "9" * 400 + ' s"',
        "inf",
        "nan",
    ):
        field = "on_warning" if not value[0].isdigit() and value[0] != "i" else "footprint_mb"
        cases.append(
            Case(
                f"simulate --what-if {field}={value[:16]}…",
                ["simulate", "hog", "--until", "5", "--what-if", f"process.hog.{field}={value}"],
                [],
                expect_refusal=True,
            )
        )
    return cases


def _environment_cases(folder: Path, valid: Path) -> list[Case]:
    cases: list[Case] = []
    for encoding in ("ascii", "latin-1"):
        env = {"PYTHONIOENCODING": encoding}
        for argv in (
            ["explain", "idle-exit"],
            ["simulate", "hog", "--until", "30"],
            ["snapshot", "--source", "sim"],
            ["snapshot", "--recording", str(valid)],
            ["lesson", "--list"],
            ["record", str(folder / f"env-{encoding}.amrec"), "--scenario", "hog", "--until", "3"],
        ):
            cases.append(
                Case(f"{argv[0]} with an {encoding} stdout", argv, [valid], env=env, expect_ok=True)
            )
    return cases


if __name__ == "__main__":  # pragma: no cover - a module of hostile_corpus.py
    sys.exit("run bench/hostile_corpus.py")
