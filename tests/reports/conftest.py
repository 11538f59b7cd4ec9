"""Helpers for the report tests: paths of the real (third-party) and hand-made reports."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

KKBOX = "kkbox_LowMemory-2015-08-07-112054.log"
THRASHING = "jetsam_vm-thrashing.crash"
HIGHWATER = "jetsam_highwater.crash"
VNODE = "jetsam_vnode-limit.crash"
PAGESHORTAGE = "jetsam_vm-pageshortage.crash"
IOS14 = "JetsamEvent-2020-10-15-172958.ips.synced"
ANALYTICS = "jetsam_per-process-limit.crash"

#: the complete reports (readable as a whole, no elided lines)
COMPLETE = (KKBOX, HIGHWATER, VNODE, PAGESHORTAGE, IOS14)
#: every jetsam report among the fixtures (the Analytics log is not one)
JETSAM = (*COMPLETE, THRASHING)


@pytest.fixture
def data() -> Path:
    return DATA
