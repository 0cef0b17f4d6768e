"""Small helpers every screen shares: Italian dates, error messages, field errors."""

from __future__ import annotations

import datetime as dt
import html
import re

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.hidden_text import HIDDEN_CODES
from minorifamiglie.domain.italian_format import fmt_date, fmt_time

# Italian dates and times (domain.italian_format, as in the printed documents) are given to the
# screens from here too.
__all__ = [
    "DATE_FORMAT",
    "FIT_SAMPLE_ROWS",
    "error_text",
    "fmt_date",
    "fmt_time",
    "from_qdate",
    "make_error_label",
    "make_warning_label",
    "one_line",
    "plain_html",
    "plain_label",
    "read_only_table",
    "show_error",
    "shown",
    "to_qdate",
    "unhidden",
    "without_mnemonics",
]

DATE_FORMAT = "dd/MM/yyyy"
# Columns fitted to their content look at this many rows, not all of them: fitting 2,000
# deadlines read every cell of every row (measured: 0.5 s at unlock).
FIT_SAMPLE_ROWS = 100


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def error_text(error: BaseException) -> str:
    """What the user may read of an error: domain messages as they are (they are written for
    the user and hold no personal data); anything else only by its type, since a database error
    can quote row values."""
    if isinstance(error, DomainError):
        return str(error)
    return QCoreApplication.translate(
        "Errors", "Unexpected error (%1): nothing was saved halfway."
    ).replace("%1", type(error).__name__)


# Stored text never shows a character of domain.hidden_text as it is: each is U+FFFD on a
# screen, so what is odd is seen as odd.
_SHOWN = dict.fromkeys(HIDDEN_CODES, "\ufffd")
# A word this long gets a place to break every this many characters (U+200B, added for the
# screen only): a word of 5,000 letters in a summary or a name made a wrapping label, and the
# window around it, twice as wide as the screen.
_LONGEST_WORD = 30
_LONG_WORD = re.compile(rf"\S{{{_LONGEST_WORD + 1},}}")


def unhidden(text: str) -> str:
    """Stored text with every character in HIDDEN_CODES as U+FFFD (a table's cell, a title)."""
    return text.translate(_SHOWN)


def one_line(text: str) -> str:
    """Stored text as a table's cell shows it: `unhidden`, on one line (a row has one): line
    breaks and tabs as spaces."""
    return unhidden(text).replace("\n", " ").replace("\t", " ")


def shown(text: str | None) -> str:
    """Stored text as a label shows it: `unhidden`, and a soft break inside any word longer
    than _LONGEST_WORD characters, for a wrapping label to wrap it."""
    if not text:
        return ""
    text = unhidden(text)
    if len(text) <= _LONGEST_WORD:
        return text
    return _LONG_WORD.sub(_breakable, text)


def _breakable(match: re.Match[str]) -> str:
    word = match.group(0)
    return "\u200b".join(word[i : i + _LONGEST_WORD] for i in range(0, len(word), _LONGEST_WORD))


_PLACE = re.compile(r"%([1-9])")


def filled(template: str, *values: str) -> str:
    """A translated `template` with %1, %2… each replaced by its value, in one pass: a value
    holding "%2" (a name from another device) stays as written, where chained replace() put the
    second value inside the first (a device called "dev-%2" took its operator's name in the
    dialog that revokes it)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return values[index] if index < len(values) else match.group(0)

    return _PLACE.sub(value, template)


def without_mnemonics(text: str) -> str:
    """Text for a button or a check box, whose '&' would make the next letter a keyboard
    shortcut (a synced name "&Anna" ticked the child as present with Alt+A): each '&' shown
    as itself."""
    return text.replace("&", "&&")


def plain_html(text: str | None) -> str:
    """`text` as rich text that shows it as written, line breaks kept: for a tooltip, or the
    text of a QMessageBox opened by its static functions (Qt guesses their format). Stored text
    (a title, a name, a file name: it may come from another device or a hand-off file) that
    looks like HTML would otherwise be rendered as rich text (an image loaded, a link, a huge
    font). "" stays "" (no tooltip). Every tooltip carrying stored data goes through here."""
    if not text:
        return ""
    text = text.translate(_SHOWN)
    shown = html.escape(text, quote=False).replace("\n", "<br>")
    if max(map(len, text.splitlines() or [""])) <= _TIP_LINE:
        # Short lines as they are: left to Qt, a tooltip of rich text wraps even a three-word
        # title onto two lines in a box narrower than the text.
        return f"<p style='white-space:pre'>{shown}</p>"
    # wrapped to a width, spaces kept; a word longer than a line gets places to break too
    shown = html.escape(_LONG_WORD.sub(_breakable, text), quote=False).replace("\n", "<br>")
    cell = f"<td style='white-space:pre-wrap'>{shown}</td>"
    return f"<table width={_TIP_WIDTH}><tr>{cell}</tr></table>"


_TIP_LINE = 70  # characters: a case title, a name, a file name fit on one line
_TIP_WIDTH = 420  # pixels: a summary or a note wraps at a readable width


def plain_label(text: str = "") -> QLabel:
    """A label shown as plain text: for any label that shows stored data (see plain_html)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def show_error(parent: QWidget | None, error: BaseException) -> None:
    QMessageBox.warning(
        parent,
        QCoreApplication.translate("Errors", "Minori e Famiglie"),
        plain_html(error_text(error)),
    )


def make_error_label() -> QLabel:
    """The red line under a form field that shows its validation message."""
    label = plain_label()
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def make_warning_label() -> QLabel:
    """The amber line under a form field that says what to verify: saved all the same."""
    label = plain_label()
    label.setObjectName("fieldWarning")
    label.setStyleSheet("color: #8a5300;")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


MAX_FITTED_COLUMN = 420  # pixels


def read_only_table(
    model: QAbstractItemModel, accessible: str, name: str = "", fit: str = "all"
) -> QTableView:
    """The list tables of every screen: whole rows selected, no editing in place, compact rows.

    `fit`: "all" columns fitted to their content (sampling FIT_SAMPLE_ROWS rows), "but-last"
    (the last one stretches), or "none" (resizable by the user, the last one stretches)."""
    table = QTableView()
    if name:
        table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
    # A column fitted to its content is no wider than this, its cells cut with "…": a name of
    # 200 letters from another device pushed every other column of the Équipe table off the
    # screen (the last one still stretches into whatever room is left).
    header.setMaximumSectionSize(MAX_FITTED_COLUMN)
    if fit == "all":
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    elif fit == "but-last":
        for column in range(model.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
    header.setStretchLastSection(True)
    return table
