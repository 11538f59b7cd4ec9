"""The glossary covers everything the app shows, and a bad file gets one clear line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from activitymon.model import KillReason
from activitymon.teaching import terms
from activitymon.teaching.glossary import GlossaryError, glossary, load_glossary, parse_glossary

GOOD = """
[one]
category = "band"
summary = "One line."
text = "A paragraph."
kernel = "somewhere.c"
advice = "Do this."
aliases = ["uno", "first one"]
"""


def test_every_kill_reason_has_an_entry() -> None:
    g = glossary()
    missing = [r.value for r in KillReason if terms.reason_term(r) not in g.entries]
    assert not missing


def test_every_band_name_of_both_eras_has_an_entry() -> None:
    g = glossary()
    names = terms.all_band_names()
    assert {"IDLE", "FOREGROUND", "FREEZER", "AGING_BAND1_STUCK", "INTERNAL"} <= names
    assert not [n for n in names if n not in g.entries]


@pytest.mark.parametrize(
    "table",
    [
        terms.MEMORY_FIGURE_TERMS,
        terms.COLUMN_TERMS,
        terms.PAGE_CLASS_TERMS,
        terms.THRESHOLD_TERMS,
        terms.GLYPH_TERMS,
        terms.EVENT_TERMS,
        terms.LEVEL_TERMS,
    ],
)
def test_every_thing_on_screen_names_a_term(table: Mapping[object, str]) -> None:
    g = glossary()
    assert table
    assert not [t for t in table.values() if t not in g.entries]


def test_the_issue_s_concepts_are_explained() -> None:
    g = glossary()
    for name in (
        "soft threshold",
        "idle threshold",
        "critical threshold",
        "memorystatus_level",
        "footprint vs rss",
        "active limit",
        "inactive limit",
        "fatal",
        "soft limit",
        "headroom",
        "hwm",
        "idle exit",
        "dirty tracking",
        "compressor",
        "purgeable",
        "psi some",
        "psi full",
        "oom_score",
        "oom_score_adj",
    ):
        assert name in g, name


def test_footprint_vs_rss_says_why_a_footprint_exceeds_physical_memory() -> None:
    text = glossary()["footprint-vs-rss"].text
    assert "3 GB device" in text
    assert "compressor" in text


def test_names_match_ignoring_case_spaces_and_dashes() -> None:
    g = glossary()
    for spelling in ("idle-exit", "idle exit", "IDLE_EXIT", "Idle Exit"):
        assert g[spelling].term == "idle-exit"
    assert g["IDLE"].term == "IDLE"
    assert g["idle"].term == "IDLE"


def test_closest_terms_for_a_typo() -> None:
    assert glossary().closest("idel-exit")[0] == "idle-exit"


def test_entries_render_as_plain_text_and_tooltip() -> None:
    entry = glossary()["per-process-limit"]
    assert entry.summary in entry.plain()
    assert "Kernel:" in entry.plain()
    assert "<b>" in entry.tooltip()
    assert entry.term in entry.tooltip()


def test_search_finds_by_name_first_then_by_wording() -> None:
    found = [e.term for e in glossary().search("compressor")]
    assert found[0] == "compressor"
    assert "footprint-vs-rss" in found


def test_a_good_file_parses() -> None:
    g = parse_glossary(GOOD, "g.toml")
    assert g["first one"].term == "one"
    assert g["one"].summary == "One line."


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: s.replace('category = "band"', 'category = "bands"'), "'category' must be"),
        (lambda s: s.replace('summary = "One line."', 'summary = ""'), "'summary' must be"),
        (lambda s: s.replace('kernel = "somewhere.c"\n', ""), "'kernel' must be"),
        (lambda s: s + 'colour = "red"\n', "unknown key 'colour'"),
        (lambda s: s.replace('["uno", "first one"]', "3"), "'aliases' must be a list"),
        (lambda s: s + 'see = ["nothing"]\n', "'see' names 'nothing'"),
        (
            lambda s: (
                s + '[two]\ncategory="band"\nsummary="s"\ntext="t"\nkernel="k"\n'
                'advice="a"\naliases=["uno"]\n'
            ),
            "already used by 'one'",
        ),
        (lambda s: s.replace("[one]", "[one"), "not valid TOML"),
        (lambda s: s.replace('summary = "One line."', 'summary = """a\nb"""'), "one line"),
    ],
)
def test_a_bad_file_gets_one_line_naming_file_term_and_key(edit, expected) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(edit(GOOD), "g.toml")
    message = str(info.value)
    assert message.startswith("g.toml")
    assert expected in message
    assert "\n" not in message


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="cannot read"):
        load_glossary(tmp_path / "nope.toml")
