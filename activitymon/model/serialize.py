"""Plain-data (JSON-ready) forms of model values, for ``--json`` output and files."""

from __future__ import annotations

from typing import Any

from activitymon.model.memory import MemoryStats
from activitymon.model.process import MemoryLimit, ProcessInfo
from activitymon.model.snapshot import Snapshot


def memory_to_dict(memory: MemoryStats) -> dict[str, Any]:
    return {
        "page_size": memory.page_size,
        "total_pages": memory.total_pages,
        "total_bytes": memory.total_bytes,
        "free_pages": memory.free_pages,
        "active_pages": memory.active_pages,
        "inactive_pages": memory.inactive_pages,
        "speculative_pages": memory.speculative_pages,
        "throttled_pages": memory.throttled_pages,
        "wired_pages": memory.wired_pages,
        "purgeable_pages": memory.purgeable_pages,
        "file_backed_pages": memory.file_backed_pages,
        "anonymous_pages": memory.anonymous_pages,
        "compressor_pages": memory.compressor_pages,
        "compressed_pages": memory.compressed_pages,
        "available_pages": memory.available_pages,
        "swap_total_bytes": memory.swap_total_bytes,
        "swap_used_bytes": memory.swap_used_bytes,
        # "Memory Used" and "App Memory" as the memory panel shows them
        "memory_used_pages": memory.shown_used_pages,
        "app_pages": memory.app_pages,
    }


def _limit(limit: MemoryLimit | None) -> dict[str, Any] | None:
    return None if limit is None else {"bytes": limit.bytes, "fatal": limit.fatal}


def process_to_dict(proc: ProcessInfo) -> dict[str, Any]:
    return {
        "pid": proc.pid,
        "name": proc.name,
        "footprint_bytes": proc.footprint_bytes,
        "rss_bytes": proc.rss_bytes,
        "compressed_bytes": proc.compressed_bytes,
        "band": proc.band,
        "requested_band": proc.requested_band,
        "limit": _limit(proc.limit),
        "active_limit": _limit(proc.active_limit),
        "inactive_limit": _limit(proc.inactive_limit),
        "states": sorted(s.value for s in proc.states),
        "cpu_percent": proc.cpu_percent,
        "lifetime_max_bytes": proc.lifetime_max_bytes,
        "purgeable_bytes": proc.purgeable_bytes,
        "oom_score_adj": proc.oom_score_adj,
        "oom_score": proc.oom_score,
        "user": proc.user,
        "kill_reason": proc.kill_reason,
    }


def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    th = snapshot.thresholds
    psi = snapshot.psi
    return {
        "time": snapshot.time,
        "device": snapshot.device,
        "era": None if snapshot.era is None else snapshot.era.value,
        "level": None if snapshot.level is None else snapshot.level.label,
        "memorystatus_level": snapshot.memorystatus_level,
        "memory": memory_to_dict(snapshot.memory),
        "thresholds": None
        if th is None
        else {
            "soft_pages": th.soft_pages,
            "idle_pages": th.idle_pages,
            "critical_pages": th.critical_pages,
            "warn_pages": th.warn_pages,
        },
        "psi": None
        if psi is None
        else {
            "some": {
                "avg10": psi.some_avg10,
                "avg60": psi.some_avg60,
                "avg300": psi.some_avg300,
                "total_us": psi.some_total_us,
            },
            "full": None
            if psi.full_avg10 is None
            else {
                "avg10": psi.full_avg10,
                "avg60": psi.full_avg60,
                "avg300": psi.full_avg300,
                "total_us": psi.full_total_us,
            },
        },
        "next_victim": None
        if snapshot.next_victim is None
        else {"pid": snapshot.next_victim[0], "reason": snapshot.next_victim[1].value},
        "processes": [process_to_dict(p) for p in snapshot.processes],
    }
