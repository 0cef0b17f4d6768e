"""The user's preferences (idle lock, automatic sync, scheduled backup, language) and the
dialog that changes them.

They live in QSettings (an INI file in the user's configuration folder), never in the profile:
they hold no personal data and must be readable before the passphrase is typed. This module is
imported before unlock, so it stays light: Qt, the standard library and ui/ modules as light
(the settings file is opened by settings_file.py, the backup folder chosen through
file_dialogs.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.settings_file import open_settings

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120
DEFAULT_SYNC_MINUTES = 15
MIN_SYNC_MINUTES = 1
MAX_SYNC_MINUTES = 240
DEFAULT_LANGUAGE = "it"
# Each language is named in itself: whoever cannot read the current one still finds theirs.
LANGUAGES = (("it", "Italiano"), ("en", "English"))
IDLE_KEY = "lock/idle_minutes"
LANGUAGE_KEY = "ui/language"
SYNC_KEY = "sync/interval_minutes"
BACKUP_FOLDER_KEY = "backup/folder"
BACKUP_DAYS_KEY = "backup/every_days"
BACKUP_DAYS = (0, 1, 7)  # never, every day, every week


@dataclass(frozen=True, slots=True)
class Preferences:
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    language: str = DEFAULT_LANGUAGE
    sync_minutes: int = DEFAULT_SYNC_MINUTES
    backup_folder: str = ""
    backup_days: int = 0


def clamp_idle(minutes: object) -> int:
    try:
        value = int(str(minutes))
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, value))


def clamp_sync(minutes: object) -> int:
    try:
        value = int(str(minutes))
    except ValueError:
        return DEFAULT_SYNC_MINUTES
    return max(MIN_SYNC_MINUTES, min(MAX_SYNC_MINUTES, value))


def clamp_backup_days(days: object) -> int:
    try:
        value = int(str(days))
    except ValueError:
        return 0
    return value if value in BACKUP_DAYS else 0


def valid_language(language: object) -> str:
    codes = {code for code, _name in LANGUAGES}
    return language if isinstance(language, str) and language in codes else DEFAULT_LANGUAGE


def load_preferences(settings: QSettings | None = None) -> Preferences:
    """What is stored, with anything missing or out of range replaced by the default."""
    settings = settings or open_settings()
    return Preferences(
        idle_minutes=clamp_idle(settings.value(IDLE_KEY, DEFAULT_IDLE_MINUTES)),
        language=valid_language(settings.value(LANGUAGE_KEY, DEFAULT_LANGUAGE)),
        sync_minutes=clamp_sync(settings.value(SYNC_KEY, DEFAULT_SYNC_MINUTES)),
        backup_folder=str(settings.value(BACKUP_FOLDER_KEY, "") or ""),
        backup_days=clamp_backup_days(settings.value(BACKUP_DAYS_KEY, 0)),
    )


def save_preferences(preferences: Preferences, settings: QSettings | None = None) -> None:
    settings = settings or open_settings()
    settings.setValue(IDLE_KEY, clamp_idle(preferences.idle_minutes))
    settings.setValue(LANGUAGE_KEY, valid_language(preferences.language))
    settings.setValue(SYNC_KEY, clamp_sync(preferences.sync_minutes))
    settings.setValue(BACKUP_FOLDER_KEY, preferences.backup_folder.strip())
    settings.setValue(BACKUP_DAYS_KEY, clamp_backup_days(preferences.backup_days))
    settings.sync()


def startup_language(requested: str | None) -> str:
    """The language given on the command line, or else the one chosen in the settings."""
    if requested:
        return valid_language(requested)
    return load_preferences().language


def _hinted(editor: QWidget, hint: str) -> QHBoxLayout:
    """An editor with a grey explanation beside it."""
    label = QLabel(hint)
    label.setStyleSheet("color: #555;")
    row = QHBoxLayout()
    row.addWidget(editor)
    row.addWidget(label, 1)
    return row


class SettingsDialog(QDialog):
    """Idle minutes before the automatic lock, minutes between automatic synchronisations, the
    folder and frequency of the scheduled backup, and the language (used from the next start).

    Saving writes the settings and emits `preferencesSaved(Preferences)`."""

    preferencesSaved = Signal(object)  # Preferences

    def __init__(
        self,
        current: Preferences | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        current = current or load_preferences(settings)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_minutes.setValue(current.idle_minutes)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_minutes.setAccessibleName(self.tr("Minutes of inactivity before locking"))
        self.sync_minutes = QSpinBox()
        self.sync_minutes.setRange(MIN_SYNC_MINUTES, MAX_SYNC_MINUTES)
        self.sync_minutes.setValue(current.sync_minutes)
        self.sync_minutes.setSuffix(self.tr(" min"))
        self.sync_minutes.setAccessibleName(self.tr("Minutes between automatic synchronisations"))
        self.backup_folder = QLineEdit(current.backup_folder)
        self.backup_folder.setObjectName("backupFolder")
        self.backup_folder.setAccessibleName(self.tr("Folder of the scheduled backups"))
        self.backup_folder.setPlaceholderText(self.tr("for example the USB stick"))
        self.backup_browse = QPushButton(self.tr("Choose…"))
        self.backup_browse.clicked.connect(self._choose_backup_folder)
        self.backup_days = QComboBox()
        self.backup_days.setObjectName("backupDays")
        self.backup_days.setAccessibleName(self.tr("How often to back up"))
        for days, label in zip(
            BACKUP_DAYS,
            (self.tr("Never"), self.tr("Every day"), self.tr("Every week")),
            strict=True,
        ):
            self.backup_days.addItem(label, days)
        self.backup_days.setCurrentIndex(max(0, self.backup_days.findData(current.backup_days)))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        self.language_note = QLabel(self.tr("The new language is used from the next start."))
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        self.language_note.setStyleSheet("color: #555;")

        form = self._build_form()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def _build_form(self) -> QFormLayout:
        self.idle_minutes.setMinimumWidth(90)
        self.sync_minutes.setMinimumWidth(90)
        self.language.setMinimumWidth(160)
        idle_caption = QLabel(self.tr("&Lock after"))
        idle_caption.setBuddy(self.idle_minutes)
        sync_caption = QLabel(self.tr("S&ynchronise every"))
        sync_caption.setBuddy(self.sync_minutes)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        language_caption = QLabel(self.tr("L&anguage"))
        language_caption.setBuddy(self.language)
        form = QFormLayout()
        idle_hint = self.tr("of inactivity (from 1 to 120 minutes)")
        sync_hint = self.tr("while the shared folder is reachable")
        form.addRow(idle_caption, _hinted(self.idle_minutes, idle_hint))
        form.addRow(sync_caption, _hinted(self.sync_minutes, sync_hint))
        backup_caption = QLabel(self.tr("&Back up"))
        backup_caption.setBuddy(self.backup_days)
        backup_hint = self.tr("encrypted like the profile")
        form.addRow(backup_caption, _hinted(self.backup_days, backup_hint))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.backup_browse)
        folder_caption = QLabel(self.tr("Backup &folder"))
        folder_caption.setBuddy(self.backup_folder)
        form.addRow(folder_caption, folder_row)
        form.addRow(language_caption, language_row)
        form.addRow("", self.language_note)
        return form

    def preferences(self) -> Preferences:
        return Preferences(
            idle_minutes=self.idle_minutes.value(),
            language=valid_language(self.language.currentData()),
            sync_minutes=self.sync_minutes.value(),
            backup_folder=self.backup_folder.text().strip(),
            backup_days=clamp_backup_days(self.backup_days.currentData()),
        )

    def _choose_backup_folder(self) -> None:
        """The chooser opens once its folder (the one set, else the last used) answered, off
        the Qt thread: a USB stick pulled out or a share gone would hang it."""
        file_dialogs.when_ready(
            self.backup_browse,
            self._choose_backup_folder_from,
            preferred=self.backup_folder.text(),
            settings=self._settings,
        )

    def _choose_backup_folder_from(self, start: str) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder of the scheduled backups"), start
        )
        if folder:
            file_dialogs.remember(folder, self._settings, folder=True)
            self.backup_folder.setText(folder)

    def accept(self) -> None:
        chosen = self.preferences()
        save_preferences(chosen, self._settings)
        super().accept()
        self.preferencesSaved.emit(chosen)
