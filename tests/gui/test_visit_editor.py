"""The visit editor, as an educator uses it right after a visit: type, autosave, crash, reopen,
close and sign, amend."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from minorifamiglie.domain import observations as obs
from minorifamiglie.domain.enums import MemberRole, Service, VisitKind, VisitStatus
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.services import cases, drafts, visits
from minorifamiglie.ui.visit_editor import VisitEditorWindow

# The offscreen platform cannot size real windows; shown windows make it say so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def run(workspace, wait_tasks, fn):
    """A service call through the worker, as the GUI makes it; returns its result."""
    out: list[object] = []
    workspace.call(fn, out.append, out.append)
    wait_tasks()
    assert out and not isinstance(out[0], BaseException), out
    return out[0]


def make_case(workspace, wait_tasks, service: Service = Service.ADM):
    def job(opened):
        case = cases.add_case(
            opened,
            ambito="VBR",
            service=service,
            minor_name="Luca Rossi",
            birth_date=dt.date(2015, 3, 2),
        )
        mother = cases.add_member(
            opened, case.code, first_name="Anna", last_name="Rossi", role=MemberRole.MOTHER
        )
        return case, mother.person

    return run(workspace, wait_tasks, job)


def open_editor(qtbot, workspace, case_id, visit_id=None):
    editor = VisitEditorWindow(workspace, case_id, visit_id)
    qtbot.addWidget(editor)
    editor.autosave_timer.setInterval(50)  # the real delay is 3 s; the logic is the same
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    return editor


@pytest.fixture
def confirm(monkeypatch):
    """The educator answers Yes to the confirmation of Chiudi e firma."""
    asked: list[str] = []

    def question(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_a_draft_typed_after_a_visit_survives_a_crash_then_is_signed_and_amended(
    qtbot, workspace, wait_tasks, confirm
) -> None:
    # Given a case with a child and his mother
    case, mother = make_case(workspace, wait_tasks)

    # When the educator opens the editor for a new visit and types what happened
    editor = open_editor(qtbot, workspace, case.id)
    assert editor.visit_id is None
    editor.present_checks[mother.id].click()
    qtbot.keyClicks(editor.place_edit, "Domicilio")
    qtbot.keyClicks(editor.notes_edit, "Luca ha fatto i compiti con la madre.")

    # Then the autosave creates a draft holding the text, without any button pressed
    with qtbot.waitSignal(editor.visitSaved, timeout=10_000):
        pass
    wait_tasks()
    (view,) = run(workspace, wait_tasks, lambda o: visits.list_visits(o, str(case.id)))
    assert view.visit.status is VisitStatus.DRAFT
    assert view.visit.notes == "Luca ha fatto i compiti con la madre."
    assert view.visit.place == "Domicilio"
    assert view.visit.present_person_ids.ids == (mother.id,)
    assert editor.visit_id == view.visit.id
    assert "Saved at" in editor.status_label.text()

    # When the application crashes: the editor vanishes without saving or closing
    shiboken6.delete(editor)
    wait_tasks()

    # Then the next unlock finds the editor to reopen, with its draft and text
    reopen = run(workspace, wait_tasks, drafts.open_editor_ids)
    assert reopen == [drafts.OpenEditor(case.id, view.visit.id)]
    editor = open_editor(qtbot, workspace, case.id, view.visit.id)
    assert editor.notes_edit.toPlainText() == "Luca ha fatto i compiti con la madre."
    assert editor.present_checks[mother.id].isChecked()
    assert not editor.read_only

    # When she closes and signs with Ctrl+Enter and confirms
    editor.activateWindow()
    editor.notes_edit.setFocus()
    with qtbot.waitSignal(editor.visitClosed, timeout=10_000) as closed:
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert closed.args == [view.visit.id]
    assert "read-only" in confirm[0]

    # Then every field is read-only, the service says closed, nothing is left to reopen
    assert editor.read_only
    assert editor.notes_edit.isReadOnly() and editor.date_edit.isReadOnly()
    assert not editor.kind_combo.isEnabled()
    assert not editor.close_sign_button.isVisible()
    wait_tasks()
    closed_view = run(workspace, wait_tasks, lambda o: visits.get_visit(o, view.visit.id))
    assert closed_view.visit.status is VisitStatus.CLOSED
    assert run(workspace, wait_tasks, drafts.open_editor_ids) == []

    # When she adds an amendment
    assert editor.amendments_group.isVisible()
    qtbot.mouseClick(editor.add_amendment_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.amendment_edit, "Il padre ha telefonato dopo la visita.")
    qtbot.mouseClick(editor.save_amendment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(editor.amendment_texts()), timeout=10_000)

    # Then it appears after the signed text, here and when the visit is opened again
    assert editor.amendment_texts() == ["Il padre ha telefonato dopo la visita."]
    assert not editor.amendment_form.isVisible()
    editor.close()
    wait_tasks()
    again = open_editor(qtbot, workspace, case.id, view.visit.id)
    assert again.read_only
    assert again.notes_edit.toPlainText() == "Luca ha fatto i compiti con la madre."
    assert again.amendment_texts() == ["Il padre ha telefonato dopo la visita."]
    amended = run(workspace, wait_tasks, lambda o: visits.get_visit(o, view.visit.id))
    assert [a.text for a in amended.amendments] == ["Il padre ha telefonato dopo la visita."]
    assert amended.visit.notes == "Luca ha fatto i compiti con la madre."

    # When she starts a second amendment and the window goes away before she saves it
    again.amendment_timer.setInterval(50)
    qtbot.mouseClick(again.add_amendment_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(again.amendment_edit, "La scuola conferma.")
    qtbot.waitUntil(lambda: not again.amendment_timer.isActive(), timeout=5_000)
    wait_tasks()
    again.close()  # no question: what she typed is kept as a draft
    wait_tasks()

    # Then it comes back in its form, unsaved, when the visit is opened again
    third = open_editor(qtbot, workspace, case.id, view.visit.id)
    qtbot.waitUntil(third.amendment_form.isVisible, timeout=5_000)
    assert third.amendment_edit.toPlainText() == "La scuola conferma."
    assert "recovered" in third.status_label.text()
    assert third.amendment_texts() == ["Il padre ha telefonato dopo la visita."]


def test_a_facilitated_meeting_shows_the_observation_grid_and_its_values_round_trip(
    qtbot, workspace, wait_tasks
) -> None:
    # Given a case of the incontri facilitati service
    case, _mother = make_case(workspace, wait_tasks, Service.FACILITATED_MEETINGS)

    # When a new visit is opened, it is a facilitated meeting with the observation grid
    editor = open_editor(qtbot, workspace, case.id)
    assert editor.kind_combo.currentData() == VisitKind.FACILITATED_MEETING.value
    assert editor.observation_group.isVisible()
    form = editor.observation_form
    assert set(form.ratings) == set(obs.MEETING_GRID)
    assert set(form.texts) == set(obs.MEETING_TEXTS)

    # And the educator rates the items, adds notes and fills the headings
    grid = form.ratings["contatto_fisico"]
    grid.setCurrentIndex(grid.findData(obs.Rating.ADEQUATE.value))
    distacco = form.ratings["gestione_distacco"]
    distacco.setCurrentIndex(distacco.findData(obs.Rating.PARTLY_ADEQUATE.value))
    qtbot.keyClicks(form.notes["gestione_distacco"], "pianto breve al saluto")
    qtbot.keyClicks(form.texts["puntualita"], "madre in ritardo di 10 minuti")
    qtbot.keyClicks(form.texts["eventi_critici"], "nessuno")
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)

    # Then the visit holds them as structured JSON
    visit_id = editor.visit_id
    assert visit_id is not None
    saved = run(workspace, wait_tasks, lambda o: visits.get_visit(o, visit_id)).visit
    assert saved.kind is VisitKind.FACILITATED_MEETING
    parsed = saved.observations
    assert parsed.grid["contatto_fisico"] == obs.GridValue("adeguato", "")
    assert parsed.grid["gestione_distacco"] == obs.GridValue(
        "parzialmente-adeguato", "pianto breve al saluto"
    )
    assert parsed.texts["puntualita"] == "madre in ritardo di 10 minuti"
    assert parsed.texts["eventi_critici"] == "nessuno"

    # And they come back when the visit is reopened
    editor.close()
    wait_tasks()
    again = open_editor(qtbot, workspace, case.id, visit_id)
    form = again.observation_form
    assert form.ratings["contatto_fisico"].currentData() == "adeguato"
    assert form.ratings["gestione_distacco"].currentData() == "parzialmente-adeguato"
    assert form.notes["gestione_distacco"].text() == "pianto breve al saluto"
    assert form.texts["puntualita"].text() == "madre in ritardo di 10 minuti"

    # When the kind becomes a phone call, the grid goes away (its values are kept)
    again.kind_combo.setCurrentIndex(again.kind_combo.findData(VisitKind.PHONE_CALL.value))
    assert not again.observation_group.isVisible()
    assert "contatto_fisico" in again.observation_form.observations().grid


def test_an_end_before_the_start_is_shown_next_to_the_end_field(
    qtbot, workspace, wait_tasks, confirm
) -> None:
    case, _mother = make_case(workspace, wait_tasks)
    editor = open_editor(qtbot, workspace, case.id)

    # When the end time is set before the start time
    editor.start_edit.set_value(dt.time(15, 0))
    editor.end_edit.set_value(dt.time(14, 30))

    # Then the message appears right under the end field, and nowhere else
    error = editor.errors["end_time"]
    assert error.isVisible()
    assert "end time" in error.text()
    assert error.parentWidget() is editor.end_edit.parentWidget()
    assert not editor.errors["start_time"].isVisible()

    # And the text typed meanwhile is still saved, with the last valid times
    qtbot.keyClicks(editor.notes_edit, "Appunti")
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    visit_id = editor.visit_id
    assert visit_id is not None
    saved = run(workspace, wait_tasks, lambda o: visits.get_visit(o, visit_id)).visit
    assert saved.notes == "Appunti"
    assert saved.end_time > saved.start_time

    # And close and sign refuses without asking
    editor.close_and_sign()
    assert confirm == []
    assert not editor.read_only

    # When the end is fixed the message goes
    editor.end_edit.set_value(dt.time(16, 0))
    assert not error.isVisible()


def test_closing_without_a_place_shows_the_message_next_to_the_place(
    qtbot, workspace, wait_tasks, confirm
) -> None:
    case, _mother = make_case(workspace, wait_tasks)
    editor = open_editor(qtbot, workspace, case.id)
    qtbot.keyClicks(editor.notes_edit, "Visita svolta regolarmente.")

    # When she closes and signs with no place
    qtbot.mouseClick(editor.close_sign_button, Qt.MouseButton.LeftButton)

    # Then, before any question, the message is next to the place, the list names it by its
    # label, the focus is there, and the draft stays editable and saved
    assert confirm == []
    assert editor.errors["place"].isVisible()
    assert editor.errors["place"].parentWidget() is editor.place_edit.parentWidget()
    assert "Place" in editor.status_label.text()
    assert editor.place_edit.hasFocus()
    assert not editor.read_only
    qtbot.waitUntil(lambda: "Saved at" in editor.status_label.text(), timeout=10_000)
    assert editor.errors["place"].isVisible()  # the autosave does not hide what signing needs


def test_signing_names_every_missing_field_at_once_by_its_label(
    qtbot, workspace, wait_tasks, confirm
) -> None:
    case, _mother = make_case(workspace, wait_tasks)
    editor = open_editor(qtbot, workspace, case.id)
    editor.end_edit.set_text("25:00")

    editor.close_and_sign()

    assert confirm == []
    status = editor.status_label.text()
    for label in ("End time", "Place", "Description of the visit"):
        assert label in status
    assert "intervento" not in status
    for field in ("end_time", "place", "notes"):
        assert editor.errors[field].isVisible() or field == "end_time"
    assert editor.end_edit.message.isVisible()
    editor.status_label.linkActivated.emit("notes")
    assert editor.notes_edit.hasFocus()


def test_escape_saves_and_closes_and_lock_keeps_the_editor_for_reopening(
    qtbot, workspace, wait_tasks
) -> None:
    case, _mother = make_case(workspace, wait_tasks)

    # Given an editor saved before a lock: it is kept in the list to reopen
    editor = open_editor(qtbot, workspace, case.id)
    editor.autosave_timer.setInterval(60_000)  # nothing saves by itself in this test
    qtbot.keyClicks(editor.notes_edit, "Prima parte")
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    visit_id = editor.visit_id
    assert visit_id is not None
    editor.close_for_lock()
    wait_tasks()
    assert run(workspace, wait_tasks, drafts.open_editor_ids) == [
        drafts.OpenEditor(case.id, visit_id)
    ]

    # When it is reopened, more text typed and Esc pressed
    editor = open_editor(qtbot, workspace, case.id, visit_id)
    editor.autosave_timer.setInterval(60_000)
    editor.notes_edit.moveCursor(editor.notes_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.notes_edit, ", seconda parte")
    editor.activateWindow()
    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_Escape)
    wait_tasks()

    # Then the text is saved, the window is gone and nothing is left to reopen
    saved = run(workspace, wait_tasks, lambda o: visits.get_visit(o, visit_id)).visit
    assert saved.notes == "Prima parte, seconda parte"
    assert run(workspace, wait_tasks, drafts.open_editor_ids) == []


def test_the_open_editor_list_drops_visits_closed_elsewhere(workspace, wait_tasks) -> None:
    case, _mother = make_case(workspace, wait_tasks)

    def job(opened):
        visit = visits.add_visit(
            opened,
            case=str(case.id),
            date=dt.date.today(),
            start=dt.time(9),
            end=dt.time(10),
            place="Domicilio",
            notes="x",
        )
        drafts.remember_open_editor(opened, visit.id)
        drafts.remember_open_editor(opened, VisitId(uuid.uuid4()))  # deleted meanwhile
        visits.close_visit(opened, visit.id)
        return drafts.open_editor_ids(opened)

    assert run(workspace, wait_tasks, job) == []


def test_a_draft_reopened_after_a_crash_says_so(qtbot, workspace, wait_tasks) -> None:
    case, _mother = make_case(workspace, wait_tasks)
    editor = VisitEditorWindow(workspace, case.id, None, recovered=True)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    assert "recovered after an unexpected close" in editor.status_label.text()


def type_into(qtbot, field, text: str) -> None:
    """Into a date or time field by key events: what was there replaced, then Tab."""
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)


def test_an_invalid_date_and_time_come_back_as_typed_after_a_crash(
    qtbot, workspace, wait_tasks
) -> None:
    # Given a draft being written
    case, _mother = make_case(workspace, wait_tasks)
    editor = open_editor(qtbot, workspace, case.id)
    editor.activateWindow()
    qtbot.keyClicks(editor.notes_edit, "Merenda e compiti.")
    with qtbot.waitSignal(editor.visitSaved, timeout=10_000):
        pass
    wait_tasks()
    visit_id = editor.visit_id
    assert visit_id is not None
    before = run(workspace, wait_tasks, lambda o: visits.get_visit(o, visit_id)).visit
    end_text = editor.end_edit.text()

    # When the educator types a day and a time that do not exist, and the autosave runs
    type_into(qtbot, editor.date_edit, "31/02/2026")
    type_into(qtbot, editor.start_edit, "25:70")
    assert editor.date_edit.message.isVisible() and editor.start_edit.message.isVisible()
    assert editor.autosave_timer.isActive()
    qtbot.waitUntil(lambda: not editor.autosave_timer.isActive(), timeout=5_000)
    wait_tasks()
    assert "Saved at" in editor.status_label.text()

    # Then the visit keeps its last valid date and times, and the draft keeps the texts
    saved = run(workspace, wait_tasks, lambda o: visits.get_visit(o, visit_id)).visit
    assert (saved.date, saved.start_time, saved.end_time) == (
        before.date,
        before.start_time,
        before.end_time,
    )
    assert run(workspace, wait_tasks, lambda o: drafts.draft_texts(o, visit_id)) == {
        "date": "31/02/2026",
        "start_time": "25:70",
        "end_time": end_text,
    }

    # When the application crashes, and the next unlock reopens the editor
    shiboken6.delete(editor)
    wait_tasks()
    reopening = run(workspace, wait_tasks, drafts.reopen_after_unlock)
    assert reopening.after_crash
    assert reopening.editors == [drafts.OpenEditor(case.id, visit_id)]
    again = VisitEditorWindow(workspace, case.id, visit_id, recovered=True)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(again.body.isEnabled, timeout=10_000)

    # Then the date and the time are exactly as typed, each saying it is not one
    assert again.date_edit.text() == "31/02/2026"
    assert again.date_edit.message.isVisible()
    assert again.date_edit.message.text() == "Invalid date: use dd/mm/yyyy"
    assert again.start_edit.text() == "25:70"
    assert again.start_edit.message.isVisible()
    assert again.start_edit.message.text() == "Invalid time: use hh:mm"
    assert again.end_edit.text() == end_text
    assert again.date_edit.value() is None and again.start_edit.value() is None
    assert "recovered after an unexpected close" in again.status_label.text()
    assert again.notes_edit.toPlainText() == "Merenda e compiti."

    # When she corrects them, the visit takes them and the kept texts are forgotten
    again.autosave_timer.setInterval(50)
    again.activateWindow()
    yesterday = dt.date.today() - dt.timedelta(days=1)
    type_into(qtbot, again.date_edit, yesterday.strftime("%d%m%Y"))
    type_into(qtbot, again.start_edit, "0:05")
    type_into(qtbot, again.end_edit, "0:50")
    done: list[bool] = []
    again.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    fixed = run(workspace, wait_tasks, lambda o: visits.get_visit(o, visit_id)).visit
    assert (fixed.date, fixed.start_time, fixed.end_time) == (
        yesterday,
        dt.time(0, 5),
        dt.time(0, 50),
    )
    assert run(workspace, wait_tasks, lambda o: drafts.draft_texts(o, visit_id)) == {}


def test_times_whose_end_is_before_the_start_come_back_as_typed(
    qtbot, workspace, wait_tasks
) -> None:
    # Given a draft whose end time was typed before its start
    case, _mother = make_case(workspace, wait_tasks)
    editor = open_editor(qtbot, workspace, case.id)
    editor.activateWindow()
    qtbot.keyClicks(editor.notes_edit, "Colloquio.")
    with qtbot.waitSignal(editor.visitSaved, timeout=10_000):
        pass
    visit_id = editor.visit_id
    type_into(qtbot, editor.start_edit, "16:00")
    type_into(qtbot, editor.end_edit, "15:00")
    assert editor.errors["end_time"].isVisible()
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)

    # When the window goes away with the draft and is opened again (from the diary)
    editor.close()
    wait_tasks()
    again = open_editor(qtbot, workspace, case.id, visit_id)

    # Then the times are the ones typed, not the last pair the visit holds
    assert (again.start_edit.text(), again.end_edit.text()) == ("16:00", "15:00")
    assert again.errors["end_time"].isVisible()


def test_a_visit_crossing_another_of_the_same_operator_is_saved_with_a_warning(
    qtbot, workspace, wait_tasks
) -> None:
    # Given a signed visit on 3 November 10:00-11:30
    case, _mother = make_case(workspace, wait_tasks)
    run(
        workspace,
        wait_tasks,
        lambda o: visits.add_visit(
            o,
            case=str(case.id),
            date=dt.date(2026, 11, 3),
            start=dt.time(10, 0),
            end=dt.time(11, 30),
            place="Domicilio",
            notes="Compiti.",
            close=True,
            today=dt.date(2026, 11, 24),
        ),
    )
    # When the educator types another visit of the same day, 11:00-12:00
    editor = open_editor(qtbot, workspace, case.id)
    assert not editor.overlap_label.isVisible()
    editor.date_edit.set_value(dt.date(2026, 11, 3))
    editor.start_edit.set_value(dt.time(11, 0))
    editor.end_edit.set_value(dt.time(12, 0))
    qtbot.keyClicks(editor.notes_edit, "Accompagnamento a scuola.")
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)

    # Then it is saved all the same, and the editor says which visit it crosses
    assert editor.visit_id is not None
    assert "Saved at" in editor.status_label.text()
    assert editor.overlap_label.isVisible()
    assert editor.overlap_label.text() == (
        "Overlaps the visit of 03/11/2026 10:00–11:30 by the same operator: the common time "
        "is counted once."
    )
    # When the times no longer cross, the warning goes
    editor.start_edit.set_value(dt.time(11, 30))
    done.clear()
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert not editor.overlap_label.isVisible()
    # And a visit opened again shows its warning at once
    editor.end_edit.set_value(dt.time(11, 45))
    editor.start_edit.set_value(dt.time(11, 15))
    done.clear()
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    visit_id = editor.visit_id
    editor.close()
    wait_tasks()
    again = open_editor(qtbot, workspace, case.id, visit_id)
    qtbot.waitUntil(again.overlap_label.isVisible, timeout=10_000)
    assert "10:00–11:30" in again.overlap_label.text()


def test_a_draft_is_never_written_without_the_mark_that_reopens_its_editor(
    qtbot, workspace, wait_tasks, monkeypatch
) -> None:
    # Given a new visit being typed
    case, _mother = make_case(workspace, wait_tasks)
    editor = open_editor(qtbot, workspace, case.id)
    editor.autosave_timer.setInterval(60_000)  # saved only when asked, in this test
    qtbot.keyClicks(editor.notes_edit, "Compiti e merenda.")

    # When the first save stops right after the visit is written, before the mark that has
    # the next unlock reopen its editor (as a crash between the two would)
    def crash(*_args: object) -> None:
        raise RuntimeError("stopped between the visit and its mark")

    monkeypatch.setattr(drafts, "_write", crash)
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)

    # Then neither is written: no draft is left that no unlock would reopen
    assert "Not saved" in editor.status_label.text()
    assert run(workspace, wait_tasks, lambda o: visits.list_visits(o, str(case.id))) == []
    assert run(workspace, wait_tasks, drafts.open_editor_ids) == []

    # When the next save goes through, the draft and its mark are written together
    monkeypatch.undo()
    done.clear()
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    (view,) = run(workspace, wait_tasks, lambda o: visits.list_visits(o, str(case.id)))
    assert view.visit.notes == "Compiti e merenda."
    assert editor.visit_id == view.visit.id
    assert run(workspace, wait_tasks, drafts.open_editor_ids) == [
        drafts.OpenEditor(case.id, view.visit.id)
    ]


def test_the_editor_reads_the_day_and_the_hour_from_its_clock(
    qtbot, workspace, wait_tasks, confirm
) -> None:
    # Given an editor whose clock says 24 November 2026, 10:42:07
    case, _mother = make_case(workspace, wait_tasks)
    now = dt.datetime(2026, 11, 24, 10, 42, 7)
    editor = VisitEditorWindow(workspace, case.id, None, now=lambda: now)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)

    # Then a new visit is of that day, the hour just ended
    assert editor.date_edit.value() == now.date()
    assert (editor.start_edit.value(), editor.end_edit.value()) == (dt.time(9, 30), dt.time(10, 30))

    # And a save says it was saved at that time
    qtbot.keyClicks(editor.notes_edit, "Compiti.")
    done: list[bool] = []
    editor.save_now(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert editor.status_label.text() == "Saved at 10:42:07"

    # And a visit of the day after cannot be signed yet
    editor.date_edit.set_value(now.date() + dt.timedelta(days=1))
    editor.close_and_sign()
    assert editor.errors["date"].text() == "A visit in the future cannot be closed yet"
    assert confirm == []  # nothing asked: signing refused at once
