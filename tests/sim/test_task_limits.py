"""Every process lives under its device's task limit, on the releases that have one.

The limits are the profiles' (docs/SIMULATOR.md, "Device limits": 2,068 MB measured on
an iPhone 11, 1,396 MB on an iPhone 6s, 297 MB estimated for the iPad mini; entitled
3,072 MB and 1,800 MB estimated); the rules are XNU's: xnu-2422
``memorystatus_on_ledger_footprint_exceeded`` kills a process without a limit of its own
(``per-process-limit``); xnu-2050 has no ``phys_footprint`` ledger; the warning level is
80 % (``PHYS_FOOTPRINT_WARNING_LEVEL``), or, from xnu-3789 until xnu-11215 stores the
default in MB, ``max_task_footprint_warning_level`` (100 MB below the limit on a device
of 1 GiB or more). The ledger keeps a percentage as ``pct * 65536 // 100`` and warns
above ``limit * that >> 16`` (``osfmk/kern/ledger.c``).
"""

from __future__ import annotations

from activitymon.model import Killed, KillReason, LimitExceeded, LimitWarning, ProcessState
from activitymon.sim import Simulator
from tests.sim.conftest import make_sim

MIB = 1 << 20


def grow_app(
    profile: str,
    *,
    state: ProcessState = ProcessState.FRONTMOST,
    band: str = "foreground",
    extra: str = "",
    device: str = "",
    step_mb: int = 4,
) -> tuple[Simulator, list[LimitWarning], list[Killed]]:
    """An app with no limit of its own grows ``step_mb`` at a time until it dies (or
    10 simulated minutes pass)."""
    sim = make_sim(
        f'[[process]]\nname = "app"\nband = "{band}"\nstate = "{state.value}"\n'
        f"footprint_mb = 50\n{extra}",
        profile=profile,
        task_limit=True,
        extra_device=device,
    )
    pid = sim.find("app")
    assert pid is not None
    sim.grow(pid, rate_mb_per_s=step_mb * 8, chunk_mb=step_mb)
    warnings: list[LimitWarning] = []
    kills: list[Killed] = []
    while sim.now < 600 and not any(k.pid == pid for k in kills):
        sim.advance(1)
        for e in sim.drain_events():
            if isinstance(e, LimitWarning) and e.pid == pid:
                warnings.append(e)
            elif isinstance(e, Killed):
                kills.append(e)
    return sim, warnings, kills


def test_iphone_11_an_app_dies_at_the_2068_mb_task_limit_xnu11417() -> None:
    sim, warnings, kills = grow_app("iPhone12,1")
    app = kills[-1]
    assert (app.name, app.reason) == ("app", KillReason.PER_PROCESS_LIMIT)
    assert 2068 * MIB < (app.footprint_bytes or 0) <= (2068 + 4) * MIB
    # xnu-11417 stores the default in MB: the ledger warns at 80 %, once
    assert [w.limit_bytes for w in warnings] == [2068 * MIB]
    info_limit = sim.kernel.limits
    assert info_limit.task_limit_mb == 2068
    assert info_limit.default_warning_percent == 80


def test_the_limit_warning_comes_first_and_is_a_memory_warning_xnu11417() -> None:
    sim = make_sim(
        '[[process]]\nname = "app"\nband = "foreground"\nstate = "frontmost"\n'
        "footprint_mb = 1654\n",
        task_limit=True,
    )
    pid = sim.find("app")
    assert pid is not None
    assert not [e for e in sim.drain_events() if isinstance(e, LimitWarning)]
    # 80 * 65536 // 100 = 52428; 2068 MiB * 52428 >> 16 = 1,734,737,664 bytes: 1654 MiB
    # (1,734,344,704) is under it, 1655 MiB (1,735,393,280) over
    sim.allocate(pid, 1)
    found = sim.drain_events()
    assert [type(e).__name__ for e in found if e.kind.value in ("limit_warning", "notify")] == [
        "LimitWarning",
        "Notified",
    ]


def test_iphone_6s_warns_100_mb_below_the_task_limit_xnu7195() -> None:
    _, warnings, kills = grow_app("iPhone8,1")
    app = kills[-1]
    assert (app.name, app.reason) == ("app", KillReason.PER_PROCESS_LIMIT)
    assert 1396 * MIB < (app.footprint_bytes or 0) <= 1400 * MIB
    assert [w.limit_bytes for w in warnings] == [1396 * MIB]


def test_iphone_6s_warning_level_is_92_percent_xnu7195() -> None:
    sim = make_sim(profile="iPhone8,1", task_limit=True)
    # (1396 − 100) × 100 // 1396 = 92; 92 × 65536 // 100 = 60293;
    # 1396 MiB × 60293 >> 16 = 1396 × 16 × 60293 = 1,346,704,448 bytes
    assert sim.kernel.limits.default_warning_percent == 92
    pid = sim.launch("app", "foreground", 1284, ProcessState.FRONTMOST)  # 1,346,371,584
    sim.drain_events()
    sim.allocate(pid, 1)  # 1285 MiB = 1,347,420,160: over
    assert [e for e in sim.drain_events() if isinstance(e, LimitWarning)]


def test_ipad_on_ios_7_has_a_task_limit_and_no_entitlement_xnu2423() -> None:
    _, warnings, kills = grow_app(
        "iPad2,5", extra='entitlements = ["increased-memory-limit"]\n', step_mb=2
    )
    app = kills[-1]
    assert (app.name, app.reason) == ("app", KillReason.PER_PROCESS_LIMIT)
    assert 297 * MIB < (app.footprint_bytes or 0) <= 299 * MIB
    assert [w.limit_bytes for w in warnings] == [297 * MIB]


def test_ipod_on_ios_6_has_no_task_limit_xnu2107() -> None:
    sim, warnings, kills = grow_app("iPod5,1", step_mb=2)
    assert sim.kernel.limits.task_limit_mb is None
    assert warnings == []
    assert KillReason.PER_PROCESS_LIMIT not in {k.reason for k in kills}
    assert kills[-1].name == "app"  # it died of page shortage, after the others
    assert kills[-1].reason is KillReason.VM_PAGESHORTAGE


def test_the_entitlement_raises_the_limit_to_the_entitled_one_xnu11417_xnu7195() -> None:
    for profile, entitled in (("iPhone12,1", 3072), ("iPhone8,1", 1800)):
        _, warnings, kills = grow_app(profile, extra='entitlements = ["increased-memory-limit"]\n')
        app = kills[-1]
        assert (app.name, app.reason) == ("app", KillReason.PER_PROCESS_LIMIT), profile
        assert entitled * MIB < (app.footprint_bytes or 0) <= (entitled + 4) * MIB, profile
        assert [w.limit_bytes for w in warnings] == [entitled * MIB], profile


def test_limit_none_means_no_limit_and_system_the_task_limit() -> None:
    sim = make_sim(
        '[[process]]\nname = "free"\nlimit_mb = "none"\n'
        '[[process]]\nname = "system"\nlimit_mb = "system"\ninactive_limit_mb = 300\n',
        task_limit=True,
    )
    snap = sim.snapshot()
    free = next(p for p in snap.processes if p.name == "free")
    system = next(p for p in snap.processes if p.name == "system")
    assert (free.active_limit, free.inactive_limit) == (None, None)
    assert system.active_limit is not None
    assert (system.active_limit.bytes, system.active_limit.fatal) == (2068 * MIB, True)
    assert system.inactive_limit is not None
    assert system.inactive_limit.bytes == 300 * MIB


def test_a_scenario_can_set_the_devices_task_limit() -> None:
    _, _, kills = grow_app("iPhone12,1", device="task_limit_mb = 1000\n")
    app = kills[-1]
    assert app.reason is KillReason.PER_PROCESS_LIMIT
    assert 1000 * MIB < (app.footprint_bytes or 0) <= 1004 * MIB


def test_a_background_app_is_held_to_the_task_limit_too() -> None:
    _, _, kills = grow_app("iPhone12,1", state=ProcessState.BACKGROUND, band="background")
    assert kills[-1].reason is KillReason.PER_PROCESS_LIMIT


def test_a_mac_has_no_task_limit() -> None:
    sim = make_sim(profile="Mac", task_limit=True)
    pid = sim.launch("app", "foreground", 100, ProcessState.FRONTMOST)
    info = sim.snapshot().by_pid[pid]
    assert (info.active_limit, info.inactive_limit, info.limit_origin) == (None, None, None)


def test_every_limited_process_has_a_headroom() -> None:
    sim = make_sim(population=True, task_limit=True)
    snap = sim.snapshot()
    for proc in snap.processes:
        assert proc.limit is not None, proc.name
        assert proc.headroom_bytes is not None
    exceeded = [e for e in sim.drain_events() if isinstance(e, LimitExceeded)]
    assert exceeded == []  # nobody starts over a limit
