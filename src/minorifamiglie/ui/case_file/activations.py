"""Interventi: the services active on the case, their monte ore and a bar of the hours used
this month against the hours authorised for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QWidget,
)

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import HoursPeriod, Service
from minorifamiglie.domain.italian_format import fmt_hours
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.data import ActivationRow
from minorifamiglie.ui.case_file.models import MUTED, OVERDUE, Column, RowTableModel
from minorifamiglie.ui.common import filled, fmt_date
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.workspace import Workspace

BAR_COLUMN = 4


def usage_fraction(row: ActivationRow) -> float | None:
    """Hours used / hours authorised this month; None when there is nothing to compare."""
    if row.usage is None or row.usage.authorised_hours <= 0:
        return None
    return row.usage.hours / row.usage.authorised_hours


def usage_text(row: ActivationRow) -> str:
    if row.usage is None:
        return QCoreApplication.translate("ActivationTableModel", "not active this month")
    used = fmt_hours(row.usage.hours, trailing_zeros=False)
    if row.usage.authorised_hours <= 0:
        return QCoreApplication.translate("ActivationTableModel", "%1 h").replace("%1", used)
    # the month's authorised hours to the hundredth, as the hours report counts them
    authorised = fmt_hours(row.usage.authorised_hours, trailing_zeros=False)
    return filled(
        QCoreApplication.translate("ActivationTableModel", "%1 of %2 h"), used, authorised
    )


class ActivationTableModel(RowTableModel[ActivationRow]):
    """One row per activation; `FractionRole` gives the share of the month's hours used."""

    FractionRole = Qt.ItemDataRole.UserRole + 10

    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        super().__init__(parent)

    def columns(self) -> Sequence[Column[ActivationRow]]:
        return (
            Column(self.tr("Service"), lambda r: label(r.activation.service)),
            Column(self.tr("From"), lambda r: fmt_date(r.activation.start_on)),
            Column(self.tr("To"), lambda r: fmt_date(r.activation.end_on)),
            Column(self.tr("Authorised hours"), self._authorised),
            Column(self.tr("Hours this month"), usage_text, self._usage_tip),
            Column(self.tr("Operator"), lambda r: r.operator_name),
            Column(self.tr("Partner cooperative"), lambda r: r.activation.partner or ""),
        )

    def _authorised(self, row: ActivationRow) -> str:
        act = row.activation
        return f"{fmt_hours(act.authorised_hours, trailing_zeros=False)} {label(act.hours_period)}"

    def _usage_tip(self, row: ActivationRow) -> str:
        if row.usage is None:
            return ""
        return self.tr(
            "%n closed visits counted; %1 h left this month", "", row.usage.visits
        ).replace("%1", fmt_hours(row.usage.remaining_hours, trailing_zeros=False))

    def row_id(self, row: ActivationRow) -> object:
        return row.activation.id

    def ended(self, row: ActivationRow) -> bool:
        return row.activation.end_on is not None and row.activation.end_on < self.today

    def foreground(self, row: ActivationRow, column: int) -> QColor | None:
        fraction = usage_fraction(row)
        if column == BAR_COLUMN and fraction is not None and fraction > 1:
            return OVERDUE
        return MUTED if self.ended(row) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == self.FractionRole:
            row = self.row_at(index.row()) if index.isValid() else None
            return usage_fraction(row) if row is not None else None
        return super().data(index, role)

    def roleNames(self) -> dict[int, Any]:
        names = super().roleNames()
        names[self.FractionRole] = QByteArray(b"usedFraction")
        return names


class HoursBarDelegate(QStyledItemDelegate):
    """Draws the month's hours as a progress bar, the text on it ("12 of 16 h")."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        fraction = index.data(ActivationTableModel.FractionRole)
        if fraction is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(3, 3, -3, -3)
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = min(100, round(fraction * 100))
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole))
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = QPalette(option.palette)
        if fraction > 1:
            bar.palette.setColor(QPalette.ColorRole.Highlight, QColor("#c62828"))
        elif fraction > 0.9:
            bar.palette.setColor(QPalette.ColorRole.Highlight, QColor("#ef8f00"))
        else:
            bar.palette.setColor(QPalette.ColorRole.Highlight, QColor("#2e7d32"))
        style = option.widget.style() if option.widget else QApplication.style()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 160), max(hint.height(), 24))


def activation_fields(operators: Sequence[e.Operator]) -> list[FormField]:
    return [
        FormField(
            "service",
            QCoreApplication.translate("ActivationsTab", "Service"),
            "enum",
            enum_type=Service,
        ),
        FormField(
            "start_on", QCoreApplication.translate("ActivationsTab", "Start"), "date", required=True
        ),
        FormField("end_on", QCoreApplication.translate("ActivationsTab", "End"), "optional-date"),
        FormField(
            "authorised_hours",
            QCoreApplication.translate("ActivationsTab", "Authorised hours"),
            "hours",
            required=True,
        ),
        FormField(
            "hours_period",
            QCoreApplication.translate("ActivationsTab", "Per"),
            "enum",
            enum_type=HoursPeriod,
        ),
        FormField(
            "operator_id",
            QCoreApplication.translate("ActivationsTab", "Operator"),
            "combo",
            choices=[(op.name, op.id) for op in operators],
            none_label=QCoreApplication.translate("ActivationsTab", "(none)"),
        ),
        FormField(
            "partner",
            QCoreApplication.translate("ActivationsTab", "Partner cooperative"),
            "text",
            max_length=200,
            placeholder=QCoreApplication.translate(
                "ActivationsTab", "When the service is co-designed with another cooperative"
            ),
        ),
    ]


class ActivationsTab(TableTab[ActivationRow]):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, ActivationTableModel(), self.tr("Services of the case"), parent)
        self.table.setItemDelegateForColumn(BAR_COLUMN, HoursBarDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.add_button = self.button(self.tr("&Add service…"), self.add_activation)
        self.edit_button = self.button(
            self.tr("&Edit…"), self.edit_selected, self.tr("Edit service")
        )
        self.end_button = self.button(
            self.tr("E&nd service…"), self.end_selected, self.tr("End service")
        )
        self.add_buttons(self.add_button)
        self.add_buttons(self.edit_button, self.end_button, needs_row=True)
        self.finish_buttons()

    def refresh_view(self) -> None:
        model = self.model
        assert isinstance(model, ActivationTableModel)
        if self.data is None:
            model.set_rows(())
            return
        model.today = self.data.today
        # The ones running first, then the ended ones; newest start first within each.
        rows = sorted(
            self.data.activations,
            key=lambda r: (model.ended(r), -r.activation.start_on.toordinal()),
        )
        model.set_rows(rows)

    def can_act_on(self, row: ActivationRow, button: QPushButton) -> bool:
        return button is not self.end_button or row.activation.end_on is None

    def _operators(self) -> Sequence[e.Operator]:
        return self.data.operators if self.data is not None else ()

    def add_activation(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        from minorifamiglie.services import activations

        def add(opened: Any, v: dict[str, Any]) -> e.ServiceActivation:
            return activations.add_activation(opened, case_id, **v)

        service = self.data.detail.case.service if self.data is not None else Service.ADM
        self.open_form(
            self.tr("New service"),
            activation_fields(self._operators()),
            add,
            values={
                "service": service,
                "end_on": None,
                "authorised_hours": 4.0,
                "hours_period": HoursPeriod.WEEK,
            },
        )

    def activated(self, row: ActivationRow) -> None:
        self.edit(row)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit(row)

    def edit(self, row: ActivationRow) -> None:
        from minorifamiglie.services import activations

        act = row.activation
        fields = activation_fields(self._operators())

        def update(opened: Any, v: dict[str, Any]) -> e.ServiceActivation:
            return activations.update_activation(opened, act.id, **v)

        self.open_form(
            self.tr("Edit service"),
            fields,
            update,
            values={f.name: getattr(act, f.name) for f in fields},
        )

    def end_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        from minorifamiglie.services import activations

        act_id = row.activation.id

        def end(opened: Any, v: dict[str, Any]) -> e.ServiceActivation:
            return activations.end_activation(opened, act_id, end_on=v["end_on"])

        self.open_form(
            self.tr("End %1").replace("%1", label(row.activation.service)),
            [FormField("end_on", self.tr("Last day of the service"), "date", required=True)],
            end,
            values={"end_on": self.data.today if self.data is not None else dt.date.today()},
        )
