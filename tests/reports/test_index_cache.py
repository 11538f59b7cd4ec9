"""The report index (issue 27 item 0, issue 30 item 4): one index and one row per file
however its folder is spelled, and a cache that no damaged or crafted file can turn
into a traceback, a hang, or SQL that runs."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from activitymon import cli
from activitymon.reports import index as index_module
from activitymon.reports.collection import summarize_many
from activitymon.reports.index import CACHE_ENV, INDEX_NAME, TABLE_SQL, ReportIndex
from activitymon.reports.scan import scan
from tests.hostile.conftest import ends_within
from tests.reports.generated import write_reports


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    return cache


def _rows(cache: Path) -> int:
    db = sqlite3.connect(cache / INDEX_NAME)
    try:
        return int(db.execute("SELECT count(*) FROM files").fetchone()[0])
    finally:
        db.close()


def _scan(*paths: str | Path) -> tuple[int, int, dict]:
    index = ReportIndex()
    try:
        result = scan([str(p) for p in paths], index=index, workers=1)
    finally:
        index.close()
    return result.read, result.from_index, summarize_many(result.results)


def test_every_spelling_of_a_folder_shares_one_index_and_its_rows(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus" / "c1k"
    write_reports(corpus, 12)
    (tmp_path / "link").symlink_to(tmp_path / "corpus", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    read, cached, first = _scan("corpus/c1k")
    assert (read, cached) == (12, 0)
    for spelling in ("./corpus/c1k", corpus, "corpus/../corpus/c1k/", "link/c1k"):
        read, cached, summary = _scan(spelling)
        assert (read, cached) == (0, 12), spelling
        assert summary["kills"] == first["kills"]
        # each run shows the paths as that run named them
        assert all(r["path"].startswith(str(spelling).rstrip("/")) for r in summary["per_report"])
    assert _rows(cache) == 12


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(
    tmp_path: Path, cache: Path
) -> None:
    written = write_reports(tmp_path / "r", 3)
    _scan(tmp_path / "r")
    victim = written.paths[1]
    info = victim.stat()
    copy = victim.with_suffix(".tmp")
    copy.write_bytes(victim.read_bytes())  # a new inode, same bytes
    os.replace(copy, victim)
    os.utime(victim, ns=(info.st_atime_ns, info.st_mtime_ns))
    read, cached, _ = _scan(tmp_path / "r")
    assert (read, cached) == (1, 2)


def _crafted(cache: Path, *statements: str) -> Path:
    cache.mkdir(exist_ok=True)
    path = cache / INDEX_NAME
    db = sqlite3.connect(path)
    for sql in statements:
        db.execute(sql)
    db.execute(f"PRAGMA user_version = {index_module.SCHEMA_VERSION}")
    db.commit()
    db.close()
    return path


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"


@pytest.mark.parametrize(
    "statements",
    [
        # a view where the table belongs: querying it would never end
        (
            f"CREATE VIEW files AS SELECT x AS key, x AS size, x AS mtime_ns, x AS inode,"
            f" x AS facts FROM ({ENDLESS})",
        ),
        # the right table with a trigger that would never end either
        (
            TABLE_SQL,
            "CREATE TABLE log (x)",
            f"CREATE TRIGGER t AFTER INSERT ON files BEGIN INSERT INTO log {ENDLESS}; END",
        ),
        (TABLE_SQL, f"CREATE VIEW extra AS {ENDLESS}"),
        (
            TABLE_SQL.replace(
                "facts TEXT NOT NULL", "facts TEXT NOT NULL CHECK (length(facts) > 0)"
            ),
        ),
        ("CREATE TABLE files (key, size, mtime_ns, inode, facts)",),
    ],
    ids=["view-as-table", "trigger", "extra-view", "check-constraint", "other-columns"],
)
def test_a_foreign_schema_is_set_aside_without_running_it(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str], statements: tuple[str, ...]
) -> None:
    path = _crafted(cache, *statements)
    crafted = hashlib.sha256(path.read_bytes()).hexdigest()
    write_reports(tmp_path / "r", 4)
    with ends_within():
        code = cli.main(["report", "--summary", "--json", str(tmp_path / "r")])
    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["reports"] == 4
    assert "unusable" in err
    assert "rebuilt" in err
    aside = cache / (INDEX_NAME + ".damaged")
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == crafted  # kept as it was
    assert _rows(cache) == 4  # a new index, in use


def test_a_fifo_or_a_link_where_the_index_belongs_is_never_opened(
    tmp_path: Path, cache: Path
) -> None:
    cache.mkdir()
    os.mkfifo(cache / INDEX_NAME)
    precious = tmp_path / "precious.txt"
    precious.write_text("someone's file")
    os.symlink(precious, cache / (INDEX_NAME + "-journal"))
    write_reports(tmp_path / "r", 2)
    with ends_within():
        index = ReportIndex()
    assert index.notice is not None
    assert "not a regular file" in index.notice
    assert scan([str(tmp_path / "r")], index=index).read == 2
    index.close()
    assert precious.read_text() == "someone's file"
    assert (cache / INDEX_NAME).is_file()


def _damage_rows(cache: Path, facts: list[object]) -> None:
    db = sqlite3.connect(cache / INDEX_NAME)
    keys = [k for (k,) in db.execute("SELECT key FROM files ORDER BY key")]
    for key, value in zip(keys, facts, strict=False):
        db.execute("UPDATE files SET facts = ? WHERE key = ?", (value, key))
    db.commit()
    db.close()


DAMAGED_FACTS: list[object] = [
    "not json",
    "[" * 100_000,  # deeper than any parser recursion
    '"a string"',
    "{}",
    "[1, 2]",
    b"\x00\xff blob",
    12345,
    '[0, "k", "jetsam-ips", "not a date", null, null, null, null, [], [], [], [], false]',
    '[0, "k", "jetsam-ips", "2024-03-01T08:00:00", null, null, null, null, [], [], [], [], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, 1e400, [], [], [], [], false]',
    '[0, "k", "x", null, null, null, null, 99999999999999999999999, [], [], [], [], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, null, ["a", "r", "big", null], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, null, ["a"], ["r"], ["big"], [null], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, null, ["a"], ["r"], [true], [null], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, null, ["a", "b"], ["r"], [1], [null], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, null, ["a"], ["r"], [1e99], [null], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, null, {"a": 1}, [], [], [], false]',
    '[0, "k", "jetsam-ips", null, null, null, null, null, [], [], [], [], "yes"]',
    '[true, "k", "jetsam-ips", null, null, null, null, null, [], [], [], [], false]',
    '[1, "a reason"]',
    '[1, "a reason", 1]',
    '[2, "a reason", true]',
    '["k", "jetsam-ips", null, null, null, null, null, [[], [], [], []], false]',  # version 4
    "[1], [2]",
]


def test_damaged_rows_are_read_again_never_a_traceback(tmp_path: Path, cache: Path) -> None:
    folder = tmp_path / "r"
    write_reports(folder, len(DAMAGED_FACTS) + 2)
    _, _, clean = _scan(folder)
    _damage_rows(cache, DAMAGED_FACTS)
    with ends_within():
        read, cached, summary = _scan(folder)
    assert (read, cached) == (len(DAMAGED_FACTS), 2)
    assert summary == clean
    # and the rows were replaced: the next run reads nothing
    assert _scan(folder)[:2] == (0, len(DAMAGED_FACTS) + 2)


def test_damaged_numbers_in_key_columns_are_not_a_match(tmp_path: Path, cache: Path) -> None:
    folder = tmp_path / "r"
    write_reports(folder, 3)
    _scan(folder)
    db = sqlite3.connect(cache / INDEX_NAME)
    db.execute("UPDATE files SET size = 'big', mtime_ns = 1.5, inode = x'00'")
    db.commit()
    db.close()
    with ends_within():
        assert _scan(folder)[:2] == (3, 0)


def test_an_oversized_row_sets_the_index_aside(tmp_path: Path, cache: Path) -> None:
    folder = tmp_path / "r"
    write_reports(folder, 3)
    _scan(folder)
    _damage_rows(cache, ["x" * (index_module.MAX_VALUE_BYTES + 10)])
    index = ReportIndex()
    with ends_within():
        result = scan([str(folder)], index=index, workers=1)
    assert result.read == 3
    assert index.notice is not None
    assert "too big" in index.notice
    index.close()
    assert _scan(folder)[:2] == (0, 3)


def test_a_query_past_its_budget_sets_the_index_aside(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "r"
    write_reports(folder, 3)
    _scan(folder)
    monkeypatch.setattr(index_module, "_STEPS", 1)
    index = ReportIndex()
    monkeypatch.setattr(index_module, "QUERY_BUDGET_S", -1.0)
    with ends_within():
        result = scan([str(folder)], index=index, workers=1)
    assert result.read == 3  # nothing trusted from an index that ran out of time
    assert index.notice is not None
    assert "budget" in index.notice
    index.close()
    assert (cache / (INDEX_NAME + ".damaged")).is_file()


def test_an_index_that_cannot_be_made_is_bypassed_with_a_notice(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(index_module, "QUERY_BUDGET_S", -1.0)
    monkeypatch.setattr(index_module, "_STEPS", 1)
    write_reports(tmp_path / "r", 2)
    with ends_within():
        code = cli.main(["report", "--summary", "--json", str(tmp_path / "r")])
    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["reports"] == 2
    assert "no report index" in err
    assert "reading every file" in err
