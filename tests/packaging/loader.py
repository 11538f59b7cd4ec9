"""Load ``packaging/<name>.py`` by path: ``packaging/`` is deliberately no Python
package (it would shadow PyPI's ``packaging``, which PyInstaller and pytest import).
Modules are registered as ``_packaging_<name>`` so that ``build.py`` does not shadow
PyPI's ``build``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def packaging_module(name: str) -> Any:
    key = f"_packaging_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module
