"""Paths and settings: where profiles live, read from the environment once, at the edges."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "minorifamiglie"
ENV_PROFILE = "MINORIFAMIGLIE_PROFILE"
ENV_PASSPHRASE = "MINORIFAMIGLIE_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret
ENV_NEW_PASSPHRASE = "MINORIFAMIGLIE_NEW_PASSPHRASE"  # noqa: S105

PROFILE_FILE = "profile.json"
DATABASE_FILE = "cartelle.db"
LOCK_FILE = ".lock"  # empty; held by the open application (minorifamiglie.portable.lock)
# Where `restore` writes and checks a profile inside its target before moving it into place:
# found alone, a restore was killed there (services/backup.py).
RESTORE_STAGING = ".ripristino-in-corso"
BACKUP_FOLDER = "backup"  # copies written before a schema upgrade (docs/upgrades.md)
MIN_PASSPHRASE_LENGTH = 10


def default_profile_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "profilo"


def demo_profile_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "demo"


def resolve_profile_dir(cli_value: str | None, environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get(ENV_PROFILE):
        return Path(env[ENV_PROFILE]).expanduser()
    return default_profile_dir()


@dataclass(frozen=True, slots=True)
class ProfilePaths:
    root: Path

    @property
    def profile_json(self) -> Path:
        return self.root / PROFILE_FILE

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def backup_dir(self) -> Path:
        return self.root / BACKUP_FOLDER

    @property
    def lock(self) -> Path:
        return self.root / LOCK_FILE

    def all_files(self) -> list[Path]:
        """The profile's own files (profile.json, the database and its -wal/-shm), not the
        copies kept in `backup_dir`."""
        return sorted(p for p in self.root.iterdir() if p.is_file() and p.name != LOCK_FILE)
