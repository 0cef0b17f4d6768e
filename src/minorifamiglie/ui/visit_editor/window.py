"""The visit editor's window, designed for typing right after a visit: it autosaves the draft
through the worker, is reopened after a crash or a lock, and closes and signs the visit (then
read-only, only amendments can follow).

Keyboard: Ctrl+S saves now; Ctrl+Enter asks to close and sign (nothing is signed without the
confirmation, so a slip of the finger costs one Esc); Esc closes the window, saving what is
pending first (the draft is already in the database).

The window puts the parts together: the fields (form.py), the autosave and its status line
(autosave.py), the amendments of a signed visit (amendments.py); what is written, and how, is
services.visit_draft's."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.enums import MemberRole, VisitKind, VisitStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import CaseId, VisitId
from minorifamiglie.services import drafts, visit_draft
from minorifamiglie.services.visit_draft import Clock, DraftSaved, DraftWriter, EditorOpened
from minorifamiglie.ui.common import (
    error_text,
    filled,
    fmt_date,
    fmt_time,
    plain_html,
    plain_label,
    unhidden,
)
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.printing.visit import VisitPrinting
from minorifamiglie.ui.visit_editor.amendments import AmendmentsBox
from minorifamiglie.ui.visit_editor.autosave import Autosave, SaveStatus
from minorifamiglie.ui.visit_editor.form import VisitForm
from minorifamiglie.ui.workspace import Workspace


def _heading() -> QLabel:
    """The editor's heading: the case's code and its children. Whatever they are, it never
    asks for more width than the window has: cut at its edge (a synced name of 170 letters
    made the editor 1,980 pixels wide, its buttons off a 1,366-pixel screen), whole in its
    tooltip."""
    heading = plain_label()
    heading.setObjectName("visitTitle")
    heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    heading.setMinimumWidth(1)
    font = QFont(heading.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    heading.setFont(font)
    return heading


class VisitEditorWindow(QWidget):
    """A top-level window editing one visit of a case (a new one when `visit_id` is None)."""

    visitSaved = Signal(object)  # visit id
    visitClosed = Signal(object)  # visit id

    def __init__(
        self,
        workspace: Workspace,
        case_id: CaseId,
        visit_id: VisitId | None = None,
        parent: QWidget | None = None,
        recovered: bool = False,
        now: Clock = dt.datetime.now,
    ) -> None:
        """`recovered`: reopened after the application ended unexpectedly, which it says.
        `now`: the local wall clock (today's date, the default times, "Saved at")."""
        super().__init__(parent)
        self.recovered = recovered
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setObjectName("visitEditor")
        self.workspace = workspace
        # Opening the editor records its draft, and a save must reach the database even when
        # the window closes first: writes, never dropped; their answers only while it is open.
        self._writes = WriteOperation(self, workspace)
        self.case_id = case_id
        self._now = now
        self._visit_id = visit_id
        self._writer = DraftWriter(case_id, visit_id, now=now)
        self._status = VisitStatus.DRAFT
        self._loaded = False
        self._sign_tried = False  # after a refused Chiudi e firma, its messages stay until fixed
        self._keep_for_reopen = False
        self._closed_at: dt.datetime | None = None
        self._case_code = ""
        self.visit_mode = False

        self.setWindowTitle(self.tr("Visit"))
        self.printing = VisitPrinting(self, workspace, self._print_failed)
        self.autosave = Autosave(self)
        self.autosave.saveDue.connect(self._autosave)
        self._build()
        self._build_shortcuts()
        self._name_parts()
        self.resize(1280, 720)
        self.status_label.show_text(self.tr("Loading…"))
        self.body.setEnabled(False)
        self._load()

    # ------------------------------------------------------------------ public
    @property
    def visit_id(self) -> VisitId | None:
        """None until the first autosave created the draft."""
        return self._visit_id

    @property
    def read_only(self) -> bool:
        return self._status is VisitStatus.CLOSED

    def save_now(self, on_done: Callable[[], None] | None = None) -> None:
        """Queue the pending edits on the worker; `on_done` runs on the Qt thread once they are
        written (or failed), after every task queued before. Call before lock or quit."""
        self.autosave.stop()
        if self._can_save() and self.autosave.pending:
            self._save()
        self.amendments.save_pending()
        self.workspace.runner.run(lambda: None, lambda _r: on_done() if on_done else None)

    def _save_requested(self) -> None:
        self.save_now()

    def close_for_lock(self) -> None:
        """Close, keeping the editor in the list reopened after the next unlock."""
        self._keep_for_reopen = True
        self.close()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.title_label = _heading()
        self.status_label = SaveStatus()
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.status_label)

        self.form = VisitForm(self._now)
        self.form.edited.connect(self._changed)
        self.form.statusReported.connect(self.status_label.show_text)
        # The list of what signing still needs links each field (see close_and_sign).
        self.status_label.linkActivated.connect(self.form.go_to_field)
        self.amendments = AmendmentsBox(self.workspace)
        self.amendments.amendmentSaved.connect(self.visitSaved)
        self.amendments.formShown.connect(self._show_amendment_form)
        self.amendments.statusReported.connect(self.status_label.show_text)
        self.form.add_below_texts(self.amendments)
        self.body = self.form

        self.shortcut_hint = QLabel(
            self.tr("Saved automatically · Ctrl+S save now · Ctrl+Enter close and sign · Esc close")
        )
        self.shortcut_hint.setStyleSheet("color: #666;")
        self.save_button = QPushButton(self.tr("Save now"))
        self.save_button.setAccessibleName(self.tr("Save now"))
        self.save_button.setToolTip(self.tr("Save the draft now (Ctrl+S)"))
        self.save_button.clicked.connect(self._save_requested)
        self.close_sign_button = QPushButton(self.tr("Close and sign"))
        self.close_sign_button.setObjectName("closeAndSign")
        self.close_sign_button.setAccessibleName(self.tr("Close and sign"))
        self.close_sign_button.setToolTip(
            self.tr("Close and sign the visit: it becomes read-only (Ctrl+Enter)")
        )
        self.close_sign_button.clicked.connect(self.close_and_sign)
        self._build_print_buttons()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the window"))
        self.close_button.setToolTip(self.tr("Close the window; the draft stays saved (Esc)"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.shortcut_hint, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_sign_button)
        buttons.addWidget(self.print_sheet_button)
        buttons.addWidget(self.print_meeting_button)
        buttons.addWidget(self.close_button)

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.addLayout(header)
        root.addWidget(self.form, 1)
        root.addLayout(buttons)
        self._show_print_buttons()

    def _build_print_buttons(self) -> None:
        """Shown once the visit is closed and signed."""
        self.print_sheet_button = QPushButton(self.tr("Print visit sheet"))
        self.print_sheet_button.setObjectName("printVisitSheet")
        self.print_sheet_button.setToolTip(self.tr("Preview and print the signed visit sheet"))
        self.print_sheet_button.clicked.connect(self.print_sheet)
        self.print_meeting_button = QPushButton(self.tr("Print record"))
        self.print_meeting_button.setObjectName("printMeetingRecord")
        self.print_meeting_button.setToolTip(
            self.tr("Preview and print the record of the facilitated meeting")
        )
        self.print_meeting_button.clicked.connect(self.print_meeting)

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WindowShortcut
        save = QShortcut(QKeySequence.StandardKey.Save, self, context=context)
        save.activated.connect(self._save_requested)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            sign = QShortcut(QKeySequence(keys), self, context=context)
            sign.activated.connect(self.close_and_sign)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=context)
        escape.activated.connect(self.close)

    def _name_parts(self) -> None:
        """The parts' widgets and timers, by the names the main window and tests use."""
        form, amendments = self.form, self.amendments
        self.date_edit, self.start_edit, self.end_edit = (
            form.date_edit,
            form.start_edit,
            form.end_edit,
        )
        self.kind_combo, self.outcome_combo, self.place_edit = (
            form.kind_combo,
            form.outcome_combo,
            form.place_edit,
        )
        self.notes_edit, self.evaluations_edit, self.method_edit = (
            form.notes_edit,
            form.evaluations_edit,
            form.method_edit,
        )
        self.present_checks, self.goal_checks, self.goals_group = (
            form.present_checks,
            form.goal_checks,
            form.goals_group,
        )
        self.observation_form, self.observation_group = (
            form.observation_form,
            form.observation_group,
        )
        self.overlap_label, self.errors = form.overlap_label, form.errors
        self.autosave_timer = self.autosave.timer
        self.max_wait_timer = self.autosave.max_wait_timer
        self.amendments_group = amendments
        self.amendment_edit, self.amendment_form, self.amendment_timer = (
            amendments.amendment_edit,
            amendments.amendment_form,
            amendments.amendment_timer,
        )
        self.add_amendment_button = amendments.add_amendment_button
        self.save_amendment_button = amendments.save_amendment_button
        self.amendment_texts = amendments.amendment_texts

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        case_id, visit_id, now = self.case_id, self._visit_id, self._now
        self._writes.run(
            lambda opened: visit_draft.open_editor(opened, case_id, visit_id, now=now),
            self._loaded_data,
            self._load_failed,
        )

    def _load_failed(self, error: BaseException) -> None:
        self.status_label.show_text(error_text(error), error=True)

    def _loaded_data(self, opening: EditorOpened) -> None:
        detail, view = opening.detail, opening.view
        minors = [
            mv.person.full_name for mv in detail.members if mv.member.role is MemberRole.MINOR
        ]
        self._case_code = detail.case.code
        heading = unhidden(" · ".join([detail.case.code, *minors]))
        self.title_label.setText(heading)
        self.title_label.setToolTip(plain_html(heading))
        self.setWindowTitle(self.tr("Visit — %1").replace("%1", unhidden(detail.case.code)))
        texts: dict[str, str] = {}
        if view is None:
            draft = visit_draft.new_draft(detail.case, self._now())
        else:
            draft = visit_draft.draft_of(view.visit)
            self._status, self._closed_at = view.visit.status, view.visit.closed_at
            if self.read_only:
                self.amendments.visit_id = view.visit.id
                self.amendments.show_amendments(view.amendments)
            else:
                texts = opening.texts
        self.form.fill(detail, draft, texts)
        self._writer.opened_with(self.form.draft(), texts)
        self._loaded = True
        self.body.setEnabled(True)
        self._apply_status()
        self.form.show_overlaps(opening.overlapping)
        if self.recovered and not self.read_only:
            self.status_label.show_text(
                self.tr("Draft recovered after an unexpected close: check it and go on")
            )
        self.notes_edit.setFocus()
        if self.read_only:
            self.amendments.restore(opening.amendment)

    # ------------------------------------------------------------------ saving
    def _can_save(self) -> bool:
        return self._loaded and not self.read_only

    def _changed(self) -> None:
        if self._can_save():
            self.autosave.changed()

    def _autosave(self) -> None:
        if self._can_save() and self.autosave.pending:
            self._save()

    def _save(self, close: bool = False) -> None:
        draft = self.form.draft()
        self.autosave.pending = False
        self.status_label.saving()
        writer = self._writer
        self._writes.run(
            lambda opened: writer.save(opened, draft, close=close),
            self._saved,
            self._save_failed,
        )

    def _saved(self, result: DraftSaved) -> None:
        self.form.show_overlaps(result.overlapping)
        self.form.show_only(self.form.signing_problems() if self._sign_tried else {})
        visit = result.visit
        if visit is not None:
            self._visit_id = visit.id
            self.visitSaved.emit(visit.id)
        if result.closed and visit is not None:
            self._status, self._closed_at = VisitStatus.CLOSED, visit.closed_at
            self.amendments.visit_id = visit.id
            self.autosave.pending = False
            self._apply_status()
            self.visitClosed.emit(visit.id)
            return
        self.status_label.saved(result.at)

    def _save_failed(self, error: BaseException) -> None:
        self.autosave.pending = True  # the next change or Ctrl+S tries again
        field = error.field if isinstance(error, ValidationError) else None
        if field in ("present_person_ids",):
            field = "present"
        at_field = field is not None and field in self.form.errors
        if field is not None and at_field:
            self.form.show_error(field, error_text(error))
        self.status_label.failed(error, at_field)

    # ------------------------------------------------------------------ close and sign
    def close_and_sign(self) -> None:
        """Chiudi e firma. First what signing needs is checked on the form, and every missing
        or wrong field is named at once, by its label, next to the field and in a list whose
        names lead to the fields; only then the confirmation, and from then on the visit is
        read-only. The draft keeps being saved meanwhile."""
        if not self._can_save():
            return
        problems = self.form.signing_problems()
        if problems:
            self._sign_tried = True
            for field, message in problems.items():
                self.form.show_error(field, message)
            links = ", ".join(
                f'<a href="{field}">{html.escape(self.form.field_label(field))}</a>'
                for field in problems
            )
            self.status_label.show_text(
                self.tr("To close and sign, fix: %1").replace("%1", links), True, rich=True
            )
            self.form.go_to_field(next(iter(problems)))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Close and sign"),
            self.tr(
                "Close and sign this visit?\n\nFrom now on it is read-only: it can no longer be "
                "changed, only amendments can be added after the signed text."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.autosave.stop()
        self._save(close=True)

    def _apply_status(self) -> None:
        closed = self.read_only
        self.form.set_read_only(closed)
        self.save_button.setVisible(not closed)
        self.close_sign_button.setVisible(not closed)
        self._show_print_buttons()
        self.amendments.setVisible(closed)
        if closed:
            stamp = self._closed_at.astimezone() if self._closed_at is not None else None
            self.status_label.show_text(
                filled(
                    self.tr("Closed and signed on %1 at %2"),
                    fmt_date(stamp.date()) if stamp else "",
                    fmt_time(stamp),
                )
            )
            self.shortcut_hint.setText(self.tr("Read-only: closed and signed · Esc close"))
        elif self._visit_id is None:
            self.status_label.show_text(self.tr("New visit: saved automatically as you type"))
        else:
            self.status_label.show_text(self.tr("Draft"))

    def _show_amendment_form(self) -> None:
        self.form.right_scroll.ensureWidgetVisible(self.amendments.amendment_form, 0, 20)

    # ------------------------------------------------------------------ printing
    def _show_print_buttons(self) -> None:
        """Only a closed (signed) visit is printed, and never in visit mode."""
        printable = self.read_only and not self.visit_mode
        self.print_sheet_button.setVisible(printable)
        meeting = self.form.kind() is VisitKind.FACILITATED_MEETING
        self.print_meeting_button.setVisible(printable and meeting)

    def set_visit_mode(self, on: bool) -> None:
        """Modalità visita: no printing (the preview would show the whole record), and what
        the family should not read is hidden (VisitForm.set_visit_mode)."""
        self.visit_mode = on
        if on:
            self.printing.close()
        self._show_print_buttons()
        self.form.set_visit_mode(on)

    def print_sheet(self) -> None:
        if self._visit_id is not None and self.read_only and not self.visit_mode:
            self.printing.preview_sheet(self.case_id, self._visit_id, self._case_code)

    def print_meeting(self) -> None:
        if self._visit_id is not None and self.read_only and not self.visit_mode:
            self.printing.preview_meeting(self.case_id, self._visit_id, self._case_code)

    def _print_failed(self, error: BaseException) -> None:
        self.status_label.show_text(error_text(error), error=True)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        self.autosave.stop()
        if not self.workspace.unlocked:  # locked (or shutting down): nothing can be written
            event.accept()
            return
        if self._can_save() and self.autosave.pending:
            self._save()
        self.amendments.save_pending()  # an amendment being written is kept as a draft
        if not self._keep_for_reopen:
            self._writes.run(self._writer.forget, None, lambda _error: None)
        event.accept()


def reopen_editors(workspace: Workspace, on_opened: Callable[[VisitEditorWindow], None]) -> None:
    """After unlock: reopen the editors open at the last lock, crash or forced quit; each new
    window is passed to `on_opened` (to show it and keep a reference)."""

    def opened(reopening: drafts.Reopening) -> None:
        for item in reopening.editors:
            on_opened(
                VisitEditorWindow(
                    workspace, item.case_id, item.visit_id, recovered=reopening.after_crash
                )
            )

    workspace.call(drafts.reopen_after_unlock, opened)
