"""The simulator's errors: one-line messages for the user."""

from __future__ import annotations


class SimulatorError(Exception):
    """A control call the simulated device cannot honour (unknown pid, bad value)."""


class ScenarioError(SimulatorError):
    """A scenario or device profile file is invalid; the message names the file, the key
    path and what was expected."""
