"""The memory-pressure graph, one package: :class:`PressureGraph` is its one entry point.

Inside: the widget and its plots (``pressure_graph``, ``psi_plot``, ``page_classes``),
the lean curve item and its data (``series_curve``, ``curve_data``, ``decimate``), what
is drawn behind and over the curves (``level_shading``, ``jetsam_lines``, ``markers``),
the axes (``byte_axis``, ``time_axis``), the bar above the plots (``bar``, ``key``), the
What's This text (``help``), the CSV export (``export``), following the newest sample
(``follow``) and the shared plot set-up (``plot_setup``). Other ``ui`` modules import
only this package's entry points: the graph, and the byte axis other plots share (the
inspector's gauge).
"""

from activitymon.ui.graph.byte_axis import BytesAxis, plain_bytes
from activitymon.ui.graph.pressure_graph import PressureGraph

__all__ = ["BytesAxis", "PressureGraph", "plain_bytes"]
