"""Write the golden backup of format v1: tests/data/backup-v1/profilo.mfbk.

    .venv/bin/python tests/data/make_golden_backup.py

Run it once, when a backup format version is introduced, and commit the file: the tests restore
every golden backup with the newest code, so a reader change that would refuse backups already
on USB sticks fails. It refuses to overwrite an existing folder; never regenerate an old one.

The backup is of a copy of the golden profile `profile-0004/` (the same synthetic story, the
same passphrase: `passphrase dorata di prova`, cheap Argon2id), so there is nothing new to keep
secret.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from minorifamiglie.services import backup, profiles

DATA = Path(__file__).parent
HERE = DATA / f"backup-v{backup.VERSION}"
SOURCE = DATA / "profile-0004"
PASSPHRASE = "passphrase dorata di prova"


def main() -> int:
    if HERE.exists():
        print(f"{HERE} exists already: never regenerate an old golden file", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "profilo"
        shutil.copytree(SOURCE, root)
        opened = profiles.unlock(root, PASSPHRASE)
        try:
            HERE.mkdir()
            backup.backup(opened, HERE / "profilo.mfbk")
        finally:
            opened.close()
    print(f"wrote {HERE / 'profilo.mfbk'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
