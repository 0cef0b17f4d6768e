"""The "New case" dialog: opens a case file (cartella) with the child it is about.

Before saving a child with a codice fiscale it asks services.person_checks for warnings: a code
that does not match the child, or that another person has, is shown under the field and Save
becomes "Create anyway"; for another person's code it asks "La stessa persona?" and offers to
open the case for that person instead of entering the child again."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import places
from minorifamiglie.domain.ambiti import AMBITI
from minorifamiglie.domain.enums import ReferralSource, Service, Sex
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.ui.common import (
    error_text,
    filled,
    make_error_label,
    make_warning_label,
    plain_label,
)
from minorifamiglie.ui.date_field import DateField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.place_completer import PlaceCompleter
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.person_checks import PersonWarning
    from minorifamiglie.storage.profile import OpenProfile

# Where a ValidationError's field is shown when the form has no field of that name.
FIELD_ALIASES = {"minor": "first_name"}


class NewCaseDialog(QDialog):
    """Asks for ambito, comune of residence, service, title, summary and the child; saves
    through the worker.

    On success the dialog closes and `caseCreated` carries the new case's id."""

    caseCreated = Signal(object)  # uuid.UUID

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.workspace = workspace
        # The check and the save: answers reach the dialog only while it exists. The check is
        # only a read, but the first step of the save: never dropped (not even at lock), so
        # the dialog never stays busy waiting for it.
        self._writes = WriteOperation(self, workspace)
        self._today = today or dt.date.today()
        self._saving = False
        self._acknowledged: dict[str, Any] | None = None  # created despite these warnings
        self.setWindowTitle(self.tr("New case"))
        self.setModal(True)
        self.errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._cells: dict[str, QVBoxLayout] = {}  # each field's column: its widget, its lines
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_case_box())
        layout.addWidget(self._build_child_box())
        self._build_buttons()
        layout.addWidget(self.general_error)
        layout.addWidget(self._build_offer())
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _build_case_box(self) -> QGroupBox:
        self.ambito = QComboBox()
        self.ambito.setAccessibleName(self.tr("Ambito"))
        for code, name in AMBITI:
            self.ambito.addItem(name, code)
        self.comune = QLineEdit()
        self.comune.setObjectName("comuneField")
        self.comune.setAccessibleName(self.tr("Comune of residence"))
        self.comune.setMaxLength(120)
        self.comune.setPlaceholderText(self.tr("e.g. Zogno; it may be left empty"))
        PlaceCompleter(self.comune, "comuni")
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
        self.summary.setFixedHeight(72)
        case_box = QGroupBox(self.tr("Case"))
        case_form = QFormLayout(case_box)
        self._row(case_form, self.tr("Ambito"), self.ambito, "ambito")
        self._row(case_form, self.tr("Comune of residence"), self.comune, "comune")
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
        self.sex = QComboBox()
        self.sex.setAccessibleName(self.tr("Sex"))
        self.sex.addItem(self.tr("Not specified"), "")
        for member in Sex:
            self.sex.addItem(label(member), member.value)
        self.birthplace = QLineEdit()
        self.birthplace.setAccessibleName(self.tr("Birthplace"))
        self.birthplace.setMaxLength(120)
        self.birthplace.setPlaceholderText(self.tr("Comune or foreign state"))
        PlaceCompleter(self.birthplace, "places")
        self.citizenship = QComboBox()
        self.citizenship.setAccessibleName(self.tr("Citizenship"))
        self.citizenship.addItem(self.tr("Not specified"), "")
        for country in places.countries():
            self.citizenship.addItem(country.name, country.code)
        # 16 characters, or 11 digits; room for the spaces and hyphens of a code copied from
        # a document (they are dropped when saved).
        self.tax_code = QLineEdit()
        self.tax_code.setAccessibleName(self.tr("Codice fiscale"))
        self.tax_code.setMaxLength(24)
        self.tax_code.setPlaceholderText(self.tr("Optional: 16 characters, or 11 digits"))
        self.tax_code.textEdited.connect(self._uppercase_tax_code)
        self.msna = QCheckBox(self.tr("MSNA"))
        self.msna.setAccessibleName(self.tr("Unaccompanied foreign minor (MSNA)"))
        self.msna.setToolTip(self.tr("Unaccompanied foreign minor (MSNA)"))
        child_box = QGroupBox(self.tr("Child in care"))
        child_form = QFormLayout(child_box)
        self._row(child_form, self.tr("First name"), self.first_name, "first_name")
        self._row(child_form, self.tr("Last name"), self.last_name, "last_name")
        # Two fields a row where they are short: the dialog fits a 768-pixel screen with the
        # warnings of the codice fiscale open.
        self._row(child_form, self.tr("Birth date"), self.birth_date, "birth_date")
        self._beside("birth_date", self.tr("Sex"), self.sex, "sex")
        self._row(child_form, self.tr("Birthplace"), self.birthplace, "birthplace")
        self._row(child_form, self.tr("Citizenship"), self.citizenship, "citizenship")
        self._beside("citizenship", "", self.msna, "msna")
        self._row(child_form, self.tr("Codice fiscale"), self.tax_code, "tax_code")
        self.tax_code_warning = make_warning_label()
        self.tax_code_warning.setObjectName("warning_tax_code")
        child_form.addRow(self.tax_code_warning)  # a row of its own: wrapped lines fit
        hint = QLabel(self.tr("Leave the child empty to add the persons later, in the case file."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        child_form.addRow(hint)
        return child_box

    def _build_offer(self) -> QWidget:
        """The question a code already on another person raises, and its answer."""
        box = QWidget()
        box.setObjectName("samePersonOffer")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.offer_text = plain_label()
        self.offer_text.setWordWrap(True)
        self.offer_button = QPushButton()
        self.offer_button.setObjectName("useExistingPerson")
        self.offer_button.clicked.connect(self._use_existing)
        column.addWidget(self.offer_text)
        column.addWidget(self.offer_button)
        box.setVisible(False)
        self.offer_box = box
        self._existing: Any = None  # the other person's id the offer names
        return box

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
        self._cells[field] = column
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        caption = QLabel(text)
        caption.setBuddy(widget)
        form.addRow(caption, cell)

    def _beside(self, field: str, text: str, widget: QWidget, name: str) -> None:
        """`widget` on the row of `field`, after it (its errors under that row)."""
        column = self._cells[field]
        first = self._fields[field]
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        column.removeWidget(first)
        line.addWidget(first, 1)
        if text:
            caption = QLabel(text)
            caption.setBuddy(widget)
            line.addWidget(caption)
        line.addWidget(widget, 1)
        column.insertLayout(0, line)
        self._fields[name] = widget
        self.errors[name] = self.errors[field]
        self._cells[name] = column

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
        sex = self.sex.currentData()
        return {
            "ambito": self.ambito.currentData(),
            "comune": self.comune.text().strip() or None,
            # Qt hands a StrEnum back as a plain str: rebuild the members.
            "service": Service(self.service.currentData()),
            "opened_on": self.opened_on.value(),
            "referral_source": ReferralSource(referral) if referral else None,
            "title": self.title_edit.text(),
            "summary": self.summary.toPlainText(),
            "minor_first_name": first or None,
            "minor_last_name": last or None,
            "birth_date": self.birth_date.value(),
            "sex": Sex(sex) if sex else None,
            "birthplace": self.birthplace.text().strip() or None,
            "citizenship": self.citizenship.currentData() or None,
            "tax_code": self.tax_code.text().strip() or None,
            "msna": self.msna.isChecked(),
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
        checked = values["tax_code"] and (values["minor_first_name"] or values["minor_last_name"])
        if not checked or values == self._acknowledged:
            self._create(values)
            return
        self._acknowledged = None
        self.clear_warnings()
        self._saving = True
        self.save_button.setEnabled(False)

        def check(opened: OpenProfile) -> tuple[PersonWarning, ...]:
            from minorifamiglie.services import person_checks

            return person_checks.check_person(
                opened,
                first_name=values["minor_first_name"] or "",
                last_name=values["minor_last_name"] or "",
                sex=values["sex"],
                birth_date=values["birth_date"],
                birthplace=values["birthplace"],
                tax_code=values["tax_code"],
            )

        self._writes.run(check, lambda found: self._checked(values, found), self._failed)

    def _checked(self, values: dict[str, Any], found: tuple[PersonWarning, ...]) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not found:
            self._create(values)
            return
        from minorifamiglie.services.person_checks import WarningKind

        self._acknowledged = values
        self.tax_code_warning.setText("\n".join(w.message for w in found))
        self.tax_code_warning.setVisible(True)
        self.save_button.setText(self.tr("Create anyway"))
        same = next((w for w in found if w.kind is WarningKind.SAME_CODE), None)
        if same is not None and same.other_person_id is not None:
            where = ", ".join(same.other_cases) or self.tr("no case")
            self.offer_text.setText(
                filled(
                    self.tr("The same person? %1 already has this codice fiscale (%2)."),
                    same.other_name,
                    where,
                )
            )
            self.offer_button.setText(
                self.tr("Yes: open the case for %1").replace("%1", same.other_name)
            )
            self._existing = same.other_person_id
            self.offer_box.setVisible(True)
        # Room for the lines just shown (adjustSize would stop at two thirds of the screen).
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _use_existing(self) -> None:
        """The answer "yes, the same person": the case is opened for the existing person."""
        if self._existing is None or self._saving:
            return
        self._create(self.values() | {"existing_person_id": self._existing})

    def _create(self, values: dict[str, Any]) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self.offer_button.setEnabled(False)

        def job(opened: OpenProfile) -> Any:
            from minorifamiglie.services import cases

            return cases.add_case(opened, **values)

        self._writes.run(
            job,
            self._saved,
            self._failed,
        )

    def clear_warnings(self) -> None:
        self.tax_code_warning.clear()
        self.tax_code_warning.setVisible(False)
        self.offer_box.setVisible(False)
        self._existing = None
        self.save_button.setText(self.tr("Create case"))

    def _saved(self, case: Any) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.offer_button.setEnabled(True)
        self.caseCreated.emit(case.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.offer_button.setEnabled(True)
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
