"""A device's jetsam properties change who dies and when (issue 22, done-when).

The files are written here, with ``plistlib`` in XML and binary form, from the public
structure docs/SIMULATOR.md describes ("Jetsam properties"); each test runs the same
story with and without the file, so it fails if the file is not applied.
"""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

import pytest

from activitymon.model import Killed, KillReason, LimitOrigin
from activitymon.sim import Simulator, load_scenario
from activitymon.sim.jetsam_properties import Layout, PropertiesError, parse_properties
from activitymon.sim.properties_apply import apply_properties
from activitymon.sim.specs import ProcessSpec

FORMATS = {"xml": plistlib.FMT_XML, "binary": plistlib.FMT_BINARY}

#: an iOS 18 file: locationd demoted to the idle band (JetsamPriority 0), SpringBoard
#: held to a 100 MB fatal limit, a label this device has not
VERSION4: dict[str, Any] = {
    "Version4": {
        "Daemon": {
            "Override": {
                "Global": {
                    "ActiveSoftMemoryLimit": 6,
                    "InactiveHardMemoryLimit": 6,
                    "JetsamPriority": 40,
                    "ThreadLimit": 32,
                },
                "com.apple.locationd": {
                    "ActiveSoftMemoryLimit": 400,
                    "InactiveHardMemoryLimit": 400,
                    "JetsamPriority": 0,
                },
                "com.apple.SpringBoard": {
                    "ActiveHardMemoryLimit": 100,
                    "InactiveHardMemoryLimit": 100,
                    "JetsamPriority": 160,
                },
                "com.example.not-on-this-device": {"JetsamPriority": 100},
            }
        },
    }
}
#: an iOS 7 file: backboardd with a 2 MB high-water mark, CommCenter demoted to band 0
CACHED_DEFAULTS: dict[str, Any] = {
    "Version": 3,
    "Defaults": {},
    "CachedDefaults": {
        "com.apple.backboardd": {"JetsamPriority": 18, "JetsamMemoryLimit": 2},
        "com.apple.CommCenter": {"JetsamPriority": 0, "JetsamMemoryLimit": 40},
    },
}

SCENARIO = """
duration = {duration}
[device]
profile = "{profile}"
{properties}
[[process]]
name = "hog"
band = "critical"
state = "frontmost"
footprint_mb = 10
limit_mb = "none"
graphics_percent = 100
[[action]]
at = 2
do = "grow"
process = "hog"
rate_mb_per_s = {rate}
"""


def run_story(
    tmp_path: Path, profile: str, rate: int, duration: int, plist: bytes | None
) -> tuple[Simulator, list[Killed]]:
    properties = ""
    if plist is not None:
        (tmp_path / "props.plist").write_bytes(plist)
        properties = 'jetsam_properties = "props.plist"'  # beside the scenario
    path = tmp_path / "story.toml"
    text = SCENARIO.format(profile=profile, rate=rate, duration=duration, properties=properties)
    path.write_text(text)
    sim = Simulator.from_scenario(load_scenario(path))
    sim.run_until(duration)
    return sim, [e for e in sim.drain_events() if isinstance(e, Killed)]


def first_kill(kills: list[Killed], name: str) -> Killed | None:
    return next((k for k in kills if k.name == name), None)


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=FORMATS.keys())
def test_a_version4_file_changes_who_dies_and_when(
    tmp_path: Path, fmt: plistlib.PlistFormat
) -> None:
    _, plain = run_story(tmp_path, "iPhone12,1", 100, 60, None)
    sim, changed = run_story(tmp_path, "iPhone12,1", 100, 60, plistlib.dumps(VERSION4, fmt=fmt))
    # without the file SpringBoard (HOME, ~156 MB) lives until the hog, above it, has
    # emptied the bands below; with it, its footprint is over a 100 MB fatal limit and
    # it dies on its next allocation
    before = first_kill(plain, "SpringBoard")
    assert before is None or (before.reason is KillReason.VM_PAGESHORTAGE and before.t > 20)
    springboard = first_kill(changed, "SpringBoard")
    assert springboard is not None
    assert springboard.reason is KillReason.PER_PROCESS_LIMIT
    assert springboard.t < 5
    # locationd (IMPORTANT, 180) sits in the idle band with the file and dies with it,
    # before anything above band 0
    before = first_kill(plain, "locationd")
    assert before is None or before.band == 180
    locationd = first_kill(changed, "locationd")
    assert locationd is not None
    assert locationd.band == 0
    assert locationd.reason is KillReason.IDLE_EXIT
    assert before is None or locationd.t < before.t
    # the label no process carries is listed, not guessed
    use = (
        sim.profile.properties_use if sim.scenario is None else sim.scenario.profile.properties_use
    )
    assert use is not None
    assert use.layout is Layout.VERSION4
    assert use.unknown == (("Daemon", "com.example.not-on-this-device"),)


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=FORMATS.keys())
def test_a_cached_defaults_file_changes_who_dies_and_when(
    tmp_path: Path, fmt: plistlib.PlistFormat
) -> None:
    _, plain = run_story(tmp_path, "iPad2,5", 8, 80, None)
    _, changed = run_story(tmp_path, "iPad2,5", 8, 80, plistlib.dumps(CACHED_DEFAULTS, fmt=fmt))
    # backboardd (~9 MB) over a 2 MB high-water mark: on iOS 7 high-water kills run
    # inside the critical loop, so it dies first there, with highwater; without the
    # file it waits for band order (IMPORTANT, 18)
    before = first_kill(plain, "backboardd")
    assert before is None or before.reason is KillReason.VM_PAGESHORTAGE
    assert plain[0].name != "backboardd"
    backboardd = first_kill(changed, "backboardd")
    assert backboardd is not None
    assert backboardd.reason is KillReason.HIGHWATER
    assert changed[0].name == "backboardd"
    # CommCenter (CRITICAL, 19) demoted to band 0 dies with the idle band
    before = first_kill(plain, "CommCenter")
    assert before is None or before.band == 19
    commcenter = first_kill(changed, "CommCenter")
    assert commcenter is not None
    assert commcenter.band == 0
    assert before is None or commcenter.t < before.t


def test_what_a_scenario_writes_itself_wins_over_the_file() -> None:
    props = parse_properties(plistlib.dumps(VERSION4), "t.plist")
    own = ProcessSpec(
        "locationd",
        band=180,
        label="com.apple.locationd",
        limit_mb=50.0,
        given=frozenset({"band", "limit_mb"}),
    )
    unlabelled = ProcessSpec("com.apple.SpringBoard", band=160, given=frozenset())
    other = ProcessSpec("other", band=180, label="com.apple.other")
    from activitymon.model import Era

    (got_own, got_named, got_other), use = apply_properties(
        props, (own, unlabelled, other), Era.MODERN
    )
    # kept; its limit_mb stands for both limits, as read_process reads it
    assert (got_own.band, got_own.limit_mb, got_own.inactive_limit_mb) == (180, 50.0, None)
    # matched by name (no label): its entry, never a Global
    assert got_named.limit_mb == 100.0
    assert got_named.limit_origin is LimitOrigin.PROPERTIES
    # labelled, no entry: the section's Global (6 MB soft active, 6 MB fatal inactive)
    assert (got_other.band, got_other.limit_mb, got_other.limit_fatal) == (40, 6.0, False)
    assert [a.from_global for a in use.applied] == [False, False, True]


def test_a_priority_off_the_devices_scale_is_one_line_naming_file_and_key() -> None:
    props = parse_properties(plistlib.dumps(VERSION4), "t.plist")
    spec = ProcessSpec("SpringBoard", band=16, label="com.apple.SpringBoard")
    from activitymon.model import Era

    with pytest.raises(PropertiesError) as caught:
        apply_properties(props, (spec,), Era.LEGACY)
    assert str(caught.value) == (
        "t.plist: Daemon.com.apple.SpringBoard.JetsamPriority: expected a band 0–21 on this "
        "device (legacy scale), got 160"
    )


def test_on_ios6_a_files_jetsam_priority_is_the_priority_itself(tmp_path: Path) -> None:
    """launchd-442 passed a daemon's JetsamPriority to xnu-2050's list as it was
    (one list, highest number killed first): locationd, at the default -100 without the
    file, is the first victim at priority 50."""
    plist = plistlib.dumps(
        {"Version": 3, "CachedDefaults": {"locationd": {"JetsamPriority": 50}}},
        fmt=plistlib.FMT_BINARY,
    )
    _, plain = run_story(tmp_path, "iPod5,1", 16, 40, None)
    sim, changed = run_story(tmp_path, "iPod5,1", 16, 40, plist)
    assert plain
    assert changed
    assert plain[0].name != "locationd"
    assert changed[0].name == "locationd"
    assert changed[0].band == 50
    before = first_kill(plain, "locationd")
    assert before is None or before.t > changed[0].t
    assert sim.scenario is not None
    use = sim.scenario.profile.properties_use
    assert use is not None
    assert [a.process for a in use.applied] == ["locationd"]
