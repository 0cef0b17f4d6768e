"""Creating, unlocking and re-keying a profile; who is working on this device."""

from __future__ import annotations

import datetime as dt
import os
import platform
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from minorifamiglie.config import MIN_PASSPHRASE_LENGTH, ProfilePaths
from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.domain.errors import ProfileError, ValidationError
from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.storage import audit, profile
from minorifamiglie.storage.keyfile import DerivationAhead, KdfParams
from minorifamiglie.storage.profile import BeforeUpgrade, OpenProfile, SchemaUpgrade
from minorifamiglie.storage.repository import Repository

DEVICE_KEY = "device_record_id"


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    root: Path
    device_id: DeviceId
    operator: e.Operator
    device: e.Device
    upgrade: SchemaUpgrade | None = None  # what opening did to an older schema


def check_new_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            f"La passphrase deve avere almeno {MIN_PASSPHRASE_LENGTH} caratteri", "passphrase"
        )
    if passphrase.strip() != passphrase:
        raise ValidationError("La passphrase non può iniziare o finire con spazi", "passphrase")
    return passphrase


def init_profile(
    root: Path,
    passphrase: str,
    operator_name: str,
    role: Role,
    device_name: str | None = None,
    kdf: KdfParams | None = None,
) -> ProfileInfo:
    """A new profile with its operator and device; nothing is left behind if a step fails,
    nor if the process is killed: `storage.profile.create` writes profile.json only once they
    are in the database, and starts over from what a killed one left."""
    name = validation.required(operator_name, "operator", "Nome dell'operatore")
    name = validation.short_text(name, "operator", "Nome dell'operatore")
    device_label = validation.short_text(
        device_name or platform.node() or "portatile", "device_name", "Nome del dispositivo"
    )
    check_new_passphrase(passphrase)
    made: list[ProfileInfo] = []

    def fill(opened: OpenProfile) -> None:
        with opened.session() as session:
            repo = Repository(session)
            operator = repo.add(e.Operator, name=name, role=role, active=True)
            session.info["write_context"].operator_id = operator.id
            device = repo.add(
                e.Device, id=opened.device_id, name=device_label, operator_id=operator.id
            )
            profile.set_local(session, profile.OPERATOR_KEY, str(operator.id))
            profile.set_local(session, DEVICE_KEY, str(device.id))
            audit.append(session, AuditAction.PROFILE_CREATED, "devices", device.id)
        made.append(ProfileInfo(root, opened.device_id, operator, device))

    profile.create(root, passphrase, kdf, fill=fill).close()
    return made[0]


def unlock(
    root: Path,
    passphrase: str,
    *,
    now: Callable[[], dt.datetime] | None = None,
    before_upgrade: BeforeUpgrade | None = None,
    ahead: DerivationAhead | None = None,
) -> OpenProfile:
    """Open the profile. A newer version's profile is refused, unchanged; an older schema is
    first copied whole to `<profile>/backup/` and only then migrated (docs/upgrades.md), and
    `opened.upgrade` says so. `before_upgrade` replaces that copy's writer (tests); `ahead`,
    the passphrase's key derivation already started (the command line's start-up)."""
    write_copy = before_upgrade or upgrade_backup(now)
    opened = profile.unlock(root, passphrase, before_upgrade=write_copy, ahead=ahead)
    remove_leftovers(opened.paths)  # what killed writes left there
    at = opened.now()
    events = [profile.DeferredEvent(AuditAction.SCHEMA_UPGRADED, at, upgrade_detail(u))
              for u in (opened.upgrade,) if u is not None]  # fmt: skip
    # Written now, or at this profile's next write if another process is writing (a running
    # `check` or sync): the unlock never waits for it.
    try:
        opened.record_soon([*events, profile.DeferredEvent(AuditAction.UNLOCK, at)])
    except BaseException:
        opened.close()
        raise
    return opened


def remove_leftovers(paths: ProfilePaths) -> int:
    """What killed writes left in the profile (services/backup.py removes it). Every such
    temporary name starts with TEMP_PREFIX: when no file in the profile or its backup folder
    does, there is nothing to remove, and the backup module (with the integrity check it
    imports) is not loaded by every command line call."""
    if not any(_temp_names(folder) for folder in (paths.root, paths.backup_dir)):
        return 0
    from minorifamiglie.services import backup

    return backup.remove_profile_leftovers(paths)


TEMP_PREFIX = ".tmp-"


def _temp_names(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(entry.name.startswith(TEMP_PREFIX) for entry in entries)
    except OSError:
        return False


def upgrade_backup(now: Callable[[], dt.datetime] | None = None) -> BeforeUpgrade:
    """The rule of every opening: a sealed copy before the first migration step."""

    def write(paths: ProfilePaths, master_key: bytes, upgrade: SchemaUpgrade) -> Path:
        from minorifamiglie.services import backup  # only an upgrade needs it

        return backup.before_upgrade(paths, master_key, upgrade, now() if now else None)

    return write


def record_upgrade(session: Session, upgrade: SchemaUpgrade | None) -> None:
    """The audit event of a schema upgrade: revisions and the copy's file name only."""
    if upgrade is None:
        return
    audit.append(session, AuditAction.SCHEMA_UPGRADED, detail=upgrade_detail(upgrade))


def upgrade_detail(upgrade: SchemaUpgrade) -> dict[str, str | None]:
    detail = {"from": upgrade.from_revision, "to": upgrade.to_revision}
    if upgrade.backup is not None:
        detail["backup"] = upgrade.backup.name
    return detail


def upgrade_message(upgrade: SchemaUpgrade) -> str:
    """The one line the command line prints after an upgrade."""
    where = f"; copia di sicurezza in {upgrade.backup}" if upgrade.backup else ""
    return (
        f"Profilo aggiornato alla versione {upgrade.to_revision} dello schema "
        f"(era {upgrade.from_revision or 'vuoto'}){where}"
    )


def info(opened: OpenProfile) -> ProfileInfo:
    with opened.read_session() as session:
        op_id = profile.get_local(session, profile.OPERATOR_KEY)
        if op_id is None:
            raise ProfileError("Profilo incompleto: manca l'operatore")
        repo = Repository(session)
        operator = repo.get(e.Operator, uuid.UUID(op_id))
        device = repo.get(e.Device, opened.device_id)
    return ProfileInfo(opened.paths.root, opened.device_id, operator, device, opened.upgrade)


def change_passphrase(opened: OpenProfile, new_passphrase: str) -> None:
    profile.change_passphrase(opened, check_new_passphrase(new_passphrase))
