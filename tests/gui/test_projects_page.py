"""Progetti di comunità: the page lists the projects with the year's activities, hours and
participants, shows a project's activities, and adds and edits projects and activities through
their dialogs, which say that no names go there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from minorifamiglie.domain.ambiti import ambito_id
from minorifamiglie.services import community_projects
from minorifamiglie.ui.date_field import DateField
from minorifamiglie.ui.forms import RecordFormDialog
from minorifamiglie.ui.models.project_table import ActivityTableModel, ProjectTableModel
from minorifamiglie.ui.pages.projects import CommunityProjectsPage
from minorifamiglie.ui.place_completer import PlaceCompleter
from support.clock import TODAY

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TITLE = "Dai luoghi di cura alla cura dei luoghi"
NUMBERS = slice(ProjectTableModel.ACTIVITIES, ProjectTableModel.PARTICIPANTS + 1)


@pytest.fixture
def scanzo(on_worker: Any) -> Any:
    """A project of the Ambito of Seriate with activities in 2025 and 2026."""

    def stage(opened: Any) -> Any:
        project = community_projects.add_project(
            opened,
            ambito="SER",
            title=TITLE,
            comune="Scanzorosciate",
            partners="Coop. L'Impronta, Associazione Sotto Altra Quota",
            start_on=dt.date(2025, 9, 1),
        )
        for day, minutes, people in (
            (dt.date(2025, 12, 20), 60, 40),
            (dt.date(2026, 3, 12), 90, 25),
            (dt.date(2026, 10, 3), 150, 60),
        ):
            community_projects.add_activity(
                opened,
                project.id,
                date=day,
                minutes=minutes,
                participants=people,
                description="Laboratorio di orto",
                today=TODAY,
            )
        return project

    return on_worker(stage)


@pytest.fixture
def page(qtbot: Any, workspace: Any, wait_tasks: Any, scanzo: Any) -> CommunityProjectsPage:
    widget = CommunityProjectsPage(workspace, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.refresh()
    wait_tasks()
    return widget


def texts(model: Any) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def dialog_of(page: CommunityProjectsPage) -> RecordFormDialog:
    assert page.dialog is not None and page.dialog.isVisible()
    return page.dialog


def type_into(dialog: RecordFormDialog, values: dict[str, str]) -> None:
    for name, text in values.items():
        editor = dialog.editor(name)
        if isinstance(editor, DateField):
            editor.line.setText(text)
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(text)


def test_the_year_s_numbers_of_each_project_and_its_activities(
    page: CommunityProjectsPage, qtmodeltester: Any
) -> None:
    # Given a project with two activities in 2026 and one in 2025, the page shows 2026
    qtmodeltester.check(page.model)
    assert page.year_combo.currentData() == 2026
    [row] = texts(page.model)
    assert row[ProjectTableModel.TITLE] == TITLE
    assert row[ProjectTableModel.AMBITO] == "Seriate"
    assert row[ProjectTableModel.COMUNE] == "Scanzorosciate"
    assert row[ProjectTableModel.PERIOD] == "from 01/09/2025"
    assert row[ProjectTableModel.PARTNERS] == "Coop. L'Impronta, Associazione Sotto Altra Quota"
    assert row[NUMBERS] == ["2", "4,00", "85"]
    # and the project's activities of the year, the most recent first, with their totals
    qtmodeltester.check(page.activity_model)
    rows = texts(page.activity_model)
    assert [r[ActivityTableModel.DATE] for r in rows] == ["03/10/2026", "12/03/2026"]
    assert rows[0][ActivityTableModel.HOURS : ActivityTableModel.OPERATOR + 1] == [
        "2,50",
        "60",
        "Giulia Bianchi",
    ]
    assert (
        page.totals_label.text() == "In 2026: 2 activities, 4,00 hours, 85 participants (presences)"
    )
    assert "never write names" in page.privacy_note.text()
    assert page.privacy_note.isVisible()


def test_the_whole_life_of_the_project(page: CommunityProjectsPage, wait_tasks: Any) -> None:
    # When "Whole project" is chosen instead of a year
    page.year_combo.setCurrentIndex(page.year_combo.count() - 1)
    wait_tasks()
    # Then every activity counts
    assert texts(page.model)[0][NUMBERS] == ["3", "5,00", "125"]
    assert page.activity_model.rowCount() == 3
    assert page.totals_label.text() == "3 activities, 5,00 hours, 125 participants (presences)"


def test_a_new_project_from_its_dialog(
    qtbot: Any, page: CommunityProjectsPage, wait_tasks: Any, on_worker: Any
) -> None:
    # Given the dialog of a new project, its comune completed from the comuni of today
    page.add_button.click()
    dialog = dialog_of(page)
    comune = dialog.editor("comune")
    assert isinstance(comune, QLineEdit) and isinstance(comune.completer(), PlaceCompleter)
    # When it is filled in and saved
    type_into(
        dialog,
        {"title": "Famiglie accoglienti in valle", "comune": "zogno", "start_on": "01/02/2026"},
    )
    dialog.set_values({"ambito_id": ambito_id("VBR")})
    dialog.save_button.click()
    wait_tasks()
    # Then it is saved, listed and selected
    assert page.dialog is None
    saved = on_worker(community_projects.list_projects)
    new = next(v for v in saved if v.project.title == "Famiglie accoglienti in valle")
    assert (new.ambito_code, new.project.comune) == ("VBR", "Zogno")
    assert page.current_project() is not None
    assert page.current_project().project.id == new.project.id  # type: ignore[union-attr]
    assert page.activity_model.rowCount() == 0


def test_a_bad_project_is_named_under_its_field(
    page: CommunityProjectsPage, wait_tasks: Any
) -> None:
    page.edit_button.click()
    dialog = dialog_of(page)
    type_into(dialog, {"end_on": "01/01/2025"})  # before its start
    dialog.save_button.click()
    wait_tasks()
    assert dialog.isVisible()
    assert dialog.error_label("end_on").text() == "La conclusione precede l'avvio del progetto"


def test_an_activity_is_added_edited_and_deleted(
    qtbot: Any,
    page: CommunityProjectsPage,
    wait_tasks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the dialog of a new activity, which says that no names go there
    page.new_activity_button.click()
    dialog = dialog_of(page)
    notice = dialog.findChild(QLabel, "noPersonalDataNotice")
    assert notice is not None and notice.isVisible()
    assert "never write names" in notice.text()
    # When a description with a phone number is saved, it is refused under its field
    type_into(
        dialog,
        {"date": "20/11/2026", "minutes": "120", "participants": "18",
         "description": "Festa d'autunno, info 347 1234567"},
    )  # fmt: skip
    dialog.save_button.click()
    wait_tasks()
    assert "numero di telefono" in dialog.error_label("description").text()
    # and without it, it is saved and shown first, the totals with it
    type_into(dialog, {"description": "Festa d'autunno in piazza"})
    dialog.save_button.click()
    wait_tasks()
    assert page.dialog is None
    rows = texts(page.activity_model)
    assert rows[0][ActivityTableModel.DATE] == "20/11/2026"
    assert rows[0][ActivityTableModel.DESCRIPTION] == "Festa d'autunno in piazza"
    assert page.current_activity().activity.participants == 18  # type: ignore[union-attr]
    assert texts(page.model)[0][NUMBERS] == ["3", "6,00", "103"]

    # When the selected activity is edited
    page.edit_activity_button.click()
    dialog = dialog_of(page)
    type_into(dialog, {"participants": "20"})
    dialog.save_button.click()
    wait_tasks()
    assert texts(page.activity_model)[0][ActivityTableModel.PARTICIPANTS] == "20"

    # When it is deleted, after saying yes
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.remove_activity_button.click()
    wait_tasks()
    assert [r[ActivityTableModel.DATE] for r in texts(page.activity_model)] == [
        "03/10/2026",
        "12/03/2026",
    ]
    assert texts(page.model)[0][NUMBERS] == ["2", "4,00", "85"]


def test_the_page_forgets_everything_when_locked(page: CommunityProjectsPage) -> None:
    page.clear()
    assert page.model.rowCount() == page.activity_model.rowCount() == 0
    assert page.totals_label.text() == "" and not page.edit_button.isEnabled()
