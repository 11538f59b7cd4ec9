"""The lenient reader's scans run in C (regular expressions): the brace scan (a loop
over every character took ~60 ms per report), the elided lines, the float lines; each
must find exactly what the loop over every character or line found, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.limits import HugeInt
from activitymon.reports.detect import _FLOAT_LINES, _float_literal
from activitymon.reports.fast_facts import _cut
from activitymon.reports.lenient import (
    Recovered,
    _all_kept,
    _brace_spans,
    _kept_one_by_one,
    is_elided,
    recover_body,
)


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


_OBJECTS = st.sampled_from(
    [
        '{"name": "a", "pid": 1}',
        '{"name": "b", "rpages": 2, "physicalPages": {"internal": [1, 2]}}',
        '{"pageSize": 16384, "memoryPages": {"free": 3}}',
        '{"memoryPages": {"active": 1}}',
        '{"other": {"name": "c", "pid": 3}}',
        '{"name": "d"}',
        '{"name": "e", "pid": }',
        '{"name": "f\\"{", "pid": 4}',
        '{"n": 12345678901234567890, "name": "g", "pid": 5}',
        '"{"',
        "...",
        "[",
        ",",
        "\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_OBJECTS, max_size=12).map(" ".join), st.integers(min_value=0, max_value=400))
def test_the_outermost_objects_at_once_as_one_by_one(joined: str, cut: int) -> None:
    """Parsed at once, the outermost objects are kept exactly as the loop over every
    object keeps them, and inside those not kept it finds what the loop finds; when
    one fails to parse, the loop runs instead."""
    text = "{\n" + joined[: len(joined) - cut % (len(joined) + 1)]
    spans = sorted(_brace_spans(text)[0])
    for huge in (False, True):
        at_once, one_by_one = Recovered(), Recovered()
        if _all_kept(text, spans, huge, at_once):
            _kept_one_by_one(text, spans, huge, one_by_one)
            assert at_once == one_by_one
        else:
            assert at_once == Recovered()


def test_a_cut_body_is_refused_by_the_dictionary_path_before_it_is_parsed() -> None:
    header = b'{"bug_type":"298","timestamp":"2020-10-15 17:29:58.00 +0200"}\n'
    body = b'{"product": "iPhone12,1", "processes": [{"name": "a", "rpages": 1}]}'
    assert _cut(header + body[:-1])
    assert _cut(header + body[:40] + b"\n  ")
    assert not _cut(header + body)
    assert not _cut(header + body + b" \t\n\r\n")
    assert not _cut(body + b"\njunk after a bare body on the first line")
    assert _cut(b'{"not": "a body"}\njunk')
    assert _cut(body[:-1])
    assert not _cut(header + body + b" " * 5000)  # only blanks at the end: parsed
