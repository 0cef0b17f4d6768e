"""The unlock screen: the first thing drawn, so it imports Qt and nothing heavy."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# Set by bench/bench_package.py: one line on stderr when the screen is first drawn, so that the
# start-up of the installed program can be timed from outside, beside a bare window's.
TRACE_STARTUP = "MINORIFAMIGLIE_TRACE_STARTUP"
DRAWN_LINE = "minorifamiglie: unlock screen drawn\n"


class UnlockWindow(QWidget):
    """Asks for the passphrase; shows the growing wait after wrong attempts."""

    _traced = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not UnlockWindow._traced and os.environ.get(TRACE_STARTUP) == "1":
            UnlockWindow._traced = True
            sys.stderr.write(DRAWN_LINE)
            sys.stderr.flush()

    unlockRequested = Signal(str)
    aboutRequested = Signal()  # the version is needed before unlocking too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockWindow")
        self.setWindowTitle(self.tr("Minori e Famiglie — Unlock"))
        self.title = QLabel(self.tr("Minori e Famiglie"))
        self.title.setObjectName("appTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(
            self.tr("The case files are encrypted. Enter your passphrase to open them.")
        )
        self.hint.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setDefault(True)
        self.button.setAccessibleName(self.tr("Unlock"))
        self.error = QLabel("")
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Error message"))
        self.about_button = QPushButton(self.tr("About"))
        self.about_button.setObjectName("aboutButton")
        self.about_button.setFlat(True)
        self.about_button.setStyleSheet(
            "QPushButton { color: #2f6690; text-decoration: underline; border: 0; padding: 4px; }"
        )
        self.about_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.about_button.setAutoDefault(False)
        self.about_button.setToolTip(self.tr("Version, licence and third-party components"))
        self.about_button.clicked.connect(self.aboutRequested)

        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.title, alignment=Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.hint)
        box.addWidget(self.passphrase)
        box.addWidget(self.button)
        box.addWidget(self.error)
        box.addStretch(2)
        box.addWidget(self.about_button, alignment=Qt.AlignmentFlag.AlignRight)
        box.setContentsMargins(48, 24, 48, 12)
        self.setMinimumWidth(420)
        self.resize(520, 320)

        self._remaining = 0
        self._hint_before = ""  # the usual line, set aside while a backup is restored
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self.button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        text = self.passphrase.text()
        if not text or not self.button.isEnabled():
            return
        self.set_busy(True)
        self.error.setText("")
        self.unlockRequested.emit(text)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.button.setText(self.tr("Unlocking…") if busy else self.tr("Unlock"))

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.setText("")
        self.set_busy(False)
        self.passphrase.setFocus()

    def show_wrong_passphrase(self, wait_seconds: float) -> None:
        self.passphrase.clear()
        self.set_busy(False)
        self._remaining = round(wait_seconds)
        if self._remaining > 0:
            self.button.setEnabled(False)
            self._tick_text()
            self._countdown.start()
        else:
            self.error.setText(self.tr("Wrong passphrase."))
        self.passphrase.setFocus()

    def show_demo_hint(self, passphrase: str) -> None:
        """Demo profile only (synthetic data): say which passphrase opens it."""
        self.hint.setText(
            self.tr("Demo profile with synthetic data. Passphrase: %1").replace("%1", passphrase)
        )

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)

    def show_restoring(self) -> None:
        """Busy while a backup becomes this computer's profile (checked in full: it takes a
        while); `end_restoring()` puts the usual line back."""
        self._hint_before = self.hint.text()
        self.hint.setText(
            self.tr(
                "Restoring the backup. Checking every case file may take a while, "
                "up to a minute on a big profile."
            )
        )
        self.error.setText("")
        self.set_busy(True)
        self.button.setText(self.tr("Restoring…"))

    def end_restoring(self) -> None:
        if self._hint_before:
            self.hint.setText(self._hint_before)
        self.set_busy(False)

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._countdown.stop()
            self.button.setEnabled(True)
            self.error.setText(self.tr("Wrong passphrase. You can try again."))
            return
        self._tick_text()

    def _tick_text(self) -> None:
        self.error.setText(
            self.tr("Wrong passphrase. Next attempt in %n second(s).", "", self._remaining)
        )
