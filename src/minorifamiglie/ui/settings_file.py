"""The application's settings file (QSettings, INI format): its name and how to open it.

Apart from settings.py (the preferences and their dialog) so that file_dialogs.py, which that
dialog uses to choose the backup folder, reads and writes the last folder without importing
settings.py back. Qt only: it is imported before unlock."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "minorifamiglie"
APPLICATION = "Minori e Famiglie"


def open_settings() -> QSettings:
    """The application's settings file (INI format on every platform; tests move it with
    `QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)`)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )
