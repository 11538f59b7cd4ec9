"""Help menu entries that teach: Glossary, What is this? (Shift+F1), Lessons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWhatsThis

from activitymon.teaching.glossary import GlossaryError, glossary
from activitymon.ui.glossary_dialog import GlossaryDialog
from activitymon.ui.lesson_picker import pick_lesson

if TYPE_CHECKING:
    from activitymon.ui.main_window import MainWindow


def add_teaching_actions(window: MainWindow, menu: QMenu) -> None:
    glossary_action = menu.addAction("Glossary…")
    glossary_action.setObjectName("glossary")
    glossary_action.setShortcut(QKeySequence("F1"))
    glossary_action.triggered.connect(lambda: open_glossary(window))
    window.addAction(glossary_action)
    whats_this = QWhatsThis.createAction(window)
    whats_this.setText("What Is This?")
    whats_this.setObjectName("whats-this")
    whats_this.setShortcut(QKeySequence("Shift+F1"))
    menu.addAction(whats_this)
    window.addAction(whats_this)
    lessons = menu.addAction("Lessons…")
    lessons.setObjectName("lessons")
    lessons.triggered.connect(lambda: pick_lesson(window))
    menu.addSeparator()


def open_glossary(window: MainWindow, term: str | None = None) -> GlossaryDialog | None:
    try:
        terms = glossary()
    except GlossaryError as exc:
        window.show_error(str(exc))
        return None
    dialog: GlossaryDialog | None = window.findChild(GlossaryDialog)
    if dialog is None:
        dialog = GlossaryDialog(terms, window)
    if term:
        dialog.show_term(term)
    dialog.show()
    return dialog
