"""The LowMemory text reader at the edges of its layout (jetsam-report-formats.md §3):
counts of up to 19 digits (a 64-bit count), the columns after the ``<uuid>`` (1, 2, 3
or 6 numbers, ``-`` for a missing one), ``Time since snapshot`` in ms, ``Page Size``,
and the bounds that keep a hostile line linear (eight ``<`` tried as the uuid's start).
Every report here is written out literally."""

from __future__ import annotations

import pytest

from activitymon.reports import parse_report
from activitymon.reports.errors import NotAJetsamReport
from activitymon.reports.lowmemory_text import looks_like_lowmemory, parse_lowmemory

UUID = "3c0e3051aaaabbbbccccddddeeeeffff"
HEAD = "Hardware Model:      iPad2,5\nTime since snapshot: 56 ms\n\n"
TABLE = (
    "Largest process:   SpringBoard\n\nProcesses\n     Name  <UUID>  rpages  recent_max  fds\n\n"
)


def _text(memory: str = "Free pages:                              922\n", rows: str = "") -> str:
    row = f"     SpringBoard <{UUID}>        10207            10207  200\n"
    return HEAD + memory + TABLE + (rows or row)


def test_the_kkbox_layout_reads_whole() -> None:
    report = parse_lowmemory(_text(), whole_file=True)
    assert (report.product, report.time_delta) == ("iPad2,5", 56)
    assert dict(report.memory_pages) == {"free": 922}
    assert [(p.name, p.uuid, p.rpages, p.lifetime_max, p.fds) for p in report.processes] == [
        ("SpringBoard", UUID, 10207, 10207, 200)
    ]
    assert report.problems == ("no page size in the report; assumed 4096 bytes",)
    assert not report.partial


def test_a_count_of_19_digits_is_read_and_20_is_refused() -> None:
    report = parse_lowmemory(_text("Free pages: 9223372036854775807\n"))
    assert report.memory_pages["free"] == 9223372036854775807
    report = parse_lowmemory(_text("Free pages: 12345678901234567890\n"))
    assert "free" not in report.memory_pages
    assert report.problems[:1] == ("Free pages: a number of more than 19 digits",)
    assert report.partial


def test_a_row_number_of_19_digits_is_read_and_20_is_refused() -> None:
    row = f"  big <{UUID}>  1234567890123456789  5  7\n"
    [big] = parse_lowmemory(_text(rows=row)).processes
    assert (big.rpages, big.lifetime_max, big.fds) == (1234567890123456789, 5, 7)
    row = f"  big <{UUID}>  12345678901234567890  5  7\n"
    report = parse_lowmemory(_text(rows=row))
    assert report.processes == ()
    assert report.problems[0] == "row 'big': a number of 20 digits is out of range"
    assert report.partial


@pytest.mark.parametrize(
    ("numbers", "fields"),
    [
        ("1113", (1113, None, None, None, None)),  # iPhone OS 3/4
        ("1113  1130", (1113, 1130, None, None, None)),  # iOS 6.1
        ("1113  1130  200", (1113, 1130, 200, None, None)),  # iOS 7
        ("0.248  4255  0  -  5597  50", (4255, 5597, 50, 0, 0.248)),  # iOS 8
        ("-  4255  -  2900  -  -", (4255, None, None, None, None)),
    ],
)
def test_the_columns_after_the_uuid(numbers: str, fields: tuple[int | float | None, ...]) -> None:
    [p] = parse_lowmemory(
        _text(rows=f"  MobileMail <{UUID}>  {numbers}  [vm]  (resume)\n")
    ).processes
    assert (p.rpages, p.lifetime_max, p.fds, p.purgeable, p.cpu_time) == fields
    assert (p.reason, p.states) == ("vm", ("resume",))


def test_four_or_five_numbers_are_no_known_layout() -> None:
    for numbers in ("1 2 3 4", "1 2 3 4 5"):
        report = parse_lowmemory(_text(rows=f"  MobileMail <{UUID}>  {numbers}\n"))
        count = len(numbers.split())
        assert report.problems[0] == (
            f"row with {count} number columns not understood: 'MobileMail'"
        )
        assert report.partial


def test_a_row_name_is_quoted_up_to_40_characters() -> None:
    name = "n" * 41
    report = parse_lowmemory(_text(rows=f"{name} <{UUID}>  1 2 3 4\n"))
    assert report.problems[0] == f"row with 4 number columns not understood: '{'n' * 40}'"


def test_eight_angle_brackets_are_tried_as_the_uuid_start() -> None:
    seven = "a<b<c<d<e<f<g<h"  # the uuid's own "<" is the eighth
    [p] = parse_lowmemory(_text(rows=f"{seven} <{UUID}>  1 2 3\n")).processes
    assert (p.name, p.rpages) == (seven, 1)
    eight = "a<b<c<d<e<f<g<h<i"  # the ninth: not tried
    report = parse_lowmemory(_text(rows=f"SpringBoard <{UUID}>  1 2 3\n{eight} <{UUID}>  1 2 3\n"))
    assert [p.name for p in report.processes] == ["SpringBoard"]
    assert report.problems[-2:] == (
        "1 line(s) not understood",
        "no page size in the report; assumed 4096 bytes",
    )


@pytest.mark.parametrize(
    ("line", "delta", "problem"),
    [
        ("Time since snapshot: 56 ms", 56, None),
        ("Time since snapshot: 56ms", 56, None),
        ("Time since snapshot: 56", None, "Time since snapshot not understood: '56'"),
        ("Time since snapshot: x ms", None, "Time since snapshot not understood: 'x ms'"),
    ],
)
def test_time_since_snapshot_in_ms(line: str, delta: int | None, problem: str | None) -> None:
    report = parse_lowmemory(f"{line}\n\nFree pages: 1\n" + TABLE)
    assert report.time_delta == delta
    assert (
        (problem in report.problems)
        if problem
        else report.problems == ("no page size in the report; assumed 4096 bytes",)
    )


@pytest.mark.parametrize(("line", "size", "known"), [("16384", 16384, True), ("0", 4096, False)])
def test_the_ios8_page_size_line(line: str, size: int, known: bool) -> None:
    report = parse_lowmemory(_text(f"Free pages: 1\nPage Size: {line}\n"))
    assert (report.page_size, report.page_size_known) == (size, known)


def test_a_text_without_processes_is_read_from_its_first_200_lines() -> None:
    row = f"  kbd <{UUID}>  381  381  200\n"
    assert looks_like_lowmemory("Free pages: 5\n" + "x\n" * 198 + row)
    assert not looks_like_lowmemory("Free pages: 5\n" + "x\n" * 199 + row)
    with pytest.raises(NotAJetsamReport):
        parse_report("Free pages: 5\n" + "x\n" * 199 + row, "far.log")


def test_a_one_letter_label_and_a_row_without_a_name() -> None:
    report = parse_lowmemory(_text("Free pages: 1\nQ: 5\n", rows=f"<{UUID}>  7 8 9\n"))
    assert dict(report.memory_status) == {"Q": 5}
    assert [(p.name, p.rpages) for p in report.processes] == [("", 7)]


def test_a_number_ending_in_a_point_is_no_number() -> None:
    report = parse_lowmemory(_text(rows=f"  kbd <{UUID}>  381  381  200.\n"))
    assert report.processes == ()
    assert "1 line(s) not understood" in report.problems


def test_a_long_label_with_a_count_too_long_is_named_in_40_characters() -> None:
    label = "Abcdefghij" * 5
    report = parse_lowmemory(_text(f"Free pages: 1\n{label}: 12345678901234567890\n"))
    assert report.problems == (
        f"{label[:40]}: a number of more than 19 digits",
        "1 line(s) not understood",
        "no page size in the report; assumed 4096 bytes",
    )


def test_a_uuid_without_its_opening_bracket_is_no_row() -> None:
    report = parse_lowmemory(_text(rows=f"SpringBoard <{UUID}>  1 2 3\n{UUID}>  4 5 6\n"))
    assert [p.name for p in report.processes] == ["SpringBoard"]
    assert "1 line(s) not understood" in report.problems


def test_what_does_not_fit_the_layout_is_counted_and_named() -> None:
    text = (
        "Beta Identifier: 7\n"  # a count: a memory line of a layout we do not know
        "Free pages: -5\n"
        "...\n"
        "Largest process:   kbd\n\nProcesses\n     Name  <UUID>\n"
        f"  kbd <{UUID}>  1 - 3  []  (resume)(continuous)\n"
        f"  x <{UUID}>  1 2 3  [vm] junk\n"  # not a state: not a row
        f"  y <{UUID}>  -  5  [vm]\n"
        "Largest process:   late\n"  # in the table: not understood
        "Page Size: 16384"  # in the table, and the last line has no newline
    )
    report = parse_lowmemory(text, whole_file=True)
    assert report.problems == (
        "the file ends in the middle of a line (cut short?)",
        "1 elided line(s) ('...')",
        "3 line(s) not understood",
        "no page size in the report; assumed 4096 bytes",
    )
    assert report.partial
    assert (dict(report.memory_pages), dict(report.memory_status)) == (
        {"free": -5},
        {"Beta Identifier": 7},
    )
    assert (report.largest_process, report.page_size) == ("kbd", 4096)
    assert [
        (p.name, p.rpages, p.lifetime_max, p.fds, p.reason, p.states) for p in report.processes
    ] == [
        ("kbd", 1, None, 3, None, ("resume", "continuous")),
        ("y", None, 5, None, "vm", ()),
    ]


def test_a_text_cut_before_its_table() -> None:
    report = parse_lowmemory("Free pages: 5\nWired pages: 7\n")
    assert report.problems == (
        "no process table (the report was cut short?)",
        "no page size in the report; assumed 4096 bytes",
    )
    assert report.partial
    with pytest.raises(ValueError, match=r"^no memory counts and no process rows found$"):
        parse_lowmemory("Hardware Model: iPad2,5\n")


def test_a_line_starting_with_a_colon_is_not_understood() -> None:
    report = parse_lowmemory(_text("Free pages: 1\n: 5\n"))
    assert dict(report.memory_pages) == {"free": 1}
    assert "1 line(s) not understood" in report.problems


def test_memory_labels_as_a_device_may_space_them() -> None:
    text = _text("Free pages : 5\nWired pages:922\nAb_c: 5\n")
    report = parse_lowmemory(text)
    assert dict(report.memory_pages) == {"free": 5, "wired": 922}
    assert "Ab_c" not in report.memory_status  # a label of letters, spaces and hyphens only
    assert "1 line(s) not understood" in report.problems


def test_ios8_columns_one_space_apart_and_fractions_from_0_to_9() -> None:
    rows = (
        f"  a <{UUID}> 0.248 4255 0 - 5597 50\n"
        f"  b <{UUID}>  0.05  1  2  3  4  5\n"
        f"  c <{UUID}>  1.9  1  2  3  4  5\n"
    )
    report = parse_lowmemory(_text(rows=rows))
    assert [(p.name, p.cpu_time, p.rpages, p.fds) for p in report.processes] == [
        ("a", 0.248, 4255, 50),
        ("b", 0.05, 1, 5),
        ("c", 1.9, 1, 5),
    ]


def test_a_reason_and_states_without_spaces_and_a_second_bracket() -> None:
    rows = f"  kbd <{UUID}>  381  381  200  [vm](resume)\n  ab<<{UUID}>  1 2 3\n"
    report = parse_lowmemory(_text(rows=rows))
    assert [(p.name, p.reason, p.states) for p in report.processes] == [
        ("kbd", "vm", ("resume",)),
        ("ab<", None, ()),
    ]


def test_a_fraction_in_a_count_column_is_no_count() -> None:
    [p] = parse_lowmemory(_text(rows=f"  kbd <{UUID}>  4.5  381  200\n")).processes
    assert (p.rpages, p.lifetime_max, p.fds) == (None, 381, 200)


def test_long_values_are_echoed_in_40_characters() -> None:
    name = "n" * 45
    row = f"{name} <{UUID}>  12345678901234567890  123456789012345678901  7\n"
    report = parse_lowmemory(_text(rows=row))
    assert report.problems[0] == f"row '{'n' * 40}': a number of 20 digits is out of range"
    value = "x" * 45
    report = parse_lowmemory(f"Time since snapshot: {value}\n\nFree pages: 1\n" + TABLE)
    assert report.problems[0] == f"Time since snapshot not understood: '{'x' * 40}'"


def test_a_page_size_of_1_is_kept_for_the_sanity_pass() -> None:
    report = parse_report(_text("Free pages: 1\nPage Size: 1\n"), "x.log")
    assert (report.page_size, report.page_size_known) == (4096, False)
    assert report.problems == (
        "page size 1 is not a power of two from 512 to 1048576; assumed 4096 bytes",
    )


def test_an_elided_line_alone_makes_the_report_partial() -> None:
    report = parse_lowmemory(_text("Free pages: 1\n...\nPage Size: 4096\n"))
    assert report.problems == ("1 elided line(s) ('...')",)
    assert report.partial


def test_a_text_need_not_end_in_a_newline_unless_it_is_a_whole_file() -> None:
    text = _text().rstrip("\n")
    assert (
        "the file ends in the middle of a line (cut short?)" not in parse_lowmemory(text).problems
    )
    assert parse_lowmemory(text, whole_file=True).problems[0] == (
        "the file ends in the middle of a line (cut short?)"
    )


def test_what_is_no_row() -> None:
    rows = (
        f"SpringBoard <{UUID}>  1 2 3\n"
        f"  kbd <{UUID}>  381  381  200. (daemon)\n"  # "200." is no number
        f"  nohex <{'z' * 32}>  1 2 3\n"
        "  short <abc>  1 2 3\n"
        f"{UUID}>  4 5 6 <x\n"  # the uuid's own '<' is missing
    )
    report = parse_lowmemory(_text(rows=rows))
    assert [p.name for p in report.processes] == ["SpringBoard"]
    assert "4 line(s) not understood" in report.problems


def test_a_float_ending_the_line() -> None:
    [p] = parse_lowmemory(_text(rows=f"  x <{UUID}>  1.5\n")).processes
    assert (p.name, p.rpages) == ("x", None)  # one column, not a count


def test_a_uuid_line_without_its_bracket_does_not_make_text_a_report() -> None:
    with pytest.raises(NotAJetsamReport):
        parse_report(f"Free pages: 5\n{UUID}>  1 2 3\n", "x.log")
