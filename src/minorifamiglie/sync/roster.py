"""Team identity on the shared folder: device keys, fingerprints, the signed roster and join
requests (docs/team-folder.md). Pure functions over bytes and JSON; the layout is in `share.py`.

Nothing on the share is trusted, and nothing personal is readable there:
- `team.json` holds only the coordinator's public keys (pinned by every member at join time and
  compared out of band by fingerprint);
- a roster (devices, operators, roles, public keys, revocations) is age-encrypted to the active
  devices and signed by the coordinator's Ed25519 key;
- a join request is age-encrypted to the coordinator and signed by the joining device's own key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from minorifamiglie import portable
from minorifamiglie.domain import json_bounds
from minorifamiglie.domain import value_bounds as vb
from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.sync import share
from minorifamiglie.sync.age_header import age_header_ok

FORMAT = 1
ACTIVE = "active"
REVOKED = "revoked"
_ROLES = frozenset(role.value for role in Role)
_MAX_KEY_CHARS = 200  # an age recipient is 62 characters, an Ed25519 key in hex 64
COORDINATOR_ROLE = "coordinatore"
MAX_ENVELOPE = 4 * 1024 * 1024
# A join request holds one member (a device, an operator, two public keys): a few kilobytes.
# Anyone who can write to the share can file requests (the coordinator's public key is in
# team.json), and the coordinator's Team page opens every one at every view: sixty-four times
# less to read than a roster's cap each.
MAX_REQUEST = 64 * 1024


class RosterError(Exception):
    """A team file that cannot be trusted or read; the message names no person."""


# ------------------------------------------------------------------------------ device keys


@dataclass(frozen=True, slots=True)
class DeviceKeys:
    """A device's secrets: the age X25519 identity and the Ed25519 signing key."""

    age_identity: str  # AGE-SECRET-KEY-1…
    sign_seed: bytes  # 32 raw bytes

    @classmethod
    def generate(cls) -> DeviceKeys:
        seed = Ed25519PrivateKey.generate().private_bytes_raw()
        return cls(str(pyrage.x25519.Identity.generate()), seed)

    @property
    def identity(self) -> pyrage.x25519.Identity:
        return pyrage.x25519.Identity.from_str(self.age_identity)

    @property
    def age_recipient(self) -> str:
        return str(self.identity.to_public())

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.sign_seed)

    @property
    def sign_key_hex(self) -> str:
        return public_hex(self.signing_key.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key_hex, self.age_recipient)


def public_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def verify_key(sign_key_hex: str) -> Ed25519PublicKey:
    try:
        raw = bytes.fromhex(sign_key_hex)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError):
        raise RosterError("invalid signing key") from None


def fingerprint(sign_key_hex: str, age_recipient: str) -> str:
    """What two people read to each other to check a device: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(
        b"minorifamiglie-fingerprint-v1\0" + sign_key_hex.encode() + b"\0" + age_recipient.encode()
    ).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4)).upper()


# ------------------------------------------------------------------------------ roster


@dataclass(frozen=True, slots=True)
class Member:
    device_id: DeviceId
    device_name: str
    operator_id: uuid.UUID
    operator: str
    role: str
    age_recipient: str
    sign_key: str  # Ed25519 public key, 64 hex digits
    status: str = ACTIVE

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key, self.age_recipient)

    def to_json(self) -> dict[str, Any]:
        return {
            "device_id": str(self.device_id),
            "device_name": self.device_name,
            "operator_id": str(self.operator_id),
            "operator": self.operator,
            "role": self.role,
            "age_recipient": self.age_recipient,
            "sign_key": self.sign_key,
            "status": self.status,
        }

    @classmethod
    def from_json(cls, value: Any) -> Member:
        # Every value bounded (domain/value_bounds.py): names as long as the devices and
        # operators tables hold, a role the application knows.
        try:
            member = cls(
                device_id=DeviceId(uuid.UUID(value["device_id"])),
                device_name=vb.text(value["device_name"], vb.MAX_NAME_CHARS),
                operator_id=uuid.UUID(value["operator_id"]),
                operator=vb.text(value["operator"], vb.MAX_NAME_CHARS),
                role=vb.text(value["role"], vb.MAX_ROLE_CHARS),
                age_recipient=vb.text(value["age_recipient"], _MAX_KEY_CHARS),
                sign_key=vb.text(value["sign_key"], _MAX_KEY_CHARS),
                status=vb.text(value["status"], _MAX_KEY_CHARS),
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            raise RosterError("malformed roster entry") from None
        if member.status not in (ACTIVE, REVOKED) or member.role not in _ROLES:
            raise RosterError("malformed roster entry")
        verify_key(member.sign_key)
        try:
            pyrage.x25519.Recipient.from_str(member.age_recipient)
        except pyrage.RecipientError:
            raise RosterError("malformed roster entry") from None
        return member


@dataclass(frozen=True, slots=True)
class Roster:
    team_id: uuid.UUID
    name: str
    version: int
    coordinator: uuid.UUID
    issued_at: str
    members: tuple[Member, ...] = field(default_factory=tuple)
    # The coordinator's recovery age recipient (docs/recovery.md); absent in older rosters.
    recovery_recipient: str | None = None

    def member(self, device_id: uuid.UUID) -> Member | None:
        return next((m for m in self.members if m.device_id == device_id), None)

    @property
    def active(self) -> list[Member]:
        return [m for m in self.members if m.active]

    def recipients(self) -> list[str]:
        return sorted(m.age_recipient for m in self.active)

    def signers(self) -> dict[uuid.UUID, Ed25519PublicKey]:
        return {m.device_id: verify_key(m.sign_key) for m in self.active}

    def with_member(self, member: Member, issued_at: str) -> Roster:
        others = tuple(m for m in self.members if m.device_id != member.device_id)
        return replace(
            self, version=self.version + 1, issued_at=issued_at, members=(*others, member)
        )

    def with_recovery(self, recipient: str, issued_at: str) -> Roster:
        return replace(
            self, version=self.version + 1, issued_at=issued_at, recovery_recipient=recipient
        )

    def to_json(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "format": FORMAT,
            "team_id": str(self.team_id),
            "name": self.name,
            "version": self.version,
            "coordinator": str(self.coordinator),
            "issued_at": self.issued_at,
            "members": [m.to_json() for m in sorted(self.members, key=lambda m: str(m.device_id))],
        }
        if self.recovery_recipient is not None:
            value["recovery_recipient"] = self.recovery_recipient
        return value

    @classmethod
    def from_json(cls, value: Any) -> Roster:
        try:
            if value["format"] != FORMAT:
                raise RosterError("roster format not supported")
            members = value["members"]
            if not isinstance(members, list) or len(members) > vb.MAX_ROSTER_MEMBERS:
                raise RosterError("malformed roster")
            roster = cls(
                team_id=uuid.UUID(value["team_id"]),
                name=vb.text(value["name"], vb.MAX_TEAM_NAME_CHARS),
                version=vb.count(value["version"], 1, vb.MAX_ROSTER_VERSION),
                coordinator=uuid.UUID(value["coordinator"]),
                issued_at=vb.text(value["issued_at"], vb.MAX_STAMP_CHARS),
                members=tuple(Member.from_json(m) for m in members),
                recovery_recipient=_recipient_or_none(value.get("recovery_recipient")),
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            raise RosterError("malformed roster") from None
        coordinator = roster.member(roster.coordinator)
        if coordinator is None or not coordinator.active:
            raise RosterError("the roster has no active coordinator")
        if len(roster.active) > vb.MAX_ACTIVE_MEMBERS:
            raise RosterError(f"more than {vb.MAX_ACTIVE_MEMBERS} active devices")
        return roster


def _recipient_or_none(value: Any) -> str | None:
    if value is None:
        return None
    try:
        pyrage.x25519.Recipient.from_str(str(value))
    except pyrage.RecipientError:
        raise RosterError("malformed roster") from None
    return str(value)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    """The bytes of a base64 text written the one standard way: the unused low bits of the
    last character must be zero, so no two texts (two files) carry the same signature."""
    if not isinstance(text, str):
        raise RosterError("malformed team file")
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise RosterError("malformed team file") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise RosterError("malformed team file")
    return raw


def _seal(
    head: Mapping[str, Any], content: Any, recipients: Sequence[str], key: Ed25519PrivateKey
) -> bytes:
    parsed = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    body = {**head, "ciphertext": _b64(pyrage.encrypt(canonical_bytes(content), parsed))}
    return canonical_bytes({**body, "signature": _b64(key.sign(canonical_bytes(body)))})


def read_envelope(path: Path, cap: int = MAX_ENVELOPE) -> bytes:
    """A roster, join request or team file from the share, refused from its size (never read
    whole) when over `cap`; OSError when the share is not reachable."""
    try:
        return share.read_capped(path, cap)
    except share.FileTooLarge:
        raise RosterError("team file too large") from None
    except portable.NotAFileError:
        raise RosterError("not a file") from None


def _parse(data: bytes, kind: str) -> dict[str, Any]:
    if len(data) > MAX_ENVELOPE:
        raise RosterError("team file too large")
    try:
        value = json_bounds.loads(data)  # nesting bounded: never a RecursionError
    except ValueError:
        raise RosterError("malformed team file") from None
    if not isinstance(value, dict) or value.get("kind") != kind or value.get("format") != FORMAT:
        raise RosterError("malformed team file")
    return value


def _verify(envelope: dict[str, Any], key: Ed25519PublicKey) -> None:
    body = {k: v for k, v in envelope.items() if k != "signature"}
    try:
        key.verify(_unb64(envelope.get("signature")), canonical_bytes(body))
    except InvalidSignature:
        raise RosterError("signature does not verify") from None


def _open(envelope: dict[str, Any], identity: pyrage.x25519.Identity) -> Any:
    sealed = _unb64(envelope.get("ciphertext"))
    if not age_header_ok(sealed):
        raise RosterError("malformed team file")
    try:
        plain = pyrage.decrypt(sealed, [identity])
        return json_bounds.loads(plain)
    except pyrage.DecryptError:
        raise RosterError("not addressed to this device") from None
    except (UnicodeDecodeError, ValueError):
        raise RosterError("malformed team file") from None


def seal_roster(roster: Roster, coordinator: DeviceKeys) -> bytes:
    head = {
        "kind": "roster",
        "format": FORMAT,
        "team_id": str(roster.team_id),
        "version": roster.version,
        # Readable without the key, so a revoked device (no longer a recipient) learns it.
        "revoked": sorted(str(m.device_id) for m in roster.members if not m.active),
    }
    return _seal(head, roster.to_json(), roster.recipients(), coordinator.signing_key)


def revoked_in(data: bytes, coordinator_key: str, team_id: uuid.UUID) -> set[uuid.UUID]:
    """The devices a roster revokes, from its signed plain head (no decryption needed)."""
    head = signed_head(data, coordinator_key, team_id)
    if head is None:
        raise RosterError("not a roster the coordinator signed for this team")
    return head[1]


def signed_head(
    data: bytes, coordinator_key: str, team_id: uuid.UUID
) -> tuple[int, set[uuid.UUID]] | None:
    """The version and the revoked devices a roster's plain head says, when the coordinator
    signed it for this team (read without the key); None when it is no such roster (junk, a
    forgery, another team's)."""
    try:
        envelope = _parse(data, "roster")
        _verify(envelope, verify_key(coordinator_key))
    except RosterError:
        return None
    version = envelope.get("version")
    if envelope.get("team_id") != str(team_id) or type(version) is not int:
        return None
    try:
        return version, {uuid.UUID(v) for v in envelope.get("revoked", [])}
    except (TypeError, ValueError, AttributeError):
        return None


def open_roster(
    data: bytes, coordinator_key: str, identity: pyrage.x25519.Identity, team_id: uuid.UUID
) -> Roster:
    """Verify with the pinned coordinator key, then decrypt; raises RosterError."""
    envelope = _parse(data, "roster")
    _verify(envelope, verify_key(coordinator_key))
    roster = Roster.from_json(_open(envelope, identity))
    if roster.team_id != team_id or str(team_id) != envelope.get("team_id"):
        raise RosterError("roster of another team")
    if roster.version != envelope.get("version"):
        raise RosterError("roster version disagrees with its envelope")
    if sorted(str(m.device_id) for m in roster.members if not m.active) != envelope.get(
        "revoked", []
    ):
        raise RosterError("roster revocations disagree with its envelope")
    coordinator = roster.member(roster.coordinator)
    if coordinator is None or coordinator.sign_key != coordinator_key:
        raise RosterError("roster names another coordinator")
    return roster


# ------------------------------------------------------------------------------ team file


@dataclass(frozen=True, slots=True)
class TeamFile:
    """`team.json`: public, so a device can join; the coordinator's keys only."""

    team_id: uuid.UUID
    coordinator: uuid.UUID
    sign_key: str
    age_recipient: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key, self.age_recipient)

    def to_bytes(self) -> bytes:
        return canonical_bytes(
            {
                "kind": "team",
                "format": FORMAT,
                "team_id": str(self.team_id),
                "coordinator": str(self.coordinator),
                "sign_key": self.sign_key,
                "age_recipient": self.age_recipient,
            }
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> TeamFile:
        value = _parse(data, "team")
        try:
            team = cls(
                team_id=uuid.UUID(value["team_id"]),
                coordinator=uuid.UUID(value["coordinator"]),
                sign_key=vb.text(value["sign_key"], _MAX_KEY_CHARS),
                age_recipient=vb.text(value["age_recipient"], _MAX_KEY_CHARS),
            )
            pyrage.x25519.Recipient.from_str(team.age_recipient)
        except (KeyError, TypeError, ValueError, pyrage.RecipientError):
            raise RosterError("malformed team file") from None
        verify_key(team.sign_key)
        return team


# ------------------------------------------------------------------------------ join requests


def seal_request(team: TeamFile, member: Member, keys: DeviceKeys) -> bytes:
    head = {
        "kind": "request",
        "format": FORMAT,
        "team_id": str(team.team_id),
        "device_id": str(member.device_id),
        "sign_key": keys.sign_key_hex,
    }
    return _seal(head, member.to_json(), [team.age_recipient], keys.signing_key)


def open_request(data: bytes, coordinator: DeviceKeys, team_id: uuid.UUID) -> Member:
    """Decrypt and check a join request: signed by the key it carries, for this team."""
    envelope = _parse(data, "request")
    key_hex = envelope.get("sign_key")
    if not isinstance(key_hex, str):
        raise RosterError("malformed team file")
    _verify(envelope, verify_key(key_hex))
    member = Member.from_json(_open(envelope, coordinator.identity))
    if (
        envelope.get("team_id") != str(team_id)
        or envelope.get("device_id") != str(member.device_id)
        or member.sign_key != key_hex
    ):
        raise RosterError("join request disagrees with its envelope")
    return member
