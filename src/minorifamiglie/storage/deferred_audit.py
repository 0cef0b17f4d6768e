"""Audit events that could not reach the database before the profile was closed (another
process kept it busy past the busy timeout), kept sealed beside it until a later write.

Each close that finds the profile busy seals its events in a file of its own,
`audit-pending-<32 hex>.bin`, written whole under a new random name (a private temporary file,
then a rename): sealing never reads or replaces another file, so it needs no lock and loses
nothing when another process reads or removes the files that were there before. The first write
transaction of any process on the profile (storage/profile.py, `OpenProfile.session`) appends
the events of every such file and records the file names in the same transaction; the files are
removed after the commit. The database's write lock serialises those transactions, and a name
recorded there is never written again, so each file's events are written exactly once even when
a crash or a file another program keeps open (Windows) leaves the file behind after the commit.

A file: magic, a random nonce, then AES-256-GCM under a key derived from the master key
(HKDF-SHA256, its own label) of the events as canonical JSON: action, time, entity and ids,
counts. Nothing readable without the key; a damaged file is removed with a warning (its events
cannot be recovered), never trusted. `audit-pending.bin`, the single file of earlier versions
(same content), is read the same way."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from minorifamiglie.portable import atomic_file

FILE_NAME = "audit-pending.bin"  # earlier versions: one file, rewritten at every seal
PREFIX = "audit-pending-"
SUFFIX = ".bin"
NAME = re.compile(r"audit-pending(?:-[0-9a-f]{32})?\.bin")
# A sealing killed before its rename leaves `.tmp-XXXXXXXX.audit-pending` (ciphertext): removed
# by a later taker once it is older than any sealing could take.
TEMP_SUFFIX = ".audit-pending"
_TEMP = re.compile(r"\.tmp-[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
STALE_TEMP_SECONDS = 600
MAGIC = b"MFDA1"
MAX_BYTES = 256 * 1024  # a few thousand events at most; anything larger is not ours
_NONCE = 12

log = logging.getLogger(__name__)


def _key(master_key: bytes) -> bytes:
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"minorifamiglie deferred audit")
    return hkdf.derive(master_key)


def save(root: Path, master_key: bytes, events: list[dict[str, Any]]) -> Path | None:
    """Seal `events` in a new file of their own (whole or not at all, 0600); its path, None
    when there is nothing to seal."""
    if not events:
        return None
    plain = json.dumps(events, sort_keys=True, separators=(",", ":")).encode()
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(_key(master_key)).encrypt(nonce, plain, MAGIC)
    path = root / f"{PREFIX}{os.urandom(16).hex()}{SUFFIX}"
    with atomic_file(path, suffix=TEMP_SUFFIX) as out:  # a random name: nothing replaced
        out.write(MAGIC + nonce + sealed)
    return path


def names(root: Path) -> list[str]:
    """The sealed files waiting beside the database, oldest first (a scan of the folder:
    cheap enough for every write transaction)."""
    found: list[tuple[int, str]] = []
    try:
        with os.scandir(root) as entries:
            for entry in entries:
                if NAME.fullmatch(entry.name):
                    with contextlib.suppress(OSError):
                        found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
    except OSError:
        return []
    return [name for _, name in sorted(found)]


def load_file(root: Path, name: str, master_key: bytes) -> list[dict[str, Any]]:
    """The events sealed in `name`, oldest first; [] when it is gone or damaged (a warning:
    its events cannot be recovered; the caller removes it with the others)."""
    try:
        with (root / name).open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return []
    try:
        if len(data) > MAX_BYTES or not data.startswith(MAGIC):
            raise ValueError("not a deferred audit file")
        nonce, sealed = data[len(MAGIC) : len(MAGIC) + _NONCE], data[len(MAGIC) + _NONCE :]
        events = json.loads(AESGCM(_key(master_key)).decrypt(nonce, sealed, MAGIC))
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise ValueError("not a list of events")
    except (ValueError, InvalidTag, RecursionError):
        log.warning("deferred audit events unreadable: file removed")
        return []
    return events


def load(root: Path, master_key: bytes) -> list[dict[str, Any]]:
    """Every sealed event waiting, oldest file first (for tests and inspection)."""
    return [event for name in names(root) for event in load_file(root, name, master_key)]


def remove(root: Path, taken: list[str], now: float | None = None) -> None:
    """Remove the files whose events are committed; one that cannot go now (another program
    has it open) stays, and is recognised as written by the next taker. Also what killed
    sealings left, once old enough."""
    for name in taken:
        with contextlib.suppress(OSError):
            (root / name).unlink(missing_ok=True)
    before = (time.time() if now is None else now) - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            if _TEMP.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if entry.is_file(follow_symlinks=False) and info.st_mtime < before:
                        os.unlink(entry.path)
