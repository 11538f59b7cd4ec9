"""``limits.nesting_depth`` finds the depth without a Python loop over the text (a
regular expression, ``translate`` and ``accumulate``); it must give exactly what the
token loop it replaced gave, on any text, and stop at its bound."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.limits import nesting_depth

_TOKENS = re.compile(r'\\.|["\[\]{}\n]')


def _by_token(text: str, stop_at: int = 101) -> int:
    """The token loop ``nesting_depth`` was until it had to read 100 KB reports fast
    (the oracle): strings end at a quote or a newline, a backslash and the character
    after it count nothing, the depth never goes below zero."""
    depth = deepest = 0
    in_string = False
    for match in _TOKENS.finditer(text):
        ch = match[0]
        if len(ch) == 2:
            continue
        if in_string:
            in_string = ch not in '"\n'
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= stop_at:
                    return deepest
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


_ALPHABET = st.sampled_from('[]{}"\\\n a\u00e9\ud800')


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=300), st.integers(min_value=1, max_value=12))
def test_equals_the_token_loop(text: str, stop_at: int) -> None:
    assert nesting_depth(text, stop_at) == _by_token(text, stop_at)
    assert nesting_depth(text) == _by_token(text)


def test_a_depth_beyond_one_block_of_brackets() -> None:
    """The depth carries from one block of brackets to the next (blocks of 65,536)."""
    text = "[" * 70_000 + "]" * 70_000
    assert nesting_depth(text, stop_at=100_000) == 70_000
    assert nesting_depth("]" * 70_000 + "[[", stop_at=100_000) == 2
    assert nesting_depth("[" * 65_535 + "]" + "[[", stop_at=100_000) == 65_536


def test_a_bound_below_one_stops_at_the_first_bracket() -> None:
    for stop_at in (0, -3):
        assert nesting_depth("[[[", stop_at) == _by_token("[[[", stop_at) == 1
        assert nesting_depth("ab", stop_at) == _by_token("ab", stop_at) == 0


def test_brackets_in_strings_and_escapes() -> None:
    assert nesting_depth('{"a": "[[[{{{", "b\\"[[": [1]}') == 2
    assert nesting_depth('"\\\n[[') == 2  # a backslash before the newline ends nothing else
    assert nesting_depth("\\[[") == 1
