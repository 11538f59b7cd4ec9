"""Pressure alerts on a live machine: the tray icon's colour, notifications on each
worse level (rate-limited, switchable), the level in the title, minimising into the
tray; and a desktop without a tray said once."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from activitymon.model import MemoryStats, PressureLevel, ProcessInfo, Snapshot
from activitymon.sources import Capability, SourceKind
from activitymon.ui.theme import LEVEL_COLOURS
from activitymon.viewmodel.pressure_alerts import AlertPolicy, window_title
from tests.ui.conftest import tick

pytestmark = pytest.mark.gui

N, W, C = PressureLevel.NORMAL, PressureLevel.WARN, PressureLevel.CRITICAL
# memorystatus_level (percent available) a Mac shows at each level, roughly
AVAILABLE = {N: 60, W: 20, C: 5}


class FakeMac:
    """A live source (no clock of its own) whose pressure level the test sets, as
    ``kern.memorystatus_vm_pressure_level`` would read: 1, 2 or 4."""

    name = SourceKind.MACOS

    def __init__(self) -> None:
        self.level = N
        self.t = 0.0

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.FOOTPRINT})

    def describe(self) -> str:
        return "this Mac (fake)"

    def sample(self) -> Snapshot:
        self.t += 1.0
        return Snapshot(
            time=self.t,
            memory=MemoryStats(page_size=16384, total_pages=1 << 20),
            processes=(ProcessInfo(1, "launchd", footprint_bytes=1 << 24),),
            level=self.level,
            memorystatus_level=AVAILABLE[self.level],
            device="this Mac",
        )

    def drain_events(self) -> list:
        return []

    def close(self) -> None:
        pass


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _centre_colour(tray) -> tuple[int, int, int]:
    image: QImage = tray.icon.icon().pixmap(64, 64).toImage()
    colour = image.pixelColor(32, 32)
    return colour.red(), colour.green(), colour.blue()


def _rgb(level: PressureLevel) -> tuple[int, int, int]:
    c = LEVEL_COLOURS[level]
    return c.red(), c.green(), c.blue()


@pytest.fixture
def live(qtbot):
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings
    from activitymon.ui.tray import PressureTray

    source = FakeMac()
    win = MainWindow(source, 1.0, settings=AppSettings.open(), threaded=False)
    qtbot.addWidget(win)
    clock = Clock()
    said: list[str] = []
    # the offscreen platform has no tray: this one behaves as a desktop that has one
    win.tick_applied.disconnect(win.tray.apply)
    win.tray = PressureTray(win, win.settings, say=said.append, available=True, clock=clock)
    win.tick_applied.connect(win.tray.apply)
    win.show()
    win.start()
    yield win, source, clock
    win.close()


def test_normal_warning_critical_changes_the_icon_and_notifies(live) -> None:
    win, source, clock = live
    tray = win.tray
    assert tray.icon.isVisible()
    assert tray.level is N
    assert _centre_colour(tray) == _rgb(N)
    assert tray.notifications == []  # the level at start is not a change
    for level in (W, C):
        source.level = level
        clock.now += 5
        win.sampler.tick()
        assert tray.level is level
        assert _centre_colour(tray) == _rgb(level)
    assert [a.level for a in tray.notifications] == [W, C]
    assert tray.notifications[0].title == "Memory pressure Warning on this Mac"
    assert "20 % available" in tray.notifications[0].message
    assert "apps may be closed" in tray.notifications[1].message
    assert win.windowTitle().startswith("Critical — ")
    assert "Critical" in tray.icon.toolTip()
    source.level = N  # getting better is no alert
    win.sampler.tick()
    assert len(tray.notifications) == 2
    assert _centre_colour(tray) == _rgb(N)
    assert win.windowTitle().startswith("Normal — ")


def test_notifications_can_be_switched_off(live) -> None:
    win, source, _ = live
    win.settings.notify_pressure = False
    source.level = C
    win.sampler.tick()
    assert win.tray.level is C  # the icon still tells
    assert win.tray.notifications == []


def test_minimising_hides_the_window_in_the_tray_and_sampling_goes_on(live, qtbot) -> None:
    win, source, _ = live
    assert win.tray.minimised_into_tray()
    win.showMinimized()
    qtbot.waitUntil(lambda: not win.isVisible())
    source.level = W
    win.sampler.tick()
    assert win.tray.level is W
    assert win.tray.notifications[-1].level is W
    win.tray.show_window()
    assert win.isVisible()


def test_a_simulator_has_no_tray_icon(window) -> None:
    assert not window.tray.live
    assert not window.tray.icon.isVisible()


def test_no_tray_is_said_once_and_the_window_goes_on(qtbot) -> None:
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.tray import NO_TRAY, PressureTray

    source = FakeMac()
    win = MainWindow(source, 1.0, threaded=False)
    qtbot.addWidget(win)
    said: list[str] = []
    win.tick_applied.disconnect(win.tray.apply)
    win.tray = PressureTray(win, win.settings, say=said.append, available=False)
    win.tick_applied.connect(win.tray.apply)
    win.start()
    for level in (W, C, N, W):
        source.level = level
        tick(win)
    assert said == [NO_TRAY]
    assert not win.tray.icon.isVisible()
    assert win.windowTitle().startswith("Warning — ")
    win.close()


def _snap(level: PressureLevel) -> Snapshot:
    return Snapshot(0.0, MemoryStats(page_size=4096, total_pages=1), (), level=level)


def test_a_flapping_level_notifies_once_per_cooldown_but_a_rise_always() -> None:
    policy = AlertPolicy(cooldown=120.0)
    seen = []
    for now, level in (
        (0, N),
        (10, W),  # notifies
        (20, N),
        (30, W),  # flapping within 120 s: quiet
        (40, C),  # a rise past the last level notified: notifies
        (50, W),
        (60, C),  # critical again within 120 s: quiet
        (200, N),
        (210, W),  # cooldown over: notifies
    ):
        alert = policy.observe(_snap(level), float(now))
        seen.append(None if alert is None else alert.level)
    assert seen == [None, W, None, None, C, None, None, None, W]


def test_the_title_leads_with_the_level() -> None:
    assert window_title("this Mac", W) == "Warning — this Mac"
    assert window_title("this Mac", None) == "this Mac"
