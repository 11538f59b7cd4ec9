"""The rule sets the code names (``sim/rules.py``: XNU_2107 …) are those of the releases
they are named for, with the tag each device profile's kernel is read at."""

from __future__ import annotations

from dataclasses import replace

import pytest

from activitymon.sim import rules
from activitymon.sim.rule_table import RULES
from activitymon.sim.rules import XnuRules


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
