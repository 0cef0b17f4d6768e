"""Qt's file dialogs in Italian, opening where the educator last worked (or in Documents), and
the attachments' kinds in words (issue 13, point 7)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QFormLayout, QLabel

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ids import AttachmentId, CaseId
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.case_file.attachments import AttachmentTableModel, kind_label
from minorifamiglie.ui.path_field import PathField
from minorifamiglie.ui.printing.save_dialog import SaveFileDialog
from minorifamiglie.ui.tasks import file_tasks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_qt_file_dialog_speaks_italian(qtbot: Any, italian: None) -> None:
    dialog = QFileDialog(None, "Scegli")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert "&Cerca in:" in texts and "File di &tipo:" in texts
    assert not {t for t in texts if "Look in" in t or "Files of" in t}


def test_the_file_caption_of_the_save_dialog_is_a_mnemonic_not_a_literal(qtbot: Any) -> None:
    dialog = SaveFileDialog("Salva PDF", Path("/tmp/x.pdf"))
    qtbot.addWidget(dialog)
    form = dialog.findChild(QFormLayout)
    assert form is not None
    item = form.itemAt(0, QFormLayout.ItemRole.LabelRole)
    assert item is not None
    caption = item.widget()
    assert isinstance(caption, QLabel)
    assert caption.buddy() is dialog.path_edit  # "&File" shows as "File", Alt+F goes there


def opened(qtbot: Any, field: PathField) -> QFileDialog:
    """Click "Choose…": the chooser opens once its folder answered (off the Qt thread)."""
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.dialog is not None)
    assert field.dialog is not None
    return field.dialog


def test_choosers_start_in_documents_then_in_the_last_folder(qtbot: Any, tmp_path: Path) -> None:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = documents if Path(documents).is_dir() else str(Path.home())
    field = PathField("File", "Scegli il file", ["*.age"], save=False)
    qtbot.addWidget(field)
    dialog = opened(qtbot, field)
    assert Path(dialog.directory().absolutePath()) == Path(expected).resolve()
    dialog.reject()
    # What the check found serves the names proposed in fields, with nothing asked of the disk
    assert file_dialogs.start_folder() == expected
    assert file_dialogs.start_path("sintesi.pdf") == str(Path(expected) / "sintesi.pdf")
    # When a file is chosen in a folder, the next chooser opens there
    folder = tmp_path / "consegne"
    folder.mkdir()
    dialog = opened(qtbot, field)
    dialog.fileSelected.emit(str(folder / "consegna.age"))
    dialog.reject()
    assert file_dialogs.start_folder() == str(folder)
    field.setText("")
    again = opened(qtbot, field)
    assert Path(again.directory().absolutePath()) == folder.resolve()
    again.reject()
    assert file_dialogs.start_path("/altrove/x.pdf") == "/altrove/x.pdf"


def test_a_last_folder_that_is_gone_is_skipped(qtbot: Any, tmp_path: Path) -> None:
    # Given a last folder on a USB stick since pulled out
    stick = tmp_path / "chiavetta"
    stick.mkdir()
    file_dialogs.remember(str(stick / "consegna.age"))
    stick.rmdir()
    field = PathField("File", "Scegli il file", ["*.age"], save=False)
    qtbot.addWidget(field)
    # Then the chooser opens elsewhere, and the names proposed no longer point there
    dialog = opened(qtbot, field)
    assert Path(dialog.directory().absolutePath()) != stick
    dialog.reject()
    assert not file_dialogs.start_folder().startswith(str(stick))


def test_a_folder_that_does_not_answer_leaves_the_window_live(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a last folder on a network share that went away: asking about it hangs
    share = tmp_path / "condivisa"
    share.mkdir()
    file_dialogs.remember(str(share / "consegna.age"))
    asked, answer = threading.Event(), threading.Event()

    def hanging_is_dir(folder: str) -> bool:
        asked.set()
        answer.wait()
        return True

    monkeypatch.setattr(file_dialogs, "_is_dir", hanging_is_dir)
    field = PathField("File", "Scegli il file", ["*.age"], save=False)
    qtbot.addWidget(field)
    try:
        # When the educator clicks "Choose…", the click returns at once
        qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
        assert asked.wait(5)
        assert field.dialog is None and not field.button.isEnabled()
        pending = field.pending
        assert pending is not None and pending.pending
        # Then, the folder being slow, the button says what is going on
        pending.show_state()  # what the timers call, called rather than waited for
        assert field.button.text() == "Checking the folder…"
        # And the chooser opens at home when the folder does not answer in time
        pending.give_up()
        qtbot.waitUntil(lambda: field.dialog is not None)
        assert field.dialog is not None
        assert Path(field.dialog.directory().absolutePath()) == Path.home().resolve()
        assert field.button.isEnabled() and field.button.text() == "Choose…"
        field.dialog.reject()
    finally:
        answer.set()
    # A late answer changes nothing
    qtbot.waitUntil(lambda: not file_tasks().busy)
    assert field.dialog is None and field.button.text() == "Choose…"


def attachment(filename: str, media_type: str) -> e.Attachment:
    now = dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC)
    return e.Attachment(
        id=AttachmentId(uuid.uuid4()),
        created_at=now,
        updated_at=now,
        deleted_at=None,
        version_hlc="",
        origin_device=uuid.uuid4(),
        case_id=CaseId(uuid.uuid4()),
        visit_id=None,
        filename=filename,
        media_type=media_type,
        size=10,
        sha256="",
    )


def test_attachments_show_a_kind_an_educator_understands(qtbot: Any) -> None:
    assert kind_label("application/pdf", "decreto.pdf") == "PDF document"
    assert kind_label("image/jpeg", "foto.jpg") == "JPEG image"
    assert kind_label("application/msword", "relazione.doc") == "Word document"
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert kind_label(word, "relazione.docx") == "Word document"
    assert kind_label("application/vnd.ms-excel", "ore.xls") == "Spreadsheet"
    assert kind_label("text/plain", "note.txt") == "Text"
    assert kind_label("application/zip", "archivio.zip") == "ZIP"
    assert kind_label("application/octet-stream", "senza") == "File"
    model = AttachmentTableModel()
    model.set_rows((attachment("decreto.pdf", "application/pdf"),))
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "PDF document" in shown and "application/pdf" not in shown


def test_the_handoff_key_says_what_it_is_for(qtbot: Any, workspace: Any, wait_tasks: Any) -> None:
    from minorifamiglie.ui.dialogs.handoff_export import HandoffExportDialog

    dialog = HandoffExportDialog(workspace, [])
    qtbot.addWidget(dialog)
    wait_tasks()
    assert dialog.key_radio.text() == "The &encryption key of the recipient's device"
    assert "age" not in dialog.key_edit.accessibleName()


def test_a_dialog_closed_while_its_folder_is_checked_gets_no_answer(qtbot: Any) -> None:
    # Given a check pending for a button Qt made itself (a QDialogButtonBox's)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    answer = threading.Event()
    got: list[object] = []
    pending = file_dialogs.ask_files(button, answer.wait, got.append, got.append)
    assert pending.pending and not button.isEnabled()
    # When the dialog goes away before the folder answered
    shiboken6.delete(box)
    # Then neither the timers nor the late answer touch the button that is gone
    assert not pending.pending
    pending.show_state()
    pending.give_up()
    answer.set()
    qtbot.waitUntil(lambda: not file_tasks().busy)
    assert got == []


@pytest.mark.parametrize(
    ("made_of", "proposed"),
    [
        ("sintesi-VBR-2026-0007-K7Q.pdf", "sintesi-VBR-2026-0007-K7Q.pdf"),
        ("sintesi-/../../Desktop/x.pdf", "sintesi-..-..-Desktop-x.pdf"),
        ("sintesi-x:ads.pdf", "sintesi-x-ads.pdf"),
        ("sintesi-C:\\Users\\edu\\x.pdf", "sintesi-C-Users-edu-x.pdf"),
        ("sintesi-\u202egnp.exe", "sintesi-gnp.exe"),
        ("../.pdf", "pdf"),
        ("///", "documento"),
    ],
)
def test_a_proposed_file_name_keeps_no_path_of_the_code_it_names(
    made_of: str, proposed: str
) -> None:
    # A case code comes from the data: a teammate's laptop can sync one with '/' or ':'
    assert file_dialogs.safe_file_name(made_of) == proposed
    assert Path(file_dialogs.start_path(proposed)).name == proposed
