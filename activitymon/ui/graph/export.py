"""The pressure graph's history as CSV: one row per sample, one column per series
(percentages for memorystatus_level and PSI, bytes for the rest; empty = unknown)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from activitymon.ui.graph.psi_series import PSI_SERIES
from activitymon.viewmodel.history import SeriesHistory


def write_history_csv(history: SeriesHistory, names: Sequence[str], path: Path) -> None:
    """Every named series over the kept history, with a ``time_s`` column first."""
    t = history.time.view()
    columns = [history.series[name].view() for name in names]
    headers = ["time_s"] + [
        f"{name}_pct" if name == "memorystatus_level" or name in PSI_SERIES else f"{name}_bytes"
        for name in names
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for i in range(len(t)):
            row = [f"{t[i]:.3f}"]
            row += [
                "" if np.isnan(c[i]) else f"{c[i]:.2f}" if name in PSI_SERIES else f"{c[i]:.0f}"
                for name, c in zip(names, columns, strict=True)
            ]
            writer.writerow(row)
