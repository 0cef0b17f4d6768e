"""A write of profile.json killed half-way leaves its temporary copy in the profile folder, a
killed copy before an upgrade leaves its files in backup/; the next unlock removes them, and
nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from minorifamiglie.config import ProfilePaths
from minorifamiglie.services import backup, profiles
from support.profiles import PASSPHRASE

# A separate process killed while it rewrites profile.json: no finally block runs.
DYING_WRITE = """
import os, sys
from pathlib import Path
from minorifamiglie import portable

with portable.atomic_file(Path(sys.argv[1]) / "profile.json") as out:
    out.write(b'{"half": ')
    out.flush()
    os._exit(9)
"""


def aged(path: Path) -> Path:
    stamp = time.time() - 3600
    os.utime(path, (stamp, stamp))
    return path


def test_unlock_removes_what_killed_writes_left(profile_root: Path) -> None:
    # Given a rewrite of profile.json killed half-way, and a copy before an upgrade killed too
    killed = subprocess.run(
        [sys.executable, "-c", DYING_WRITE, str(profile_root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == 9, killed.stderr
    [temp] = [p for p in profile_root.iterdir() if p.name.startswith(".tmp-")]
    copies = profile_root / "backup"
    copies.mkdir()
    (copies / ".tmp-backup-ab12cd_9.db").write_bytes(b"ciphertext")
    aged(copies / ".tmp-backup-ab12cd_9.db")
    # And files that only look like leftovers
    kept = [".tmp-ab12cd34.part", ".tmp-ab12cd3", "tmp-ab12cd34", "appunti.txt"]
    for name in kept:
        (profile_root / name).write_bytes(b"x")
        aged(profile_root / name)
    before = {p.name for p in profile_root.iterdir()} - {temp.name}
    # When the profile is unlocked
    opened = profiles.unlock(profile_root, PASSPHRASE)
    opened.close()
    # Then the leftovers are gone and nothing else
    assert not temp.exists()
    assert list(copies.iterdir()) == []
    after = {p.name for p in profile_root.iterdir()}
    assert before <= after  # profile.json, the database, the look-alikes: all still there
    assert set(kept) <= after


def test_leftovers_written_after_the_unlock_began_are_left(profile_root: Path) -> None:
    temp = profile_root / ".tmp-n0wwr1te"
    temp.write_bytes(b"x")
    stamp = time.time() + 3600
    os.utime(temp, (stamp, stamp))
    assert backup.remove_profile_leftovers(ProfilePaths(profile_root)) == 0
    assert temp.exists()
