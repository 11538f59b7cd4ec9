"""One way to cut a message's echo of someone's text short: ``model.text.shortened``,
which ``terminal.shortened`` is, used by every layer (model and sim may not import
the terminal module) instead of each module slicing its own."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from activitymon import terminal
from activitymon.model.text import shortened

PACKAGE = Path(__file__).resolve().parents[2] / "activitymon"
#: a text cut by hand and given an ellipsis: ``x[:59] + "…"``, ``f"{x[:59]}…"``
_HAND_CUT = re.compile(r"""\[:[^\]]+\]\s*\+\s*["']…|\[:[^\]]+\]\}…""")


def test_short_text_is_kept_and_long_text_ends_in_an_ellipsis() -> None:
    assert shortened("Safari", 10) == "Safari"
    assert shortened("0123456789", 10) == "0123456789"
    assert shortened("0123456789A", 10) == "012345678…"
    assert shortened("x" * 61) == "x" * 59 + "…"


@given(st.text(), st.integers(min_value=1, max_value=200))
def test_never_longer_than_the_limit_and_a_prefix(text: str, limit: int) -> None:
    out = shortened(text, limit)
    assert len(out) <= limit
    assert out == text or (out.endswith("…") and text.startswith(out[:-1]))


def test_the_terminal_one_is_the_same_function() -> None:
    assert terminal.shortened is shortened


def test_no_module_cuts_a_message_by_hand() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "text.py" or path.parent.name != "model"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _HAND_CUT.search(line)
    ]
    assert not found, f"use activitymon.model.text.shortened: {found}"
