"""``python3 dev.py mutate [PATHS] [--again] [--report]``: mutation testing with cosmic-ray.

cosmic-ray finds every mutant of a module (its operators, its session database, its
``cr-report``); this runner executes them. A pytest start costs seconds (Qt, numpy,
hypothesis), so instead of cosmic-ray's one subprocess per mutant the runner imports
those once and forks a child per mutant, which imports the project afresh (the
mutated module included) and runs tests, stopping at the first failure. Which tests:
the module's own list in plan.toml is run once unmutated with a tracer on the module
(in-process, function bodies only) that notes which tests execute each line; a mutant
on such a line runs just those tests, fastest first (a test that never executes the
line cannot see the change); a mutant anywhere else (module level, class bodies,
default values, lines reached only in a subprocess) runs the whole list. The project
is copied to ``.mutate/tree-PID`` and mutated there: the worktree is never touched, and
subprocesses a test starts import the copy (``PYTHONPATH``).

Per module it prints mutants, killed, survivors not explained, equivalents (survivors
plan.toml explains) and the score = killed / (killed + unexplained survivors); then
every unexplained survivor as ``path:line operator: old → new``. ``--again`` tests
only the previous run's survivors again (the module's source must be unchanged);
``--resume`` goes on with the mutants an interrupted run left (the module's source must
be unchanged; a module without an earlier run starts afresh); ``--report`` prints the
last run's figures without running anything: every module asked for, those with no run
yet as "not run", and the total of those run.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import inspect
import json
import os
import shutil
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from tests.mutation.plan import (
    Plan,
    PlanError,
    Score,
    Target,
    changed_line,
    load_plan,
    not_run_line,
    resolve_paths,
    score_line,
    short_operator,
    total,
)

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / ".mutate"
TREE = WORK / f"tree-{os.getpid()}"  # one copy per run: runs on other modules may overlap
COPIED = ("activitymon", "tests", "resources", "pyproject.toml")
# libraries every test run imports: loaded once in the runner, inherited by each fork
WARM = (
    "pytest",
    "_pytest.python",
    "hypothesis",
    "numpy",
    "psutil",
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "shiboken6",
    "pyqtgraph",
    "pytestqt.plugin",
    "sqlite3",
    "zlib",
    "json",
    "tomllib",
)
TraceFunction = Callable[[FrameType, str, Any], Any]
PYTEST_ARGS = ("-x", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=")


def copy_tree() -> None:
    """A fresh copy of the project to mutate (``../shared`` reached through a link)."""
    if TREE.exists():
        shutil.rmtree(TREE)
    TREE.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, TREE / name, ignore=ignore)
        else:
            shutil.copy2(source, TREE / name)
    shared = (ROOT.parent / "shared").resolve()
    link = WORK / "shared"
    if shared.is_dir() and not link.exists():
        link.symlink_to(shared)


def warm_up() -> None:
    import importlib

    for name in WARM:
        try:
            importlib.import_module(name)
        except ImportError:
            continue


@dataclass(frozen=True)
class Run:
    outcome: str  # "killed", "survived", "timeout", "empty" (no test ran)
    seconds: float
    cpu: float


class LineMap:
    """A pytest plugin for the unmutated run: which tests execute each line of the
    modules traced (a tracer on those files' frames only) and how long each test takes."""

    def __init__(self, modules: Sequence[str]) -> None:
        self.files = {str(TREE / module): module for module in modules}
        self.current: str | None = None
        self.lines: dict[str, dict[int, set[str]]] = {module: {} for module in modules}
        self.seconds: dict[str, float] = {}

    def _trace(self, frame: FrameType, event: str, _arg: object) -> TraceFunction | None:
        code = frame.f_code
        module = self.files.get(code.co_filename)
        if module is None or not code.co_flags & inspect.CO_NEWLOCALS:
            return None  # another file, or a module or class body (run once, at import)
        lines = self.lines[module]

        def line(frame: FrameType, event: str, _arg: object) -> TraceFunction | None:
            if event == "line" and self.current is not None:
                lines.setdefault(frame.f_lineno, set()).add(self.current)
            return line

        return line

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        self.current = item.nodeid
        started = time.monotonic()
        sys.settrace(self._trace)
        threading.settrace(self._trace)
        yield
        sys.settrace(None)
        threading.settrace(None)
        self.seconds[item.nodeid] = time.monotonic() - started
        self.current = None

    def save(self, path: Path) -> None:
        lines = {
            module: {str(row): sorted(tests) for row, tests in rows.items()}
            for module, rows in self.lines.items()
        }
        path.write_text(json.dumps({"lines": lines, "seconds": self.seconds}))


def run_tests(
    tests: Sequence[str], timeout: float, *, log: Path | None = None, plugin: object = None
) -> Run:
    """Run ``tests`` in a forked child that imports the project from the tree afresh."""
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 3
        try:
            os.setpgid(0, 0)
            target = os.open(log if log else os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(target, 1)
            os.dup2(target, 2)
            sys.dont_write_bytecode = log is None  # a mutated module's bytecode is never kept
            for name in [n for n in sys.modules if n == "tests" or n.startswith("tests.")]:
                del sys.modules[name]  # the runner's own package: the tree's is imported
            import hypothesis

            hypothesis.settings.register_profile(
                "mutate", deadline=None, derandomize=True, database=None, print_blob=False
            )
            hypothesis.settings.load_profile("mutate")
            plugins = [plugin] if plugin is not None else []
            code = int(pytest.main([*tests, *PYTEST_ARGS], plugins=plugins))
            if isinstance(plugin, LineMap) and log is not None:
                plugin.save(log.with_suffix(".json"))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    deadline = started + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            with _quietly():
                os.killpg(pid, signal.SIGKILL)
            _, _, usage = os.wait4(pid, 0)
            return Run("timeout", time.monotonic() - started, usage.ru_utime + usage.ru_stime)
        time.sleep(0.02)
    seconds = time.monotonic() - started
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return Run("survived", seconds, cpu)
    if code == 5:  # pytest: no tests collected
        return Run("empty", seconds, cpu)
    return Run("killed", seconds, cpu)


@dataclass(frozen=True)
class Coverage:
    """From the unmutated run: the tests that execute each line, fastest first."""

    lines: dict[int, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path, module: str) -> Coverage:
        data = json.loads(path.read_text())
        seconds: dict[str, float] = data["seconds"]
        return cls(
            {
                int(row): tuple(sorted(tests, key=lambda t: seconds.get(t, 0.0)))
                for row, tests in data["lines"][module].items()
            }
        )

    def tests_for(self, row: int) -> tuple[str, ...]:
        return self.lines.get(row, ())


@contextmanager
def _quietly() -> Iterator[None]:
    with suppress(ProcessLookupError):
        yield


def session_path(target: Target) -> Path:
    return WORK / (target.path.replace("/", "__") + ".sqlite")


def source_hash(target: Target) -> str:
    return hashlib.sha256((ROOT / target.path).read_bytes()).hexdigest()


def create_session(target: Target, plan: Plan) -> None:
    """cosmic-ray's ``init`` for one module; operators not kept are marked skipped."""
    from cosmic_ray.commands import init
    from cosmic_ray.tools.filters.pragma_no_mutate import PragmaNoMutateFilter
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    path = session_path(target)
    path.unlink(missing_ok=True)
    with use_db(str(path), WorkDB.Mode.create) as db:
        init([Path(target.path)], db, {})
        skipped = WorkResult(output="operator not kept", worker_outcome=WorkerOutcome.SKIPPED)
        marker = WorkResult(output="a keyword-only marker", worker_outcome=WorkerOutcome.SKIPPED)
        source = (TREE / target.path).read_text(encoding="utf-8").splitlines()
        for item in list(db.pending_work_items):
            spec = item.mutations[0]
            if short_operator(spec.operator_name) not in plan.operators:
                db.set_result(item.job_id, skipped)
            elif spec.operator_name.endswith("_Mul_Div") and keyword_marker(
                source, *spec.start_pos
            ):
                db.set_result(item.job_id, marker)
        PragmaNoMutateFilter().filter(db, None)
    path.with_suffix(".source").write_text(source_hash(target) + "\n")


def can_resume(target: Target) -> bool:
    """``--resume``: whether an earlier run of ``target`` on this very source is there."""
    path = session_path(target)
    stamp = path.with_suffix(".source")
    return path.exists() and stamp.exists() and stamp.read_text().strip() == source_hash(target)


def forget_survivors(target: Target) -> int:
    """``--again``: the previous survivors become pending; how many."""
    path = session_path(target)
    stamp = path.with_suffix(".source")
    if not path.exists() or not stamp.exists():
        raise PlanError(f"{target.path}: no earlier run to repeat (run without --again)")
    if stamp.read_text().strip() != source_hash(target):
        raise PlanError(f"{target.path}: changed since the last run (run without --again)")
    with sqlite3.connect(path) as db:
        cursor = db.execute("DELETE FROM work_results WHERE upper(test_outcome) = 'SURVIVED'")
        return cursor.rowcount


#: the unmutated run of each test list, shared by the modules that name the same tests
_BASELINES: dict[frozenset[str], tuple[Run, Path]] = {}


def baseline(target: Target, traced: Sequence[str]) -> tuple[Run, Path]:
    """The unmutated run of ``target``'s tests, tracing every module in ``traced``
    that names the same tests (one run for them all)."""
    key = frozenset(target.pytest_args)
    if key not in _BASELINES:
        log = TREE.with_name(f"{TREE.name}-baseline-{len(_BASELINES)}.log")
        run = run_tests(target.pytest_args, timeout=3600, log=log, plugin=LineMap(traced))
        if run.outcome != "survived":
            tail = log.read_text(errors="replace").splitlines()[-15:]
            raise PlanError(
                f"{target.path}: its tests {run.outcome} without any mutant "
                f"({' '.join(target.tests)}):\n" + "\n".join(tail)
            )
        _BASELINES[key] = run, log.with_suffix(".json")
    return _BASELINES[key]


def execute(target: Target, plan: Plan, traced: Sequence[str]) -> float:
    """Every pending mutant of ``target``; returns the seconds taken."""
    import cosmic_ray.plugins
    from cosmic_ray.mutating import use_mutation
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    started = time.monotonic()
    unmutated, lines = baseline(target, traced)
    coverage = Coverage.load(lines, target.path)
    timeout = max(20.0, 4 * unmutated.seconds)
    print(f"  unmutated: {unmutated.seconds:.0f} s ({unmutated.cpu:.0f} s CPU)", flush=True)
    cpu = 0.0
    with use_db(str(session_path(target)), WorkDB.Mode.open) as db:
        pending = list(db.pending_work_items)
        for number, item in enumerate(pending, 1):
            spec = item.mutations[0]
            operator = cosmic_ray.plugins.get_operator(spec.operator_name)(**spec.operator_args)
            with use_mutation(Path(spec.module_path), operator, spec.occurrence) as (old, new):
                if new is None:
                    db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.NO_TEST))
                    continue
                run = run_tests(
                    coverage.tests_for(spec.start_pos[0]) or target.pytest_args, timeout
                )
            cpu += run.cpu
            outcome = TestOutcome.SURVIVED if run.outcome == "survived" else TestOutcome.KILLED
            if run.outcome == "empty":
                outcome = TestOutcome.INCOMPETENT
            diff = "\n".join(
                difflib.unified_diff(old.split("\n"), new.split("\n"), lineterm="", n=0)
            )
            db.set_result(
                item.job_id,
                WorkResult(
                    output=run.outcome,
                    diff=diff,
                    test_outcome=outcome,
                    worker_outcome=WorkerOutcome.NORMAL,
                ),
            )
            mark = "S" if run.outcome == "survived" else "."
            print(mark, end="" if number % 80 else f" {number}/{len(pending)}\n", flush=True)
    print(f"\n  {len(pending)} mutants, {cpu:.0f} s CPU", flush=True)
    return time.monotonic() - started


@dataclass(frozen=True)
class Survivor:
    module: str
    line: int
    operator: str
    old: str
    new: str


def read_session(target: Target, plan: Plan) -> tuple[Score, list[Survivor]] | None:
    """The last run's figures and unexplained survivors; None when ``target`` has no run."""
    path = session_path(target)
    if not path.exists():
        return None
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT s.operator_name, s.start_pos_row, r.test_outcome, r.worker_outcome, r.diff"
            " FROM mutation_specs s LEFT JOIN work_results r USING (job_id)"
        ).fetchall()
    source = (ROOT / target.path).read_text(encoding="utf-8").splitlines()
    killed = survived = equivalent = incompetent = pending = mutants = 0
    survivors: list[Survivor] = []
    for operator_name, row, tested, worker_outcome, diff in rows:
        test_outcome = (tested or "").lower()  # cosmic-ray stores the enum's name
        if (worker_outcome or "").lower() in ("skipped", "no_test", "no-test"):
            continue
        mutants += 1
        if worker_outcome is None:
            pending += 1
            continue
        operator = short_operator(operator_name)
        if test_outcome == "killed":
            killed += 1
        elif test_outcome == "survived":
            survived += 1
            old, new = changed_line(diff or "")
            written = source[row - 1] if 0 < row <= len(source) else old
            if plan.equivalent(target.path, operator, written, new) or plan.equivalent(
                target.path, operator, old, new
            ):
                equivalent += 1
            else:
                survivors.append(Survivor(target.path, row, operator, old.strip(), new.strip()))
        else:
            incompetent += 1
    score = Score(target.path, mutants, killed, survived, equivalent, incompetent, pending)
    return score, survivors


ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
BEGIN, END = "<!-- equivalents: begin -->\n", "<!-- equivalents: end -->"


def write_equivalents(plan: Plan) -> None:
    """docs/ARCHITECTURE.md's list of equivalent survivors, from plan.toml."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if not tail:
        raise PlanError(f"{ARCHITECTURE}: no {BEGIN.strip()} … {END} block")
    listed = "".join(entry.markdown() + "\n" for entry in plan.equivalents)
    ARCHITECTURE.write_text(head + BEGIN + listed + END + tail, encoding="utf-8")
    print(f"{ARCHITECTURE}: {len(plan.equivalents)} equivalent mutants listed")


def keyword_marker(source: list[str], row: int, col: int) -> bool:
    """Whether the ``*`` at (row, col) is a parameter list's keyword-only marker (cosmic-ray
    takes it for multiplication: ``def f(a, *, b)`` → ``def f(a, /, b)``)."""
    line = source[row - 1] if 0 < row <= len(source) else ""
    after = line[col + 1 :].lstrip()
    return line[col : col + 1] == "*" and (after[:1] in (",", ")") or not after)


def main(argv: Sequence[str] | None = None) -> int:
    summary = (__doc__ or "").splitlines()[0]
    parser = argparse.ArgumentParser(prog="dev.py mutate", description=summary)
    parser.add_argument("paths", nargs="*", help="modules or folders of plan.toml (all)")
    parser.add_argument("--again", action="store_true", help="re-test the last survivors")
    parser.add_argument(
        "--resume", action="store_true", help="go on with the mutants an interrupted run left"
    )
    parser.add_argument("--report", action="store_true", help="print the last run's figures")
    parser.add_argument(
        "--equivalents",
        action="store_true",
        help="the equivalents as docs/ARCHITECTURE.md lists them",
    )
    args = parser.parse_args(argv)
    try:
        plan = load_plan()
        if args.equivalents:
            write_equivalents(plan)
            return 0
        targets = resolve_paths(plan, args.paths)
        if not args.report:
            os.nice(10)  # a background chore on a shared machine
            WORK.mkdir(exist_ok=True)
            copy_tree()
            os.environ["PYTHONPATH"] = str(TREE)  # subprocesses of tests import the copy
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            os.chdir(TREE)
            sys.path.insert(0, str(TREE))
            warm_up()
        scores = []
        not_run: list[str] = []
        for target in targets:
            seconds = None
            if not args.report:
                if args.again:
                    print(f"{target.path}: {forget_survivors(target)} survivors again", flush=True)
                elif args.resume and can_resume(target):
                    print(f"{target.path}: going on with the last run", flush=True)
                else:
                    create_session(target, plan)
                print(f"{target.path}: {' '.join(target.tests)}", flush=True)
                same = frozenset(target.pytest_args)
                traced = [t.path for t in targets if frozenset(t.pytest_args) == same]
                seconds = execute(target, plan, traced)
            session = read_session(target, plan)
            if session is None:  # only with --report: a run always leaves its session
                not_run.append(target.path)
                print(not_run_line(target.path), flush=True)
                continue
            score, survivors = session
            scores.append(score)
            print(score_line(score, seconds), flush=True)
            if not can_resume(target):
                print(f"  {target.path} changed since this run: run it again", flush=True)
            for s in survivors:
                print(f"  survived {s.module}:{s.line} {s.operator}: {s.old}  →  {s.new}")
    except PlanError as exc:
        print(f"dev.py mutate: {exc}", file=sys.stderr)
        return 2
    finally:
        os.chdir(ROOT)
        shutil.rmtree(TREE, ignore_errors=True)
    if len(scores) + len(not_run) > 1:
        print()
        for target in targets:
            done = [score for score in scores if score.module == target.path]
            print(score_line(done[0]) if done else not_run_line(target.path))
        print(
            score_line(total(scores)) + (f"  ({len(not_run)} modules not run)" if not_run else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
