"""Plain-data (JSON-ready) forms of model values, for ``--json`` output and files, and
their inverses (``*_from_dict``), with which recordings read back what they stored."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from activitymon.model.bands import Era
from activitymon.model.events import KillReason
from activitymon.model.levels import PressureLevel
from activitymon.model.memory import JetsamThresholds, MemoryStats, PressureStall
from activitymon.model.process import MemoryLimit, ProcessInfo, ProcessState
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
        "limit_origin": proc.limit_origin,
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


# -- the inverse: plain data back into values (recordings read what they wrote) -----------


def _opt_int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key}: expected an integer or null, got {value!r}")
    return value


def _opt_float(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key}: expected a number or null, got {value!r}")
    return float(value)


def memory_from_dict(data: dict[str, Any]) -> MemoryStats:
    """Inverse of :func:`memory_to_dict` (``total_bytes`` is derived, not read)."""
    page_size, total = _opt_int(data, "page_size"), _opt_int(data, "total_pages")
    if page_size is None or total is None:
        raise ValueError("memory: page_size and total_pages are required")
    return MemoryStats(
        page_size=page_size,
        total_pages=total,
        **{key: _opt_int(data, key) for key in _MEMORY_COUNTS},
    )


_MEMORY_COUNTS = tuple(
    f.name for f in fields(MemoryStats) if f.name not in ("page_size", "total_pages")
)


def _limit_from(value: Any) -> MemoryLimit | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("bytes"), int):
        raise ValueError(f"limit: expected {{bytes, fatal}} or null, got {value!r}")
    return MemoryLimit(bytes=value["bytes"], fatal=bool(value.get("fatal", True)))


def process_from_dict(data: dict[str, Any]) -> ProcessInfo:
    """Inverse of :func:`process_to_dict`; ``band_seq`` is read when present."""
    pid = _opt_int(data, "pid")
    name = data.get("name")
    if pid is None or not isinstance(name, str):
        raise ValueError("process: pid and name are required")
    user, reason = data.get("user"), data.get("kill_reason")
    origin = data.get("limit_origin")
    return ProcessInfo(
        pid=pid,
        name=name,
        footprint_bytes=_opt_int(data, "footprint_bytes"),
        rss_bytes=_opt_int(data, "rss_bytes"),
        compressed_bytes=_opt_int(data, "compressed_bytes"),
        band=_opt_int(data, "band"),
        requested_band=_opt_int(data, "requested_band"),
        limit=_limit_from(data.get("limit")),
        active_limit=_limit_from(data.get("active_limit")),
        inactive_limit=_limit_from(data.get("inactive_limit")),
        states=frozenset(ProcessState(s) for s in data.get("states") or ()),
        cpu_percent=_opt_float(data, "cpu_percent"),
        lifetime_max_bytes=_opt_int(data, "lifetime_max_bytes"),
        purgeable_bytes=_opt_int(data, "purgeable_bytes"),
        oom_score_adj=_opt_int(data, "oom_score_adj"),
        oom_score=_opt_int(data, "oom_score"),
        user=user if isinstance(user, str) else None,
        band_seq=_opt_int(data, "band_seq"),
        kill_reason=reason if isinstance(reason, str) else None,
        limit_origin=origin if isinstance(origin, str) else None,
    )


def _thresholds_from(value: Any) -> JetsamThresholds | None:
    if value is None:
        return None
    return JetsamThresholds(
        soft_pages=int(value["soft_pages"]),
        idle_pages=int(value["idle_pages"]),
        critical_pages=int(value["critical_pages"]),
        warn_pages=_opt_int(value, "warn_pages"),
    )


def _psi_from(value: Any) -> PressureStall | None:
    if value is None:
        return None
    some, full = value["some"], value.get("full")
    return PressureStall(
        some_avg10=float(some["avg10"]),
        some_avg60=float(some["avg60"]),
        some_avg300=float(some["avg300"]),
        some_total_us=int(some["total_us"]),
        full_avg10=None if full is None else float(full["avg10"]),
        full_avg60=None if full is None else float(full["avg60"]),
        full_avg300=None if full is None else float(full["avg300"]),
        full_total_us=None if full is None else int(full["total_us"]),
    )


def snapshot_from_dict(data: dict[str, Any]) -> Snapshot:
    """Inverse of :func:`snapshot_to_dict`. ``wall_time`` and ``extra`` are read when
    present (recordings keep them). Raises ``ValueError`` (or ``KeyError`` /
    ``TypeError`` on a wrong shape) for data that is not a snapshot."""
    victim = data.get("next_victim")
    level, era = data.get("level"), data.get("era")
    extra = data.get("extra") or {}
    return Snapshot(
        time=float(data["time"]),
        memory=memory_from_dict(data["memory"]),
        processes=tuple(process_from_dict(p) for p in data["processes"]),
        level=None if level is None else PressureLevel.parse(level),
        memorystatus_level=_opt_int(data, "memorystatus_level"),
        era=None if era is None else Era(era),
        thresholds=_thresholds_from(data.get("thresholds")),
        psi=_psi_from(data.get("psi")),
        device=str(data.get("device") or ""),
        next_victim=None if victim is None else (int(victim["pid"]), KillReason(victim["reason"])),
        wall_time=_opt_float(data, "wall_time"),
        extra={str(k): float(v) for k, v in extra.items()},
    )
