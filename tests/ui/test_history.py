"""The graph's ring buffers: the newest values in order, and an O(1) answer to "are
there gaps?" that always matches the stored values."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from activitymon.viewmodel.history import RingBuffer

values = st.lists(st.one_of(st.just(math.nan), st.floats(-1e6, 1e6)), max_size=60)


@given(capacity=st.integers(1, 12), appended=values)
def test_gaps_match_the_stored_values(capacity: int, appended: list[float]) -> None:
    ring = RingBuffer(capacity)
    for value in appended:
        ring.append(value)
        view = ring.view()
        assert ring.has_gaps == bool(np.isnan(view).any())
    kept = appended[-capacity:] if appended else []
    np.testing.assert_array_equal(ring.view(), np.array(kept, dtype=float))
    ring.clear()
    assert not ring.has_gaps


@given(
    n=st.integers(0, 400),
    first=st.integers(0, 10_000),
    buckets=st.integers(1, 50),
    seed=st.integers(0, 1000),
)
def test_decimation_keeps_every_peak_and_the_time_order(
    n: int, first: int, buckets: int, seed: int
) -> None:
    from activitymon.ui.graph.decimate import peak_decimate

    rng = np.random.default_rng(seed)
    t = np.arange(first, first + n, dtype=float)
    y = rng.normal(0, 10, n)
    y[rng.random(n) < 0.1] = np.nan
    dt, dy = peak_decimate(t, y, first, buckets)
    assert len(dt) == len(dy)
    assert len(dy) <= max(n, 2 * buckets + 2 * (n // max(buckets, 1)) + 2)
    assert np.all(np.diff(dt) >= 0)  # time never runs backwards
    if n and not np.isnan(y).all():
        assert np.nanmax(dy) == np.nanmax(y)  # the highest and lowest are never lost
        assert np.nanmin(dy) == np.nanmin(y)


def test_decimation_buckets_stay_put_as_the_window_slides() -> None:
    from activitymon.ui.graph.decimate import peak_decimate

    y = np.sin(np.arange(10_000) / 50.0)
    t = np.arange(10_000, dtype=float)
    a_t, a_y = peak_decimate(t[0:8000], y[0:8000], 0, 100)
    b_t, b_y = peak_decimate(t[1:8001], y[1:8001], 1, 100)
    # the buckets both windows cover whole are the same points
    common = np.intersect1d(a_t, b_t)
    assert len(common) >= 98  # 100 buckets of 80; all but the partial edges
    for x in common[2:-2]:
        assert set(a_y[a_t == x]) == set(b_y[b_t == x])
