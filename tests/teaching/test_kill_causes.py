"""Which line a kill answers and how it is keyed (``teaching/burst.py``), on
test_narrator's devices: thresholds soft 29,491, idle 19,660, critical 9,830 pages.

On iOS 14 (xnu-7195, ``critical_raised_while_idle``) the idle figure is the critical
threshold raised by 5 % of memory while band 0 holds a process
(``memorystatus_available_pages_critical_idle_offset``): a page-shortage kill answers
the plain critical line when memory is below it, the raised one when memory is between
the two, and, with no figure, the raised one — for a band-0 victim only: the raise holds
only while band 0 has a process (xnu-7195 ``memorystatus_update_levels_locked``: "If
there's an entry in the first bucket, we have idle processes") and band 0 dies first,
so a victim above band 0 died below the plain line even when the samples around it
read between the two."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from activitymon.model import KernelFacts, Killed, KillReason, Launched
from activitymon.model.memory import JetsamThresholds
from activitymon.teaching.burst import Burst, KillCause, fold_key, kill_cause
from activitymon.teaching.sentences import Line
from tests.teaching.device_facts import IOS_6, IOS_14, IOS_18, MAC
from tests.teaching.test_narrator import _snap

SHORTAGE = KillReason.VM_PAGESHORTAGE


def _line(facts: KernelFacts, lowest: int | None, band: int = 30, **kw: object) -> Line | None:
    reason = kw.pop("reason", SHORTAGE)
    snap = _snap(1.0, 50_000)
    if "thresholds" in kw:
        snap = replace(snap, thresholds=kw.pop("thresholds"))  # type: ignore[arg-type]  # a JetsamThresholds or None
    kill = Killed(1.0, 7, "victim", reason, band)  # type: ignore[arg-type]  # a KillReason
    return kill_cause(kill, lowest, snap, facts).line


@pytest.mark.parametrize(
    ("lowest", "band", "line"),
    [
        (9_000, 30, Line.CRITICAL),  # below the plain critical line
        (9_830, 0, Line.RAISED_CRITICAL),  # at it: not below it, below the raised one
        (15_000, 0, Line.RAISED_CRITICAL),  # between the two
        (15_000, 30, Line.CRITICAL),  # between the two, but band 0 was empty: not raised
        (9_830, 3, Line.CRITICAL),
        (19_660, 30, Line.CRITICAL),  # at the raised line: not below it; band 30
        (19_660, 0, Line.RAISED_CRITICAL),  # … band 0
        (None, 0, Line.RAISED_CRITICAL),
        (None, 1, Line.CRITICAL),
        (None, 30, Line.CRITICAL),
    ],
)
def test_a_page_shortage_kill_on_ios_14(lowest: int | None, band: int, line: Line) -> None:
    assert _line(IOS_14, lowest, band) is line


def test_without_a_raised_threshold_a_page_shortage_kill_answers_critical() -> None:
    assert _line(IOS_18, None, 0) is Line.CRITICAL
    level = JetsamThresholds(soft_pages=29_491, idle_pages=9_830, critical_pages=9_830)
    assert _line(IOS_14, None, 0, thresholds=level) is Line.CRITICAL  # nothing raised


def test_a_page_shortage_kill_answers_no_line_where_there_is_none() -> None:
    assert _line(MAC, 5_000, 0) is None  # a Mac kills for no page shortage
    assert _line(IOS_18, 5_000, 0, thresholds=None) is None


@pytest.mark.parametrize(
    ("facts", "line"), [(IOS_6, Line.HIGHWATER), (IOS_18, Line.SOFT), (MAC, None)]
)
def test_a_high_water_kill_answers_its_kernels_line(facts: KernelFacts, line: Line | None) -> None:
    assert _line(facts, 5_000, 30, reason=KillReason.HIGHWATER) is line


def test_a_high_water_kill_without_thresholds_is_just_killed() -> None:
    kill = Killed(1.0, 7, "victim", KillReason.HIGHWATER, 30)
    cause = kill_cause(kill, 5_000, replace(_snap(1.0, 5_000), thresholds=None), IOS_18)
    assert (cause.line, cause.text) == (None, "jetsam killed")


def test_a_compressor_space_kill_on_a_mac_and_on_ios() -> None:
    kill = Killed(1.0, 7, "victim", KillReason.VM_COMPRESSOR_SPACE_SHORTAGE, 0)
    mac = kill_cause(kill, 5_000, _snap(1.0, 5_000), MAC)
    assert mac.text == "the compressor ran out of space: jetsam kills idle processes"
    ios = kill_cause(kill, 5_000, _snap(1.0, 5_000), IOS_18)
    assert ios.text.startswith("the compressor ran out of room (it holds as many pages")


def test_kills_are_keyed_by_reason_and_line() -> None:
    kill = Killed(1.0, 7, "victim", SHORTAGE, 30)
    assert fold_key(kill, None, IOS_18, False) == ("kill", "vm-pageshortage/")
    assert fold_key(kill, KillCause(None, "x"), IOS_18, False) == ("kill", "vm-pageshortage/")
    cause = KillCause(Line.CRITICAL, "x")
    assert fold_key(kill, cause, IOS_18, False) == ("kill", "vm-pageshortage/critical")


def test_a_launch_burst_is_explained_by_the_launch_term() -> None:
    burst = Burst.start(("launch", ""), Launched(1.0, 7, "app"), 1, None)
    assert burst.term == "launch"


def test_a_replayed_reports_burst_starts_at_its_first_kill() -> None:
    kills = [Killed(1.0, 1, "a", SHORTAGE, 0), Killed(2.0, 2, "b", SHORTAGE, 0)]
    snap = replace(_snap(2.0, 5_000), device="iPhone12,1")
    burst = Burst.recorded(kills, 1, snap)
    assert (burst.last_t, burst.device) == (1.0, "iPhone12,1")


def test_a_cause_is_a_fixed_value() -> None:
    cause = KillCause(None, "x")
    with pytest.raises(FrozenInstanceError):
        cause.text = "y"  # type: ignore[misc]  # the point: frozen
    assert not hasattr(cause, "__dict__")  # slots
