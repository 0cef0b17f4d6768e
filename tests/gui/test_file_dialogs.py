"""Qt's file dialogs in Italian, opening where the educator last worked (or in Documents), and
the attachments' kinds in words (issue 13, point 7)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QFormLayout, QLabel

from minorifamiglie.domain import entities as e
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.case_file.attachments import AttachmentTableModel, kind_label
from minorifamiglie.ui.path_field import PathField
from minorifamiglie.ui.printing.save_dialog import SaveFileDialog

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
    caption = form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget()
    assert isinstance(caption, QLabel)
    assert caption.buddy() is dialog.path_edit  # "&File" shows as "File", Alt+F goes there


def test_choosers_start_in_documents_then_in_the_last_folder(qtbot: Any, tmp_path: Path) -> None:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = documents if Path(documents).is_dir() else str(Path.home())
    assert file_dialogs.start_folder() == expected
    assert file_dialogs.start_path("sintesi.pdf") == str(Path(expected) / "sintesi.pdf")
    field = PathField("File", "Scegli il file", ["*.age"], save=False)
    qtbot.addWidget(field)
    dialog = field.browse()
    assert Path(dialog.directory().absolutePath()) == Path(expected).resolve()
    dialog.reject()
    # When a file is chosen in a folder, the next chooser opens there
    folder = tmp_path / "consegne"
    folder.mkdir()
    dialog = field.browse()
    dialog.fileSelected.emit(str(folder / "consegna.age"))
    dialog.reject()
    assert file_dialogs.start_folder() == str(folder)
    again = field.browse()
    assert Path(again.directory().absolutePath()) == folder.resolve()
    again.reject()
    assert file_dialogs.start_path("/altrove/x.pdf") == "/altrove/x.pdf"


def attachment(filename: str, media_type: str) -> e.Attachment:
    now = dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC)
    return e.Attachment(
        id=uuid.uuid4(),
        created_at=now,
        updated_at=now,
        deleted_at=None,
        version_hlc="",
        origin_device=uuid.uuid4(),
        case_id=uuid.uuid4(),
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
