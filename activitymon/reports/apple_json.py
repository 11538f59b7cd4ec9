"""JSON in the layout Apple's report writer uses for JetsamEvent bodies.

What the real reports show (iOS 10–14 fixtures):

* ``" : "`` between key and value, 2-space indentation, forward slashes escaped
  as ``\\/``, non-ASCII text written as UTF-8;
* the body's top-level object is assembled by hand: its keys sit at indent 2, but
  each value is a separately serialised document starting at column 0, so the
  inner lines of ``memoryStatus`` and ``processes`` start at indent 2 again and
  their closing brackets sit at column 0;
* an empty array is ``[``, an empty line, then ``]``;
* floats printed with ``%.17g`` (iOS 11+: ``0.066796999999999995``) or ``%.16g``
  (iOS 10: ``0.471843``, ``0.07025000000000001``); ``None`` digits means Python's
  shortest form. A value that 16 digits would change gets 17, so nothing is lost.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("/", "\\/")


def float_text(value: float, digits: int | None) -> str:
    if not math.isfinite(value):
        return "null"  # JSON has no NaN or infinity
    text = f"{value:.{digits}g}" if digits else repr(value)
    if float(text) != value:  # %.16g can lose the last bit; never write a different value
        text = f"{value:.17g}"
    if not any(c in text for c in ".eEn"):
        text += ".0"  # keep it a float when read back
    return text


def dump_value(value: Any, indent: int = 0, digits: int | None = 17) -> str:
    """One value in Apple's pretty layout; ``indent`` is where its closing bracket goes."""
    pad = " " * indent
    inner = " " * (indent + 2)
    if isinstance(value, Mapping):
        if not value:
            return "{\n\n" + pad + "}"
        items = [
            f"{inner}{_string(str(k))} : {dump_value(v, indent + 2, digits)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if not value:
            return "[\n\n" + pad + "]"
        items = [inner + dump_value(v, indent + 2, digits) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value, digits)
    return _string(str(value))


def dump_body(items: Sequence[tuple[str, Any]], digits: int | None = 17) -> str:
    """The hand-assembled top-level object of a JetsamEvent body, with a final newline."""
    lines = [f"  {_string(k)} : {dump_value(v, 0, digits)}" for k, v in items]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def dump_header(header: Mapping[str, Any]) -> str:
    """The compact one-line header of an ``.ips`` file (no final newline)."""
    return json.dumps(dict(header), separators=(",", ":"), ensure_ascii=False)
