"""Argument types for numeric options: finite, in range, refused in one line.

``float("nan")``, ``float("inf")`` and ``1e12`` all parse as floats; without a range a
``--until inf`` runs forever and a ``--limit -3`` silently drops the three smallest
processes. These types make argparse refuse them with the accepted range
(``argument --until: expected seconds from 0 to 86400, got inf``).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from activitymon.limits import MAX_SIM_SECONDS, MAX_WALL_SECONDS
from activitymon.terminal import clean, shortened

__all__ = ["MAX_SIM_SECONDS", "MAX_WALL_SECONDS", "count", "seconds"]


def _shown(text: str) -> str:
    return clean(shortened(text, 30))


def seconds(
    low: float, high: float, *, above: bool = False, what: str = "seconds"
) -> Callable[[str], float]:
    """A type for a finite number of seconds from ``low`` (excluded if ``above``) to
    ``high``."""
    bound = f"above {low:g}" if above else f"from {low:g}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected {what} {bound} to {high:g}, got {_shown(text)!r}"
            ) from None
        if not math.isfinite(value) or value < low or value > high or (above and value == low):
            raise argparse.ArgumentTypeError(
                f"expected {what} {bound} to {high:g}, got {_shown(text)}"
            )
        return value

    parse.__name__ = "seconds"
    return parse


def count(low: int, high: int) -> Callable[[str], int]:
    """A type for a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        stripped = text.strip().removeprefix("-")
        if not (stripped.isascii() and stripped.isdigit() and len(stripped) <= 18):
            raise argparse.ArgumentTypeError(
                f"expected a whole number from {low} to {high}, got {_shown(text)!r}"
            )
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"expected a whole number from {low} to {high}, got {value}"
            )
        return value

    parse.__name__ = "count"
    return parse
