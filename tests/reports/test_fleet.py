"""Past one machine (issue 27 item 4): ``report --export OUT.parquet`` through DuckDB,
``report --summary --from`` computing the same summary with DuckDB's engine over one
or many exports, and the documented SQL giving the same per-process table."""

from __future__ import annotations

import builtins
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from activitymon import cli
from activitymon.reports.index import CACHE_ENV
from tests.reports.conftest import ANALYTICS, IOS14, KKBOX, PAGESHORTAGE, THRASHING
from tests.reports.generated import write_reports

duckdb = pytest.importorskip("duckdb", reason="DuckDB (the fleet extra) is not installed")

DOCS = Path(__file__).resolve().parents[2] / "docs" / "REPORTS.md"
FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "jetsam-reports"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _corpus(folder: Path) -> Path:
    """Generated reports of every format, broken files, copies (duplicates) and, where
    the shared fixtures are present, real reports (LowMemory text, an elided one, an
    Analytics log)."""
    written = write_reports(folder / "generated", 45)
    broken = folder / "broken"
    broken.mkdir()
    (broken / "empty.ips").write_bytes(b"")
    (broken / "cut.ips").write_text(written.paths[2].read_text()[:3000])
    (broken / "other.json").write_text('{"hello": "world"}')
    shutil.copy(written.paths[0], folder / "copy-of-first.ips")
    shutil.copy(written.paths[0], folder / (written.paths[0].name + ".synced"))
    if FIXTURES.is_dir():
        for name in (IOS14, KKBOX, PAGESHORTAGE, THRASHING, ANALYTICS):
            shutil.copy(FIXTURES / name, folder / name)
    return folder


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _summary(capsys: pytest.CaptureFixture[str], *args: str | Path) -> dict[str, Any]:
    code, out, err = _run(capsys, "report", "--summary", "--json", *args)
    assert code in (0, 1), err
    return dict(json.loads(out))


def _export(capsys: pytest.CaptureFixture[str], out: Path, *paths: Path) -> str:
    code, printed, err = _run(capsys, "report", *paths, "--export", out)
    assert code == 0, err
    assert out.read_bytes()[:4] == b"PAR1"
    return printed


@pytest.fixture
def exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    folder = _corpus(tmp_path / "reports")
    out = tmp_path / "all.parquet"
    printed = _export(capsys, out, folder)
    assert printed.startswith(f"wrote {out}: ")
    return folder, out


def test_the_summary_from_parquet_is_the_summary_of_the_files(
    exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = exported
    files = _summary(capsys, folder)
    parquet = _summary(capsys, "--from", out)
    assert parquet == files
    assert files["duplicates"]  # the copies count once there too
    assert files["unreadable"]


@pytest.mark.parametrize(
    "filters",
    [
        ("--process", "Facebook"),
        ("--since", "2024-03-03"),
        ("--process", "kbd", "--since", "2024-03-02"),
    ],
)
def test_filters_give_the_same_summary(
    exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str], filters: tuple[str, ...]
) -> None:
    folder, out = exported
    files = _summary(capsys, folder, *filters)
    assert 0 < files["reports"] < _summary(capsys, folder)["reports"]
    assert _summary(capsys, "--from", out, *filters) == files


def test_the_text_summary_from_parquet_is_the_same_text(
    exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = exported
    _, files, _ = _run(capsys, "report", "--summary", folder)
    _, parquet, _ = _run(capsys, "report", "--summary", "--from", out)
    assert parquet == files


def _documented_sql() -> str:
    blocks = re.findall(r"```sql\n(.*?)```", DOCS.read_text(), re.DOTALL)
    (query,) = [b for b in blocks if b.startswith("-- activitymon: kills per process")]
    return str(query)


def test_the_documented_sql_gives_the_per_process_summary(
    exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = exported
    con = duckdb.connect()
    con.execute(f"CREATE VIEW jetsam AS SELECT * FROM read_parquet('{out}')")
    rows = con.execute(_documented_sql()).fetchall()
    by_process = _summary(capsys, folder)["by_process"]
    assert [r[0] for r in rows] == list(by_process)  # most killed first, then by name
    for name, kills, unknown, low, median, p90, high, limit in rows:
        p = by_process[name]
        assert (kills, unknown) == (p["kills"], p["footprint_unknown"])
        fp = p["footprint_bytes"]
        assert (low, median, p90, high) == (
            (fp["min"], fp["median"], fp["p90"], fp["max"]) if fp else (None,) * 4
        )
        assert limit == (p["limit_bytes"]["max"] if p["limit_bytes"] else None)


def test_many_exports_in_a_folder_of_partitions_count_an_incident_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two machines export their folders; one incident is in both. A glob and a folder
    of partitions (key=value names, as DuckDB and Spark write them) read both."""
    first, second = tmp_path / "machine-a", tmp_path / "machine-b"
    written = write_reports(first, 20)
    write_reports(second, 15, seed=4)
    shutil.copy(written.paths[5], second / "shared-incident.ips")
    parts = tmp_path / "exports"
    (parts / "machine=a").mkdir(parents=True)
    (parts / "machine=b").mkdir(parents=True)
    _export(capsys, parts / "machine=a" / "a.parquet", first)
    _export(capsys, parts / "machine=b" / "b.parquet", second)
    both = _summary(capsys, first, second)
    assert len(both["duplicates"]) == 1
    assert _summary(capsys, "--from", parts) == both
    assert _summary(capsys, "--from", f"{parts}/*/*.parquet") == both


def test_an_export_written_by_duckdb_with_partition_columns_reads_back(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Partitioned by device (the column moves into the folder names) and read back."""
    folder, out = exported
    parts = tmp_path / "by-device"
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_parquet('{out}')) TO '{parts}'"
        " (FORMAT parquet, PARTITION_BY (file_status))"
    )
    assert sorted(p.name for p in parts.iterdir())[0].startswith("file_status=")
    assert _summary(capsys, "--from", parts) == _summary(capsys, folder)


def test_without_duckdb_one_line_says_how_to_get_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_duckdb(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "duckdb":
            raise ImportError("No module named 'duckdb'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    write_reports(tmp_path / "r", 3)
    for args in (
        ("report", tmp_path / "r", "--export", tmp_path / "x.parquet"),
        ("report", "--summary", "--from", tmp_path / "x.parquet"),
    ):
        code, out, err = _run(capsys, *args)
        assert code == 1
        assert err.count("\n") == 1
        assert "pip install 'activitymon[fleet]'" in err
        assert not (tmp_path / "x.parquet").exists()
    # the rest of the command works without it
    code, out, _ = _run(capsys, "report", "--summary", tmp_path / "r")
    assert code == 0
    assert "3 report(s)" in out


def test_exports_never_overwrite_an_input_or_a_foreign_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "r"
    written = write_reports(folder, 3)
    report = written.paths[0]
    before = report.read_bytes()
    notes = tmp_path / "notes.parquet"
    notes.write_text("my notes")
    for target, why in ((report, "the name must end in .parquet"), (notes, "did not write")):
        code, _, err = _run(capsys, "report", folder, "--export", target)
        assert code == 2
        assert why in err
    assert report.read_bytes() == before
    assert notes.read_text() == "my notes"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "x.parquet"), "--from needs --summary"),
        (("--summary", "--from", "x.parquet", "DIR"), "give no PATH beside it"),
        (("DIR", "--export", "x.parquet", "--summary"), "--summary --from OUT"),
        (("DIR", "--export", "x.csv"), "must end in .parquet"),
        ((), "give a report file or folder"),
    ],
)
def test_options_that_do_not_go_together_are_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = _run(capsys, "report", *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1


def test_a_parquet_file_that_is_not_an_export_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.parquet"
    duckdb.connect().execute(f"COPY (SELECT 1 AS a) TO '{other}' (FORMAT parquet)")
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"PAR1 this is not parquet")
    for source, says in (
        (other, "not an activitymon export"),
        (garbage, "garbage.parquet"),
        (tmp_path / "none.parquet", "no such Parquet file"),
    ):
        code, _, err = _run(capsys, "report", "--summary", "--from", source)
        assert code == 2
        assert says in err
        assert err.count("\n") == 1
