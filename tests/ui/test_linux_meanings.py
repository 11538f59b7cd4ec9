"""A Linux source in the window (issue 24 §3): the tooltips are Linux's meanings and
agree with the figures beside them, the limit and band columns it cannot fill are
hidden, the lanes and their header speak of oom_score_adj, not bands."""

from __future__ import annotations

from activitymon.model import (
    Event,
    KernelFacts,
    LevelSource,
    Platform,
    PriorityModel,
    ProcessInfo,
    Snapshot,
)
from activitymon.sources import Capability, SourceKind
from activitymon.sources.linux_meminfo import memory_from_meminfo, parse_meminfo
from activitymon.ui.main_window import MainWindow
from activitymon.ui.settings import AppSettings
from tests.teaching.test_glossary_variants import MEMINFO
from tests.ui.conftest import tick

MB = 1 << 20


class FakeLinux:
    """What the Linux source gives, from a recorded /proc/meminfo (its capabilities
    and facts as sources/linux.py declares them)."""

    name = SourceKind.LINUX

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset(
            {Capability.FOOTPRINT, Capability.RSS, Capability.CPU, Capability.OOM_SCORE}
        )

    def describe(self) -> str:
        return "a Linux machine"

    def kernel_facts(self) -> KernelFacts:
        return KernelFacts(
            platform=Platform.LINUX,
            priority_model=PriorityModel.OOM_SCORE,
            idle_band=False,
            level_source=LevelSource.PSI,
            oom_killer=True,
        )

    def sample(self) -> Snapshot:
        memory = memory_from_meminfo(parse_meminfo(MEMINFO), page_size=4096)
        procs = (
            ProcessInfo(10, "postgres", footprint_bytes=400 * MB, oom_score=300, oom_score_adj=0),
            ProcessInfo(11, "worker", footprint_bytes=50 * MB, oom_score=900, oom_score_adj=800),
        )
        return Snapshot(time=0.0, memory=memory, processes=procs)

    def drain_events(self) -> list[Event]:
        return []

    def close(self) -> None:
        pass


def test_a_linux_window_explains_in_linux_s_words(qtbot) -> None:
    win = MainWindow(FakeLinux(), 1.0, settings=AppSettings.ephemeral(), threaded=False)
    qtbot.addWidget(win)
    win.start()
    tick(win)
    used = win.memory_panel.values["used"]
    assert "MemAvailable" in used.toolTip()
    assert "app-memory + wired-memory" not in used.toolTip()
    assert used.whatsThis() == used.toolTip()
    footprint = win.memory_panel.values["app"].toolTip()
    assert "AnonPages + Shmem" in footprint
    shown = win.table.visible_columns()
    for key in ("active_limit", "inactive_limit", "headroom", "band", "compressed"):
        assert key not in shown, key
    assert {"footprint", "rss", "oom_score", "oom_score_adj"} <= set(shown)
    win.show_view("bands")
    win.bands.canvas.grab()  # paint: the header is worked out as it is drawn
    header = win.bands.canvas.header_line
    assert header.startswith("Next victim: worker (pid 11, oom_score_adj 800)")
    assert "band" not in header
    assert all("band" not in title.lower() for title in win.bands.canvas.lane_titles())
    win.close()


def test_an_apple_source_after_it_speaks_apple_again(qtbot, sim_source) -> None:
    win = MainWindow(FakeLinux(), 1.0, settings=AppSettings.ephemeral(), threaded=False)
    qtbot.addWidget(win)
    win.start()
    tick(win)
    win.attach_source(sim_source)
    tick(win)
    assert "app-memory + wired-memory + compressed-memory" in (
        win.memory_panel.values["used"].toolTip()
    )
    win.close()
