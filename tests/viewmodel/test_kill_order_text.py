"""Where a process stands in kill order, in each kernel's own words (issue 24 §3): a
band on Apple's banded kernels, a priority on iOS 6's list, oom_score_adj on Linux."""

from __future__ import annotations

from activitymon.model import Era, ProcessInfo
from activitymon.viewmodel.band_layout import kill_order_text


def test_each_kernel_names_its_own_order() -> None:
    assert kill_order_text(ProcessInfo(1, "a", band=0), Era.MODERN) == "band 0 IDLE"
    listed = kill_order_text(ProcessInfo(1, "a", band=16), Era.PRIORITY_LIST)
    assert listed.startswith("priority 16")
    assert "band" not in listed
    assert kill_order_text(ProcessInfo(1, "a", oom_score_adj=200), None) == "oom_score_adj 200"
    assert kill_order_text(ProcessInfo(1, "a"), None) == ""
