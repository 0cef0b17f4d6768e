"""profile.json: the master key wrapped by an Argon2id-derived key, and nothing personal.

The 256-bit master key keys SQLCipher directly. The passphrase only unwraps it, so changing the
passphrase rewraps 32 bytes and never rewrites the database. The wrapping is AES-256-GCM with the
file's format, device and KDF parameters as associated data, so none of them can be swapped.

Optionally the same master key is also an age file encrypted to the team's recovery recipient
(the coordinator keeps the identity off the laptop): `recovery` in profile.json, readable with
the `age` command-line tool and that identity only (docs/recovery.md).

profile.json is hostile input (anyone who can write the folder can edit it): it is read only
up to MAX_PROFILE_JSON bytes and every field is checked before use. The Argon2id parameters
are accepted within KDF_BOUNDS only (time cost 1-20 passes, memory 8 MiB-2 GiB in KiB,
parallelism 1-16), so an edited file can neither hang an unlock nor exhaust memory; the
failed-unlock counter is capped at MAX_FAILED_COUNT and the wait it asks for at five minutes,
whatever the counter or a future timestamp says. A refusal is one ProfileError line naming the
field, never its value.

Every read-modify-write of the file (a failed unlock counted, the counter reset, a new
passphrase, the recovery wrapping) happens under `profile.json.lock` beside it, re-reading the
file once the lock is held, and writes atomically: two processes never undo each other's
change. A full disk is named as such and leaves the file as it was.
"""

from __future__ import annotations

import base64
import errno
import json
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from uuid import UUID

import pyrage
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from minorifamiglie import portable
from minorifamiglie.config import DATABASE_FILE, LOCK_FILE, PROFILE_FILE, RESTORE_STAGING
from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.domain.errors import NewerProfileError, ProfileError, WrongPassphraseError
from minorifamiglie.storage.files import TEMP_NAME

FORMAT = "minorifamiglie-profile"
FORMAT_VERSION = 1
MASTER_KEY_BYTES = 32
RECOVERY_FORMAT = "age-x25519"
RECOVERY_VERSION = 1
SALT_BYTES = 16
NONCE_BYTES = 12
WRAPPED_KEY_BYTES = MASTER_KEY_BYTES + 16  # AES-GCM appends a 16-byte tag
MAX_PROFILE_JSON = 64 * 1024  # a real one is under 2 KiB
MAX_RECOVERY_AGE_FILE = 4096  # a 32-byte key to one X25519 recipient is about 250 bytes
MAX_RECOVERY_RECIPIENT = 128
# Inclusive bounds of the Argon2id parameters read from profile.json (the defaults below sit
# well inside), and of their product: passes over memory, at most 16 times the defaults' work
# (3 passes over 128 MiB, about a quarter of a second), so a hostile or damaged profile.json
# costs an unlock a few seconds and 1 GiB at most, never minutes and the laptop's memory.
KDF_BOUNDS = {
    "time_cost": (1, 20),
    "memory_cost_kib": (8 * 1024, 1024 * 1024),
    "parallelism": (1, 16),
}
MAX_KDF_WORK_KIB = 16 * 3 * 128 * 1024  # time_cost * memory_cost_kib
MAX_FAILED_COUNT = 1_000_000  # far past the five-minute cap of the delay
MAX_DELAY = 300.0
LOCK_SUFFIX = ".lock"  # profile.json.lock: not the application's own `.lock`
LOCK_WAIT_SECONDS = 30.0  # a holder keeps it for one Argon2id derivation at most


class KeyFileWriteError(ProfileError):
    """profile.json could not be written (a full disk): it is as it was before."""


class KeyFileBusyError(ProfileError):
    """Another writer held profile.json's lock past the wait: nothing was written."""


def damaged(name: str) -> ProfileError:
    """The one line of a refused field: its name, never its value (docs/architecture.md §4)."""
    return ProfileError(f"profile.json danneggiato: campo '{name}' non valido")


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
    def from_json(cls, data: Any) -> KdfParams:
        data = _object(data, "kdf")
        # The version is not in the derivation's inputs: refuse rather than ignore another one.
        if data.get("name") != "argon2id" or data.get("version") != 19:
            raise ProfileError("profile.json: funzione di derivazione della chiave sconosciuta")
        time_cost, memory_cost_kib, parallelism = (
            _bounded_int(data.get(key), low, high, f"kdf.{key}")
            for key, (low, high) in KDF_BOUNDS.items()
        )
        if time_cost * memory_cost_kib > MAX_KDF_WORK_KIB:
            raise ProfileError(
                "profile.json danneggiato: campi 'kdf.time_cost' e 'kdf.memory_cost_kib' non "
                "validi (derivazione oltre 16 volte il lavoro normale)"
            )
        salt = _exact_b64(data.get("salt"), SALT_BYTES, "kdf.salt")
        return cls(time_cost, memory_cost_kib, parallelism, salt)

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


# What a new profile gets when its maker names no parameters (`init`, the first start): the
# production settings above. Tests of the command line lower it for the profiles their `init`
# makes, as support/profiles.FAST_KDF does for the rest; tests of the KDF keep it.
DEFAULT_KDF = KdfParams()


class DerivationAhead:
    """One passphrase's Argon2id derivation started in a thread of its own, for a caller that
    has other work meanwhile: the command line imports the database layer (a quarter of a
    second of Python) while argon2 runs in C, which releases the interpreter's lock, on the
    other core. `key` waits for it and hands it over once; asked for other parameters or
    another passphrase (a new passphrase set meanwhile has a new salt), or a second time, it
    derives anew. The unlock still waits out the backoff and counts a failure before it uses
    the result, so nothing about the attempts changes."""

    def __init__(self, kdf: KdfParams, passphrase: str) -> None:
        self._kdf, self._passphrase = kdf, passphrase
        self._result: bytes | BaseException | None = None
        self._taken = False
        self._thread = threading.Thread(target=self._run, name="argon2id", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._kdf.derive(self._passphrase)
        except BaseException as exc:  # handed to the caller, in its own thread
            self._result = exc

    def key(self, kdf: KdfParams, passphrase: str) -> bytes:
        if self._taken or kdf != self._kdf or passphrase != self._passphrase:
            return kdf.derive(passphrase)
        self._thread.join()
        result, self._result, self._taken = self._result, None, True
        if isinstance(result, BaseException):
            raise result
        assert result is not None
        return result


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
            key: bytes = pyrage.decrypt(self.age_file, [identity])
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
        data = _object(data, "recovery")
        if data.get("format") != RECOVERY_FORMAT or data.get("version") != RECOVERY_VERSION:
            raise ProfileError("profile.json: formato del recupero non supportato")
        recipient = data.get("recipient")
        if not isinstance(recipient, str) or not 0 < len(recipient) <= MAX_RECOVERY_RECIPIENT:
            raise damaged("recovery.recipient")
        try:
            pyrage.x25519.Recipient.from_str(recipient)
        except pyrage.RecipientError:
            raise damaged("recovery.recipient") from None
        age_file = _bounded_b64(data.get("age_file"), MAX_RECOVERY_AGE_FILE, "recovery.age_file")
        return cls(recipient, age_file)


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
        return canonical_bytes(header)  # all ASCII: the same bytes as ever

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
        """Parse with a bound on every field; ProfileError (one line) for anything else."""
        if len(raw) > MAX_PROFILE_JSON:
            raise ProfileError("profile.json danneggiato: file troppo grande")
        try:
            doc = json.loads(raw, parse_constant=_no_constant)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise ProfileError("profile.json danneggiato: non è un documento JSON valido") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ProfileError("profile.json non è il file di un profilo Minori e Famiglie")
        version = doc.get("version")
        if type(version) is int and version > FORMAT_VERSION:
            raise NewerProfileError  # written by a newer version: refuse, change nothing
        if type(version) is not int or version != FORMAT_VERSION:
            raise ProfileError("profile.json: versione del formato non supportata")
        mk = _object(doc.get("master_key"), "master_key")
        if mk.get("aead") != "aes-256-gcm":
            raise damaged("master_key.aead")
        return cls(
            device_id=_uuid(doc.get("device_id"), "device_id"),
            kdf=KdfParams.from_json(doc.get("kdf")),
            nonce=_exact_b64(mk.get("nonce"), NONCE_BYTES, "master_key.nonce"),
            wrapped_key=_exact_b64(
                mk.get("ciphertext"), WRAPPED_KEY_BYTES, "master_key.ciphertext"
            ),
            failed=_failed_unlocks(doc.get("failed_unlocks")),
            recovery=RecoveryWrap.from_json(doc.get("recovery")),
        )

    @classmethod
    def create(
        cls, device_id: UUID, passphrase: str, master_key: bytes, kdf: KdfParams | None = None
    ) -> KeyFile:
        params = replace(kdf or DEFAULT_KDF, salt=os.urandom(SALT_BYTES))
        shell = cls(device_id, params, b"", b"")
        return shell.rewrap(master_key, passphrase)

    def rewrap(self, master_key: bytes, new_passphrase: str) -> KeyFile:
        """The same master key under a new passphrase: fresh salt and nonce."""
        kdf = replace(self.kdf, salt=os.urandom(SALT_BYTES))
        shell = replace(self, kdf=kdf, nonce=os.urandom(NONCE_BYTES), wrapped_key=b"")
        wrapped = AESGCM(kdf.derive(new_passphrase)).encrypt(
            shell.nonce, master_key, shell.associated_data()
        )
        return replace(shell, wrapped_key=wrapped, failed=FailedUnlocks())

    def same_wrapping(self, other: KeyFile) -> bool:
        """Whether a passphrase checked against `other` was checked against this file."""
        return (self.kdf, self.nonce, self.wrapped_key) == (
            other.kdf,
            other.nonce,
            other.wrapped_key,
        )

    def with_failure(self, now: float) -> KeyFile:
        """One more failed unlock, at `now`; the counter stops at MAX_FAILED_COUNT."""
        count = min(self.failed.count + 1, MAX_FAILED_COUNT)
        return replace(self, failed=FailedUnlocks(count, _clamp_time(now)))

    def with_recovery(self, master_key: bytes, recipient: str) -> KeyFile:
        """The same file with the master key also wrapped to the team's recovery recipient."""
        return replace(self, recovery=RecoveryWrap.create(master_key, recipient))

    def unwrap(self, passphrase: str, ahead: DerivationAhead | None = None) -> bytes:
        wrapping = ahead.key(self.kdf, passphrase) if ahead else self.kdf.derive(passphrase)
        try:
            key = AESGCM(wrapping).decrypt(self.nonce, self.wrapped_key, self.associated_data())
        except InvalidTag:
            raise WrongPassphraseError("Passphrase errata") from None
        if len(key) != MASTER_KEY_BYTES:
            raise ProfileError("profile.json è danneggiato")
        return key


def unlock_delay(failures: int) -> float:
    """Seconds to wait before the next attempt: 0, then 1, 2, 4 … up to 5 minutes."""
    if failures <= 0:
        return 0.0
    return float(min(2 ** (min(failures, 10) - 1), MAX_DELAY))  # 2**9 is past the cap


UNFINISHED_RESTORE = (
    "Il ripristino di un backup in {} non è terminato (interrotto): rilanciare 'restore' verso "
    "questa cartella, che riparte da capo"
)


def read_keyfile(path: Path) -> KeyFile:
    return KeyFile.from_bytes(read_profile_json(path))


def read_profile_json(path: Path) -> bytes:
    """profile.json's bytes, at most one past the cap (never a huge file whole into memory),
    or one ProfileError naming the file: a folder, a pipe (which would hold the reader until
    a writer comes: every command hung), a device, a link loop or no permission in its place."""
    try:
        fh, _status = portable.open_regular(path)
        with fh:
            return fh.read(MAX_PROFILE_JSON + 1)
    except FileNotFoundError:
        raise _missing(path.parent) from None
    except NotADirectoryError:
        raise ProfileError(f"{path.parent} non è una cartella di profilo") from None
    except portable.NotAFileError:
        raise ProfileError(
            f"{path} non è un file (una cartella, una pipe o un dispositivo)"
        ) from None
    except OSError as exc:
        raise ProfileError(
            f"{path} non si può leggere ({exc.strerror or type(exc).__name__})"
        ) from None


def _missing(root: Path) -> ProfileError:
    """Why there is no profile.json in `root`, in one line."""
    if (root / RESTORE_STAGING).is_dir():
        return ProfileError(UNFINISHED_RESTORE.format(root))
    if init_leftovers(root) is not None:
        return ProfileError(
            f"Il profilo in {root} non è completo: un 'init' precedente non è terminato; "
            "rilanciare 'init' per ricominciare"
        )
    if (root / DATABASE_FILE).exists():
        return ProfileError(f"Manca profile.json in {root}: senza di esso il database non si apre")
    return ProfileError(f"Nessun profilo in {root}: crearlo con 'init'")


# What `init` makes before profile.json, its last step (storage/profile.py `create`): the
# database with SQLite's files beside it; and what it may leave: profile.json's temporary file
# (an atomic write killed) and the lock files.
INIT_FILES = frozenset(
    {DATABASE_FILE, *(DATABASE_FILE + end for end in ("-wal", "-shm", "-journal"))}
)
INIT_LOCK = ".init.lock"  # held by `create` from start to end, then removed
INIT_LOCKS = frozenset({LOCK_FILE, PROFILE_FILE + LOCK_SUFFIX, INIT_LOCK})


def init_leftovers(root: Path) -> list[Path] | None:
    """What a failed or killed `init` left in `root`, to remove before starting over: its
    database files, no profile.json, and nothing else but lock files and temporary files
    (not returned: locks stay). None when `root` holds anything else, or no database."""
    try:
        with os.scandir(root) as scan:
            entries = list(scan)
    except OSError:
        return None
    names = {entry.name for entry in entries}
    if DATABASE_FILE not in names or PROFILE_FILE in names:
        return None
    if not all(_init_made(entry) for entry in entries):
        return None
    return [Path(entry.path) for entry in entries if entry.name not in INIT_LOCKS]


def _init_made(entry: os.DirEntry[str]) -> bool:
    try:
        regular = entry.is_file(follow_symlinks=False)
    except OSError:
        return False
    name = entry.name
    return regular and (
        name in INIT_FILES or name in INIT_LOCKS or re.fullmatch(TEMP_NAME, name) is not None
    )


def write_keyfile(path: Path, keyfile: KeyFile) -> None:
    """Replace profile.json atomically; a full disk is KeyFileWriteError, the file unchanged.
    A new file only: an existing one is changed through `update_keyfile`."""
    try:
        portable.write_atomic(path, keyfile.to_bytes())
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise KeyFileWriteError(
                "profile.json non scritto: spazio su disco esaurito (disco pieno); "
                "il profilo non è stato modificato"
            ) from None
        raise


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold profile.json's writer lock, waiting a bounded time (LOCK_WAIT_SECONDS unless
    given) for another writer."""
    timeout = LOCK_WAIT_SECONDS if timeout is None else timeout
    try:
        held = portable.lock_waiting(lock_path(path), timeout)
    except portable.ProfileLockedError:
        raise KeyFileBusyError(
            f"profile.json è occupato da un'altra operazione da oltre {timeout:.0f} secondi: "
            "riprovare tra poco"
        ) from None
    with held:
        yield


def update_keyfile(
    path: Path, change: Callable[[KeyFile], KeyFile], timeout: float | None = None
) -> KeyFile:
    """Read-modify-write under the lock: `change` gets the file as it is now on disk (never
    a copy read before the lock) and what it returns is written atomically, unless equal."""
    with locked(path, timeout):
        current = read_keyfile(path)
        new = change(current)
        if new != current:
            write_keyfile(path, new)
    return new


def count_failure(path: Path, tried: KeyFile, now: float) -> KeyFile | None:
    """Count one wrong passphrase checked against `tried`: None once counted on disk, or the
    file as it is now when its wrapping changed meanwhile (a new passphrase was set), for the
    caller to check the passphrase again. KeyFileWriteError on a full disk, nothing counted."""
    with locked(path):
        current = read_keyfile(path)
        if not current.same_wrapping(tried):
            return current
        write_keyfile(path, current.with_failure(now))
    return None


def remaining_wait(keyfile: KeyFile, now: float | None = None) -> float:
    now = _clamp_time(time.time() if now is None else now)
    delay = unlock_delay(keyfile.failed.count)
    # Never more than the delay itself: a failure stamped by a clock that was ahead (and has
    # since been corrected) must not lock the profile for days.
    return min(delay, max(0.0, keyfile.failed.last_at + delay - now))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
MAX_TIMESTAMP = 253_402_300_799.0  # 9999-12-31T23:59:59Z


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON, and never a valid value here


def _clamp_time(value: float) -> float:
    if not math.isfinite(value):
        return 0.0
    return min(max(value, 0.0), MAX_TIMESTAMP)


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise damaged(name)
    return value


def _bounded_int(value: Any, low: int, high: int, name: str) -> int:
    if type(value) is not int or not low <= value <= high:  # bool is not a count
        raise damaged(name)
    return value


def _bounded_b64(value: Any, max_bytes: int, name: str) -> bytes:
    if not isinstance(value, str) or len(value) > 4 * (max_bytes // 3 + 1):
        raise damaged(name)
    try:
        return _unb64(value)
    except ValueError:  # binascii.Error, UnicodeEncodeError
        raise damaged(name) from None


def _exact_b64(value: Any, size: int, name: str) -> bytes:
    data = _bounded_b64(value, size, name)
    if len(data) != size:
        raise damaged(name)
    return data


def _uuid(value: Any, name: str) -> UUID:
    if not isinstance(value, str) or len(value) > 64:
        raise damaged(name)
    try:
        return UUID(value)
    except ValueError:
        raise damaged(name) from None


def _failed_unlocks(value: Any) -> FailedUnlocks:
    """The counter and when it last grew: a count above MAX_FAILED_COUNT is capped (the delay
    is five minutes either way), a time is a finite number of seconds up to the year 9999."""
    if value is None:
        return FailedUnlocks()
    data = _object(value, "failed_unlocks")
    count = data.get("count", 0)
    if type(count) is not int or count < 0:
        raise damaged("failed_unlocks.count")
    last_at = data.get("last_at", 0.0)
    if type(last_at) not in (int, float) or not 0 <= last_at <= MAX_TIMESTAMP:
        raise damaged("failed_unlocks.last_at")
    return FailedUnlocks(min(count, MAX_FAILED_COUNT), float(last_at))
