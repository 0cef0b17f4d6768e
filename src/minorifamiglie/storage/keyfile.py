"""profile.json: the master key wrapped by an Argon2id-derived key, and nothing personal.

The 256-bit master key keys SQLCipher directly. The passphrase only unwraps it, so changing the
passphrase rewraps 32 bytes and never rewrites the database. The wrapping is AES-256-GCM with the
file's format, device and KDF parameters as associated data, so none of them can be swapped.

Optionally the same master key is also an age file encrypted to the team's recovery recipient
(the coordinator keeps the identity off the laptop): `recovery` in profile.json, readable with
the `age` command-line tool and that identity only (docs/recovery.md).
"""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from uuid import UUID

import pyrage
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from minorifamiglie.domain.errors import NewerProfileError, ProfileError, WrongPassphraseError
from minorifamiglie.storage.files import atomic_write

FORMAT = "minorifamiglie-profile"
FORMAT_VERSION = 1
MASTER_KEY_BYTES = 32
RECOVERY_FORMAT = "age-x25519"
RECOVERY_VERSION = 1


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id, RFC 9106 style; about 0.25 s on a 2-core laptop, well inside the 1 s unlock."""

    time_cost: int = 3
    memory_cost_kib: int = 128 * 1024
    parallelism: int = 2
    salt: bytes = b""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": "argon2id",
            "version": 19,
            "time_cost": self.time_cost,
            "memory_cost_kib": self.memory_cost_kib,
            "parallelism": self.parallelism,
            "salt": _b64(self.salt),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        # The version is not in the derivation's inputs: refuse rather than ignore another one.
        if data.get("name") != "argon2id" or data.get("version") != 19:
            raise ProfileError("profile.json: funzione di derivazione della chiave sconosciuta")
        return cls(
            int(data["time_cost"]),
            int(data["memory_cost_kib"]),
            int(data["parallelism"]),
            _unb64(data["salt"]),
        )

    def derive(self, passphrase: str) -> bytes:
        return hash_secret_raw(
            passphrase.encode("utf-8"),
            self.salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )


@dataclass(frozen=True, slots=True)
class FailedUnlocks:
    count: int = 0
    last_at: float = 0.0


@dataclass(frozen=True, slots=True)
class RecoveryWrap:
    """The master key as an age file to the recovery recipient: base64 in profile.json."""

    recipient: str
    age_file: bytes

    @classmethod
    def create(cls, master_key: bytes, recipient: str) -> RecoveryWrap:
        try:
            parsed = pyrage.x25519.Recipient.from_str(recipient)
        except pyrage.RecipientError:
            raise ProfileError("Destinatario di recupero non valido") from None
        return cls(recipient, pyrage.encrypt(master_key, [parsed]))

    def unwrap(self, identity: pyrage.x25519.Identity) -> bytes:
        try:
            key = pyrage.decrypt(self.age_file, [identity])
        except pyrage.DecryptError:
            raise WrongPassphraseError(
                "L'identità di recupero indicata non apre questo profilo"
            ) from None
        if len(key) != MASTER_KEY_BYTES:
            raise ProfileError("profile.json è danneggiato")
        return key

    def to_json(self) -> dict[str, Any]:
        return {
            "format": RECOVERY_FORMAT,
            "version": RECOVERY_VERSION,
            "recipient": self.recipient,
            "age_file": _b64(self.age_file),
        }

    @classmethod
    def from_json(cls, data: Any) -> RecoveryWrap | None:
        if data is None:
            return None
        if data.get("format") != RECOVERY_FORMAT or data.get("version") != RECOVERY_VERSION:
            raise ProfileError("profile.json: formato del recupero non supportato")
        return cls(str(data["recipient"]), _unb64(data["age_file"]))


@dataclass(frozen=True, slots=True)
class KeyFile:
    device_id: UUID
    kdf: KdfParams
    nonce: bytes
    wrapped_key: bytes
    failed: FailedUnlocks = field(default_factory=FailedUnlocks)
    recovery: RecoveryWrap | None = None

    def associated_data(self) -> bytes:
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "device_id": str(self.device_id),
            "kdf": self.kdf.to_json(),
        }
        return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "device_id": str(self.device_id),
            "kdf": self.kdf.to_json(),
            "master_key": {
                "aead": "aes-256-gcm",
                "nonce": _b64(self.nonce),
                "ciphertext": _b64(self.wrapped_key),
            },
            "recovery": None if self.recovery is None else self.recovery.to_json(),
            "failed_unlocks": {"count": self.failed.count, "last_at": self.failed.last_at},
        }
        return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyFile:
        try:
            doc = json.loads(raw)
            if doc.get("format") != FORMAT:
                raise ProfileError("profile.json non è il file di un profilo Minori e Famiglie")
            version = doc.get("version")
            if isinstance(version, int) and version > FORMAT_VERSION:
                raise NewerProfileError  # written by a newer version: refuse, change nothing
            if version != FORMAT_VERSION:
                raise ProfileError("profile.json: versione del formato non supportata")
            mk = doc["master_key"]
            failed = doc.get("failed_unlocks") or {}
            return cls(
                device_id=UUID(doc["device_id"]),
                kdf=KdfParams.from_json(doc["kdf"]),
                nonce=_unb64(mk["nonce"]),
                wrapped_key=_unb64(mk["ciphertext"]),
                failed=FailedUnlocks(int(failed.get("count", 0)), float(failed.get("last_at", 0))),
                recovery=RecoveryWrap.from_json(doc.get("recovery")),
            )
        except ProfileError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ProfileError("profile.json è danneggiato") from None

    @classmethod
    def create(
        cls, device_id: UUID, passphrase: str, master_key: bytes, kdf: KdfParams | None = None
    ) -> KeyFile:
        params = replace(kdf or KdfParams(), salt=os.urandom(16))
        shell = cls(device_id, params, b"", b"")
        return shell.rewrap(master_key, passphrase)

    def rewrap(self, master_key: bytes, new_passphrase: str) -> KeyFile:
        """The same master key under a new passphrase: fresh salt and nonce."""
        kdf = replace(self.kdf, salt=os.urandom(16))
        shell = replace(self, kdf=kdf, nonce=os.urandom(12), wrapped_key=b"")
        wrapped = AESGCM(kdf.derive(new_passphrase)).encrypt(
            shell.nonce, master_key, shell.associated_data()
        )
        return replace(shell, wrapped_key=wrapped, failed=FailedUnlocks())

    def with_recovery(self, master_key: bytes, recipient: str) -> KeyFile:
        """The same file with the master key also wrapped to the team's recovery recipient."""
        return replace(self, recovery=RecoveryWrap.create(master_key, recipient))

    def unwrap(self, passphrase: str) -> bytes:
        try:
            key = AESGCM(self.kdf.derive(passphrase)).decrypt(
                self.nonce, self.wrapped_key, self.associated_data()
            )
        except InvalidTag:
            raise WrongPassphraseError("Passphrase errata") from None
        if len(key) != MASTER_KEY_BYTES:
            raise ProfileError("profile.json è danneggiato")
        return key


def unlock_delay(failures: int) -> float:
    """Seconds to wait before the next attempt: 0, then 1, 2, 4 … up to 5 minutes."""
    if failures <= 0:
        return 0.0
    return float(min(2 ** (failures - 1), 300))


def read_keyfile(path: Path) -> KeyFile:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProfileError(f"Nessun profilo in {path.parent}: crearlo con 'init'") from None
    return KeyFile.from_bytes(raw)


def write_keyfile(path: Path, keyfile: KeyFile) -> None:
    atomic_write(path, keyfile.to_bytes())


def remaining_wait(keyfile: KeyFile, now: float | None = None) -> float:
    now = time.time() if now is None else now
    delay = unlock_delay(keyfile.failed.count)
    # Never more than the delay itself: a failure stamped by a clock that was ahead (and has
    # since been corrected) must not lock the profile for days.
    return min(delay, max(0.0, keyfile.failed.last_at + delay - now))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
