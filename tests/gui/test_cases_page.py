"""The Cartelle page: an educator finds a case by typing, narrows the list with filters, scrolls
through it a page at a time, opens a new case, and hides the list in visit mode."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from PySide6.QtCore import Qt

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases
from minorifamiglie.ui.dialogs.new_case import NewCaseDialog
from minorifamiglie.ui.models.case_table import CaseTableModel
from minorifamiglie.ui.pages import cases as cases_module
from minorifamiglie.ui.pages.cases import CasesPage

# The offscreen platform cannot resize top-level windows to their hints: not our warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _valid_cf() -> str:
    """The codice fiscale of a boy born on 1 January 2015 in Bergamo (A794)."""
    from codicefiscale import codicefiscale

    return str(
        codicefiscale.encode(
            lastname="Rossi",
            firstname="Luca",
            gender="M",
            birthdate="01/01/2015",
            birthplace="A794",
        )
    )


def given_cases(workspace: Any, wait_tasks: Any, *specs: dict[str, Any]) -> list[Any]:
    """Cases written through the service on the worker, as the application does."""
    created: list[Any] = []
    for spec in specs:
        workspace.write(
            lambda opened, spec=spec: cases.add_case(opened, **spec),
            created.append,
        )
    wait_tasks()
    assert len(created) == len(specs)
    return created


@pytest.fixture
def three_cases(workspace, wait_tasks) -> list[Any]:
    return given_cases(
        workspace,
        wait_tasks,
        {
            "ambito": "VBR",
            "service": Service.ADM,
            "title": "Sostegno domiciliare",
            "minor_name": "Luca Rossi",
            "birth_date": dt.date(2015, 1, 1),
            "tax_code": _valid_cf(),
        },
        {"ambito": "BG", "service": Service.AFFIDO, "minor_name": "Sara Bianchi"},
        {"ambito": "DAL", "service": Service.ADM, "minor_name": "Ahmed Diallo"},
    )


@pytest.fixture
def page(qtbot, workspace, wait_tasks) -> CasesPage:
    widget = CasesPage(workspace)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    return widget


def shown(page: CasesPage, wait_tasks: Any) -> CasesPage:
    page.refresh()
    wait_tasks()
    return page


def names(page: CasesPage) -> list[str]:
    return [row.minors for row in page.model.rows]


def choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


# ---------------------------------------------------------------- search


def test_typing_part_of_a_childs_name_finds_the_case(qtbot, page, three_cases, wait_tasks) -> None:
    # Given the list of three cases
    shown(page, wait_tasks)
    assert sorted(names(page)) == ["Ahmed Diallo", "Luca Rossi", "Sara Bianchi"]
    assert page.count_label.text() == "3 cases"
    # When the educator types part of a surname
    qtbot.keyClicks(page.search, "ross")
    qtbot.waitUntil(lambda: names(page) == ["Luca Rossi"], timeout=5_000)
    wait_tasks()
    # Then only that case is listed, and the counter agrees
    assert page.count_label.text() == "1 case"


def test_search_finds_a_case_by_code_and_by_codice_fiscale(
    qtbot, page, three_cases, wait_tasks
) -> None:
    shown(page, wait_tasks)
    code = next(c.code for c in three_cases if c.code.startswith("DAL-"))
    qtbot.keyClicks(page.search, code.lower())
    qtbot.waitUntil(lambda: names(page) == ["Ahmed Diallo"], timeout=5_000)
    page.search.clear()
    qtbot.keyClicks(page.search, _valid_cf()[:9])
    qtbot.waitUntil(lambda: names(page) == ["Luca Rossi"], timeout=5_000)


def test_keys_typed_while_a_search_runs_stop_it_and_search_only_the_latest_text(
    qtbot, page, three_cases, workspace, wait_tasks, monkeypatch
) -> None:
    import threading

    from minorifamiglie.services import search as search_service

    shown(page, wait_tasks)
    outcomes: list[tuple[str, str]] = []
    real = search_service.search
    running, release = threading.Event(), threading.Event()

    def slow_first(opened: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if not outcomes:  # the first letter matches nearly everyone: a long search
            running.set()
            release.wait(10)
        try:
            result = real(opened, query, *args, **kwargs)
        except search_service.SearchCancelled:
            outcomes.append((query, "given up"))
            raise
        outcomes.append((query, "done"))
        return result

    monkeypatch.setattr(search_service, "search", slow_first)
    # Given the search of the first key typed is running on the worker
    qtbot.keyClicks(page.search, "r")
    qtbot.waitUntil(running.is_set, timeout=5_000)
    # When the educator types on before it has come back
    qtbot.keyClicks(page.search, "ossi")
    release.set()
    qtbot.waitUntil(lambda: names(page) == ["Luca Rossi"], timeout=5_000)
    wait_tasks()
    # Then that search gave up, and only the latest text was searched after it
    assert outcomes == [("r", "given up"), ("rossi", "done")]
    assert page.count_label.text() == "1 case"


def test_a_search_with_no_match_says_so(qtbot, page, three_cases, wait_tasks) -> None:
    shown(page, wait_tasks)
    qtbot.keyClicks(page.search, "zzzz")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5_000)
    wait_tasks()
    assert page.empty_label.isVisible()
    assert page.count_label.text() == "0 cases"


def test_ctrl_f_target_puts_the_cursor_in_the_search_box(qtbot, page, wait_tasks) -> None:
    shown(page, wait_tasks)
    page.activateWindow()
    page.table.setFocus()
    page.focus_search()
    qtbot.waitUntil(page.search.hasFocus, timeout=2_000)


# ---------------------------------------------------------------- filters


def test_filters_narrow_the_list(qtbot, page, three_cases, wait_tasks) -> None:
    shown(page, wait_tasks)
    # When the educator picks an ambito, only its cases remain
    choose(page.ambito_filter, "Valle Brembana")
    wait_tasks()
    assert names(page) == ["Luca Rossi"]
    # Back to all ambiti, then a service
    page.ambito_filter.setCurrentIndex(0)
    choose(page.service_filter, "Home educational support")
    wait_tasks()
    assert sorted(names(page)) == ["Ahmed Diallo", "Luca Rossi"]
    assert page.count_label.text() == "2 cases"
    # A status no case has
    choose(page.status_filter, "Closed")
    wait_tasks()
    assert names(page) == []
    page.status_filter.setCurrentIndex(0)
    page.service_filter.setCurrentIndex(0)
    # The operator who opened them is assigned to all three
    qtbot.waitUntil(lambda: page.operator_filter.count() > 1, timeout=5_000)
    choose(page.operator_filter, "Giulia Bianchi")
    wait_tasks()
    assert len(names(page)) == 3


# ---------------------------------------------------------------- paging


@pytest.fixture
def small_pages(monkeypatch) -> int:
    monkeypatch.setattr(cases_module, "PAGE_SIZE", 8)
    return 8


def twenty_cases(workspace: Any, wait_tasks: Any) -> None:
    given_cases(
        workspace,
        wait_tasks,
        *(
            {"ambito": "SER", "service": Service.TUTORING, "minor_name": f"Bimbo N{i:02d}"}
            for i in range(20)
        ),
    )


def test_scrolling_to_the_end_loads_the_next_page(
    qtbot, page, workspace, wait_tasks, small_pages
) -> None:
    # Given more cases than fit in one page, in a list shorter than a page
    page.resize(1100, 300)
    twenty_cases(workspace, wait_tasks)
    shown(page, wait_tasks)
    assert page.model.rowCount() == 8
    assert page.model.canFetchMore()
    assert page.count_label.text() == "20 cases"
    # When the educator scrolls to the bottom, the next rows arrive, until there are no more
    for expected in (16, 20):
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda expected=expected: page.model.rowCount() == expected, timeout=5_000)
        wait_tasks()
    assert not page.model.canFetchMore()
    assert len({row.id for row in page.model.rows}) == 20


def test_a_late_page_of_an_old_search_is_dropped(
    qtbot, page, workspace, wait_tasks, small_pages
) -> None:
    page.resize(1100, 300)
    twenty_cases(workspace, wait_tasks)
    shown(page, wait_tasks)
    # Given the next page was asked for, when the educator types before it arrives
    page.model.fetchMore()
    page.search.setText("N07")
    page.reload()
    wait_tasks()
    # Then the rows of the old list are not appended to the new one
    assert names(page) == ["Bimbo N07"]
    assert page.count_label.text() == "1 case"


# ---------------------------------------------------------------- opening a case


def test_double_click_and_enter_open_the_case(qtbot, page, three_cases, wait_tasks) -> None:
    shown(page, wait_tasks)
    row = names(page).index("Sara Bianchi")
    rect = page.table.visualRect(page.model.index(row, 1))
    with qtbot.waitSignal(page.caseOpened, timeout=2_000) as opened:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [page.model.rows[row].id]
    other = names(page).index("Luca Rossi")
    page.table.setCurrentIndex(page.model.index(other, 0))
    page.table.setFocus()
    with qtbot.waitSignal(page.caseOpened, timeout=2_000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.rows[other].id]


# ---------------------------------------------------------------- new case


def open_new_case_dialog(qtbot: Any, page: CasesPage) -> NewCaseDialog:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(NewCaseDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_new_case_dialog_creates_a_case_that_appears_in_the_list(
    qtbot, page, three_cases, wait_tasks
) -> None:
    shown(page, wait_tasks)
    # When the educator opens the dialog and fills it in
    dialog = open_new_case_dialog(qtbot, page)
    choose(dialog.ambito, "Valle Imagna e Villa d'Almè")
    choose(dialog.service, "Tutoring")
    qtbot.keyClicks(dialog.title_edit, "Sostegno scolastico")
    qtbot.keyClicks(dialog.first_name, "Maria Grazia")
    qtbot.keyClicks(dialog.last_name, "De Luca")
    with qtbot.waitSignal(page.caseOpened, timeout=5_000) as opened:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then the dialog closes, the case is listed (with a compound surname intact) and selected
    qtbot.waitUntil(lambda: page.findChild(NewCaseDialog) is None, timeout=2_000)
    assert "Maria Grazia De Luca" in names(page)
    assert page.count_label.text() == "4 cases"
    selected = page.model.row_at(page.table.currentIndex().row())
    assert selected is not None and selected.id == opened.args[0]
    assert selected.code.startswith("VIM-")


def test_an_invalid_codice_fiscale_is_shown_next_to_the_field_and_nothing_is_created(
    qtbot, page, three_cases, wait_tasks
) -> None:
    shown(page, wait_tasks)
    dialog = open_new_case_dialog(qtbot, page)
    qtbot.keyClicks(dialog.first_name, "Luca")
    qtbot.keyClicks(dialog.last_name, "Verdi")
    qtbot.keyClicks(dialog.tax_code, "vrdlcu15a01a794q")
    assert dialog.tax_code.text() == "VRDLCU15A01A794Q"  # typed in capitals
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then the message sits under the codice fiscale, the dialog stays open, nothing was written
    error = dialog.errors["tax_code"]
    assert error.isVisible()
    assert "Codice fiscale non valido" in error.text()
    assert "VRDLCU15A01A794Q" not in error.text()  # never the whole code on screen
    assert not dialog.general_error.isVisible()
    assert dialog.isVisible()
    counted: list[int] = []
    page.workspace.call(cases.count_cases, counted.append)
    wait_tasks()
    assert counted == [3]
    # And a missing surname is shown next to the surname
    dialog.tax_code.clear()
    dialog.last_name.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert dialog.errors["last_name"].isVisible()
    assert not dialog.errors["tax_code"].isVisible()
    dialog.reject()


# ---------------------------------------------------------------- model, visit mode, lock


def test_the_case_model_passes_qtmodeltester(
    qtmodeltester, three_cases, workspace, wait_tasks
) -> None:
    rows: list[Any] = []
    workspace.call(cases.list_cases, rows.extend)
    wait_tasks()
    model = CaseTableModel()
    requested: list[int] = []
    model.moreRequested.connect(requested.append)
    model.set_rows(rows[:2], has_more=True)
    qtmodeltester.check(model)
    model.fetchMore()
    model.append_rows(rows[2:], has_more=False)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.data(model.index(0, 0), CaseTableModel.CaseIdRole) == rows[0].id
    assert model.data(model.index(0, 0), CaseTableModel.RowRole) is rows[0]
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Child(ren)"


def test_visit_mode_hides_the_list_of_cases(qtbot, page, three_cases, wait_tasks) -> None:
    shown(page, wait_tasks)
    assert page.table.isVisible()
    # When visit mode is switched on, no case is on screen and the page says why
    page.set_visit_mode(True)
    assert not page.table.isVisible()
    assert not page.search.isVisible()
    assert page.visit_mode_label.isVisible()
    assert page.model.rowCount() == 0
    page.focus_search()
    assert not page.search.hasFocus()
    # And switched off, the list comes back
    page.set_visit_mode(False)
    wait_tasks()
    assert page.table.isVisible()
    assert page.model.rowCount() == 3


def test_locking_forgets_the_list_and_the_search(qtbot, page, three_cases, wait_tasks) -> None:
    shown(page, wait_tasks)
    qtbot.keyClicks(page.search, "Rossi")
    qtbot.waitUntil(lambda: names(page) == ["Luca Rossi"], timeout=5_000)
    page.clear()
    assert page.model.rowCount() == 0
    assert page.search.text() == ""
    assert page.count_label.text() == ""


def test_the_next_page_is_never_asked_for_twice(qtbot) -> None:
    model = CaseTableModel()
    requested: list[int] = []
    model.moreRequested.connect(requested.append)
    model.set_rows((), has_more=True)
    model.fetchMore()
    model.fetchMore()
    assert requested == [0]
    assert not model.canFetchMore()


# ---------------------------------------------------------------- the one search


def test_a_word_in_a_visit_note_finds_the_case_and_says_where(
    qtbot, page, workspace, three_cases, wait_tasks
) -> None:
    from minorifamiglie.services import visits

    sara = next(c for c in three_cases if c.code.startswith("BG-"))
    written: list[Any] = []
    workspace.write(
        lambda opened: visits.add_visit(
            opened,
            case=sara.code,
            date=dt.date(2026, 3, 12),
            start=dt.time(15),
            end=dt.time(16),
            notes="Abbiamo letto insieme il quaderno di grammatica.",
            today=dt.date(2026, 11, 24),
        ),
        written.append,
    )
    wait_tasks()
    shown(page, wait_tasks)
    assert page.table.isColumnHidden(CaseTableModel.FOUND_IN)
    qtbot.keyClicks(page.search, "quaderno")
    qtbot.waitUntil(lambda: names(page) == ["Sara Bianchi"], timeout=5_000)
    wait_tasks()
    assert not page.table.isColumnHidden(CaseTableModel.FOUND_IN)
    found = page.model.index(0, CaseTableModel.FOUND_IN)
    assert found.data().startswith("Visit note of 12/03/2026: ")
    assert "<b>quaderno</b>" in found.data(CaseTableModel.RichTextRole)
    # Down arrow from the search box goes into the results; Enter opens that visit
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() or page.table.currentIndex().row() == 0
    with qtbot.waitSignal(page.visitRequested, timeout=2_000) as requested:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert requested.args == [sara.id, written[0].id]


def test_names_are_found_without_accents_and_ranked(qtbot, page, workspace, wait_tasks) -> None:
    given_cases(
        workspace,
        wait_tasks,
        {"ambito": "VBR", "service": Service.ADM, "minor_name": "Nicolò Rota"},
        {"ambito": "VBR", "service": Service.ADM, "minor_name": "Zoë D'Angelo"},
    )
    shown(page, wait_tasks)
    qtbot.keyClicks(page.search, "nicolo")
    qtbot.waitUntil(lambda: names(page) == ["Nicolò Rota"], timeout=5_000)
    page.search.clear()
    qtbot.keyClicks(page.search, "zoe dangelo")
    qtbot.waitUntil(lambda: names(page) == ["Zoë D'Angelo"], timeout=5_000)
    wait_tasks()
    rich = page.model.index(0, CaseTableModel.FOUND_IN).data(CaseTableModel.RichTextRole)
    assert "<b>Zoë</b>" in rich and "<b>D&#x27;Angelo</b>" in rich
