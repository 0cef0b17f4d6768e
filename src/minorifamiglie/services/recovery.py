"""Recovery of a forgotten passphrase with the coordinator's recovery identity (docs/recovery.md).

The coordinator keeps an age X25519 identity off the laptops and publishes its recipient in the
signed roster; every device that reads it also wraps its master key to it in profile.json. With
that identity file, `recover` unwraps the key, checks it opens the database and sets a new
passphrase. Without it, nothing here can open a profile."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyrage
from sqlalchemy.orm import Session

from minorifamiglie import portable
from minorifamiglie.config import ProfilePaths
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import DomainError, IntegrityError
from minorifamiglie.domain.ids import TeamId
from minorifamiglie.services import profiles
from minorifamiglie.services.profiles import check_new_passphrase
from minorifamiglie.storage import audit
from minorifamiglie.storage import profile as sp
from minorifamiglie.storage.keyfile import read_keyfile, update_keyfile
from minorifamiglie.storage.profile import OpenProfile

MAX_IDENTITY_FILE = 64 * 1024


class RecoveryError(DomainError):
    pass


@dataclass(frozen=True, slots=True)
class RecoveryKey:
    """A new recovery identity: where its file was written and the recipient published."""

    path: Path
    recipient: str
    roster_version: int


@dataclass(frozen=True, slots=True)
class Recovered:
    device_id: uuid.UUID
    failed_attempts: int
    upgrade: sp.SchemaUpgrade | None = None  # an older schema, copied then migrated


# ------------------------------------------------------------------------------ identity file


def new_identity() -> pyrage.x25519.Identity:
    return pyrage.x25519.Identity.generate()


def write_identity_file(path: Path, identity: pyrage.x25519.Identity, team_id: TeamId) -> None:
    """The age-keygen layout (the `age` tool reads it with -i); 0600, never over a file."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    body = (
        f"# Minori e Famiglie: identità di recupero dell'équipe {team_id}\n"
        "# Custodirla fuori dai portatili: chi la possiede può aprire ogni profilo dell'équipe.\n"
        f"# created: {now}\n"
        f"# public key: {identity.to_public()}\n"
        f"{identity}\n"
    ).encode()
    try:
        portable.write_new(path, body)  # private before any byte, whole or not at all
    except FileExistsError:
        raise RecoveryError(f"Il file esiste già, non viene sovrascritto: {path}") from None


def read_identity_file(path: Path) -> pyrage.x25519.Identity:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_IDENTITY_FILE + 1)
    except OSError:
        raise RecoveryError(f"Impossibile leggere il file dell'identità: {path}") from None
    if len(raw) > MAX_IDENTITY_FILE:
        raise RecoveryError("Il file indicato non è un'identità age")
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise RecoveryError("Il file indicato non è un'identità age") from None
    keys = [ln.strip() for ln in lines if ln.strip().startswith("AGE-SECRET-KEY-")]
    if len(keys) != 1:
        raise RecoveryError("Il file indicato non è un'identità age (una sola chiave X25519)")
    try:
        return pyrage.x25519.Identity.from_str(keys[0])
    except pyrage.IdentityError:
        raise RecoveryError("Il file indicato non è un'identità age valida") from None


# ------------------------------------------------------------------------------ wrapping


def ensure_wrapped(opened: OpenProfile, recipient: str | None) -> bool:
    """Wrap this profile's master key to the team's recovery recipient, if it is known and
    not done yet (or was done to an older recipient). True when profile.json changed."""
    if not recipient:
        return False
    path = opened.paths.profile_json
    keyfile = read_keyfile(path)
    if keyfile.recovery is not None and keyfile.recovery.recipient == recipient:
        return False
    master_key = opened.master_key()
    # Under profile.json's lock, on the file as it is then (a new passphrase set meanwhile).
    update_keyfile(path, lambda current: current.with_recovery(master_key, recipient))
    return True


def status(root: Path) -> str | None:
    """The recipient this profile's key is wrapped to for recovery, without a passphrase."""
    keyfile = read_keyfile(ProfilePaths(root).profile_json)
    return None if keyfile.recovery is None else keyfile.recovery.recipient


# ------------------------------------------------------------------------------ recovery


def recover(
    root: Path,
    identity_file: Path,
    new_passphrase: str | Callable[[], str],
    now: Callable[[], dt.datetime] | None = None,
) -> Recovered:
    """Set a new passphrase on a profile whose passphrase is forgotten. Nothing changes unless
    the identity unwraps the key and the key opens this profile's database. The new passphrase
    is asked for (when a callable) only once the identity is known to be the right one."""
    paths = ProfilePaths(root)
    keyfile = read_keyfile(paths.profile_json)
    if keyfile.recovery is None:
        raise RecoveryError(
            "Questo profilo non ha una copia della chiave per il recupero: non è stato "
            "sincronizzato con un'équipe che ha una chiave di recupero"
        )
    identity = read_identity_file(identity_file)
    master_key = keyfile.recovery.unwrap(identity)  # WrongPassphraseError: exit 3
    passphrase = check_new_passphrase(
        new_passphrase() if callable(new_passphrase) else new_passphrase
    )
    try:
        # Keys a connection and reads the schema: a key of another database is refused here.
        opened = sp.open_with_key(
            paths, keyfile.device_id, master_key, profiles.upgrade_backup(now)
        )
    except IntegrityError:
        raise IntegrityError(
            "La chiave di recupero non apre il database di questo profilo: non è sua"
        ) from None

    def log(session: Session) -> None:
        profiles.record_upgrade(session, opened.upgrade)
        if keyfile.failed.count:
            audit.append(
                session, AuditAction.UNLOCK_FAILED, detail={"attempts": keyfile.failed.count}
            )
        audit.append(session, AuditAction.PASSPHRASE_CHANGED, detail={"via": "recovery"})

    try:
        # rewrap() resets the failed-unlock counter; the recovery wrapping is kept. The events
        # and the new wrapping land together (sp.logged_rewrap), or neither.
        sp.logged_rewrap(opened, log, lambda current: current.rewrap(master_key, passphrase))
    finally:
        opened.close()
    return Recovered(keyfile.device_id, keyfile.failed.count, opened.upgrade)
