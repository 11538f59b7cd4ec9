"""The memory panel's figures, in bytes, from one snapshot (Qt-free).

The panel formats them; a glossary entry's ``formula`` names the same figures by their
terms, so a test can add up what a tooltip says a figure is made of and compare it with
the figure shown beside it (:func:`figures_by_term`).
"""

from __future__ import annotations

from collections.abc import Mapping

from activitymon.model import Snapshot
from activitymon.teaching.terms import MEMORY_FIGURE_TERMS

#: figures a formula may name that the panel does not show as a figure of its own
#: (available memory is the graph's lower curve; free memory a page class)
EXTRA_FIGURE_TERMS: Mapping[str, str] = {
    "available": "available-memory",
    "free": "free-memory",
}


def memory_figures(snapshot: Snapshot) -> dict[str, int | None]:
    """Each figure's bytes by the panel's key (``None``: the source does not know)."""
    mem = snapshot.memory
    b = mem.bytes_of
    return {
        "physical": mem.total_bytes,
        "used": b(mem.shown_used_pages),
        "app": b(mem.app_pages),
        "wired": b(mem.wired_pages),
        "compressed": b(mem.compressor_pages),
        "cached": b(mem.file_backed_pages),
        "swap": mem.swap_used_bytes,
        "available": b(mem.available_pages),
        "free": b(mem.free_pages),
    }


def figures_by_term(snapshot: Snapshot) -> dict[str, int | None]:
    """The same figures keyed by their glossary terms (``memory-used`` …)."""
    terms = {**MEMORY_FIGURE_TERMS, **EXTRA_FIGURE_TERMS}
    return {terms[key]: value for key, value in memory_figures(snapshot).items() if key in terms}
