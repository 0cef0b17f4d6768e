"""When the visit editor saves by itself, and the status line that says how saving went
("Salvata alle 10:42:07")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from minorifamiglie.ui.common import error_text, fmt_time
from minorifamiglie.ui.workspace import LockedError

AUTOSAVE_DELAY_MS = 3_000  # after the last keystroke
AUTOSAVE_MAX_WAIT_MS = 10_000  # at most this long between saves while typing


class Autosave(QObject):
    """`saveDue` AUTOSAVE_DELAY_MS after the last change, and at least every
    AUTOSAVE_MAX_WAIT_MS while the changes go on. `pending`: a change is not saved yet."""

    saveDue = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self._due)
        self.max_wait_timer = QTimer(self)
        self.max_wait_timer.setSingleShot(True)
        self.max_wait_timer.setInterval(AUTOSAVE_MAX_WAIT_MS)
        self.max_wait_timer.timeout.connect(self._due)

    def changed(self) -> None:
        self.pending = True
        self.timer.start()
        if not self.max_wait_timer.isActive():
            self.max_wait_timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.max_wait_timer.stop()

    def _due(self) -> None:
        self.stop()
        self.saveDue.emit()


class SaveStatus(QLabel):
    """The status line of the editor: how the last save went, and what else the editor has to
    say. Links in it (the fields signing still needs) are followed with `linkActivated`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveStatus")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(self.tr("Save status"))
        self.setStyleSheet("color: #555;")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )

    def show_text(self, text: str, error: bool = False, rich: bool = False) -> None:
        """`text` as written (it may quote stored data); `rich`: HTML whose data is escaped."""
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.setText(text)
        self.setStyleSheet("color: #b00020;" if error else "color: #555;")

    def saving(self) -> None:
        self.show_text(self.tr("Saving…"))

    def saved(self, at: dt.datetime) -> None:
        self.show_text(self.tr("Saved at %1").replace("%1", fmt_time(at, seconds=True)))

    def failed(self, error: BaseException, shown_at_field: bool) -> None:
        """A save failed; `shown_at_field`: its message is already next to its field."""
        if isinstance(error, LockedError):
            self.show_text(self.tr("Not saved: the application is locked."), error=True)
        elif shown_at_field:
            self.show_text(self.tr("Not saved: see the message next to the field."), error=True)
        else:
            self.show_text(self.tr("Not saved: %1").replace("%1", error_text(error)), error=True)
