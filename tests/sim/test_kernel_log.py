# ruff: noqa: E501  (each expected line is a literal, as long as the kernel writes it)
"""The simulated kernel's own log lines, in each release's format (issue 23 §4).

Every expected line below is the release's format string from
bsd/kern/kern_memorystatus.c at its tag, filled by hand (never by the code under
test); the regular expressions follow those strings token by token.
"""

from __future__ import annotations

import re

import pytest

from activitymon.cli import main
from activitymon.model import Era, Killed, KillReason
from activitymon.sim import Simulator, load_scenario
from activitymon.sim.kernel_log import (
    KillFacts,
    idle_exit_line,
    kill_line,
    limit_line,
    purge_line,
)
from activitymon.sim.rules import rules_for
from tests.sim.conftest import make_sim


def facts(**changes: object) -> KillFacts:
    base: dict[str, object] = {
        "pid": 312,
        "name": "softwareupdateservicesd",
        "reason": KillReason.VM_PAGESHORTAGE,
        "band": 3,
        "footprint_bytes": 10 << 20,
        "available_pages": 6500,
        "compressor_pages": 12345,
        "uptime_s": 10800.25,
        "seconds_in_band": 42.9,
        "relaunch": "medium",
    }
    base.update(changes)
    return KillFacts(**base)  # type: ignore[arg-type]  # a test's keyword bag


@pytest.mark.parametrize(
    ("xnu", "era", "changes", "line"),
    [
        # xnu-2050.48.11 memorystatus_kill_top_proc: p_comm (16 characters)
        (2107, Era.PRIORITY_LIST, {}, "memorystatus: jetsam killing pid 312 [softwareupdatese] - memorystatus_available_pages: 6500"),
        # memorystatus_kill_hiwat_proc
        (2107, Era.PRIORITY_LIST, {"reason": KillReason.HIGHWATER}, "memorystatus: jetsam killing pid 312 [softwareupdatese] (highwater) - memorystatus_available_pages: 6500"),
        # xnu-2422.1.72 memorystatus_kill_specific_process
        (2423, Era.LEGACY, {"specific": True}, "memorystatus: specifically killing pid 312 [softwareupdatese] - memorystatus_available_pages: 6500"),
        # xnu-2782.1.97: the cause's name, "idle exiting pid" in band 0
        (2782, Era.LEGACY, {"band": 0}, "memorystatus: idle exiting pid 312 [softwareupdatese] (vm-pageshortage) - memorystatus_available_pages: 6500"),
        # memorystatus_kill_top_process: "memorystatus: %s %d [%s] (%s) - …", "jetsam killing pid"
        (2782, Era.LEGACY, {}, "memorystatus: jetsam killing pid 312 [softwareupdatese] (vm-pageshortage) - memorystatus_available_pages: 6500"),
        # memorystatus_kill_hiwat_proc: "(highwater)"
        (2782, Era.LEGACY, {"reason": KillReason.HIGHWATER}, "memorystatus: jetsam killing pid 312 [softwareupdatese] (highwater) - memorystatus_available_pages: 6500"),
        # memorystatus_kill_specific_process: "specifically killing pid %d [%s] (%s) - …"
        (2782, Era.LEGACY, {"specific": True, "reason": KillReason.PER_PROCESS_LIMIT}, "memorystatus: specifically killing pid 312 [softwareupdatese] (per-process-limit) - memorystatus_available_pages: 6500"),
        # xnu-3247.1.106: "(%s %d)" with the effective priority, "(highwater %d)"
        (3247, Era.LEGACY, {}, "memorystatus: jetsam killing pid 312 [softwareupdatese] (vm-pageshortage 3) - memorystatus_available_pages: 6500"),
        (3247, Era.LEGACY, {"band": 0}, "memorystatus: idle exiting pid 312 [softwareupdatese] (vm-pageshortage 0) - memorystatus_available_pages: 6500"),
        (3247, Era.LEGACY, {"reason": KillReason.HIGHWATER, "band": 8}, "memorystatus: jetsam killing pid 312 [softwareupdatese] (highwater 8) - memorystatus_available_pages: 6500"),
        (3248, Era.LEGACY, {"specific": True, "reason": KillReason.PER_PROCESS_LIMIT, "band": 10}, "memorystatus: specifically killing pid 312 [softwareupdatese] (per-process-limit 10) - memorystatus_available_pages: 6500"),
        # xnu-3789.1.32: "%lu.%02d memorystatus: %s %d [%s] (%s %d) - …" (tv_msec = tv_usec / 1000),
        # p_name, "jetsam killing top process pid"
        (3789, Era.LEGACY, {"uptime_s": 10800.005}, "10800.05 memorystatus: jetsam killing top process pid 312 [softwareupdateservicesd] (vm-pageshortage 3) - memorystatus_available_pages: 6500"),
        (3789, Era.LEGACY, {"band": 0}, "10800.250 memorystatus: idle exiting pid 312 [softwareupdateservicesd] (vm-pageshortage 0) - memorystatus_available_pages: 6500"),
        # memorystatus_kill_hiwat_proc: "%lu.%02d memorystatus: jetsam killing pid %d [%s] (highwater %d) - …"
        (3789, Era.LEGACY, {"reason": KillReason.HIGHWATER, "band": 8}, "10800.250 memorystatus: jetsam killing pid 312 [softwareupdateservicesd] (highwater 8) - memorystatus_available_pages: 6500"),
        # memorystatus_kill_specific_process: "%lu.%02d memorystatus: specifically killing pid %d [%s] (%s %d) - …"
        (3789, Era.LEGACY, {"specific": True, "reason": KillReason.PER_PROCESS_LIMIT, "band": 10}, "10800.250 memorystatus: specifically killing pid 312 [softwareupdateservicesd] (per-process-limit 10) - memorystatus_available_pages: 6500"),
        # … and without CONFIG_JETSAM (a Mac): "… (%s %d)\n", no page count
        (3789, Era.MACOS, {"specific": True, "reason": KillReason.PER_PROCESS_LIMIT, "band": 10, "config_jetsam": False}, "10800.250 memorystatus: specifically killing pid 312 [softwareupdateservicesd] (per-process-limit 10)"),
        # 42 ms: "%02d" prints the two digits as they are
        (3789, Era.LEGACY, {"uptime_s": 10800.042}, "10800.42 memorystatus: jetsam killing top process pid 312 [softwareupdateservicesd] (vm-pageshortage 3) - memorystatus_available_pages: 6500"),
        # xnu-4570.51.1 memorystatus_kill_proc: "%lu.%03d memorystatus: %s pid %d [%s] (%s %d) - …"
        (4570, Era.LEGACY, {}, "10800.250 memorystatus: killing_top_process pid 312 [softwareupdateservicesd] (vm-pageshortage 3) - memorystatus_available_pages: 6500"),
        # xnu-7195.141.2: "… (%s %d) %lluKB - memorystatus_available_pages: %llu"
        (7195, Era.LEGACY, {}, "10800.250 memorystatus: killing_top_process pid 312 [softwareupdateservicesd] (vm-pageshortage 3) 10240KB - memorystatus_available_pages: 6500"),
        (7195, Era.LEGACY, {"reason": KillReason.HIGHWATER, "band": 0}, "10800.250 memorystatus: killing_highwater_process pid 312 [softwareupdateservicesd] (highwater 0) 10240KB - memorystatus_available_pages: 6500"),
        # xnu-8796.141.3: "… memorystatus_available_pages: %llu compressor_size:%u"
        (8796, Era.MODERN, {"band": 0, "reason": KillReason.VM_PAGESHORTAGE}, "10800.250 memorystatus: killing_idle_process pid 312 [softwareupdateservicesd] (vm-pageshortage 0) 10240KB - memorystatus_available_pages: 6500 compressor_size:12345"),
        # killing_specific_process has no compressor_size
        (8796, Era.MODERN, {"specific": True, "reason": KillReason.PER_PROCESS_LIMIT, "band": 100}, "10800.250 memorystatus: killing_specific_process pid 312 [softwareupdateservicesd] (per-process-limit 100) 10240KB - memorystatus_available_pages: 6500"),
        # xnu-11417.121.6: "memorystatus: %s pid %d [%s] (%s %d %llus rf:%s) %lluKB - … compressor_size:%u"
        (11417, Era.MODERN, {"band": 30}, "memorystatus: killing_top_process pid 312 [softwareupdateservicesd] (vm-pageshortage 30 42s rf:med) 10240KB - memorystatus_available_pages: 6500 compressor_size:12345"),
        (11417, Era.MODERN, {"specific": True, "reason": KillReason.PER_PROCESS_LIMIT, "band": 100}, "10800.250 memorystatus: killing_specific_process pid 312 [softwareupdateservicesd] (per-process-limit 100 42s rf:med) 10240KB - memorystatus_available_pages: 6500"),
    ],
)  # fmt: skip
def test_each_release_writes_its_own_kill_line(
    xnu: int, era: Era, changes: dict[str, object], line: str
) -> None:
    assert kill_line(rules_for(xnu, era), facts(**changes)) == line


def test_a_macs_idle_exit_line_xnu11417() -> None:
    # memstat_kill_idle_process: "memorystatus: killing_idle_process pid %d [%s]
    # jetsam_reason->osr_code: %llu" (JETSAM_REASON_MEMORY_IDLE_EXIT = 9)
    rules = rules_for(11417, Era.MACOS)
    assert idle_exit_line(rules, Era.MACOS, 77, "photoanalysisd", 9) == (
        "memorystatus: killing_idle_process pid 77 [photoanalysisd] jetsam_reason->osr_code: 9"
    )
    # xnu-2422.1.72: "memorystatus_thread: idle exiting pid %d [%s]"
    old = rules_for(2423, Era.MACOS)
    assert idle_exit_line(old, Era.MACOS, 1586, "com.apple.audio.DriverHelper", 9) == (
        "memorystatus_thread: idle exiting pid 1586 [com.apple.audio.]"
    )
    # xnu-3789.1.32 memorystatus_thread: the same with p_name
    assert idle_exit_line(
        rules_for(3789, Era.MACOS), Era.MACOS, 1586, "com.apple.audio.DriverHelper", 9
    ) == ("memorystatus_thread: idle exiting pid 1586 [com.apple.audio.DriverHelper]")
    # xnu-4570.1.46 … xnu-4903.221.2 kill_idle_exit_proc: "memorystatus: killing_idle_process
    # pid %d [%s]\n", no exit reason code (it appears at xnu-6153.11.26)
    for xnu in (4570, 4903):
        assert idle_exit_line(rules_for(xnu, Era.MACOS), Era.MACOS, 77, "photoanalysisd", 9) == (
            "memorystatus: killing_idle_process pid 77 [photoanalysisd]"
        )
    assert idle_exit_line(rules_for(6153, Era.MACOS), Era.MACOS, 77, "photoanalysisd", 9) == (
        "memorystatus: killing_idle_process pid 77 [photoanalysisd] jetsam_reason->osr_code: 9"
    )


def test_a_purge_that_saves_the_victim_is_logged() -> None:
    assert purge_line(512, 44, "cache", "vm-pageshortage") == (
        "memorystatus: purged 512 pages from pid 44 [cache] and avoided vm-pageshortage"
    )


IOS6_KILL = re.compile(
    r"^memorystatus: jetsam killing pid \d+ \[[^\]]{1,16}\] - memorystatus_available_pages: \d+$"
)


def test_the_hog_on_the_ipod_logs_every_kill_as_xnu_2050_does() -> None:
    sim = Simulator.from_scenario(load_scenario("hog"), seed=0)
    sim.run_until(60)
    kills = [e for e in sim.drain_events() if isinstance(e, Killed)]
    lines = sim.drain_kernel_log()
    assert len(lines) == len(kills) > 10
    assert all(IOS6_KILL.match(line.text) for line in lines)
    assert [line.t for line in lines] == [k.t for k in kills]
    assert lines[-1].text.startswith(f"memorystatus: jetsam killing pid {kills[-1].pid} [hog] ")


def test_a_fatal_limit_kill_is_a_specific_kill_on_ios_18() -> None:
    sim = Simulator.from_scenario(load_scenario("fatal-limit"), seed=0)
    sim.run_until(60)
    crossed, line = sim.drain_kernel_log()
    # xnu-11417.121.6 memorystatus_log_exception, then memorystatus_kill_specific_process
    assert re.match(
        r"^memorystatus: PhotoFilter \[\d+\] exceeded mem limit: ActiveHard \d+ MB \(fatal\)$",
        crossed.text,
    )
    assert re.match(
        r"^\d+\.\d{3} memorystatus: killing_specific_process pid \d+ \[PhotoFilter\] "
        r"\(per-process-limit 100 \d+s rf:low\) \d+KB - memorystatus_available_pages: \d+$",
        line.text,
    )


def test_a_force_quit_from_the_menu_logs_nothing() -> None:
    sim = make_sim()
    pid = sim.launch("app", "foreground", 10)
    sim.kill(pid)
    assert sim.drain_kernel_log() == []


def test_simulate_kernel_log_writes_seconds_tab_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "hog", "--until", "30", "--kernel-log", "-"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out
    for row in out:
        seconds, tab, text = row.partition("\t")
        assert tab
        assert re.fullmatch(r"\d+\.\d{3}", seconds)
        assert IOS6_KILL.match(text)


def test_only_one_output_may_take_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "hog", "--kernel-log", "-", "--events", "-"]) == 2
    assert "only one of them can write to stdout" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("xnu", "era", "changes", "line"),
    [
        # xnu-2050.48.11: no ledger limit, no line (memorystatus_kill_hiwat_proc only)
        (2107, Era.PRIORITY_LIST, {}, None),
        # xnu-2422.1.72 memorystatus_on_ledger_footprint_exceeded:
        # "process %d (%s) %s physical memory footprint limit of %d MB", p_comm
        (2423, Era.LEGACY, {"warning": True}, "process 312 (softwareupdatese) approaching physical memory footprint limit of 300 MB"),
        (2423, Era.LEGACY, {}, "process 312 (softwareupdatese) exceeded physical memory footprint limit of 300 MB"),
        # xnu-2782.1.97: "exceeded" only (warning == FALSE)
        (2782, Era.LEGACY, {"warning": True}, None),
        (3246, Era.LEGACY, {}, "process 312 (softwareupdatese) exceeded physical memory footprint limit of 300 MB"),
        # xnu-3247.1.106: "… exceeded physical memory footprint, the %s%sMemoryLimit of %d MB"
        (3247, Era.LEGACY, {}, "process 312 (softwareupdatese) exceeded physical memory footprint, the ActiveHardMemoryLimit of 300 MB"),
        (3248, Era.LEGACY, {"active": False, "fatal": False}, "process 312 (softwareupdatese) exceeded physical memory footprint, the InactiveSoftMemoryLimit of 300 MB"),
        # xnu-3789.1.32 memorystatus_turnoff_exception_and_get_fatalness: p_name
        (3789, Era.LEGACY, {}, "process 312 (softwareupdateservicesd) exceeded physical memory footprint, the ActiveHardMemoryLimit of 300 MB"),
        (3789, Era.MACOS, {"fatal": False}, "process 312 (softwareupdateservicesd) exceeded physical memory footprint, the ActiveSoftMemoryLimit of 300 MB"),
        (3788, Era.MACOS, {}, None),  # a Mac before it: CONFIG_JETSAM only
        # xnu-4570.1.46 memorystatus_log_exception: "EXC_RESOURCE -> %s[%d] exceeded mem limit: %s%s %d MB (%s)"
        (4570, Era.LEGACY, {}, "EXC_RESOURCE -> softwareupdateservicesd[312] exceeded mem limit: ActiveHard 300 MB (fatal)"),
        (11215, Era.MODERN, {"active": False, "fatal": False}, "EXC_RESOURCE -> softwareupdateservicesd[312] exceeded mem limit: InactiveSoft 300 MB (non-fatal)"),
        (11215, Era.MODERN, {"warning": True}, None),
        # xnu-11417.121.6: "memorystatus: %s [%d] exceeded mem limit: %s%s %d MB (%s)"
        (11417, Era.MODERN, {}, "memorystatus: softwareupdateservicesd [312] exceeded mem limit: ActiveHard 300 MB (fatal)"),
        (11417, Era.MACOS, {"fatal": False}, "memorystatus: softwareupdateservicesd [312] exceeded mem limit: ActiveSoft 300 MB (non-fatal)"),
    ],
)  # fmt: skip
def test_each_release_writes_its_own_limit_line(
    xnu: int, era: Era, changes: dict[str, bool], line: str | None
) -> None:
    # max_footprint_mb = max_footprint >> 20: 300.5 MB prints 300
    options = {"active": True, "fatal": True, "warning": False} | changes
    got = limit_line(rules_for(xnu, era), 312, "softwareupdateservicesd", 315_097_088, **options)
    assert got == line


def _limit_lines(profile: str) -> list[str]:
    """A soft 50 MB limit (warning at 80 %) crossed, left and crossed again while active."""
    sim = make_sim(profile=profile)
    pid = sim.launch("photolibraryd", "foreground", 10, "frontmost", limit_mb=50, limit_fatal=False)
    for step in (sim.allocate, sim.free, sim.allocate):  # 60 MB, 10 MB, 60 MB
        step(pid, 50)
        sim.advance(0.1)
    return [
        line.text
        for line in sim.drain_kernel_log()
        if "footprint" in line.text or "mem limit" in line.text
    ]


def test_each_crossing_is_logged_before_3789_once_per_limit_after() -> None:
    """xnu-2422.1.72 osfmk/kern/ledger.c: the callback is re-armed (LF_CALLED_BACK
    cleared) when the balance falls below the limit, and xnu-2422's line has no once-only
    test; xnu-11417.121.6 task_process_crossed_limit_no_diag logs once per limit
    (task_has_triggered_exc_resource)."""
    ios7 = _limit_lines("iPad2,5")
    assert ios7 == [
        "process 100 (photolibraryd) approaching physical memory footprint limit of 50 MB",
        "process 100 (photolibraryd) exceeded physical memory footprint limit of 50 MB",
        "process 100 (photolibraryd) approaching physical memory footprint limit of 50 MB",
        "process 100 (photolibraryd) exceeded physical memory footprint limit of 50 MB",
    ]
    assert _limit_lines("iPhone17,1") == [
        "memorystatus: photolibraryd [100] exceeded mem limit: ActiveSoft 50 MB (non-fatal)"
    ]
