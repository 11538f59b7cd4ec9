"""Outputs written safely (issue 30 item 2): ``record`` and every other output write a
temporary file beside the target and rename it over the target only when finished
(an older file stays whole until then, on a full disk too); anything that is not a
regular file is refused even with ``--force``; a second writer onto a target is
refused while the first holds it, in one line saying who."""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from activitymon.commands.outputs import write_new_file
from activitymon.output_files import OutputBusy, OutputLock, holder_of, replacing
from activitymon.recording import Recording, RecordingError, RecordingWriter
from activitymon.sources.sim import SimulatorSource
from tests.hostile.conftest import ends_within

HOG = ["--scenario", "hog", "--until", "2"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _activitymon(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "activitymon", *argv],
        capture_output=True,
        timeout=120,
        check=False,
        **kwargs,
    )


@pytest.fixture
def older(tmp_path: Path, run_cli: Any) -> Path:
    """A finished 16-sample recording."""
    path = tmp_path / "older.amrec"
    status, _, err = run_cli("record", str(path), "--scenario", "hog", "--until", "15")
    assert status == 0, err
    return path


# -- not a regular file ----------------------------------------------------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.amrec"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "directory":
        path.mkdir()
    elif kind == "device":
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
        except PermissionError:
            pytest.skip("making a device node needs root; /dev/null itself is covered below")
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "directory", "device"])
@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_record_never_writes_a_special_file(
    tmp_path: Path, run_cli: Any, kind: str, force: list[str]
) -> None:
    """Before: ``record dev/null --force`` turned a device into a regular file, and a
    FIFO hung ``record``."""
    path = _special(tmp_path, kind)
    mode = path.lstat().st_mode
    with ends_within():
        status, _, err = run_cli("record", str(path), *HOG, *force)
    assert status == 2, err
    assert err.count("\n") == 1, err
    assert "is a directory" in err if kind == "directory" else "(not even with --force)" in err
    assert stat.S_IFMT(path.lstat().st_mode) == stat.S_IFMT(mode)
    assert not [p for p in tmp_path.iterdir() if p != path]  # no temporary file, no lock left


def test_record_onto_dev_null_is_refused_and_dev_null_stays(run_cli: Any) -> None:
    status, _, err = run_cli("record", "/dev/null", *HOG, "--force")
    assert status == 2
    assert "is a character device" in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_events_and_screenshots_are_never_written_into_a_special_file(
    tmp_path: Path, run_cli: Any, kind: str
) -> None:
    path = _special(tmp_path, kind)
    with ends_within():
        status, _, err = run_cli(
            "simulate", "hog", "--until", "3", "--events", str(path), "--force"
        )
    assert status == 2, err
    assert "activitymon writes only regular files" in err
    assert stat.S_IFMT(path.lstat().st_mode) in (stat.S_IFIFO, stat.S_IFCHR)


# -- an older recording stays whole --------------------------------------------------------


def test_a_recording_over_an_older_one_replaces_it_only_when_finished(
    older: Path, tmp_path: Path
) -> None:
    before = _digest(older)
    source = SimulatorSource.open("hog")
    writer = RecordingWriter(older, source="sim", description="new")
    for _ in range(3):
        writer.add(source.sample())
        source.advance(1.0)
    writer.flush()
    assert _digest(older) == before  # the older recording, whole, while the new one grows
    partial = [p for p in tmp_path.iterdir() if p.name.endswith(".partial.amrec")]
    assert len(partial) == 1
    writer.close()
    source.close()
    with Recording(older) as recording:
        assert recording.info.description == "new"
        assert recording.sample_count == 3
    assert not [p for p in tmp_path.iterdir() if ".partial." in p.name or p.name.endswith(".lock")]


def test_a_failed_write_leaves_the_older_recording_whole(older: Path, tmp_path: Path) -> None:
    """The writer's connection fails as SQLite does on a full disk."""
    before = _digest(older)
    source = SimulatorSource.open("hog")
    writer = RecordingWriter(older, source="sim", description="new")
    writer.add(source.sample())
    writer.flush()

    class FullDisk:
        def __init__(self, db: Any) -> None:
            self.db = db

        def execute(self, sql: str, params: object = ()) -> object:
            if sql.startswith("INSERT"):
                import sqlite3

                raise sqlite3.OperationalError("database or disk is full")
            return self.db.execute(sql, params)

        def close(self) -> None:
            self.db.close()

    writer._db = FullDisk(writer._db)  # type: ignore[assignment]  # a stand-in connection
    source.advance(1.0)
    snapshot = source.sample()
    source.close()
    with pytest.raises(RecordingError) as info:
        writer.add(snapshot)
    message = str(info.value)
    assert "database or disk is full" in message
    assert f"{older} is unchanged; what was recorded is in " in message
    assert "\n" not in message
    assert _digest(older) == before
    with Recording(older) as recording:
        assert recording.sample_count == 16


@contextlib.contextmanager
def _small_disk(folder: Path, size: str) -> Iterator[list[str]]:
    """A folder on a disk of ``size``: a tmpfs mounted there when this user may (the real
    thing), otherwise a prefix that limits the size of any file written (RLIMIT_FSIZE,
    which Python turns into EFBIG instead of a signal)."""
    folder.mkdir(exist_ok=True)
    mounted = False
    if os.geteuid() == 0 and shutil.which("mount"):
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        mounted = done.returncode == 0
    try:
        if mounted:
            yield []
        else:
            limit = int(size.rstrip("mk")) * (1 << 20 if size.endswith("m") else 1 << 10)
            yield [
                f"import resource; resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))"
            ]
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def _record_on(disk: list[str], *argv: str) -> subprocess.CompletedProcess[bytes]:
    if not disk:
        return _activitymon("record", *argv)
    code = disk[0] + "; import sys; from activitymon.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "record", *argv], capture_output=True, timeout=120, check=False
    )


def test_a_full_disk_leaves_the_older_recording_whole(older: Path, tmp_path: Path) -> None:
    """Before: the older 16-sample recording was deleted first; the new one held one
    sample, and ``record`` exited 2."""
    assert resource.RLIMIT_FSIZE  # the fallback exists on this platform
    with _small_disk(tmp_path / "disk", "1m") as disk:
        target = tmp_path / "disk" / "older.amrec"
        shutil.copyfile(older, target)
        before = _digest(target)
        done = _record_on(disk, str(target), "--scenario", "hog", "--until", "86400")
        err = done.stderr.decode()
        assert done.returncode == 1, err
        assert err.count("\n") == 1, err
        assert "Traceback" not in err
        assert f"{target} is unchanged" in err, err
        assert _digest(target) == before
        with Recording(target) as recording:
            assert recording.sample_count == 16
            assert recording.info.complete


def test_a_full_disk_under_a_new_recording_keeps_what_was_written(tmp_path: Path) -> None:
    with _small_disk(tmp_path / "disk", "1m") as disk:
        target = tmp_path / "disk" / "new.amrec"
        done = _record_on(disk, str(target), "--scenario", "hog", "--until", "86400")
        err = done.stderr.decode()
        assert done.returncode == 1, err
        assert err.count("\n") == 1, err
        assert "the recording ends at its last complete sample" in err
        with Recording(target) as recording:
            assert recording.sample_count > 1
            assert recording.info.problem is not None
            assert "cut off" in recording.info.problem


# -- one writer at a time --------------------------------------------------------------------

_FIRST_WRITER = """
import sys
from activitymon.recording import RecordingWriter
from activitymon.sources.sim import SimulatorSource
source = SimulatorSource.open("hog")
with RecordingWriter(sys.argv[1], source="sim", description="first", command="first writer") as w:
    for _ in range(3):
        w.add(source.sample())
        source.advance(1.0)
    w.flush()
    print("writing", flush=True)
    sys.stdin.readline()
    for _ in range(3):
        w.add(source.sample())
        source.advance(1.0)
"""


@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "over-an-older-one"])
def test_a_second_record_onto_the_same_file_is_refused(
    tmp_path: Path, older: Path, existing: bool
) -> None:
    """Before: both runs said they succeeded; the file held the second's only."""
    target = older if existing else tmp_path / "shared.amrec"
    first = subprocess.Popen(
        [sys.executable, "-c", _FIRST_WRITER, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == b"writing"
        done = _activitymon("record", str(target), *HOG)
        for argv in (["simulate", "hog", "--until", "3", "--events", str(target), "--force"],):
            events = _activitymon(*argv)
            assert events.returncode == 1, events.stderr
            assert b"another program is writing it (pid" in events.stderr
    finally:
        first.communicate(b"go\n", timeout=60)
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert err.count("\n") == 1, err
    assert f"another program is writing it (pid {first.pid}, first writer, since " in err
    assert first.returncode == 0
    with Recording(target) as recording:  # the first writer's, whole
        assert recording.info.description == "first"
        assert recording.sample_count == 6
        assert recording.info.complete


def test_a_lock_names_its_holder_and_goes_with_it(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    assert holder_of(target) is None
    with OutputLock(target, "activitymon simulate"):
        held = holder_of(target)
        assert held is not None
        assert held.startswith(f"pid {os.getpid()}, activitymon simulate, since ")
        with pytest.raises(OutputBusy, match=f"another program is writing it \\(pid {os.getpid()}"):
            OutputLock(target).acquire()
    assert holder_of(target) is None
    assert list(tmp_path.iterdir()) == []  # the lock file is gone with the lock


def test_a_second_simulate_into_one_reports_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with OutputLock(folder, "another simulate"):
        done = _activitymon("simulate", "hog", "--until", "3", "--reports", str(folder))
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "--reports" in err
    assert "another simulate" in err


def test_a_replaced_file_is_untouched_when_the_write_fails(tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    target.write_text("old\n")

    def interrupted_write() -> None:
        with replacing(target) as temp:
            temp.write_text("half of the new")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted_write()
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl"]


def test_a_link_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with replacing(link) as temp:
        temp.write_text("new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"


def test_a_new_report_never_replaces_a_file(tmp_path: Path) -> None:
    from activitymon.commands.base import CommandError

    target = tmp_path / "JetsamEvent.ips"
    target.write_text("someone else's")
    with pytest.raises(CommandError, match="exists already"):
        write_new_file(target, "ours", option="--reports")
    assert target.read_text() == "someone else's"
    write_new_file(tmp_path / "new.ips", "ours", option="--reports")
    assert (tmp_path / "new.ips").read_text() == "ours"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["JetsamEvent.ips", "new.ips"]


def test_a_screenshot_onto_a_fifo_is_refused(tmp_path: Path, run_cli: Any) -> None:
    fifo = tmp_path / "shot.png"
    os.mkfifo(fifo)
    with ends_within():
        status, _, err = run_cli("--screenshot", str(fifo), "--source", "sim")
    assert status == 2, err
    assert "named pipe" in err


def test_record_never_replaces_a_database_that_is_not_a_recording(
    tmp_path: Path, run_cli: Any
) -> None:
    """Any SQLite file starts with the same 16 bytes: a browser's history is not ours."""
    import sqlite3

    places = tmp_path / "places.sqlite"
    db = sqlite3.connect(places)
    db.execute("CREATE TABLE moz_places (url TEXT)")
    db.commit()
    db.close()
    before = _digest(places)
    status, _, err = run_cli("record", str(places), *HOG)
    assert status == 2
    assert "exists and is not a recording; not overwriting it (use --force)" in err
    assert _digest(places) == before


@pytest.mark.parametrize("closed", [">&-", "2>&-"], ids=["stdout", "stderr"])
def test_record_runs_with_a_standard_stream_closed(tmp_path: Path, closed: str) -> None:
    """``record`` writes a file and tells on stderr: a closed stdout is no reason to
    refuse, and a closed stderr no reason to fail once the recording is whole."""
    out = tmp_path / "run.amrec"
    done = subprocess.run(
        [
            "sh",
            "-c",
            f'"$@" {closed}',
            "sh",
            sys.executable,
            "-m",
            "activitymon",
            "record",
            str(out),
            *HOG,
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    with Recording(out) as recording:
        assert recording.info.complete
        assert recording.sample_count == 3
