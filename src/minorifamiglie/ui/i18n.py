"""Qt translations: Italian by default, English on request (English is the source language)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

SUPPORTED = ("it", "en")


def install(app: QApplication, language: str = "it") -> list[QTranslator]:
    """Load the application's and Qt's own translations; returns them to keep them alive."""
    language = language if language in SUPPORTED else "it"
    locale = QLocale(
        QLocale.Language.Italian if language == "it" else QLocale.Language.English,
        QLocale.Country.Italy if language == "it" else QLocale.Country.UnitedKingdom,
    )
    QLocale.setDefault(locale)
    from minorifamiglie.ui import labels

    labels.reset()
    loaded: list[QTranslator] = []
    if language == "en":
        return loaded
    folder = resources.files("minorifamiglie.resources") / "translations"
    qm = folder / f"minorifamiglie_{language}.qm"
    if qm.is_file():
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            loaded.append(translator)
    from PySide6.QtCore import QLibraryInfo

    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)
        loaded.append(qt_translator)
    return loaded
