"""``limits.nesting_depth`` at its edges: ``}`` closes one level as ``]`` does, and the
count stops at ``stop_at`` even when the text goes deeper in a later block of 65,536
brackets (``_BLOCK``)."""

from __future__ import annotations

from activitymon.limits import nesting_depth


def test_a_closing_brace_closes_one_level() -> None:
    assert nesting_depth("{{}{{") == 3  # 1, 2, 1, 2, 3
    assert nesting_depth("[[][[") == 3


def test_the_count_stops_at_stop_at_across_blocks() -> None:
    first_block = "[[[[]]]]" + "[]" * ((65_536 - 8) // 2)  # 65,536 brackets, 4 deep
    assert len(first_block) == 65_536
    text = first_block + "[[[[[["  # 6 deep in the next block
    assert nesting_depth(text, stop_at=4) == 4
    assert nesting_depth(text, stop_at=10) == 6
