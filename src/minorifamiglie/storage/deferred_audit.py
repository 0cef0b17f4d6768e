"""Audit events that could not reach the database before the profile was closed (another
process kept it busy past the busy timeout), kept sealed beside it until the next unlock.

`audit-pending.bin`: magic, a random nonce, then AES-256-GCM under a key derived from the
master key (HKDF-SHA256, its own label) of the events as canonical JSON: action, time, entity
and ids, counts. Nothing readable without the key; a damaged file is removed with a warning
(its events cannot be recovered), never trusted."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from minorifamiglie.portable import write_atomic

FILE_NAME = "audit-pending.bin"
MAGIC = b"MFDA1"
MAX_BYTES = 256 * 1024  # a few thousand events at most; anything larger is not ours
_NONCE = 12

log = logging.getLogger(__name__)


def _key(master_key: bytes) -> bytes:
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"minorifamiglie deferred audit")
    return hkdf.derive(master_key)


def save(root: Path, master_key: bytes, events: list[dict[str, Any]]) -> None:
    """Add `events` to those already saved (atomically, 0600)."""
    every = [*load(root, master_key), *events]
    plain = json.dumps(every, sort_keys=True, separators=(",", ":")).encode()
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(_key(master_key)).encrypt(nonce, plain, MAGIC)
    write_atomic(root / FILE_NAME, MAGIC + nonce + sealed)


def load(root: Path, master_key: bytes) -> list[dict[str, Any]]:
    """The saved events, oldest first; [] when there are none or the file is damaged."""
    path = root / FILE_NAME
    try:
        with path.open("rb") as fh:
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
        remove(root)
        return []
    return events


def remove(root: Path) -> None:
    (root / FILE_NAME).unlink(missing_ok=True)
