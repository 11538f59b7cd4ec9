"""docs/SIMULATOR.md shows the release table the code has (issue 29: a newcomer finds
where a rule for a given release lives in one step)."""

from __future__ import annotations

from pathlib import Path

from activitymon.sim.rule_doc import END, START, markdown_table, rewrite

DOC = Path(__file__).resolve().parents[2] / "docs" / "SIMULATOR.md"


def test_the_simulator_page_holds_the_generated_rule_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert START in text
    assert END in text
    assert markdown_table() in text, "run: python -m activitymon.sim.rule_doc docs/SIMULATOR.md"
    assert rewrite(text) == text


def test_the_table_names_each_boundary_with_its_tag() -> None:
    table = markdown_table()
    assert "| `purge_before_kill` | 〃 | 4570 | yes | xnu-4570.51.1 |" in table
    assert "| `snapshot_timeout_s` | 〃 | 3247 | 30 s | xnu-3247.1.106 |" in table
    assert "| `notify_rest_s` | 〃 | 3789 | 25 s | xnu-3789.1.32 |" in table
