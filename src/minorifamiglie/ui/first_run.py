"""First start: who works on this laptop and the passphrase that protects the case files."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from minorifamiglie.config import MIN_PASSPHRASE_LENGTH
from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.passphrase import Strength, strength
from minorifamiglie.ui.common import plain_label
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.restore_dialog import RestoreDialog


@dataclass(frozen=True, slots=True)
class NewProfile:
    operator: str
    role: Role
    device_name: str
    passphrase: str = field(repr=False)  # never printed


class OperatorPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome"))
        self.setSubTitle(
            self.tr(
                "Who will use this computer? The name appears in the diary "
                "and in the documents you sign."
            )
        )
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Operator name"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Role"))
        for role in Role:
            self.role.addItem(label(role), role.value)
        self.device = QLineEdit(platform.node())
        self.device.setAccessibleName(self.tr("Device name"))
        form = QFormLayout()
        form.addRow(self.tr("First and last name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Name of this computer"), self.device)
        self.registerField("operator*", self.name)
        self.name.textChanged.connect(self.completeChanged)

        # The other way in: a new laptop that takes over from a lost or broken one.
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        self.restore_hint = QLabel(
            self.tr(
                "Have a backup of your profile, e.g. on the USB stick? "
                "Bring it back on this computer."
            )
        )
        self.restore_hint.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("&Restore from a backup…"))
        self.restore_button.setObjectName("restoreFromBackup")
        self.restore_button.setAccessibleName(self.tr("Restore from a backup"))
        self.restore_button.setAutoDefault(False)  # Enter still goes to "Next"
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_hint, 1)
        restore_row.addWidget(self.restore_button)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addStretch(1)
        box.addWidget(rule)
        box.addLayout(restore_row)

    def isComplete(self) -> bool:
        return len(self.name.text().split()) >= 2 and bool(self.device.text().strip())


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Passphrase"))
        self.setSubTitle(
            self.tr(
                "The case files are encrypted with this passphrase. Choose a "
                "sentence of several words that only you know."
            )
        )
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("Passphrase"))
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(self.tr("Repeat the passphrase"))
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.feedback = plain_label()
        self.feedback.setWordWrap(True)
        self.warning = QLabel(
            self.tr(
                "Warning: if you forget the passphrase, the case files cannot be opened again "
                "without the coordinator's recovery key. Nobody else can recover it."
            )
        )
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b00;")
        self.understood = QCheckBox(self.tr("I understand"))
        self.understood.setAccessibleName(self.tr("I understand"))
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.first)
        form.addRow(self.tr("Repeat"), self.second)
        form.addRow(self.tr("Strength"), self.meter)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.feedback)
        box.addWidget(self.warning)
        box.addWidget(self.understood)
        for w in (self.first, self.second):
            w.textChanged.connect(self._update)
        self.understood.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        level = strength(self.first.text(), MIN_PASSPHRASE_LENGTH)
        self.meter.setValue(int(level))
        self.meter.setFormat(strength_label(level))
        if level is Strength.TOO_SHORT:
            self.feedback.setText(self.tr("At least %n characters.", "", MIN_PASSPHRASE_LENGTH))
        elif self.second.text() and self.second.text() != self.first.text():
            self.feedback.setText(self.tr("The two passphrases differ."))
        else:
            self.feedback.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        text = self.first.text()
        return (
            strength(text, MIN_PASSPHRASE_LENGTH) >= Strength.FAIR
            and text == self.second.text()
            and text.strip() == text
            and self.understood.isChecked()
        )


class FirstRunWizard(QWizard):
    """A new profile, or (from the first page) one brought back from a backup file."""

    profileRequested = Signal(object)  # NewProfile
    restoreRequested = Signal(object)  # restore_dialog.BackupToRestore

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Minori e Famiglie — First start"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.operator_page = OperatorPage()
        self.passphrase_page = PassphrasePage()
        self.addPage(self.operator_page)
        self.addPage(self.passphrase_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Create profile"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.setMinimumSize(560, 420)
        self.restore_dialog: RestoreDialog | None = None
        self.operator_page.restore_button.clicked.connect(self.open_restore)

    def open_restore(self) -> RestoreDialog:
        """The restore dialog, window-modal over the wizard; the same one each time, so a
        retry after an error keeps the file chosen."""
        if self.restore_dialog is None:
            self.restore_dialog = RestoreDialog(self)
            self.restore_dialog.restoreRequested.connect(self._restore_chosen)
        self.restore_dialog.open()
        return self.restore_dialog

    def _restore_chosen(self, request: object) -> None:
        # The controller shows its busy window first: there is always a window on screen.
        self.restoreRequested.emit(request)
        self.hide()

    def show_restore_error(self, message: str) -> None:
        """The restore failed: back on screen, the dialog open again with the reason."""
        self.show()
        self.activateWindow()
        dialog = self.open_restore()
        dialog.show_error(message)

    def accept(self) -> None:
        op = self.operator_page
        self.profileRequested.emit(
            NewProfile(
                operator=" ".join(op.name.text().split()),
                role=Role(op.role.currentData()),
                device_name=op.device.text().strip(),
                passphrase=self.passphrase_page.first.text(),
            )
        )
        super().accept()


def strength_label(level: Strength) -> str:
    from PySide6.QtCore import QCoreApplication

    labels = {
        Strength.TOO_SHORT: QCoreApplication.translate("Labels", "Too short"),
        Strength.WEAK: QCoreApplication.translate("Labels", "Weak"),
        Strength.FAIR: QCoreApplication.translate("Labels", "Fair"),
        Strength.GOOD: QCoreApplication.translate("Labels", "Good"),
        Strength.STRONG: QCoreApplication.translate("Labels", "Strong"),
    }
    return labels[level]
