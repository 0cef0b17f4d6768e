"""The fields of the visit editor: when, what, who was present, the goals worked on, the
observations and the texts, each with its message under it. It shows a `VisitDraft` and says
what it holds as one; saving is the window's job."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import observations as obs
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import GoalStatus, MemberRole, PlanKind, VisitKind, VisitOutcome
from minorifamiglie.domain.ids import GoalId
from minorifamiglie.services.cases import CaseDetail
from minorifamiglie.services.visit_draft import Clock, VisitDraft
from minorifamiglie.ui.common import (
    filled,
    fmt_date,
    fmt_time,
    make_error_label,
    plain_html,
    plain_label,
    unhidden,
    without_mnemonics,
)
from minorifamiglie.ui.date_field import DateField, TimeField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.limited_text import LimitedTextEdit
from minorifamiglie.ui.observation_form import ObservationForm

LEFT_MIN_WIDTH = 430
NOTES_MIN_HEIGHT = 200
REFORM_HEIGHT = 130
NEXT_STEPS_HEIGHT = 80
ROLE_ORDER = list(MemberRole)


def text_edit(name: str, accessible: str, placeholder: str = "") -> LimitedTextEdit:
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


def _scroll(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    return area


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class VisitForm(QSplitter):
    """The two columns of the editor: when and what on the left, the texts on the right (with
    `add_below_texts` for what follows them). `edited` is emitted for every change made once
    it is filled; nothing is emitted while `fill` runs."""

    edited = Signal()
    statusReported = Signal(str, bool)  # a message for the status line, whether an error

    def __init__(self, now: Clock, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._now = now
        self._filled = False
        self._filling = False
        self._read_only = False
        self._future_confirmed: dt.date | None = None
        self._present_extra: list[uuid.UUID] = []  # persons present no longer in the case
        self.present_checks: dict[uuid.UUID, QCheckBox] = {}
        self._goal_extra: list[GoalId] = []  # goals chosen that this device does not have
        self.goal_checks: dict[GoalId, QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}
        self._evaluation_widgets: list[QWidget] = []
        self.addWidget(_scroll(self._build_left()))
        self.right_scroll = _scroll(self._build_right())
        self.addWidget(self.right_scroll)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([LEFT_MIN_WIDTH + 40, 1280 - LEFT_MIN_WIDTH - 40])
        self.setChildrenCollapsible(False)

    # ------------------------------------------------------------------ layout
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
        self.overlap_label = plain_label()
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
        self.notes_edit = text_edit(
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

        self.facts_edit = text_edit(
            "facts", self.tr("Verified facts"), self.tr("What the service saw or verified")
        )
        self.statements_edit = text_edit(
            "statements", self.tr("Statements"), self.tr("What parents, the child, others said")
        )
        self.evaluations_edit = text_edit(
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

        self.next_steps_edit = text_edit(
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

        right = QWidget()
        self._right_box = QVBoxLayout(right)
        self._right_box.setContentsMargins(8, 0, 0, 0)
        self._right_box.addWidget(notes_group, 1)
        self._right_box.addWidget(reform_group)
        self._right_box.addWidget(next_group)
        for edit in self._text_edits():
            edit.textChanged.connect(self._changed)
            edit.clipped.connect(self._paste_clipped)
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

    def add_below_texts(self, widget: QWidget) -> None:
        """`widget` under the texts, in the right column (the amendments)."""
        self._right_box.addWidget(widget)

    def _paste_clipped(self, left_out: int) -> None:
        self.statusReported.emit(
            self.tr("Pasted text too long: the last %1 characters were left out").replace(
                "%1", f"{left_out:,}".replace(",", ".")
            ),
            True,
        )

    def _text_edits(self) -> tuple[LimitedTextEdit, ...]:
        return (
            self.notes_edit,
            self.facts_edit,
            self.statements_edit,
            self.evaluations_edit,
            self.next_steps_edit,
        )

    def _when_fields(self) -> dict[str, DateField | TimeField]:
        return {"date": self.date_edit, "start_time": self.start_edit, "end_time": self.end_edit}

    # ------------------------------------------------------------------ filling
    def fill(self, detail: CaseDetail, draft: VisitDraft, texts: dict[str, str]) -> None:
        """Show `draft` of the case (once), with `texts`: the date and time fields that the
        visit could not hold, back exactly as they were typed, each with its message (never
        the last valid value in their place)."""
        self._filling = True
        self._fill_members(detail, draft.present)
        self._fill_goals(detail, draft.goals)
        self.date_edit.set_value(draft.date)
        self.start_edit.set_value(draft.start_time)
        self.end_edit.set_value(draft.end_time)
        _select(self.kind_combo, draft.kind)
        _select(self.outcome_combo, draft.outcome)
        self.place_edit.setEditText(draft.place)
        self.notes_edit.setPlainText(draft.notes)
        self.facts_edit.setPlainText(draft.facts)
        self.statements_edit.setPlainText(draft.statements)
        self.evaluations_edit.setPlainText(draft.evaluations)
        self.method_edit.setText(draft.evaluation_method)
        self.next_steps_edit.setPlainText(draft.next_steps)
        self.observation_form.set_kind(draft.kind)
        self.observation_form.set_observations(draft.observations)
        self._update_observation_group(draft.kind)
        fields = self._when_fields()
        for name, text in texts.items():
            field = fields.get(name)
            if field is not None:
                field.set_text(text)
                field.show_problem()
        self.check_times()
        self._filling = False
        self._filled = True

    def _fill_members(self, detail: CaseDetail, present: tuple[uuid.UUID, ...]) -> None:
        members = sorted(
            detail.members,
            key=lambda mv: (ROLE_ORDER.index(mv.member.role), mv.person.full_name),
        )
        for index, mv in enumerate(members):
            check = _check_box(f"{mv.person.full_name} ({label(mv.member.role)})")
            check.setObjectName(f"present_{mv.person.id}")
            check.setAccessibleName(self.tr("Present: %1").replace("%1", mv.person.full_name))
            check.setChecked(mv.person.id in present)
            check.toggled.connect(self._changed)
            self.present_layout.addWidget(check, index, 0)
            self.present_checks[mv.person.id] = check
        self._present_extra = [p for p in present if p not in self.present_checks]
        if not members:
            hint = QLabel(self.tr("No persons in this case yet."))
            hint.setStyleSheet("color: #666;")
            self.present_layout.addWidget(hint, 0, 0)

    def _fill_goals(self, detail: CaseDetail, chosen: tuple[GoalId, ...]) -> None:
        """A check box per goal in progress, and per goal chosen since marked otherwise: the
        PEI's first, then the Progetto Quadro's, by review date and title; the goals chosen
        that are not shown (removed, or not on this device yet) are kept as they are."""
        shown = [g for g in detail.goals if g.status is GoalStatus.ACTIVE or g.id in chosen]
        shown.sort(key=lambda g: (g.plan is not PlanKind.PEI, g.review_on or dt.date.max, g.title))
        for goal in shown:
            text = goal.title
            if goal.plan is not PlanKind.PEI:
                text = filled(self.tr("%1 (%2)"), text, label(goal.plan))
            if goal.status is not GoalStatus.ACTIVE:
                text = filled(self.tr("%1 — %2"), text, label(goal.status))
            check = _check_box(text)
            check.setObjectName(f"goal_{goal.id}")
            check.setAccessibleName(self.tr("Goal worked on: %1").replace("%1", goal.title))
            check.setChecked(goal.id in chosen)
            check.toggled.connect(self._changed)
            self.goals_layout.addWidget(check)
            self.goal_checks[goal.id] = check
        self._goal_extra = [g for g in chosen if g not in self.goal_checks]
        if not shown:
            hint = QLabel(self.tr("No goals in progress in this case."))
            hint.setStyleSheet("color: #666;")
            self.goals_layout.addWidget(hint)

    # ------------------------------------------------------------------ values
    def kind(self) -> VisitKind:
        return VisitKind(self.kind_combo.currentData())  # Qt hands a StrEnum back as a str

    def _outcome(self) -> VisitOutcome:
        return VisitOutcome(self.outcome_combo.currentData())

    def _times(self) -> tuple[dt.time | None, dt.time | None]:
        return self.start_edit.value(), self.end_edit.value()

    def draft(self) -> VisitDraft:
        """What the form holds."""
        present = [p for p, check in self.present_checks.items() if check.isChecked()]
        goals = [g for g, check in self.goal_checks.items() if check.isChecked()]
        start, end = self._times()
        return VisitDraft(
            kind=self.kind(),
            outcome=self._outcome(),
            date=self.date_edit.value(),
            start_time=start,
            end_time=end,
            place=self.place_edit.currentText(),
            notes=self.notes_edit.toPlainText(),
            facts=self.facts_edit.toPlainText(),
            statements=self.statements_edit.toPlainText(),
            evaluations=self.evaluations_edit.toPlainText(),
            evaluation_method=self.method_edit.text(),
            next_steps=self.next_steps_edit.toPlainText(),
            observations=self.observation_form.observations(),
            present=(*present, *self._present_extra),
            goals=(*goals, *self._goal_extra),
            date_text=self.date_edit.text(),
            start_text=self.start_edit.text(),
            end_text=self.end_edit.text(),
        )

    # ------------------------------------------------------------------ editing
    @property
    def editable(self) -> bool:
        return self._filled and not self._read_only

    def _changed(self, *_args: object) -> None:
        if not self._filling:
            self.edited.emit()

    def _times_changed(self, *_args: object) -> None:
        self.check_times()
        self._changed()

    def check_times(self) -> bool:
        start, end = self._times()
        self.show_error("start_time", "")
        if start is None or end is None:  # each field says why next to itself
            self.show_error("end_time", "")
            return False
        if end <= start:
            self.show_error("end_time", self.tr("The end time must be after the start time."))
            return False
        self.show_error("end_time", "")
        return True

    def _future_but_done(self) -> dt.date | None:
        """The date, when it is after today on a visit marked as done ("Svolta")."""
        day = self.date_edit.value()
        if day is not None and day > self._now().date() and self._outcome() is VisitOutcome.DONE:
            return day
        return None

    def _date_finished(self) -> None:
        """A future date on a visit marked as done is asked about once, when typed."""
        day = self._future_but_done()
        if day is None or not self.editable or day == self._future_confirmed:
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

    def _kind_changed(self, *_args: object) -> None:
        if not self._filling:
            kind = self.kind()
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

    # ------------------------------------------------------------------ messages
    def show_error(self, field: str, message: str) -> None:
        error = self.errors[field]
        error.setText(message)
        error.setVisible(bool(message))

    def show_only(self, problems: dict[str, str]) -> None:
        """`problems` next to their fields, every other message hidden (but the end time's,
        which `check_times` keeps)."""
        for name, error in self.errors.items():
            if name in problems:
                self.show_error(name, problems[name])
            elif name != "end_time":
                error.setVisible(False)

    def show_overlaps(self, others: tuple[e.Visit, ...]) -> None:
        """Other visits of the same operator on this case whose times cross this one's."""
        text = "\n".join(
            filled(
                self.tr(
                    "Overlaps the visit of %1 %2–%3 by the same operator: the common time is "
                    "counted once."
                ),
                fmt_date(v.date),
                fmt_time(v.start_time),
                fmt_time(v.end_time),
            )
            for v in others
        )
        self.overlap_label.setText(text)
        self.overlap_label.setVisible(bool(text))

    def signing_problems(self) -> dict[str, str]:
        """Field -> why it stops the signing, in the order of the form (the service checks the
        same rules again when it closes the visit)."""
        problems: dict[str, str] = {}
        day = self.date_edit.value()
        if day is None:
            problems["date"] = self.date_edit.problem()
        elif day > self._now().date():
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
            self.kind(),
            self._outcome(),
            self.place_edit.currentText(),
            self.notes_edit.toPlainText(),
        ):
            problems[field] = required
        return problems

    def field_label(self, field: str) -> str:
        return {
            "date": self.tr("Date"),
            "start_time": self.tr("Start time"),
            "end_time": self.tr("End time"),
            "place": self.tr("Place"),
            "notes": self.tr("Description of the visit"),
        }.get(field, field)

    def go_to_field(self, field: str) -> None:
        widget = {
            "date": self.date_edit,
            "start_time": self.start_edit,
            "end_time": self.end_edit,
            "place": self.place_edit,
            "notes": self.notes_edit,
        }.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ modes
    def set_read_only(self, closed: bool) -> None:
        """A signed visit: nothing can be changed, and no hint reads as text."""
        self._read_only = closed
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

    def set_visit_mode(self, on: bool) -> None:
        """The family may see the screen: the professional evaluations and the notes about the
        adults and the risks are hidden (kept and saved as they are)."""
        for widget in self._evaluation_widgets:
            widget.setVisible(not on)
        if on and (self.evaluations_edit.hasFocus() or self.method_edit.hasFocus()):
            self.notes_edit.setFocus()
        self.observation_form.set_visit_mode(on)


CHECK_CHARS = 90  # a name with its role, a goal's title: longer is cut, whole in the tooltip


def _check_box(text: str) -> QCheckBox:
    """A check box of a person present or a goal worked on, named by stored text: nothing in
    it hidden or reordering, its '&' no keyboard shortcut (a synced "&Anna" ticked the child
    as present with Alt+A), and no wider than CHECK_CHARS characters (a name of 200 letters
    made the editor wider than the screen)."""
    text = unhidden(text)
    short = text if len(text) <= CHECK_CHARS else text[: CHECK_CHARS - 1] + "…"
    check = QCheckBox(without_mnemonics(short))
    if short != text:
        check.setToolTip(plain_html(text))
    return check
