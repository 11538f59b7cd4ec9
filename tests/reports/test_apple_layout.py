"""Apple's JSON layout for JetsamEvent files, value by value (jetsam-report-formats.md §4.1).

Each expectation is written out as the format shows it: `" : "` between key and value,
2-space indentation, `\\/` for a slash, UTF-8 text, floats to 17 significant digits
(`0.066796999999999995`, iOS 11+), the header one compact line.
"""

from __future__ import annotations

from activitymon.reports.apple_json import dump_body, dump_header, dump_value


def test_a_float_gets_17_significant_digits_by_default() -> None:
    # the iOS 11+ fixtures write this value so; 16 digits would give 0.066797
    assert dump_value(0.066796999999999995) == "0.066796999999999995"
    assert dump_body([("ratio", 0.066796999999999995)]) == (
        '{\n  "ratio" : 0.066796999999999995\n}\n'
    )


def test_an_object_closes_at_column_0_by_default() -> None:
    assert dump_value({"free": 922, "pageSize": 4096}) == (
        '{\n  "free" : 922,\n  "pageSize" : 4096\n}'
    )
    assert dump_value([1, 2]) == "[\n  1,\n  2\n]"


def test_true_and_false() -> None:
    assert dump_value(True) == "true"
    assert dump_value(False) == "false"
    assert dump_value({"ale_flag": False}) == '{\n  "ale_flag" : false\n}'


def test_text_is_utf8_with_slashes_escaped() -> None:
    assert dump_value("Caf\u00e9/Bar") == '"Caf\u00e9\\/Bar"'
    assert dump_body([("name", "\u65e5\u672c")]) == '{\n  "name" : "\u65e5\u672c"\n}\n'


def test_the_header_is_one_compact_utf8_line() -> None:
    header = {"bug_type": "298", "os_version": "iPhone OS 14.2 (18B5061e)", "name": "Caf\u00e9"}
    assert dump_header(header) == (
        '{"bug_type":"298","os_version":"iPhone OS 14.2 (18B5061e)","name":"Caf\u00e9"}'
    )
