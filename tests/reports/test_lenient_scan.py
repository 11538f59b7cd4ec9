"""The lenient reader's scans run in C (regular expressions): the brace scan (a loop
over every character took ~60 ms per report), the elided lines, the float lines; each
must find exactly what the loop over every character or line found, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.limits import HugeInt
from activitymon.reports.detect import _FLOAT_LINES, _float_literal
from activitymon.reports.lenient import _brace_spans, is_elided, recover_body


def _by_character(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The character-by-character scan the token scan replaced (the oracle)."""
    spans: list[tuple[int, int]] = []
    line_depths = [0]
    stack: list[int] = []
    in_string = escaped = False
    for i, ch in enumerate(text):
        if ch == "\n":
            line_depths.append(len(stack))
            in_string = escaped = False
            continue
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            spans.append((stack.pop(), i + 1))
    return spans, line_depths


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from('{}"\\\n a:,[]'), max_size=200))
def test_token_scan_equals_the_character_scan(text: str) -> None:
    assert _brace_spans(text) == _by_character(text)


# The lenient reader's line scans are done in C too (regular expressions, ``compress``);
# each must pick exactly the lines the loop over every line picked.

_LINE_TEXT = st.text(
    alphabet=st.sampled_from('.…0123456789"{}\n :,e-\t\x0b\x1c\u2003a'), max_size=200
)


@settings(max_examples=400, deadline=None)
@given(_LINE_TEXT)
def test_elided_lines_counted_as_line_by_line(text: str) -> None:
    assert recover_body(text).elided_lines == sum(map(is_elided, text.split("\n")))


@settings(max_examples=400, deadline=None)
@given(_LINE_TEXT)
def test_float_digits_from_the_candidate_lines_as_from_every_line(text: str) -> None:
    every_line = [x for x in map(_float_literal, text.split("\n")) if x is not None]
    candidates = [x for x in map(_float_literal, _FLOAT_LINES.findall(text)) if x is not None]
    assert sorted(candidates) == sorted(every_line)


def test_top_level_values_come_from_lines_at_depth_one() -> None:
    text = '{\n "incident" : "A",\n "date" : 12,\n "memoryStatus" : {\n  "pageSize" : 4096\n },\n'
    found = recover_body(text)
    assert found.top == {"incident": "A", "date": 12}
    assert found.memory_status == {"pageSize": 4096}


def test_an_integer_of_twenty_digits_is_kept_as_a_huge_int() -> None:
    """With a run of 20 digits in the text, the parser's integers go through
    ``bounded_int`` (elsewhere its own, in C)."""
    text = '{\n "genCounter" : 12345678901234567890,\n "processes" : [\n  {"name": "a", "pid": 7}'
    found = recover_body(text)
    assert isinstance(found.top["genCounter"], HugeInt)
    assert found.processes == [{"name": "a", "pid": 7}]
    plain = recover_body(text.replace("12345678901234567890", "1234567890123456789"))
    assert plain.top["genCounter"] == 1234567890123456789
