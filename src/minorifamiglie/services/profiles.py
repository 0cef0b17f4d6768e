"""Creating, unlocking and re-keying a profile; who is working on this device."""

from __future__ import annotations

import platform
import uuid
from dataclasses import dataclass
from pathlib import Path

from minorifamiglie.config import MIN_PASSPHRASE_LENGTH
from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.domain.errors import ProfileError, ValidationError
from minorifamiglie.storage import audit, profile
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

DEVICE_KEY = "device_record_id"


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    root: Path
    device_id: uuid.UUID
    operator: e.Operator
    device: e.Device


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
    """A new profile with its operator and device; nothing is left behind if a step fails."""
    name = validation.required(operator_name, "operator", "Nome dell'operatore")
    name = validation.short_text(name, "operator", "Nome dell'operatore")
    device_label = validation.short_text(
        device_name or platform.node() or "portatile", "device_name", "Nome del dispositivo"
    )
    check_new_passphrase(passphrase)
    opened = profile.create(root, passphrase, kdf)
    try:
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
    finally:
        opened.close()
    return ProfileInfo(root, opened.device_id, operator, device)


def unlock(root: Path, passphrase: str) -> OpenProfile:
    opened = profile.unlock(root, passphrase)
    with opened.session() as session:
        audit.append(session, AuditAction.UNLOCK)
    return opened


def info(opened: OpenProfile) -> ProfileInfo:
    with opened.session() as session:
        op_id = profile.get_local(session, profile.OPERATOR_KEY)
        if op_id is None:
            raise ProfileError("Profilo incompleto: manca l'operatore")
        repo = Repository(session)
        operator = repo.get(e.Operator, uuid.UUID(op_id))
        device = repo.get(e.Device, opened.device_id)
    return ProfileInfo(opened.paths.root, opened.device_id, operator, device)


def change_passphrase(opened: OpenProfile, new_passphrase: str) -> None:
    profile.change_passphrase(opened, check_new_passphrase(new_passphrase))
