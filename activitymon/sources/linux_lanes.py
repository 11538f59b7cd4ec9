"""Linux's kill order as lanes, for the band view (pure: no Qt, no /proc).

The kernel OOM killer (mm/oom_kill.c) kills the process with the highest
``oom_score``: its memory (RSS + swap + page tables) as a share of RAM + swap, plus
``oom_score_adj`` thousandths of it, scaled to 0–2000 on current kernels. So
``oom_score_adj`` works like a jetsam band: ``+1000`` goes first whatever its size,
``-1000`` is never chosen. systemd-oomd and earlyoom follow the same score.

Lanes group processes by ``oom_score_adj`` range, in the order the killer reaches
them (highest adjustment first):

======================  ===========  ==============================================
lane                    adj range    what puts a process there
======================  ===========  ==============================================
``first``               1000         asked to be killed first (e.g. browser tabs)
``preferred``           500 … 999    Android's cached apps, systemd ``OOMScoreAdjust``
``raised``              1 … 499      mildly preferred victims
``default``             0            every ordinary process
``protected``           -999 … -1    daemons that asked to be spared
``never``               -1000        never killed: adj -1000, init (pid 1), and
                                     processes without memory (kernel threads,
                                     zombies), whose score is 0
``unknown``             unreadable   ``oom_score_adj`` could not be read
======================  ===========  ==============================================

Within a lane processes are in kill order: ``oom_score`` descending, ties by larger
RSS. Across lanes the score decides, so a very large process in ``default`` can
outrank a small one in ``raised``; :func:`next_oom_victim` uses the score itself and
the lane holding it is marked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from activitymon.model import ProcessInfo, ProcessState

OOM_SCORE_ADJ_MIN = -1000
OOM_SCORE_ADJ_MAX = 1000


@dataclass(frozen=True, slots=True)
class LaneSpec:
    key: str
    label: str
    #: inclusive ``oom_score_adj`` range; ``None`` for the unknown lane
    adj_min: int | None
    adj_max: int | None
    killable: bool = True


LANE_SPECS: tuple[LaneSpec, ...] = (
    LaneSpec("first", "1000 · killed first", 1000, 1000),
    LaneSpec("preferred", "500…999 · preferred", 500, 999),
    LaneSpec("raised", "1…499 · raised", 1, 499),
    LaneSpec("default", "0 · default", 0, 0),
    LaneSpec("protected", "−999…−1 · protected", -999, -1),
    LaneSpec("never", "−1000 · never killed", -1000, -1000, killable=False),
    LaneSpec("unknown", "? · not readable", None, None, killable=False),
)
_BY_KEY = {spec.key: spec for spec in LANE_SPECS}


@dataclass(frozen=True, slots=True)
class Lane:
    """One lane of the OOM view: its range and its processes in kill order."""

    key: str
    label: str
    adj_min: int | None
    adj_max: int | None
    killable: bool
    processes: tuple[ProcessInfo, ...]
    #: this lane holds :func:`next_oom_victim`
    holds_next_victim: bool = False


def oom_killable(p: ProcessInfo) -> bool:
    """Whether the OOM killer can choose this process at all."""
    if p.pid == 1 or p.oom_score_adj == OOM_SCORE_ADJ_MIN:
        return False
    if ProcessState.ZOMBIE in p.states or ProcessState.TERMINATED in p.states:
        return False
    # kernel threads have no memory of their own and a score of 0
    return not (not p.rss_bytes and not p.oom_score)


def lane_key(p: ProcessInfo) -> str:
    """The key of the lane a process sits in (see the module table)."""
    if not oom_killable(p):
        return "never"
    adj = p.oom_score_adj
    if adj is None:
        return "unknown"
    if adj >= OOM_SCORE_ADJ_MAX:
        return "first"
    if adj >= 500:
        return "preferred"
    if adj >= 1:
        return "raised"
    if adj == 0:
        return "default"
    return "protected"


def kill_order_key(p: ProcessInfo) -> tuple[int, int, int]:
    """Sort key putting the process the killer picks first at the front."""
    return (-(p.oom_score if p.oom_score is not None else -1), -(p.rss_bytes or 0), p.pid)


def next_oom_victim(processes: Iterable[ProcessInfo]) -> ProcessInfo | None:
    """The process the OOM killer would choose now: highest ``oom_score``, ties by
    larger RSS (then lower pid); ``None`` when no killable process has a known score.

    One pass that compares numbers first: most processes score below the best so far,
    and a population of equals (a thousand idle workers) is passed over on score, RSS
    and pid without building a key each (#16)."""
    best: ProcessInfo | None = None
    best_score = best_rss = -1
    best_pid = 0
    for p in processes:
        score = p.oom_score
        if score is None or score < best_score:
            continue
        rss = p.rss_bytes or 0
        if score == best_score and (rss < best_rss or (rss == best_rss and p.pid > best_pid)):
            continue
        if not oom_killable(p):
            continue
        best, best_score, best_rss, best_pid = p, score, rss, p.pid
    return best


def oom_lanes(processes: Iterable[ProcessInfo], *, include_empty: bool = False) -> list[Lane]:
    """Processes grouped into lanes, lanes in the killer's order, each in kill order."""
    groups: dict[str, list[ProcessInfo]] = {spec.key: [] for spec in LANE_SPECS}
    procs = list(processes)
    for p in procs:
        groups[lane_key(p)].append(p)
    victim = next_oom_victim(procs)
    victim_lane = None if victim is None else lane_key(victim)
    lanes = []
    for spec in LANE_SPECS:
        members = groups[spec.key]
        if not members and not include_empty:
            continue
        lanes.append(
            Lane(
                key=spec.key,
                label=spec.label,
                adj_min=spec.adj_min,
                adj_max=spec.adj_max,
                killable=spec.killable,
                processes=tuple(sorted(members, key=kill_order_key)),
                holds_next_victim=spec.key == victim_lane,
            )
        )
    return lanes


def lane_spec(key: str) -> LaneSpec:
    """The spec of a lane by key; ``KeyError`` for an unknown key."""
    return _BY_KEY[key]
