"""The one terminal sanitizer and the strict JSON writer."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.strict_json import dumps, loads_strict
from activitymon.terminal import clean, is_clean


def test_control_characters_are_shown_escaped() -> None:
    assert clean("a\x1b[2Jb\x07\x9b\u202ec\ud800") == "a\\x1b[2Jb\\x07\\x9b\\u202ec\\ud800"
    assert clean("two\nlines") == "two\\nlines"
    assert clean("two\nlines\x1b", keep_newlines=True) == "two\nlines\\x1b"
    assert clean("naïve 日本 🙂") == "naïve 日本 🙂"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_text_is_always_printable_and_encodable(text: str) -> None:
    out = clean(text)
    assert is_clean(out)
    out.encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_dumps_is_always_strict_and_encodable(value: object) -> None:
    problems: list[str] = []
    text = dumps(value, problems=problems)
    text.encode("utf-8")
    loads_strict(text)
    assert "\x1b" not in text
    assert "\x9b" not in text


def test_non_finite_and_huge_numbers_become_null_with_a_problem() -> None:
    problems: list[str] = []
    text = dumps({"a": math.nan, "b": [math.inf], "c": 10**400, "d": 1}, problems=problems)
    assert loads_strict(text) == {"a": None, "b": [None], "c": None, "d": 1}
    assert len(problems) == 3
