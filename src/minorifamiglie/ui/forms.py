"""A reusable record form: a dialog built from a list of field descriptors, which shows a
ValidationError's message under the field it names.

Usage (any page may reuse it)::

    fields = [
        FormField("title", self.tr("Deadline"), "text", required=True),
        FormField("due_on", self.tr("Due on"), "date"),
    ]
    dialog = RecordFormDialog(self.tr("New deadline"), fields, parent=self)
    dialog.run_with(
        workspace,
        lambda opened, v: deadlines.add_deadline(opened, case_id, **v),
    )
    dialog.open()

`run_with` runs the write on the worker when the user presses Save: on success the dialog
closes (and `saved` is emitted with the service's result); on a ValidationError the message
appears under the field named by `error.field` (or at the bottom when the field is not in the
form) and the dialog stays open. Values come back typed: str for text, dt.date (or None) for
dates, the enum member for enums, float for hours, the chosen value (an id, or None) for combos,
a bool for checks.

`run_with(..., precheck=fn)` asks `fn(opened, values)` first, on the worker, for warnings (any
objects with `field` and `message`, e.g. services.person_checks.PersonWarning): when there are
some, they appear under their fields, `warned` is emitted with them, nothing is saved, and Save
becomes "Save anyway"; pressed again with the same values, it saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.ui.common import (
    error_text,
    make_error_label,
    make_warning_label,
    plain_label,
)
from minorifamiglie.ui.date_field import DateField
from minorifamiglie.ui.labels import label as enum_label
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

T = TypeVar("T")
FieldKind = Literal["text", "multiline", "date", "optional-date", "enum", "hours", "combo", "check"]


class FieldWarning(Protocol):
    """What a precheck may return: a message to show under a field, saved all the same."""

    @property
    def field(self) -> str: ...

    @property
    def message(self) -> str: ...


@dataclass(frozen=True, slots=True)
class FormWarning:
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of a RecordFormDialog.

    name: the keyword the service expects (and the `field` its ValidationError names).
    label: already translated (`self.tr(...)` at the call site).
    kind: "text" (one line), "multiline", "date", "optional-date" (a date that may be left
      unset), "enum" (`enum_type` members, shown with ui.labels), "hours" (decimal comma),
      "combo" (`choices` as (label, value) pairs, e.g. operator ids; `none_label` adds a first
      entry whose value is None), "check" (a yes/no box, `placeholder` written beside it).
    required: only marks the label; the service decides what is valid.
    completions: for "text", what typing proposes (any part of an entry, in any case).
    completer: for "text", instead of `completions`, a function that installs a completer of
      its own on the line (e.g. ui.place_completer.complete_comuni, whose list comes later).
    """

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    enum_type: type[StrEnum] | None = None
    choices: Sequence[tuple[str, object]] = ()
    none_label: str | None = None
    max_length: int | None = None
    placeholder: str = ""
    completions: Sequence[str] = ()
    completer: Callable[[QLineEdit], object] | None = None


class RecordFormDialog(QDialog):
    """A dialog with one editor per FormField, Save and Cancel, and error lines."""

    submitted = Signal(object)  # dict[str, object]: the values, when Save is pressed
    saved = Signal(object)  # the service's result, after run_with's write succeeded
    warned = Signal(object)  # tuple of the precheck's warnings, shown; nothing saved yet

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        values: Mapping[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("recordFormDialog")
        self.fields = tuple(fields)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.warnings: dict[str, QLabel] = {}
        self._options: dict[str, list[object]] = {}
        self._acknowledged: dict[str, Any] | None = None  # values saved despite warnings
        # Its jobs on the worker, made by run_with: answers reach it only while it exists.
        self.writes: WriteOperation | None = None
        body = self._build_fields()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.general_error = make_error_label()
        self.general_error.setObjectName("generalError")
        self.general_warning = make_warning_label()
        self.general_warning.setObjectName("generalWarning")
        # An answer a warning offers (e.g. "La stessa persona?": use the existing one).
        self.offer_label = plain_label()
        self.offer_label.setObjectName("offerText")
        self.offer_label.setWordWrap(True)
        self.offer_label.setVisible(False)
        self.offer_button = QPushButton()
        self.offer_button.setObjectName("offerButton")
        self.offer_button.setVisible(False)
        self.offer_button.clicked.connect(self._take_offer)
        self._offer: Callable[[], None] | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_text = self.save_button.text()
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.general_warning)
        layout.addWidget(self.offer_label)
        layout.addWidget(self.offer_button)
        layout.addWidget(self.buttons)
        if values:
            self.set_values(values)
        # As tall as the fields need, within a 768-pixel screen; the form scrolls beyond.
        wanted = body.sizeHint().height() + self.buttons.sizeHint().height() + 48
        self.resize(max(520, body.sizeHint().width() + 40), min(600, wanted))

    def _build_fields(self) -> QWidget:
        """One row per field: its editor, its error line, its warning line."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in self.fields:
            editor = self._make_editor(spec)
            editor.setObjectName(f"field_{spec.name}")
            error = make_error_label()
            error.setProperty("field", spec.name)
            warning = make_warning_label()
            warning.setProperty("field", spec.name)
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            column.addWidget(warning)
            caption = QLabel(spec.label + (" *" if spec.required else ""))
            caption.setBuddy(editor)
            form.addRow(caption, cell)
            self.editors[spec.name] = editor
            self.errors[spec.name] = error
            self.warnings[spec.name] = warning
        body = QWidget()
        body.setLayout(form)
        return body

    # ------------------------------------------------------------------ editors
    def _line_editor(self, spec: FormField) -> QLineEdit:
        line = QLineEdit()
        if spec.max_length:
            line.setMaxLength(spec.max_length)
        line.setPlaceholderText(spec.placeholder)
        line.setAccessibleName(spec.label)
        if spec.completer is not None:
            spec.completer(line)
        elif spec.completions:
            completer = QCompleter(line)
            # parented, or Python would free the model the completer only points to
            completer.setModel(QStringListModel(list(spec.completions), completer))
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setMaxVisibleItems(12)
            line.setCompleter(completer)
        return line

    def _make_editor(self, spec: FormField) -> QWidget:
        if spec.kind == "text":
            return self._line_editor(spec)
        if spec.kind == "check":
            box = QCheckBox(spec.placeholder)  # the words beside the box, if any
            box.setAccessibleName(spec.label)
            return box
        if spec.kind == "multiline":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setPlaceholderText(spec.placeholder)
            text.setMinimumHeight(64)
            text.setFixedHeight(96)
            text.setAccessibleName(spec.label)
            return text
        if spec.kind in ("date", "optional-date"):
            field = DateField(spec.label, optional=spec.kind == "optional-date")
            if spec.kind == "optional-date":
                field.line.setPlaceholderText(self.tr("dd/mm/yyyy, or empty"))
            return field
        if spec.kind == "hours":
            spin = QDoubleSpinBox()
            spin.setRange(0, 1000)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setAccessibleName(spec.label)
            return spin
        # The values stay on the Python side, compared with ==: Qt would hand a StrEnum back as
        # a plain str, and a UUID read again from the database is another object.
        options: list[tuple[str, object]] = []
        if spec.none_label is not None:
            options.append((spec.none_label, None))
        if spec.kind == "enum":
            assert spec.enum_type is not None, spec.name
            options += [(enum_label(member), member) for member in spec.enum_type]
        else:
            options += list(spec.choices)
        combo = QComboBox()
        combo.setAccessibleName(spec.label)
        for text_, _value in options:
            combo.addItem(text_)
        self._options[spec.name] = [value for _text, value in options]
        return combo

    def find_option(self, name: str, value: object) -> int:
        """The index of `value` in the combo box of field `name`, or -1."""
        for index, option in enumerate(self._options.get(name, ())):
            if option == value and (option is None) == (value is None):
                return index
        return -1

    def editor(self, name: str) -> QWidget:
        return self.editors[name]

    def error_label(self, name: str) -> QLabel:
        return self.errors[name]

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, Any]:
        return {spec.name: self._value(spec) for spec in self.fields}

    def _value(self, spec: FormField) -> Any:
        editor = self.editors[spec.name]
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, DateField):
            return editor.value()
        if isinstance(editor, QDoubleSpinBox):
            return round(editor.value(), 2)
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        assert isinstance(editor, QComboBox)
        options = self._options[spec.name]
        index = editor.currentIndex()
        return options[index] if 0 <= index < len(options) else None

    def set_values(self, values: Mapping[str, object]) -> None:
        for name, value in values.items():
            editor = self.editors.get(name)
            if editor is None:
                continue
            if isinstance(editor, QLineEdit):
                editor.setText("" if value is None else str(value))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText("" if value is None else str(value))
            elif isinstance(editor, DateField):
                assert value is None or isinstance(value, dt.date)
                editor.set_value(value)
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(float(value or 0))  # type: ignore[arg-type]
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                index = self.find_option(name, value)
                if index >= 0:
                    editor.setCurrentIndex(index)

    # ------------------------------------------------------------------ errors
    def clear_errors(self) -> None:
        for error in (*self.errors.values(), self.general_error):
            error.clear()
            error.setVisible(False)

    def show_error(self, error: BaseException) -> None:
        """Under the named field when the form has it; otherwise at the bottom."""
        self.clear_errors()
        field = error.field if isinstance(error, ValidationError) else None
        target = self.errors.get(field or "", self.general_error)
        target.setText(error_text(error))
        target.setVisible(True)
        editor = self.editors.get(field or "")
        if editor is not None:
            editor.setFocus()

    # ------------------------------------------------------------------ warnings
    def show_warnings(self, found: Sequence[FieldWarning]) -> None:
        """Each message under its field (at the bottom when the form has no such field)."""
        self.clear_warnings()
        texts: dict[QLabel, list[str]] = {}
        for warning in found:
            target = self.warnings.get(warning.field, self.general_warning)
            texts.setdefault(target, []).append(warning.message)
        for target, messages in texts.items():
            target.setText("\n".join(messages))
            target.setVisible(True)

    def clear_warnings(self) -> None:
        for label in (*self.warnings.values(), self.general_warning):
            label.clear()
            label.setVisible(False)
        self.hide_offer()

    def show_offer(self, text: str, button: str, take: Callable[[], None]) -> None:
        """A question a warning raises, with the button that answers it."""
        self._offer = take
        self.offer_label.setText(text)
        self.offer_button.setText(button)
        self.offer_button.setAccessibleName(button.replace("&", ""))
        self.offer_label.setVisible(True)
        self.offer_button.setVisible(True)

    def hide_offer(self) -> None:
        self._offer = None
        self.offer_label.setVisible(False)
        self.offer_button.setVisible(False)

    def _take_offer(self) -> None:
        if self._offer is not None:
            self._offer()

    # ------------------------------------------------------------------ saving
    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.offer_button.setEnabled(not busy)

    def _submit(self) -> None:
        """Saved only when every date is a date: a text that is not one is named under its
        field and nothing is sent (the service never sees another date in its place)."""
        for spec in self.fields:
            editor = self.editors[spec.name]
            if isinstance(editor, DateField) and not editor.is_valid():
                self.show_error(ValidationError(f"{spec.label}: {editor.problem()}", spec.name))
                return
        self.submitted.emit(self.values())

    def run_with(
        self,
        workspace: Workspace,
        fn: Callable[[OpenProfile, dict[str, Any]], T],
        *,
        on_saved: Callable[[T], None] | None = None,
        precheck: Callable[[OpenProfile, dict[str, Any]], Sequence[FieldWarning]] | None = None,
    ) -> None:
        """On Save, run `fn(opened, values)` on the worker as a write (storage reports what it
        wrote); with `precheck`, after its warnings (see the module's docstring). Both go
        through the dialog's `writes`: an answer that arrives once it is gone is dropped."""
        writes = self.writes = WriteOperation(self, workspace)

        def done(result: T) -> None:
            self.set_busy(False)
            self.accept()
            self.saved.emit(result)
            if on_saved is not None:
                on_saved(result)

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.show_error(error)

        def write(values: dict[str, Any]) -> None:
            self.set_busy(True)
            writes.run(lambda opened: fn(opened, values), done, failed)

        def checked(values: dict[str, Any], found: Sequence[FieldWarning]) -> None:
            self.set_busy(False)
            if not found:
                write(values)
                return
            self._acknowledged = values
            self.show_warnings(found)
            self.save_button.setText(self.tr("Save anyway"))
            self.warned.emit(tuple(found))

        def submit(values: dict[str, Any]) -> None:
            self.clear_errors()
            if precheck is None or values == self._acknowledged:
                write(values)
                return
            self._acknowledged = None
            self.clear_warnings()
            self.save_button.setText(self._save_text)
            self.set_busy(True)
            # Only a read, but the first step of the save: never dropped (not even at lock),
            # so the form never stays busy waiting for it.
            writes.run(
                lambda opened: precheck(opened, values),
                lambda found: checked(values, found),
                failed,
            )

        self.submitted.connect(submit)
