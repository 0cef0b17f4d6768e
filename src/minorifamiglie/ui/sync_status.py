"""The synchronisation corner of the status bar: is the shared folder there, what waits to be
sent, when the last sync was, and how many conflicts wait for a person (a link to them)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from minorifamiglie.ui.common import plain_html, plain_label
from minorifamiglie.ui.sync_controller import SyncController
from minorifamiglie.ui.sync_labels import fmt_moment, outcome_label, outcome_note

OK_STYLE = "color: #1e6b34;"
WARN_STYLE = "color: #8a4b00;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"


class SyncStatusBar(QWidget):
    """Emits `conflictsRequested` when the open conflicts count is clicked."""

    conflictsRequested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.controller = controller
        self.share_label = plain_label()
        self.share_label.setObjectName("syncShareState")
        self.pending_label = plain_label()
        self.pending_label.setObjectName("syncPending")
        self.last_label = plain_label()
        self.last_label.setObjectName("syncLast")
        self.conflicts_label = QLabel()
        self.conflicts_label.setObjectName("syncConflicts")
        self.conflicts_label.setTextFormat(Qt.TextFormat.RichText)
        self.conflicts_label.linkActivated.connect(lambda _link: self.conflictsRequested.emit())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 8, 0)
        row.setSpacing(14)
        for widget in (self.share_label, self.pending_label, self.last_label, self.conflicts_label):
            row.addWidget(widget)
        for signal in (
            controller.statusChanged,
            controller.reachabilityChanged,
            controller.syncStarted,
            controller.syncFinished,
            controller.syncFailed,
        ):
            signal.connect(self.update_view)
        self.update_view()

    def update_view(self, *_args: object) -> None:
        controller = self.controller
        status = controller.status
        in_team = status is not None and status.in_team
        for label in (self.pending_label, self.last_label):
            label.setVisible(in_team)
        if status is None:
            self.share_label.clear()
            self.share_label.setToolTip("")
            self.conflicts_label.setVisible(False)
            return
        self._show_share()
        if in_team:
            self.pending_label.setText(self.tr("%n change(s) to send", "", status.pending))
            if status.last_sync is None:
                self.last_label.setText(self.tr("Never synchronised"))
            else:
                text = self.tr("Last sync: %1").replace("%1", fmt_moment(status.last_sync))
                note = outcome_note(status.last_outcome)
                if note:
                    text += f" ({note})"
                self.last_label.setToolTip(outcome_label(status.last_outcome))
                self.last_label.setText(text)
        conflicts = status.open_conflicts
        self.conflicts_label.setVisible(conflicts > 0)
        if conflicts:
            text = self.tr("%n open conflict(s)", "", conflicts)
            self.conflicts_label.setText(
                f'<a href="conflicts" style="color: #b00020; font-weight: bold;">{text}</a>'
            )
            self.conflicts_label.setToolTip(self.tr("Show the conflicts"))

    def _show_share(self) -> None:
        controller = self.controller
        status = controller.status
        assert status is not None
        label = self.share_label
        label.setToolTip(plain_html(status.share))
        if not status.in_team:
            label.setText(self.tr("No team"))
            label.setStyleSheet("color: #555;")
        elif controller.running:
            label.setText(self.tr("Synchronising…"))
            label.setStyleSheet("")
        elif not status.share:
            label.setText(self.tr("No shared folder"))
            label.setStyleSheet(WARN_STYLE)
        elif controller.reachable is False:
            label.setText(self.tr("Shared folder not reachable"))
            label.setStyleSheet(WARN_STYLE)
        elif controller.last_error is not None and status.admitted:
            label.setText(self.tr("Synchronisation failed"))
            label.setToolTip(plain_html(controller.last_error))
            label.setStyleSheet(ERROR_STYLE)
        elif controller.reachable is None:
            label.setText(self.tr("Checking the shared folder…"))
            label.setStyleSheet("")
        else:
            label.setText(self.tr("Shared folder reachable"))
            label.setStyleSheet(OK_STYLE)
        if status.in_team and not status.admitted and not controller.running:
            label.setText(self.tr("Waiting to be admitted to the team"))
            label.setToolTip(
                self.tr("The coordinator must compare this device's fingerprint and admit it.")
            )
            label.setStyleSheet(WARN_STYLE)
