"""Help → Glossary: every term, searchable, with its whole entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from activitymon.teaching.glossary import Glossary


class GlossaryDialog(QDialog):
    def __init__(self, terms: Glossary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary")
        self.resize(760, 480)
        self.terms = terms
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search terms: a kill reason, a band, a figure, a column…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMaximumWidth(240)
        self.page = QTextBrowser()
        self.page.setOpenLinks(False)
        self.page.anchorClicked.connect(lambda url: self.show_term(url.toString()))
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.page, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(body, 1)
        self.search.textChanged.connect(self.filter)
        self.list.currentItemChanged.connect(self._current_changed)
        self.filter("")

    def filter(self, text: str) -> None:
        """Show the entries matching ``text`` (names first) and open the first."""
        self.list.clear()
        for entry in self.terms.search(text):
            item = QListWidgetItem(entry.term)
            item.setToolTip(entry.summary)
            item.setData(Qt.ItemDataRole.UserRole, entry.term)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.page.setHtml(f"<p>No term matches “{text}”.</p>")

    def visible_terms(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def show_term(self, name: str) -> bool:
        entry = self.terms.get(name)
        if entry is None:
            return False
        if entry.term not in self.visible_terms():
            self.search.clear()
        for i in range(self.list.count()):
            if self.list.item(i).text() == entry.term:
                self.list.setCurrentRow(i)
        return True

    def _current_changed(self, current: QListWidgetItem | None, _: object = None) -> None:
        if current is None:
            return
        entry = self.terms.get(str(current.data(Qt.ItemDataRole.UserRole)))
        if entry is None:
            return
        links = ", ".join(f"<a href='{s}'>{s}</a>" for s in entry.see)
        html = entry.html()
        if links:
            html = html.rsplit("<p><b>See also:</b>", 1)[0] + f"<p><b>See also:</b> {links}</p>"
        self.page.setHtml(html)
