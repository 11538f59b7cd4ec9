"""The mutation plan stays true: its modules, tests and operators exist, every
equivalent mutant it explains is still in the code and in docs/ARCHITECTURE.md, and
the score is killed / (killed + unexplained survivors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mutation.plan import (
    PlanError,
    Score,
    changed_line,
    load_plan,
    parse_plan,
    resolve_paths,
    score_line,
    total,
)

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan()


def test_every_module_and_test_in_the_plan_exists() -> None:
    for target in PLAN.targets:
        assert (ROOT / target.path).is_file(), target.path
        for test in target.tests:
            assert (ROOT / test.split("::")[0]).exists(), f"{target.path}: {test}"


def test_every_kept_operator_is_one_cosmic_ray_has() -> None:
    cosmic_ray_plugins = pytest.importorskip("cosmic_ray.plugins", reason="a dev dependency")
    names = {name.rpartition("/")[2] for name in cosmic_ray_plugins.operator_names()}
    assert PLAN.operators <= names, sorted(PLAN.operators - names)
    # the literal names a hand mutation check uses most: a number, a boundary
    assert {"NumberReplacer", "ReplaceComparisonOperator_Lt_LtE"} <= PLAN.operators


def test_every_equivalent_is_still_in_its_module_and_in_the_architecture_page() -> None:
    architecture = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = {target.path for target in PLAN.targets}
    for entry in PLAN.equivalents:
        assert entry.module in modules, entry
        lines = {line.strip() for line in (ROOT / entry.module).read_text().splitlines()}
        assert entry.line in lines, f"{entry.module}: no line {entry.line!r} any more"
        assert entry.markdown() in architecture, f"docs/ARCHITECTURE.md lacks {entry.markdown()}"


def test_score_counts_equivalents_out_of_the_survivors() -> None:
    score = Score("m.py", mutants=100, killed=90, survived=10, equivalent=5, incompetent=0)
    assert score.judged == 95
    assert score.percent == pytest.approx(100 * 90 / 95)
    assert "    5 survived   5 equivalent   94.7 %" in score_line(score)
    both = total([score, Score("n.py", 10, 10, 0, 0, 0)])
    assert (both.mutants, both.killed, both.survived, both.equivalent) == (110, 100, 10, 5)


def test_an_equivalent_with_a_mutated_line_matches_that_mutant_only() -> None:
    plan = parse_plan(
        '[operators]\nkeep = ["NumberReplacer"]\n[[module]]\npath = "a.py"\ntests = ["t"]\n'
        '[[equivalent]]\nmodule = "a.py"\noperator = "NumberReplacer"\n'
        'line = "x = 2"\nto = "x = 3"\nwhy = "y"\n'
    )
    assert plan.equivalent("a.py", "NumberReplacer", "    x = 2", "    x = 3") is not None
    assert plan.equivalent("a.py", "NumberReplacer", "    x = 2", "    x = 1") is None
    assert plan.equivalent("b.py", "NumberReplacer", "    x = 2", "    x = 3") is None


def test_a_keyword_only_marker_is_no_multiplication() -> None:
    from tests.mutation.runner import keyword_marker

    source = ["def f(a, *, b):", "    return a * b", "def g(", "    *,", "    c=1,", "):"]
    assert keyword_marker(source, 1, 9)
    assert not keyword_marker(source, 2, 13)
    assert keyword_marker(source, 4, 4)


def test_a_module_without_survivors_scores_100() -> None:
    assert Score("m.py", 0, 0, 0, 0, 0).percent == 100.0


def test_the_changed_line_is_read_from_the_mutants_diff() -> None:
    diff = "--- \n+++ \n@@ -5 +5 @@\n-    return x < 3\n+    return x <= 3"
    assert changed_line(diff) == ("    return x < 3", "    return x <= 3")


def test_paths_name_modules_or_folders_of_the_plan() -> None:
    sim = resolve_paths(PLAN, ["activitymon/sim/"])
    assert sim
    assert all(t.path.startswith("activitymon/sim/") for t in sim)
    assert resolve_paths(PLAN, []) == list(PLAN.targets)
    with pytest.raises(PlanError, match=r"no module of plan\.toml"):
        resolve_paths(PLAN, ["activitymon/ui"])


def test_a_plan_error_names_the_key() -> None:
    with pytest.raises(PlanError, match=r"operators.keep: expected a list"):
        parse_plan("[operators]\nkeep = 3\n")
    with pytest.raises(PlanError, match=r"equivalent\[0\]: operator: Nope is not in"):
        parse_plan(
            '[operators]\nkeep = ["NumberReplacer"]\n[[module]]\npath = "a.py"\ntests = ["t"]\n'
            '[[equivalent]]\nmodule = "a.py"\noperator = "Nope"\nline = "x"\nwhy = "y"\n'
        )


def test_the_report_lists_every_module_those_not_run_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("cosmic_ray", reason="a dev dependency")
    from tests.mutation import runner

    monkeypatch.setattr(runner, "WORK", tmp_path)  # no session of any module there
    assert runner.main(["--report", "activitymon/sim/"]) == 0
    out = capsys.readouterr().out.splitlines()
    sim = [t.path for t in PLAN.targets if t.path.startswith("activitymon/sim/")]
    assert len(sim) > 1
    for path in sim:
        line = f"{path:<42} not run  (python3 dev.py mutate {path})"
        assert out.count(line) == 2, path  # as it comes, and in the table at the end
    assert out[-1] == (
        "all                                            0 mutants     0 killed "
        f"   0 survived   0 equivalent  100.0 %  ({len(sim)} modules not run)"
    )
