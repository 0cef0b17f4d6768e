"""Qt translations: Italian by default, English on request (English is the source language)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

SUPPORTED = ("it", "en")

# Labels of Qt's own file dialog whose source text changed (an "&" was added) after the Italian
# catalogue shipped with PySide6 was last updated: without these the dialog says "Look in:".
QT_GAPS = {
    "it": {
        ("QFileDialog", "&Look in:"): "&Cerca in:",
        ("QFileDialog", "Files of &type:"): "File di &tipo:",
    }
}


class QtGapsTranslator(QTranslator):
    """Italian for the few texts of Qt's dialogs that qtbase_it.qm lacks. Installed before the
    other translators, so it is asked last, only for what they do not know."""

    def __init__(self, texts: dict[tuple[str, str], str], parent: QApplication) -> None:
        super().__init__(parent)
        self.texts = texts

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self.texts.get((context, source))  # None: "not here", the next one is asked

    def isEmpty(self) -> bool:
        return not self.texts


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
    gaps = QtGapsTranslator(QT_GAPS.get(language, {}), app)
    if app.installTranslator(gaps):
        loaded.append(gaps)
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
