"""What the window shows per source, decided from its first tick (no QApplication)."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import Era
from activitymon.recording import RecordingWriter
from activitymon.sources import Capability, Source, SourceKind, capabilities_of, open_source
from activitymon.sources.recording import RecordingSource
from activitymon.sources.sim import SimulatorSource
from activitymon.viewmodel import ClockState, SamplerCore, Tick
from activitymon.viewmodel.lanes import default_grouping, oom_score_lanes
from activitymon.viewmodel.sim_sources import SimChoice
from activitymon.viewmodel.source_description import (
    BANDS_TITLE,
    OOM_LANES_TITLE,
    describe_source,
    opening_view,
)

DATA = Path(__file__).resolve().parents[1] / "reports" / "data"
#: a LowMemory report of 2 May 2013, 09:30:00 (its own file name says so)
LOWMEMORY = DATA / "LowMemory-2013-05-02-093000.plist"


def _first_tick(source: Source) -> Tick:
    return SamplerCore(source, 1, ClockState()).tick(advance=False)


def test_the_simulator_gets_its_controls_and_bands() -> None:
    d = describe_source(_first_tick(SimulatorSource.open("demo", seed=3)))
    assert d.kind is SourceKind.SIMULATOR
    assert d.simulator_controls
    assert d.steerable
    assert not d.report_toolbar
    assert not d.report_tab
    assert not d.scrubber
    assert d.lanes_title == "Jetsam Bands"
    assert d.lanes is default_grouping
    assert d.epoch is None  # simulated seconds since the start, not a time of day
    assert d.recordable
    assert d.settings_key == "sim"
    assert d.sim_choice == SimChoice("demo", d.sim_choice.profile if d.sim_choice else None, 3)
    assert d.playing


def test_the_simulator_carries_its_devices_facts_and_release_rules() -> None:
    """The demo runs on iPhone12,1 (resources/devices/iPhone12_1.toml: era "modern",
    xnu = 11417); an iPad 2 (iPad2_5.toml: era "legacy", xnu = 2423)."""
    from activitymon.viewmodel.sim_sources import build_sim_source

    d = describe_source(_first_tick(SimulatorSource.open("demo")))
    assert d.facts is not None
    assert d.device_rules is not None
    rules, era = d.device_rules
    assert (rules.xnu, era) == (11417, Era.MODERN)
    ipad = describe_source(_first_tick(build_sim_source(SimChoice("demo", "iPad2,5", None))))
    assert ipad.device_rules is not None
    assert (ipad.device_rules[0].xnu, ipad.device_rules[1]) == (2423, Era.LEGACY)


def test_a_report_replay_gets_its_toolbar_its_tab_and_dated_events() -> None:
    tick = _first_tick(open_source("replay", reports=[str(LOWMEMORY)]))
    d = describe_source(tick)
    assert d.kind is SourceKind.REPORTS
    assert d.report_toolbar
    assert d.report_tab
    assert not d.simulator_controls
    assert not d.scrubber
    assert d.sim_choice is None
    assert d.device_rules is None
    assert d.lanes_title == BANDS_TITLE
    assert tick.snapshot is not None
    assert tick.snapshot.wall_time is not None
    assert d.epoch == pytest.approx(tick.snapshot.wall_time - tick.snapshot.time)
    assert not d.playing  # a timeline waits for the user to move it
    assert d.settings_key == "replay"
    assert opening_view(d.kind) == "bands"


def test_a_recording_gets_the_scrubber_and_is_not_recorded_again(tmp_path: Path) -> None:
    path = tmp_path / "r.amrec"
    sim = SimulatorSource.open("demo")
    with RecordingWriter(path, source="sim", description="demo", capabilities=["bands"]) as w:
        for _ in range(3):
            sim.advance(1.0)
            w.add(sim.sample(), [], [])
    d = describe_source(_first_tick(RecordingSource.open(path)))
    assert d.kind is SourceKind.RECORDING
    assert d.scrubber
    assert not d.report_toolbar
    assert not d.report_tab
    assert not d.simulator_controls
    assert not d.recordable
    assert d.lanes_title == BANDS_TITLE
    assert opening_view(d.kind) == "overview"


def test_linux_gets_the_oom_killers_lanes() -> None:
    from activitymon.sources.linux import LinuxSource

    source = LinuxSource(psi_path="/nonexistent/psi", kernel_log=False)
    tick = Tick(1, None, kind=source.name, capabilities=capabilities_of(source))
    d = describe_source(tick)
    assert d.kind is SourceKind.LINUX
    assert Capability.TERMINATING in d.capabilities
    assert d.lanes_title == OOM_LANES_TITLE
    assert d.lanes is oom_score_lanes
    assert not d.simulator_controls
    assert not d.scrubber
    assert not d.report_toolbar
    assert d.epoch is None
    assert d.settings_key == "linux"


def test_a_source_without_lanes_has_its_lanes_tab_disabled() -> None:
    d = describe_source(Tick(1, None, kind=SourceKind.MACOS, capabilities=frozenset()))
    assert d.lanes_title is None
    assert d.lanes is default_grouping
