"""The amendments of a signed visit (integrazioni): those written, shown after the signed text
in order, and the form of a new one, kept like a draft while it is written."""

from __future__ import annotations

import shiboken6

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.services import drafts, visits
from minorifamiglie.ui.common import error_text, filled, fmt_date, fmt_time, make_error_label
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.visit_editor.autosave import AUTOSAVE_DELAY_MS
from minorifamiglie.ui.visit_editor.form import text_edit
from minorifamiglie.ui.workspace import Workspace


class AmendmentsBox(QGroupBox):
    """Shown once the visit is signed. `visit_id` is the signed visit's. `amendmentSaved` is
    emitted with it when an amendment is written; `formShown` when the form of a new one opens
    (to bring it into view); `statusReported` with a message for the status line."""

    amendmentSaved = Signal(object)  # visit id
    formShown = Signal()
    statusReported = Signal(str, bool)  # the message, whether an error

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Amendments"))
        self.workspace = workspace
        self._writes = WriteOperation(self, workspace)
        self.visit_id: VisitId | None = None
        self._restoring = False
        self.setObjectName("amendments")
        self.amendment_list = QVBoxLayout()
        self.amendment_list.setSpacing(6)
        self.add_amendment_button = QPushButton(self.tr("Add amendment"))
        self.add_amendment_button.setAccessibleName(self.tr("Add amendment"))
        self.add_amendment_button.clicked.connect(self._start)
        self.amendment_edit = text_edit(
            "amendmentText",
            self.tr("Text of the amendment"),
            self.tr("The amendment is added after the signed text, with date and time"),
        )
        self.amendment_edit.setMinimumHeight(90)
        self.amendment_edit.textChanged.connect(self._changed)
        self.amendment_timer = QTimer(self)
        self.amendment_timer.setSingleShot(True)
        self.amendment_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.amendment_timer.timeout.connect(self._save_draft)
        self.save_amendment_button = QPushButton(self.tr("Save amendment"))
        self.save_amendment_button.setAccessibleName(self.tr("Save amendment"))
        self.save_amendment_button.clicked.connect(self._save)
        self.cancel_amendment_button = QPushButton(self.tr("Cancel"))
        self.cancel_amendment_button.setAccessibleName(self.tr("Cancel the amendment"))
        self.cancel_amendment_button.clicked.connect(self._cancel)
        self.error = make_error_label()
        self.error.setObjectName("error_text")
        self.amendment_form = QWidget()
        form = QVBoxLayout(self.amendment_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.amendment_edit)
        form.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_amendment_button)
        row.addWidget(self.save_amendment_button)
        form.addLayout(row)
        self.amendment_form.setVisible(False)
        self.no_amendments = QLabel(self.tr("No amendments."))
        self.no_amendments.setStyleSheet("color: #666;")
        box = QVBoxLayout(self)
        box.addWidget(self.no_amendments)
        box.addLayout(self.amendment_list)
        box.addWidget(self.amendment_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_amendment_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.setVisible(False)

    # ------------------------------------------------------------------ shown
    def show_amendments(self, amendments: tuple[e.VisitAmendment, ...]) -> None:
        for amendment in amendments:
            self._append(amendment)

    def _append(self, amendment: e.VisitAmendment) -> None:
        stamp = amendment.created_at.astimezone()
        head = QLabel(
            "<b>"
            + filled(self.tr("Amendment of %1 at %2"), fmt_date(stamp.date()), fmt_time(stamp))
            + "</b>"
        )
        text = QLabel(amendment.text)
        text.setObjectName("amendmentText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.amendment_list.addWidget(head)
        self.amendment_list.addWidget(text)
        self.no_amendments.setVisible(False)

    def amendment_texts(self) -> list[str]:
        """The amendments shown, in order (for tests and accessibility checks)."""
        texts = []
        for index in range(self.amendment_list.count()):
            item = self.amendment_list.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget.objectName() == "amendmentText":
                texts.append(widget.text())
        return texts

    # ------------------------------------------------------------------ writing one
    def _start(self) -> None:
        self.amendment_form.setVisible(True)
        self.add_amendment_button.setVisible(False)
        self.amendment_edit.setFocus()
        # The form opens at the foot of a long signed text: bring it into view.
        QTimer.singleShot(0, self._form_opened)

    def _form_opened(self) -> None:
        if shiboken6.isValid(self) and self.amendment_form.isVisible():
            self.formShown.emit()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _cancel(self) -> None:
        self.amendment_edit.clear()  # and the kept draft with it (_changed)
        self._show_error("")
        self.amendment_form.setVisible(False)
        self.add_amendment_button.setVisible(True)

    def _changed(self) -> None:
        if self.visit_id is not None and not self._restoring:
            self.amendment_timer.start()

    def save_pending(self) -> None:
        """Keep the amendment being written now, if it changed since it was last kept."""
        if self.amendment_timer.isActive():
            self._save_draft()

    def _save_draft(self) -> None:
        """Kept like a draft until it is saved or cancelled (services.drafts)."""
        self.amendment_timer.stop()
        visit_id, text = self.visit_id, self.amendment_edit.toPlainText()
        if visit_id is None:
            return
        self._writes.run(lambda opened: drafts.save_amendment_draft(opened, visit_id, text))

    def restore(self, text: str) -> None:
        """An amendment being written when the editor last closed comes back in its form."""
        if not text:
            return
        self._restoring = True
        self.amendment_edit.setPlainText(text)
        self._restoring = False
        self._start()
        self.statusReported.emit(
            self.tr("Amendment being written, recovered: save it or cancel it"), False
        )

    def _save(self) -> None:
        visit_id, text = self.visit_id, self.amendment_edit.toPlainText()
        if visit_id is None:
            return
        self.save_amendment_button.setEnabled(False)

        def done(amendment: e.VisitAmendment) -> None:
            self.save_amendment_button.setEnabled(True)
            self._append(amendment)
            self._cancel()
            self._save_draft()  # the kept draft is now empty
            self.amendmentSaved.emit(visit_id)

        def failed(error: BaseException) -> None:
            self.save_amendment_button.setEnabled(True)
            self._show_error(error_text(error))

        self._writes.run(lambda opened: visits.amend_visit(opened, visit_id, text), done, failed)
