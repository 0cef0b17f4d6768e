"""Small helpers every screen shares: Italian dates, error messages, field errors."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from minorifamiglie.domain.errors import DomainError

DATE_FORMAT = "dd/MM/yyyy"
# Columns fitted to their content look at this many rows, not all of them: fitting 2,000
# deadlines read every cell of every row (measured: 0.5 s at unlock).
FIT_SAMPLE_ROWS = 100


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


def weak_callback(method: Callable[..., None], *args: Any) -> Callable[[Any], None]:
    """`method(*args, result)` as an on_done/on_error callback of `workspace.call`/`write` that
    does not keep its widget alive. The worker thread holds a task's callbacks until it drops
    them; if it held the last reference to a parentless widget, the widget would be deleted off
    the Qt thread (a crash). With this the widget may go first: the result is then dropped."""
    ref = weakref.WeakMethod(method)

    def deliver(result: Any) -> None:
        target = ref()
        if target is not None:
            target(*args, result)

    return deliver
