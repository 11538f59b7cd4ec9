"""``report --summary``: a folder of real and generated reports, some broken, some copied."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from activitymon import cli
from activitymon.reports import read_report
from activitymon.reports.collection import Filters, parse_since, summarize_many
from activitymon.reports.index import CACHE_ENV, INDEX_NAME, ReportIndex
from activitymon.reports.scan import scan
from tests.reports.conftest import ANALYTICS, IOS14, JETSAM
from tests.reports.generated import write_reports

#: broken files: name → (bytes, the reason the summary must give)
BROKEN = {
    "empty.ips": (b"", "empty file"),
    "truncated.ips": (
        b'{"bug_type":"298","timestamp":"2024-01-01 00:00:00.00 +0000"}\n',
        "JetsamEvent header line but no body (file truncated)",
    ),
    "binary.log": (b"\x00\x01\x02garbage", "binary data, not a jetsam report"),
    "latin1.json": (b"caf\xe9", "not UTF-8 text (bad byte at offset 3), not a jetsam report"),
}


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    return cache


def _collection(tmp_path: Path) -> tuple[Path, Counter[tuple[str, str]]]:
    """60 generated reports, the broken files, a report copied under two names and as
    ``.synced``, and a file of another kind; returns the folder and the true kills."""
    folder = tmp_path / "reports"
    written = write_reports(folder / "generated", 60)
    broken = folder / "broken"
    broken.mkdir()
    for name, (data, _) in BROKEN.items():
        (broken / name).write_bytes(data)
    (broken / "other.json").write_text('{"hello": "world"}')
    (broken / "notes.md").write_text("not a report name: never read")
    copies = folder / "copies"
    copies.mkdir()
    original = written.paths[0]
    shutil.copy(original, copies / "same-incident.ips")
    shutil.copy(original, copies / (original.name + ".synced"))
    return folder, written.kills


def _summary(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, dict, str]:
    code = cli.main(["report", "--summary", "--json", *map(str, args)])
    out, err = capsys.readouterr()
    return code, json.loads(out, parse_constant=_no_constant), err


def _no_constant(name: str) -> object:
    raise AssertionError(f"not strict JSON: {name}")


def _kills(summary: dict) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for name, p in summary["by_process"].items():
        for reason, n in p["reasons"].items():
            found[(name, reason)] += n
    return found


def test_generated_folder_gives_exact_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, kills = _collection(tmp_path)
    code, summary, err = _summary(capsys, folder)
    assert code == 1  # some files were unreadable
    assert summary["reports"] == 60
    assert summary["files"] == 60 + 2 + len(BROKEN) + 1
    assert _kills(summary) == kills
    assert summary["kills"] == sum(kills.values())
    assert sum(summary["reasons"].values()) == summary["kills"]
    assert sum(summary["devices"].values()) == 60
    assert sum(summary["kills_per_day"].values()) == summary["kills"]
    unreadable = {Path(u["path"]).name: u["reason"] for u in summary["unreadable"]}
    assert unreadable == {name: reason for name, (_, reason) in BROKEN.items()}
    assert len(summary["unreadable"]) == len(BROKEN)  # each once
    assert [Path(s["path"]).name for s in summary["skipped"]] == ["other.json"]
    assert len(summary["duplicates"]) == 2
    for line in err.splitlines():
        assert line.startswith("activitymon: ")
        assert str(folder) in line
    assert len(err.splitlines()) == len(BROKEN)


def test_real_and_generated_reports_together(
    tmp_path: Path, jetsam_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, kills = _collection(tmp_path)
    shutil.copy(jetsam_fixtures / IOS14, folder / "copies" / "again-JetsamEvent.ips")
    for name in JETSAM:
        for p in read_report(jetsam_fixtures / name).victims:
            kills[(p.name, p.reason or "")] += 1
    code, summary, _ = _summary(capsys, folder, jetsam_fixtures)
    assert code == 1
    assert summary["reports"] == 60 + len(JETSAM)
    assert _kills(summary) == kills
    unreadable = {Path(u["path"]).name: u["reason"] for u in summary["unreadable"]}
    assert unreadable == {name: reason for name, (_, reason) in BROKEN.items()}
    assert len(summary["unreadable"]) == len(BROKEN)
    skipped = [Path(s["path"]).name for s in summary["skipped"]]
    assert sorted(skipped) == sorted([ANALYTICS, "other.json"])
    assert "Analytics log" in next(
        s["reason"] for s in summary["skipped"] if s["path"].endswith(ANALYTICS)
    )
    dup_names = sorted(Path(d["path"]).name for d in summary["duplicates"])
    assert len(dup_names) == 3  # the iOS 14 copy counts once, and the two copies above
    assert "again-JetsamEvent.ips" in dup_names or IOS14 in dup_names


def test_text_summary_lists_broken_files_at_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, kills = _collection(tmp_path)
    code = cli.main(["report", str(folder), "--summary"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == ""
    assert out.startswith("60 report(s) from 67 file(s)")
    tail = out[out.index("unreadable (4):") :]
    for name, (_, reason) in BROKEN.items():
        assert tail.count(f"{name}: {reason}") == 1
    top_process, _top_kills = Counter(n for (n, _) in kills.elements()).most_common(1)[0]
    assert any(line.startswith(top_process) for line in out.splitlines())
    assert "duplicates (2, counted once):" in out


def test_process_and_since_filters(tmp_path: Path) -> None:
    folder, kills = _collection(tmp_path)
    results = scan([str(folder)], workers=1).results
    summary = summarize_many(results, Filters(process="Maps"))
    assert list(summary["by_process"]) == ["Maps"]
    assert summary["kills"] == sum(n for (name, _), n in kills.items() if name == "Maps")
    assert summary["reports"] == len(summary["per_report"]) <= summary["kills"]
    everything = summarize_many(results)
    since = parse_since("2024-03-05")
    later = summarize_many(results, Filters(since=since))
    assert 0 < later["reports"] < everything["reports"]
    assert min(later["kills_per_day"]) >= "2024-03-05"
    with pytest.raises(ValueError, match="not a date"):
        parse_since("last tuesday")


def test_options_need_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["report", str(tmp_path), "--process", "x"]) == 2
    assert "--process needs --summary" in capsys.readouterr().err
    assert cli.main(["report", str(tmp_path), "--summary", "--since", "soon"]) == 2
    assert "--since: 'soon' is not a date" in capsys.readouterr().err


def test_pool_and_one_process_agree(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    write_reports(folder, 120)
    alone = summarize_many(scan([str(folder)], workers=1).results)
    pooled = summarize_many(scan([str(folder)], workers=2).results)
    assert pooled == alone
    assert alone["reports"] == 120


def test_index_reads_only_what_changed(tmp_path: Path, cache: Path) -> None:
    folder, _ = _collection(tmp_path)
    first = scan([str(folder)], index=ReportIndex())
    assert (first.read, first.from_index) == (67, 0)
    second = scan([str(folder)], index=ReportIndex())
    assert (second.read, second.from_index) == (0, 67)
    assert summarize_many(second.results) == summarize_many(first.results)
    changed = sorted((folder / "generated").rglob("*.ips"))[5]
    changed.write_text(changed.read_text().replace("Facebook", "Facebook2"))
    third = scan([str(folder)], index=ReportIndex())
    assert (third.read, third.from_index) == (1, 66)
    assert (cache / INDEX_NAME).is_file()


def test_corrupt_index_is_rebuilt_with_a_notice(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = _collection(tmp_path)
    cache.mkdir()
    (cache / INDEX_NAME).write_bytes(b"this is not a database" * 100)
    _, summary, err = _summary(capsys, folder)
    assert summary["reports"] == 60
    assert "report index" in err
    assert "damaged" in err
    assert "rebuilt" in err
    _code, again, err = _summary(capsys, folder)
    assert again == summary
    assert "damaged" not in err


def test_no_cache_writes_no_index(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = _collection(tmp_path)
    _summary(capsys, folder, "--no-cache")
    assert not (cache / INDEX_NAME).exists()


def test_missing_path_is_listed_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_reports(tmp_path / "ok", 3)
    code, summary, _ = _summary(capsys, tmp_path / "ok", tmp_path / "nowhere")
    assert code == 1
    assert summary["reports"] == 3
    assert summary["unreadable"] == [
        {"path": str(tmp_path / "nowhere"), "reason": "No such file or directory"}
    ]


def test_single_report_output_is_unchanged(
    jetsam_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from activitymon.reports import format_summary

    code = cli.main(["report", str(jetsam_fixtures / IOS14)])
    out, _ = capsys.readouterr()
    assert code == 0
    expected = format_summary(read_report(jetsam_fixtures / IOS14))
    assert out == f"== {jetsam_fixtures / IOS14}\n{expected}"


def _no_pool(*args: object, **kwargs: object) -> None:
    """A pool that cannot start a process (as in a sandbox without fork/spawn)."""
    raise OSError("no processes here")


def test_without_a_pool_every_file_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "many"
    write_reports(folder, 70)
    monkeypatch.setattr("activitymon.reports.pool._process_pool", _no_pool)
    result = scan([str(folder)], workers=2)
    assert result.read == 70
    assert summarize_many(result.results)["reports"] == 70


def test_text_summary_escapes_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import dataclasses
    import random

    from activitymon.model import ReportFormat
    from activitymon.reports import render_report
    from tests.reports.generated import build_report

    report = build_report(0, random.Random(1), ReportFormat.JETSAM_IPS)
    victim = report.victims[0]
    evil = dataclasses.replace(victim, name="Evil\x1b[2J")
    procs = tuple(evil if p is victim else p for p in report.processes)
    (tmp_path / "evil\x1b]0;title\x07.ips").write_text(
        render_report(dataclasses.replace(report, processes=procs))
    )
    (tmp_path / "bad\x1b[31m.ips").write_text("")
    assert cli.main(["report", str(tmp_path), "--summary"]) == 1
    out, _ = capsys.readouterr()
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "Evil\\x1b[2J" in out
    assert "bad\\x1b[31m.ips: empty file" in out
    assert cli.main(["report", str(tmp_path), "--summary", "--json"]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in err
    assert "Evil\x1b[2J" in json.loads(out)["by_process"]


def test_a_locked_index_is_left_alone(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    folder = tmp_path / "few"
    write_reports(folder, 5)
    ReportIndex().close()  # create it
    monkeypatch.setattr("activitymon.reports.index.LOCK_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(cache / INDEX_NAME)
    holder.execute("BEGIN EXCLUSIVE")  # another activitymon writing
    try:
        with pytest.raises(OSError, match="cannot open the report index"):
            ReportIndex()
    finally:
        holder.rollback()
        holder.close()
    index = ReportIndex()
    holder = sqlite3.connect(cache / INDEX_NAME)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = scan([str(folder)], index=index)
    finally:
        holder.rollback()
        holder.close()
    assert summarize_many(result.results)["reports"] == 5
    assert index.notice is not None
    assert "could not be used" in index.notice
    assert (cache / INDEX_NAME).is_file()  # not deleted as if damaged


def test_an_index_of_another_version_is_rebuilt(tmp_path: Path, cache: Path) -> None:
    import sqlite3

    cache.mkdir()
    old = sqlite3.connect(cache / INDEX_NAME)
    old.execute("CREATE TABLE files (path TEXT)")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    index = ReportIndex()
    assert index.notice is not None
    assert "another version" in index.notice
    folder = tmp_path / "few"
    write_reports(folder, 3)
    assert scan([str(folder)], index=index).read == 3
    assert scan([str(folder)], index=ReportIndex()).from_index == 3


def test_the_index_forgets_files_that_are_gone(tmp_path: Path, cache: Path) -> None:
    import sqlite3

    folder = tmp_path / "few"
    written = write_reports(folder, 6)
    other = tmp_path / "other"
    write_reports(other, 2, seed=3)
    scan([str(folder), str(other)], index=ReportIndex())
    written.paths[0].unlink()
    written.paths[1].unlink()
    again = scan([str(folder)], index=ReportIndex())
    assert (again.read, again.from_index) == (0, 4)
    db = sqlite3.connect(cache / INDEX_NAME)
    (rows,) = db.execute("SELECT count(*) FROM files").fetchone()
    db.close()
    assert rows == 4 + 2  # the other folder's rows stay


def test_long_lists_show_the_first_few_and_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    for i in range(15):
        (folder / f"empty-{i:02d}.ips").write_bytes(b"")
    assert cli.main(["report", "--summary", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "unreadable (15):" in out
    assert out.count(": empty file") == 10
    assert "… and 5 more (all with --verbose, or in --json)" in out
    assert cli.main(["report", "--summary", "--verbose", str(folder)]) == 1
    out = capsys.readouterr().out
    assert out.count(": empty file") == 15
    assert "more (all with" not in out
    code, summary, err = _summary(capsys, folder)
    assert code == 1
    assert len(summary["unreadable"]) == 15  # the JSON has them all
    assert err.count(": empty file") == 10
    assert "activitymon: … and 5 more" in err


def test_verbose_needs_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "--verbose", str(tmp_path)]) == 2
    assert "--verbose needs --summary" in capsys.readouterr().err
