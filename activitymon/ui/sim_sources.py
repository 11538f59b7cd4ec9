"""Moved to :mod:`activitymon.viewmodel.sim_sources` (Qt-free); re-exported here."""

from activitymon.viewmodel.sim_sources import (
    SimChoice,
    build_sim_source,
    current_choice,
    profile_names,
    scenario_names,
)

__all__ = ["SimChoice", "build_sim_source", "current_choice", "profile_names", "scenario_names"]
