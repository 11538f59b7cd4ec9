"""The kernel facts the narration tests speak of, written once as literals: each
release's row of the table in docs/SIMULATOR.md, read from XNU at the release's tag
(the file and function beside each), never taken from the simulator under test.
``test_narrator.py``, ``test_narration_truths.py`` and the narration tests beside them
share this table, so a fact corrected here is corrected for all of them."""

from __future__ import annotations

from activitymon.model import KernelFacts, KillReason, LevelSource, Platform, Threshold
from activitymon.model.memory import JetsamThresholds

MB = 1 << 20
#: a 3 GiB device of 16 KiB pages (196,608): soft 15 %, idle 10 %, critical 5 % of them
TH = JetsamThresholds(soft_pages=29_491, idle_pages=19_660, critical_pages=9_830)
#: iOS 18 (xnu-11417): an idle threshold, the compressor decides the level; warnings to
#: band 20 and above; JetsamEvent reports at most one
#: per 30 s; bands 0 and 10 quiet
IOS_18 = KernelFacts(
    platform=Platform.IOS,
    compressor=True,
    level_source=LevelSource.COMPRESSOR,
    thresholds=frozenset({Threshold.SOFT, Threshold.IDLE, Threshold.CRITICAL}),
    page_shortage_kills=True,
    highwater_below=Threshold.SOFT,
    notify_floor_band=20,
    report_format="JetsamEvent",
    report_timeout_s=30.0,
    quiet_bands=(0, 10),
)
#: iOS 6 (xnu-2050.48.11): no compressor, no idle threshold; the level below the soft
#: threshold from the count of suspended apps (memorystatus_get_pressure_locked);
#: high-water kills below 10 % (HIGHWATER_PERCENT); reports spell the page shortage "vm"
#: and are LowMemory files, written at once
IOS_6 = KernelFacts(
    platform=Platform.IOS,
    compressor=False,
    level_source=LevelSource.SUSPENDED_COUNT,
    thresholds=frozenset({Threshold.SOFT, Threshold.CRITICAL}),
    page_shortage_kills=True,
    highwater_percent=10,
    reason_spellings=((KillReason.VM_PAGESHORTAGE, "vm"),),
    report_format="LowMemory",
    report_timeout_s=0.0,
)
#: iOS 14 (xnu-7195): critical raised by 5 % while band 0 holds processes
#: (memorystatus_update_levels_locked)
IOS_14 = KernelFacts(
    platform=Platform.IOS,
    compressor=True,
    level_source=LevelSource.COMPRESSOR,
    thresholds=frozenset({Threshold.SOFT, Threshold.CRITICAL}),
    page_shortage_kills=True,
    critical_raised_while_idle=True,
    highwater_below=Threshold.SOFT,
)
#: macOS (xnu-2782 →): no thresholds to cross; idle-exit processes end before anyone
#: is notified (memorystatus_update_vm_pressure)
MAC = KernelFacts(
    platform=Platform.MACOS,
    compressor=True,
    level_source=LevelSource.COMPRESSOR,
    idle_exit_under_pressure=True,
)
