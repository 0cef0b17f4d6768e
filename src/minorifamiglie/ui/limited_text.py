"""A multi-line text field with the limit the domain sets (validation.MAX_TEXT).

A paste of a whole document (1 MB) froze the window for seconds and was then refused by the
service with a message naming an internal field (issue 13). Here a paste keeps what fits and
says how much was left out, and a counter appears as the text nears its limit."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from minorifamiglie.domain.validation import MAX_TEXT
from minorifamiglie.ui.common import plain_label

COUNTER_FROM = 0.8  # the counter shows from this share of the limit on


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class LimitedTextEdit(QPlainTextEdit):
    clipped = Signal(int)  # how many characters of a paste were left out

    def __init__(self, limit: int = MAX_TEXT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.counter = plain_label()
        self.counter.setObjectName("lengthCounter")
        self.counter.setStyleSheet("color: #666;")
        self.counter.setVisible(False)
        self.textChanged.connect(self._count)

    def length(self) -> int:
        return max(0, self.document().characterCount() - 1)  # the document's last paragraph mark

    def insertFromMimeData(self, source: QMimeData) -> None:
        if not source.hasText():
            super().insertFromMimeData(source)
            return
        text = source.text()
        cursor = self.textCursor()
        room = max(0, self.limit - (self.length() - len(cursor.selectedText())))
        if len(text) <= room:
            super().insertFromMimeData(source)
            return
        cursor.insertText(text[:room])
        self.setTextCursor(cursor)
        self.clipped.emit(len(text) - room)

    def _count(self) -> None:
        length = self.length()
        show = length >= self.limit * COUNTER_FROM
        self.counter.setVisible(show)
        if show:
            self.counter.setText(f"{_thousands(length)} / {_thousands(self.limit)}")
            over = length > self.limit
            self.counter.setStyleSheet("color: #b00020;" if over else "color: #666;")
