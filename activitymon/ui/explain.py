"""Glossary text on widgets: tooltips and "What is this?" texts from one place.

Every view asks :func:`tooltip` for a term's text (the glossary's rich tooltip) and
:func:`explain` puts it on a widget as both tooltip and What's This text, so Shift+F1
and hovering say the same thing. A glossary that cannot be read leaves the texts empty
and says why once in the log (the app still runs).

Texts are those of the platform on screen: when a source is attached the window calls
:func:`explain_for_source`, which says every explained widget again in that platform's
words (a ``[TERM.linux]`` entry on Linux) and makes it the variant later tooltips use.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip, QWhatsThis, QWidget

from activitymon.teaching.glossary import Entry, Glossary, GlossaryError, glossary

log = logging.getLogger(__name__)
TERM_PROPERTY = "glossaryTerm"
PREFIX_PROPERTY = "glossaryPrefix"


@functools.cache
def _glossary() -> Glossary | None:
    try:
        return glossary()
    except GlossaryError as exc:
        log.warning("%s", exc)
        return None


#: the glossary variant of the source on screen ("apple", "linux"): set with the
#: source (:func:`explain_for_source`), read by every tooltip asked without one
_variant: list[str | None] = [None]


def current_variant() -> str | None:
    return _variant[0]


def entry(term: str, variant: str | None = None) -> Entry | None:
    g = _glossary()
    return None if g is None else g.get(term, variant or _variant[0])


def tooltip(term: str, variant: str | None = None) -> str:
    """The tooltip of ``term`` as the platform ``variant`` reads it (``None``: the
    source on screen's)."""
    found = entry(term, variant)
    return "" if found is None else found.tooltip()


def summary(term: str, variant: str | None = None) -> str:
    found = entry(term, variant)
    return "" if found is None else found.summary


def explain(widget: QWidget, term: str, prefix: str = "", variant: str | None = None) -> None:
    """Tooltip and What's This of ``widget`` from the glossary entry ``term``; the
    widget remembers the term, so :func:`explain_for_source` can say it again in
    another platform's words."""
    text = tooltip(term, variant)
    if prefix and text:
        text = f"<p>{prefix}</p>{text}"
    widget.setToolTip(text)
    widget.setWhatsThis(text)
    widget.setProperty(TERM_PROPERTY, term)
    widget.setProperty(PREFIX_PROPERTY, prefix)


def explain_for_source(root: QWidget, variant: str | None) -> None:
    """Every explained widget under ``root`` (and ``root``) in the words of the
    platform on screen: Linux's meaning of "Memory used" beside a Linux figure. Views
    that ask for tooltips as they paint or hover use this variant from now on."""
    _variant[0] = variant
    for widget in [root, *root.findChildren(QWidget)]:
        term = widget.property(TERM_PROPERTY)
        if isinstance(term, str) and term:
            prefix = widget.property(PREFIX_PROPERTY)
            explain(widget, term, prefix if isinstance(prefix, str) else "", variant)


def answer_help(widget: QWidget, event: QEvent, help_at: Callable[[QPointF], str]) -> bool:
    """Answer a custom-painted widget's tooltip and What's This? events from
    ``help_at(point)`` (the explanation of what is drawn there, "" for nothing);
    ``False`` for any other event, which the caller passes on."""
    kind = event.type()
    if kind == QEvent.Type.QueryWhatsThis:
        event.setAccepted(bool(help_at(QPointF(event.pos()))))  # type: ignore[attr-defined]  # a QHelpEvent at runtime
        return True
    if kind in (QEvent.Type.ToolTip, QEvent.Type.WhatsThis) and isinstance(event, QHelpEvent):
        text = help_at(QPointF(event.pos()))
        if kind == QEvent.Type.WhatsThis:
            if text:
                QWhatsThis.showText(event.globalPos(), text, widget)
        elif text:
            QToolTip.showText(event.globalPos(), text, widget)
        else:
            QToolTip.hideText()
        return True
    return False
