"""One name per kill reason everywhere, with the report's own spelling beside it, and
one footprint per kill (issue 24 §1)."""

from __future__ import annotations

from pathlib import Path

from activitymon.model import Killed, KillReason, reason_of_report, reason_shown
from activitymon.sources.replay import open_replay_source
from activitymon.sources.sim import SimulatorSource
from activitymon.teaching.narrator import Narrator
from activitymon.viewmodel.columns import COLUMNS, DisplayContext


def test_older_spellings_read_as_today_s_reason() -> None:
    # xnu-3248 … 4570: kMemorystatusKilledVMThrashing is "vm-thrashing"
    assert reason_of_report("vm-thrashing") is KillReason.PROC_THRASHING
    # iOS 6 LowMemory reports: "[vm]" (the article's report)
    assert reason_of_report("vm") is KillReason.VM_PAGESHORTAGE
    assert reason_of_report("made-up") is KillReason.JETTISONED
    assert reason_shown("vm-thrashing") == "proc-thrashing (report: vm-thrashing)"
    assert reason_shown("idle-exit") == "idle-exit"


def test_a_replayed_thrashing_kill_has_one_name_everywhere(jetsam_fixtures: Path) -> None:
    source = open_replay_source([str(jetsam_fixtures / "jetsam_vm-thrashing.crash")])
    snapshot = source.sample()
    kills = [e for e in source.drain_events() if isinstance(e, Killed)]
    assert kills
    assert {k.reason for k in kills} == {KillReason.PROC_THRASHING}
    facts = source.kernel_facts()
    # the narration
    (line,) = Narrator(facts, recorded=True).narrate(snapshot, kills)
    assert 'reason proc-thrashing; its reports write "vm-thrashing"' in line.text
    # the table's Killed column
    column = next(c for c in COLUMNS if c.key == "kill_reason")
    victim = next(p for p in snapshot.processes if p.kill_reason)
    assert column.display(victim, DisplayContext()) == "proc-thrashing (report: vm-thrashing)"


def test_a_kill_s_footprint_is_the_one_its_report_records() -> None:
    source = SimulatorSource.open("demo")
    kills = {}
    reports = []
    for _ in range(300):
        source.advance(1.0)
        source.sample()
        for e in source.drain_events():
            if isinstance(e, Killed):
                kills[e.pid] = e.footprint_bytes
        reports += source.drain_reports()
    recorded = [
        (p.pid, p.rpages * r.page_size)
        for r in reports
        for p in r.processes
        if p.reason and p.pid in kills and p.rpages is not None
    ]
    assert recorded
    assert all(kills[pid] == size for pid, size in recorded)
