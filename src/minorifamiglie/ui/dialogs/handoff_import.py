"""Import case files received from a colleague: the file, the key that opens it (this
computer's own, for a file a teammate sent to it; an age identity file; or a passphrase), a
check that says what would arrive, then the import, with its progress.

Both steps run services/handoff_import.py on the database worker: the check is a dry run of
the very import, so what it announces is what happens."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import handoff_import
from minorifamiglie.ui.dialogs.handoff_common import JobDialog, ProgressPanel
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.path_field import PathField
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.handoff_import import ImportInfo
    from minorifamiglie.storage.profile import OpenProfile

DEVICE, IDENTITY, PASSPHRASE = range(3)


class HandoffImportDialog(JobDialog):
    """Window-modal; `imported(ImportInfo)` once the case files are in."""

    imported = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoffImportDialog")
        self.setWindowTitle(self.tr("Import received case files"))
        self.workspace = workspace
        self._device_query = QueryOperation(self, workspace)
        self._check_query = QueryOperation(self, workspace)
        self._import = WriteOperation(self, workspace)
        self.request: dict[str, Any] = {}
        self.checked: ImportInfo | None = None
        self.info: ImportInfo | None = None

        intro = QLabel(
            self.tr(
                "A colleague or the Ambito sent you case files in an encrypted file (.age). "
                "Nothing is imported before you have seen what it holds; records this "
                "computer already has stay as they are."
            )
        )
        intro.setWordWrap(True)
        self.file = PathField(
            self.tr("File received"),
            self.tr("The hand-off file received"),
            [self.tr("Encrypted files (*.age)"), self.tr("All files (*)")],
            save=False,
        )
        self.file.setObjectName("handoffImportFile")
        self.file.edit.textEdited.connect(lambda _t: self._changed())
        self.file.chosen.connect(lambda _path: self._changed())
        form = QFormLayout()
        caption = QLabel(self.tr("&File"))
        caption.setBuddy(self.file.edit)
        form.addRow(caption, self.file)

        key_box = self._build_key_box()
        self.progress = ProgressPanel()
        self.summary = QLabel()
        self.summary.setObjectName("handoffImportSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(key_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)
        self._changed()
        self.device_radio.setEnabled(False)
        self._device_query.run(handoff_import.has_device_key, self._device_key, self._failed)

    def _build_key_box(self) -> QGroupBox:
        self.device_radio = QRadioButton(self.tr("This computer's &key (sent to it by the team)"))
        self.identity_radio = QRadioButton(self.tr("A &key file (for example the recovery key)"))
        self.identity = PathField(
            self.tr("Key file"),
            self.tr("The key file"),
            [self.tr("All files (*)")],
            save=False,
        )
        self.identity.setObjectName("handoffIdentityFile")
        self.passphrase_radio = QRadioButton(self.tr("The pass&phrase of the file"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("handoffImportPassphrase")
        self.passphrase.setAccessibleName(self.tr("Passphrase of the file"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.mode = QButtonGroup(self)
        for button, mode in (
            (self.device_radio, DEVICE),
            (self.identity_radio, IDENTITY),
            (self.passphrase_radio, PASSPHRASE),
        ):
            self.mode.addButton(button, mode)
        self.mode.idToggled.connect(lambda _id, _on: self._changed())
        self.identity.edit.textEdited.connect(lambda _t: self.identity_radio.setChecked(True))
        self.identity.chosen.connect(lambda _p: self.identity_radio.setChecked(True))
        self.passphrase.textEdited.connect(lambda _t: self._passphrase_typed())
        key_box = QGroupBox(self.tr("What opens it"))
        grid = QGridLayout(key_box)
        grid.addWidget(self.device_radio, 0, 0, 1, 2)
        grid.addWidget(self.identity_radio, 1, 0)
        grid.addWidget(self.identity, 1, 1)
        grid.addWidget(self.passphrase_radio, 2, 0)
        grid.addWidget(self.passphrase, 2, 1)
        grid.setColumnStretch(1, 1)
        return key_box

    def _build_buttons(self) -> QHBoxLayout:
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.check_button = QPushButton(self.tr("&Open and check"))
        self.check_button.setObjectName("handoffCheckButton")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("handoffImportButton")
        self.import_button.clicked.connect(self.do_import)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("handoffImportCloseButton")
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        for button in (self.check_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        return buttons

    def _device_key(self, present: bool) -> None:
        self.device_radio.setEnabled(present)
        if present and self.mode.checkedId() < 0:
            self.device_radio.setChecked(True)
        elif not present and self.mode.checkedId() < 0:
            self.identity_radio.setChecked(True)

    def _passphrase_typed(self) -> None:
        self.passphrase_radio.setChecked(True)
        self._changed()

    def _changed(self) -> None:
        """Anything changed in the form: the check must be done again before importing."""
        if self.running:
            return
        self.checked = None
        self.summary.setText("")
        self.progress.stop()
        self.progress.setVisible(False)
        self.check_button.setVisible(True)
        self.check_button.setEnabled(True)
        self.import_button.setVisible(False)
        self.close_button.setVisible(False)
        self.cancel_button.setVisible(True)

    def _request(self) -> dict[str, Any]:
        source = self.file.text()
        if not source:
            raise ValidationError(self.tr("Choose the file received."), "file")
        path = Path(source).expanduser()  # read on the worker, which says if it is not there
        mode = self.mode.checkedId()
        identity_path: Path | None = None
        passphrase: str | None = None
        if mode == IDENTITY:
            if not self.identity.text():
                raise ValidationError(self.tr("Choose the key file."), "identity")
            identity_path = Path(self.identity.text()).expanduser()
        elif mode == PASSPHRASE:
            passphrase = self.passphrase.text()
            if not passphrase:
                raise ValidationError(self.tr("Type the passphrase of the file."), "passphrase")
        elif mode != DEVICE:
            raise ValidationError(self.tr("Choose what opens the file."), "identity")
        return {"source": path, "device": mode == DEVICE, "identity": identity_path,
                "passphrase": passphrase}  # fmt: skip

    def _run(self, dry_run: bool) -> None:
        request = self.request
        state = self.progress.start()
        self.progress.setVisible(True)
        self.running = True
        self.error.setVisible(False)
        for button in (self.check_button, self.import_button, self.cancel_button):
            button.setEnabled(False)

        def job(opened: OpenProfile) -> ImportInfo:
            identity = (
                handoff_import.read_identity_file(request["identity"])
                if request["identity"] is not None
                else None
            )
            return handoff_import.import_bundle(
                opened,
                request["source"],
                identity=identity,
                passphrase=request["passphrase"],
                device_key=request["device"],
                dry_run=dry_run,
                progress=state,
            )

        if dry_run:
            self._check_query.run(job, self._checked, self._run_failed)
        else:
            self._import.run(job, self._imported, self._run_failed)

    def check(self) -> None:
        try:
            self.request = self._request()
        except ValidationError as error:
            self._failed(error)
            return
        self._run(dry_run=True)

    def _checked(self, info: ImportInfo) -> None:
        self.running = False
        self.checked = info
        self.cancel_button.setEnabled(True)
        self.progress.finish(self.tr("Opened and checked: nothing imported yet."))
        text = "<p>" + escape(
            self.tr("The file holds %n case file(s): %1.", "", len(info.case_ids)).replace(
                "%1", ", ".join(info.codes)
            )
        )
        if info.inserted:
            text += (
                "</p><p><b>"
                + escape(self.tr("New on this computer: %1.").replace("%1", self.arrivals(info)))
                + "</b>"
            )
            if info.cases_present:
                text += "</p><p>" + escape(
                    self.tr(
                        "%n of these case file(s) is already here: only what it lacks is "
                        "added, nothing already here is changed.",
                        "",
                        info.cases_present,
                    )
                )
        else:
            text += (
                "</p><p><b>"
                + escape(
                    self.tr("Everything in it is already on this computer: nothing to import.")
                )
                + "</b>"
            )
        self.summary.setText(text + "</p>")
        self.check_button.setVisible(False)
        self.import_button.setVisible(True)
        self.import_button.setEnabled(info.inserted > 0)
        self.import_button.setDefault(True)
        if info.inserted == 0:
            self.close_button.setVisible(True)
            self.cancel_button.setVisible(False)

    def arrivals(self, info: ImportInfo) -> str:
        """What is new, in words: "1 case file, 2 persons, 5 visits, 1 attachment"."""
        parts = [
            text
            for count, text in (
                (info.new("cases"), self.tr("%n case file(s)", "", info.new("cases"))),
                (info.new("persons"), self.tr("%n person(s)", "", info.new("persons"))),
                (info.new("visits"), self.tr("%n visit(s)", "", info.new("visits"))),
                (info.new("measures"), self.tr("%n court measure(s)", "", info.new("measures"))),
                (info.new("goals"), self.tr("%n goal(s)", "", info.new("goals"))),
                (info.new("deadlines"), self.tr("%n deadline(s)", "", info.new("deadlines"))),
                (
                    info.new("attachments"),
                    self.tr("%n attachment(s)", "", info.new("attachments")),
                ),
            )
            if count
        ]
        counted = sum(info.new(t) for t in (
            "cases", "persons", "visits", "measures", "goals", "deadlines", "attachments"
        ))  # fmt: skip
        if info.inserted > counted:
            parts.append(self.tr("%n other record(s)", "", info.inserted - counted))
        return ", ".join(parts)

    def do_import(self) -> None:
        if self.checked is None:
            return
        self._run(dry_run=False)

    def _imported(self, info: ImportInfo) -> None:
        self.running = False
        self.info = info
        self.progress.finish(self.tr("Imported."))
        self.summary.setText(
            "<p><b>"
            + escape(
                self.tr("%n case file(s) imported: %1.", "", len(info.case_ids)).replace(
                    "%1", ", ".join(info.codes)
                )
            )
            + "</b></p><p>"
            + escape(self.tr("New on this computer: %1.").replace("%1", self.arrivals(info)))
            + "</p>"
        )
        self.import_button.setVisible(False)
        self.cancel_button.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setFocus()
        self.imported.emit(info)

    def _run_failed(self, error: BaseException) -> None:
        self.running = False
        self.progress.stop()
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(True)
        self.check_button.setEnabled(True)
        self.check_button.setVisible(True)
        self.import_button.setVisible(False)
        self.checked = None
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.show_error(error)
