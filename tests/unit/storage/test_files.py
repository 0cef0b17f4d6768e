"""Private modes of a profile's files while another process may be closing its database."""

from __future__ import annotations

from pathlib import Path

import pytest

from minorifamiglie import portable
from minorifamiglie.storage import files
from private_modes import POSIX_MODES, is_private_file


@POSIX_MODES
def test_a_file_another_process_removes_meanwhile_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "profilo"
    root.mkdir()
    (root / "cartelle.db").write_bytes(b"x")
    wal = root / "cartelle.db-wal"
    wal.write_bytes(b"x")
    real = portable.set_private

    def closing_elsewhere(path: Path) -> None:
        if path == wal:  # the other process's last connection closes: its -wal goes
            wal.unlink()
        real(path)

    monkeypatch.setattr(portable, "set_private", closing_elsewhere)
    files.tighten_modes(root)
    assert not wal.exists()
    assert is_private_file(root / "cartelle.db")
