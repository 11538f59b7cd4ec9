"""The rule sets the code names (``sim/rules.py``: XNU_2107 …) are those of the releases
they are named for, with the tag each device profile's kernel is read at."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from activitymon.model import Era
from activitymon.sim import rules
from activitymon.sim.rule_table import RULES
from activitymon.sim.rules import AgingPolicy, KillRecord, XnuRules, rule_row


@pytest.mark.parametrize(
    ("named", "xnu", "tag"),
    [
        (rules.XNU_2107, 2107, "xnu-2050.48.11"),
        (rules.XNU_2423, 2423, "xnu-2422.1.72"),
        (rules.XNU_7195, 7195, "xnu-7195.141.2"),
        (rules.XNU_8796, 8796, "xnu-8796.141.3"),
        (rules.XNU_11417, 11417, "xnu-11417.121.6"),
    ],
)
def test_a_named_rule_set_is_its_release(named: XnuRules, xnu: int, tag: str) -> None:
    assert (named.xnu, named.tag) == (xnu, tag)


def test_a_table_missing_a_rule_or_naming_an_unknown_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, *rest = RULES
    monkeypatch.setattr(rules, "RULES", tuple(rest))
    with pytest.raises(AssertionError, match=rf"missing \{{'{first.field}'\}}, unknown -$"):
        rules._check_table()
    stranger = replace(first, field="no_such_rule")
    monkeypatch.setattr(rules, "RULES", (stranger, *rest))
    with pytest.raises(
        AssertionError, match=rf"missing \{{'{first.field}'\}}, unknown \{{'no_such_rule'\}}$"
    ):
        rules._check_table()


def test_a_rule_whose_rows_are_out_of_order_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = next(r for r in RULES if len(r.history) > 1)
    backwards = replace(rule, history=tuple(reversed(rule.history)))
    monkeypatch.setattr(rules, "RULES", tuple(backwards if r is rule else r for r in RULES))
    with pytest.raises(AssertionError, match=f"rule table: {rule.field} rows out of order"):
        rules._check_table()


@pytest.mark.parametrize(
    ("record", "takes", "marks", "asks"),
    [
        (KillRecord.NONE, False, False, False),
        (KillRecord.IF_TAKEN, False, True, False),
        (KillRecord.HELD, True, True, False),
        (KillRecord.POSTED, True, True, True),
    ],
)
def test_what_each_kill_record_does_to_the_snapshot(
    record: KillRecord, takes: bool, marks: bool, asks: bool
) -> None:
    assert (record.takes_snapshot, record.marks_snapshot, record.asks_post) == (takes, marks, asks)


def test_a_macs_rule_row_is_its_own_history() -> None:
    # kern_memorystatus.c memorystatus_init at xnu-8792.41.9: the aging bands are 0 on
    # macOS, while iOS ages with SysProcsReclaimedFirst since xnu-6153
    mac = rule_row("aging", 8792, Era.MACOS)
    ios = rule_row("aging", 8792, Era.MODERN)
    assert (mac.value, mac.tag) == (AgingPolicy.NONE, "xnu-8792.41.9")
    assert (ios.value, ios.tag) == (AgingPolicy.SYSPROCS_RECLAIMED_FIRST, "xnu-6153.11.26")


def test_a_release_s_rules_are_a_fixed_value() -> None:
    with pytest.raises(FrozenInstanceError):
        rules.XNU_11417.xnu = 1  # type: ignore[misc]  # the point: frozen
    assert not hasattr(rules.XNU_11417, "__dict__")  # slots
