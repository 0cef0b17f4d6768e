"""A hand-off export killed mid-write leaves its `.tmp-XXXXXXXX.handoff-part` file beside the
target; the next export to that folder removes it, and nothing else (another program's temp
files, a part being written right now)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyrage

from minorifamiglie.services import handoff
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE

# Sealed to a recipient, not a passphrase: the leftovers are the subject, and age's scrypt
# costs seconds (rage sizes it to the machine) in each of the two exports.
RECIPIENT = str(pyrage.x25519.Identity.generate().to_public())
LONG_AGO = 1_000_000_000  # 2001: written before any export of this test began

# A real export in a new process that dies (os._exit, as kill -9 would leave it) at the moment
# the sealed file is written and about to be synced and renamed into place.
KILLED_EXPORT = """
import os, sys
from pathlib import Path
from minorifamiglie.services import handoff, profiles
opened = profiles.unlock(Path(sys.argv[1]), sys.argv[2])
os.fsync = lambda fd: os._exit(9)
handoff.export_cases(opened, [sys.argv[3]], recipient=sys.argv[4], target=Path(sys.argv[5]))
"""


def test_a_killed_export_leaves_a_part_the_next_export_removes(
    opened: OpenProfile, profile_root: Path, case_file: object, tmp_path: Path
) -> None:
    # Given an export to a folder killed while writing its file
    out = tmp_path / "chiavetta"
    out.mkdir()
    code = case_file.case.code  # type: ignore[attr-defined]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_EXPORT, str(profile_root), PASSPHRASE, code, RECIPIENT,
         str(out / "consegna.age")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert killed.returncode == 9, killed.stderr
    [part] = list(out.iterdir())
    assert handoff.LEFTOVERS.fullmatch(part.name)
    assert not (out / "consegna.age").exists()
    os.utime(part, (LONG_AGO, LONG_AGO))
    # ... beside another program's temp file of a similar name
    foreign = out / ".tmp-abcdefgh"
    foreign.write_bytes(b"altro programma")

    # When the next export to that folder runs
    handoff.export_cases(opened, [code], recipient=RECIPIENT, target=out / "consegna-2.age")

    # Then the killed export's part is gone, the other file and the new export are there
    assert sorted(p.name for p in out.iterdir()) == [".tmp-abcdefgh", "consegna-2.age"]


def test_a_part_being_written_now_is_left_alone(tmp_path: Path) -> None:
    # Given a part written after this removal began (another export writing it right now)
    part = tmp_path / ".tmp-k2j4x_9a.handoff-part"
    part.write_bytes(b"in corso")
    started = os.stat(part).st_mtime - 1

    # When leftovers are removed
    removed = handoff.remove_leftovers(tmp_path, started)

    # Then it stays
    assert removed == 0
    assert part.exists()
