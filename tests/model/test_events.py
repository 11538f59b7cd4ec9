"""The JSON Lines event contract of ``activitymon simulate --events``."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from activitymon.model import (
    Event,
    Exited,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    LimitExceeded,
    LimitWarning,
    Notified,
    PressureLevel,
    ReportWritten,
    Responded,
    event_from_dict,
    event_to_dict,
)

names = st.text(min_size=1, max_size=20)
times = st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda t: round(t, 6))
pids = st.integers(min_value=0, max_value=99999)
sizes = st.integers(min_value=0, max_value=1 << 40)
levels = st.sampled_from(list(PressureLevel))

events: st.SearchStrategy[Event] = st.one_of(
    st.builds(LevelChanged, times, levels, sizes, st.integers(0, 100)),
    st.builds(Notified, times, pids, names, levels),
    st.builds(Responded, times, pids, names, sizes),
    st.builds(LimitWarning, times, pids, names, sizes),
    st.builds(LimitExceeded, times, pids, names, sizes, st.booleans()),
    st.builds(Killed, times, pids, names, st.sampled_from(list(KillReason)), pids, sizes),
    st.builds(ReportWritten, times, names, st.sampled_from(["jetsam-ips", "lowmemory-plist"])),
    st.builds(Launched, times, pids, names, pids),
    st.builds(Exited, times, pids, names),
)


def test_kill_record_has_the_contract_fields() -> None:
    record = event_to_dict(Killed(12.5, 301, "hog", KillReason.VM_PAGESHORTAGE, 100, 8 << 20))
    assert record == {
        "t": 12.5,
        "kind": "kill",
        "pid": 301,
        "name": "hog",
        "reason": "vm-pageshortage",
        "band": 100,
        "footprint_bytes": 8 << 20,
    }


def test_level_record_uses_level_names() -> None:
    record = event_to_dict(LevelChanged(1.0, PressureLevel.WARN, 1234, 17))
    assert list(record) == ["t", "kind", "level", "available_pages", "memorystatus_level"]
    assert record["level"] == "warn"


@given(events)
def test_every_event_survives_a_json_round_trip(event: Event) -> None:
    line = json.dumps(event_to_dict(event))
    assert event_from_dict(json.loads(line)) == event
