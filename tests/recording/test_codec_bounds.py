"""A recording's frames are untrusted: each check of ``recording.codec`` at its edge
(the format is ``recording.codec``'s docstring; pids and positions are 32-bit
integers, as ``pid_t`` is; at most 256 columns; a state list names each state at
most once)."""

from __future__ import annotations

from typing import Any

import pytest

from activitymon.model import ProcessState
from activitymon.recording import codec
from activitymon.recording.codec import FIELDS, FrameState

# a row in our columns: pid 7, name "p", every other value empty
ROW: list[Any] = [7, "p", *([None] * (len(FIELDS) - 2))]
STATES_AT = FIELDS.index("states")
LIMIT_AT = FIELDS.index("limit")
ROW[STATES_AT] = []


def _keyframe(fields: Any, rows: list[Any]) -> FrameState:
    return FrameState.from_keyframe({}, {"fields": fields, "processes": rows})


def test_pids_are_32_bit_integers() -> None:
    assert codec._ints([2**31 - 1, -(2**31), 0], "a pid") == [2**31 - 1, -(2**31), 0]
    for bad in (2**31, -(2**31) - 1, True, 1.0, "3"):
        with pytest.raises(ValueError, match=r"^a pid: expected an integer, got "):
            codec._ints([5, bad], "a pid")


def test_a_keyframe_names_at_most_256_distinct_columns() -> None:
    extra = [f"later_{i}" for i in range(256 - len(FIELDS))]
    wide = [*FIELDS, *extra]
    assert len(wide) == 256
    state = _keyframe(wide, [[*ROW, *([0] * len(extra))]])
    assert state._process(7).name == "p"
    with pytest.raises(ValueError, match=r"^a keyframe's fields: expected a list of names"):
        _keyframe([*wide, "one_more"], [])
    with pytest.raises(ValueError, match=r"^a keyframe's fields: expected a list of names"):
        _keyframe("pid", [])
    with pytest.raises(ValueError, match=r"^a keyframe's fields: expected distinct names$"):
        _keyframe([*FIELDS, "pid"], [])
    with pytest.raises(ValueError, match=r"^a keyframe's fields: expected distinct names$"):
        _keyframe([*FIELDS[:-1], 3], [])


def test_a_row_shorter_than_its_columns_is_refused() -> None:
    older = list(FIELDS[:-1])
    with pytest.raises(ValueError, match="zip"):
        _keyframe(older, [ROW[:-2]])
    with pytest.raises(ValueError, match=r"^a process row of 3 values, expected "):
        _keyframe(list(FIELDS), [ROW[:3]])


def test_an_order_that_names_a_process_twice_is_refused() -> None:
    state = _keyframe(list(FIELDS), [ROW, [8, "q", *ROW[2:]]])
    state.order = [7, 7]
    with pytest.raises(ValueError, match=r"^the order of the processes does not name each"):
        state.snapshot()
    state.order = [7]
    with pytest.raises(ValueError, match=r"^the order of the processes does not name each"):
        state.snapshot()


def test_a_limit_is_bytes_and_fatal() -> None:
    assert codec._limit_in({"bytes": 5, "fatal": False}).bytes == 5  # type: ignore[union-attr]
    for bad in ({"bytes": 5}, {"bytes": 5, "fatal": True, "x": 1}, [5, True]):
        with pytest.raises(ValueError, match=r"^limit: expected \{bytes, fatal\}, got "):
            codec._limit_in(bad)


def test_a_state_list_names_each_state_at_most_once() -> None:
    every = [s.value for s in ProcessState]
    assert codec._states_in(every) == frozenset(ProcessState)
    with pytest.raises(ValueError, match=r"^states: expected a list of state names, got list"):
        codec._states_in([*every, "idle"])
    with pytest.raises(ValueError, match=r"^states: expected a list of state names, got str"):
        codec._states_in("idle")
    with pytest.raises(ValueError, match="is not a valid ProcessState"):
        codec._states_in(["asleep"])


def test_a_state_set_is_built_once() -> None:
    """Seeking builds thousands of rows: equal state lists share one frozenset."""
    assert codec._states_in(["idle", "daemon"]) is codec._states_in(["idle", "daemon"])


def test_newcomers_stand_where_at_says_in_ascending_positions() -> None:
    assert codec._merge([1, 2], [9, 8], [0, 2]) == [9, 1, 8, 2]
    assert codec._merge([1, 2], [9, 8], [3, 0]) == [8, 1, 2, 9]
    state = _keyframe(list(FIELDS), [ROW])
    with pytest.raises(ValueError, match="zip"):
        state.apply({}, {"appeared": [[8, "q", *ROW[2:]]], "at": [0, 1]})


def test_a_file_without_a_pid_column_reads_pid_0() -> None:
    """Columns a file lacks take the defaults; a pid has none of its own, so 0."""
    older = [f for f in FIELDS if f != "pid"]
    assert _keyframe(older, [ROW[1:]]).order == [0]
