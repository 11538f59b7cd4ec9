"""Qt-free typed values: snapshots, processes, levels, bands, events, reports.

Nothing here imports Qt, psutil or ctypes; nothing here formats for display.
"""

from activitymon.model.bands import (
    DEFAULT_JETSAM_PRIORITY,
    Era,
    band_label,
    band_name,
    band_names,
    band_phrase,
    convert_band,
    ios6_priority_for_band,
    parse_band,
)
from activitymon.model.events import (
    REPORT_SPELLINGS,
    Event,
    EventKind,
    Exited,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    LimitExceeded,
    LimitWarning,
    NoteCause,
    Notified,
    ReportWritten,
    Responded,
    event_from_dict,
    event_to_dict,
    reason_of_report,
    reason_shown,
)
from activitymon.model.headroom import (
    frontmost_app,
    headroom_bytes,
    os_proc_available_memory,
    used_fraction,
)
from activitymon.model.kernel_facts import (
    KernelFacts,
    LevelSource,
    Platform,
    PriorityModel,
    Threshold,
    facts_from_dict,
    facts_to_dict,
)
from activitymon.model.kernel_log import KernelLogLine
from activitymon.model.levels import PressureLevel
from activitymon.model.memory import (
    JetsamThresholds,
    MemoryStats,
    PressureStall,
    StallThresholds,
)
from activitymon.model.position import Position
from activitymon.model.process import LimitOrigin, MemoryLimit, ProcessInfo, ProcessState
from activitymon.model.report import JetsamReport, ReportFormat, ReportProcess
from activitymon.model.snapshot import Snapshot

__all__ = [
    "DEFAULT_JETSAM_PRIORITY",
    "REPORT_SPELLINGS",
    "Era",
    "Event",
    "EventKind",
    "Exited",
    "JetsamReport",
    "JetsamThresholds",
    "KernelFacts",
    "KernelLogLine",
    "KillReason",
    "Killed",
    "Launched",
    "LevelChanged",
    "LevelSource",
    "LimitExceeded",
    "LimitOrigin",
    "LimitWarning",
    "MemoryLimit",
    "MemoryStats",
    "NoteCause",
    "Notified",
    "Platform",
    "Position",
    "PressureLevel",
    "PressureStall",
    "PriorityModel",
    "ProcessInfo",
    "ProcessState",
    "ReportFormat",
    "ReportProcess",
    "ReportWritten",
    "Responded",
    "Snapshot",
    "StallThresholds",
    "Threshold",
    "band_label",
    "band_name",
    "band_names",
    "band_phrase",
    "convert_band",
    "event_from_dict",
    "event_to_dict",
    "facts_from_dict",
    "facts_to_dict",
    "frontmost_app",
    "headroom_bytes",
    "ios6_priority_for_band",
    "os_proc_available_memory",
    "parse_band",
    "reason_of_report",
    "reason_shown",
    "used_fraction",
]
