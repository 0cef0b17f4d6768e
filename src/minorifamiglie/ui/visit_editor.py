"""The visit editor, designed for typing right after a visit: it autosaves the draft through the
worker, is reopened after a crash or a lock, and closes and signs the visit (then read-only,
only amendments can follow).

Keyboard: Ctrl+S saves now; Ctrl+Enter asks to close and sign (nothing is signed without the
confirmation, so a slip of the finger costs one Esc); Esc closes the window, saving what is
pending first (the draft is already in the database)."""

from __future__ import annotations

import datetime as dt
import html
import json
import uuid
from collections.abc import Callable
from typing import Any

import shiboken6

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import observations as obs
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import (
    GoalStatus,
    MemberRole,
    PlanKind,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import cases, drafts, visits
from minorifamiglie.services.cases import CaseDetail
from minorifamiglie.services.visits import VisitView
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui.common import (
    error_text,
    fmt_date,
    make_error_label,
)
from minorifamiglie.ui.date_field import DateField, TimeField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.limited_text import LimitedTextEdit
from minorifamiglie.ui.observation_form import ObservationForm
from minorifamiglie.ui.printing.visit import VisitPrinting
from minorifamiglie.ui.workspace import LockedError, Workspace

LEFT_MIN_WIDTH = 430
NOTES_MIN_HEIGHT = 200
REFORM_HEIGHT = 130
NEXT_STEPS_HEIGHT = 80
ROLE_ORDER = list(MemberRole)


class _Draft:
    """The worker's side of one editor: which visit it writes and what was last written.
    Only jobs on the single worker read or change it, one at a time and in submission order, so
    a save queued while the first one is still creating the visit finds the new id."""

    def __init__(self, case_id: uuid.UUID, visit_id: uuid.UUID | None, saved: dict[str, Any]):
        self.case_id = case_id
        self.visit_id = visit_id
        self.saved = saved
        # The date and time texts kept beside the draft (services.drafts.save_draft_texts).
        self.texts: dict[str, str] = {}


def _write_texts(opened: OpenProfile, draft: _Draft, texts: dict[str, str]) -> None:
    """Keep what the date and time fields show that the visit cannot hold, as typed; forget it
    once they all hold values again."""
    if draft.visit_id is not None and texts != draft.texts:
        drafts.save_draft_texts(opened, draft.visit_id, texts)
        draft.texts = dict(texts)


def _write_draft(opened: OpenProfile, draft: _Draft, values: dict[str, Any]) -> e.Visit | None:
    """Create the draft at the first save, then write only the fields that changed."""
    if draft.visit_id is None:
        merged = {**draft.saved, **values}
        visit = visits.add_visit(
            opened,
            case=str(draft.case_id),
            date=merged["date"],
            start=merged["start_time"],
            end=merged["end_time"],
            kind=merged["kind"],
            place=merged["place"],
            notes=merged["notes"],
            outcome=merged["outcome"],
            facts=merged["facts"],
            statements=merged["statements"],
            evaluations=merged["evaluations"],
            next_steps=merged["next_steps"],
            observations=merged["observations"],
            present=tuple(uuid.UUID(p) for p in json.loads(merged["present_person_ids"])),
            goals=tuple(uuid.UUID(g) for g in json.loads(merged["goal_ids"])),
            evaluation_method=merged["evaluation_method"],
        )
        draft.visit_id = visit.id
        draft.saved = merged
        drafts.remember_open_editor(opened, visit.id)
        return visit
    changes = {k: v for k, v in values.items() if draft.saved.get(k) != v}
    if not changes:
        return None
    visit = visits.update_draft(opened, draft.visit_id, **changes)
    draft.saved = {**draft.saved, **changes}
    return visit


def _chosen_goals(visit: e.Visit | None) -> list[str]:
    """The goal ids a visit says it worked on, in their order."""
    try:
        chosen = json.loads(visit.goal_ids or "[]") if visit is not None else []
    except ValueError:
        return []
    return [str(g) for g in chosen] if isinstance(chosen, list) else []


def _default_times(now: dt.datetime) -> tuple[dt.time, dt.time]:
    """The visit just ended: from an hour ago to now, on the quarter hour."""
    end = (now.hour * 60 + now.minute) // 15 * 15
    start = end - 60
    if start < 0:
        start, end = 9 * 60, 10 * 60
    return dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)


def _text_edit(name: str, accessible: str, placeholder: str = "") -> LimitedTextEdit:
    edit = LimitedTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    return edit


def _field(widget: QWidget, error: QLabel) -> QWidget:
    """A form field with its validation message right under it."""
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(error)
    return holder


class VisitEditorWindow(QWidget):
    """A top-level window editing one visit of a case (a new one when `visit_id` is None)."""

    visitSaved = Signal(object)  # visit id
    visitClosed = Signal(object)  # visit id

    AUTOSAVE_DELAY_MS = 3_000  # after the last keystroke
    AUTOSAVE_MAX_WAIT_MS = 10_000  # at most this long between saves while typing

    def __init__(
        self,
        workspace: Workspace,
        case_id: uuid.UUID,
        visit_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        recovered: bool = False,
    ) -> None:
        """`recovered`: reopened after the application ended unexpectedly, which it says."""
        super().__init__(parent)
        self.recovered = recovered
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setObjectName("visitEditor")
        self.workspace = workspace
        self.case_id = case_id
        self._visit_id = visit_id
        self._draft = _Draft(case_id, visit_id, {})
        self._status = VisitStatus.DRAFT
        self._loaded = False
        self._loading = True
        self._future_confirmed: dt.date | None = None
        self._restoring_amendment = False
        self._sign_tried = False  # after a refused Chiudi e firma, its messages stay until fixed
        self._dirty = False
        self._keep_for_reopen = False
        self._closed_at: dt.datetime | None = None
        self._case_code = ""
        self.visit_mode = False
        self._present_extra: list[str] = []  # persons present no longer in the case: kept
        self.present_checks: dict[uuid.UUID, QCheckBox] = {}
        self._goal_extra: list[str] = []  # goals chosen that this device does not have: kept
        self.goal_checks: dict[uuid.UUID, QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}

        self.setWindowTitle(self.tr("Visit"))
        self.printing = VisitPrinting(self, workspace, self._print_failed)
        self._build()
        self._build_shortcuts()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(self.AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self._autosave)
        self.max_wait_timer = QTimer(self)
        self.max_wait_timer.setSingleShot(True)
        self.max_wait_timer.setInterval(self.AUTOSAVE_MAX_WAIT_MS)
        self.max_wait_timer.timeout.connect(self._autosave)
        self.resize(1280, 720)
        self._set_status(self.tr("Loading…"))
        self.body.setEnabled(False)
        self._load()

    # ------------------------------------------------------------------ public
    @property
    def visit_id(self) -> uuid.UUID | None:
        """None until the first autosave created the draft."""
        return self._visit_id

    @property
    def read_only(self) -> bool:
        return self._status is VisitStatus.CLOSED

    def save_now(self, on_done: Callable[[], None] | None = None) -> None:
        """Queue the pending edits on the worker; `on_done` runs on the Qt thread once they are
        written (or failed), after every task queued before. Call before lock or quit."""
        self._stop_timers()
        if self._can_save() and self._dirty:
            self._save()
        if self.amendment_timer.isActive():
            self._save_amendment_draft()
        self.workspace.runner.run(lambda: None, lambda _r: on_done() if on_done else None)

    def _save_requested(self) -> None:
        self.save_now()

    def close_for_lock(self) -> None:
        """Close, keeping the editor in the list reopened after the next unlock."""
        self._keep_for_reopen = True
        self.close()

    # ------------------------------------------------------------------ layout
    def _status_label(self) -> QLabel:
        status = QLabel()
        status.setObjectName("saveStatus")
        status.setAccessibleName(self.tr("Save status"))
        status.setStyleSheet("color: #555;")
        # The list of what signing still needs links each field (see close_and_sign).
        status.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        status.linkActivated.connect(self._go_to_field)
        return status

    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("visitTitle")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        self.status_label = self._status_label()
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.status_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._scroll(self._build_left()))
        self.right_scroll = self._scroll(self._build_right())
        splitter.addWidget(self.right_scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([LEFT_MIN_WIDTH + 40, 1280 - LEFT_MIN_WIDTH - 40])
        splitter.setChildrenCollapsible(False)
        self.body = splitter

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
        root.addWidget(splitter, 1)
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

    def _scroll(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    def _error(self, name: str) -> QLabel:
        error = make_error_label()
        error.setObjectName(f"error_{name}")
        self.errors[name] = error
        return error

    def _build_left(self) -> QWidget:
        self._build_when()
        self._build_what()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Date"), _field(self.date_edit, self._error("date")))
        form.addRow(self.tr("&Start"), _field(self.start_edit, self._error("start_time")))
        form.addRow(self.tr("&End"), _field(self.end_edit, self._error("end_time")))
        # A warning, not an error: two diary entries may share an hour (counted once).
        self.overlap_label = QLabel()
        self.overlap_label.setObjectName("visitOverlap")
        self.overlap_label.setWordWrap(True)
        self.overlap_label.setStyleSheet("color: #8a5300;")
        self.overlap_label.setVisible(False)
        form.addRow(self.overlap_label)
        form.addRow(self.tr("&Kind"), _field(self.kind_combo, self._error("kind")))
        form.addRow(self.tr("&Outcome"), _field(self.outcome_combo, self._error("outcome")))
        form.addRow(self.tr("&Place"), _field(self.place_edit, self._error("place")))

        self.present_group = QGroupBox(self.tr("Persons present"))
        self.present_layout = QGridLayout()
        present_box = QVBoxLayout(self.present_group)
        present_box.addLayout(self.present_layout)
        present_box.addWidget(self._error("present"))

        # The goals worked on (printed on the visit sheet): the case's goals in progress, and
        # any chosen before it was marked achieved or suspended.
        self.goals_group = QGroupBox(self.tr("PEI goals worked on"))
        self.goals_group.setObjectName("visitGoals")
        self.goals_layout = QVBoxLayout()
        goals_box = QVBoxLayout(self.goals_group)
        goals_box.addLayout(self.goals_layout)
        goals_box.addWidget(self._error("goal_ids"))

        self.observation_form = ObservationForm()
        self.observation_form.changed.connect(self._changed)
        self.observation_group = QGroupBox(self.tr("Observations"))
        obs_box = QVBoxLayout(self.observation_group)
        obs_box.addWidget(self.observation_form)
        obs_box.addWidget(self._error("observations"))

        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 8, 0)
        box.addLayout(form)
        box.addWidget(self.present_group)
        box.addWidget(self.goals_group)
        box.addWidget(self.observation_group)
        box.addStretch(1)
        column.setMinimumWidth(LEFT_MIN_WIDTH)
        return column

    def _build_when(self) -> None:
        self.date_edit = DateField(self.tr("Date"))
        self.date_edit.setObjectName("visitDate")
        self.start_edit = TimeField(self.tr("Start time"))
        self.start_edit.setObjectName("startTime")
        self.end_edit = TimeField(self.tr("End time"))
        self.end_edit.setObjectName("endTime")
        self.date_edit.changed.connect(self._changed)
        self.date_edit.editingFinished.connect(self._date_finished)
        self.start_edit.changed.connect(self._times_changed)
        self.end_edit.changed.connect(self._times_changed)

    def _build_what(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("visitKind")
        self.kind_combo.setAccessibleName(self.tr("Kind of visit"))
        for kind in VisitKind:
            self.kind_combo.addItem(label(kind), kind)
        self.outcome_combo = QComboBox()
        self.outcome_combo.setObjectName("visitOutcome")
        self.outcome_combo.setAccessibleName(self.tr("Outcome"))
        for outcome in VisitOutcome:
            self.outcome_combo.addItem(label(outcome), outcome)
        self.place_edit = QComboBox()
        self.place_edit.setObjectName("visitPlace")
        self.place_edit.setEditable(True)
        self.place_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.place_edit.addItems(
            ["", self.tr("Home"), self.tr("School"), self.tr("Neutral space"), self.tr("Outside")]
        )
        self.place_edit.setAccessibleName(self.tr("Place"))
        line = self.place_edit.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Home, school, neutral space…"))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.outcome_combo.currentIndexChanged.connect(self._changed)
        self.place_edit.editTextChanged.connect(self._changed)

    def _build_right(self) -> QWidget:
        self.notes_edit = _text_edit(
            "notes",
            self.tr("Description of the visit"),
            self.tr("What happened, activities, the child, the adults, the relationship…"),
        )
        self.notes_edit.setMinimumHeight(NOTES_MIN_HEIGHT)
        notes_group = QGroupBox(self.tr("Description of the visit"))
        notes_box = QVBoxLayout(notes_group)
        notes_box.addWidget(self.notes_edit)
        notes_box.addWidget(self.notes_edit.counter)
        notes_box.addWidget(self._error("notes"))

        self.facts_edit = _text_edit(
            "facts", self.tr("Verified facts"), self.tr("What the service saw or verified")
        )
        self.statements_edit = _text_edit(
            "statements", self.tr("Statements"), self.tr("What parents, the child, others said")
        )
        self.evaluations_edit = _text_edit(
            "evaluations",
            self.tr("Professional evaluations"),
            self.tr("Your assessment, and the method used"),
        )
        reform_group = QGroupBox(self.tr("For reports to the court: kept separate"))
        reform_group.setToolTip(
            self.tr(
                "Since the 2022 reform, reports to the court keep verified facts, statements "
                "and professional evaluations apart."
            )
        )
        reform = QGridLayout(reform_group)
        self._evaluation_widgets: list[QWidget] = []
        for column, (title, edit, name) in enumerate(
            (
                (self.tr("Verified facts"), self.facts_edit, "facts"),
                (self.tr("Statements"), self.statements_edit, "statements"),
                (self.tr("Professional evaluations"), self.evaluations_edit, "evaluations"),
            )
        ):
            caption = QLabel(title)
            caption.setBuddy(edit)
            edit.setMinimumHeight(REFORM_HEIGHT)
            reform.addWidget(caption, 0, column)
            reform.addWidget(edit, 1, column)
            reform.addWidget(edit.counter, 2, column)
            reform.addWidget(self._error(name), 3, column)
            if name == "evaluations":
                self._evaluation_widgets += [caption, edit]
        reform.addWidget(self._build_method(), 4, 2)

        self.next_steps_edit = _text_edit(
            "nextSteps",
            self.tr("Agreements and next steps"),
            self.tr("Agreements, next appointment, what to tell the social worker"),
        )
        self.next_steps_edit.setMinimumHeight(NEXT_STEPS_HEIGHT)
        next_group = QGroupBox(self.tr("Agreements and next steps"))
        next_box = QVBoxLayout(next_group)
        next_box.addWidget(self.next_steps_edit)
        next_box.addWidget(self.next_steps_edit.counter)
        next_box.addWidget(self._error("next_steps"))

        self.amendments_group = self._build_amendments()

        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(8, 0, 0, 0)
        box.addWidget(notes_group, 1)
        box.addWidget(reform_group)
        box.addWidget(next_group)
        box.addWidget(self.amendments_group)
        for text_edit in self._text_edits():
            text_edit.textChanged.connect(self._changed)
            if isinstance(text_edit, LimitedTextEdit):
                text_edit.clipped.connect(self._paste_clipped)
        return right

    def _build_method(self) -> QWidget:
        """The method behind the evaluations, a short line under them (hidden with them)."""
        self.method_edit = QLineEdit()
        self.method_edit.setObjectName("evaluationMethod")
        self.method_edit.setAccessibleName(self.tr("Method of the evaluation"))
        self.method_edit.setPlaceholderText(
            self.tr("Direct observation, interview, structured observation grid…")
        )
        self.method_edit.setMaxLength(validation.MAX_SHORT)
        self.method_edit.textChanged.connect(self._changed)
        caption = QLabel(self.tr("&Method of the evaluation"))
        caption.setBuddy(self.method_edit)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(caption)
        box.addWidget(self.method_edit)
        box.addWidget(self._error("evaluation_method"))
        self._evaluation_widgets.append(holder)
        return holder

    def _paste_clipped(self, left_out: int) -> None:
        self._set_status(
            self.tr("Pasted text too long: the last %1 characters were left out").replace(
                "%1", f"{left_out:,}".replace(",", ".")
            ),
            True,
        )

    def _build_amendments(self) -> QGroupBox:
        group = QGroupBox(self.tr("Amendments"))
        group.setObjectName("amendments")
        self.amendment_list = QVBoxLayout()
        self.amendment_list.setSpacing(6)
        self.add_amendment_button = QPushButton(self.tr("Add amendment"))
        self.add_amendment_button.setAccessibleName(self.tr("Add amendment"))
        self.add_amendment_button.clicked.connect(self._start_amendment)
        self.amendment_edit = _text_edit(
            "amendmentText",
            self.tr("Text of the amendment"),
            self.tr("The amendment is added after the signed text, with date and time"),
        )
        self.amendment_edit.setMinimumHeight(90)
        self.amendment_edit.textChanged.connect(self._amendment_changed)
        self.amendment_timer = QTimer(self)
        self.amendment_timer.setSingleShot(True)
        self.amendment_timer.setInterval(self.AUTOSAVE_DELAY_MS)
        self.amendment_timer.timeout.connect(self._save_amendment_draft)
        self.save_amendment_button = QPushButton(self.tr("Save amendment"))
        self.save_amendment_button.setAccessibleName(self.tr("Save amendment"))
        self.save_amendment_button.clicked.connect(self._save_amendment)
        self.cancel_amendment_button = QPushButton(self.tr("Cancel"))
        self.cancel_amendment_button.setAccessibleName(self.tr("Cancel the amendment"))
        self.cancel_amendment_button.clicked.connect(self._cancel_amendment)
        self.amendment_form = QWidget()
        form = QVBoxLayout(self.amendment_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.amendment_edit)
        form.addWidget(self._error("text"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_amendment_button)
        row.addWidget(self.save_amendment_button)
        form.addLayout(row)
        self.amendment_form.setVisible(False)
        self.no_amendments = QLabel(self.tr("No amendments."))
        self.no_amendments.setStyleSheet("color: #666;")
        box = QVBoxLayout(group)
        box.addWidget(self.no_amendments)
        box.addLayout(self.amendment_list)
        box.addWidget(self.amendment_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_amendment_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        group.setVisible(False)
        return group

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WindowShortcut
        save = QShortcut(QKeySequence.StandardKey.Save, self, context=context)
        save.activated.connect(self._save_requested)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            sign = QShortcut(QKeySequence(keys), self, context=context)
            sign.activated.connect(self.close_and_sign)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=context)
        escape.activated.connect(self.close)

    def _text_edits(self) -> tuple[QPlainTextEdit, ...]:
        return (
            self.notes_edit,
            self.facts_edit,
            self.statements_edit,
            self.evaluations_edit,
            self.next_steps_edit,
        )

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        case_ref, visit_id = str(self.case_id), self._visit_id

        def job(opened: OpenProfile) -> tuple[CaseDetail, VisitView | None, dict[str, str]]:
            detail = cases.show_case(opened, case_ref)
            view = visits.get_visit(opened, visit_id) if visit_id is not None else None
            texts: dict[str, str] = {}
            if view is not None and view.visit.status is VisitStatus.DRAFT:
                drafts.remember_open_editor(opened, view.visit.id)
                texts = drafts.draft_texts(opened, view.visit.id)
            return detail, view, texts

        self.workspace.call(job, self._guard(self._loaded_data), self._guard(self._load_failed))

    def _guard(self, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """Results may arrive after the window was deleted (closed, or killed by a crash test)."""

        def call(arg: Any) -> None:
            if shiboken6.isValid(self):
                fn(arg)

        return call

    def _load_failed(self, error: BaseException) -> None:
        self._set_status(error_text(error), error=True)

    def _loaded_data(self, data: tuple[CaseDetail, VisitView | None, dict[str, str]]) -> None:
        detail, view, texts = data
        self._loading = True
        minors = [
            mv.person.full_name for mv in detail.members if mv.member.role is MemberRole.MINOR
        ]
        self._case_code = detail.case.code
        self.title_label.setText(" · ".join([detail.case.code, *minors]))
        self.setWindowTitle(self.tr("Visit — %1").replace("%1", detail.case.code))
        self._fill_members(detail)
        self._fill_goals(detail, _chosen_goals(view.visit if view is not None else None))
        if view is None:
            self._fill_new(detail)
        else:
            self._fill_visit(view)
            if not self.read_only:
                self._fill_texts(texts)
        self._draft.saved = self._values()
        self._check_times()
        self._loading = False
        self._loaded = True
        self.body.setEnabled(True)
        self._apply_status()
        if self._visit_id is not None:
            shown_id = self._visit_id
            self.workspace.call(
                lambda opened: visits.overlapping(opened, shown_id),
                self._guard(self._show_overlaps),
            )
        if self.read_only and self._visit_id is not None:
            visit_id = self._visit_id
            self.workspace.call(
                lambda opened: drafts.amendment_draft(opened, visit_id),
                self._guard(self._restore_amendment),
            )
        if self.recovered and not self.read_only:
            self._set_status(
                self.tr("Draft recovered after an unexpected close: check it and go on")
            )
        self.notes_edit.setFocus()

    def _fill_members(self, detail: CaseDetail) -> None:
        members = sorted(
            detail.members,
            key=lambda mv: (ROLE_ORDER.index(mv.member.role), mv.person.full_name),
        )
        for index, mv in enumerate(members):
            check = QCheckBox(f"{mv.person.full_name} ({label(mv.member.role)})")
            check.setObjectName(f"present_{mv.person.id}")
            check.setAccessibleName(self.tr("Present: %1").replace("%1", mv.person.full_name))
            check.toggled.connect(self._changed)
            self.present_layout.addWidget(check, index, 0)
            self.present_checks[mv.person.id] = check
        if not members:
            hint = QLabel(self.tr("No persons in this case yet."))
            hint.setStyleSheet("color: #666;")
            self.present_layout.addWidget(hint, 0, 0)

    def _fill_goals(self, detail: CaseDetail, chosen: list[str]) -> None:
        """A check box per goal in progress, and per goal chosen since marked otherwise: the
        PEI's first, then the Progetto Quadro's, by review date and title."""
        shown = [g for g in detail.goals if g.status is GoalStatus.ACTIVE or str(g.id) in chosen]
        shown.sort(key=lambda g: (g.plan is not PlanKind.PEI, g.review_on or dt.date.max, g.title))
        for goal in shown:
            text = goal.title
            if goal.plan is not PlanKind.PEI:
                text = self.tr("%1 (%2)").replace("%1", text).replace("%2", label(goal.plan))
            if goal.status is not GoalStatus.ACTIVE:
                text = self.tr("%1 — %2").replace("%1", text).replace("%2", label(goal.status))
            check = QCheckBox(text)
            check.setObjectName(f"goal_{goal.id}")
            check.setAccessibleName(self.tr("Goal worked on: %1").replace("%1", goal.title))
            check.setChecked(str(goal.id) in chosen)
            check.toggled.connect(self._changed)
            self.goals_layout.addWidget(check)
            self.goal_checks[goal.id] = check
        known = {str(g.id) for g in shown}
        self._goal_extra = [g for g in chosen if g not in known]
        if not shown:
            hint = QLabel(self.tr("No goals in progress in this case."))
            hint.setStyleSheet("color: #666;")
            self.goals_layout.addWidget(hint)

    def _fill_new(self, detail: CaseDetail) -> None:
        start, end = _default_times(dt.datetime.now())
        self.date_edit.set_value(dt.date.today())
        self.start_edit.set_value(start)
        self.end_edit.set_value(end)
        kind = (
            VisitKind.FACILITATED_MEETING
            if detail.case.service is Service.FACILITATED_MEETINGS
            else VisitKind.HOME_VISIT
        )
        self._select(self.kind_combo, kind)
        self._select(self.outcome_combo, VisitOutcome.DONE)
        self.observation_form.set_kind(kind)
        self._update_observation_group(kind)

    def _fill_visit(self, view: VisitView) -> None:
        v = view.visit
        self.date_edit.set_value(v.date)
        self.start_edit.set_value(v.start_time)
        self.end_edit.set_value(v.end_time)
        self._select(self.kind_combo, v.kind)
        self._select(self.outcome_combo, v.outcome)
        self.place_edit.setEditText(v.place)
        self.notes_edit.setPlainText(v.notes)
        self.facts_edit.setPlainText(v.facts)
        self.statements_edit.setPlainText(v.statements)
        self.evaluations_edit.setPlainText(v.evaluations)
        self.method_edit.setText(v.evaluation_method or "")
        self.next_steps_edit.setPlainText(v.next_steps)
        try:
            present = [str(p) for p in json.loads(v.present_person_ids or "[]")]
        except ValueError:
            present = []
        known = {str(pid) for pid in self.present_checks}
        for pid, check in self.present_checks.items():
            check.setChecked(str(pid) in present)
        self._present_extra = [p for p in present if p not in known]
        self.observation_form.set_kind(v.kind)
        self.observation_form.set_observations(obs.parse(v.observations))
        self._update_observation_group(v.kind)
        self._status = v.status
        self._closed_at = v.closed_at
        if v.status is VisitStatus.CLOSED:
            self._show_amendments(view.amendments)

    def _when_fields(self) -> dict[str, DateField | TimeField]:
        return {"date": self.date_edit, "start_time": self.start_edit, "end_time": self.end_edit}

    def _fill_texts(self, texts: dict[str, str]) -> None:
        """The date and time texts of the draft that the visit cannot hold, back exactly as
        they were typed, each with its message: never the last valid value in their place."""
        fields = self._when_fields()
        for name, text in texts.items():
            field = fields.get(name)
            if field is not None:
                field.set_text(text)
                field.show_problem()
        self._draft.texts = dict(texts)

    def _texts(self) -> dict[str, str]:
        """The date and time fields whose text `_values` leaves out, as typed: a date that is
        no day; both times when either is no time or the end is not after the start (the
        visit keeps the last valid pair)."""
        texts: dict[str, str] = {}
        if self.date_edit.value() is None:
            texts["date"] = self.date_edit.text()
        start, end = self._times()
        if start is None or end is None or end <= start:
            texts["start_time"] = self.start_edit.text()
            texts["end_time"] = self.end_edit.text()
        return texts

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # ------------------------------------------------------------------ values
    def _times(self) -> tuple[dt.time | None, dt.time | None]:
        return self.start_edit.value(), self.end_edit.value()

    def _values(self) -> dict[str, Any]:
        """What the form says, as the fields of the visit. A date that is not a day, and times
        that are not times or whose end is not after the start, are left out: the last valid
        ones stay saved until the user fixes them (the field says why), and nothing else is
        stored in their place."""
        present = [str(pid) for pid, check in self.present_checks.items() if check.isChecked()]
        goals = [str(gid) for gid, check in self.goal_checks.items() if check.isChecked()]
        values: dict[str, Any] = {
            "kind": self._kind(),
            "outcome": VisitOutcome(self.outcome_combo.currentData()),
            "place": self.place_edit.currentText(),
            "notes": self.notes_edit.toPlainText(),
            "facts": self.facts_edit.toPlainText(),
            "statements": self.statements_edit.toPlainText(),
            "evaluations": self.evaluations_edit.toPlainText(),
            "next_steps": self.next_steps_edit.toPlainText(),
            "observations": self.observation_form.to_json(),
            "present_person_ids": json.dumps(sorted(present + self._present_extra)),
            "goal_ids": json.dumps(list(dict.fromkeys(goals + self._goal_extra))),
            "evaluation_method": self.method_edit.text(),
        }
        day = self.date_edit.value()
        if day is not None:
            values["date"] = day
        start, end = self._times()
        if start is not None and end is not None and end > start:
            values["start_time"], values["end_time"] = start, end
        return values

    # ------------------------------------------------------------------ editing
    def _changed(self, *_args: object) -> None:
        if self._loading or not self._can_save():
            return
        self._dirty = True
        self.autosave_timer.start()
        if not self.max_wait_timer.isActive():
            self.max_wait_timer.start()

    def _times_changed(self, *_args: object) -> None:
        self._check_times()
        self._changed()

    def _check_times(self) -> bool:
        start, end = self._times()
        self._show_error("start_time", "")
        if start is None or end is None:  # each field says why next to itself
            self._show_error("end_time", "")
            return False
        if end <= start:
            self._show_error("end_time", self.tr("The end time must be after the start time."))
            return False
        self._show_error("end_time", "")
        return True

    def _future_but_done(self) -> dt.date | None:
        """The date, when it is after today on a visit marked as done ("Svolta")."""
        day = self.date_edit.value()
        outcome = VisitOutcome(self.outcome_combo.currentData())
        if day is not None and day > dt.date.today() and outcome is VisitOutcome.DONE:
            return day
        return None

    def _date_finished(self) -> None:
        """A future date on a visit marked as done is asked about once, when typed."""
        day = self._future_but_done()
        if day is None or self._loading or not self._can_save() or day == self._future_confirmed:
            return
        if self._confirm_future(day):
            self._future_confirmed = day
        else:
            self.date_edit.line.setFocus()
            self.date_edit.line.selectAll()

    def _confirm_future(self, day: dt.date) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Date in the future"),
            self.tr(
                "The date %1 is in the future, but the visit is marked as done.\n\nKeep this date?"
            ).replace("%1", fmt_date(day)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _kind(self) -> VisitKind:
        return VisitKind(self.kind_combo.currentData())  # Qt hands a StrEnum back as a str

    def _kind_changed(self, *_args: object) -> None:
        if self._loaded:
            kind = self._kind()
            self.observation_form.set_kind(kind)
            self._update_observation_group(kind)
        self._changed()

    def _update_observation_group(self, kind: VisitKind) -> None:
        schema = obs.schema_for(kind)
        self.observation_group.setVisible(not schema.empty)
        if kind is VisitKind.FACILITATED_MEETING:
            self.observation_group.setTitle(self.tr("Observations of the facilitated meeting"))
        else:
            self.observation_group.setTitle(self.tr("Observations"))

    def _can_save(self) -> bool:
        return self._loaded and not self.read_only

    def _stop_timers(self) -> None:
        self.autosave_timer.stop()
        self.max_wait_timer.stop()

    def _autosave(self) -> None:
        self._stop_timers()
        if self._can_save() and self._dirty:
            self._save()

    def _save(self, close: bool = False) -> None:
        values = self._values()
        texts = {} if close else self._texts()
        self._dirty = False
        self._set_status(self.tr("Saving…"))
        draft = self._draft

        def job(opened: OpenProfile) -> tuple[e.Visit | None, tuple[e.Visit, ...]]:
            visit = _write_draft(opened, draft, values)
            _write_texts(opened, draft, texts)
            if close:
                assert draft.visit_id is not None
                visit = visits.close_visit(opened, draft.visit_id)
                drafts.forget_open_editor(opened, draft.visit_id)
            if draft.visit_id is None:
                return visit, ()
            return visit, visits.overlapping(opened, draft.visit_id)

        self.workspace.write(
            job,
            self._guard(lambda result: self._saved(result[0], close, result[1])),
            self._guard(self._save_failed),
            changes={"visits"},
        )

    def _show_overlaps(self, others: tuple[e.Visit, ...]) -> None:
        """Other visits of the same operator on this case whose times cross this one's."""
        text = "\n".join(
            self.tr(
                "Overlaps the visit of %1 %2–%3 by the same operator: the common time is "
                "counted once."
            )
            .replace("%1", fmt_date(v.date))
            .replace("%2", f"{v.start_time:%H:%M}")
            .replace("%3", f"{v.end_time:%H:%M}")
            for v in others
        )
        self.overlap_label.setText(text)
        self.overlap_label.setVisible(bool(text))

    def _saved(
        self, visit: e.Visit | None, closed: bool, overlapping: tuple[e.Visit, ...] = ()
    ) -> None:
        self._show_overlaps(overlapping)
        pending = self._signing_problems() if self._sign_tried else {}
        for name, error in self.errors.items():
            if name in pending:
                self._show_error(name, pending[name])
            elif name != "end_time":  # _check_times owns that one
                error.setVisible(False)
        if visit is not None:
            self._visit_id = visit.id
            self.visitSaved.emit(visit.id)
        if closed and visit is not None:
            self._status = VisitStatus.CLOSED
            self._closed_at = visit.closed_at
            self._dirty = False
            self._apply_status()
            self._show_amendments(())
            self.visitClosed.emit(visit.id)
            return
        self._set_status(
            self.tr("Saved at %1").replace("%1", dt.datetime.now().strftime("%H:%M:%S"))
        )

    def _save_failed(self, error: BaseException) -> None:
        self._dirty = True  # the next change or Ctrl+S tries again
        if isinstance(error, LockedError):
            self._set_status(self.tr("Not saved: the application is locked."), error=True)
            return
        field = error.field if isinstance(error, ValidationError) else None
        if field in ("present_person_ids",):
            field = "present"
        if field is not None and field in self.errors:
            self._show_error(field, error_text(error))
            self._set_status(self.tr("Not saved: see the message next to the field."), error=True)
        else:
            self._set_status(self.tr("Not saved: %1").replace("%1", error_text(error)), error=True)

    def _show_error(self, field: str, message: str) -> None:
        error = self.errors[field]
        error.setText(message)
        error.setVisible(bool(message))

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020;" if error else "color: #555;")

    # ------------------------------------------------------------------ close and sign
    def close_and_sign(self) -> None:
        """Chiudi e firma. First what signing needs is checked on the form, and every missing
        or wrong field is named at once, by its label, next to the field and in a list whose
        names lead to the fields; only then the confirmation, and from then on the visit is
        read-only. The draft keeps being saved meanwhile."""
        if not self._can_save():
            return
        problems = self._signing_problems()
        if problems:
            self._sign_tried = True
            for field, message in problems.items():
                self._show_error(field, message)
            links = ", ".join(
                f'<a href="{field}">{html.escape(self._field_label(field))}</a>'
                for field in problems
            )
            self._set_status(self.tr("To close and sign, fix: %1").replace("%1", links), True)
            self._go_to_field(next(iter(problems)))
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
        self._stop_timers()
        self._save(close=True)

    def _signing_problems(self) -> dict[str, str]:
        """Field -> why it stops the signing, in the order of the form (the service checks the
        same rules again when it closes the visit)."""
        problems: dict[str, str] = {}
        day = self.date_edit.value()
        if day is None:
            problems["date"] = self.date_edit.problem()
        elif day > dt.date.today():
            problems["date"] = self.tr("A visit in the future cannot be closed yet")
        start, end = self._times()
        if start is None:
            problems["start_time"] = self.start_edit.problem()
        if end is None:
            problems["end_time"] = self.end_edit.problem()
        elif start is not None and end <= start:
            problems["end_time"] = self.tr("The end time must be after the start time.")
        required = self.tr("Required to close and sign")
        for field in validation.missing_to_close(
            self._kind(),
            VisitOutcome(self.outcome_combo.currentData()),
            self.place_edit.currentText(),
            self.notes_edit.toPlainText(),
        ):
            problems[field] = required
        return problems

    def _field_label(self, field: str) -> str:
        return {
            "date": self.tr("Date"),
            "start_time": self.tr("Start time"),
            "end_time": self.tr("End time"),
            "place": self.tr("Place"),
            "notes": self.tr("Description of the visit"),
        }.get(field, field)

    def _go_to_field(self, field: str) -> None:
        widget = {
            "date": self.date_edit,
            "start_time": self.start_edit,
            "end_time": self.end_edit,
            "place": self.place_edit,
            "notes": self.notes_edit,
        }.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _apply_status(self) -> None:
        closed = self.read_only
        for edit in self._text_edits():
            edit.setReadOnly(closed)
            if closed:
                edit.setPlaceholderText("")  # a hint in a signed, empty field reads as text
        self.date_edit.setReadOnly(closed)
        self.start_edit.setReadOnly(closed)
        self.end_edit.setReadOnly(closed)
        for widget in (self.kind_combo, self.outcome_combo, self.place_edit):
            widget.setEnabled(not closed)
        for check in (*self.present_checks.values(), *self.goal_checks.values()):
            check.setEnabled(not closed)
        self.method_edit.setReadOnly(closed)
        if closed:
            self.method_edit.setPlaceholderText("")
        self.observation_form.set_read_only(closed)
        self.save_button.setVisible(not closed)
        self.close_sign_button.setVisible(not closed)
        self._show_print_buttons()
        self.amendments_group.setVisible(closed)
        if closed:
            stamp = self._closed_at.astimezone() if self._closed_at is not None else None
            self._set_status(
                self.tr("Closed and signed on %1 at %2")
                .replace("%1", fmt_date(stamp.date()) if stamp else "")
                .replace("%2", stamp.strftime("%H:%M") if stamp else "")
            )
            self.shortcut_hint.setText(self.tr("Read-only: closed and signed · Esc close"))
        elif self._visit_id is None:
            self._set_status(self.tr("New visit: saved automatically as you type"))
        else:
            self._set_status(self.tr("Draft"))

    # ------------------------------------------------------------------ printing
    def _show_print_buttons(self) -> None:
        """Only a closed (signed) visit is printed, and never in visit mode."""
        printable = self.read_only and not self.visit_mode
        self.print_sheet_button.setVisible(printable)
        meeting = self._kind() is VisitKind.FACILITATED_MEETING
        self.print_meeting_button.setVisible(printable and meeting)

    def set_visit_mode(self, on: bool) -> None:
        """Modalità visita: no printing (the preview would show the whole record)."""
        self.visit_mode = on
        if on:
            self.printing.close()
        self._show_print_buttons()
        # The family may see the screen: the professional evaluations and the notes about the
        # adults and the risks are hidden (kept and saved as they are).
        for widget in self._evaluation_widgets:
            widget.setVisible(not on)
        if on and (self.evaluations_edit.hasFocus() or self.method_edit.hasFocus()):
            self.notes_edit.setFocus()
        self.observation_form.set_visit_mode(on)

    def print_sheet(self) -> None:
        if self._visit_id is not None and self.read_only and not self.visit_mode:
            self.printing.preview_sheet(self.case_id, self._visit_id, self._case_code)

    def print_meeting(self) -> None:
        if self._visit_id is not None and self.read_only and not self.visit_mode:
            self.printing.preview_meeting(self.case_id, self._visit_id, self._case_code)

    def _print_failed(self, error: BaseException) -> None:
        self._set_status(error_text(error), error=True)

    # ------------------------------------------------------------------ amendments
    def _show_amendments(self, amendments: tuple[e.VisitAmendment, ...]) -> None:
        for amendment in amendments:
            self._append_amendment(amendment)

    def _append_amendment(self, amendment: e.VisitAmendment) -> None:
        stamp = amendment.created_at.astimezone()
        head = QLabel(
            "<b>"
            + self.tr("Amendment of %1 at %2")
            .replace("%1", fmt_date(stamp.date()))
            .replace("%2", stamp.strftime("%H:%M"))
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

    def _start_amendment(self) -> None:
        self.amendment_form.setVisible(True)
        self.add_amendment_button.setVisible(False)
        self.amendment_edit.setFocus()
        # The form opens at the foot of a long signed text: bring it into view.
        QTimer.singleShot(0, self._show_amendment_form)

    def _show_amendment_form(self) -> None:
        if shiboken6.isValid(self) and self.amendment_form.isVisible():
            self.right_scroll.ensureWidgetVisible(self.amendment_form, 0, 20)

    def _cancel_amendment(self) -> None:
        self.amendment_edit.clear()  # and the kept draft with it (_amendment_changed)
        self._show_error("text", "")
        self.amendment_form.setVisible(False)
        self.add_amendment_button.setVisible(True)

    def _amendment_changed(self) -> None:
        if self._visit_id is not None and not self._restoring_amendment:
            self.amendment_timer.start()

    def _save_amendment_draft(self) -> None:
        """Kept like a draft until it is saved or cancelled (services.drafts)."""
        self.amendment_timer.stop()
        visit_id, text = self._visit_id, self.amendment_edit.toPlainText()
        if visit_id is None:
            return
        self.workspace.write(lambda opened: drafts.save_amendment_draft(opened, visit_id, text))

    def _restore_amendment(self, text: str) -> None:
        """An amendment being written when the editor last closed comes back in its form."""
        if not text or not self.read_only:
            return
        self._restoring_amendment = True
        self.amendment_edit.setPlainText(text)
        self._restoring_amendment = False
        self._start_amendment()
        self._set_status(self.tr("Amendment being written, recovered: save it or cancel it"))

    def _save_amendment(self) -> None:
        visit_id, text = self._visit_id, self.amendment_edit.toPlainText()
        if visit_id is None:
            return
        self.save_amendment_button.setEnabled(False)

        def done(amendment: e.VisitAmendment) -> None:
            self.save_amendment_button.setEnabled(True)
            self._append_amendment(amendment)
            self._cancel_amendment()
            self._save_amendment_draft()  # the kept draft is now empty
            self.visitSaved.emit(visit_id)

        def failed(error: BaseException) -> None:
            self.save_amendment_button.setEnabled(True)
            self._show_error("text", error_text(error))

        self.workspace.write(
            lambda opened: visits.amend_visit(opened, visit_id, text),
            self._guard(done),
            self._guard(failed),
            changes={"visits"},
        )

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_timers()
        if not self.workspace.unlocked:  # locked (or shutting down): nothing can be written
            event.accept()
            return
        if self._can_save() and self._dirty:
            self._save()
        if self.amendment_timer.isActive():  # an amendment being written is kept as a draft
            self._save_amendment_draft()
        if not self._keep_for_reopen:
            draft = self._draft

            def forget(opened: OpenProfile) -> None:
                if draft.visit_id is not None:
                    drafts.forget_open_editor(opened, draft.visit_id)

            self.workspace.call(forget, None, lambda _error: None)
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
