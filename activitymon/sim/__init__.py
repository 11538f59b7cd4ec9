"""An embedded iOS device whose memorystatus behaves as XNU's does.

Pure Python: no Qt, no psutil, no ctypes. The simulator owns its clock, is seeded,
and steps deterministically: the same scenario and seed give the same events.
"""

from activitymon.sim.simulator import Simulator, demo_simulator

__all__ = ["Simulator", "demo_simulator"]
