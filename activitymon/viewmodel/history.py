"""Fixed-size history for the graph: numpy ring buffers that hand out contiguous,
zero-copy views (each value is written twice, at ``i`` and ``i + capacity``)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class RingBuffer:
    """The last ``capacity`` float values; :meth:`view` is oldest-first and contiguous."""

    __slots__ = ("_count", "_data", "_nans", "_next", "appended", "capacity")

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._data: FloatArray = np.full(2 * capacity, np.nan)
        self._next = 0
        self._count = 0
        #: unknown (NaN) values in the window, kept per append: "are there gaps?" is
        #: then O(1), not a pass over 86,400 values per curve per tick (#16)
        self._nans = 0
        #: values appended since creation: the absolute number of the newest is this − 1
        self.appended = 0

    def __len__(self) -> int:
        return self._count

    def append(self, value: float) -> None:
        i = self._next
        if self._count == self.capacity and math.isnan(self._data[i]):
            self._nans -= 1  # a NaN leaves the window
        if math.isnan(value):
            self._nans += 1
        self._data[i] = value
        self._data[i + self.capacity] = value
        self._next = (i + 1) % self.capacity
        self._count = min(self._count + 1, self.capacity)
        self.appended += 1

    @property
    def first_index(self) -> int:
        """Absolute number of the oldest stored value (for aligned decimation)."""
        return self.appended - self._count

    def view(self) -> FloatArray:
        """The stored values, oldest first, as a read-only view (no copy)."""
        start = self._next + self.capacity - self._count
        out = self._data[start : start + self._count]
        out.flags.writeable = False
        return out

    @property
    def has_gaps(self) -> bool:
        """Whether any stored value is unknown (NaN)."""
        return self._nans > 0

    def last(self) -> float | None:
        if not self._count:
            return None
        return float(self._data[(self._next - 1) % self.capacity])

    def clear(self) -> None:
        self._data[:] = np.nan
        self._next = 0
        self._count = 0
        self._nans = 0
        self.appended = 0


class SeriesHistory:
    """Named ring buffers sharing one time axis: ``append(t, name=value, …)``."""

    def __init__(self, capacity: int, names: tuple[str, ...]) -> None:
        self.capacity = capacity
        self.time = RingBuffer(capacity)
        self.series = {name: RingBuffer(capacity) for name in names}

    def append(self, t: float, values: dict[str, float | None]) -> None:
        self.time.append(t)
        for name, ring in self.series.items():
            value = values.get(name)
            ring.append(np.nan if value is None else float(value))

    def __len__(self) -> int:
        return len(self.time)

    def resize(self, capacity: int) -> None:
        """Keep the newest values that fit in the new capacity."""
        old_time = self.time.view().copy()
        old = {name: ring.view().copy() for name, ring in self.series.items()}
        self.capacity = capacity
        self.time = RingBuffer(capacity)
        self.series = {name: RingBuffer(capacity) for name in old}
        for i in range(max(0, len(old_time) - capacity), len(old_time)):
            self.time.append(float(old_time[i]))
            for name, values in old.items():
                self.series[name].append(float(values[i]))
