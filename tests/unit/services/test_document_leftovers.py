"""A document saved for the user (a printed PDF, a report's CSV files, an .odt relazione, a
saved attachment) is whole in a `.tmp-XXXXXXXX.documento-part` file beside its target before it
takes its name: a save killed there leaves a plaintext copy of a case in that folder, which the
next save into the folder removes, and nothing else (another program's temp files, a part being
written right now)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from minorifamiglie.storage.files import DOCUMENT_LEFTOVERS
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE

LONG_AGO = 1_000_000_000  # 2001: written before any save of this test began

# A real print of the case summary in a new process that dies (os._exit, as kill -9 or a power
# cut would leave it) once the PDF is whole in its temporary file, before the rename.
KILLED_PRINT = """
import os, sys
from pathlib import Path
from minorifamiglie.cli import main
os.fsync = lambda fd: os._exit(9)
main(["--profile", sys.argv[1], "print", "case", sys.argv[2], "-o", sys.argv[3]])
"""


def cli(profile_root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINORIFAMIGLIE_")}
    env["MINORIFAMIGLIE_PASSPHRASE"] = PASSPHRASE
    return subprocess.run(
        [sys.executable, *argv], env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_a_killed_print_leaves_a_part_the_next_save_there_removes(
    opened: OpenProfile, profile_root: Path, case_file: object, tmp_path: Path
) -> None:
    # Given a print of a case summary killed while its file was being written
    out = tmp_path / "Documenti"
    out.mkdir()
    code = case_file.case.code  # type: ignore[attr-defined]
    opened.close()  # the killed process and the next command open the profile themselves
    killed = cli(profile_root, "-c", KILLED_PRINT, str(profile_root), code, str(out / "a.pdf"))
    assert killed.returncode == 9, killed.stderr
    [part] = list(out.iterdir())
    assert DOCUMENT_LEFTOVERS.fullmatch(part.name)
    assert part.read_bytes().startswith(b"%PDF")  # the case in plain text, hidden by its dot
    os.utime(part, (LONG_AGO, LONG_AGO))
    # ... beside another program's temp file of a similar name
    foreign = out / ".tmp-abcdefgh"
    foreign.write_bytes(b"altro programma")

    # When the next document is saved into that folder (here the hours report's CSV files)
    done = cli(profile_root, "-m", "minorifamiglie", "--profile", str(profile_root), "report",
               "hours", "--month", "11/2026", "-o", str(out / "ore.csv"))  # fmt: skip
    assert done.returncode == 0, done.stderr

    # Then the killed print's copy is gone; the other file and the new documents are there
    assert ".tmp-abcdefgh" in {p.name for p in out.iterdir()}
    assert not [p for p in out.iterdir() if DOCUMENT_LEFTOVERS.fullmatch(p.name)]


def test_a_part_being_written_now_is_left_alone(tmp_path: Path) -> None:
    from minorifamiglie.storage.files import remove_stale_temp_files

    part = tmp_path / ".tmp-k2j4x_9a.documento-part"
    part.write_bytes(b"in corso")
    started = os.stat(part).st_mtime - 1
    assert remove_stale_temp_files(tmp_path, DOCUMENT_LEFTOVERS, started) == 0
    assert part.exists()
