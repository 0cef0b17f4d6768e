"""The GUI entry draws the unlock screen before it imports the database layers, the demo
generator or the migrations: what sys.modules holds at the moment the unlock screen is first
painted, in a new process running the real `gui` command under the offscreen platform."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from minorifamiglie.domain.enums import Role
from support.profiles import ProfileCopies

# The real command line entry; the first paint of the unlock screen writes the module list and
# ends the process (nothing else is changed).
WRAPPER = """
import json, os, sys
from minorifamiglie.ui.unlock import UnlockWindow
original = UnlockWindow.paintEvent
def paint(self, event):
    original(self, event)
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
    os._exit(0)
UnlockWindow.paintEvent = paint
from minorifamiglie import cli
sys.exit(cli.main(sys.argv[2:]))
"""

NOT_BEFORE_UNLOCK = {
    "sqlalchemy",
    "sqlcipher3",
    "alembic",
    "mako",
    "faker",
    "holidays",
    "reportlab",
    "pyrage",
}
OWN_NOT_BEFORE_UNLOCK = {
    "minorifamiglie.devdemo",
    "minorifamiglie.services.demo",
    "minorifamiglie.services.profiles",
    "minorifamiglie.storage.models",
    "minorifamiglie.storage.migrate",
    "importlib.metadata",  # the version: read when the About box asks for it
}


def test_the_unlock_screen_is_drawn_before_the_heavy_imports(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # Given a profile
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    dump = tmp_path / "modules.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}

    # When the gui command starts in a new process and draws its unlock screen
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(dump), "--profile", str(root), "gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Then at that moment none of the database, demo or document libraries was imported
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(dump.read_text(encoding="utf-8")))
    assert "minorifamiglie.ui.unlock" in modules
    assert not {name.split(".")[0] for name in modules} & NOT_BEFORE_UNLOCK
    assert not modules & OWN_NOT_BEFORE_UNLOCK
