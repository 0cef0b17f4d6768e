"""The case file (cartella): an educator opens a case, adds persons, measures, services, goals,
deadlines and documents, reads the diary and the history, and hides what a family must not see."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    Authority,
    CaseClosure,
    CaseStatus,
    HoursPeriod,
    MeasureKind,
    MemberRole,
    Role,
    Service,
    VisitKind,
)
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import activations, attachments, cases, demo, records, visits
from minorifamiglie.storage.repository import Repository
from minorifamiglie.ui.case_file import CaseFileView
from minorifamiglie.ui.case_file.activations import ActivationTableModel
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.operators import OperatorsDialog
from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from private_modes import is_private_file

# Showing a top-level window on the offscreen platform logs this; nothing else is ignored.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date.today()


def run(qtbot: Any, workspace: Any, fn: Any) -> Any:
    """Set the scene through the services, on the worker, and wait for the result."""
    out: list[Any] = []
    workspace.call(fn, lambda r: out.append(("ok", r)), lambda e: out.append(("error", e)))
    qtbot.waitUntil(lambda: bool(out), timeout=20_000)
    status, value = out[0]
    assert status == "ok", value
    return value


@pytest.fixture
def case_id(qtbot: Any, workspace: Any) -> CaseId:
    case = run(
        qtbot,
        workspace,
        lambda op: cases.add_case(
            op,
            ambito="VBR",
            service=Service.ADM,
            title="Sostegno domiciliare alla famiglia Rota",
            summary="Madre sola con due figli; segnalazione della scuola.",
            minor_name="Luca Rota",
            birth_date=dt.date(2015, 3, 12),
        ),
    )
    made: CaseId = case.id
    return made


@pytest.fixture
def view(qtbot: Any, workspace: Any, wait_tasks: Any, case_id: CaseId) -> CaseFileView:
    widget = CaseFileView(workspace)
    qtbot.addWidget(widget)
    widget.resize(1100, 680)
    widget.show()
    widget.load(case_id)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=10_000)
    wait_tasks()
    return widget


def save(qtbot: Any, dialog: RecordFormDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def type_into(qtbot: Any, dialog: RecordFormDialog, name: str, text: str) -> None:
    editor = dialog.editor(name)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, text)


def choose(dialog: RecordFormDialog, name: str, value: object) -> None:
    combo = dialog.editor(name)
    assert isinstance(combo, QComboBox)
    index = dialog.find_option(name, value)
    assert index >= 0
    combo.setCurrentIndex(index)


# ---------------------------------------------------------------------------------- header
def test_the_header_names_the_case_the_child_and_the_services(view: CaseFileView) -> None:
    header = view.header
    code = view.data.detail.case.code  # type: ignore[union-attr]
    assert header.code.text().startswith(code)
    # The title, too: whole where there is room (a longer one ends in "…", test_small_screen)
    view.resize(1300, 680)
    assert "Sostegno domiciliare alla famiglia Rota</span>" in header.code.text()
    assert header.code.toolTip() == ""
    assert "Luca Rota" in header.minors.text()
    assert "12/03/2015" in header.minors.text()
    assert header.ambito.text() == "Valle Brembana — comune not given"
    assert "Giulia Bianchi" in header.operators.text()
    assert "segnalazione della scuola" in header.summary.text()


# ---------------------------------------------------------------------------------- persons
def test_adding_a_mother_shows_her_in_the_persons_tab(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given the case file open on Anagrafica, with only the child
    tab = view.persons
    assert [r.person.full_name for r in tab.model.rows] == ["Luca Rota"]
    # When the educator adds Maria Rota as the mother
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog, "first_name", "Maria")
    type_into(qtbot, dialog, "last_name", "Rota")
    choose(dialog, "role", MemberRole.MOTHER)
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    # Then the dialog is gone and she is listed as the mother, after the child
    assert tab.dialog is None
    rows = [(r.person.full_name, r.member.role) for r in tab.model.rows]
    assert rows == [("Luca Rota", MemberRole.MINOR), ("Maria Rota", MemberRole.MOTHER)]
    index = tab.model.index(1, 1)
    assert tab.model.data(index) == "Mother"


def test_an_invalid_tax_code_is_shown_next_to_its_field(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given the new-person form
    tab = view.persons
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    # When a wrong codice fiscale is typed and saved
    type_into(qtbot, dialog, "first_name", "Paolo")
    type_into(qtbot, dialog, "last_name", "Rota")
    choose(dialog, "role", MemberRole.FATHER)
    type_into(qtbot, dialog, "tax_code", "RTOPLA80A01XXXXX")
    save(qtbot, dialog)
    wait_tasks()
    # Then the message appears under the tax code, the form stays open, nothing is saved
    error = dialog.error_label("tax_code")
    qtbot.waitUntil(error.isVisible)
    assert "Codice fiscale non valido" in error.text()
    assert "RTOPLA80A01XXXXX" not in error.text()  # masked
    assert not dialog.error_label("first_name").isVisible()
    assert not dialog.general_error.isVisible()
    assert dialog.isVisible()
    assert tab.model.rowCount() == 1
    # And after the fix it saves
    editor = dialog.editor("tax_code")
    assert isinstance(editor, QLineEdit)
    editor.clear()
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)


def test_editing_a_person_changes_the_row(qtbot: Any, view: CaseFileView, wait_tasks: Any) -> None:
    tab = view.persons
    tab.select_row(0)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    type_into(qtbot, dialog, "phone", "035 123456")
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rows[0].person.phone == "035 123456")


def test_removing_a_person_from_the_case(
    qtbot: Any, view: CaseFileView, wait_tasks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(
        qtbot,
        view.workspace,
        lambda op: cases.add_member(
            op, str(view.case_id), first_name="Ugo", last_name="Rota", role=MemberRole.OTHER
        ),
    )
    view.reload()
    wait_tasks()
    tab = view.persons
    assert tab.model.rowCount() == 2
    tab.select_row(1)
    # The confirmation box is a boundary: answer it Yes.
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)


# ---------------------------------------------------------------------------------- measures
def test_a_measure_with_a_report_due_appears_in_deadlines(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given the Provvedimenti tab
    view.tabs.setCurrentWidget(view.measures)
    tab = view.measures
    due = TODAY + dt.timedelta(days=20)
    # When a decree of the juvenile court is added with the next report due in 20 days
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    choose(dialog, "authority", Authority.JUVENILE_COURT)
    choose(dialog, "kind", MeasureKind.LIMITATION)
    type_into(qtbot, dialog, "docket_number", "123/2026 V.G.")
    dialog.set_values({"issued_on": TODAY - dt.timedelta(days=10), "next_report_due": due})
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    # Then the measure is listed with its report highlighted as near
    report = tab.model.index(0, 4)
    assert "in 20 days" in tab.model.data(report)
    assert tab.model.data(report, Qt.ItemDataRole.ForegroundRole) is not None
    # And Scadenze shows the report to the court
    deadlines = view.deadlines.model
    kinds = [(r.kind, r.due_on, r.derived) for r in deadlines.rows]
    assert ("relazione-tribunale", due, True) in kinds
    titles = [deadlines.data(deadlines.index(i, 3)) for i in range(deadlines.rowCount())]
    assert "Report to the court" in titles


def test_an_overdue_report_is_red(qtbot: Any, view: CaseFileView, wait_tasks: Any) -> None:
    run(
        qtbot,
        view.workspace,
        lambda op: records.add_measure(
            op,
            view.case_id,  # type: ignore[arg-type]
            authority=Authority.JUVENILE_COURT,
            kind=MeasureKind.ENTRUSTMENT,
            issued_on=TODAY - dt.timedelta(days=400),
            next_report_due=TODAY - dt.timedelta(days=3),
        ),
    )
    view.reload()
    wait_tasks()
    model = view.deadlines.model
    overdue = [i for i, r in enumerate(model.rows) if r.kind == "relazione-tribunale"]
    brush = model.data(model.index(overdue[0], 0), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == "#b00020"
    assert "overdue" in view.measures.model.data(view.measures.model.index(0, 4))


def test_a_manual_deadline_is_added_and_marked_done(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    tab = view.deadlines
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    type_into(qtbot, dialog, "title", "Send the school report")
    save(qtbot, dialog)
    wait_tasks()

    def manual() -> list[Any]:  # beside Luca's 18th birthday, a derived deadline
        return [r for r in tab.model.rows if not r.derived]

    qtbot.waitUntil(lambda: len(manual()) == 1)
    tab.select_row(tab.model.rows.index(manual()[0]))
    assert tab.done_button.isEnabled()
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: not manual())
    tab.show_done.setChecked(True)
    assert [r.done_on for r in manual()] == [TODAY]


# ---------------------------------------------------------------------------------- services
def test_a_service_shows_the_hours_used_this_month(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given an ADM activation of 4 hours a week and a closed two-hour visit this month
    def scene(op: Any) -> None:
        activations.add_activation(
            op,
            view.case_id,  # type: ignore[arg-type]
            service=Service.ADM,
            start_on=TODAY.replace(day=1) - dt.timedelta(days=40),
            authorised_hours=4,
            hours_period=HoursPeriod.WEEK,
        )
        visits.add_visit(
            op,
            case=str(view.case_id),
            date=TODAY.replace(day=1),
            start=dt.time(15, 0),
            end=dt.time(17, 0),
            place="Domicilio",
            notes="Compiti con Luca.",
            close=True,
        )

    run(qtbot, view.workspace, scene)
    view.reload()
    wait_tasks()
    model = view.activations.model
    assert model.rowCount() == 1
    text = model.data(model.index(0, 4))
    assert text.startswith("2 of ")
    fraction = model.data(model.index(0, 4), ActivationTableModel.FractionRole)
    assert 0 < fraction < 1
    view.tabs.setCurrentWidget(view.activations)
    assert not view.activations.table.grab().isNull()  # the bar paints


def test_a_service_is_added_and_ended(qtbot: Any, view: CaseFileView, wait_tasks: Any) -> None:
    tab = view.activations
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    choose(dialog, "service", Service.TUTORING)
    dialog.set_values({"authorised_hours": 6.5, "start_on": TODAY - dt.timedelta(days=3)})
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.data(tab.model.index(0, 3)) == "6,5 per week"
    tab.select_row(0)
    qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
    ending = tab.dialog
    assert ending is not None
    save(qtbot, ending)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rows[0].activation.end_on == TODAY)


# ---------------------------------------------------------------------------------- goals
def test_a_goal_is_added_with_its_review_date(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    tab = view.goals
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    type_into(qtbot, dialog, "title", "Autonomia nei compiti")
    review = TODAY + dt.timedelta(days=60)
    dialog.set_values({"review_on": review})
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.rows[0].review_on == review
    assert any(r.kind == "verifica-progetto" for r in view.deadlines.model.rows)


def test_an_empty_goal_title_is_refused_next_to_the_field(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    tab = view.goals
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(dialog.error_label("title").isVisible)
    assert "obbligatorio" in dialog.error_label("title").text()


# ---------------------------------------------------------------------------------- diary
def test_the_diary_lists_visits_newest_first_and_opens_them(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    def scene(op: Any) -> list[Any]:
        made = []
        for days, kind in ((10, VisitKind.HOME_VISIT), (3, VisitKind.SCHOOL)):
            made.append(
                visits.add_visit(
                    op,
                    case=str(view.case_id),
                    date=TODAY - dt.timedelta(days=days),
                    start=dt.time(9, 0),
                    end=dt.time(10, 30),
                    kind=kind,
                    place="Scuola",
                    notes=f"Prima riga {kind.value}\nseconda riga",
                    close=True,
                )
            )
        visits.amend_visit(op, made[0].id, "Integrazione")
        return made

    older, newer = run(qtbot, view.workspace, scene)
    view.reload()
    wait_tasks()
    tab = view.diary
    model = tab.model
    assert [r.visit.id for r in model.rows] == [newer.id, older.id]
    assert model.data(model.index(0, 1)) == "09:00–10:30"
    assert model.data(model.index(0, 6)) == "Prima riga scuola"
    assert model.data(model.index(1, 5)) == "1"
    assert model.data(model.index(0, 3)) == "Closed and signed"
    # Filtering by kind asks the worker for those visits only
    tab.kind.setCurrentIndex(tab.kind.findData(VisitKind.HOME_VISIT))
    wait_tasks()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.rows[0].visit.id == older.id
    # Double-click opens it in the visit editor
    view.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(view.visitRequested) as opened:
        rect = tab.table.visualRect(model.index(0, 0))
        qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [view.case_id, older.id]
    # New visit asks for an empty editor
    with qtbot.waitSignal(view.visitRequested) as new:
        qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert new.args == [view.case_id, None]


def test_back_to_the_list_emits_closed(qtbot: Any, view: CaseFileView) -> None:
    with qtbot.waitSignal(view.closed):
        qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------------------------- attachments
def test_an_attachment_is_stored_and_saved_back_identical(
    qtbot: Any,
    view: CaseFileView,
    wait_tasks: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    usual_umask: None,
) -> None:
    # Given a scanned decree on disk
    source = tmp_path / "decreto.pdf"
    content = bytes(range(256)) * 40 + b"%%EOF"
    source.write_bytes(content)
    tab = view.attachments
    view.tabs.setCurrentWidget(tab)
    # When the educator adds it (the file dialog is the operating system's: answer it)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(source), ""))
    )
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.rows[0].filename == "decreto.pdf"
    assert tab.model.rows[0].size == len(content)
    # And saves it elsewhere, choosing where
    target = tmp_path / "elsewhere" / "copia.pdf"
    target.parent.mkdir()
    asked: list[Any] = []

    def ask(*args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(args)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    tab.select_row(0)
    with qtbot.waitSignal(tab.attachmentSaved):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    # Then the same bytes come back, where asked and nowhere else, readable by the user only
    assert asked and Path(asked[0][2]).name == "decreto.pdf"  # in the start folder
    assert target.read_bytes() == content
    assert sorted(p.name for p in target.parent.iterdir()) == ["copia.pdf"]
    assert is_private_file(target)


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot: Any, view: CaseFileView, wait_tasks: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(
        qtbot,
        view.workspace,
        lambda op: attachments.add_attachment(
            op,
            view.case_id,  # type: ignore[arg-type]
            filename="nota.txt",
            content=b"ciao",
        ),
    )
    view.reload()
    wait_tasks()
    tab = view.attachments
    tab.select_row(0)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert tab.status.text() == ""
    assert not tab.workspace.runner.busy


def test_a_too_big_file_is_refused_with_the_limit(
    qtbot: Any,
    view: CaseFileView,
    wait_tasks: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from minorifamiglie.domain import validation

    big = tmp_path / "video.mp4"
    with big.open("wb") as out:
        out.truncate(validation.ATTACHMENT_MAX_BYTES + 1)  # sparse: nothing really written
    shown: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(big), ""))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _parent, _title, text, *a: shown.append(text))
    )
    qtbot.mouseClick(view.attachments.add_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: bool(shown))
    assert "troppo grande" in shown[0]
    assert view.attachments.model.rowCount() == 0


# ---------------------------------------------------------------------------------- history
def test_the_history_lists_the_creation_and_the_views(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    model = view.history.model
    actions = [model.data(model.index(i, 2)) for i in range(model.rowCount())]
    what = [model.data(model.index(i, 3)) for i in range(model.rowCount())]
    assert actions[-1] == "Created" and what[-1] == "Case file"
    assert "Viewed" in actions
    assert all(model.data(model.index(i, 1)) == "Giulia Bianchi" for i in range(len(actions)))
    # A new person shows up in the history after the reload
    run(
        qtbot,
        view.workspace,
        lambda op: cases.add_member(
            op, str(view.case_id), first_name="Ada", last_name="Rota", role=MemberRole.SIBLING
        ),
    )
    # (storage reports the write: nobody announces it by hand)
    wait_tasks()
    qtbot.waitUntil(
        lambda: (
            ("Created", "Person")
            in [
                (model.data(model.index(i, 2)), model.data(model.index(i, 3)))
                for i in range(model.rowCount())
            ]
        )
    )


# ---------------------------------------------------------------------------------- visit mode
def test_visit_mode_hides_measures_deadlines_history_summary_and_adult_notes(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    run(
        qtbot,
        view.workspace,
        lambda op: cases.add_member(
            op,
            str(view.case_id),
            first_name="Maria",
            last_name="Rota",
            role=MemberRole.MOTHER,
            notes="Segue un percorso al SerD.",
        ),
    )
    view.reload()
    wait_tasks()
    persons = view.persons.model
    mother = next(i for i, r in enumerate(persons.rows) if r.member.role is MemberRole.MOTHER)
    assert persons.data(persons.index(mother, 6)) == "Segue un percorso al SerD."
    view.tabs.setCurrentWidget(view.measures)
    # When the laptop is turned towards the family
    view.set_visit_mode(True)
    tabs = view.tabs
    assert not tabs.isTabVisible(tabs.indexOf(view.measures))
    assert not tabs.isTabVisible(tabs.indexOf(view.deadlines))
    assert not tabs.isTabVisible(tabs.indexOf(view.history))
    assert tabs.isTabVisible(tabs.indexOf(view.diary))
    assert tabs.currentWidget() is view.persons
    assert not view.header.summary.isVisible()
    assert view.header.summary.text() == ""
    assert persons.data(persons.index(mother, 6)) == ""
    # Editing the mother in visit mode shows no notes field
    view.persons.select_row(mother)
    assert not view.persons.edit_button.isEnabled()
    view.persons.edit(persons.rows[mother])
    assert view.persons.dialog is not None
    assert "notes" not in view.persons.dialog.editors
    view.persons.dialog.reject()
    # And everything comes back afterwards
    view.set_visit_mode(False)
    assert tabs.isTabVisible(tabs.indexOf(view.measures))
    assert view.header.summary.isVisible()
    assert persons.data(persons.index(mother, 6)) == "Segue un percorso al SerD."


def test_clear_forgets_the_case(qtbot: Any, view: CaseFileView) -> None:
    view.clear()
    assert view.data is None and view.case_id is None
    assert view.header.code.text() == ""
    assert all(isinstance(tab, TableTab) and tab.model.rowCount() == 0 for tab in view.case_tabs())


# ---------------------------------------------------------------------------------- models
def test_every_table_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, workspace: Any, wait_tasks: Any
) -> None:
    listed = run(
        qtbot,
        workspace,
        lambda op: (demo.generate(op, cases=3, seed=3), cases.list_cases(op))[1],
    )
    widget = CaseFileView(workspace)
    qtbot.addWidget(widget)
    for row in listed:
        widget.load(row.id)
        qtbot.waitUntil(lambda row=row: widget.data is not None and widget.case_id == row.id)
        wait_tasks()
        for tab in widget.case_tabs():
            assert isinstance(tab, TableTab)
            qtmodeltester.check(tab.model)
    assert widget.diary.model.rowCount() > 0
    widget.set_visit_mode(True)
    qtmodeltester.check(widget.persons.model)


# ---------------------------------------------------------------------------------- forms
def test_the_record_form_returns_typed_values(qtbot: Any) -> None:
    dialog = RecordFormDialog(
        "Test",
        [
            FormField("title", "Title", "text", required=True),
            FormField("text", "Text", "multiline"),
            FormField("day", "Day", "date"),
            FormField("maybe", "Maybe", "optional-date"),
            FormField("kind", "Kind", "enum", enum_type=MemberRole),
            FormField("hours", "Hours", "hours"),
            FormField("who", "Who", "combo", choices=[("A", 1), ("B", 2)], none_label="-"),
        ],
        {"title": "x", "day": dt.date(2026, 1, 2), "maybe": None, "hours": 2.5, "who": 2},
    )
    qtbot.addWidget(dialog)
    values = dialog.values()
    assert type(values["kind"]) is MemberRole
    assert values == {
        "title": "x",
        "text": "",
        "day": dt.date(2026, 1, 2),
        "maybe": None,
        "kind": MemberRole.MINOR,
        "hours": 2.5,
        "who": 2,
    }
    dialog.set_values({"maybe": dt.date(2026, 5, 1), "who": None})
    assert dialog.values()["maybe"] == dt.date(2026, 5, 1)
    assert dialog.values()["who"] is None


# ---------------------------------------------------------------------------------- the case
def edit_case_dialog(qtbot: Any, view: CaseFileView) -> RecordFormDialog:
    qtbot.mouseClick(view.header.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RecordFormDialog) and dialog.isVisible()
    return dialog


def test_editing_the_summary_and_the_status_updates_the_header(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given the case file of an open case
    assert "Open" in view.header.status.text()
    # When the educator rewrites the summary and suspends the case
    dialog = edit_case_dialog(qtbot, view)
    summary = dialog.editor("summary")
    assert isinstance(summary, QPlainTextEdit)
    summary.selectAll()
    qtbot.keyClicks(summary, "Famiglia trasferita a Zogno; in attesa del nuovo servizio.")
    choose(dialog, "status", CaseStatus.SUSPENDED)
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: "Suspended" in view.header.status.text())
    # Then the dialog is gone, the header shows the new summary and status, as do the services
    assert view.dialog is None
    assert "trasferita a Zogno" in view.header.summary.text()
    case = run(qtbot, view.workspace, lambda op: cases.show_case(op, str(view.case_id))).case
    assert case.status is CaseStatus.SUSPENDED
    assert case.summary == "Famiglia trasferita a Zogno; in attesa del nuovo servizio."
    assert case.closed_on is None


def test_a_closing_date_before_the_opening_is_shown_under_its_field(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given the case form
    dialog = edit_case_dialog(qtbot, view)
    # When the case is closed on a day before it was opened
    choose(dialog, "status", CaseStatus.CLOSED)
    choose(dialog, "closure_reason", CaseClosure.GOALS_MET)
    dialog.set_values({"closed_on": TODAY - dt.timedelta(days=400)})
    save(qtbot, dialog)
    wait_tasks()
    # Then the message is under "Closed on", the dialog stays open and nothing changed
    error = dialog.error_label("closed_on")
    qtbot.waitUntil(error.isVisible)
    assert "precede" in error.text()
    assert dialog.isVisible()
    assert "Open" in view.header.status.text()
    case = run(qtbot, view.workspace, lambda op: cases.show_case(op, str(view.case_id))).case
    assert case.status is CaseStatus.OPEN


def test_the_case_form_is_hidden_in_visit_mode(qtbot: Any, view: CaseFileView) -> None:
    edit_case_dialog(qtbot, view)
    view.set_visit_mode(True)
    assert view.dialog is None
    assert view.header.edit_button.isHidden()
    assert view.header.operators_button.isVisible()
    view.set_visit_mode(False)
    assert view.header.edit_button.isVisible()


def test_a_second_operator_takes_over_the_case(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given a social worker in the team, and the case followed by Giulia Bianchi
    def add_operator(op: Any) -> uuid.UUID:
        with op.session() as session:
            return (
                Repository(session)
                .add(e.Operator, name="Marco Ferrari", role=Role.SOCIAL_WORKER, active=True)
                .id
            )

    marco = run(qtbot, view.workspace, add_operator)
    view.reload()
    wait_tasks()
    assert view.header.operators.text() == "Giulia Bianchi"
    # When the educator checks Marco and unchecks herself in the operators dialog
    qtbot.mouseClick(view.header.operators_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, OperatorsDialog) and dialog.isVisible()
    assert dialog.item("Giulia Bianchi").checkState() == Qt.CheckState.Checked
    assert dialog.item("Marco Ferrari").checkState() == Qt.CheckState.Unchecked
    dialog.item("Marco Ferrari").setCheckState(Qt.CheckState.Checked)
    dialog.item("Giulia Bianchi").setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    wait_tasks()
    qtbot.waitUntil(lambda: view.header.operators.text() == "Marco Ferrari")
    # Then the dialog is gone and the services agree with the header
    assert view.dialog is None
    detail = run(qtbot, view.workspace, lambda op: cases.show_case(op, str(view.case_id)))
    assert [op.id for op in detail.operators] == [marco]


def test_visit_mode_hides_the_title_with_the_summary(view: CaseFileView) -> None:
    view.resize(1300, 680)
    view.set_visit_mode(True)
    assert "Sostegno" not in view.header.code.text()
    view.set_visit_mode(False)
    assert "Sostegno domiciliare alla famiglia Rota" in view.header.code.text()
    # A narrow window cuts the title, whole on hover; not in visit mode, not even on hover
    view.resize(900, 680)
    assert view.header.code.toolTip() == plain_html("Sostegno domiciliare alla famiglia Rota")
    view.set_visit_mode(True)
    assert "Sostegno" not in view.header.code.text() and view.header.code.toolTip() == ""
