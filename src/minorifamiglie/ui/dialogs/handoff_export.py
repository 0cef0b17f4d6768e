"""Passaggio di consegne: the case files to hand over, who may open them (a device of the team,
an age key pasted from the recipient, or a passphrase to say by phone) and where the file goes;
then a summary of exactly what will leave, and only then the export, with its progress.

Everything runs on the database worker (services/handoff.py); this screen only asks and tells."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import cases, handoff
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import filled, one_line, plain_label, unhidden
from minorifamiglie.ui.dialogs.handoff_common import JobDialog, ProgressPanel, size_text
from minorifamiglie.ui.dialogs.team import short_recipient
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.path_field import PathField
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.handoff import ExportInfo, ExportPreview, TeamRecipient
    from minorifamiglie.storage.profile import OpenProfile
    from minorifamiglie.storage.queries import CaseRowView

FORM, SUMMARY, RUNNING = range(3)
TEAM, KEY, PASSPHRASE = range(3)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # a case item's code, beside its id (UserRole)


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def export_target_problem(target: Path, overwrite: bool) -> str | None:
    """Runs on a file task: why the export cannot be written at `target` ("no folder",
    "folder", "exists"), or None."""
    if not target.parent.is_dir():
        return "no folder"
    if target.is_dir():
        return "folder"
    if target.exists() and not overwrite:
        return "exists"
    return None


class HandoffExportDialog(JobDialog):
    """Window-modal; `exported(ExportInfo)` once the file is written."""

    exported = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        case_ids: Sequence[uuid.UUID] = (),
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handoffExportDialog")
        self.setWindowTitle(self.tr("Hand over case files"))
        self.workspace = workspace
        self.preselected = set(case_ids)
        self.today = today or dt.date.today()
        self.recipients: list[TeamRecipient] = []
        self.confirmed_path = ""  # a path whose overwriting the file dialog already confirmed
        self.user_path = False  # the user typed or chose the file: no more proposals
        self.request: dict[str, Any] = {}
        self.preview: ExportPreview | None = None
        self.info: ExportInfo | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_summary())
        self.pages.addWidget(self._build_running())
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(self.button_row)
        self.setMinimumSize(640, 560)
        self._show(FORM)
        self._load_query = QueryOperation(self, workspace)
        self._preview_query = QueryOperation(self, workspace)
        self._export = WriteOperation(self, workspace)
        self._load_query.run(self._load, self._loaded, self._failed)

    # ------------------------------------------------------------------ building
    def _build_form(self) -> QWidget:
        page = QWidget()
        cases_box = self._build_cases_box()
        recipient_box = self._build_recipient_box()
        self.file = PathField(
            self.tr("File to write"),
            self.tr("Where to save the hand-off file"),
            [self.tr("Encrypted files (*.age)")],
            save=True,
            default_suffix="age",
        )
        self.file.setObjectName("handoffFile")
        self.file.chosen.connect(self._file_chosen)
        self.file.edit.textEdited.connect(lambda _t: setattr(self, "user_path", True))
        form = QFormLayout()
        caption = QLabel(self.tr("&File"))
        caption.setBuddy(self.file.edit)
        form.addRow(caption, self.file)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(cases_box, 1)
        layout.addWidget(recipient_box)
        layout.addLayout(form)
        return page

    def _build_cases_box(self) -> QGroupBox:
        self.filter = QLineEdit()
        self.filter.setObjectName("handoffCaseFilter")
        self.filter.setAccessibleName(self.tr("Filter the case files"))
        self.filter.setPlaceholderText(self.tr("Filter by case code, title or child's name"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_cases)
        self.case_list = QListWidget()
        self.case_list.setObjectName("handoffCaseList")
        self.case_list.setAccessibleName(self.tr("Case files to hand over"))
        self.case_list.itemChanged.connect(lambda _item: self._count_chosen())
        self.chosen_label = plain_label()
        self.chosen_label.setObjectName("handoffChosenCount")
        cases_box = QGroupBox(self.tr("Case files"))
        box = QVBoxLayout(cases_box)
        box.addWidget(self.filter)
        box.addWidget(self.case_list, 1)
        box.addWidget(self.chosen_label)
        return cases_box

    def _build_recipient_box(self) -> QGroupBox:
        self.team_radio = QRadioButton(self.tr("A &device of the team"))
        self.team_combo = QComboBox()
        self.team_combo.setObjectName("handoffTeamRecipient")
        self.team_combo.setAccessibleName(self.tr("Device of the team"))
        self.key_radio = QRadioButton(self.tr("The &encryption key of the recipient's device"))
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("handoffRecipientKey")
        self.key_edit.setAccessibleName(self.tr("Encryption key of the recipient's device"))
        self.key_edit.setPlaceholderText(self.tr("age1… (sent to you by the recipient)"))
        self.passphrase_radio = QRadioButton(self.tr("A pass&phrase"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("handoffPassphrase")
        self.passphrase.setAccessibleName(self.tr("Passphrase of the file"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setObjectName("handoffPassphraseAgain")
        self.passphrase_again.setAccessibleName(self.tr("Passphrase of the file, again"))
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again.setPlaceholderText(self.tr("again"))
        self.mode = QButtonGroup(self)
        for button, mode in (
            (self.team_radio, TEAM),
            (self.key_radio, KEY),
            (self.passphrase_radio, PASSPHRASE),
        ):
            self.mode.addButton(button, mode)
        self.mode.idToggled.connect(lambda _id, _on: self._mode_changed())
        self.key_edit.textEdited.connect(lambda _t: self.key_radio.setChecked(True))
        self.passphrase.textEdited.connect(lambda _t: self.passphrase_radio.setChecked(True))
        self.passphrase_again.textEdited.connect(lambda _t: self.passphrase_radio.setChecked(True))
        self.team_combo.activated.connect(lambda _i: self.team_radio.setChecked(True))
        recipient_box = QGroupBox(self.tr("Who can open the file"))
        grid = QGridLayout(recipient_box)
        grid.addWidget(self.team_radio, 0, 0)
        grid.addWidget(self.team_combo, 0, 1)
        grid.addWidget(self.key_radio, 1, 0)
        grid.addWidget(self.key_edit, 1, 1)
        grid.addWidget(self.passphrase_radio, 2, 0)
        secrets = QHBoxLayout()
        secrets.addWidget(self.passphrase)
        secrets.addWidget(self.passphrase_again)
        grid.addLayout(secrets, 2, 1)
        hint = QLabel(
            self.tr(
                "Tell the passphrase by phone or in person, never in the same e-mail as the file."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        grid.addWidget(hint, 3, 1)
        grid.setColumnStretch(1, 1)
        return recipient_box

    def _build_summary(self) -> QWidget:
        page = QWidget()
        self.summary = _wrapped()
        self.summary.setObjectName("handoffSummary")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary, 1)
        return page

    def _build_running(self) -> QWidget:
        page = QWidget()
        self.progress = ProgressPanel()
        self.outcome = _wrapped()
        self.outcome.setObjectName("handoffResult")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        return page

    def _build_buttons(self) -> None:
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.back_button = QPushButton(self.tr("← &Back"))
        self.back_button.clicked.connect(lambda: self._show(FORM))
        self.next_button = QPushButton(self.tr("&Next: check what will be exported"))
        self.next_button.setObjectName("handoffNextButton")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.check)
        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setObjectName("handoffExportButton")
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("handoffCloseButton")
        self.close_button.clicked.connect(self.accept)
        self.button_row = QHBoxLayout()
        self.button_row.addWidget(self.cancel_button)
        self.button_row.addStretch(1)
        for button in (self.back_button, self.next_button, self.export_button, self.close_button):
            self.button_row.addWidget(button)

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.cancel_button.setVisible(page != RUNNING)
        self.back_button.setVisible(page == SUMMARY)
        self.next_button.setVisible(page == FORM)
        self.export_button.setVisible(page == SUMMARY)
        self.close_button.setVisible(page == RUNNING)
        if page == SUMMARY:
            self.export_button.setDefault(True)
            self.export_button.setFocus()
        elif page == FORM:
            self.next_button.setDefault(True)

    # ------------------------------------------------------------------ loading
    @staticmethod
    def _load(opened: OpenProfile) -> tuple[list[CaseRowView], list[TeamRecipient]]:
        return cases.list_cases(opened), handoff.team_recipients(opened)

    def _loaded(self, loaded: tuple[list[CaseRowView], list[TeamRecipient]]) -> None:
        rows, self.recipients = loaded
        self.case_list.blockSignals(True)
        # The cases already chosen first, where the eye lands; then the others in their order.
        rows = sorted(rows, key=lambda r: r.id not in self.preselected)
        for row in rows:
            text = f"{row.code} — {row.title or row.minors}"
            if row.minors and row.title:
                text += f" ({row.minors})"
            item = QListWidgetItem(unhidden(text))
            item.setData(Qt.ItemDataRole.UserRole, str(row.id))
            item.setData(CODE_ROLE, row.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = row.id in self.preselected
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.case_list.addItem(item)
        self.case_list.blockSignals(False)
        for recipient in self.recipients:
            self.team_combo.addItem(  # names from the roster: one line, nothing hidden
                one_line(f"{recipient.operator} — {recipient.device_name}"),
                recipient.age_recipient,
            )
            self.team_combo.setItemData(
                self.team_combo.count() - 1,
                self.tr("Fingerprint %1").replace("%1", recipient.fingerprint),
                Qt.ItemDataRole.ToolTipRole,
            )
        has_team = bool(self.recipients)
        self.team_radio.setEnabled(has_team)
        if not has_team:
            self.team_combo.addItem(self.tr("(no other device in the team)"), "")
        (self.team_radio if has_team else self.key_radio).setChecked(True)
        self._count_chosen()
        self._propose_file()

    # ------------------------------------------------------------------ the form
    def chosen_case_ids(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.case_list.item(i) for i in range(self.case_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _chosen_codes(self) -> list[str]:
        return [
            str(item.data(CODE_ROLE))
            for item in (self.case_list.item(i) for i in range(self.case_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _filter_cases(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.case_list.count()):
            item = self.case_list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _count_chosen(self) -> None:
        count = len(self.chosen_case_ids())
        self.chosen_label.setText(
            self.tr("%n case file(s) chosen", "", count) if count else self.tr("None chosen yet")
        )
        self._propose_file()

    def _propose_file(self) -> None:
        """A file name with the case code and the date, never a name: it may be seen. Only
        until the user types or chooses one."""
        if self.user_path:
            return
        codes = self._chosen_codes()
        stem = codes[0] if len(codes) == 1 else f"{len(codes)}-cartelle"
        name = file_dialogs.safe_file_name(f"consegna-{stem}-{self.today.isoformat()}.age")
        self.file.setText(file_dialogs.start_path(name))

    def _file_chosen(self, path: str) -> None:
        self.confirmed_path = path
        self.user_path = True

    def _mode_changed(self) -> None:
        """The fields stay editable: typing in one chooses its option."""
        self.team_combo.setEnabled(bool(self.recipients))

    def _request(self) -> dict[str, Any]:
        """What the form asks for, checked as far as the screen can; ValidationError if not."""
        refs = self.chosen_case_ids()
        if not refs:
            raise ValidationError(self.tr("Choose at least one case file."), "case")
        mode = self.mode.checkedId()
        recipient: str | None = None
        passphrase: str | None = None
        who = ""
        if mode == TEAM:
            index = self.team_combo.currentIndex()
            if index < 0 or not self.recipients:
                raise ValidationError(self.tr("Choose the device of the team."), "recipient")
            chosen = self.recipients[index]
            recipient = chosen.age_recipient
            who = filled(self.tr("%1, on the device “%2”"), chosen.operator, chosen.device_name)
        elif mode == KEY:
            recipient = self.key_edit.text().strip()
            if not recipient:
                raise ValidationError(
                    self.tr(
                        "Paste the encryption key of the recipient's device (it begins with age1)."
                    ),
                    "recipient",
                )
            who = self.tr("whoever holds the key %1").replace("%1", short_recipient(recipient))
        else:
            passphrase = self.passphrase.text()
            if passphrase != self.passphrase_again.text():
                raise ValidationError(self.tr("The two passphrases differ."), "passphrase")
            who = self.tr("whoever knows the passphrase")
        target = self.file.text()
        if not target:
            raise ValidationError(self.tr("Choose where to save the file."), "file")
        return {
            "refs": refs,
            "recipient": recipient,
            "passphrase": passphrase,
            "who": who,
            "target": Path(target).expanduser(),
            "overwrite": target == self.confirmed_path,  # the file dialog asked already
        }

    def _target_problem(self, problem: str) -> ValidationError:
        """What is wrong with a target (`export_target_problem`), in words."""
        text = {
            "no folder": self.tr(
                "The folder of the file does not exist (is the USB stick plugged in?)."
            ),
            "folder": self.tr("Give the file a name, not only a folder."),
            "exists": self.tr("A file with this name already exists: choose another name."),
        }[problem]
        return ValidationError(text, "file")

    def check(self) -> None:
        """Next: the target file checked on a file task (a stick or a network share may be
        slow to answer: neither the screen nor the worker waits for it), then the recipient
        and the cases on the worker, then the summary."""
        try:
            request = self._request()
        except ValidationError as error:
            self._failed(error)
            return
        self.error.setVisible(False)
        self.request = request
        target, overwrite = request["target"], request["overwrite"]
        file_dialogs.ask_files(
            self.next_button,
            lambda: export_target_problem(target, overwrite),
            lambda problem: self._target_checked(request, problem),
            self._failed,
        )

    def _target_checked(self, request: dict[str, Any], problem: str | None) -> None:
        if problem is not None:
            self._failed(self._target_problem(problem))
            return
        self.next_button.setEnabled(False)
        refs, recipient, passphrase = request["refs"], request["recipient"], request["passphrase"]

        def job(opened: OpenProfile) -> ExportPreview:
            handoff.check_recipient(recipient, passphrase)
            return handoff.preview_export(opened, refs)

        self._preview_query.run(job, self._previewed, self._failed)

    def _previewed(self, preview: ExportPreview) -> None:
        self.next_button.setEnabled(True)
        self.preview = preview
        self.summary.setText(self.summary_html(preview, self.request))
        self._show(SUMMARY)

    def summary_html(self, preview: ExportPreview, request: dict[str, Any]) -> str:
        lines = [
            "<p>"
            + self.tr(
                "%n case file(s) will be exported for <b>%1</b>:", "", len(preview.cases)
            ).replace("%1", escape(unhidden(request["who"])))
            + "</p><ul>"
        ]
        for case in preview.cases:
            parts = [
                self.tr("%n person(s)", "", case.persons),
                self.tr("%n visit(s)", "", case.visits),
                self.tr("%n court measure(s)", "", case.measures),
                self.tr("%n attachment(s)", "", case.attachments)
                + (f" ({size_text(case.attachment_bytes)})" if case.attachments else ""),
            ]
            drafts = (
                " " + self.tr("— %n still a draft, not signed", "", case.drafts)
                if case.drafts
                else ""
            )
            lines.append(
                f"<li><b>{escape(unhidden(case.code))}</b> {escape(unhidden(case.title))}: "
                + escape(", ".join(parts))
                + escape(drafts)
                + "</li>"
            )
        lines.append("</ul>")
        lines.append(
            "<p>"
            + escape(
                self.tr(
                    "Each case file goes with its case summary in PDF. The file is encrypted: "
                    "it opens with this application or with the age tool and unzip."
                )
            )
            + "</p>"
        )
        if preview.attachments_missing:
            lines.append(
                '<p style="color:#8a4b00">'
                + escape(
                    self.tr(
                        "%n attachment(s) have not reached this computer yet: only their name "
                        "and details will go, not the file.",
                        "",
                        preview.attachments_missing,
                    )
                )
                + "</p>"
            )
        lines.append(
            "<p>"
            + escape(self.tr("The file: %1").replace("%1", str(request["target"])))
            + "<br>"
            + escape(self.tr("The export is recorded in the history of each case file."))
            + "</p>"
        )
        return "".join(lines)

    # ------------------------------------------------------------------ the export
    def export(self) -> None:
        request = self.request
        state = self.progress.start()
        self.outcome.setText("")
        self._show(RUNNING)
        self.close_button.setEnabled(False)
        self.running = True
        refs, recipient, passphrase = request["refs"], request["recipient"], request["passphrase"]
        target, today = request["target"], self.today

        def job(opened: OpenProfile) -> ExportInfo:
            return handoff.export_cases(
                opened,
                refs,
                recipient=recipient,
                passphrase=passphrase,
                target=target,
                today=today,
                progress=state,
            )

        self._export.run(job, self._exported, self._export_failed)

    def _exported(self, info: ExportInfo) -> None:
        self.running = False
        self.info = info
        self.close_button.setEnabled(True)
        self.close_button.setFocus()
        self.progress.finish(self.tr("Exported."))
        how = (
            self.tr("Without this application: age -d %1 > consegna.zip (it asks the passphrase)")
            if self.request.get("passphrase")
            else self.tr("Without this application: age -d -i KEY-FILE %1 > consegna.zip")
        ).replace("%1", info.path.name)
        self.outcome.setText(
            "<p>"
            + escape(
                filled(
                    self.tr("%n case file(s) in %1 (%2).", "", len(info.case_ids)),
                    str(info.path),
                    size_text(info.size),
                )
            )
            + "</p><p>"
            + escape(how)
            + "</p>"
        )
        self.exported.emit(info)

    def _export_failed(self, error: BaseException) -> None:
        self.running = False
        self.progress.stop()
        self._show(SUMMARY)
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.next_button.setEnabled(True)
        self.show_error(error)
