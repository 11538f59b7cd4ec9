"""The frozen bundle's ``report --summary`` reads on every CPU (issue 27 item 2), tried
without building a bundle.

A bundle is its executable, started again for each worker: ``sys.frozen`` is set,
``multiprocessing`` spawns ``EXECUTABLE --multiprocessing-fork …`` (and its resource
tracker as ``EXECUTABLE … -c "from multiprocessing.resource_tracker import main…"``),
and PyInstaller's runtime hook makes ``multiprocessing.freeze_support()``, which the
entry script calls first, turn such a start into the worker on every platform (the
standard library's does so only on Windows). The launcher below stands in for that
executable and that hook: an executable file that sets ``sys.frozen``, gives
``freeze_support`` that behaviour, says it is ``sys.executable``, notes each worker it
becomes, and runs ``activitymon/__main__.py`` as the bundle's bootloader does. What is
ours is then exercised as in a bundle: the worker count when frozen, the spawn
context, the entry script's ``freeze_support`` placement, the pool's task functions
and values crossing to freshly started interpreters, the same summary.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reports.generated import write_reports

#: CPUs the launcher reports (whatever this machine has): a summary of enough files
#: should start this many workers
CPUS = 3

LAUNCHER = """#!{python}
import os
import runpy
import sys

sys.frozen = True  # what a bundle's bootloader sets
sys.executable = os.path.abspath(sys.argv[0])  # the bundle's executable: this file
os.sched_getaffinity = lambda pid: set(range({cpus}))

import multiprocessing
import multiprocessing.spawn

multiprocessing.spawn.set_executable(sys.executable)


def freeze_support():
    # as PyInstaller's multiprocessing hook: the resource tracker and the workers are
    # this executable started again, on every platform
    if len(sys.argv) >= 3 and sys.argv[-2] == "-c" and "resource_tracker" in sys.argv[-1]:
        exec(sys.argv[-1])
        sys.exit()
    if multiprocessing.spawn.is_forking(sys.argv):
        with open(os.environ["WORKER_LOG"], "a") as log:
            log.write(f"{{os.getpid()}}\\n")
        multiprocessing.spawn.freeze_support()  # becomes the worker, then exits


multiprocessing.freeze_support = freeze_support
sys.argv[0] = "activitymon"
runpy.run_path({entry!r}, run_name="__main__")
"""


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    import activitymon

    entry = Path(activitymon.__file__).parent / "__main__.py"
    launcher = tmp_path / "bundle" / "activitymon"
    launcher.parent.mkdir()
    launcher.write_text(LAUNCHER.format(python=sys.executable, cpus=CPUS, entry=str(entry)))
    launcher.chmod(0o755)
    return launcher


def _summary(argv: list[str], tmp_path: Path, name: str, **env: str) -> dict[str, object]:
    cache = tmp_path / f"cache-{name}"
    done = subprocess.run(
        [*argv, "report", str(tmp_path / "many"), "--summary", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "ACTIVITYMON_CACHE_DIR": str(cache), **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    value = json.loads(done.stdout)
    assert isinstance(value, dict)
    return value


def test_the_frozen_summary_reads_on_every_cpu_and_reads_the_same(
    bundle: Path, tmp_path: Path
) -> None:
    write_reports(tmp_path / "many", 300)  # five chunks of 64 files: work for each worker
    log = tmp_path / "workers.log"
    frozen = _summary([str(bundle)], tmp_path, "frozen", WORKER_LOG=str(log))
    workers = log.read_text().split() if log.exists() else []  # none: read in one process
    assert len(set(workers)) == CPUS  # each a fresh process started from the launcher
    plain = _summary([sys.executable, "-m", "activitymon"], tmp_path, "plain")
    assert frozen == plain
    assert frozen["reports"] == 300
