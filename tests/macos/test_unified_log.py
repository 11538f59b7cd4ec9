"""A Mac's memorystatus lines from the unified log (``log show --style ndjson``), read
through a recorded run of the tool; where it is missing or refuses, one notice says
why."""

from __future__ import annotations

import json

from activitymon.sources.macos import MacOSSource
from activitymon.sources.macos_log import COMMAND, UnifiedLog, parse_ndjson
from tests.macos.fakes import demo_fake

# the shape of `log show --style ndjson` output on macOS 15 (fields trimmed); the
# messages are memorystatus's own format strings at xnu-11417.121.6, filled
KILL = "memorystatus: killing_idle_process pid 812 [photoanalysisd] jetsam_reason->osr_code: 9"
PURGE = "memorystatus: purged 512 pages from pid 44 [cache] and avoided vm-pageshortage"


def entry(stamp: str, message: str, sender: str = "kernel") -> bytes:
    return json.dumps(
        {"timestamp": stamp, "eventMessage": message, "senderImagePath": sender}
    ).encode()


FIRST = b"\n".join([entry("2025-06-01 10:00:00.100000+0200", PURGE), b'{"count":1,"finished":1}'])
SECOND = b"\n".join(
    [
        entry("2025-06-01 10:00:00.100000+0200", PURGE),
        entry("2025-06-01 10:00:04.250000+0200", KILL),
        b"not json",
        entry("2025-06-01 10:00:04.300000+0200", "AppleT8103PCIe: link up"),
    ]
)


def test_the_command_asks_the_kernel_for_memorystatus_messages() -> None:
    assert COMMAND[:2] == ("log", "show")
    assert "--predicate" in COMMAND
    assert COMMAND[-1] == 'sender == "kernel" AND eventMessage CONTAINS "memorystatus"'


def test_ndjson_entries_of_memorystatus_are_read_and_the_rest_skipped() -> None:
    assert parse_ndjson(SECOND) == [
        ("2025-06-01 10:00:00.100000+0200", PURGE),
        ("2025-06-01 10:00:04.250000+0200", KILL),
    ]


def test_only_messages_logged_after_the_first_read_are_new() -> None:
    outputs = iter([FIRST, SECOND])
    now = iter([0.0, 6.0])
    log = UnifiedLog(run=lambda: next(outputs), clock=lambda: next(now))
    log.poll()
    assert log.take_lines() == []  # logged before the window opened
    log.poll()
    assert log.take_lines() == [KILL]


def test_a_missing_log_tool_is_one_notice_and_no_lines() -> None:
    def missing() -> bytes:
        raise FileNotFoundError("log")

    source = MacOSSource(demo_fake(), unified_log=UnifiedLog(run=missing))
    assert source.drain_kernel_log() == []
    assert source.drain_kernel_log() == []
    notices = [n for n in source.drain_notices() if n.startswith("kernel log")]
    assert notices == [
        "kernel log: the 'log' tool is not here (macOS 10.12 and later have it), so "
        "memorystatus's own lines cannot be shown"
    ]


def test_the_source_hands_new_lines_with_its_clock() -> None:
    outputs = iter([FIRST, SECOND])
    source = MacOSSource(
        demo_fake(), unified_log=UnifiedLog(run=lambda: next(outputs), interval=0.0)
    )
    assert source.drain_kernel_log() == []
    lines = source.drain_kernel_log()
    assert [line.text for line in lines] == [KILL]
