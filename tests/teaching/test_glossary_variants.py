"""Per-source meanings (issue 24 §3): a glossary entry says what a term means on Linux
where that differs; a figure's formula adds up the figures shown beside it on the
source it is shown for; `explain --source linux`; no line points at a file users do not
have."""

from __future__ import annotations

import re

import pytest

from activitymon.cli import main
from activitymon.model import MemoryStats, Snapshot
from activitymon.sources.linux_meminfo import memory_from_meminfo, parse_meminfo
from activitymon.sources.sim import SimulatorSource
from activitymon.teaching import terms
from activitymon.teaching.glossary import GlossaryError, glossary, parse_glossary
from activitymon.viewmodel.memory_figures import figures_by_term

# /proc/meminfo as Documentation/filesystems/proc.rst prints it (a 2 GB machine, no
# swap): the figures docs/LINUX.md defines come from these lines
MEMINFO = b"""MemTotal:        2000000 kB
MemFree:          300000 kB
MemAvailable:    1127000 kB
Buffers:           50000 kB
Cached:           700000 kB
SwapCached:            0 kB
Active:           600000 kB
Inactive:         700000 kB
Unevictable:        4000 kB
SwapTotal:             0 kB
SwapFree:              0 kB
AnonPages:        450000 kB
Shmem:             40000 kB
KReclaimable:      60000 kB
SReclaimable:      60000 kB
SUnreclaim:        30000 kB
KernelStack:        8000 kB
PageTables:        12000 kB
SecPageTables:         0 kB
"""


def linux_snapshot() -> Snapshot:
    memory = memory_from_meminfo(parse_meminfo(MEMINFO), page_size=4096)
    return Snapshot(time=0.0, memory=memory, processes=())


def evaluate(formula: tuple[str, ...], figures: dict[str, int | None]) -> int:
    total = 0
    for item in formula:
        value = figures[item.lstrip("-")]
        assert value is not None, item
        total += -value if item.startswith("-") else value
    return total


def _formula_figures() -> list[str]:
    g = glossary()
    return [
        term
        for term in g.terms()
        if g.entries[term].formula or any("formula" in v for v in g.entries[term].variants.values())
    ]


def test_memory_used_has_a_formula_for_each_platform() -> None:
    assert "memory-used" in _formula_figures()


@pytest.mark.parametrize("term", _formula_figures())
def test_linux_tooltips_add_up_to_the_figure_beside_them(term: str) -> None:
    figures = figures_by_term(linux_snapshot())
    entry = glossary().get(term, "linux")
    assert entry is not None
    # used = MemTotal − MemAvailable = 2,000,000 − 1,127,000 kB
    assert figures["memory-used"] == 873_000 * 1024
    assert evaluate(entry.formula, figures) == figures[term]


@pytest.mark.parametrize("term", _formula_figures())
def test_apple_tooltips_add_up_to_the_figure_beside_them(term: str) -> None:
    source = SimulatorSource.open("demo")
    source.advance(30.0)
    figures = figures_by_term(source.sample())
    entry = glossary().get(term, "apple")
    assert entry is not None
    assert evaluate(entry.formula, figures) == figures[term]


def test_apple_s_memory_used_would_be_wrong_beside_a_linux_figure() -> None:
    """The bug the variants fix: app + wired + compressed is not Linux's used."""
    figures = figures_by_term(linux_snapshot())
    apple = glossary().get("memory-used", "apple")
    assert apple is not None
    assert figures["compressed-memory"] is None  # no zswap or zram in this meminfo


#: what a Linux screen shows: the panel, the page classes, the columns a Linux source
#: fills, the lanes, the levels and the events a Linux source sends
LINUX_SCREEN = sorted(
    {
        *terms.MEMORY_FIGURE_TERMS.values(),
        *terms.PAGE_CLASS_TERMS.values(),
        "footprint",
        "rss",
        "state",
        "oom_score",
        "oom_score_adj",
        "band",
        "kill-order",
        "next-victim",
        "tombstone",
        "jetsam",
        "kill",
        "launch",
        "exit",
        "level",
        "oom",
        "pressure-level",
        "pressure-normal",
        "pressure-warn",
        "pressure-critical",
        "level-shading",
        "available-memory",
        "memorystatus_level",
        "footprint-vs-rss",
    }
)
#: words that name Apple-only machinery
APPLE_ONLY = re.compile(
    r"IOKit|Xcode|HOST_VM_INFO64|phys_footprint|hw\.memsize|Activity Monitor|vm\.swapusage|"
    r"JETSAM_PRIORITY|memorystatus_(?!level)|iOS|macOS|iPhone|compressor_page_count"
)


@pytest.mark.parametrize("term", LINUX_SCREEN)
def test_what_a_linux_screen_explains_speaks_of_linux(term: str) -> None:
    entry = glossary().get(term, "linux")
    assert entry is not None
    if entry.category == "linux" or term == "oom":
        return  # written for Linux (a comparison with iOS is fine there)
    words = " ".join((entry.summary, entry.text, entry.kernel, entry.advice))
    found = APPLE_ONLY.search(words)
    assert found is None, f"{term}: {found.group(0) if found else ''}"


def test_no_line_points_at_a_file_users_do_not_have() -> None:
    g = glossary()
    for entry in g.entries.values():
        for variant in ("apple", "linux"):
            e = entry.for_variant(variant)
            for text in (e.summary, e.text, e.kernel, e.advice):
                assert "§" not in text, e.term
                assert not re.search(r"docs/|\.md\b|shared/|reference/", text), e.term
                assert "activitymon explain" not in text, e.term


def test_explain_source_linux_prints_linux_s_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--source", "linux", "memory", "used"]) == 0
    out = capsys.readouterr().out
    assert "MemTotal − MemAvailable" in out
    assert "memory-used = physical-memory − available-memory" in out
    assert main(["explain", "memory", "used"]) == 0
    assert "memory-used = app-memory + wired-memory + compressed-memory" in capsys.readouterr().out


def test_a_term_without_a_linux_meaning_reads_the_same() -> None:
    g = glossary()
    assert g.get("idle-exit", "linux") == g.get("idle-exit")


def test_an_unknown_source_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["explain", "--source", "plan9", "footprint"])
    assert exc.value.code == 2


BASE = """
[one]
category = "band"
summary = "One line."
text = "A paragraph."
kernel = "somewhere.c"
advice = "Do this."
"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("[one.linux]\n", "'one.linux': expected a table of the texts it replaces"),
        ('[one.linux]\ncolour = "red"\n', "'one.linux': unknown key 'colour'"),
        ('[one.linux]\nsummary = ""\n', "'summary' must be non-empty text"),
        ('[one.linux]\nformula = ["nope"]\n', "'formula' names 'nope', which is not a term"),
        ("[one.linux]\nformula = []\n", "'formula' must name at least one term"),
    ],
)
def test_bad_variants_get_one_line(extra: str, expected: str) -> None:
    with pytest.raises(GlossaryError) as exc:
        parse_glossary(BASE + extra, "g.toml")
    assert expected in str(exc.value)
    assert "\n" not in str(exc.value)


def test_memory_stats_without_figures_have_none() -> None:
    figures = figures_by_term(Snapshot(0.0, MemoryStats(4096, 10), ()))
    assert figures["physical-memory"] == 40960
    assert figures["memory-used"] is None
