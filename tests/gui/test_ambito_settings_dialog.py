"""Impostazioni dell'Ambito. The coordinator opens the dialog from the toolbar, picks Valle
Brembana, sees the settings in effect today (the defaults, at first), and sets new ones from the
first of the month: missed visits paid, a shorter wait for the PEI, the cooperative's name and
logo; the history lists them and the services read them. An educator sees the same, read-only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from minorifamiglie.domain.enums import Role
from minorifamiglie.services import ambito_settings, profiles
from minorifamiglie.ui.dialogs.ambito_settings import AmbitoSettingsDialog
from minorifamiglie.ui.main_window import MainWindow
from support.clock import TODAY
from support.profiles import ProfileCopies

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def role() -> Role:
    return Role.COORDINATOR


@pytest.fixture
def gui_profile(tmp_path: Path, role: Role, profile_copy: ProfileCopies) -> Path:
    return profile_copy(tmp_path / "profilo", "Anna Ferrari", role, "portatile")


@pytest.fixture
def main_window(qtbot, workspace, on_worker, wait_tasks) -> Iterator[MainWindow]:
    main = MainWindow(workspace, on_worker(profiles.info), today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.before_lock()
    wait_tasks()


def opened_dialog(main: MainWindow, wait_tasks: Any) -> AmbitoSettingsDialog:
    main.ambito_action.trigger()
    dialog = main.ambito_dialog
    assert isinstance(dialog, AmbitoSettingsDialog)
    wait_tasks()
    return dialog


def choose(dialog: AmbitoSettingsDialog, code: str, wait_tasks: Any) -> None:
    dialog.ambito.setCurrentIndex(dialog.ambito.findData(code))
    wait_tasks()
    assert dialog.view is not None and dialog.view.current.ambito_code == code


def logo_file(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    out = io.BytesIO()
    Image.new("RGB", (90, 30), "#2f6690").save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def test_the_coordinator_sets_new_settings_from_a_day(
    qtbot: Any,
    main_window: MainWindow,
    wait_tasks: Any,
    on_worker: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the dialog opened from the toolbar, on Valle Brembana
    dialog = opened_dialog(main_window, wait_tasks)
    choose(dialog, "VBR", wait_tasks)
    # Then it shows the defaults, and the form can be used
    assert dialog.current_since.text() == "Default settings (none set for this Ambito)"
    assert dialog.current_missed.text() == "no"
    assert dialog.current_pei.text() == "60 days"
    assert dialog.history.rowCount() == 0
    assert dialog.save_button.isEnabled() and not dialog.read_only_note.isVisibleTo(dialog)

    # When the coordinator sets them from 1 November: missed visits paid, PEI after 45 days,
    # the cooperative's name and a logo chosen from a file
    dialog.valid_from.set_text("01/11/2026")
    dialog.count_missed.setChecked(True)
    dialog.pei_days.setValue(45)
    dialog.cooperative.setText("Cooperativa Sociale Il Pugno Aperto")
    chosen = logo_file(tmp_path)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    qtbot.mouseClick(dialog.choose_logo, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert dialog.logo_preview.pixmap() is not None and not dialog.logo_preview.pixmap().isNull()
    assert set(dialog.changes()) == {
        "count_missed",
        "missing_pei_after_days",
        "cooperative_name",
        "logo",
    }
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then they are in effect today, listed in the history and read by the services
    assert dialog.error.isHidden(), dialog.error.text()
    assert dialog.status.text() == "Saved: the new settings are in effect from 01/11/2026."
    assert dialog.current_since.text() == "01/11/2026"
    assert dialog.current_missed.text() == "yes"
    assert dialog.current_cooperative.text() == "Cooperativa Sociale Il Pugno Aperto"
    assert dialog.current_logo.pixmap() is not None and not dialog.current_logo.pixmap().isNull()
    assert dialog.history.rowCount() == 1
    cells = [dialog.history.item(0, c) for c in (0, 1, 5, 6, 7)]
    assert [cell.text() if cell is not None else None for cell in cells] == [
        "01/11/2026",
        "yes",
        "45",
        "Cooperativa Sociale Il Pugno Aperto",
        "Anna Ferrari",
    ]
    found = on_worker(lambda opened: ambito_settings.settings_on(opened, "VBR", TODAY))
    assert found.hours.count_missed and found.deadlines.missing_pei_after_days == 45
    assert found.hours.count_phone_calls  # not changed: carried
    assert found.logo == chosen.read_bytes()
    before = on_worker(
        lambda opened: ambito_settings.settings_on(opened, "VBR", dt.date(2026, 10, 31))
    )
    assert before.valid_from is None

    # And another Ambito is untouched; locking closes the dialog
    choose(dialog, "BG", wait_tasks)
    assert dialog.history.rowCount() == 0
    main_window.before_lock()
    assert main_window.ambito_dialog is None


def test_a_file_that_is_not_a_logo_is_refused_beside_it(
    qtbot: Any, main_window: MainWindow, wait_tasks: Any, tmp_path: Path
) -> None:
    dialog = opened_dialog(main_window, wait_tasks)
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a" + b"\0" * 32)
    dialog.load_logo(fake)
    wait_tasks()
    assert dialog.logo_error.isVisibleTo(dialog)
    assert dialog.logo_error.text() == "Il logo deve essere un'immagine PNG o JPEG"
    assert "logo" not in dialog.changes()
    # Nothing changed: saving says so and writes nothing
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    assert dialog.error.text() == "Change at least one setting first."
    assert dialog.history.rowCount() == 0


@pytest.mark.parametrize("role", [Role.EDUCATOR])
def test_an_educator_reads_them_but_cannot_change_them(
    main_window: MainWindow, wait_tasks: Any
) -> None:
    dialog = opened_dialog(main_window, wait_tasks)
    choose(dialog, "VBR", wait_tasks)
    assert dialog.current_pei.text() == "60 days"
    assert dialog.read_only_note.isVisibleTo(dialog)
    for widget in (dialog.save_button, dialog.count_missed, dialog.choose_logo, dialog.valid_from):
        assert not widget.isEnabled()
