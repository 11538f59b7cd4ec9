"""The Qt layer: the only package that imports PySide6 and pyqtgraph."""

import os

# numpy's OpenBLAS starts a thread per core with its own buffers when numpy is imported;
# the window does no linear algebra, so one is enough (#16: ~2 MiB of peak RSS on two
# cores, more on more). Set before anything here imports numpy (the CLI alone does
# not: tests/test_app_imports.py); a value the user set
# is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from activitymon.ui.pyside_import_memory import install

install()  # before any module here imports PySide6 or pyqtgraph (#16, peak RSS)
