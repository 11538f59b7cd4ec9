"""A process's start (sim/spawn.py), as docs/SIMULATOR.md promises it:

* a process launched without a ``pid`` gets the next free one counting up from 100
  (pids a scenario gives are skipped); one given and free is kept;
* each process is in a coalition of its own, numbered from 101 in launch order;
  ``spawn_seq`` counts launches from 1 (``allproc`` order);
* report fields the kernel cannot know: fds 200 for an app, 25 for a daemon under
  8 MB, 50 from 8 MB; cpu time at 0.05 s a second for an app, 0.002 for a daemon;
  the UUID is the name's MD5 as 8-4-4-4-12 hex digits;
* a process is dirty-tracked when it is idle-exit or dirty (the scenario's
  ``idle_exit`` / ``dirty`` keys, ``proc_set_dirty``'s tracking in XNU).
"""

from __future__ import annotations

from activitymon.model import Launched
from activitymon.sim.spawn import uuid_for
from activitymon.sim.specs import ProcessSpec
from tests.sim.conftest import make_sim

MB = 1 << 20


def test_pids_count_up_from_100_skip_taken_and_reserved_ones_and_keep_a_given_one() -> None:
    sim = make_sim()
    k = sim.kernel
    k.reserved_pids.add(101)
    assert sim.launch("a", "background", 1) == 100
    assert sim.launch("b", "background", 1) == 102  # 101 is reserved
    assert sim.launch("given", "background", 1, pid=500) == 500
    assert k.next_pid == 103
    assert sim.launch("c", "background", 1) == 103
    assert sim.launch("taken", "background", 1, pid=500) == 104  # 500 is in use
    assert k.next_pid == 105


def test_coalitions_from_101_and_launch_order_from_1() -> None:
    sim = make_sim()
    pids = [sim.launch(name, "background", 1) for name in ("a", "b", "c")]
    procs = [sim.kernel.procs[pid] for pid in pids]
    assert [p.coalition for p in procs] == [101, 102, 103]
    assert [p.spawn_seq for p in procs] == [1, 2, 3]


def test_report_fields_the_kernel_cannot_know() -> None:
    sim = make_sim()
    k = sim.kernel
    app = k.procs[sim.launch("app", "foreground", 1, "frontmost")]
    small = k.procs[sim.launch("small", "background", 7.9)]
    eight = k.procs[sim.launch("eight", "background", 8)]
    assert (app.fds, small.fds, eight.fds) == (200, 25, 50)
    assert (app.cpu_rate, small.cpu_rate) == (0.05, 0.002)


def test_the_uuid_is_the_names_md5() -> None:
    # md5("SpringBoard") = 1f1c93a8279bc9e71dd92d2921089cbf (RFC 1321, any md5 tool)
    assert uuid_for("SpringBoard").upper() == "1F1C93A8-279B-C9E7-1DD9-2D2921089CBF"


def test_dirty_tracking_comes_with_idle_exit_or_dirty() -> None:
    sim = make_sim()
    k = sim.kernel
    plain = k.procs[sim.launch("plain", "idle", 1)]
    idle_exit = k.procs[sim.launch("idle_exit", "idle", 1, idle_exit=True)]
    dirty = k.procs[sim.launch("dirty", "idle", 1, dirty=True)]
    assert (plain.tracked, idle_exit.tracked, dirty.tracked) == (False, True, True)
    assert (idle_exit.dirty, dirty.dirty) == (False, True)


def test_start_time_and_band_time_are_now_or_the_given_start() -> None:
    sim = make_sim()
    sim.advance(7)
    k = sim.kernel
    now = k.procs[sim.launch("now", "background", 1)]
    assert (now.start_time, now.band_since) == (7.0, 7.0)
    spec = ProcessSpec(name="earlier", band=0)
    earlier = k.spawn(spec, start_time=-3600.0)
    assert (earlier.start_time, earlier.band_since) == (-3600.0, -3600.0)


def test_a_launch_is_announced_unless_it_is_the_starting_population() -> None:
    sim = make_sim()
    k = sim.kernel
    sim.drain_events()
    k.spawn(ProcessSpec(name="quiet", band=0), announce=False)
    assert sim.drain_events() == []
    loud = k.spawn(ProcessSpec(name="loud", band=0))
    assert sim.drain_events() == [Launched(0.0, loud.pid, "loud", 0)]


def test_purgeable_memory_and_growth_start_with_the_process() -> None:
    sim = make_sim()
    k = sim.kernel
    proc = k.procs[sim.launch("p", "background", 10, purgeable_mb=1)]
    assert proc.purgeable_pages * proc.page_size == 1 * MB
    assert proc.footprint == 10 * MB
    grower = k.procs[sim.launch("g", "background", 10, grow_mb_per_s=1, chunk_mb=1)]
    sim.advance(1)
    assert grower.footprint == 11 * MB
    still = k.procs[sim.launch("s", "background", 10)]
    assert still.grow_bytes_per_s == 0
    assert still.purgeable_pages == 0


def test_a_process_is_shown_by_its_label_or_else_its_name() -> None:
    sim = make_sim()
    k = sim.kernel
    named = k.spawn(ProcessSpec(name="com.example.game", band=0))
    labelled = k.spawn(ProcessSpec(name="com.example.mail", band=0, label="Mail"))
    assert (named.label, labelled.label) == ("com.example.game", "Mail")
