"""Sincronizzazione: the shared folder this device syncs with, "Synchronise now", the past runs
and, for the one selected, the files that were refused and why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.changes import Changes
from minorifamiglie.services import syncing, team
from minorifamiglie.services.syncing import SyncReport, SyncRunView
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import (
    error_text,
    filled,
    plain_html,
    plain_label,
    read_only_table,
    unhidden,
)
from minorifamiglie.ui.models.sync_table import RefusalTableModel, SyncRunTableModel
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.sync_controller import SyncController
from minorifamiglie.ui.sync_labels import fmt_moment, held_notice, outcome_label, sync_notices
from minorifamiglie.ui.workspace import Workspace

HISTORY_LIMIT = 100
ERROR_STYLE = "color: #b00020;"
NOTICE_STYLE = "color: #7a4b00;"


def _bold(text: str = "") -> QLabel:
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class SyncPage(Page):
    def __init__(
        self, workspace: Workspace, controller: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("syncPage")
        self.controller = controller
        self._query = QueryOperation(self, workspace)
        self._writes = WriteOperation(self, workspace)
        self._loaded = False
        self._report_notices: list[str] = []  # of the last sync of this session
        self.folder_dialog: QFileDialog | None = None
        folder_row = self._build_folder_row()
        splitter = self._build_tables()
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addLayout(folder_row)
        layout.addWidget(self.state_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(splitter, 1)

        for signal in (
            controller.statusChanged,
            controller.reachabilityChanged,
            controller.syncStarted,
            controller.syncFailed,
            controller.syncFinished,
        ):
            signal.connect(self._show_state)
        controller.syncFinished.connect(self._show_notices)
        workspace.changesApplied.connect(self._changes_applied)
        self._show_state()
        self._show_refused()

    def _build_folder_row(self) -> QHBoxLayout:
        """The shared folder, "Choose folder…", "Synchronise now", and the state under them."""
        self.folder_label = plain_label()
        self.folder_label.setObjectName("syncFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        # a path as long as anyone chose gives way rather than widen the window past the
        # screen (copied as it is: no breaks added), whole in its tooltip
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.choose_button = QPushButton(self.tr("&Choose folder…"))
        self.choose_button.setAccessibleName(self.tr("Choose the shared folder"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.sync_button = QPushButton(self.tr("&Synchronise now"))
        self.sync_button.clicked.connect(self.controller.sync_now)
        self.state_label = plain_label()
        self.state_label.setObjectName("syncState")
        self.state_label.setWordWrap(True)
        # What the last sync of this session has to tell beyond its counts (dates ahead).
        self.notice_label = plain_label()
        self.notice_label.setObjectName("syncNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(NOTICE_STYLE)
        self.notice_label.hide()
        folder_row = QHBoxLayout()
        folder_row.addWidget(_bold(self.tr("Shared folder:")))
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.sync_button)
        return folder_row

    def _build_tables(self) -> QSplitter:
        """The runs above, the files refused by the one selected below."""
        self.model = SyncRunTableModel(self)
        self.table = read_only_table(self.model, self.tr("Synchronisations"), "syncRunTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_refused())
        self.refusal_model = RefusalTableModel(self)
        self.refusal_table = read_only_table(
            self.refusal_model, self.tr("Files refused"), "refusalTable", fit="but-last"
        )
        self.refused_title = _bold()
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(_bold(self.tr("Synchronisations of this device")))
        history_layout.addWidget(self.table, 1)
        refused = QWidget()
        refused_layout = QVBoxLayout(refused)
        refused_layout.setContentsMargins(0, 0, 0, 0)
        refused_layout.addWidget(self.refused_title)
        refused_layout.addWidget(self.refusal_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(history)
        splitter.addWidget(refused)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        return splitter

    def title(self) -> str:
        return self.tr("Synchronisation")

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if not self.workspace.unlocked:
            return
        self._query.run(
            lambda opened: syncing.history(opened, HISTORY_LIMIT), self._loaded_rows, self._failed
        )

    def _loaded_rows(self, rows: list[SyncRunView]) -> None:
        self._loaded = True
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self._show_refused()

    def _failed(self, error: BaseException) -> None:
        self.state_label.setText(error_text(error))
        self.state_label.setStyleSheet(ERROR_STYLE)

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(syncing.SOURCES):
            self.refresh()  # a sync just ended

    def current_run(self) -> SyncRunView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_refused(self) -> None:
        run = self.current_run()
        self.refusal_model.set_rows(run.refused if run is not None else ())
        if run is None:
            self.refused_title.setText(self.tr("Files refused"))
        elif run.refused:
            self.refused_title.setText(
                self.tr("Files refused by the selected synchronisation: %n", "", len(run.refused))
            )
        else:
            self.refused_title.setText(self.tr("The selected synchronisation refused nothing."))

    # ------------------------------------------------------------------ state
    def _show_state(self, *_args: object) -> None:
        controller = self.controller
        status = controller.status
        in_team = status is not None and status.in_team
        self.choose_button.setEnabled(in_team)
        self.sync_button.setEnabled(in_team and not controller.running)
        self._render_notices()
        if status is None:
            self.folder_label.clear()
            self.state_label.clear()
            return
        if not in_team:
            self.folder_label.setText(self.tr("none"))
            self._state(self.tr("This device is not part of a team: create or join one in Team."))
            return
        self.folder_label.setText(unhidden(status.share or "") or self.tr("none chosen"))
        self.folder_label.setToolTip(plain_html(status.share))
        if controller.running:
            self._state(self.tr("Synchronising…"))
            return
        if controller.last_error is not None:
            self._state(
                self.tr("The last synchronisation failed: %1").replace("%1", controller.last_error),
                error=True,
            )
            return
        if not status.share:
            folder = self.tr("Choose the shared folder to synchronise with.")
        elif controller.reachable is False:
            folder = self.tr(
                "The shared folder is not reachable now: the changes wait, and are sent as "
                "soon as it is back."
            )
        elif controller.reachable:
            folder = self.tr("The shared folder is reachable.")
        else:
            folder = self.tr("Checking the shared folder…")
        if status.last_sync is None:
            last = self.tr("Never synchronised.")
        else:
            last = filled(
                self.tr("Last synchronisation %1: %2."),
                fmt_moment(status.last_sync),
                outcome_label(status.last_outcome).lower(),
            )
        self._state(f"{folder} {last}", error=status.last_outcome not in (None, "ok"))

    def _show_notices(self, report: SyncReport) -> None:
        """Held operations applied, or this device's written while the clock was ahead: said
        under the state until the next sync (or the lock)."""
        self._report_notices = sync_notices(report, with_held=False)
        self._render_notices()

    def _render_notices(self) -> None:
        """Beside what the last sync said, the operations held now for a date ahead of this
        clock (the status counts them: said while they wait, after a restart too)."""
        status = self.controller.status
        held = [held_notice(status.held)] if status is not None and status.held else []
        lines = held + self._report_notices
        self.notice_label.setText("\n".join(lines))
        self.notice_label.setVisible(bool(lines))

    def _state(self, text: str, error: bool = False) -> None:
        self.state_label.setText(text)
        self.state_label.setStyleSheet(ERROR_STYLE if error else "")

    # ------------------------------------------------------------------ the folder
    def choose_folder(self) -> None:
        """A folder dialog (window-modal, not blocking), `folder_dialog` once open; the folder
        chosen becomes the share. It opens in the share once that answered, off the Qt thread
        (file_dialogs.when_ready): a share that went away would hang the chooser."""
        if self.folder_dialog is not None:
            self.folder_dialog.reject()
        status = self.controller.status
        share = str(status.share) if status is not None and status.share else ""
        file_dialogs.when_ready(self.choose_button, self._open_chooser, preferred=share)

    def _open_chooser(self, start: str) -> None:
        dialog = QFileDialog(self, self.tr("Shared folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setDirectory(start)
        # Not remembered as the last folder used: the documents saved next (a hand-off file,
        # a printout) would be proposed inside the team's folder, which a sync client may
        # copy to every laptop. It opens on the share in effect anyway.
        dialog.fileSelected.connect(lambda path: self.set_folder(Path(path)))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.folder_dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: QFileDialog) -> None:
        if self.folder_dialog is dialog:
            self.folder_dialog = None
        dialog.deleteLater()

    def set_folder(self, folder: Path) -> None:
        """Remember `folder` as the shared folder; the status bar starts watching it."""
        self._writes.run(
            lambda opened: team.set_share(opened, folder),
            None,
            self._folder_failed,
        )

    def _folder_failed(self, error: BaseException) -> None:
        self._state(error_text(error), error=True)

    # ------------------------------------------------------------------ lock
    def clear(self) -> None:
        self._query.cancel()
        self._loaded = False
        if self.folder_dialog is not None:
            self.folder_dialog.reject()
        self.model.clear()
        self._show_refused()
        self.folder_label.clear()
        self.state_label.clear()
        self._report_notices = []
        self.notice_label.clear()
        self.notice_label.hide()
