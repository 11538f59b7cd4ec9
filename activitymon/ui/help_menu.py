"""Help menu entries that teach: Glossary, What is this? (Shift+F1), Lessons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWhatsThis, QWidget

from activitymon.teaching.glossary import GlossaryError, glossary
from activitymon.ui.getting_started import show_getting_started
from activitymon.ui.glossary_dialog import GlossaryDialog
from activitymon.ui.lesson_controller import LessonHost
from activitymon.ui.lesson_picker import pick_lesson


def add_teaching_actions(host: LessonHost, window: QWidget, menu: QMenu) -> None:
    """Glossary (F1), What Is This? (Shift+F1) and Lessons…; the shortcuts are added to
    ``window`` too, so they work while the menu bar is hidden."""
    glossary_action = menu.addAction("Glossary…")
    glossary_action.setObjectName("glossary")
    glossary_action.setShortcut(QKeySequence("F1"))
    glossary_action.triggered.connect(lambda: open_glossary(window, host.show_error))
    window.addAction(glossary_action)
    whats_this = QWhatsThis.createAction(window)
    whats_this.setText("What Is This?")
    whats_this.setObjectName("whats-this")
    whats_this.setShortcut(QKeySequence("Shift+F1"))
    menu.addAction(whats_this)
    window.addAction(whats_this)
    lessons = menu.addAction("Lessons…")
    lessons.setObjectName("lessons")
    lessons.triggered.connect(lambda: pick_lesson(host, window))
    getting_started = menu.addAction("Getting Started")
    getting_started.setObjectName("getting-started")
    getting_started.triggered.connect(lambda: show_getting_started(host, window))
    menu.addSeparator()


def open_glossary(
    parent: QWidget, say: Callable[[str], None], term: str | None = None
) -> GlossaryDialog | None:
    """The glossary (one dialog per window), at ``term`` if given; a glossary that
    cannot be read is said with ``say``."""
    try:
        terms = glossary()
    except GlossaryError as exc:
        say(str(exc))
        return None
    dialog: GlossaryDialog | None = parent.findChild(GlossaryDialog)
    if dialog is None:
        dialog = GlossaryDialog(terms, parent)
    if term:
        dialog.show_term(term)
    dialog.show()
    return dialog
