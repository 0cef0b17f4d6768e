"""The "New case" dialog: opens a case file (cartella) with the child it is about."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ambiti import AMBITI
from minorifamiglie.domain.enums import ReferralSource, Service
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.ui.common import error_text, make_error_label
from minorifamiglie.ui.date_field import DateField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

# Where a ValidationError's field is shown when the form has no field of that name.
FIELD_ALIASES = {"minor": "first_name"}


class NewCaseDialog(QDialog):
    """Asks for ambito, service, title, summary and the child; saves through the worker.

    On success the dialog closes and `caseCreated` carries the new case's id."""

    caseCreated = Signal(object)  # uuid.UUID

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.workspace = workspace
        self._today = today or dt.date.today()
        self._saving = False
        self.setWindowTitle(self.tr("New case"))
        self.setModal(True)
        self.errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_case_box())
        layout.addWidget(self._build_child_box())
        self._build_buttons()
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _build_case_box(self) -> QGroupBox:
        self.ambito = QComboBox()
        self.ambito.setAccessibleName(self.tr("Ambito"))
        for code, name in AMBITI:
            self.ambito.addItem(name, code)
        self.service = QComboBox()
        self.service.setAccessibleName(self.tr("Service"))
        for member in Service:
            self.service.addItem(label(member), member.value)
        self.opened_on = DateField(self.tr("Taken on"), maximum=self._today)
        self.opened_on.set_value(self._today)
        self.referral = QComboBox()
        self.referral.setAccessibleName(self.tr("Referral source"))
        self.referral.addItem(self.tr("Not specified"), "")  # not None: see pages.cases._chosen
        for source in ReferralSource:
            self.referral.addItem(label(source), source.value)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setPlaceholderText(self.tr("e.g. Home support for the Rossi household"))
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName(self.tr("Summary"))
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(90)
        case_box = QGroupBox(self.tr("Case"))
        case_form = QFormLayout(case_box)
        self._row(case_form, self.tr("Ambito"), self.ambito, "ambito")
        self._row(case_form, self.tr("Service"), self.service, "service")
        self._row(case_form, self.tr("Taken on"), self.opened_on, "opened_on")
        self._row(case_form, self.tr("Referral source"), self.referral, "referral_source")
        self._row(case_form, self.tr("Title"), self.title_edit, "title")
        self._row(case_form, self.tr("Summary"), self.summary, "summary")
        return case_box

    def _build_child_box(self) -> QGroupBox:
        self.first_name = QLineEdit()
        self.first_name.setAccessibleName(self.tr("Child's first name"))
        self.last_name = QLineEdit()
        self.last_name.setAccessibleName(self.tr("Child's last name"))
        self.birth_date = DateField(self.tr("Birth date"), optional=True, maximum=self._today)
        self.birth_date.line.setPlaceholderText(self.tr("dd/mm/yyyy, or empty if not known"))
        self.tax_code = QLineEdit()
        self.tax_code.setAccessibleName(self.tr("Codice fiscale"))
        self.tax_code.setMaxLength(16)
        self.tax_code.setPlaceholderText(self.tr("Optional"))
        self.tax_code.textEdited.connect(self._uppercase_tax_code)
        child_box = QGroupBox(self.tr("Child in care"))
        child_form = QFormLayout(child_box)
        self._row(child_form, self.tr("First name"), self.first_name, "first_name")
        self._row(child_form, self.tr("Last name"), self.last_name, "last_name")
        self._row(child_form, self.tr("Birth date"), self.birth_date, "birth_date")
        self._row(child_form, self.tr("Codice fiscale"), self.tax_code, "tax_code")
        hint = QLabel(self.tr("Leave the child empty to add the persons later, in the case file."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        child_form.addRow(hint)
        return child_box

    def _build_buttons(self) -> None:
        self.general_error = make_error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Create case"))
        self.save_button.setAccessibleName(self.tr("Create case"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ building
    def _row(self, form: QFormLayout, text: str, widget: QWidget, field: str) -> None:
        error = make_error_label()
        error.setObjectName(f"error_{field}")
        self.errors[field] = error
        self._fields[field] = widget
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        caption = QLabel(text)
        caption.setBuddy(widget)
        form.addRow(caption, cell)

    def _uppercase_tax_code(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            pos = self.tax_code.cursorPosition()
            self.tax_code.setText(upper)
            self.tax_code.setCursorPosition(pos)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ambito.setFocus()

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, Any]:
        """What the form holds, as keyword arguments of services.cases.add_case."""
        first = self.first_name.text().strip()
        last = self.last_name.text().strip()
        referral = self.referral.currentData()
        return {
            "ambito": self.ambito.currentData(),
            # Qt hands a StrEnum back as a plain str: rebuild the members.
            "service": Service(self.service.currentData()),
            "opened_on": self.opened_on.value(),
            "referral_source": ReferralSource(referral) if referral else None,
            "title": self.title_edit.text(),
            "summary": self.summary.toPlainText(),
            "minor_first_name": first or None,
            "minor_last_name": last or None,
            "birth_date": self.birth_date.value(),
            "tax_code": self.tax_code.text().strip() or None,
            "today": self._today,
        }

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        for name, field in (("opened_on", self.opened_on), ("birth_date", self.birth_date)):
            if not field.is_valid():  # named under the field; nothing is sent
                self.show_error(
                    ValidationError(f"{field.line.accessibleName()}: {field.problem()}", name)
                )
                return
        values = self.values()
        self._saving = True
        self.save_button.setEnabled(False)

        def job(opened: OpenProfile) -> Any:
            from minorifamiglie.services import cases

            return cases.add_case(opened, **values)

        self.workspace.write(
            job,
            self._saved,
            self._failed,
            changes={"cases", "persons", "case_members", "case_operators"},
        )

    def _saved(self, case: Any) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.caseCreated.emit(case.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.show_error(error)

    def clear_errors(self) -> None:
        for error in (*self.errors.values(), self.general_error):
            error.clear()
            error.setVisible(False)

    def show_error(self, error: BaseException) -> None:
        field = error.field if isinstance(error, ValidationError) else None
        field = FIELD_ALIASES.get(field or "", field)
        target = self.errors.get(field or "", self.general_error)
        target.setText(error_text(error))
        target.setVisible(True)
        widget = self._fields.get(field or "")
        if widget is not None:
            widget.setFocus()
