"""activitymon: a desktop activity monitor about memory pressure and jetsam."""

__version__ = "0.1.0"
