"""Glossary text on widgets: tooltips and "What is this?" texts from one place.

Every view asks :func:`tooltip` for a term's text (the glossary's rich tooltip) and
:func:`explain` puts it on a widget as both tooltip and What's This text, so Shift+F1
and hovering say the same thing. A glossary that cannot be read leaves the texts empty
and says why once in the log (the app still runs).
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtWidgets import QWidget

from activitymon.teaching.glossary import Entry, Glossary, GlossaryError, glossary

log = logging.getLogger(__name__)
TERM_PROPERTY = "glossaryTerm"


@functools.cache
def _glossary() -> Glossary | None:
    try:
        return glossary()
    except GlossaryError as exc:
        log.warning("%s", exc)
        return None


def entry(term: str) -> Entry | None:
    g = _glossary()
    return None if g is None else g.get(term)


def tooltip(term: str) -> str:
    found = entry(term)
    return "" if found is None else found.tooltip()


def summary(term: str) -> str:
    found = entry(term)
    return "" if found is None else found.summary


def explain(widget: QWidget, term: str, prefix: str = "") -> None:
    """Tooltip and What's This of ``widget`` from the glossary entry ``term``."""
    text = tooltip(term)
    if prefix and text:
        text = f"<p>{prefix}</p>{text}"
    widget.setToolTip(text)
    widget.setWhatsThis(text)
    widget.setProperty(TERM_PROPERTY, term)
