"""The header of the case file: code, children, ambito and comune, services, operators, status,
summary."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from minorifamiglie.domain.enums import CaseClosure, CaseStatus, MemberRole, Sex
from minorifamiglie.ui.case_file.data import CaseFileData
from minorifamiglie.ui.common import (
    filled,
    fmt_date,
    make_warning_label,
    plain_html,
    plain_label,
    shown,
    unhidden,
)
from minorifamiglie.ui.labels import label

SUMMARY_CHARS = 240
# The application's codes have some 17 characters (VBR-2026-0007-K7Q): longer is cut in the header
CODE_CHARS = 24
TITLE_SEPARATOR = " · "
ELIDE_SLACK = 4  # pixels: rich text and font metrics may round differently
STATUS_COLOURS = {
    CaseStatus.OPEN: "#1b6e3a",
    CaseStatus.SUSPENDED: "#9a5b00",
    CaseStatus.CLOSED: "#6b6b6b",
}


class CaseTitleLabel(QLabel):
    """The case's code in bold, then its title in plain type, on one line. A title wider than
    the header ends in "…" and is whole in the tooltip: the label asks only for the code and
    the "…", so a title of 300 characters never makes the window wider than a 1366-pixel
    screen (issue 13)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._code = self._whole_code = self._title = ""
        self.elided = False

    def set_parts(self, code: str, title: str) -> None:
        """Show `code` and `title` ("" for none: the code alone). A code longer than any the
        application makes (a synced one can have 40 wide letters) is cut too, whole on hover."""
        self._whole_code = code
        self._code = code if len(code) <= CODE_CHARS else code[: CODE_CHARS - 1] + "…"
        self._title = title
        self._fit()
        self.updateGeometry()

    def _title_metrics(self) -> QFontMetrics:
        font = QFont(self.font())
        font.setBold(False)
        return QFontMetrics(font)

    def _prefix_width(self) -> int:
        """The code, and the " · " before the title."""
        width = QFontMetrics(self.font()).horizontalAdvance(self._code)
        if self._title:
            width += self._title_metrics().horizontalAdvance(TITLE_SEPARATOR)
        return width + ELIDE_SLACK

    def _hint(self, title: str) -> QSize:
        margins = self.contentsMargins()
        width = self._prefix_width() + self._title_metrics().horizontalAdvance(title)
        height = max(QFontMetrics(self.font()).height(), self._title_metrics().height())
        return QSize(
            width + margins.left() + margins.right() + 2 * self.margin(),
            height + margins.top() + margins.bottom() + 2 * self.margin(),
        )

    def minimumSizeHint(self) -> QSize:
        return self._hint("…" if self._title else "")

    def sizeHint(self) -> QSize:
        return self._hint(self._title)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()
            self.updateGeometry()

    def _fit(self) -> None:
        """The text for the width the label has now."""
        code = escape(self._code)
        if not self._title:
            self.elided = self._code != self._whole_code
            self.setText(code)
            self.setToolTip(plain_html(self._whole_code) if self.elided else "")
            self.setAccessibleName(self._whole_code if self.elided else "")
            return
        room = self.contentsRect().width() - 2 * self.margin() - self._prefix_width()
        shown = self._title_metrics().elidedText(
            self._title, Qt.TextElideMode.ElideRight, max(room, 0)
        )
        self.elided = shown != self._title or self._code != self._whole_code
        text = (
            f"{code}"
            f'<span style="font-weight:normal; color:#333">{escape(TITLE_SEPARATOR)}'
            f"{escape(shown or '…')}</span>"
        )
        if text != self.text():
            self.setText(text)
        # The whole title on hover (with the code, when that was cut too) and for a screen
        # reader, only when cut.
        whole = f"{self._whole_code}{TITLE_SEPARATOR}{self._title}"
        tip = whole if self._code != self._whole_code else self._title
        self.setToolTip(plain_html(tip) if self.elided else "")
        self.setAccessibleName(whole if self.elided else "")


def _wrapping_label(name: str = "") -> QLabel:
    label = plain_label()
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _age_warnings_label() -> QLabel:
    """Ages that do not fit the services (domain/ages.py): saved all the same, said here."""
    label = make_warning_label()
    label.setObjectName("caseAgeWarnings")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseHeader(QFrame):
    """Who the case is about, at a glance. In visit mode the summary and the "Edit case…"
        button are hidden, and so is "Print". Emits `editRequested()`, `operatorsRequested()`,
    `summaryRequested()`, `courtReportRequested()` and `blankSheetRequested()` from its
    buttons."""

    editRequested = Signal()
    operatorsRequested = Signal()
    summaryRequested = Signal()
    courtReportRequested = Signal()
    blankSheetRequested = Signal()
    handOverRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.code = CaseTitleLabel()
        self.code.setObjectName("caseCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.code.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("caseStatus")
        self.minors = plain_label()
        self.minors.setObjectName("caseChildren")
        self.minors.setWordWrap(True)
        self.ambito = _wrapping_label("caseAmbito")
        self.services = _wrapping_label()
        self.operators = _wrapping_label()
        self.summary = plain_label()
        self.summary.setObjectName("caseSummary")
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.summary.setStyleSheet("color: #444;")
        top_right = self._build_buttons()
        self.captions: list[QLabel] = []
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        # The code and title take what the status and the buttons leave of the first row.
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(12)
        top.addWidget(self.code, 1)
        top.addLayout(top_right)
        grid.addLayout(top, 0, 0, 1, 4)
        rows = (
            (self.tr("Children"), self.minors, self.tr("Ambito"), self.ambito),
            (self.tr("Services"), self.services, self.tr("Operators"), self.operators),
        )
        for r, (cap1, value1, cap2, value2) in enumerate(rows, start=1):
            for c, (caption, value) in enumerate(((cap1, value1), (cap2, value2))):
                caption_label = QLabel(caption)
                caption_label.setStyleSheet("color: #555;")
                caption_label.setAlignment(Qt.AlignmentFlag.AlignTop)
                self.captions.append(caption_label)
                grid.addWidget(caption_label, r, c * 2)
                grid.addWidget(value, r, c * 2 + 1)
        grid.addWidget(self.summary, 3, 0, 1, 4)
        self.age_warnings = _age_warnings_label()
        grid.addWidget(self.age_warnings, 4, 0, 1, 4)
        self._age_text = ""
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.visit_mode = False
        self._summary_text = ""
        self._code = self._title = ""

    def _build_buttons(self) -> QHBoxLayout:
        """The status, then the buttons that change the case, at the top right."""
        self.edit_button = QPushButton(self.tr("Edit case…"))
        self.edit_button.setObjectName("editCaseButton")
        self.edit_button.setAccessibleName(self.tr("Edit the case"))
        self.edit_button.clicked.connect(self.editRequested)
        self.operators_button = QPushButton(self.tr("Operators…"))
        self.operators_button.setObjectName("caseOperatorsButton")
        self.operators_button.setAccessibleName(self.tr("Operators who follow the case"))
        self.operators_button.clicked.connect(self.operatorsRequested)
        self.print_button = self._build_print_button()
        self.hand_over_button = QPushButton(self.tr("Hand over…"))
        self.hand_over_button.setObjectName("caseHandOverButton")
        self.hand_over_button.setAccessibleName(self.tr("Hand over the case file"))
        self.hand_over_button.setToolTip(
            self.tr("An encrypted file of the case for the Ambito or another cooperative")
        )
        self.hand_over_button.clicked.connect(self.handOverRequested)
        self._set_buttons_enabled(False)
        top_right = QHBoxLayout()
        top_right.setContentsMargins(0, 0, 0, 0)
        top_right.setSpacing(6)
        top_right.addWidget(self.status)
        top_right.addSpacing(8)
        top_right.addWidget(self.print_button)
        top_right.addWidget(self.hand_over_button)
        top_right.addWidget(self.operators_button)
        top_right.addWidget(self.edit_button)
        return top_right

    def _build_print_button(self) -> QPushButton:
        """ "Print": the case summary (with the diary of a chosen period), a blank sheet."""
        menu = QMenu(self)
        self.summary_action = QAction(self.tr("Case summary…"), self)
        self.summary_action.setObjectName("printSummaryAction")
        self.summary_action.triggered.connect(self.summaryRequested)
        self.court_report_action = QAction(self.tr("Update report to the court…"), self)
        self.court_report_action.setObjectName("printCourtReportAction")
        self.court_report_action.setToolTip(
            self.tr("Facts, statements and evaluations of a period, as .odt or PDF")
        )
        self.court_report_action.triggered.connect(self.courtReportRequested)
        self.blank_sheet_action = QAction(self.tr("Blank sheet"), self)
        self.blank_sheet_action.setObjectName("printBlankSheetAction")
        self.blank_sheet_action.setToolTip(
            self.tr("A sheet to fill in by hand at a visit, with the case's header and a QR code")
        )
        self.blank_sheet_action.triggered.connect(self.blankSheetRequested)
        menu.addAction(self.summary_action)
        menu.addAction(self.court_report_action)
        menu.addAction(self.blank_sheet_action)
        button = QPushButton(self.tr("Print"))
        button.setObjectName("casePrintButton")
        button.setAccessibleName(self.tr("Print a document of the case"))
        button.setMenu(menu)
        return button

    def set_data(self, data: CaseFileData) -> None:
        detail = data.detail
        case = detail.case
        self._code, self._title = unhidden(case.code), unhidden(case.title.strip())
        self._show_code()
        colour = STATUS_COLOURS.get(case.status, "#444")
        status = escape(label(case.status))
        if case.status is CaseStatus.CLOSED and case.closed_on:
            status += " " + escape(self.tr("on %1").replace("%1", fmt_date(case.closed_on)))
        self.status.setToolTip(self._closure(case.status, case.closure_reason))
        opened = escape(self.tr("opened %1").replace("%1", fmt_date(case.opened_on)))
        self.status.setText(
            f'<span style="color:{colour}; font-weight:bold">{status}</span>'
            f' <span style="color:#555">· {opened}</span>'
        )
        minors = [
            mv.person
            for mv in detail.members
            if mv.member.role is MemberRole.MINOR and mv.member.deleted_at is None
        ]
        self.minors.setText(
            "; ".join(self._child(shown(p.full_name), p.birth_date, p.sex) for p in minors)
            or self.tr("No child recorded")
        )
        self.ambito.setText(self._ambito_and_comune(detail.ambito.name, shown(detail.comune_name)))
        active = sorted(
            {
                label(a.service)
                for a in detail.activations
                if a.start_on <= data.today and (a.end_on is None or a.end_on >= data.today)
            }
        )
        self.services.setText(", ".join(active) or self.tr("None active"))
        self.operators.setText(", ".join(shown(op.name) for op in detail.operators) or "—")
        self._summary_text = case.summary.strip()
        self._show_summary()
        self._age_text = "\n".join(shown(w.with_name()) for w in detail.age_warnings)
        self._show_age_warnings()
        self._set_buttons_enabled(True)

    def _closure(self, status: CaseStatus, reason: CaseClosure | None) -> str:
        """Why a closed case was closed (cases closed before it was asked: not given)."""
        if status is not CaseStatus.CLOSED:
            return ""
        if reason is None:
            return self.tr("Reason for closing: not given")
        return self.tr("Reason for closing: %1").replace("%1", label(reason))

    def _show_age_warnings(self) -> None:
        """Not in visit mode: what the team has to check is not for the family's eyes."""
        shown = "" if self.visit_mode else self._age_text
        self.age_warnings.setText(shown)
        self.age_warnings.setVisible(bool(shown))

    def _ambito_and_comune(self, ambito: str, comune: str) -> str:
        """ "Valle Brembana — comune di Zogno": the comune of residence beside its Ambito (its
        name read on the worker, services.cases.CaseDetail)."""
        if not comune:
            return self.tr("%1 — comune not given").replace("%1", ambito)
        return filled(self.tr("%1 — comune of %2"), ambito, comune)

    def _set_buttons_enabled(self, on: bool) -> None:
        self.edit_button.setEnabled(on)
        self.operators_button.setEnabled(on)
        self.print_button.setEnabled(on)
        self.hand_over_button.setEnabled(on)

    def _child(self, name: str, born: dt.date | None, sex: Sex | None = None) -> str:
        if born is None:
            return name
        if sex is Sex.FEMALE:
            text = self.tr("%1 (born %2)", "a girl")
        elif sex is Sex.MALE:
            text = self.tr("%1 (born %2)", "a boy")
        else:
            text = self.tr("%1 (born %2)")
        return filled(text, name, fmt_date(born))

    def set_visit_mode(self, on: bool) -> None:
        self.visit_mode = on
        self.edit_button.setVisible(not on)
        self.print_button.setVisible(not on)
        self.hand_over_button.setVisible(not on)
        self._show_code()
        self._show_summary()
        self._show_age_warnings()

    def _show_code(self) -> None:
        """The code, then the case's title (not in visit mode, as the summary)."""
        self.code.set_parts(self._code, "" if self.visit_mode else self._title)

    def _show_summary(self) -> None:
        text = "" if self.visit_mode else self._summary_text
        # A long summary would push the tabs off a 768-pixel screen: the start, the rest on
        # hover.
        short = " ".join(text.split())
        if len(short) > SUMMARY_CHARS:
            short = short[: SUMMARY_CHARS - 1].rstrip() + "…"
        self.summary.setText(shown(short))
        self.summary.setToolTip(plain_html(text) if short != text else "")
        self.summary.setVisible(bool(text))

    def clear(self) -> None:
        self.code.set_parts("", "")
        for widget in (
            self.status,
            self.minors,
            self.ambito,
            self.services,
            self.operators,
            self.summary,
        ):
            widget.clear()
        self._summary_text = ""
        self._code = self._title = ""
        self._set_buttons_enabled(False)
        self.summary.setToolTip("")
        self.summary.setVisible(False)
        self.status.setToolTip("")
        self._age_text = ""
        self._show_age_warnings()
