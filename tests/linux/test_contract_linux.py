"""The Linux snapshot has the same shape as the simulator's, and the CLI prints it."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from activitymon.model import MemoryStats, ProcessInfo, Snapshot
from activitymon.model.serialize import snapshot_to_dict
from activitymon.sources import SourceUnavailable, open_source
from tests.linux.conftest import ON_LINUX

PROJECT = Path(__file__).resolve().parents[2]


def same_kind(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return True  # cpu % may be 0 (int) in one and 12.5 in the other
    return type(a) is type(b)


def assert_same_shape(linux: object, sim: object, where: str) -> None:
    assert type(linux) is type(sim), where
    for f in dataclasses.fields(linux):  # type: ignore[arg-type]
        lv, sv = getattr(linux, f.name), getattr(sim, f.name)
        if lv is not None and sv is not None:
            assert same_kind(lv, sv), f"{where}.{f.name}: {type(lv)} vs {type(sv)}"


@pytest.mark.linux
@pytest.mark.skipif(not ON_LINUX, reason="needs a real Linux /proc")
def test_snapshot_fields_have_the_simulators_types() -> None:
    sim = open_source("sim")
    sim.advance(5)  # type: ignore[attr-defined]
    sim_snap = sim.sample()
    linux = open_source("linux")
    try:
        linux.sample()
        snap = linux.sample()
    finally:
        linux.close()
    assert isinstance(snap, Snapshot)
    assert_same_shape(snap, sim_snap, "Snapshot")
    assert_same_shape(snap.memory, sim_snap.memory, "MemoryStats")
    assert isinstance(snap.memory, MemoryStats)
    assert all(isinstance(p, ProcessInfo) for p in snap.processes)
    assert_same_shape(snap.processes[0], sim_snap.processes[0], "ProcessInfo")
    if snap.next_victim is not None:
        pid, reason = snap.next_victim
        assert isinstance(pid, int)
        assert reason == "oom"
        assert pid in snap.by_pid
    json.dumps(snapshot_to_dict(snap))


@pytest.mark.linux
@pytest.mark.skipif(not ON_LINUX, reason="needs a real Linux /proc")
def test_cli_snapshot_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "activitymon", "snapshot", "--source", "linux", "--json"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["source"] == "linux"
    assert data["level"] in ("normal", "warn", "critical")
    assert data["era"] is None
    assert data["device"] == os.uname().nodename
    pids = {p["pid"] for p in data["processes"]}
    assert os.getpid() in pids  # this test process is on the machine being watched
    if Path("/proc/pressure/memory").exists():
        assert set(data["psi"]["some"]) == {"avg10", "avg60", "avg300", "total_us"}


def test_off_linux_the_source_is_unavailable_in_one_line(monkeypatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(SourceUnavailable) as info:
        open_source("linux")
    assert str(info.value) == "the linux source runs only on Linux (this is darwin)"
