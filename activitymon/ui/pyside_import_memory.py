"""Keep PySide6's import hook from caching the source of every module imported.

After PySide6 is loaded, its ``__feature__`` machinery asks of each newly imported
module whether its source mentions ``PySide6`` (a module that does may use
``from __feature__ import snake_case``). It asks through ``inspect.getsource``,
which leaves the module's whole file, split into lines, in :mod:`linecache` for
the life of the process: about 15 MiB for pyqtgraph, numpy's late imports and
activitymon, at 147 MiB peak RSS of which the imports are most (#16).

:func:`install` answers the same question by reading the file once and keeping
nothing. Where PySide6 has no such hook (another version) it changes nothing.
:func:`release_startup_memory` drops what was cached before it was installed.
"""

from __future__ import annotations

import gc
import importlib
import linecache
from types import ModuleType

#: PySide6's private module and the function its import hook calls per module
FEATURE_MODULE = "shibokensupport.feature"
HOOK = "_mod_uses_pyside"
#: the text the hook looks for, as PySide6's own hook does
MARKER = b"PySide6"


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source file mentions PySide6 (False without a source)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as f:
            return MARKER in f.read()
    except OSError:
        return False


def install() -> bool:
    """Put :func:`mentions_pyside` in place of the hook's source lookup; True if done."""
    import PySide6.QtCore  # noqa: F401  (loads shiboken's support modules)

    try:
        feature = importlib.import_module(FEATURE_MODULE)
    except ImportError:
        return False
    if not callable(feature.__dict__.get(HOOK)):
        return False
    feature.__dict__[HOOK] = mentions_pyside
    return True


def release_startup_memory() -> int:
    """Drop source lines cached so far (tracebacks re-read a file when they need
    one) and collect; return how many files were cached."""
    files = len(linecache.cache)
    linecache.clearcache()
    gc.collect()
    return files
