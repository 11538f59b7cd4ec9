"""Why a kill has no report (sim/report_rules.py), sentence by sentence.

The cases are literals from XNU at the tag named:

* a user's kill from the menu (``jettisoned``) and a Mac's idle exit
  (``memstat_kill_idle_process``, xnu-11417.121.6) never touch the jetsam snapshot;
* ``memorystatus_kill_top_process`` (xnu-2422.1.72 on): a kill in the idle band alone
  takes no snapshot (``aPid_ep != JETSAM_PRIORITY_IDLE``);
* ``memorystatus_post_snapshot`` (xnu-6153.11.26, not the legacy aging policy): a kill
  in ``JETSAM_PRIORITY_IDLE_DEFERRED`` (1 on the legacy scale) asks for no post;
* ``JETSAM_SNAPSHOT_TIMEOUT_SECS`` 30 (xnu-3247.1.106); before it (xnu-2050.48.11
  ``memorystatus_jetsam_thread``) the note is sent at the end of every pass that killed.
"""

from __future__ import annotations

from activitymon.model import Era, Killed, KillReason
from activitymon.sim.report_rules import no_report_reason
from activitymon.sim.rules import rules_for

L = Era.LEGACY


def kill(reason: KillReason, band: int | None) -> Killed:
    return Killed(1.0, 101, "victim", reason, band)


def test_a_kill_from_the_menu_never_has_a_report() -> None:
    rules = rules_for(11417, L)
    assert no_report_reason(kill(KillReason.JETTISONED, 10), rules, L) == (
        "This kill came from the simulator's menu (a force quit, reason jettisoned); "
        "the device writes no jetsam report for it."
    )


def test_a_macs_idle_exit_never_touches_the_snapshot() -> None:
    rules = rules_for(11417, Era.MACOS)
    assert no_report_reason(kill(KillReason.IDLE_EXIT, 0), rules, Era.MACOS) == (
        "On this release (xnu-11417.121.6) this kill never touches the jetsam snapshot, "
        "so the device writes no report for it."
    )


def test_an_idle_band_kill_alone_takes_no_snapshot_from_2422() -> None:
    rules = rules_for(2423, L)
    assert no_report_reason(kill(KillReason.VM_PAGESHORTAGE, 0), rules, L) == (
        "No report will name it unless a kill in a higher band follows in the same pass: "
        "on this release (xnu-2422.1.72) a kill in band 0 alone takes no snapshot, so the "
        "device writes no report for it."
    )


def test_a_deferred_band_kill_takes_the_snapshot_but_asks_for_no_post_from_6153() -> None:
    rules = rules_for(6153, L)
    assert no_report_reason(kill(KillReason.VM_PAGESHORTAGE, 1), rules, L) == (
        "No report yet: on this release (xnu-6153.11.26) a kill in band 1 alone takes the "
        "snapshot but asks for no report; it is in the next one a later kill asks for."
    )


def test_any_other_kill_is_posted_at_most_once_every_30_s_from_3247() -> None:
    rules = rules_for(3247, L)
    assert no_report_reason(kill(KillReason.VM_PAGESHORTAGE, 10), rules, L) == (
        "No jetsam report recorded this kill yet: the device posts its report at most "
        "once every 30 s."
    )


def test_before_3247_the_report_is_posted_at_the_end_of_the_pass() -> None:
    rules = rules_for(2423, L)
    assert no_report_reason(kill(KillReason.VM_PAGESHORTAGE, 10), rules, L) == (
        "No jetsam report recorded this kill yet: the device posts its report at the end "
        "of the kill pass."
    )
