"""Text a teammate's tampered laptop can sync (anything within its column's length) on the
educator's screens: nothing in it hides or reorders what is around it, its '&' makes no
keyboard shortcut, a word of thousands of letters never makes a window wider than a 1366-pixel
screen, and an attachment's name shows and is saved as what it really is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import MemberRole, Service
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import attachments, cases
from minorifamiglie.storage.repository import Repository
from minorifamiglie.ui.case_file.attachments import kind_label, savable_name
from minorifamiglie.ui.common import one_line, shown, unhidden, without_mnemonics
from minorifamiglie.ui.visit_editor.window import VisitEditorWindow
from support.window_size import SCREEN_WIDTH, settled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)
RLO = "\u202e"


def test_what_hides_or_reorders_is_shown_as_odd() -> None:
    assert unhidden(f"Ouazzani{RLO}") == "Ouazzani\ufffd"
    assert unhidden("VBR-2025-0007-RIG\u200b\u200b") == "VBR-2025-0007-RIG\ufffd\ufffd"
    assert unhidden("Anna\tRossi\nseconda riga") == "Anna\tRossi\nseconda riga"
    assert unhidden("Niccolò D'Angelo — Ștefan 😀") == "Niccolò D'Angelo — Ștefan 😀"
    assert shown("x" * 65) == "x" * 30 + "\u200b" + "x" * 30 + "\u200b" + "x" * 5
    assert shown("parole brevi come sempre") == "parole brevi come sempre"
    assert without_mnemonics("Casa & scuola") == "Casa && scuola"
    assert one_line(f"Anna\nRossi{RLO}") == "Anna Rossi\ufffd"  # a table's row has one line


def test_an_attachment_named_to_pass_for_a_pdf_shows_and_saves_as_what_it_is() -> None:
    spoof = f"relazione_{RLO}fdp.exe"
    assert savable_name(spoof) == "relazione_fdp.exe"
    assert savable_name("../../C:\\x|y?.pdf") == "Cxy.pdf"
    assert kind_label("application/pdf", spoof) == "EXE"  # the type its name really has
    assert kind_label("application/pdf", "relazione.pdf") == "PDF document"
    # and a name holding such characters is refused where it comes in
    with pytest.raises(ValidationError, match="caratteri invisibili o di controllo"):
        attachments.clean_filename(spoof)


def tampered_case(on_worker: Any) -> Any:
    """A case a teammate's laptop rewrote: its operator a word of 170 letters, its code 40 wide
    letters, a child's name ending in an unclosed U+202E, a mother '&Anna', a summary of one
    word of 6,000 letters."""

    def scene(opened: Any) -> Any:
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name=f"Luca Rota{RLO}",
            summary="S" * 6000, today=TODAY,
        )  # fmt: skip
        cases.add_member(opened, case.code, first_name="&Anna", last_name=f"Rota{RLO}",
                         role=MemberRole.MOTHER)  # fmt: skip
        with opened.session() as session:
            repo = Repository(session)
            operator_id = session.info["write_context"].operator_id
            repo.update(e.Operator, operator_id, name="C" * 170)
            repo.update(e.Case, case.id, code="W" * 40)  # the column's bound, wide letters
        return case

    return on_worker(scene)


def test_a_tampered_case_keeps_the_window_within_the_screen(
    qtbot: Any, main: Any, wait_tasks: Any, on_worker: Any
) -> None:
    case = tampered_case(on_worker)
    main.open_case(case.id)
    view = main.case_file
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    wait_tasks()
    hint = settled(main)
    assert hint.width() <= SCREEN_WIDTH, hint
    # the child's surname cannot turn the application's own words backwards
    assert RLO not in view.header.minors.text() and "\ufffd" in view.header.minors.text()


def test_the_visit_editor_of_a_tampered_case_fits_and_makes_no_shortcut(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    case = tampered_case(on_worker)
    editor = VisitEditorWindow(workspace, case.id, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    wait_tasks()
    assert editor.minimumSizeHint().width() <= SCREEN_WIDTH
    texts = [check.text() for check in editor.form.present_checks.values()]
    mother = next(t for t in texts if "Anna" in t)
    assert mother.startswith("&&Anna") and RLO not in mother  # '&' shown, not a shortcut
