"""What the hand-off dialogs share: the progress of a job on the worker, shown by a bar, and
the dialog that runs such a job.

The worker never touches a Qt object for progress: it writes the latest step into a
`ProgressState` (a lock and three values), and the panel reads it on a timer. So a dialog closed
while its export runs leaves the export to finish, with nobody left to tell."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.ui.common import error_text, make_error_label, plain_label

POLL_MS = 80


class ProgressState:
    """The latest (stage, done, total) of a job, written by the worker, read by the screen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._step: tuple[str, int, int] = ("", 0, 0)

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            self._step = (stage, done, total)

    def read(self) -> tuple[str, int, int]:
        with self._lock:
            return self._step


def stage_label(stage: str) -> str:
    """What a stage of services.handoff's progress means to the user."""
    return {
        "reading": QCoreApplication.translate("Handoff", "Reading the case files…"),
        "summary": QCoreApplication.translate("Handoff", "Writing the case summaries…"),
        "encrypting": QCoreApplication.translate("Handoff", "Encrypting…"),
        "writing": QCoreApplication.translate("Handoff", "Writing the file…"),
        "decrypting": QCoreApplication.translate("Handoff", "Decrypting…"),
        "checking": QCoreApplication.translate("Handoff", "Checking the contents…"),
        "importing": QCoreApplication.translate(
            "Handoff", "Comparing with this computer's records…"
        ),
    }.get(stage, "")


def size_text(size: int) -> str:
    """A size the way an Italian reads it: 0,8 MB, 12 kB, 300 byte."""
    if size >= 1024 * 1024:
        return QCoreApplication.translate("Handoff", "%1 MB").replace(
            "%1", f"{size / 1024 / 1024:.1f}".replace(".", ",")
        )
    if size >= 1024:
        return QCoreApplication.translate("Handoff", "%1 kB").replace("%1", str(round(size / 1024)))
    return QCoreApplication.translate("Handoff", "%1 bytes").replace("%1", str(size))


class ProgressPanel(QWidget):
    """A stage line and a bar, following a `ProgressState` while `start()`ed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = ProgressState()
        self.stage = plain_label()
        self.stage.setObjectName("handoffStage")
        self.bar = QProgressBar()
        self.bar.setObjectName("handoffProgress")
        self.bar.setAccessibleName(self.tr("Progress"))
        self.bar.setTextVisible(True)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.update_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)

    def start(self) -> ProgressState:
        """A fresh state for the next job, the bar at zero."""
        self.state = ProgressState()
        self.bar.setRange(0, 0)  # busy until the first step arrives
        self.stage.setText(self.tr("Starting…"))
        self.timer.start()
        return self.state

    def update_view(self) -> None:
        stage, done, total = self.state.read()
        if total <= 0:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        self.stage.setText(stage_label(stage))

    def finish(self, text: str) -> None:
        self.timer.stop()
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
        self.bar.setValue(self.bar.maximum())
        self.stage.setText(text)

    def stop(self) -> None:
        self.timer.stop()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.stage.setText("")


class JobDialog(QDialog):
    """A dialog whose job runs on the worker: not closed by Esc or Cancel while it runs (one
    transaction, over in seconds, never stopped halfway), but closed at once at lock or in
    visit mode, the job ending on the worker with nobody left to tell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.running = False
        self.error = make_error_label()

    def show_error(self, error: BaseException) -> None:
        self.error.setText(error_text(error))
        self.error.setVisible(True)

    def close_now(self) -> None:
        self.running = False
        super().reject()

    def reject(self) -> None:
        if not self.running:
            super().reject()
