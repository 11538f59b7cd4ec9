"""The fast path's bounds at their edges: a value the sanity pass keeps (a pid of
2^31 − 1, 2^40 pages, a page size of 512 bytes or 1 MiB, containers 8 deep, an integer
of 18 digits) is read by the fast path with exactly the full readers' facts; one past
it is left to the full readers (``None``), never read otherwise.
(jetsam-report-formats.md §4; the bounds of activitymon/reports/sanity.py.)"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest

from activitymon.reports import parse_bytes
from activitymon.reports.fast_checks import sound
from activitymon.reports.fast_facts import fast_report, jetsam_header
from activitymon.reports.incident import facts_of

HEAD = (
    '{"bug_type":"298","timestamp":"2020-10-15 17:29:58.79 +0100",'
    '"os_version":"iPhone OS 14.2 (18B5061e)","incident_id":"B04A36B1"}'
)
BODY: dict[str, Any] = {
    "product": "iPhone12,1",
    "date": "2020-10-15 17:29:58.79 +0100",
    "build": "iPhone OS 14.2 (18B5061e)",
    "timeDelta": 5,
    "largestProcess": "hog",
    "genCounter": 1,
    "memoryStatus": {
        "pageSize": 16384,
        "compressorSize": 5,
        "memoryPages": {"free": 3, "wired": 7},
    },
    "processes": [
        {
            "name": "hog",
            "pid": 7,
            "rpages": 100,
            "lifetimeMax": 120,
            "purgeable": 0,
            "fds": 50,
            "priority": 10,
            "states": ["frontmost"],
            "cpuTime": 4.619693,
            "age": 1,
            "coalition": 2,
            "physicalPages": {"internal": [1, 2]},
            "reason": "per-process-limit",
            "killDelta": 3,
            "genCount": 1,
        },
        {"name": "kbd", "pid": 8, "rpages": 10, "states": ["daemon", "idle"]},
    ],
}
DEEP8 = "[" * 8 + "1" + "]" * 8
DEEP9 = "[" * 9 + "1" + "]" * 9


def _file(where: tuple[Any, ...], value: str, header: str = HEAD) -> bytes:
    """The report with the value at ``where`` written as the JSON text ``value``."""
    body = copy.deepcopy(BODY)
    target = body
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = "@VALUE@"
    text = json.dumps(body, indent=2).replace('"@VALUE@"', value)
    return (header + "\n" + text).encode()


def _taken(data: bytes) -> bool:
    """Whether the fast path read the file; when it did, with the full readers' facts."""
    fast = fast_report(data, "x.ips")
    if fast is None:
        return False
    assert fast.facts == facts_of(parse_bytes(data, "x.ips"), "x.ips", data)
    return True


P0 = ("processes", 0)
EDGES = [
    # (where, at the bound: taken, past it: left to the full readers)
    ((*P0, "pid"), "0", "-1"),
    ((*P0, "pid"), "2147483647", "2147483648"),
    ((*P0, "rpages"), "0", "-1"),
    ((*P0, "rpages"), "1099511627776", "1099511627777"),
    ((*P0, "lifetimeMax"), "0", "-1"),
    ((*P0, "lifetimeMax"), "1099511627776", "1099511627777"),
    ((*P0, "purgeable"), "0", "-1"),
    ((*P0, "fds"), "0", "-1"),
    ((*P0, "fds"), "2147483647", "2147483648"),
    ((*P0, "priority"), "-2147483648", "-2147483649"),
    ((*P0, "priority"), "2147483647", "2147483648"),
    ((*P0, "age"), "999999999999999999", "1000000000000000000"),  # 18 digits, 19
    ((*P0, "cpuTime"), "12.1234567890123456789", "1e999"),  # long fractions are floats
    ((*P0, "extraKey"), DEEP8, DEEP9),
    ((*P0, "extraKey"), "2.5", "1e999"),
    ((*P0, "physicalPages"), '{"internal": 3, "external": [1]}', '{"internal": [1.5]}'),
    ((*P0, "states"), '["frontmost", "resume"]', '["frontmost", 1]'),
    (("memoryStatus", "pageSize"), "512", "256"),
    (("memoryStatus", "pageSize"), "1048576", "2097152"),
    (("memoryStatus", "pageSize"), "4096", "4097"),
    (("memoryStatus", "memoryPages", "free"), "0", "-1"),
    (("memoryStatus", "memoryPages", "free"), "1099511627776", "1099511627777"),
    (("memoryStatus", "zoneMapCap"), DEEP8, DEEP9),
    (("memoryStatus", "zoneMapCap"), "34359738368", "1e999"),
    (("extraKey",), DEEP8, DEEP9),
    (("timeDelta",), "0", '"5"'),
    (("genCounter",), "-1", "true"),
]


@pytest.mark.parametrize(("where", "at", "past"), EDGES)
def test_a_value_at_its_bound_takes_the_fast_path_and_one_past_it_does_not(
    where: tuple[Any, ...], at: str, past: str
) -> None:
    assert _taken(_file(where, at))
    assert not _taken(_file(where, past))


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("processes",), "{}"),
        (("processes",), "[1]"),
        (("memoryStatus",), "[]"),
        (("memoryStatus", "memoryPages"), "[]"),
        (("memoryStatus", "memoryPages", "free"), '"3"'),
        (("memoryStatus", "pageSize"), '"16384"'),
        ((*P0, "pid"), '"7"'),
        ((*P0, "pid"), "true"),
        ((*P0, "cpuTime"), "true"),
        ((*P0, "states"), '"frontmost"'),
        ((*P0, "physicalPages"), '{"internal": "x"}'),
        ((*P0, "physicalPages"), '{"internal": 1.5}'),
        (("product",), "5"),
    ],
)
def test_a_value_of_another_type_is_left_to_the_full_readers(
    where: tuple[Any, ...], value: str
) -> None:
    assert not _taken(_file(where, value))


def test_a_header_value_past_a_bound_is_left_to_the_full_readers() -> None:
    # the header is walked as one value: itself and 7 levels inside it make 8
    deep7 = "[" * 7 + "1" + "]" * 7
    assert _taken(_file(("product",), '"iPhone12,1"', HEAD[:-1] + ',"deep":' + deep7 + "}"))
    assert not _taken(_file(("product",), '"iPhone12,1"', HEAD[:-1] + ',"deep":' + DEEP8 + "}"))
    assert not _taken(_file(("product",), '"iPhone12,1"', HEAD[:-1] + ',"big":1e999}'))


def test_without_a_page_size_or_memory_status_pages_are_4096_bytes() -> None:
    body = copy.deepcopy(BODY)
    del body["memoryStatus"]["pageSize"]
    data = (HEAD + "\n" + json.dumps(body)).encode()
    fast = fast_report(data, "x.ips")
    assert fast is not None
    assert fast.page_size == 4096
    assert fast.facts.victims[0].footprint_bytes == 100 * 4096
    del body["memoryStatus"]
    fast = fast_report((HEAD + "\n" + json.dumps(body)).encode(), "x.ips")
    assert fast is not None
    assert fast.page_size == 4096


@pytest.mark.parametrize(("first", "second"), [("2.5", '"x"'), ("null", "2.5"), ("2.5", "true")])
def test_a_column_of_numbers_and_other_values_takes_the_fast_path(first: str, second: str) -> None:
    # an unknown key, a number in one entry and another type in the next
    data = _file((*P0, "extraKey"), first)
    data = data.replace(b'"name": "kbd"', b'"extraKey": ' + second.encode() + b', "name": "kbd"')
    assert b'"extraKey": ' + second.encode() in data
    assert _taken(data)


@pytest.mark.parametrize("pages", ["{}", '{"internal": []}'])
def test_physical_pages_without_a_number_take_the_fast_path(pages: str) -> None:
    assert _taken(_file((*P0, "physicalPages"), pages))


def test_processes_may_be_empty_or_absent() -> None:
    assert _taken(_file(("processes",), "[]"))
    body = copy.deepcopy(BODY)
    del body["processes"]
    assert _taken((HEAD + "\n" + json.dumps(body)).encode())


@pytest.mark.parametrize(("highest", "band"), [(21, "10 FOREGROUND"), (22, "10 IDLE_DEFERRED")])
def test_a_band_above_21_means_the_times_10_scale(highest: int, band: str) -> None:
    # jetsam-report-formats.md §4.7: any priority above 21 means the ×10 scale, where
    # 10 is IDLE_DEFERRED; on the old scale 10 is FOREGROUND
    data = _file(("processes", 1, "priority"), str(highest))
    fast = fast_report(data, "x.ips")
    assert fast is not None
    assert _taken(data)
    assert fast.facts.victims[0].band == band


def test_sound_holds_64_bit_integers_finite_floats_and_8_levels() -> None:
    assert [sound(v) for v in (9223372036854775807, -9223372036854775808, 1.5)] == [True] * 3
    assert [sound(v) for v in (9223372036854775808, -9223372036854775809)] == [False] * 2
    assert [sound(float(v)) for v in ("inf", "-inf", "nan")] == [False] * 3
    assert (sound(json.loads(DEEP8)), sound(json.loads(DEEP9))) == (True, False)
    assert sound({"a": {"b": [1, "x", None, True]}})
    assert not sound({"a": [float("inf")]})


def test_the_largest_entry_is_found_when_some_have_no_rpages() -> None:
    body = copy.deepcopy(BODY)
    body["largestProcess"] = "kbd"
    body["processes"].insert(0, {"name": "nopages", "pid": 9})
    body["processes"][1]["rpages"] = 5  # hog
    data = (HEAD + "\n" + json.dumps(body)).encode()
    fast = fast_report(data, "x.ips")
    assert fast is not None
    assert (fast.facts.largest_process, fast.facts.largest_bytes) == ("kbd", 10 * 16384)
    assert _taken(data)


@pytest.mark.parametrize("body", ['["processes"]', '{"foo" : 1}', '"memoryStatus"'])
def test_a_header_with_a_body_that_is_none_is_left_to_the_full_readers(body: str) -> None:
    assert fast_report((HEAD + "\n" + body).encode(), "x.ips") is None


@pytest.mark.parametrize(
    ("header", "date", "key"),
    [
        (
            '{"bug_type":"298","timestamp":"2020-10-15 17:29:58.79 +0100"}',
            None,
            "moment:2020-10-15 17:29:58.79 +0100|iPhone12,1",
        ),
        ('{"bug_type":"298"}', "2020-10-15 17:29:58.80 +0100", None),
    ],
)
def test_without_an_incident_id_the_key_is_the_moment_and_device(
    header: str, date: str | None, key: str | None
) -> None:
    body = copy.deepcopy(BODY)
    del body["date"]
    if date is not None:
        body["date"] = date
    data = (header + "\n" + json.dumps(body)).encode()
    fast = fast_report(data, "x.ips")
    assert fast is not None
    assert fast.facts.key == (key or f"moment:{date}|iPhone12,1")
    assert _taken(data)


def test_a_file_of_8_mib_takes_the_fast_path_and_one_byte_more_does_not() -> None:
    text = HEAD + "\n" + json.dumps(BODY)
    at = (text[:-1] + " " * (8 * 1024 * 1024 - len(text)) + "}").encode()
    assert len(at) == 8 * 1024 * 1024
    assert fast_report(at, "x.ips") is not None
    assert fast_report(at[:-1] + b" }", "x.ips") is None


def test_without_incident_moment_or_device_the_key_is_the_content() -> None:
    body = copy.deepcopy(BODY)
    del body["date"], body["product"]
    data = ('{"bug_type":"298"}\n' + json.dumps(body)).encode()
    fast = fast_report(data, "x.ips")
    assert fast is not None
    assert fast.facts.key == "content:" + hashlib.sha1(data, usedforsecurity=False).hexdigest()
    assert _taken(data)


@pytest.mark.parametrize(
    "line",
    [
        b'{"bug_type":"298","memoryStatus":{}}',  # a bare body (iOS 18 bodies repeat it)
        b'{"bug_type":"298","processes":[]}',
        b'["bug_type", "298"]',
        b'{"bug_type":"309"}',
    ],
)
def test_a_first_line_that_is_no_jetsam_header(line: bytes) -> None:
    assert jetsam_header(line) is None
    assert jetsam_header(b'{"bug_type":"298","timestamp":"x"}') == {
        "bug_type": "298",
        "timestamp": "x",
    }


def test_a_bare_body_over_many_lines_needs_memory_status_or_processes() -> None:
    status_only = '{\n"memoryStatus" : {"pageSize" : 16384}\n}'
    assert _taken(status_only.encode())
    assert _taken(b'{"memoryStatus" : {"pageSize" : 16384}}')  # on one line
    assert fast_report(b'{\n"product" : "iPhone12,1"\n}', "x.json") is None


def test_a_float_with_a_long_fraction_takes_the_fast_path() -> None:
    # 23 digits after the point: a float, not an integer too long for 64 bits
    assert _taken(_file((*P0, "cpuTime"), "0.06679699999999999512345"))
    assert _taken(_file((*P0, "cpuTime"), "0." + "1" * 40))


def test_victims_with_a_kill_delta_come_first_in_its_order() -> None:
    body = copy.deepcopy(BODY)
    body["processes"].insert(0, {"name": "early", "pid": 3, "rpages": 1, "reason": "vm"})
    body["processes"][1]["killDelta"] = 5  # hog
    body["processes"][2].update(reason="highwater", killDelta=2)  # kbd
    data = (HEAD + "\n" + json.dumps(body)).encode()
    fast = fast_report(data, "x.ips")
    assert fast is not None
    assert [v.name for v in fast.facts.victims] == ["kbd", "hog", "early"]
    assert _taken(data)
