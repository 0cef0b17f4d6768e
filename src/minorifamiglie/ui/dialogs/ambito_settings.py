"""Impostazioni dell'Ambito: the hours rules, the deadline rules and the cooperative (name and
logo) on the documents of an Ambito's cases, as they hold today, their history, and new ones
from a day on.

Everyone may read them; only a coordinator may set them (the service refuses anyone else, and
the form is read-only for them). What the coordinator changes in the form is sent, and only
that: the new row carries whatever else held on its day (services/ambito_settings.py). Every
read and write runs on the workspace's worker."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ambiti import AMBITI
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.validation import LOGO_MAX_BYTES
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import error_text, fmt_date, make_error_label, plain_label
from minorifamiglie.ui.date_field import DateField
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.tasks import file_tasks
from minorifamiglie.ui.workspace import Workspace

LOGO_HEIGHT = 48  # pixels of the preview
# The ranges of the numbers (storage/bounds.py holds the same, for what arrives by sync).
FOSTER_REVIEW = (1, 24)
PLACEMENT_MAX = (1, 60)
MISSING_PEI = (1, 365)
_REMOVE = object()  # the pending logo: remove the one in effect


def read_logo(path: Path) -> bytes:
    """A logo file's bytes (on a file task), read no further than the limit allows."""
    with path.open("rb") as f:
        return f.read(LOGO_MAX_BYTES + 1)


class AmbitoSettingsDialog(QDialog):
    """Pick an Ambito; see its settings in effect today and their history; a coordinator sets
    new ones from a day on. `saved` carries the new row (a SettingsVersion)."""

    saved = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: dt.date | None = None,
        ambito: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ambitoSettingsDialog")
        self.workspace = workspace
        self._overview = QueryOperation(self, workspace)
        self._logo_file = QueryOperation(self, workspace)  # read on a file task
        self._logo_check = QueryOperation(self, workspace)
        self._save = WriteOperation(self, workspace)
        self.today = today or dt.date.today()
        self.view: Any = None  # services.ambito_settings.AmbitoOverview of the Ambito shown
        self.can_edit = False
        self._logo: object = None  # None: unchanged; bytes: the new one; _REMOVE
        self._busy = False
        self._after_load = ""  # what the status line says once the next read arrives
        self.setWindowTitle(self.tr("Ambito settings"))
        layout = QVBoxLayout(self)
        self.ambito = QComboBox()
        self.ambito.setAccessibleName(self.tr("Ambito"))
        for code, name in AMBITI:
            self.ambito.addItem(name, code)
        if ambito is not None:
            self.ambito.setCurrentIndex(max(0, self.ambito.findData(ambito)))
        top = QFormLayout()
        top.addRow(self.tr("Ambito"), self.ambito)
        layout.addLayout(top)
        layout.addWidget(self._build_current())
        layout.addWidget(self._build_history())
        layout.addWidget(self._build_form())
        self.status = plain_label()
        self.status.setObjectName("ambitoSettingsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        layout.addWidget(buttons)
        self.ambito.currentIndexChanged.connect(lambda _i: self.load())
        self.setMinimumWidth(640)
        self._set_editable(False)
        self.load()

    # ------------------------------------------------------------------ building
    def _build_current(self) -> QGroupBox:
        box = QGroupBox(self.tr("In effect today"))
        box.setObjectName("currentSettings")
        form = QFormLayout(box)
        self.current_since = plain_label()
        self.current_missed = plain_label()
        self.current_phone = plain_label()
        self.current_review = plain_label()
        self.current_max = plain_label()
        self.current_pei = plain_label()
        self.current_cooperative = plain_label()
        self.current_cooperative.setWordWrap(True)
        self.current_logo = plain_label()
        self.current_logo.setAccessibleName(self.tr("Logo on documents"))
        form.addRow(self.tr("Since"), self.current_since)
        form.addRow(self.tr("Missed visits count as hours"), self.current_missed)
        form.addRow(self.tr("Phone calls count as indirect hours"), self.current_phone)
        form.addRow(self.tr("Foster care review every"), self.current_review)
        form.addRow(self.tr("Foster care lasts at most"), self.current_max)
        form.addRow(self.tr("Home support without a PEI flagged after"), self.current_pei)
        form.addRow(self.tr("Cooperative on documents"), self.current_cooperative)
        form.addRow(self.tr("Logo on documents"), self.current_logo)
        return box

    def _build_history(self) -> QGroupBox:
        box = QGroupBox(self.tr("History"))
        self.history = QTableWidget(0, 8)
        self.history.setObjectName("ambitoSettingsHistory")
        self.history.setAccessibleName(self.tr("History of the settings"))
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("From"),
                self.tr("Missed visits"),
                self.tr("Phone calls"),
                self.tr("Review (months)"),
                self.tr("Maximum (months)"),
                self.tr("No PEI (days)"),
                self.tr("Cooperative"),
                self.tr("Set by"),
            ]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.history.setMaximumHeight(150)
        QVBoxLayout(box).addWidget(self.history)
        return box

    def _spin(self, accessible: str, bounds: tuple[int, int], suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setAccessibleName(accessible)
        spin.setRange(*bounds)
        spin.setSuffix(suffix)
        return spin

    def _build_logo_row(self) -> QHBoxLayout:
        self.logo_preview = plain_label()
        self.logo_preview.setObjectName("logoPreview")
        self.choose_logo = QPushButton(self.tr("Choose logo…"))
        self.choose_logo.setToolTip(
            self.tr("A PNG or JPEG image of at most %1 KiB").replace(
                "%1", str(LOGO_MAX_BYTES // 1024)
            )
        )
        self.choose_logo.clicked.connect(self.pick_logo)
        self.remove_logo = QPushButton(self.tr("Remove logo"))
        self.remove_logo.clicked.connect(self.drop_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        logo_row.addStretch(1)
        return logo_row

    def _build_form(self) -> QGroupBox:
        self.form_box = QGroupBox(self.tr("New settings"))
        self.form_box.setObjectName("newSettings")
        outer = QVBoxLayout(self.form_box)
        self.read_only_note = QLabel(
            self.tr("Only a coordinator can change the settings of an Ambito.")
        )
        self.read_only_note.setObjectName("readOnlyNote")
        self.read_only_note.setWordWrap(True)
        outer.addWidget(self.read_only_note)
        form = QFormLayout()
        self.valid_from = DateField(self.tr("In effect from"))
        self.valid_from.set_value(self.today)
        self.count_missed = QCheckBox(self.tr("Missed visits (no-shows) count as hours"))
        self.count_phone = QCheckBox(self.tr("Phone calls count as indirect hours"))
        months, days = self.tr(" months"), self.tr(" days")
        self.review = self._spin(self.tr("Foster care review every"), FOSTER_REVIEW, months)
        self.max_months = self._spin(self.tr("Foster care lasts at most"), PLACEMENT_MAX, months)
        self.pei_days = self._spin(
            self.tr("Home support without a PEI flagged after"), MISSING_PEI, days
        )
        self.cooperative = QLineEdit()
        self.cooperative.setAccessibleName(self.tr("Cooperative on documents"))
        self.cooperative.setMaxLength(200)
        self.cooperative.setPlaceholderText(self.tr("Empty: the name set on each computer"))
        logo_row = self._build_logo_row()
        self.logo_error = make_error_label()
        form.addRow(self.tr("In effect from"), self.valid_from)
        form.addRow("", self.count_missed)
        form.addRow("", self.count_phone)
        form.addRow(self.tr("Foster care review every"), self.review)
        form.addRow(self.tr("Foster care lasts at most"), self.max_months)
        form.addRow(self.tr("Home support without a PEI flagged after"), self.pei_days)
        form.addRow(self.tr("Cooperative on documents"), self.cooperative)
        form.addRow(self.tr("Logo on documents"), logo_row)
        form.addRow("", self.logo_error)
        outer.addLayout(form)
        self.error = make_error_label()
        outer.addWidget(self.error)
        self.save_button = QPushButton(self.tr("Save the new settings"))
        self.save_button.setObjectName("saveAmbitoSettings")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        self._inputs: list[QWidget] = [
            self.valid_from,
            self.count_missed,
            self.count_phone,
            self.review,
            self.max_months,
            self.pei_days,
            self.cooperative,
            self.choose_logo,
            self.remove_logo,
            self.save_button,
        ]
        return self.form_box

    # ------------------------------------------------------------------ reading
    @property
    def code(self) -> str:
        return str(self.ambito.currentData())

    def load(self) -> None:
        from minorifamiglie.services import ambito_settings

        code, today = self.code, self.today
        self.status.setText(self.tr("Loading…"))
        self._overview.run(
            lambda opened: ambito_settings.overview(opened, code, today),
            partial(self._loaded, code),
            self._failed,
        )

    def _loaded(self, code: str, view: Any) -> None:
        if code != self.code:
            return  # another Ambito was chosen meanwhile: its own read follows
        self.view = view
        self.can_edit = view.can_edit
        self.status.setText(self._after_load)
        self._after_load = ""
        self._show_current(view.current)
        self._show_history(view.history)
        self._fill_form(view.current)
        self._set_editable(self.can_edit)

    def _yes_no(self, value: bool) -> str:
        return self.tr("yes") if value else self.tr("no")

    def _show_current(self, current: Any) -> None:
        since = (
            fmt_date(current.valid_from)
            if current.valid_from
            else self.tr("Default settings (none set for this Ambito)")
        )
        self.current_since.setText(since)
        self.current_missed.setText(self._yes_no(current.hours.count_missed))
        self.current_phone.setText(self._yes_no(current.hours.count_phone_calls))
        self.current_review.setText(
            self.tr("%1 months").replace("%1", str(current.deadlines.foster_review_months))
        )
        self.current_max.setText(
            self.tr("%1 months").replace("%1", str(current.deadlines.placement_max_months))
        )
        self.current_pei.setText(
            self.tr("%1 days").replace("%1", str(current.deadlines.missing_pei_after_days))
        )
        own = "" if current.own_cooperative else " " + self.tr("(the name set on this computer)")
        self.current_cooperative.setText(current.cooperative + own)
        self._preview(self.current_logo, current.logo)

    def _preview(self, target: QLabel, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            target.setPixmap(
                pixmap.scaledToHeight(LOGO_HEIGHT, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            target.clear()
            target.setText(self.tr("none"))

    def _show_history(self, history: tuple[Any, ...]) -> None:
        self.history.setRowCount(len(history))
        for row, v in enumerate(history):
            cells = (
                fmt_date(v.valid_from),
                self._yes_no(v.count_missed),
                self._yes_no(v.count_phone_calls),
                str(v.foster_review_months),
                str(v.placement_max_months),
                str(v.missing_pei_after_days),
                v.cooperative_name or "—",
                v.set_by,
            )
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))

    def _fill_form(self, current: Any) -> None:
        self.count_missed.setChecked(current.hours.count_missed)
        self.count_phone.setChecked(current.hours.count_phone_calls)
        self.review.setValue(current.deadlines.foster_review_months)
        self.max_months.setValue(current.deadlines.placement_max_months)
        self.pei_days.setValue(current.deadlines.missing_pei_after_days)
        self.cooperative.setText(current.cooperative if current.own_cooperative else "")
        self._logo = None
        self.logo_error.setVisible(False)
        self.error.setVisible(False)
        self._preview(self.logo_preview, current.logo)

    def _set_editable(self, editable: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(editable and not self._busy)
        self.read_only_note.setVisible(not editable)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._set_editable(self.can_edit)
        self.status.setText("")
        self._show_error(error)

    def _show_error(self, error: BaseException) -> None:
        field = getattr(error, "field", None)
        target = self.logo_error if field == "logo" else self.error
        target.setText(error_text(error))
        target.setVisible(True)

    # ------------------------------------------------------------------ the logo
    def pick_logo(self) -> None:
        """The chooser opens once its folder answered (file_dialogs.when_ready)."""
        file_dialogs.when_ready(self.choose_logo, self._pick_logo_from)

    def _pick_logo_from(self, start: str) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Logo of the cooperative"),
            start,
            self.tr("Images (*.png *.jpg *.jpeg)"),
        )
        if name:
            file_dialogs.remember(name)
            self.load_logo(Path(name))

    def load_logo(self, path: Path) -> None:
        """Read the file on a file task (it may be on a slow stick), then check it on the
        worker, as every service; the preview shows it once it is a logo."""
        self.logo_error.setVisible(False)
        self._logo_file.run_on(
            file_tasks(), lambda: read_logo(path), self._check_logo, self._logo_refused
        )

    def _check_logo(self, data: bytes) -> None:
        from minorifamiglie.services import ambito_settings

        self._logo_check.run(
            lambda _opened: ambito_settings.check_logo_bytes(data),
            self._logo_read,
            self._logo_refused,
        )

    def _logo_read(self, data: bytes) -> None:
        self._logo = data
        self._preview(self.logo_preview, data)

    def _logo_refused(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            error = ValidationError(self.tr("The file could not be read."), "logo")
        self._show_error(error)

    def drop_logo(self) -> None:
        self._logo = _REMOVE
        self._preview(self.logo_preview, None)

    # ------------------------------------------------------------------ saving
    def changes(self) -> dict[str, object]:
        """What the form changes from the settings in effect today."""
        if self.view is None:
            return {}
        now = self.view.current
        form: dict[str, object] = {
            "count_missed": self.count_missed.isChecked(),
            "count_phone_calls": self.count_phone.isChecked(),
            "foster_review_months": self.review.value(),
            "placement_max_months": self.max_months.value(),
            "missing_pei_after_days": self.pei_days.value(),
        }
        before: dict[str, object] = {
            "count_missed": now.hours.count_missed,
            "count_phone_calls": now.hours.count_phone_calls,
            "foster_review_months": now.deadlines.foster_review_months,
            "placement_max_months": now.deadlines.placement_max_months,
            "missing_pei_after_days": now.deadlines.missing_pei_after_days,
        }
        out = {k: v for k, v in form.items() if before[k] != v}
        typed = " ".join(self.cooperative.text().split())
        if typed != (now.cooperative if now.own_cooperative else ""):
            out["cooperative_name"] = typed
        if self._logo is _REMOVE:
            if now.logo is not None:
                out["logo"] = None
        elif isinstance(self._logo, bytes):
            out["logo"] = self._logo
        return out

    def save(self) -> None:
        from minorifamiglie.services import ambito_settings

        self.error.setVisible(False)
        if not self.valid_from.show_problem():
            self._show_error(ValidationError(self.tr("Type the day the settings take effect.")))
            return
        day = self.valid_from.value()
        changes = self.changes()
        if day is None or not changes:
            self._show_error(ValidationError(self.tr("Change at least one setting first.")))
            return
        code = self.code
        self._busy = True
        self._set_editable(self.can_edit)
        self.status.setText(self.tr("Saving…"))
        self._save.run(
            lambda opened: ambito_settings.set_settings(opened, code, day, **changes),
            self._saved,
            self._failed,
        )

    def _saved(self, version: Any) -> None:
        self._busy = False
        self.saved.emit(version)
        self.load()
        self._after_load = self.tr("Saved: the new settings are in effect from %1.").replace(
            "%1", fmt_date(version.valid_from)
        )
