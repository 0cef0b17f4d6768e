"""Passaggio di consegne in the GUI: Giulia hands a case file over from its page, to a device of
her team, to a key pasted from the Ambito's social worker, or behind a passphrase; she sees what
will leave before it does and follows the progress. Imports go the other way: the file is
opened and checked, what would arrive is said, and only then imported."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pyrage
import pytest

from PySide6.QtCore import Qt

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction, MemberRole, Service
from minorifamiglie.services import attachments, audit_log, cases, dump, handoff, visits
from minorifamiglie.storage.repository import Repository
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.dialogs.handoff_export import (
    FORM,
    RUNNING,
    SUMMARY,
    HandoffExportDialog,
)
from minorifamiglie.ui.dialogs.handoff_import import HandoffImportDialog
from private_modes import is_private_file
from support.clock import TODAY

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def case(on_worker: Any) -> Any:
    """An ADM case with a mother, a signed visit, a draft and an attachment."""

    def scene(opened: Any) -> Any:
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota",
            opened_on=dt.date(2026, 9, 1), today=TODAY,
        )  # fmt: skip
        ref = str(case.id)
        cases.add_member(opened, ref, first_name="Anna", last_name="Rota", role=MemberRole.MOTHER)
        visits.add_visit(
            opened, case=ref, date=dt.date(2026, 11, 3), start=dt.time(15), end=dt.time(17),
            place="Domicilio", notes="Compiti e merenda.", close=True, today=TODAY,
        )  # fmt: skip
        visits.add_visit(
            opened, case=ref, date=dt.date(2026, 11, 10), start=dt.time(15), end=dt.time(16),
            place="Scuola", notes="Da completare.", today=TODAY,
        )  # fmt: skip
        attachments.add_attachment(
            opened, ref, filename="relazione.pdf", content=b"%PDF-1.4 relazione"
        )
        return case

    return on_worker(scene)


def export_dialog(qtbot: Any, workspace: Any, wait_tasks: Any, case_ids: list[Any]) -> Any:
    dialog = HandoffExportDialog(workspace, case_ids, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_tasks()
    return dialog


def click(qtbot: Any, button: Any) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_proposed_file_name_keeps_no_path_of_a_synced_code(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, case: Any
) -> None:
    # Given a case whose code a teammate's laptop synced with a path in it
    def recode(opened: Any) -> None:
        with opened.session() as session:
            Repository(session).update(e.Case, case.id, code="/../../Desktop/x:ads")

    on_worker(recode)
    dialog = export_dialog(qtbot, workspace, wait_tasks, [case.id])
    # Then the name proposed stays in the proposed folder, without ':' or '/'
    proposed = Path(dialog.file.text())
    assert proposed.parent == Path(file_dialogs.start_folder())
    assert proposed.name == "consegna-..-..-Desktop-x-ads-2026-11-24.age"


def test_export_to_a_pasted_key_says_what_leaves_then_writes_it(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, case: Any, tmp_path: Path
) -> None:
    key = pyrage.x25519.Identity.generate()
    dialog = export_dialog(qtbot, workspace, wait_tasks, [case.id])
    # Given the case already ticked, and a file name proposed without any name in it
    assert dialog.chosen_case_ids() == [str(case.id)]
    assert dialog.file.text().endswith(f"consegna-{case.code}-2026-11-24.age")
    assert dialog.key_radio.isChecked() and not dialog.team_radio.isEnabled()  # no team
    # When Giulia pastes the social worker's key, picks the file and goes on
    qtbot.keyClicks(dialog.key_edit, str(key.to_public()))
    target = tmp_path / "consegna.age"
    dialog.file.setText(str(target))
    click(qtbot, dialog.next_button)
    wait_tasks()
    # Then she reads what will leave, before anything is written
    assert dialog.pages.currentIndex() == SUMMARY, dialog.error.text()
    summary = dialog.summary.text()
    for expected in (case.code, "2 person(s)", "2 visit(s)", "1 still a draft", "1 attachment"):
        assert expected in summary, summary
    assert str(target) in summary
    assert not target.exists()
    # When she exports
    with qtbot.waitSignal(dialog.exported, timeout=15_000) as done:
        click(qtbot, dialog.export_button)
    wait_tasks()
    # Then the bar is full, the file opens with the key, and the export is in the history
    assert dialog.pages.currentIndex() == RUNNING
    assert dialog.progress.bar.value() == dialog.progress.bar.maximum() > 0
    assert done.args[0].path == target and is_private_file(target)
    archive = zipfile.ZipFile(io.BytesIO(pyrage.decrypt(target.read_bytes(), [key])))
    doc = json.loads(archive.read(f"cases/{case.id}/case.json"))
    assert len(doc["records"]["visits"]) == 2
    assert "age -d -i" in dialog.outcome.text()
    history = on_worker(lambda opened: audit_log.case_history(opened, str(case.id)))
    assert AuditAction.EXPORT in {row.action for row in history}
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_bad_choices_are_refused_in_one_line_and_nothing_is_written(
    qtbot: Any, workspace: Any, wait_tasks: Any, case: Any, tmp_path: Path
) -> None:
    dialog = export_dialog(qtbot, workspace, wait_tasks, [case.id])
    target = tmp_path / "consegna.age"
    dialog.file.setText(str(target))

    def refused(expected: str) -> None:
        click(qtbot, dialog.next_button)
        wait_tasks()
        assert dialog.pages.currentIndex() == FORM
        assert dialog.error.isVisible() and expected in dialog.error.text(), dialog.error.text()

    # A key that is not an age key (checked by age itself, on the worker)
    qtbot.keyClicks(dialog.key_edit, "age1nonvalida")
    refused("age")
    # Two passphrases that differ, then one too short
    dialog.passphrase_radio.setChecked(True)
    qtbot.keyClicks(dialog.passphrase, "mela verde lampione")
    qtbot.keyClicks(dialog.passphrase_again, "mela verde lampion")
    refused("differ")
    dialog.passphrase.setText("mela")
    dialog.passphrase_again.setText("mela")
    refused("almeno")
    # A file already there is not overwritten unless chosen in the file dialog
    dialog.passphrase.setText("mela verde lampione")
    dialog.passphrase_again.setText("mela verde lampione")
    target.write_bytes(b"non toccare")
    refused("already exists")
    # A folder that is not there (the stick was pulled out)
    dialog.file.setText(str(tmp_path / "chiavetta" / "consegna.age"))
    refused("does not exist")
    # No case ticked
    dialog.case_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    refused("at least one")
    assert target.read_bytes() == b"non toccare"
    assert sorted(p.name for p in tmp_path.glob("*.age")) == ["consegna.age"]


def test_the_recipient_is_picked_from_the_team_and_opens_with_that_laptops_key(
    qtbot: Any, workspace: Any, wait_tasks: Any, case: Any, team_of_two: Any, tmp_path: Path
) -> None:
    from minorifamiglie.services import handoff_import

    marco = team_of_two
    dialog = export_dialog(qtbot, workspace, wait_tasks, [case.id])
    # The team's other device is offered, and chosen by default
    assert dialog.team_radio.isChecked()
    assert dialog.team_combo.currentText() == "Marco Locatelli — portatile-marco"
    target = tmp_path / "per-marco.age"
    dialog.file.setText(str(target))
    click(qtbot, dialog.next_button)
    wait_tasks()
    assert "Marco Locatelli" in dialog.summary.text()
    with qtbot.waitSignal(dialog.exported, timeout=15_000):
        click(qtbot, dialog.export_button)
    wait_tasks()
    got = handoff_import.import_bundle(marco, target, device_key=True)
    assert got.case_ids == (case.id,)


def make_bundle(colleague: Any, tmp_path: Path, key: Any) -> tuple[Path, Any]:
    """Marco's case, handed over to Giulia's key."""
    case = cases.add_case(
        colleague, ambito="VIM", service=Service.TUTORING, minor_name="Sara Bonfanti",
        opened_on=dt.date(2026, 10, 1), today=TODAY,
    )  # fmt: skip
    visits.add_visit(
        colleague, case=str(case.id), date=dt.date(2026, 11, 5), start=dt.time(14),
        end=dt.time(16), place="Biblioteca", notes="Ripasso di storia.", close=True, today=TODAY,
    )  # fmt: skip
    target = tmp_path / "da-marco.age"
    handoff.export_cases(colleague, [str(case.id)], recipient=str(key.to_public()), target=target)
    return target, case


def import_dialog(qtbot: Any, workspace: Any, wait_tasks: Any) -> HandoffImportDialog:
    dialog = HandoffImportDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_tasks()
    return dialog


def test_import_checks_first_then_imports_and_twice_changes_nothing(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, colleague: Any, tmp_path: Path
) -> None:
    key = pyrage.x25519.Identity.generate()
    identity = tmp_path / "chiave.txt"
    identity.write_text(f"# public key: {key.to_public()}\n{key}\n", encoding="utf-8")
    bundle, case = make_bundle(colleague, tmp_path, key)
    dialog = import_dialog(qtbot, workspace, wait_tasks)
    # No team here: this computer has no key of its own to offer
    assert not dialog.device_radio.isEnabled() and dialog.identity_radio.isChecked()
    dialog.file.setText(str(bundle))
    dialog.identity.setText(str(identity))
    before = on_worker(dump.dump_json)
    # When she opens and checks it
    click(qtbot, dialog.check_button)
    wait_tasks()
    # Then she reads what it holds, and nothing is in yet
    assert case.code in dialog.summary.text(), dialog.error.text()
    assert "New on this computer: 1 case file(s), 1 person(s), 1 visit(s)" in dialog.summary.text()
    assert on_worker(dump.dump_json) == before
    # When she imports
    with qtbot.waitSignal(dialog.imported, timeout=15_000) as done:
        click(qtbot, dialog.import_button)
    wait_tasks()
    # Then the case is here with its id, and the bar is full
    assert done.args[0].case_ids == (case.id,)
    assert dialog.progress.bar.value() == dialog.progress.bar.maximum() > 0
    shown = on_worker(lambda opened: cases.show_case(opened, case.code, today=TODAY))
    assert shown.case.id == case.id
    # And a second time: nothing to import, the Import button stays off
    again = import_dialog(qtbot, workspace, wait_tasks)
    again.file.setText(str(bundle))
    again.identity.setText(str(identity))
    again.identity_radio.setChecked(True)
    after = on_worker(dump.dump_json)
    click(qtbot, again.check_button)
    wait_tasks()
    assert "nothing to import" in again.summary.text()
    assert not again.import_button.isEnabled()
    assert on_worker(dump.dump_json) == after


def test_a_damaged_or_foreign_file_is_refused_with_nothing_imported(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, colleague: Any, tmp_path: Path
) -> None:
    key = pyrage.x25519.Identity.generate()
    bundle, _case = make_bundle(colleague, tmp_path, key)
    damaged = tmp_path / "rovinato.age"
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    dialog = import_dialog(qtbot, workspace, wait_tasks)
    before = on_worker(dump.dump_json)
    for source, secret in ((damaged, "mela verde lampione"), (bundle, "un'altra frase")):
        dialog.file.setText(str(source))
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, secret)
        assert dialog.passphrase_radio.isChecked()
        click(qtbot, dialog.check_button)
        wait_tasks()
        assert dialog.error.isVisible()
        assert "Pacchetto non apribile" in dialog.error.text()
        assert not dialog.import_button.isVisible()
    # A file that is not there (the stick was pulled out) is said so, from the worker
    dialog.file.setText(str(tmp_path / "chiavetta" / "sparito.age"))
    click(qtbot, dialog.check_button)
    wait_tasks()
    assert "non raggiungibile" in dialog.error.text()
    assert on_worker(dump.dump_json) == before


def test_the_case_file_and_the_list_open_it_and_lock_closes_it(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, case: Any
) -> None:
    from minorifamiglie.services import profiles
    from minorifamiglie.ui.main_window import MainWindow

    main = MainWindow(workspace, on_worker(profiles.info), today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    main.after_unlock()
    wait_tasks()
    # From the case file: "Hand over…" with the case ticked
    main.open_case(case.id)
    qtbot.waitUntil(lambda: main.case_file.data is not None, timeout=10_000)
    wait_tasks()
    click(qtbot, main.case_file.header.hand_over_button)
    wait_tasks()
    dialog = main.handoff_dialog
    assert isinstance(dialog, HandoffExportDialog)
    assert dialog.chosen_case_ids() == [str(case.id)]
    # Visit mode closes it and hides the button
    main.visit_mode_action.setChecked(True)
    assert main.handoff_dialog is None
    assert not main.case_file.header.hand_over_button.isVisible()
    assert main.open_hand_over([case.id]) is None
    main.visit_mode_action.setChecked(False)
    # From the list: Import…, closed at lock
    main.show_page(main.cases_page)
    wait_tasks()
    click(qtbot, main.cases_page.import_button)
    wait_tasks()
    assert isinstance(main.handoff_dialog, HandoffImportDialog)
    main.before_lock()
    wait_tasks()
    assert main.handoff_dialog is None
