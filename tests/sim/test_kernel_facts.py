"""Each simulated device's KernelFacts: what its release has, as the table of
docs/SIMULATOR.md reads it in XNU (literals from there, not from the rules code)."""

from __future__ import annotations

import pytest

from activitymon.model import (
    KernelFacts,
    KillReason,
    LevelSource,
    Platform,
    PriorityModel,
    Threshold,
    facts_from_dict,
    facts_to_dict,
)
from activitymon.sim import Simulator
from activitymon.sim.profiles import find_profile


def facts(profile: str) -> KernelFacts:
    found = find_profile(profile)
    assert found is not None
    return Simulator(found).kernel_facts


def test_the_ios_6_ipod_has_no_compressor_no_idle_threshold_and_writes_vm() -> None:
    f = facts("iPod5,1")
    assert f.platform is Platform.IOS
    assert f.compressor is False  # profile: "the VM compressor arrived with iOS 7"
    # xnu-2050 memorystatus_get_pressure_locked: the level from the suspended count
    assert f.level_source is LevelSource.SUSPENDED_COUNT
    assert f.priority_model is PriorityModel.PRIORITY_LIST
    assert f.idle_band is False
    assert f.fatal_limits is False  # hiwat_pages only (memorystatus_kill_hiwat_proc)
    assert f.thresholds == {Threshold.SOFT, Threshold.CRITICAL}
    # xnu-2050 memorystatus_update_levels_locked: no critical idle offset
    assert not f.critical_raised_while_idle
    # xnu-2050 memorystatus_jetsam_thread: high-water kills below HIGHWATER_PERCENT (10)
    assert f.highwater_below is None
    assert f.highwater_percent == 10
    assert f.reported_as(KillReason.VM_PAGESHORTAGE) == "vm"  # the article's report
    assert f.report_format == "LowMemory"
    assert f.report_timeout_s == 0.0
    assert f.quiet_bands == ()  # 2050 posts a snapshot for any kill


def test_the_ios_14_iphone_6s_raises_critical_while_band_0_is_occupied() -> None:
    f = facts("iPhone8,1")
    assert f.compressor is True
    assert f.level_source is LevelSource.COMPRESSOR
    assert Threshold.IDLE not in f.thresholds  # 8796/7195 pick_action: no KILL_IDLE
    assert f.critical_raised_while_idle  # memorystatus_available_pages_critical_idle_offset
    assert f.highwater_below is Threshold.SOFT
    assert f.purge_before_kill
    assert f.notify_floor_band == 2
    assert f.quiet_bands == (0, 1)
    assert f.report_timeout_s == 30.0
    assert not f.sustained_pressure_kills
    assert f.reported_as(KillReason.VM_PAGESHORTAGE) == "vm-pageshortage"


def test_the_ios_18_iphone_11_has_an_idle_threshold() -> None:
    f = facts("iPhone12,1")
    assert f.thresholds == {Threshold.SOFT, Threshold.IDLE, Threshold.CRITICAL}
    assert not f.critical_raised_while_idle
    assert f.sustained_pressure_kills
    assert f.notify_floor_band == 20
    assert f.quiet_bands == (0, 10)


def test_the_mac_has_no_page_shortage_thresholds_and_ends_idle_processes() -> None:
    f = facts("Mac")
    assert f.platform is Platform.MACOS
    assert f.thresholds == frozenset()
    assert not f.page_shortage_kills
    assert f.idle_exit_under_pressure
    assert f.aging is None


@pytest.mark.parametrize("profile", ["iPod5,1", "iPad2,5", "iPhone8,1", "iPhone12,1", "Mac"])
def test_facts_survive_their_json_form(profile: str) -> None:
    f = facts(profile)
    assert facts_from_dict(facts_to_dict(f)) == f


@pytest.mark.parametrize(
    "data",
    [None, 3, "ios", {}, {"platform": "plan9"}, {"platform": ["ios"]}],
)
def test_what_is_not_a_facts_value_reads_as_none(data: object) -> None:
    assert facts_from_dict(data) is None


def test_unknown_values_in_facts_are_dropped_not_trusted() -> None:
    read = facts_from_dict(
        {
            "platform": "ios",
            "thresholds": ["soft", "bogus", 3],
            "compressor": "yes",
            "quiet_bands": [0, -1, 10**9, True],
            "report_timeout_s": float("inf"),
            "reason_spellings": [["vm-pageshortage", "vm"], ["nope", "x"], "junk"],
            "release": "x" * 10_000,
        }
    )
    assert read is not None
    assert read.thresholds == {Threshold.SOFT}
    assert read.compressor is None
    assert read.quiet_bands == (0,)
    assert read.report_timeout_s is None
    assert read.reason_spellings == ((KillReason.VM_PAGESHORTAGE, "vm"),)
    assert len(read.release) == 200
