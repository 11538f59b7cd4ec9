"""Scenario files (issue 3 §10): the TOML contract, defaults, and one-line errors that
name the file, the key path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import Era, ProcessState, event_to_dict
from activitymon.sim import (
    ScenarioError,
    Simulator,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
)


def parse(text: str, file: str = "hog.toml") -> object:
    return parse_scenario(text, file, name="hog")


def error_of(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse(text)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_defaults_of_the_contract() -> None:
    s = parse_scenario('[[process]]\nname = "a"\n', "x.toml", name="x")
    assert (s.seed, s.duration, s.profile.name, s.population) == (0, 60.0, "iPhone12,1", True)
    p = s.processes[0]
    assert (p.band, p.footprint_mb, p.state, p.limit_mb, p.limit_fatal) == (
        180,
        1.0,
        ProcessState.DAEMON,
        None,
        True,
    )
    assert (p.idle_exit, p.purgeable_mb, p.on_warning.ignores) == (False, 0.0, True)
    legacy = parse_scenario(
        '[device]\nprofile = "iPod5,1"\n[[process]]\nname = "a"\n', "x", name="x"
    )
    assert legacy.era is Era.LEGACY
    assert legacy.processes[0].band == 18


def test_device_overrides() -> None:
    s = parse_scenario(
        '[device]\nprofile = "iPhone12,1"\nram_mb = 2048\npage_size = 4096\nera = "legacy"\n',
        "x",
        name="x",
    )
    assert (s.profile.ram_mb, s.profile.page_size, s.era) == (2048, 4096, Era.LEGACY)
    assert all(0 <= p.band <= 21 for p in s.profile.processes)
    assert Simulator.from_scenario(s).snapshot().memory.total_pages == 2048 * 256


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[process]]\nname = "a"\n[[process]]\nname = "b"\n'
            '[[process]]\nname = "c"\nband = "hgh"\n',
            'hog.toml: process[2].band: expected an integer 0–210 or a band name, got "hgh"',
        ),
        (
            '[device]\nprofile = "iPod5,1"\n[[process]]\nname = "a"\nband = 50\n',
            "hog.toml: process[0].band: expected an integer 0–21 or a band name, got 50",
        ),
        ("[[process]]\nband = 3\n", "hog.toml: process[0].name: required key is missing"),
        (
            '[[process]]\nname = "a"\nfootprint_mb = "big"\n',
            'process[0].footprint_mb: expected a number, got "big"',
        ),
        (
            '[[process]]\nname = "a"\nstate = "asleep"\n',
            "process[0].state: expected one of frontmost, background, suspended, daemon",
        ),
        (
            '[[process]]\nname = "a"\non_warning = "panic"\n',
            'process[0].on_warning: expected "ignore", "free N%" or "free N MB"',
        ),
        ('[[process]]\nname = "a"\ncolour = 1\n', "process[0].colour: unknown key"),
        (
            '[[process]]\nname = "a"\npid = 7\n[[process]]\nname = "b"\npid = 7\n',
            "process[1].pid: expected a unique pid, got 7 twice",
        ),
        ('[device]\nprofile = "Nokia"\n', "device.profile: expected a built-in profile"),
        ("[device]\npage_size = 8192\n", "device.page_size: expected 4096 or 16384, got 8192"),
        ('[device]\nera = "jurassic"\n', "device.era: expected one of legacy, modern, macos"),
        ("seed = 1.5\n", "hog.toml: seed: expected an integer, got 1.5"),
        (
            "duration = -3\n",
            "hog.toml: duration: expected a finite number above 0 to 86400, got -3",
        ),
        ('[[action]]\nat = 1\ndo = "explode"\n', "action[0].do: expected one of grow, stop"),
        (
            '[[action]]\nat = 1\ndo = "grow"\nprocess = "ghost"\nrate_mb_per_s = 1\n',
            'action[0].process: no process named "ghost"',
        ),
        (
            '[[process]]\nname = "a"\n[[action]]\nat = 1\ndo = "grow"\nprocess = "a"\n',
            "action[0].rate_mb_per_s: required key is missing",
        ),
        (
            '[[process]]\nname = "a"\n[[action]]\ndo = "stop"\nprocess = "a"\n',
            "action[0].at: required key is missing",
        ),
        (
            '[[action]]\nat = 1\ndo = "pressure"\nlevel = "panic"\n',
            "action[0].level: expected one of warn, critical, normal",
        ),
        (
            '[[process]]\nname = "a"\n[[action]]\nat = 1\ndo = "set_band"\n'
            'process = "a"\nband = "nope"\n',
            'action[0].band: expected an integer 0–210 or a band name, got "nope"',
        ),
        (
            '[[process]]\nname = "a"\n[[action]]\nat = 1\ndo = "stop"\nprocess = "a"\nmb = 3\n',
            "action[0].mb: unknown key",
        ),
        ("this is not toml", "hog.toml: not valid TOML"),
        ("process = 3\n", "hog.toml: process: expected an array of tables ([[process]]), got 3"),
    ],
)
def test_errors_name_file_key_path_and_expectation(text: str, message: str) -> None:
    assert message in error_of(text)


def test_every_action_is_accepted() -> None:
    text = """
[[process]]
name = "a"
[[action]]
at = 1
do = "grow"
process = "a"
rate_mb_per_s = 10
chunk_mb = 4
[[action]]
at = 2
do = "stop"
process = "a"
[[action]]
at = 3
do = "allocate"
process = "a"
mb = 5
[[action]]
at = 4
do = "free"
process = "a"
mb = 5
[[action]]
at = 5
do = "launch"
name = "b"
band = "background"
footprint_mb = 20
state = "background"
[[action]]
at = 6
do = "foreground"
process = "b"
[[action]]
at = 7
do = "background"
process = "b"
[[action]]
at = 8
do = "suspend"
process = "b"
[[action]]
at = 9
do = "set_band"
process = "a"
band = 40
[[action]]
at = 10
do = "set_limit"
process = "a"
limit_mb = 200
limit_fatal = false
[[action]]
at = 11
do = "pressure"
level = "warn"
[[action]]
at = 12
do = "memory_warning"
process = "a"
[[action]]
at = 13
do = "exit"
process = "b"
"""
    s = parse_scenario(text, "all.toml", name="all")
    assert [a.do for a in s.actions] == [
        "grow", "stop", "allocate", "free", "launch", "foreground", "background",
        "suspend", "set_band", "set_limit", "pressure", "memory_warning", "exit",
    ]  # fmt: skip
    sim = Simulator.from_scenario(s)
    sim.advance(15)
    kinds = [e.kind.value for e in sim.drain_events()]
    assert "launch" in kinds
    assert "exit" in kinds
    assert "level" in kinds
    assert "notify" in kinds


def test_missing_file_and_unknown_builtin(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"nope\.toml: no such scenario file"):
        load_scenario(tmp_path / "nope.toml")
    with pytest.raises(ScenarioError, match=r"unknown scenario 'nope' \(built-in: .*demo"):
        load_scenario("nope")
    good = tmp_path / "mine.toml"
    good.write_text('duration = 5\n[[process]]\nname = "x"\n', encoding="utf-8")
    assert load_scenario(str(good)).duration == 5


def test_builtin_scenarios_load() -> None:
    names = set(builtin_scenarios())
    assert {
        "demo",
        "hog",
        "fatal-limit",
        "highwater",
        "warnings-redeem",
        "foreground-vs-suspended",
        "mac-idle-exit",
    } <= names


@settings(max_examples=10, deadline=None)
@given(
    name=st.sampled_from(sorted(builtin_scenarios())),
    seed=st.integers(0, 2**31),
    until=st.floats(1, 120),
)
def test_same_scenario_and_seed_give_the_same_events(name: str, seed: int, until: float) -> None:
    def run() -> list[dict[str, object]]:
        sim = Simulator.from_scenario(load_scenario(name), seed=seed)
        sim.run_until(until)
        events = [event_to_dict(e) for e in sim.drain_events()]
        reports = [(r.incident_id, r.date, len(r.processes)) for r in sim.drain_reports()]
        return [*events, {"reports": reports}]

    assert run() == run()


def test_explicit_pids_are_kept() -> None:
    s = parse_scenario(
        '[[process]]\nname = "mine"\npid = 120\n[[process]]\nname = "other"\n', "p", name="p"
    )
    snap = Simulator.from_scenario(s).snapshot()
    by_name = {p.name: p.pid for p in snap.processes}
    assert by_name["mine"] == 120
    assert len({p.pid for p in snap.processes}) == len(snap.processes)
