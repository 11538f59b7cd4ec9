"""A frame as a recording stores it: JSON, deflated; read back within bounds.

A frame read from a file may be a deflate bomb (a megabyte that inflates to a
gigabyte), text where deflated bytes belong, JSON nested deeper than a parser can take,
``NaN`` or a number of thousands of digits. :func:`unpack` inflates at most
:data:`MAX_RATIO` times a frame's size and never more than its kind's cap, and parses
strict JSON; anything else is a ``ValueError`` saying what is wrong.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

Data = dict[str, Any]

#: deflate level: 1 is nearly as small as 6 on this JSON and several times faster
_LEVEL = 1
#: the most a frame may inflate to: a system frame takes a few KB, the keyframe of a
#: machine with thousands of processes a few hundred KB
MAX_SYSTEM_FRAME = 64 << 10
MAX_PROCESS_FRAME = 4 << 20
#: … and at most this many times its deflated size (this JSON deflates 3–10×; a
#: deflate bomb 1000×); frames under :data:`_RATIO_FLOOR` are not held to it
MAX_RATIO = 64
_RATIO_FLOOR = 64 << 10


def pack(frame: Data) -> bytes:
    return zlib.compress(json.dumps(frame, separators=(",", ":")).encode(), _LEVEL)


def _no_constant(word: str) -> Any:
    raise ValueError(f"a number that is {word}")


def unpack(blob: Any, limit: int = MAX_PROCESS_FRAME) -> Data:
    """A frame, inflated to at most ``limit`` bytes and :data:`MAX_RATIO` times its
    deflated size (a deflate bomb is refused before it is inflated whole), parsed as
    strict JSON (no ``NaN``, ``Infinity``, nesting a parser cannot take). Raises
    ``ValueError`` for a damaged frame."""
    if type(blob) is not bytes:
        what = "missing" if blob is None else f"stored as {type(blob).__name__}, not deflated data"
        raise ValueError(f"damaged frame ({what})")
    allowed = min(limit, max(_RATIO_FLOOR, MAX_RATIO * len(blob)))
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(blob, allowed + 1)
    except zlib.error as exc:
        raise ValueError(f"damaged frame ({exc})") from None
    if len(raw) > allowed:
        what = (
            f"larger than the {limit >> 10:,} KiB a frame may take"
            if allowed == limit
            else f"{MAX_RATIO}× its {len(blob):,} deflated bytes and more: a deflate bomb"
        )
        raise ValueError(f"damaged frame (it inflates to {what})")
    if not inflater.eof:
        raise ValueError("damaged frame (its deflated data is cut short)")
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("damaged frame (nested too deep)") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"damaged frame (not JSON: {exc.msg} at byte {exc.pos})") from None
    except UnicodeDecodeError:
        raise ValueError("damaged frame (not UTF-8 text)") from None
    except ValueError as exc:  # a number of more than 4,300 digits, NaN, Infinity
        why = exc.args[0] if str(exc).startswith("a number that") else "a number too long"
        raise ValueError(f"damaged frame ({why})") from None
    if not isinstance(data, dict):
        raise ValueError("damaged frame (not an object)")
    return data
