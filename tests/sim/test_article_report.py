"""The iPod's LowMemory report against the seed article's (issue 23 §3).

The article ("No pressure, Mon!", 2013) shows ``LowMemory-2013-11-03-001623.plist`` from
an iPod touch 5 on iOS 6.1. Where a copy of it is under ``../shared`` the layout of the
report the simulated iPod writes is compared with it column by column: the plist's keys,
where each memory line's number starts, the table header, where each row's numbers end
and where its ``[reason]`` and ``(state)`` start, and the closing ``**End**``. Without
the file those comparisons skip with the reason; the layout facts the reference notes
(jetsam-report-formats.md §3.2) are checked either way.
"""

from __future__ import annotations

import plistlib
import re
from pathlib import Path

import pytest

from activitymon.reports.writers import render_report
from activitymon.sim import Simulator, load_scenario

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
ARTICLE_NAME = "LowMemory-2013-11-03-001623.plist"


def _article() -> dict[str, object] | None:
    if not SHARED.is_dir():
        return None
    for path in sorted(SHARED.rglob("LowMemory-*.plist")):
        try:
            data = plistlib.loads(path.read_bytes())
        except Exception:  # any unreadable candidate is just not the article's
            continue
        text = data.get("description") if isinstance(data, dict) else None
        if isinstance(text, str) and (path.name == ARTICLE_NAME or "iPod5,1" in text):
            return dict(data)
    return None


def _hog_reports() -> list[dict[str, object]]:
    sim = Simulator.from_scenario(load_scenario("hog"), seed=0)
    sim.run_until(60)
    return [dict(plistlib.loads(render_report(r).encode())) for r in sim.drain_reports()]


def _memory_columns(text: str) -> dict[str, int]:
    """Memory label → the column its number starts at."""
    out: dict[str, int] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Z][A-Za-z -]*pages:|Largest process:)(\s*)\S", line)
        if match:
            out[match.group(1)] = len(match.group(1)) + len(match.group(2))
    return out


def _table(text: str) -> tuple[str, list[str]]:
    lines = text.splitlines()
    start = lines.index("Processes")
    header = lines[start + 1]
    rows = [line for line in lines[start + 2 :] if "<" in line and ">" in line]
    return header, rows


def _row_columns(row: str) -> tuple[int, int, int | None, int | None]:
    """(end of rpages, end of recent_max, start of [reason], start of (state))."""
    close = row.index(">")
    numbers = list(re.finditer(r"\d+", row[close:]))
    reason = row.find("[", close)
    state = row.find("(", close)
    return (
        close + numbers[0].end(),
        close + numbers[1].end(),
        None if reason < 0 else reason,
        None if state < 0 else state,
    )


REPORTS = _hog_reports()
ARTICLE = _article()
needs_article = pytest.mark.skipif(
    ARTICLE is None, reason=f"the article's {ARTICLE_NAME} is not under ../shared"
)


def test_a_hog_run_writes_a_handful_of_reports_the_last_with_the_hog() -> None:
    assert 2 <= len(REPORTS) <= 5
    last = str(REPORTS[-1]["description"])
    hog_rows = [r for r in _table(last)[1] if r.strip().startswith("hog <")]
    assert hog_rows
    assert "[vm]" in hog_rows[0]


def test_the_ios_6_layout_the_reference_describes() -> None:
    """jetsam-report-formats.md §3.2: plist keys beside the text, six memory lines then
    Largest process, a table without fds whose rows hold two numbers, [vm], **End**."""
    report = REPORTS[0]
    assert sorted(report) == [
        "AutoSubmitted",
        "SysInfoCrashReporterKey",
        "bug_type",
        "description",
        "displayName",
        "name",
        "os_version",
        "system_ID",
        "version",
    ]
    assert (report["bug_type"], report["version"], report["system_ID"]) == ("198", "104", "")
    text = str(report["description"])
    assert list(_memory_columns(text)) == [
        "Free pages:",
        "Active pages:",
        "Inactive pages:",
        "Throttled pages:",
        "Purgeable pages:",
        "Wired pages:",
        "Largest process:",
    ]
    header, rows = _table(text)
    assert "fds" not in header
    assert text.rstrip().endswith("**End**")
    for row in rows:
        close = row.index(">")
        rpages, recent_max = re.findall(r"\d+", row[close:])[:2]
        assert rpages == recent_max  # xnu-2050's entry has one page count


@needs_article
def test_the_plist_keys_match_the_articles() -> None:
    assert ARTICLE is not None
    assert sorted(REPORTS[-1]) == sorted(ARTICLE)


@needs_article
def test_memory_lines_start_their_numbers_where_the_articles_do() -> None:
    assert ARTICLE is not None
    ours = _memory_columns(str(REPORTS[-1]["description"]))
    theirs = _memory_columns(str(ARTICLE["description"]))
    assert ours == theirs


@needs_article
def test_the_table_header_is_the_articles() -> None:
    assert ARTICLE is not None
    assert _table(str(REPORTS[-1]["description"]))[0] == _table(str(ARTICLE["description"]))[0]


@needs_article
def test_rows_place_their_columns_where_the_articles_do() -> None:
    """Rows of the same kind (with a reason, with only a state, with neither) end their
    numbers and start their [reason] and (state) at the article's columns."""
    assert ARTICLE is not None

    def kinds(text: str) -> dict[tuple[bool, bool], tuple[int, int, int | None, int | None]]:
        out: dict[tuple[bool, bool], tuple[int, int, int | None, int | None]] = {}
        for row in _table(text)[1]:
            columns = _row_columns(row)
            out.setdefault((columns[2] is not None, columns[3] is not None), columns)
        return out

    ours = kinds("\n".join(str(r["description"]) for r in REPORTS))
    theirs = kinds(str(ARTICLE["description"]))
    for kind, columns in theirs.items():
        if kind in ours:
            assert ours[kind] == columns, kind
    assert str(ARTICLE["description"]).rstrip().endswith("**End**")
