"""The index's rows: what a worker writes reads back as the same facts, through
msgspec's typed decode and through the standard library alike; a damaged or crafted
row is refused by both, or read by both as the same facts."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.reports import rows as rows_module
from activitymon.reports import typed_rows
from activitymon.reports.incident import FileResult, ReportFacts, Unreadable, Victim
from activitymon.reports.rows import decode_rows, row_text
from tests.reports.test_collection_properties import _facts

_names = st.text(max_size=6) | st.sampled_from(["\ud800", "\u202e", "é", "\x1b[2J"])
_results = st.one_of(
    _facts,
    st.builds(
        ReportFacts,
        path=st.just("/r/x"),
        key=_names,
        format=_names,
        date=st.none(),
        device=st.none() | _names,
        os_version=st.none() | _names,
        largest_process=st.none() | _names,
        largest_bytes=st.none() | st.integers(-(2**63), 2**63 - 1),
        victims=st.lists(
            st.builds(
                Victim,
                name=_names,
                reason=_names,
                footprint_bytes=st.none() | st.integers(-(2**63), 2**63 - 1),
                band=st.none() | _names,
            ),
            max_size=4,
        ).map(tuple),
        partial=st.booleans(),
    ),
    st.builds(Unreadable, path=st.just("/r/x"), reason=_names, jetsam=st.booleans()),
)


def _json_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rows_module, "TYPED", None)


@settings(max_examples=200, deadline=None)
@given(st.lists(_results, max_size=5))
def test_rows_read_back_as_the_facts_written(results: list[FileResult]) -> None:
    texts = [row_text(r) for r in results]
    assert decode_rows([r.path for r in results], texts) == results


def test_without_msgspec_rows_read_back_too(monkeypatch: pytest.MonkeyPatch) -> None:
    _json_only(monkeypatch)
    facts = ReportFacts("/r/a", "incident:A", "jetsam-ips", None, "iPhone12,1", None, "\ud800",
                        None, (Victim("\ud800", "highwater", 16384, None),), False)  # fmt: skip
    results: list[FileResult] = [facts, Unreadable("/r/b", "empty file")]
    texts = [row_text(r) for r in results]
    assert decode_rows(["/r/a", "/r/b"], texts) == results


def test_a_row_written_without_msgspec_is_read_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = ReportFacts("/r/a", "incident:A", "jetsam-ips", "2024-03-01T08:00:00+01:00",
                        None, None, "Game", 3000 * 16384,
                        (Victim("Game", "per-process-limit", 3000 * 16384, "100 FOREGROUND"),),
                        False)  # fmt: skip
    with monkeypatch.context() as patched:
        _json_only(patched)
        text = row_text(facts)
    assert decode_rows(["/r/a"], [text]) == [facts]


_PIECES = st.sampled_from(
    ["", "0", "1", "-", "9" * 20, "1e400", "true", "null", '"x"', "[", "]", ",", "{}",
     "\\ud800", '"', "2024-03-01T08:00:00"]
)  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip
@given(_facts, st.lists(st.tuples(st.floats(0, 1), st.integers(0, 4), _PIECES), max_size=3))
def test_damaged_rows_are_read_alike_or_refused(
    facts: ReportFacts, edits: list[tuple[float, int, str]]
) -> None:
    text = row_text(facts)
    for where, cut, piece in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    typed = typed_rows.decode_rows(["/r/x"], [text])[0]
    checked = rows_module._checked("/r/x", rows_module._loads(text))
    assert typed is None or typed == checked
    assert decode_rows(["/r/x"], [text]) == [checked]


def test_one_damaged_row_in_a_batch_leaves_the_others() -> None:
    rng = random.Random(5)
    results: list[FileResult] = [Unreadable(f"/r/{i}", f"reason {rng.random()}") for i in range(5)]
    texts = [row_text(r) for r in results]
    texts[2] = texts[2][:-1]  # cut short
    found = decode_rows([r.path for r in results], texts)
    assert found == [*results[:2], None, *results[3:]]
