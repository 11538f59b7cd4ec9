"""The Qt layer: the only package that imports PySide6 and pyqtgraph."""

from activitymon.ui.pyside_import_memory import install

install()  # before any module here imports PySide6 or pyqtgraph (#16, peak RSS)
