"""A backup killed half-way leaves its temporary files in the destination folder; the next backup
into that folder (the scheduled one too) removes them, and nothing else: only regular files with
the application's own temporary names, last written before it began."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from minorifamiglie import portable
from minorifamiglie.services import backup
from minorifamiglie.storage.files import TEMP_NAME, remove_stale_temp_files
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE

HOUR = 3600.0

# A separate process that dies in the middle of writing the sealed file, as under kill -9: no
# finally block, no cleanup.
DYING_BACKUP = """
import os, sys
from pathlib import Path
from minorifamiglie.config import ProfilePaths
from minorifamiglie.services import backup

class Dying:
    def __init__(self, raw):
        self.raw = raw
    def write(self, data):
        self.raw.write(data[:16])
        self.raw.flush()
        os._exit(9)

key = bytes.fromhex(sys.stdin.readline().strip())
backup.seal(ProfilePaths(Path(sys.argv[1])), key, Path(sys.argv[2]), Dying)
"""


def ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if backup.LEFTOVERS.fullmatch(p.name))


def aged(path: Path, seconds: float, link: bool = False) -> Path:
    stamp = time.time() + seconds
    os.utime(path, (stamp, stamp), follow_symlinks=not link)
    return path


def test_the_next_backup_removes_what_a_killed_one_left(
    opened: OpenProfile, tmp_path: Path
) -> None:
    # Given a backup killed while writing to the stick
    stick = tmp_path / "chiavetta"
    stick.mkdir()
    killed = subprocess.run(
        [sys.executable, "-c", DYING_BACKUP, str(opened.paths.root), str(stick / "a.mfbk")],
        input=opened.master_key().hex() + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == 9, killed.stderr
    left = ours(stick)
    # (the sealed part; a snapshot `.db` too when the copy went through the backup API)
    assert any(n.endswith(".backup-part") for n in left)
    assert not (stick / "a.mfbk").exists()
    # When the next backup goes to the same folder
    info = backup.backup(opened, stick / "b.mfbk")
    # Then only its own file is there
    assert sorted(p.name for p in stick.iterdir()) == ["b.mfbk"]
    assert info.size == (stick / "b.mfbk").stat().st_size


def test_the_scheduled_backup_cleans_its_folder_too(opened: OpenProfile, tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    folder.mkdir()
    stale = folder / ".tmp-backup-k1ll3d_x.db"
    stale.write_bytes(b"ciphertext")
    aged(stale, -HOUR)
    info = backup.scheduled_backup(opened, folder, every_days=7, now=dt.datetime.now(dt.UTC))
    assert info is not None
    assert [p.name for p in folder.iterdir()] == [info.path.name]


def test_only_the_applications_own_stale_regular_files_are_removed(
    opened: OpenProfile, tmp_path: Path
) -> None:
    # Given a folder holding leftovers of killed backups, and things that only look like them
    folder = tmp_path / "destinazione"
    folder.mkdir()
    outside = tmp_path / "altrove.txt"
    outside.write_text("di qualcun altro")
    stale = [
        ".tmp-backup-ab12cd_9.db",
        ".tmp-backup-ab12cd_9.db-journal",
        ".tmp-x7y8z9w0.backup-part",
    ]
    kept = [
        ".tmp-ab12cd34",  # a generic temporary name: maybe another program's
        ".tmp-backup-ab12cd34.db.bak",
        ".tmp-backup-AB12CD34.db",
        ".tmp-backup-ab12cd3.db",
        "tmp-backup-ab12cd34.db",
        ".tmp-x7y8z9w0.backup-part.txt",
        "relazione.pdf",
    ]
    for name in stale + kept:
        (folder / name).write_bytes(b"x")
        aged(folder / name, -HOUR)
    fresh = folder / ".tmp-backup-n0wwr1te.db"  # another backup writing right now
    fresh.write_bytes(b"x")
    aged(fresh, +HOUR)
    (folder / ".tmp-backup-d1rector.db").mkdir()
    link = folder / ".tmp-backup-l1nk_to_.db"
    try:
        link.symlink_to(outside)
        aged(link, -HOUR, link=True)
        links = [link.name]
    except (OSError, NotImplementedError):  # Windows without the privilege to make links
        links = []
    # When a backup goes there
    backup.backup(opened, folder / "copia.mfbk")
    # Then the stale leftovers are gone and everything else is as it was
    names = sorted(p.name for p in folder.iterdir())
    expected = [
        *kept,
        fresh.name,
        ".tmp-backup-d1rector.db",
        *links,
        "copia.mfbk",
    ]
    assert names == sorted(expected)
    assert outside.read_text() == "di qualcun altro"


def test_the_temporary_name_matches_what_atomic_writes_make(tmp_path: Path) -> None:
    with portable.atomic_file(tmp_path / "f", suffix=backup.PART_SUFFIX) as out:
        out.write(b"x")
        [temp] = [p for p in tmp_path.iterdir() if p.name != "f"]
        assert re.fullmatch(TEMP_NAME + re.escape(backup.PART_SUFFIX), temp.name)
        assert backup.LEFTOVERS.fullmatch(temp.name)


def test_a_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert remove_stale_temp_files(tmp_path / "assente", backup.LEFTOVERS, time.time()) == 0


def test_a_restore_killed_half_way_does_not_block_the_next(
    opened: OpenProfile, tmp_path: Path
) -> None:
    # Given a backup, and a profile folder where a killed restore left its partial database
    # (under atomic_file's name; an older version's under a fixed one)
    source = backup.backup(opened, tmp_path / "copia.mfbk").path
    target = tmp_path / "nuovo"
    target.mkdir()
    partials = [target / f".tmp-k1ll3d_x{backup.RESTORE_SUFFIX}", target / ".tmp-restore.db"]
    for partial in partials:
        partial.write_bytes(b"ciphertext")
        aged(partial, -HOUR)
    # When the restore is run again, Then it completes
    restored = backup.restore(source, target, PASSPHRASE)
    assert restored.root == target
    assert not any(p.exists() for p in partials)
    assert not [p for p in target.iterdir() if p.name.startswith(".tmp-")]


def test_the_restore_temporary_name_matches_what_atomic_writes_make(tmp_path: Path) -> None:
    with portable.atomic_file(tmp_path / "f", suffix=backup.RESTORE_SUFFIX) as out:
        out.write(b"x")
        [temp] = [p for p in tmp_path.iterdir() if p.name != "f"]
        assert backup.RESTORE_LEFTOVERS.fullmatch(temp.name)
