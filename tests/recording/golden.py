"""The golden recording ``data/golden.amrec``: four samples of a small device, written
once by :func:`write_golden` and committed, so that a change to how recordings are
written or read shows up against a file written before it.

``python -m tests.recording.golden`` writes it again (only when the format changes on
purpose; then ``test_golden.py``'s literals are read again from the new file by hand).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from activitymon.model import (
    Era,
    JetsamThresholds,
    KillReason,
    MemoryLimit,
    MemoryStats,
    PressureLevel,
    ProcessInfo,
    ProcessState,
    Snapshot,
)
from activitymon.recording import RecordingWriter

GOLDEN = Path(__file__).with_name("data") / "golden.amrec"


def golden_snapshots() -> list[Snapshot]:
    launchd = ProcessInfo(pid=1, name="launchd", footprint_bytes=5 << 20, band=0, band_seq=1)
    hog = ProcessInfo(
        pid=40,
        name="hog",
        footprint_bytes=100 << 20,
        rss_bytes=90 << 20,
        band=10,
        band_seq=7,
        limit=MemoryLimit(200 << 20, fatal=True),
        states=frozenset({ProcessState.FRONTMOST}),
    )
    mail = ProcessInfo(pid=33, name="mail", footprint_bytes=30 << 20, band=4, band_seq=2)

    def snap(t: float, free: int, procs: tuple[ProcessInfo, ...], **more: object) -> Snapshot:
        return Snapshot(
            time=t,
            memory=MemoryStats(16384, 65536, free_pages=free, compressor_pages=free // 4),
            processes=procs,
            device="Golden phone",
            era=Era.MODERN,
            thresholds=JetsamThresholds(1000, 2000, 500, 4000),
            **more,  # type: ignore[arg-type]
        )

    grown = replace(hog, footprint_bytes=150 << 20)
    return [
        snap(0.0, 9000, (launchd, mail, hog), level=PressureLevel.NORMAL),
        snap(0.5, 8000, (launchd, mail, grown), level=PressureLevel.WARN),
        snap(1.0, 7000, (launchd, grown), next_victim=(40, KillReason.PER_PROCESS_LIMIT)),
        snap(1.5, 7500, (mail, launchd), level=PressureLevel.NORMAL),
    ]


def write_golden(path: Path) -> None:
    writer = RecordingWriter(path, source="sim", description="golden", device="Golden phone")
    for snapshot in golden_snapshots():
        writer.add(snapshot, [], [])
    writer.close()


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.unlink(missing_ok=True)
    write_golden(GOLDEN)
    print(GOLDEN, file=sys.stderr)
