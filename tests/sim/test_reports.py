"""The report the device writes after a kill pass (issue 3 §9, xnu-memorystatus.md §10):
built as a JetsamReport value with the field set and layout of the real reports."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

from activitymon.model import JetsamReport, ProcessState, ReportFormat
from activitymon.reports import parse_report, render_report
from activitymon.sim import Simulator, load_scenario
from tests.sim.conftest import make_sim

PAGE_KEYS = {
    "active",
    "throttled",
    "fileBacked",
    "wired",
    "anonymous",
    "purgeable",
    "inactive",
    "free",
    "speculative",
}


def reports_of(sim: Simulator, seconds: float) -> list[JetsamReport]:
    sim.advance(seconds)
    return sim.drain_reports()


def hog_run(profile: str, *, rate: float = 150, seconds: float = 120) -> list[JetsamReport]:
    sim = make_sim(profile=profile, population=True)
    hog = sim.launch("hog", "foreground", 10, ProcessState.FRONTMOST)
    sim.grow(hog, rate_mb_per_s=rate)
    return reports_of(sim, seconds)


def test_modern_report_has_the_jetsam_event_structure() -> None:
    reports = hog_run("iPhone12,1")
    assert reports
    r = reports[0]
    assert r.format is ReportFormat.JETSAM_IPS
    assert r.bug_type == "298"
    assert list(r.header) == ["bug_type", "timestamp", "os_version", "incident_id"]
    assert r.header["incident_id"] == r.incident_id
    assert re.fullmatch(r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", r.incident_id or "")
    assert re.fullmatch(r"[0-9a-f]{40}", r.crash_reporter_key or "")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d\d [+-]\d{4}", r.date or "")
    assert r.product == "iPhone12,1"
    assert r.page_size == 16384
    assert set(r.memory_pages) == PAGE_KEYS
    mp = r.memory_pages
    assert mp["anonymous"] + mp["fileBacked"] == (
        mp["active"] + mp["inactive"] + mp["speculative"] + mp["throttled"]
    )
    assert {"compressorSize", "uncompressed", "compressions", "decompressions"} <= set(
        r.memory_status
    )
    assert r.largest_process == max(r.processes, key=lambda p: p.rpages or 0).name
    assert r.gen_counter == 1
    for p in r.processes:
        assert p.pid is not None
        assert p.rpages is not None
        assert p.lifetime_max is not None
        assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", p.uuid or "")
        assert p.fds in (25, 50, 100, 200, 400)
        assert p.age is not None
        assert p.age >= 0
        assert p.cpu_time is not None
        assert p.coalition is not None
        assert p.priority is not None
        assert p.physical_pages is not None
        assert sum(p.physical_pages["internal"]) == p.rpages
        if p.killed:
            assert p.kill_delta is not None
            assert p.kill_delta >= 0
            assert p.gen_count == 0
        else:
            assert p.kill_delta is None
            assert p.gen_count is None
    # processes in kill order (band 0 first); victims by killDelta in kill order
    priorities = [p.priority or 0 for p in r.processes]
    assert priorities == sorted(priorities)
    deltas = [v.kill_delta for v in r.victims]
    assert deltas == sorted(deltas)  # type: ignore[type-var]


def test_report_keys_match_the_real_ios_14_report(jetsam_fixtures: Path) -> None:
    text = (jetsam_fixtures / "JetsamEvent-2020-10-15-172958.ips.synced").read_text()
    header, body = text.split("\n", 1)
    real: dict[str, Any] = json.loads(body)
    assert set(json.loads(header)) == set(hog_run("iPhone12,1")[0].header)
    assert set(real["memoryStatus"]["memoryPages"]) == PAGE_KEYS
    real_status = set(real["memoryStatus"]) - {"memoryPages", "pageSize"}
    ours = hog_run("iPhone12,1")[0]
    assert real_status == set(ours.memory_status)
    names = {
        "pid": "pid",
        "name": "name",
        "uuid": "uuid",
        "rpages": "rpages",
        "lifetimeMax": "lifetime_max",
        "purgeable": "purgeable",
        "fds": "fds",
        "cpuTime": "cpu_time",
        "age": "age",
        "coalition": "coalition",
        "priority": "priority",
        "states": "states",
        "physicalPages": "physical_pages",
        "reason": "reason",
        "killDelta": "kill_delta",
        "genCount": "gen_count",
    }
    real_killed = next(p for p in real["processes"] if "reason" in p)
    our_killed = next(p for p in ours.processes if p.killed)
    for key in set(real_killed) - {"idleDelta"}:
        assert getattr(our_killed, names[key]) is not None, key


def test_legacy_reports_are_lowmemory_text_or_plist(jetsam_fixtures: Path) -> None:
    kkbox = (jetsam_fixtures / "kkbox_LowMemory-2015-08-07-112054.log").read_text()
    assert hog_run("iPod5,1", rate=16, seconds=60)[0].format is ReportFormat.LOWMEMORY_PLIST
    r = hog_run("iPad2,5", rate=16, seconds=60)[0]
    assert r.format is ReportFormat.LOWMEMORY_TEXT
    assert r.product == "iPad2,5"
    assert r.os_version
    assert r.kernel
    assert r.time_delta is not None
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}", r.date or "")
    labels = {m.lower().replace("-", "") for m in re.findall(r"^(\S+) pages:", kkbox, re.M)}
    assert {k.lower() for k in r.memory_pages} == labels
    assert set(r.memory_status) == {
        "compressions",
        "decompressions",
        "compressorSize",
        "uncompressed",
    }
    assert not r.page_size_known  # iOS 7 text has no page size line
    for p in r.processes:
        assert re.fullmatch(r"[0-9a-f]{32}", p.uuid or "")
        assert p.rpages is not None
        assert p.lifetime_max is not None
        assert p.fds is not None
        assert p.pid is None
        assert p.priority is None
    killed = [p for p in r.processes if p.killed]
    assert killed
    assert {p.reason for p in killed} == {"vm-pageshortage"}
    assert all(
        set(p.states) <= {"daemon", "idle", "frontmost", "background", "suspended"}
        for p in r.processes
    )


def test_springboard_has_no_state_and_idle_daemons_say_so() -> None:
    r = hog_run("iPhone12,1")[0]
    by_name = {p.name: p for p in r.processes}
    assert by_name["SpringBoard"].states == ()
    assert by_name["launchd"].states == ("daemon",)
    idle = [p for p in r.processes if p.states == ("daemon", "idle")]
    assert idle


def test_reports_are_posted_at_most_once_per_30_s() -> None:
    sim = make_sim(population=True)
    hog = sim.launch("hog", "foreground", 10, ProcessState.FRONTMOST)
    sim.grow(hog, rate_mb_per_s=200)
    times: list[float] = []
    gens: list[int | None] = []
    for _ in range(3000):
        sim.advance(0.1)
        for r in sim.drain_reports():
            times.append(sim.now)
            gens.append(r.gen_counter)
        if sim.now > 20 and hog not in sim.snapshot().by_pid:
            sim.launch("hog2", "foreground", 10, ProcessState.FRONTMOST)
            hog = sim.find("hog2") or hog
            sim.grow(hog, rate_mb_per_s=200)
    assert len(times) >= 2
    assert all(b - a >= 30 - 1e-6 for a, b in itertools.pairwise(times))
    # js_gencount counts every pass that asked for a post, sent or not (xnu-11417
    # memorystatus_post_snapshot), so the posted generations rise, with gaps
    assert gens[0] == 1
    assert all(a is not None and b is not None and b > a for a, b in itertools.pairwise(gens))


def test_idle_band_kills_alone_write_no_report_on_a_modern_device() -> None:
    sim = make_sim()
    sim.launch("idle", "idle", 50)
    pid = sim.launch("big", "critical", 10)
    th = sim.thresholds
    assert th is not None
    sim.allocate(pid, 2300)  # below idle, above critical: one idle-exit kill
    sim.advance(5)
    assert sim.available_pages >= th.critical_pages
    assert not sim.drain_reports()


def test_fatal_limit_kill_writes_a_report_with_its_victim() -> None:
    sim = Simulator.from_scenario(load_scenario("fatal-limit"))
    reports = reports_of(sim, 45)
    assert len(reports) == 1
    victims = reports[0].victims
    assert [(v.name, v.reason) for v in victims] == [("PhotoFilter", "per-process-limit")]


def test_reports_render_and_read_back_with_the_reports_package() -> None:
    for profile, rate in (("iPhone12,1", 150), ("iPad2,5", 16), ("iPod5,1", 16)):
        report = hog_run(profile, rate=rate, seconds=120)[0]
        back = parse_report(render_report(report))
        assert back.format is report.format
        assert [p.name[:16] for p in back.processes] == [p.name[:16] for p in report.processes]
        assert [p.reason for p in back.processes] == [p.reason for p in report.processes]
        assert dict(back.memory_pages) == dict(report.memory_pages)
