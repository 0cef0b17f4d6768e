"""The Windows installer script, checked where it can be on Linux: it compiles with NSIS's
makensis (warnings are errors) against a stand-in build, and it keeps its promises: per-user
with no administrator rights, and nothing deleted outside the program's own folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "windows" / "installer.nsi"
TEXT = SCRIPT.read_text(encoding="utf-8")


def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("makensis is missing: .ci/run installs the nsis package")
        pytest.skip("makensis not installed (apt install nsis)")
    return found


def test_it_compiles_into_an_installer_holding_the_build(tmp_path: Path) -> None:
    build = tmp_path / "dist" / "minorifamiglie"
    (build / "_internal").mkdir(parents=True)
    (build / "minorifamiglie.exe").write_bytes(b"MZ stand-in")
    (build / "minorifamiglie-cli.exe").write_bytes(b"MZ stand-in")
    (build / "_internal" / "python311.dll").write_bytes(os.urandom(4096))
    out = tmp_path / "minorifamiglie-0.1.0-windows-x64-setup.exe"
    done = subprocess.run(
        [makensis(), "-V2", "-WX", "-DVERSION=0.1.0", f"-DDIST={build}", f"-DOUTFILE={out}",
         str(SCRIPT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    data = out.read_bytes()
    assert data[:2] == b"MZ"  # a Windows executable
    assert b"Nullsoft" in data or b"NSIS" in data


def test_a_missing_version_stops_the_build(tmp_path: Path) -> None:
    done = subprocess.run(
        [makensis(), "-V1", f"-DDIST={tmp_path}", str(SCRIPT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "VERSION is required" in done.stdout + done.stderr


def test_it_installs_per_user_without_administrator_rights() -> None:
    assert re.search(r"^RequestExecutionLevel user$", TEXT, re.MULTILINE)
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\' in TEXT
    assert "HKLM" not in TEXT  # the uninstall entry is the user's own (HKCU)
    assert "$PROGRAMFILES" not in TEXT


def _uninstall_section() -> str:
    return TEXT[TEXT.index('Section "Uninstall"') :]


def test_the_uninstaller_removes_only_the_program_never_the_profiles() -> None:
    uninstall = _uninstall_section()
    removed = re.findall(r"^\s*(?:RMDir(?: /r)?|Delete)\s+\"([^\"]+)\"", uninstall, re.MULTILINE)
    assert removed, "nothing removed?"
    for target in removed:
        assert target.startswith(("$INSTDIR", "$SMPROGRAMS\\${APP_NAME}")), target
    # Only the program's own folder of libraries is removed recursively.
    assert re.findall(r"RMDir /r \"([^\"]+)\"", uninstall) == ["$INSTDIR\\_internal"]
    # It refuses a folder that is not the program's, or that holds a profile.
    guard = uninstall.index('IfFileExists "$INSTDIR\\${APP_EXE}" 0 done')
    assert guard < uninstall.index("RMDir /r")
    assert uninstall.index('IfFileExists "$INSTDIR\\profile.json" done') < uninstall.index("RMDir")


def test_the_profiles_folder_appears_only_in_what_the_user_is_told() -> None:
    data_folder = re.compile(r"(\$LOCALAPPDATA|%LOCALAPPDATA%)\\minorifamiglie")
    mentions = [line for line in TEXT.splitlines() if data_folder.search(line)]
    assert mentions
    for line in mentions:
        assert line.lstrip().startswith((";", "LangString ProfilesKept")), line
