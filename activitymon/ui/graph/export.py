"""The pressure graph exported: its history as CSV (one row per sample, one column per
series: percentages for memorystatus_level and PSI, bytes for the rest; empty =
unknown), and the shown view as a PNG that stands on its own (what, of which device,
from which source, over which time, and the view's key above the plots)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QWidget

from activitymon.output_files import replacing
from activitymon.ui.graph.psi_series import PSI_SERIES
from activitymon.units import format_duration
from activitymon.viewmodel.history import SeriesHistory


def write_history_csv(history: SeriesHistory, names: Sequence[str], path: Path) -> None:
    """Every named series over the kept history, with a ``time_s`` column first."""
    t = history.time.view()
    columns = [history.series[name].view() for name in names]
    headers = ["time_s"] + [
        f"{name}_pct" if name == "memorystatus_level" or name in PSI_SERIES else f"{name}_bytes"
        for name in names
    ]
    # a temporary file renamed over the target: a failed export leaves an older file whole
    with replacing(path, suffix=".csv") as temp, temp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for i in range(len(t)):
            row = [f"{t[i]:.3f}"]
            row += [
                "" if np.isnan(c[i]) else f"{c[i]:.2f}" if name in PSI_SERIES else f"{c[i]:.0f}"
                for name, c in zip(names, columns, strict=True)
            ]
            writer.writerow(row)


MARGIN = 12


@dataclass(frozen=True)
class ExportHeading:
    view: str
    device: str
    source: str
    #: the first and last sample's time on the source's clock (seconds)
    span: tuple[float, float] | None

    def title(self) -> str:
        return f"activitymon — {self.view}" + (f" — {self.device}" if self.device else "")

    def details(self) -> str:
        parts = []
        if self.source:
            parts.append(f"Source: {self.source}")
        if self.span is not None:
            t0, t1 = self.span
            parts.append(f"t = {t0:.1f} s to {t1:.1f} s ({format_duration(max(0.0, t1 - t0))})")
        return "   ·   ".join(parts)


def compose_png(heading: ExportHeading, key: QWidget | None, plots: QWidget) -> QImage:
    """The heading, the key and the plots, one under the other, on the window's colour."""
    plot_pixmap = plots.grab()
    key_pixmap = key.grab() if key is not None else None
    ratio = plot_pixmap.devicePixelRatio() or 1.0
    width = round(plot_pixmap.width() / ratio)
    palette = QGuiApplication.palette()
    title_font = QFont(QGuiApplication.font())
    title_font.setBold(True)
    title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
    body_font = QFont(QGuiApplication.font())
    text_width = width - 2 * MARGIN
    flags = int(Qt.TextFlag.TextWordWrap)
    title_rect = QFontMetrics(title_font).boundingRect(
        QRect(0, 0, text_width, 10_000), flags, heading.title()
    )
    body_rect = QFontMetrics(body_font).boundingRect(
        QRect(0, 0, text_width, 10_000), flags, heading.details()
    )
    key_height = 0 if key_pixmap is None else round(key_pixmap.height() / ratio) + 6
    top = MARGIN + title_rect.height() + 4 + body_rect.height() + 8
    height = top + key_height + round(plot_pixmap.height() / ratio) + MARGIN
    image = QImage(round(width * ratio), round(height * ratio), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(palette.color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    painter.setPen(palette.color(QPalette.ColorRole.WindowText))
    painter.setFont(title_font)
    y = MARGIN
    painter.drawText(QRect(MARGIN, y, text_width, title_rect.height()), flags, heading.title())
    y += title_rect.height() + 4
    painter.setFont(body_font)
    painter.drawText(QRect(MARGIN, y, text_width, body_rect.height()), flags, heading.details())
    y = top
    if key_pixmap is not None:
        painter.drawPixmap(MARGIN, y, key_pixmap)
        y += key_height
    painter.drawPixmap(0, y, plot_pixmap)
    painter.end()
    return image


def write_png(path: Path, heading: ExportHeading, key: QWidget | None, plots: QWidget) -> None:
    """The picture of ``compose_png`` written to a temporary file renamed over ``path``
    (``OSError``: another writer, a full disk)."""
    picture = QPixmap.fromImage(compose_png(heading, key, plots))
    with replacing(path, suffix=".png") as temp:
        if not picture.save(str(temp), "PNG"):  # the temporary file goes, the target stays
            raise OSError(f"could not write {path} (a full disk?)")
