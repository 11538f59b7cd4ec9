"""The mutation plan: which modules are mutated, by which operators, against which tests,
and which surviving mutants are equivalent (with the reason). Read from ``plan.toml``.

Pure functions only (no cosmic-ray, no pytest), so ``test_plan.py`` checks them in CI.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLAN_FILE = Path(__file__).with_name("plan.toml")


class PlanError(Exception):
    """plan.toml says something the runner cannot use (one line: key and expectation)."""


@dataclass(frozen=True)
class Target:
    """One module to mutate and the tests that cover it (files or node ids)."""

    path: str
    tests: tuple[str, ...]
    #: node ids (or prefixes) of slow tests left out of this module's runs
    deselect: tuple[str, ...] = ()

    @property
    def pytest_args(self) -> tuple[str, ...]:
        """The whole list, as pytest's arguments."""
        return (*self.tests, *(f"--deselect={node}" for node in self.deselect))


@dataclass(frozen=True)
class Equivalent:
    """A surviving mutant that no test can kill: the mutated line as written in the
    module (stripped), the operator, and why the program behaves the same."""

    module: str
    operator: str
    line: str
    why: str
    #: the mutated line (stripped), where the line has other mutants of this operator
    to: str | None = None

    def markdown(self) -> str:
        change = f" → `{self.to}`" if self.to else ""
        return f"- `{self.module}` `{self.line}`{change} ({self.operator}): {self.why}"


@dataclass(frozen=True)
class Plan:
    operators: frozenset[str]
    targets: tuple[Target, ...]
    equivalents: tuple[Equivalent, ...]

    def target(self, path: str) -> Target:
        for target in self.targets:
            if target.path == path:
                return target
        known = ", ".join(t.path for t in self.targets)
        raise PlanError(f"{path}: not in plan.toml's [[module]] list (known: {known})")

    def equivalent(self, module: str, operator: str, line: str, mutated: str) -> Equivalent | None:
        """The explanation that covers this survivor, if plan.toml has one."""
        text, new = line.strip(), mutated.strip()
        for entry in self.equivalents:
            if (entry.module, entry.operator, entry.line) != (module, operator, text):
                continue
            if entry.to is None or entry.to == new:
                return entry
        return None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PlanError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _string(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PlanError(f"{where}: {key}: expected a non-empty string")
    return value


def parse_plan(text: str) -> Plan:
    data = tomllib.loads(text)
    operators = frozenset(_strings(data.get("operators", {}).get("keep"), "operators.keep"))
    targets = []
    for index, table in enumerate(data.get("module", [])):
        where = f"module[{index}]"
        path = _string(table, "path", where)
        tests = _strings(table.get("tests"), f"{where} ({path}): tests")
        deselect = _strings(table.get("deselect", []), f"{where} ({path}): deselect")
        targets.append(Target(path, tests, deselect))
    equivalents = []
    for index, table in enumerate(data.get("equivalent", [])):
        where = f"equivalent[{index}]"
        operator = _string(table, "operator", where)
        if operator not in operators:
            raise PlanError(f"{where}: operator: {operator} is not in operators.keep")
        equivalents.append(
            Equivalent(
                module=_string(table, "module", where),
                operator=operator,
                line=_string(table, "line", where).strip(),
                why=_string(table, "why", where),
                to=_string(table, "to", where).strip() if "to" in table else None,
            )
        )
    if not targets:
        raise PlanError("plan.toml: expected at least one [[module]]")
    return Plan(operators, tuple(targets), tuple(equivalents))


def load_plan(path: Path = PLAN_FILE) -> Plan:
    return parse_plan(path.read_text(encoding="utf-8"))


def short_operator(name: str) -> str:
    """``core/NumberReplacer`` → ``NumberReplacer`` (cosmic-ray's provider prefix off)."""
    return name.rpartition("/")[2]


@dataclass(frozen=True)
class Score:
    """One module's mutants by outcome; equivalents are survivors plan.toml explains."""

    module: str
    mutants: int
    killed: int
    survived: int
    equivalent: int
    incompetent: int
    #: mutants an interrupted run has not tested yet (``--resume`` goes on with them)
    pending: int = 0

    @property
    def judged(self) -> int:
        """Mutants a test could kill: killed plus the unexplained survivors."""
        return self.killed + self.survived - self.equivalent

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.judged if self.judged else 100.0


def total(scores: Iterable[Score]) -> Score:
    listed = list(scores)
    return Score(
        module="all",
        mutants=sum(s.mutants for s in listed),
        killed=sum(s.killed for s in listed),
        survived=sum(s.survived for s in listed),
        equivalent=sum(s.equivalent for s in listed),
        incompetent=sum(s.incompetent for s in listed),
        pending=sum(s.pending for s in listed),
    )


def score_line(score: Score, seconds: float | None = None) -> str:
    took = "" if seconds is None else f"  {seconds:6.0f} s"
    if score.pending:
        took += f"  ({score.pending} not run yet)"
    return (
        f"{score.module:<42} {score.mutants:5d} mutants {score.killed:5d} killed "
        f"{score.survived - score.equivalent:4d} survived {score.equivalent:3d} equivalent"
        f"  {score.percent:5.1f} %{took}"
    )


def not_run_line(module: str) -> str:
    """``--report``'s line for a module with no run yet (the command that runs it)."""
    return f"{module:<42} not run  (python3 dev.py mutate {module})"


def changed_line(diff: str) -> tuple[str, str]:
    """The first removed and added lines of a unified diff (the mutant's one change)."""
    removed = added = ""
    for line in diff.splitlines():
        if line.startswith("-") and not line.startswith("---") and not removed:
            removed = line[1:]
        elif line.startswith("+") and not line.startswith("+++") and not added:
            added = line[1:]
    return removed, added


def resolve_paths(plan: Plan, paths: Sequence[str]) -> list[Target]:
    """The targets named on the command line (files or folders), all when none."""
    if not paths:
        return list(plan.targets)
    chosen: list[Target] = []
    for raw in paths:
        name = Path(raw).as_posix().rstrip("/")
        matched = [t for t in plan.targets if t.path == name or t.path.startswith(name + "/")]
        if not matched:
            raise PlanError(f"{raw}: no module of plan.toml is at or under this path")
        chosen.extend(t for t in matched if t not in chosen)
    return chosen
