"""Text for messages, the same in every layer: :func:`shortened` cuts what someone
typed or a file holds to one readable line. Pure Python, so the model, the simulator
and the readers use it as the command line does (``terminal.shortened`` is this
function)."""

from __future__ import annotations


def shortened(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters (the last one ``…``) for a message that
    echoes what someone typed or a file holds: a message stays one readable line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
