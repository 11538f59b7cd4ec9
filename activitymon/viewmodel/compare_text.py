"""Two runs side by side as text: kills (time, name, reason, band), who died only in
one, time at each level, notifications and responses, footprint peaks. What
``simulate --compare`` / ``--what-if`` prints and Simulator → Compare… shows."""

from __future__ import annotations

import textwrap

from activitymon.sim.compare import PEAKS_SHOWN, Side, only_in
from activitymon.units import format_bytes, format_duration

COLUMN = 54


def _column(side: Side, other: Side) -> list[str]:
    s = side.stats
    lines = [
        side.label,
        f"{side.device}, seed {side.seed}",
        "",
        f"kills {len(side.kills)}",
    ]
    for k in side.kills:
        lines.append(f"  {k.t:7.1f} s  {k.name[:14]:<14} {k.reason.value[:15]:<15} {side.band(k)}")
    died = ", ".join(only_in(side, other)) or "nobody"
    lines += ["", *textwrap.wrap(f"died only here: {died}", COLUMN, subsequent_indent="  "), ""]
    at = s["time_at_level"]
    lines += [
        f"peak level {s['peak_level']}; lowest memorystatus_level {s['min_memorystatus_level']} %",
        f"time at warn {format_duration(at['warn'])}, critical {format_duration(at['critical'])}",
        f"notifications {sum(side.notifications.values())}; "
        f"responses {sum(side.responses.values())} (freed {format_bytes(side.freed_bytes)})",
        "footprint peaks",
    ]
    peaks = sorted(side.peaks.items(), key=lambda kv: (-kv[1], kv[0]))[:PEAKS_SHOWN]
    lines += [f"  {name[:24]:<24} {format_bytes(value):>10}" for name, value in peaks]
    return lines


def render_comparison(a: Side, b: Side) -> str:
    left, right = _column(a, b), _column(b, a)
    height = max(len(left), len(right))
    left += [""] * (height - len(left))
    right += [""] * (height - len(right))
    rows = [
        f"{x[:COLUMN]:<{COLUMN}} │ {y[:COLUMN]}".rstrip() for x, y in zip(left, right, strict=True)
    ]
    diff = len(b.kills) - len(a.kills)
    verdict = (
        "the same number of kills in both"
        if diff == 0
        else f"B has {abs(diff)} {'more' if diff > 0 else 'fewer'} "
        f"kill{'s' if abs(diff) != 1 else ''} than A"
    )
    return "\n".join([*rows, "", verdict]) + "\n"
