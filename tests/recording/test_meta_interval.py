"""A recording's sampling interval as untrusted input (meta.py ``_seconds``)."""

from __future__ import annotations

import pytest

from activitymon.recording.meta import _seconds


@pytest.mark.parametrize("value", [10**29, -(10**29), float("inf"), float("nan"), 0, True])
def test_an_interval_out_of_range_is_refused_without_an_error(value: object) -> None:
    assert _seconds(value) is False


def test_a_second_is_an_interval() -> None:
    assert _seconds(1) is True
    assert _seconds(0.5) is True
