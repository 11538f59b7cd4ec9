"""Every core, everywhere (issue 27 item 2): the scan's pool in a frozen bundle too
(spawned workers, ``freeze_support`` first in the entry script), and a scan that is
stopped stops its pool."""

from __future__ import annotations

import ast
import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from activitymon.reports import scan as scan_module
from activitymon.reports.collection import summarize_many
from activitymon.reports.scan import pool_context, scan, scan_batches, worker_count
from tests.hostile.conftest import ends_within
from tests.reports.generated import write_reports

ENTRY = Path(scan_module.__file__).resolve().parents[1] / "__main__.py"


def test_a_frozen_bundle_reads_with_every_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    assert worker_count() == 4
    context = pool_context()
    assert context is not None
    assert context.get_start_method() == "spawn"


def test_outside_a_bundle_the_platform_default_starts_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert pool_context() is None


def test_the_entry_script_calls_freeze_support_before_anything_else() -> None:
    """In a bundle a worker is the executable started again: ``freeze_support()``
    must run before the command line (and Qt) is imported."""
    tree = ast.parse(ENTRY.read_text())
    (guard,) = [node for node in tree.body if isinstance(node, ast.If)]
    frozen = guard.body[0]  # in a bundle only (outside one it does nothing)
    assert isinstance(frozen, ast.If)
    assert ast.unparse(frozen.test) == "getattr(sys, 'frozen', False)"
    assert [ast.unparse(n) for n in frozen.body] == [
        "import multiprocessing",
        "multiprocessing.freeze_support()",
    ]
    imports = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
    assert imports == []  # nothing of activitymon above the guard


def test_spawned_workers_read_what_one_process_reads(tmp_path: Path) -> None:
    """What a bundle does: workers started fresh (spawn), not forked."""
    folder = tmp_path / "many"
    write_reports(folder, 130)
    alone = summarize_many(scan([str(folder)], workers=1).results)
    spawned = summarize_many(
        [
            r
            for batch in scan_batches(
                [str(folder)], workers=2, mp_context=multiprocessing.get_context("spawn")
            )
            for r in batch
        ]
    )
    assert spawned == alone
    assert alone["reports"] == 130


def test_a_stopped_scan_stops_its_pool(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    write_reports(folder, 400)
    batches = scan_batches([str(folder)], workers=2)
    first = next(batches)
    assert first
    with ends_within():
        batches.close()  # what Cancel does: the chunks not started are dropped
    assert multiprocessing.active_children() == []


def test_a_summary_leaves_no_worker_behind(tmp_path: Path) -> None:
    """The pool a summary starts early (before the index's facts are decoded) ends
    with it, when files were read and when none were."""
    folder = tmp_path / "many"
    write_reports(folder, 100)
    assert scan([str(folder)], workers=2).read == 100
    assert multiprocessing.active_children() == []
    assert scan([str(tmp_path / "nothing-here")], workers=2).read == 0
    assert multiprocessing.active_children() == []
