"""The lenient reader's brace scan finds its tokens with a regular expression (a loop
over every character took ~60 ms per report); it must find exactly what the
character loop found, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.reports.lenient import _brace_spans


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
