"""The device's threshold lines on the available-memory plot: one line per threshold
the device has (``teaching/threshold_marks.py``), named as the narration names them,
redrawn when the thresholds or the device change, labels kept apart.

Lines are made once per kind and dressed again when they change; a kind the device no
longer has is hidden, never taken out of the plot (pyqtgraph's line and its label form
a cycle that Python's collector could free twice once the pair left its scene)."""

from __future__ import annotations

import pyqtgraph as pg

from activitymon.model import JetsamThresholds, KernelFacts
from activitymon.teaching.threshold_marks import threshold_marks
from activitymon.ui.graph.jetsam_lines import drawn_curves, dress_line, new_line, place_labels


class ThresholdLayer:
    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        #: the device's machinery: which lines it has and their names
        self.facts: KernelFacts | None = None
        #: every line made so far, by kind; ``shown``: the device's current ones
        self._made: dict[str, pg.InfiniteLine] = {}
        self.shown: dict[str, pg.InfiniteLine] = {}
        self._last: JetsamThresholds | None = None
        self._drawn = False
        plot.getViewBox().sigResized.connect(self.place_labels)

    def set_facts(self, facts: KernelFacts | None) -> None:
        self.facts = facts
        self._drawn = False  # drawn again, named for this device, at the next sample

    def forget(self) -> None:
        """Draw again at the next update, whatever it is (a new source)."""
        self._drawn = False

    def update(self, th: JetsamThresholds | None, page_size: int, total_pages: int) -> bool:
        """Draw the lines of ``th`` unless they are drawn already; whether it drew."""
        if self._drawn and th == self._last:
            return False
        self._last, self._drawn = th, True
        marks = [] if th is None else threshold_marks(th, self.facts, total_pages)
        self.shown = {}
        for mark in marks:
            line = self._made.get(mark.key)
            if line is None:
                line = self._made[mark.key] = new_line(mark, page_size)
                self.plot.addItem(line, ignoreBounds=True)
            else:
                dress_line(line, mark, page_size)
            self.shown[mark.key] = line
        for key, line in self._made.items():
            line.setVisible(key in self.shown)
        self.place_labels()
        return True

    def place_labels(self, *_: object) -> None:
        """Put the labels where no curve is (after each redraw of the curves)."""
        if self.shown:
            place_labels(self.shown.values(), self.plot.getViewBox(), drawn_curves(self.plot))
