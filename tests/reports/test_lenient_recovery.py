"""What the lenient reader recovers from a damaged JetsamEvent body, written out by hand
(jetsam-report-formats.md §2: "recover each { … } process object with a
brace-matching scan"): the top-level ``"key" : value`` lines, the ``memoryStatus``
object, every process entry (``name`` with ``rpages`` or ``pid``) wherever it sits, and
a count of the objects that did not parse."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from activitymon.reports.lenient import Recovered, _all_kept, _brace_spans, key_value, recover_body


def _key_value_oracle(line: str) -> tuple[str, str] | None:
    """``"key" : value,`` as the regular expression the hand parse replaced read it: a
    key of at least one character, without quotes or backslashes; one trailing comma
    dropped."""
    match = re.fullmatch(r'\s*"([^"\\]+)"\s*:(.*)', line, re.DOTALL)
    if match is None:
        return None
    value = match[2].strip()
    if value.endswith(","):
        value = value[:-1].rstrip()
    return match[1], value


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from('"\\: ,a1\t{}'), max_size=24))
@example('"a" : 1,')
@example('"a":12')
@example('"" : 1')
@example('""a" : 1')
@example('"a\\b" : 1')
@example('"ab" : "x"')
def test_a_key_value_line_is_read_as_the_regular_expression_read_it(line: str) -> None:
    assert key_value(line) == _key_value_oracle(line)


PROCESS_A = '{"name" : "a", "pid" : 1}'
PROCESS_B = '{"name" : "b", "rpages" : 2}'
DAMAGED = '{"name" : "e", "pid" : }'


def test_a_cut_body_keeps_every_entry_and_nothing_that_is_not_one() -> None:
    text = (
        "{\n"
        ' "memoryStatus" : {"pageSize" : 16384, "memoryPages" : {"free" : 3}},\n'
        ' "processes" : [\n'
        f"  {PROCESS_A}{PROCESS_B},\n"  # two entries with no space between
        '  {"other" : {"name" : "c", "pid" : 3}},\n'  # not an entry; one inside it
        '  {"pid" : 4, "uuid" : "x"}\n'  # no name: not an entry
    )
    found = recover_body(text)
    assert found.memory_status == {"pageSize": 16384, "memoryPages": {"free": 3}}
    assert found.processes == [
        {"name": "a", "pid": 1},
        {"name": "b", "rpages": 2},
        {"name": "c", "pid": 3},
    ]
    assert (found.damaged_objects, found.elided_lines) == (0, 0)
    # every outermost object parses: they are read at once, in one parse
    at_once = Recovered()
    assert _all_kept(text, sorted(_brace_spans(text)[0]), False, at_once)
    assert at_once.processes == found.processes


def test_an_entry_at_the_start_of_the_text_is_kept() -> None:
    assert recover_body(PROCESS_A + "\n").processes == [{"name": "a", "pid": 1}]
    found = recover_body(f"{PROCESS_A}\n{DAMAGED}\n")  # one by one: the second fails
    assert found.processes == [{"name": "a", "pid": 1}]
    assert found.damaged_objects == 1


def test_entries_one_by_one_after_a_damaged_one() -> None:
    text = f'{{\n "processes" : [\n  {PROCESS_A}{PROCESS_B},\n  {DAMAGED},\n  ...\n'
    found = recover_body(text)
    assert found.processes == [{"name": "a", "pid": 1}, {"name": "b", "rpages": 2}]
    assert (found.damaged_objects, found.elided_lines) == (1, 1)


def test_the_first_of_a_repeated_top_level_key_is_kept() -> None:
    text = '{\n "product" : "iPhone12,1",\n "product" : "iPhone8,1",\n "timeDelta" : 73,\n'
    assert recover_body(text).top == {"product": "iPhone12,1", "timeDelta": 73}
