"""The unlock screen: the first thing drawn, so it imports Qt and nothing heavy.

As a KeePassXC user expects: a Caps Lock warning while the passphrase field has focus, a
show-passphrase toggle (hidden again at every lock), and, after the application locked itself,
why and when ("Bloccato per inattività alle 14:32")."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.italian_format import fmt_time
from minorifamiglie.ui.common import plain_label

# Set by bench/bench_package.py: one line on stderr when the screen is first drawn, so that the
# start-up of the installed program can be timed from outside, beside a bare window's.
TRACE_STARTUP = "MINORIFAMIGLIE_TRACE_STARTUP"
DRAWN_LINE = "minorifamiglie: unlock screen drawn\n"

# Keys held with a letter that make it no plain typing (shortcuts, AltGr on Windows).
_NOT_TYPING = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class LockReason(Enum):
    """Why the profile was locked, said on the unlock screen with the time."""

    USER = "user"  # Ctrl+L, the Lock button
    IDLE = "idle"  # no key press nor click for the minutes chosen in the settings
    SLEEP = "sleep"  # the computer went to sleep (the lid closed)
    SESSION = "session"  # the system session (the screen) was locked


def platform_caps_lock() -> bool | None:
    """Caps Lock as the windowing system knows it (Windows, X11); None elsewhere."""
    from minorifamiglie import portable

    return portable.caps_lock_on(QGuiApplication.platformName())


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

    def __init__(
        self,
        parent: QWidget | None = None,
        caps_lock: Callable[[], bool | None] = platform_caps_lock,
    ) -> None:
        """`caps_lock` tells whether Caps Lock is on, None when the system cannot say: then
        the letters typed say it (an uppercase one without Shift, a lowercase one with it)."""
        super().__init__(parent)
        self.setObjectName("unlockWindow")
        self._caps_lock = caps_lock
        self._typed_caps: bool | None = None  # what the letters typed so far say
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
        self.lock_reason = self._lock_reason_label()
        self.passphrase = self._passphrase_field()
        self.passphrase.installEventFilter(self)  # Caps Lock: keys and focus
        self._reveal(False)
        self.caps_warning = self._caps_lock_warning()
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setDefault(True)
        self.button.setAccessibleName(self.tr("Unlock"))
        self.error = plain_label()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Error message"))
        self.about_button = self._about_link()

        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.title, alignment=Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.lock_reason)
        box.addWidget(self.hint)
        box.addWidget(self.passphrase)
        box.addWidget(self.caps_warning)
        box.addWidget(self.button)
        box.addWidget(self.error)
        box.addStretch(2)
        box.addWidget(self.about_button, alignment=Qt.AlignmentFlag.AlignRight)
        box.setContentsMargins(48, 24, 48, 12)
        self.setMinimumWidth(420)
        self.resize(520, 360)

        self._remaining = 0
        self._hint_before = ""  # the usual line, set aside while a backup is restored
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self.button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)

    def _passphrase_field(self) -> QLineEdit:
        """Hidden text, with the eye that shows it at its right end."""
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setPlaceholderText(self.tr("Passphrase"))
        field.setAccessibleName(self.tr("Passphrase"))
        self.reveal_action = QAction(self)
        self.reveal_action.setObjectName("revealPassphraseAction")
        self.reveal_action.setCheckable(True)
        self.reveal_action.toggled.connect(self._reveal)
        field.addAction(self.reveal_action, QLineEdit.ActionPosition.TrailingPosition)
        # The button the line edit draws for the action: named for screen readers below.
        self.reveal_button = next(
            (o for o in self.reveal_action.associatedObjects() if isinstance(o, QToolButton)),
            None,
        )
        return field

    def _about_link(self) -> QPushButton:
        button = QPushButton(self.tr("About"))
        button.setObjectName("aboutButton")
        button.setFlat(True)
        button.setStyleSheet(
            "QPushButton { color: #2f6690; text-decoration: underline; border: 0; padding: 4px; }"
        )
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setAutoDefault(False)
        button.setToolTip(self.tr("Version, licence and third-party components"))
        button.clicked.connect(self.aboutRequested)
        return button

    def _lock_reason_label(self) -> QLabel:
        label = plain_label()
        label.setObjectName("lockReasonLabel")
        label.setStyleSheet("font-weight: bold;")
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _caps_lock_warning(self) -> QLabel:
        label = QLabel(self.tr("Caps Lock is on"))
        label.setObjectName("capsLockWarning")
        label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        label.setAccessibleName(label.text())
        policy = label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the button does not jump when it appears
        label.setSizePolicy(policy)
        label.setVisible(False)
        return label

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
        """As at start: empty and hidden passphrase, no message, no reason to show."""
        self.passphrase.clear()
        self.reveal_action.setChecked(False)
        self.error.setText("")
        self.show_locked(None)
        self._typed_caps = None
        self.set_busy(False)
        self.passphrase.setFocus()
        self._update_caps_warning()

    def show_locked(self, reason: LockReason | None, at: dt.datetime | None = None) -> None:
        """Say why and when the application locked itself; None says nothing."""
        when = fmt_time(at)
        texts = {
            LockReason.USER: self.tr("Locked at %1"),
            LockReason.IDLE: self.tr("Locked after inactivity at %1"),
            LockReason.SLEEP: self.tr("Locked when the computer went to sleep at %1"),
            LockReason.SESSION: self.tr("Locked when the session was locked at %1"),
        }
        text = texts[reason].replace("%1", when) if reason is not None and when else ""
        self.lock_reason.setText(text)
        self.lock_reason.setVisible(bool(text))

    # ------------------------------------------------------------------ show the passphrase
    def _reveal(self, shown: bool) -> None:
        self.passphrase.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        text = self.tr("Hide the passphrase") if shown else self.tr("Show the passphrase")
        self.reveal_action.setText(text)
        self.reveal_action.setToolTip(text)
        self.reveal_action.setIcon(_eye_icon(self.palette().text().color(), crossed=shown))
        if self.reveal_button is not None:
            self.reveal_button.setAccessibleName(text)
            self.reveal_button.setToolTip(text)

    # ------------------------------------------------------------------ Caps Lock
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: while the window is destroyed its attributes may be gone already
        if watched is getattr(self, "passphrase", None):
            kind = event.type()
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                self._note_typed(event)
                self._update_caps_warning()
            elif kind == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent):
                if event.key() == Qt.Key.Key_CapsLock:
                    self._update_caps_warning()
            elif kind == QEvent.Type.FocusIn:
                self._update_caps_warning()
            elif kind == QEvent.Type.FocusOut:
                self._typed_caps = None  # it may change elsewhere: ask again on return
                self.caps_warning.setVisible(False)
        return super().eventFilter(watched, event)

    def _note_typed(self, event: QKeyEvent) -> None:
        """A letter typed uppercase without Shift, or lowercase with it, means Caps Lock."""
        if event.key() == Qt.Key.Key_CapsLock:
            if self._typed_caps is not None:
                self._typed_caps = not self._typed_caps
            return
        text = event.text()
        if len(text) != 1 or text.lower() == text.upper() or event.modifiers() & _NOT_TYPING:
            return
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._typed_caps = text.isupper() != shift

    def _update_caps_warning(self) -> None:
        known = self._caps_lock()
        on = known if known is not None else bool(self._typed_caps)
        self.caps_warning.setVisible(on and self.passphrase.hasFocus())

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


def _eye_icon(color: QColor, *, crossed: bool) -> QIcon:
    """An eye (show the passphrase), crossed out (hide it): drawn, so that no icon theme is
    needed (Windows has none)."""
    pixmap = QPixmap(48, 48)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 3.5))
    outline = QPainterPath()
    outline.moveTo(4, 24)
    outline.quadTo(24, 2, 44, 24)
    outline.quadTo(24, 46, 4, 24)
    painter.drawPath(outline)
    painter.setBrush(color)
    painter.drawEllipse(QPointF(24, 24), 6.5, 6.5)
    if crossed:
        painter.drawLine(8, 42, 40, 6)
    painter.end()
    return QIcon(pixmap)
