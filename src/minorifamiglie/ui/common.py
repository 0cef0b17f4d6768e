"""Small helpers every screen shares: Italian dates, error messages, field errors."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from minorifamiglie.domain.errors import DomainError

DATE_FORMAT = "dd/MM/yyyy"


def fmt_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def fmt_time(t: dt.time | None) -> str:
    return t.strftime("%H:%M") if t else ""


def fmt_hours(hours: float) -> str:
    """Hours with a decimal comma, as an Italian reader expects (7,5)."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


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


def show_error(parent: QWidget | None, error: BaseException) -> None:
    QMessageBox.warning(
        parent, QCoreApplication.translate("Errors", "Minori e Famiglie"), error_text(error)
    )


def make_error_label() -> QLabel:
    """The red line under a form field that shows its validation message."""
    label = QLabel("")
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.setVisible(False)
    return label
