"""Properties of the many-report summary over arbitrary per-report facts."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import UTC

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.commands.progress import ProgressLine
from activitymon.commands.report_summary import progress_of
from activitymon.reports.collection import Filters, summarize_many
from activitymon.reports.incident import ReportFacts, Unreadable, Victim, from_json, to_json

_name = st.sampled_from(["Facebook", "kbd", "Maps", "a" * 32, "a" * 40])
_victim = st.builds(
    Victim,
    name=_name,
    reason=st.sampled_from(["highwater", "per-process-limit", "vnode-limit"]),
    footprint_bytes=st.one_of(st.none(), st.integers(0, 2**40)),
    band=st.one_of(st.none(), st.sampled_from(["0 IDLE", "100 FOREGROUND"])),
)
_date = st.one_of(
    st.none(),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
)
_facts = st.builds(
    ReportFacts,
    path=st.text(min_size=1, max_size=8).map(lambda s: "/r/" + s),
    key=st.sampled_from(["incident:A", "incident:B", "moment:x|y", "content:1", "content:2"]),
    format=st.just("jetsam-ips"),
    date=_date,
    device=st.one_of(st.none(), st.sampled_from(["iPhone12,1", "iPad13,4"])),
    os_version=st.one_of(st.none(), st.just("iPhone OS 17.1 (21B80)")),
    largest_process=st.one_of(st.none(), _name),
    largest_bytes=st.one_of(st.none(), st.integers(0, 2**40)),
    victims=st.lists(_victim, max_size=5).map(tuple),
    partial=st.booleans(),
)
_results = st.lists(
    st.one_of(_facts, st.builds(Unreadable, path=st.just("/bad"), reason=st.just("empty file"))),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(_results, st.one_of(st.none(), _name))
def test_aggregation_invariants(results: list, process: str | None) -> None:
    summary = summarize_many(results, Filters(process=process))
    facts = [r for r in results if isinstance(r, ReportFacts)]
    keys = {f.key for f in facts}
    if process is None:
        assert summary["reports"] == len(keys)
    assert summary["reports"] + len(summary["duplicates"]) <= len(facts)
    assert len(summary["duplicates"]) == len(facts) - len(keys)
    by_process = summary["by_process"]
    assert sum(p["kills"] for p in by_process.values()) == summary["kills"]
    assert sum(summary["reasons"].values()) == summary["kills"]
    counted = sum(len(r["victims"]) for r in summary["per_report"])
    assert counted == summary["kills"]
    assert sum(summary["devices"].values()) == summary["reports"]
    for p in by_process.values():
        assert sum(p["reasons"].values()) == p["kills"] == sum(p["bands"].values())
        for key in ("footprint_bytes", "limit_bytes"):
            q = p[key]
            if q is not None:
                assert q["min"] <= q["median"] <= q["p90"] <= q["max"]
    json.dumps(summary, allow_nan=False)


@given(_facts)
def test_facts_survive_the_index_encoding(facts: ReportFacts) -> None:
    assert from_json(facts.path, json.loads(json.dumps(to_json(facts)))) == facts


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    assert ProgressLine.on_terminal(io.StringIO()) is None
    assert progress_of(None) is None
    out = _Terminal()
    line = ProgressLine.on_terminal(out)
    draw = progress_of(line)
    assert line is not None
    assert draw is not None
    draw(5, 10)
    draw(10, 10)
    line.done()
    text = out.getvalue()
    assert "5/10 files" in text
    assert text.endswith("10/10 files\n")
    assert Counter(text)["\r"] == 2


def test_many_days_are_shown_as_months() -> None:
    from activitymon.reports.collection_text import format_many

    facts = [
        ReportFacts(
            path=f"/r/{day}",
            key=f"incident:{day}",
            format="jetsam-ips",
            date=f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}T10:00:00+00:00",
            device="iPhone12,1",
            os_version=None,
            largest_process=None,
            largest_bytes=None,
            victims=(Victim("kbd", "highwater", 1, None),),
            partial=False,
        )
        for day in range(28 * 3)
    ]
    text = format_many(summarize_many(facts))
    assert "kills per month:" in text
    assert "  2024-01     28 " in text
    assert "  2024-03     28 " in text
    short = format_many(summarize_many(facts[:5]))
    assert "kills per day:" in short
    assert "  2024-01-05      1 " in short


_entry_text = st.one_of(
    st.none(), st.text(max_size=12), st.sampled_from(["\x1b[2J", "\u202e", "\ud800", "\x9b"])
)
_entries = st.lists(
    st.fixed_dictionaries(
        {
            "path": st.text(max_size=20),
            "date": _entry_text,
            "largest_bytes": st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
            "victims": st.lists(
                st.fixed_dictionaries(
                    {
                        "name": st.text(max_size=10),
                        "reason": st.text(max_size=6),
                        "footprint_bytes": st.one_of(st.none(), st.integers(0, 2**62)),
                    }
                ),
                max_size=3,
            ),
        }
    ),
    max_size=6,
)


@given(_entries)
def test_per_report_lines_are_what_strict_dumps_writes(entries: list[dict]) -> None:
    from activitymon.commands.report_summary import _entry_lines
    from activitymon.strict_json import dumps

    assert _entry_lines(entries) == [dumps(e) for e in entries]
