"""Peak decimation of a long history for drawing (Qt-free).

A curve of 86,400 samples drawn into ~1,200 pixel columns needs, per column, only the
lowest and highest value. pyqtgraph's automatic downsampling does that too, but twice
per tick (once for the new data, once for the moved range) and without memory of where
its buckets were; here it is done once per tick, and buckets are aligned to the
absolute sample number, so as the window slides by one sample the buckets stay put and
the curve does not shimmer. NaN (unknown) values are skipped; an all-unknown bucket
stays unknown (a gap).
"""

from __future__ import annotations

import numpy as np

from activitymon.viewmodel.history import FloatArray


def peak_decimate(
    t: FloatArray, y: FloatArray, first_index: int, buckets: int
) -> tuple[FloatArray, FloatArray]:
    """``(t, y)`` with each full bucket of samples replaced by its minimum and maximum
    (two points at the bucket's first time); returned unchanged when short enough.

    ``first_index`` is the absolute number of ``y[0]`` (samples appended before it), so
    bucket edges fall on multiples of the bucket size whatever the window's position.
    """
    n = len(y)
    if buckets < 1 or n <= 2 * buckets:
        return t, y
    k = -(-n // buckets)  # samples per bucket (ceil)
    start = (-first_index) % k
    m = (n - start) // k
    end = start + m * k
    body = y[start:end].reshape(m, k)
    out_y = np.empty(2 * m)
    out_y[0::2] = np.fmin.reduce(body, axis=1)  # fmin/fmax skip NaN without warnings
    out_y[1::2] = np.fmax.reduce(body, axis=1)
    out_t = np.repeat(t[start:end:k], 2)
    return (
        np.concatenate((t[:start], out_t, t[end:])),
        np.concatenate((y[:start], out_y, y[end:])),
    )
