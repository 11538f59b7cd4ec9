"""``activitymon limits DEVICE [--jetsam-properties FILE] [--json]``: a simulated
device's memory limits as a table.

The device's task limit (``max_task_pmem``) and entitled limit, each with its source
(measured or estimated), where the ledger warns, the available-page thresholds (soft,
idle, critical and the level high-water kills start at) in MB and pages, the compressor's
room, and every process of the device's population with its band and limits and where
they come from. ``--jetsam-properties FILE`` reads a real
``com.apple.jetsamproperties.<model>.plist`` (XML or binary) in place of the device's
own table and lists the labels in it that no process carries.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from activitymon.commands.base import CommandError
from activitymon.model import Era, MemoryLimit
from activitymon.sim import ScenarioError, device_profiles, find_profile
from activitymon.sim.jetsam_properties import read_properties_file
from activitymon.sim.limits_sheet import LimitsSheet, limits_sheet
from activitymon.strict_json import dumps
from activitymon.terminal import clean, write

HELP = "Show a simulated device's memory limits: task limit, entitlement, thresholds, processes."

MB = 1 << 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "device", metavar="DEVICE", help="a device profile (iPhone12,1, iPod5,1, Mac …)"
    )
    parser.add_argument(
        "--jetsam-properties",
        metavar="FILE",
        help="a com.apple.jetsamproperties plist (XML or binary) in place of the device's own",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    profile = find_profile(args.device)
    if profile is None:
        known = ", ".join(device_profiles())
        raise CommandError(f"DEVICE: expected a device profile ({known}), got {args.device!r}")
    properties = None
    try:
        if args.jetsam_properties:
            path = Path(args.jetsam_properties).expanduser()
            properties = read_properties_file(path, shown=str(args.jetsam_properties))
        sheet = limits_sheet(profile, properties)
    except ScenarioError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        sys.stdout.write(dumps(sheet_to_dict(sheet)) + "\n")
    else:
        write(render(sheet), sys.stdout)
    return 0


# -- text ------------------------------------------------------------------------------


def _mb(nbytes: int) -> str:
    mb = nbytes / MB
    return f"{mb:,.0f} MB" if mb >= 10 else f"{mb:,.1f} MB"


def _limit(limit: MemoryLimit | None) -> str:
    if limit is None:
        return "none"
    return f"{_mb(limit.bytes)} {'fatal' if limit.fatal else 'soft'}"


def render(sheet: LimitsSheet) -> str:
    p, limits, rules = sheet.profile, sheet.limits, sheet.rules
    lines = [
        f"{p.name} — {p.label}: {p.ram_mb:,} MB, {p.page_size // 1024} KiB pages, "
        f"{p.os_version}, {rules.tag}",
        "",
    ]
    if limits.task_limit_mb is None:
        lines.append("Task limit       none")
    else:
        warn = sheet.task_warning_bytes or 0
        lines.append(
            f"Task limit       {limits.task_limit_mb:,} MB = {sheet.pages(limits.task_limit_mb):,} "
            f"pages, fatal; the limit warning comes at {limits.default_warning_percent} % "
            f"({_mb(warn)})"
        )
    lines += _wrapped(p.task_limit_source)
    if limits.entitled_limit_mb is None:
        lines.append("Entitled limit   none")
    else:
        lines.append(
            f"Entitled limit   {limits.entitled_limit_mb:,} MB = "
            f"{sheet.pages(limits.entitled_limit_mb):,} pages, with "
            "com.apple.developer.kernel.increased-memory-limit; warned at 80 %"
        )
    lines += _wrapped(p.entitled_limit_source)
    lines.append("")
    if sheet.thresholds:
        lines.append("Thresholds (available memory: free + file-backed pages)")
        for th in sheet.thresholds:
            mb = th.pages * p.page_size / MB
            pct = th.pages * 100 / p.total_pages
            lines.append(
                f"  {th.name:<15} {mb:>7,.0f} MB {th.pages:>9,} pages {pct:5.1f} %  {th.meaning}"
            )
    else:
        lines.append("Thresholds       none: macOS has no page-shortage jetsam")
    if sheet.compressor_pages:
        lines.append(
            f"Compressor       holds at most {sheet.compressor_pages:,} pages of data "
            f"({_mb(sheet.compressor_pages * p.page_size)}); low on space above 98 %"
        )
    lines += ["", *_properties_lines(sheet), "", *_process_lines(sheet)]
    return "\n".join(lines) + "\n"


def _wrapped(text: str) -> list[str]:
    indent = " " * 17
    return textwrap.wrap(clean(text), 100, initial_indent=indent, subsequent_indent=indent)


def _properties_lines(sheet: LimitsSheet) -> list[str]:
    use = sheet.profile.properties_use
    if use is None:
        kept = "priorities" if sheet.profile.kernel_era is Era.PRIORITY_LIST else "bands"
        return [f"Jetsam properties: none (processes keep their own {kept} and limits)"]
    given = "" if sheet.properties_given else ", built in"
    lines = [
        f"Jetsam properties: {clean(use.file)} ({use.layout.value} layout{given}): "
        + (
            "1 process takes its values from it"
            if len(use.applied) == 1
            else f"{len(use.applied)} processes take their values from it"
        )
    ]
    if use.unknown:
        lines.append(f"  labels no process of this device carries ({len(use.unknown)}):")
        lines += [f"    {clean(section)}: {clean(label)}" for section, label in use.unknown]
    if use.not_modelled:
        lines.append(
            "  keys read but not modelled: " + ", ".join(clean(k) for k in use.not_modelled)
        )
    if use.priorities_not_applied:
        lines.append(
            f"  {use.priorities_not_applied} JetsamPriority values of app, extension or "
            "service sections not applied (RunningBoard sets those bands)"
        )
    return lines


def _process_lines(sheet: LimitsSheet) -> list[str]:
    rows = [
        (
            r.name,
            r.band_text,
            _limit(r.active),
            _limit(r.inactive),
            r.properties or _origin(r.origin),
        )
        for r in sheet.processes
    ]
    column = "Priority" if sheet.profile.kernel_era is Era.PRIORITY_LIST else "Band"
    header = ("Process", column, "Active limit", "Inactive limit", "From")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    out = [f"Processes ({len(rows)}, the device's population)"]
    for row in [header, *rows]:
        cells = [clean(str(c)).ljust(w) for c, w in zip(row, widths, strict=True)]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def _origin(origin: str | None) -> str:
    return {
        "task": "task limit",
        "entitled": "entitled limit",
        "own": "its own",
        "jetsam-properties": "jetsam properties",
    }.get(origin or "", "—")


# -- JSON ------------------------------------------------------------------------------


def _limit_dict(limit: MemoryLimit | None) -> dict[str, Any] | None:
    return None if limit is None else {"bytes": limit.bytes, "fatal": limit.fatal}


def sheet_to_dict(sheet: LimitsSheet) -> dict[str, Any]:
    p, limits = sheet.profile, sheet.limits
    use = p.properties_use
    return {
        "device": p.name,
        "label": p.label,
        "ram_mb": p.ram_mb,
        "page_size": p.page_size,
        "os_version": p.os_version,
        "xnu": p.xnu,
        "release": sheet.rules.tag,
        "task_limit": None
        if limits.task_limit_mb is None
        else {
            "mb": limits.task_limit_mb,
            "pages": sheet.pages(limits.task_limit_mb),
            "fatal": True,
            "warning_percent": limits.default_warning_percent,
            "warning_bytes": sheet.task_warning_bytes,
        },
        "task_limit_source": p.task_limit_source,
        "entitled_limit": None
        if limits.entitled_limit_mb is None
        else {
            "mb": limits.entitled_limit_mb,
            "pages": sheet.pages(limits.entitled_limit_mb),
            "entitlement": "com.apple.developer.kernel.increased-memory-limit",
            "warning_bytes": sheet.entitled_warning_bytes,
        },
        "entitled_limit_source": p.entitled_limit_source,
        "thresholds": {
            th.name: {"pages": th.pages, "mb": th.pages * p.page_size / MB, "meaning": th.meaning}
            for th in sheet.thresholds
        },
        "compressor_limit_pages": sheet.compressor_pages or None,
        "jetsam_properties": None
        if use is None
        else {
            "file": use.file,
            "layout": use.layout.value,
            "built_in": not sheet.properties_given,
            "applied": len(use.applied),
            "unknown_labels": [{"section": s, "label": lbl} for s, lbl in use.unknown],
            "not_modelled": list(use.not_modelled),
        },
        "processes": [
            {
                "name": r.name,
                "label": r.label,
                "kind": r.kind,
                "band": r.band,
                "active_limit": _limit_dict(r.active),
                "inactive_limit": _limit_dict(r.inactive),
                "limit_origin": r.origin,
                "from": r.properties,
            }
            for r in sheet.processes
        ],
    }
