"""What the window shows on the iOS 6 iPod agrees with the device and with its own
narration (the truth audit): no "0 bytes" compressed on a device without a compressor,
the level named as the narration names it ("Warning", not "Warn"), the 10 % high-water
line the narration speaks of drawn on the graph, and iOS 7–16's raised critical
threshold never labelled an idle threshold."""

from __future__ import annotations

from tests.ui.conftest import tick


def test_the_ipod_shows_no_compressor_and_its_high_water_line(window_on_scenario) -> None:
    window = window_on_scenario("hog")  # hog.toml: the iPod5,1, xnu-2050
    tick(window, 16)  # the hog scenario turns Warning at 14 s (the narration says so)
    panel = window.memory_panel
    assert panel.values["compressed"].text() == "none"
    assert "no compressor" in panel.values["compressed"].toolTip()
    assert panel.values["level"].text().startswith("● Warning  (")
    graph = window.graph
    assert graph.threshold_names() == ["critical", "highwater", "soft"]
    line = graph.threshold_line("highwater")
    assert line.label.format == "10 % of memory (high-water)"
    assert "13,106 available pages" in line.toolTip()


def test_the_iphone_6s_raised_critical_threshold_is_not_idle(window_on_scenario) -> None:
    window = window_on_scenario("foreground-vs-suspended")  # the iPhone8,1, xnu-7195
    tick(window, 2)
    graph = window.graph
    assert graph.threshold_names() == ["critical", "raised-critical", "soft"]
    assert graph.threshold_line("raised-critical").label.format == "raised critical threshold"
    tip = graph.threshold_line("raised-critical").toolTip()
    assert "raises its critical threshold by 5 % of memory" in tip
    assert window.memory_panel.values["compressed"].text() != "none"


def test_the_ipod_s_tooltips_speak_of_no_compressor(window_on_scenario) -> None:
    """iOS 6 has no compressor and its level counts suspended apps
    (xnu-2050 memorystatus_get_pressure_locked: Warning while 1 to
    MEMORYSTATUS_SUSPENDED_THRESHOLD = 4 are left): the level, its colours in the key,
    the panel's figures and the threshold lines say so, and the page-class stack has
    no Compressed layer."""
    window = window_on_scenario("hog")
    tick(window, 16)
    key = window.graph.key
    tips = {
        "level figure": window.memory_panel.values["level"].toolTip(),
        "memory used": window.memory_panel.values["used"].toolTip(),
        "wired": window.memory_panel.values["wired"].toolTip(),
        **{f"key {name}": key.items[name].toolTip() for name in ("normal", "warn", "critical")},
        **{
            f"line {name}": window.graph.threshold_line(name).toolTip()
            for name in window.graph.threshold_names()
        },
    }
    said = ("no compressor", "nothing is compressed")  # saying it has none is true
    for where, tip in tips.items():
        assert tip, where
        text = tip.lower()
        for phrase in said:
            text = text.replace(phrase, "")
        assert "compress" not in text, where
    assert "1 to 4 suspended apps" in key.items["warn"].toolTip()
    assert "Urgent" in key.items["critical"].toolTip()
    assert [name for name, _ in window.graph.page_view.classes] == [
        "wired",
        "app",
        "file_backed",
        "free",
    ]
    assert "page:compressed" not in key.items


def test_the_ipod_s_page_classes_are_in_megabytes_with_no_stray_key(
    window_on_scenario, qapp
) -> None:
    """512 MB of memory (iPod5,1) on an axis in MB, ticks read as megabytes (not
    pyqtgraph's "(x0.001)" or "5e+11"); the key lists the four classes it stacks, and
    no label of an earlier set of classes is left painted under them."""
    window = window_on_scenario("hog", (1024, 640))
    window.show_view("pages")
    tick(window, 3)
    qapp.processEvents()
    _widget, plot, _pages = window.graph.page_view.parts()
    axis = plot.getAxis("left")
    assert axis.labelText == "memory (MB)"
    assert axis.scale * axis.autoSIPrefixScale == 1 / 1_048_576
    assert axis.tickStrings([400 * 1_048_576], axis.scale * axis.autoSIPrefixScale, 1e8) == ["400"]
    from PySide6.QtWidgets import QLabel

    key = window.graph.key
    shown = [label.text() for label in key.findChildren(QLabel) if label.isVisible()]
    assert [text.rsplit(";", 1)[-1] for text in shown if "■" in text] == [
        "Wired",
        "App",
        "File-backed",
        "Free",
    ]


def test_a_4_gb_iphone_s_page_classes_are_in_gigabytes(window_on_scenario) -> None:
    window = window_on_scenario("demo")  # the iPhone12,1: 4 GB
    window.show_view("pages")
    tick(window, 2)
    axis = window.graph.page_view.parts()[1].getAxis("left")
    assert axis.labelText == "memory (GB)"
    assert axis.scale * axis.autoSIPrefixScale == 1 / 1_073_741_824
