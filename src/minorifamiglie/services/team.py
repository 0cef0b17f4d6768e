"""The team: this device's keys, the coordinator's signed roster, joining and admitting devices.

Keys and team state live in `local_state`, inside the encrypted database; on the shared folder
there are only public keys, ciphertexts and signatures (sync.roster, sync.share)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie import portable
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.ids import DeviceId, TeamId, uuid7
from minorifamiglie.domain.value_bounds import MAX_ACTIVE_MEMBERS, MAX_ROSTER_VERSION
from minorifamiglie.services import recovery
from minorifamiglie.services.case_refs import device_tag
from minorifamiglie.services.passed_over import PassedOver
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile, get_local, set_local
from minorifamiglie.sync import share as sh
from minorifamiglie.sync.roster import (
    ACTIVE,
    MAX_REQUEST,
    REVOKED,
    DeviceKeys,
    Member,
    Roster,
    RosterError,
    TeamFile,
    open_request,
    open_roster,
    read_envelope,
    seal_request,
    seal_roster,
    signed_head,
)

# What the team screen shows: the roster, the team and the shared folder (kept in local_state),
# the devices and their operators, the syncs run.
SOURCES = frozenset({"local_state", "devices", "operators", "sync_runs"})

AGE_KEY, SIGN_KEY = "sync_age_identity", "sync_sign_seed"
TEAM_KEY, COORDINATOR_KEY, ROSTER_KEY, SHARE_KEY = (
    "team_id",
    "team_coordinator",
    "team_roster",
    "team_share",
)


REVOKED_KEY = "team_revoked_in"


def is_revoked(session: Session) -> bool:
    return get_local(session, REVOKED_KEY) is not None


class TeamError(DomainError):
    pass


@dataclass(frozen=True, slots=True)
class DeviceView:
    device_id: DeviceId
    device_name: str
    operator: str
    role: str
    fingerprint: str
    status: str  # active | revoked | pending (a join request not yet admitted)
    this_device: bool
    coordinator: bool
    # Files found at the roster's next version slots, set aside (left in place) by this change.
    set_aside: tuple[str, ...] = ()
    # For a join request: what to check before admitting it (anyone who can write to the
    # share can file one, naming any operator and role; only the fingerprint tells them apart).
    warning: str = ""


@dataclass(frozen=True, slots=True)
class TeamView:
    team_id: uuid.UUID | None
    name: str | None
    device_id: DeviceId
    fingerprint: str
    coordinator_fingerprint: str | None
    is_coordinator: bool
    admitted: bool
    roster_version: int | None
    share: str | None
    devices: tuple[DeviceView, ...]
    recovery_recipient: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "team_id": None if self.team_id is None else str(self.team_id),
            "name": self.name,
            "device_id": str(self.device_id),
            "fingerprint": self.fingerprint,
            "coordinator_fingerprint": self.coordinator_fingerprint,
            "is_coordinator": self.is_coordinator,
            "admitted": self.admitted,
            "roster_version": self.roster_version,
            "share": self.share,
            "recovery_recipient": self.recovery_recipient,
            "devices": [
                {
                    "device_id": str(d.device_id),
                    "device_name": d.device_name,
                    "operator": d.operator,
                    "role": d.role,
                    "fingerprint": d.fingerprint,
                    "status": d.status,
                    "this_device": d.this_device,
                    "coordinator": d.coordinator,
                }
                for d in self.devices
            ],
        }


@dataclass(frozen=True, slots=True)
class JoinRequestSent:
    team_id: uuid.UUID
    device_id: uuid.UUID
    fingerprint: str
    coordinator_fingerprint: str


# ------------------------------------------------------------------------------ local state


def device_keys(session: Session) -> DeviceKeys:
    """This device's keys, made at first need and kept in the encrypted database."""
    stored = stored_device_keys(session)
    if stored is not None:
        return stored
    keys = DeviceKeys.generate()
    set_local(session, AGE_KEY, keys.age_identity)
    set_local(session, SIGN_KEY, keys.sign_seed.hex())
    return keys


def stored_device_keys(session: Session) -> DeviceKeys | None:
    """This device's keys if already made (a read: nothing is written)."""
    age, seed = get_local(session, AGE_KEY), get_local(session, SIGN_KEY)
    return DeviceKeys(age, bytes.fromhex(seed)) if age and seed else None


@dataclass(frozen=True, slots=True)
class TeamState:
    team_id: TeamId
    coordinator: TeamFile
    roster: Roster | None
    share: Path | None


def team_state(session: Session) -> TeamState | None:
    team = get_local(session, TEAM_KEY)
    if not team:
        return None
    pinned = TeamFile.from_bytes(get_local(session, COORDINATOR_KEY).encode())  # type: ignore[union-attr]
    roster_text = get_local(session, ROSTER_KEY)
    roster = Roster.from_json(json.loads(roster_text)) if roster_text else None
    share = get_local(session, SHARE_KEY)
    return TeamState(TeamId(uuid.UUID(team)), pinned, roster, Path(share) if share else None)


def require_team(session: Session) -> TeamState:
    state = team_state(session)
    if state is None:
        raise TeamError(
            "Questo dispositivo non fa parte di un'équipe: usare 'team create' o 'team join'"
        )
    return state


def folder_for(state: TeamState, share: Path | None) -> sh.TeamFolder:
    where = share or state.share
    if where is None:
        raise TeamError("Indicare la cartella condivisa con --share")
    return sh.TeamFolder(where, state.team_id)


def require_share(path: Path) -> Path:
    if not path.is_dir():
        raise TeamError(f"Cartella condivisa non raggiungibile: {path}")
    return path


def _self_member(session: Session, opened: OpenProfile, keys: DeviceKeys) -> Member:
    device = session.get(m.DeviceRow, opened.device_id)
    if device is None:
        raise TeamError("Profilo senza dispositivo registrato")
    operator = session.get(m.OperatorRow, device.operator_id)
    if operator is None:
        raise TeamError("Profilo senza operatore")
    return Member(
        device_id=opened.device_id,
        device_name=device.name,
        operator_id=operator.id,
        operator=operator.name,
        role=Role(operator.role).value,
        age_recipient=keys.age_recipient,
        sign_key=keys.sign_key_hex,
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _remember(session: Session, team: TeamFile, roster: Roster | None, share: Path | None) -> None:
    set_local(session, TEAM_KEY, str(team.team_id))
    set_local(session, COORDINATOR_KEY, team.to_bytes().decode())
    if roster is not None:
        set_local(session, ROSTER_KEY, json.dumps(roster.to_json(), sort_keys=True))
    if share is not None:
        set_local(session, SHARE_KEY, str(share.resolve()))


# ------------------------------------------------------------------------------ commands


def create_team(opened: OpenProfile, name: str, share: Path) -> TeamView:
    """Coordinator: the team folder, `team.json` and the first signed roster."""
    name = name.strip()
    if not name or len(name) > 120:
        raise TeamError("Il nome dell'équipe è obbligatorio (al massimo 120 caratteri)")
    validation.one_line(name, "name", "Nome dell'équipe")
    require_share(share)
    with opened.session() as session:
        if team_state(session) is not None:
            raise TeamError("Questo dispositivo fa già parte di un'équipe")
        keys = device_keys(session)
        me = _self_member(session, opened, keys)
        team_id = TeamId(uuid7())
        team = TeamFile(team_id, opened.device_id, keys.sign_key_hex, keys.age_recipient)
        roster = Roster(team_id, name, 1, opened.device_id, _now(), (me,))
        folder = sh.TeamFolder(share, team_id)
        sh.write_new(folder.team_file, team.to_bytes())
        sh.write_new(folder.roster(1), seal_roster(roster, keys))
        _remember(session, team, roster, share)
        audit.append(session, AuditAction.TEAM, "devices", opened.device_id, None, {"op": "create"})
    return show(opened)


def join_team(opened: OpenProfile, share: Path, team_id: TeamId | None = None) -> JoinRequestSent:
    """New device: pin the coordinator's key from `team.json` and leave a join request."""
    require_share(share)
    teams = sh.teams_in(share)
    if team_id is None:
        if len(teams) != 1:
            raise TeamError(
                "Nessuna équipe nella cartella condivisa"
                if not teams
                else "Più équipe nella cartella condivisa: indicare --team ID"
            )
        team_id = teams[0]
    elif team_id not in teams:
        raise TeamError("Équipe non trovata nella cartella condivisa")
    folder = sh.TeamFolder(share, team_id)
    try:
        team = TeamFile.from_bytes(read_envelope(folder.team_file, sh.MAX_TEAM_FILE))
    except RosterError as exc:
        raise TeamError(f"File dell'équipe non valido ({exc})") from None
    if team.team_id != team_id:
        raise TeamError("File dell'équipe non valido (id diverso)")
    with opened.session() as session:
        state = team_state(session)
        if state is not None and state.team_id != team_id:
            raise TeamError("Questo dispositivo fa già parte di un'altra équipe")
        if state is not None and state.coordinator.sign_key != team.sign_key:
            raise TeamError(
                "Il coordinatore dell'équipe è cambiato: chiave diversa da quella fissata"
            )
        keys = device_keys(session)
        me = _self_member(session, opened, keys)
        sh.write_replace(folder.request(opened.device_id), seal_request(team, me, keys))
        _remember(session, team, None, share)
        audit.append(session, AuditAction.TEAM, "devices", opened.device_id, None, {"op": "join"})
    return JoinRequestSent(team_id, opened.device_id, keys.fingerprint, team.fingerprint)


def refresh_roster(
    session: Session,
    state: TeamState,
    folder: sh.TeamFolder,
    device: DeviceId,
    passed: PassedOver | None = None,
    breaks: list[tuple[Path, str]] | None = None,
) -> Roster | None:
    """Adopt the newest roster on the share signed by the pinned coordinator key that this
    device can read; an older or forged one is never adopted. The roster in effect. `passed`:
    files already found to be no roster for this device, passed over unread (and added to);
    `breaks`: given, gets the coordinator-signed rosters refused for what they do to the
    roster in effect (`roster_break`)."""
    news = roster_news(device_keys(session), state, folder, device, passed, breaks)
    if isinstance(news, Roster):
        set_local(session, ROSTER_KEY, json.dumps(news.to_json(), sort_keys=True))
        return news
    if news is not None:
        set_local(session, REVOKED_KEY, str(news))
    return state.roster


def roster_news(
    keys: DeviceKeys,
    state: TeamState,
    folder: sh.TeamFolder,
    device: DeviceId,
    passed: PassedOver | None = None,
    breaks: list[tuple[Path, str]] | None = None,
) -> Roster | int | None:
    """What `refresh_roster` would record, without writing: the newest roster to adopt, the
    version of a roster that revokes this device, or None (nothing new on the share). A file
    that is none of these for this device is remembered in `passed`, and passed over unread
    at the next look while unchanged (junk on the share costs one read, not one a sync)."""
    current = state.roster.version if state.roster else 0
    for version, path in reversed(folder.rosters()):
        if version <= current:
            break
        stamp = None if passed is None else passed.stamp(path)  # before reading: as read
        if passed is not None and passed.known(path, stamp):
            continue
        news, junk = _roster_at(keys, state, device, version, path)
        if isinstance(news, Roster):
            broken = roster_break(state.roster, news)
        else:  # signed for this slot, yet unreadable here though this device is a member
            mine = state.roster.member(device) if state.roster else None
            broken = "device dropped" if news is None and not junk and mine else ""
        if broken:
            news, junk = None, True
            if breaks is not None:
                breaks.append((path, broken))
        if news is not None:
            return news
        if passed is not None and junk:
            passed.add(path, stamp)
    return None


# A coordinator moves its roster past at most this many slots held by files it did not sign
# (`_publish`): a roster further ahead than the next version and these is refused, for the
# coordinator could publish nothing after one signed for the last version (a copied
# coordinator key's).
MAX_ROSTER_SKIP = 1000


def roster_break(current: Roster | None, new: Roster) -> str:
    """Why a roster signed by the coordinator key cannot follow `current` ("" when it can):
    the application never changes the keys of a device in the roster nor drops one (a revoked
    device stays, revoked), and moves a version past only the few slots junk holds. A roster
    that does is a copied coordinator key's, which could otherwise make a device's bundles
    refused, or what is encrypted to it readable by another, without a word."""
    if current is None:
        return ""
    if new.version - current.version > MAX_ROSTER_SKIP + 1:
        return "version"
    for member in current.members:
        after = new.member(member.device_id)
        if after is None:
            return "device dropped"
        if (after.sign_key, after.age_recipient) != (member.sign_key, member.age_recipient):
            return "device keys changed"
    return ""


def _roster_at(
    keys: DeviceKeys, state: TeamState, device: DeviceId, version: int, path: Path
) -> tuple[Roster | int | None, bool]:
    """The roster at a version slot for this device to adopt, the version when it revokes this
    device, or None when it is neither; and whether the file is junk to pass over from now
    on: anything but a roster the coordinator signed for this slot (which is read again at
    every look, in case this device's state lets it count later)."""
    try:
        data = read_envelope(path)
    except RosterError:
        return None, True  # too large to be a roster: never read
    try:
        roster = open_roster(data, state.coordinator.sign_key, keys.identity, state.team_id)
    except RosterError:
        # Not readable here: forged, not yet admitted, or this device was revoked.
        head = signed_head(data, state.coordinator.sign_key, state.team_id)
        if head is not None and device in head[1]:
            return version, False
        return None, head is None or head[0] != version
    return (roster, False) if roster.version == version else (None, True)


def mend_roster(session: Session, folder: sh.TeamFolder, device: DeviceId) -> bool:
    """Coordinator: put the roster in effect back at its version slot when the share lost it
    (deleted, damaged, or replaced by a copy of another version: readers pass over such a file,
    and a member admitted by the lost roster stayed unknown to them, both ways). What is found
    there instead is set aside beside it (renamed: only the coordinator writes rosters). Whether
    it was put back. OSError when the share is in trouble."""
    state = require_team(session)
    roster = state.roster
    if state.coordinator.coordinator != device or roster is None:
        return False
    path = folder.roster(roster.version)
    if os.path.lexists(path):
        try:
            head = signed_head(read_envelope(path), state.coordinator.sign_key, state.team_id)
        except RosterError:
            head = None
        if head is not None and head[0] == roster.version:
            return False
        portable.move_aside(path, sh.aside_name(path))
    sh.write_new(path, seal_roster(roster, device_keys(session)))
    return True


def _publish(
    folder: sh.TeamFolder, roster: Roster, keys: DeviceKeys
) -> tuple[Roster, tuple[str, ...]]:
    """Write the new roster at the first free version slot from its own. A file already at a
    slot is one the roster refresh just passed over (junk, forged, a copy of another version,
    too large: a roster signed for that slot would have been adopted): it is set aside, left
    where it is, and the roster takes the next version. Readers adopt the newest roster signed
    by the coordinator whose signed version is its slot, so they move past it on that word."""
    passed: list[str] = []
    first = roster.version
    # lexists: a link to nothing holds the slot all the same (the write would find it taken)
    while os.path.lexists(folder.roster(roster.version)):
        passed.append(str(folder.roster(roster.version).relative_to(folder.root)))
        roster = dataclasses.replace(roster, version=roster.version + 1)
        if roster.version - first > MAX_ROSTER_SKIP:  # readers would not follow further
            raise TeamError(
                f"Oltre {MAX_ROSTER_SKIP} file estranei occupano i posti successivi del "
                "registro dell'équipe nella cartella condivisa (cartella roster): spostarli "
                "prima di modificare l'équipe; nulla è stato cambiato"
            )
    if roster.version > MAX_ROSTER_VERSION:  # a million slots taken: no roster could be read
        raise TeamError(
            "Cartella condivisa piena di file estranei nella cartella roster: "
            "spostarli prima di modificare l'équipe"
        )
    sh.write_new(folder.roster(roster.version), seal_roster(roster, keys))
    return roster, tuple(passed)


def _coordinator_session(session: Session, opened: OpenProfile) -> tuple[TeamState, DeviceKeys]:
    state = require_team(session)
    if state.coordinator.coordinator != opened.device_id or state.roster is None:
        raise TeamError("Solo il dispositivo del coordinatore gestisce l'équipe")
    return state, device_keys(session)


def admit(opened: OpenProfile, device_id: DeviceId, share: Path | None = None) -> DeviceView:
    """Coordinator: add a requesting device to a new signed roster and write its snapshot."""
    from minorifamiglie.services.snapshot import write_snapshot

    with opened.session() as session:
        state, keys = _coordinator_session(session, opened)
        folder = folder_for(state, share)
        require_share(folder.share)
        assert state.roster is not None
        request = folder.request(device_id)
        if not request.is_file():
            raise TeamError("Nessuna richiesta di adesione da questo dispositivo")
        try:
            member = open_request(read_envelope(request, MAX_REQUEST), keys, state.team_id)
        except RosterError as exc:
            raise TeamError(f"Richiesta di adesione non valida ({exc})") from None
        if member.device_id != device_id:
            raise TeamError("Richiesta di adesione non valida (dispositivo diverso)")
        current = refresh_roster(session, state, folder, opened.device_id) or state.roster
        known = current.member(device_id)
        if known is not None and (known.sign_key, known.age_recipient) != (
            member.sign_key,
            member.age_recipient,
        ):
            # A device's keys are made once, with its profile: a request in its name with
            # others is anyone's who can write to the share (requests sign themselves), and
            # admitting it would hand them the device's place and what is encrypted to it.
            raise TeamError(
                "La richiesta di adesione porta chiavi diverse da quelle con cui questo "
                "dispositivo è già nell'équipe: non viene da quel portatile; non ammetterla "
                "(il portatile può inviare di nuovo la sua con 'team join')"
            )
        if sum(m.device_id != device_id for m in current.active) >= MAX_ACTIVE_MEMBERS:
            raise TeamError(
                f"L'équipe ha già {MAX_ACTIVE_MEMBERS} dispositivi attivi, quanti ogni file "
                "cifrato può avere come destinatari: revocarne uno prima di ammetterne un altro"
            )
        tag = device_tag(member.device_id)
        if any(
            device_tag(other.device_id) == tag and other.device_id != member.device_id
            for other in current.members
        ):
            # Case codes end with the device's tag: two laptops with one tag could both
            # number a case VBR-2026-0001-ABC while offline.
            raise TeamError(
                "Questo dispositivo ha la stessa sigla di un altro dell'équipe: creare sul "
                "portatile un nuovo profilo (nuovo dispositivo) e ripetere la richiesta"
            )
        roster, passed = _publish(folder, current.with_member(member, _now()), keys)
        set_local(session, ROSTER_KEY, json.dumps(roster.to_json(), sort_keys=True))
        write_snapshot(session, opened.device_id, keys, folder, member)
        request.unlink(missing_ok=True)
        audit.append(session, AuditAction.TEAM, "devices", device_id, None, {"op": "admit"})
    recovery.ensure_wrapped(opened, roster.recovery_recipient)
    view = _device_view(member, opened.device_id, roster.coordinator)
    return dataclasses.replace(view, set_aside=passed)


def revoke(opened: OpenProfile, device_id: DeviceId, share: Path | None = None) -> DeviceView:
    """Coordinator: a new roster without the device (kept as revoked, with its keys)."""
    with opened.session() as session:
        state, keys = _coordinator_session(session, opened)
        folder = folder_for(state, share)
        require_share(folder.share)
        current = refresh_roster(session, state, folder, opened.device_id) or state.roster
        assert current is not None
        member = current.member(device_id)
        if member is None:
            raise TeamError("Dispositivo non presente nell'équipe")
        if device_id == opened.device_id:
            raise TeamError("Il coordinatore non può revocare il proprio dispositivo")
        if not member.active:
            raise TeamError("Dispositivo già revocato")
        revoked = dataclasses.replace(member, status=REVOKED)
        roster, passed = _publish(folder, current.with_member(revoked, _now()), keys)
        set_local(session, ROSTER_KEY, json.dumps(roster.to_json(), sort_keys=True))
        audit.append(session, AuditAction.TEAM, "devices", device_id, None, {"op": "revoke"})
    recovery.ensure_wrapped(opened, roster.recovery_recipient)
    view = _device_view(revoked, opened.device_id, roster.coordinator)
    return dataclasses.replace(view, set_aside=passed)


def create_recovery_key(
    opened: OpenProfile, out: Path, share: Path | None = None, *, replace: bool = False
) -> recovery.RecoveryKey:
    """Coordinator: a new recovery identity written to `out` (to be kept off the laptop), its
    recipient published in a new signed roster; this profile's key is wrapped to it at once."""
    with opened.session() as session:
        state, keys = _coordinator_session(session, opened)
        folder = folder_for(state, share)
        require_share(folder.share)
        current = refresh_roster(session, state, folder, opened.device_id) or state.roster
        assert current is not None
        if current.recovery_recipient and not replace:
            raise TeamError(
                "L'équipe ha già una chiave di recupero: sostituirla solo di proposito "
                "(--replace dalla riga di comando, «Sostituisci» nella pagina Équipe)"
            )
        identity = recovery.new_identity()
        recovery.write_identity_file(out, identity, state.team_id)
        try:
            roster, _ = _publish(
                folder, current.with_recovery(str(identity.to_public()), _now()), keys
            )
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        set_local(session, ROSTER_KEY, json.dumps(roster.to_json(), sort_keys=True))
        audit.append(
            session, AuditAction.TEAM, "devices", opened.device_id, None, {"op": "recovery-key"}
        )
    assert roster.recovery_recipient is not None
    recovery.ensure_wrapped(opened, roster.recovery_recipient)
    return recovery.RecoveryKey(out, roster.recovery_recipient, roster.version)


def _device_view(member: Member, me: uuid.UUID, coordinator: uuid.UUID) -> DeviceView:
    return DeviceView(
        DeviceId(member.device_id),
        member.device_name,
        member.operator,
        member.role,
        member.fingerprint,
        member.status,
        member.device_id == me,
        member.device_id == coordinator,
    )


def show(opened: OpenProfile, share: Path | None = None) -> TeamView:
    """The team as this device knows it (the roster refreshed from the share if reachable);
    for the coordinator, pending join requests too.

    Read without the write lock; only a newer roster on the share (or one revoking this
    device) is recorded, by a short write that looks at the share again."""
    with opened.read_session() as session:
        keys = stored_device_keys(session)
        state = team_state(session)
    if keys is None:  # first look at the team page: the keys are made (a short write)
        with opened.session() as session:
            keys = device_keys(session)
            state = team_state(session)
    if state is None:
        return TeamView(
            None, None, opened.device_id, keys.fingerprint, None, False, False, None, None, ()
        )
    where = share or state.share
    folder = sh.TeamFolder(where, state.team_id) if where and where.is_dir() else None
    passed = None
    if folder is not None:
        with opened.read_session() as session:
            passed = PassedOver.load(session, folder.root)
    news = None if folder is None else roster_news(keys, state, folder, opened.device_id, passed)
    roster = state.roster
    if folder is not None and news is not None:
        with opened.session() as session:
            current = require_team(session)
            roster = refresh_roster(session, current, folder, opened.device_id, passed)
            assert passed is not None
            passed.save(session)
    pending: list[DeviceView] = []
    if folder is not None and state.coordinator.coordinator == opened.device_id:
        for path in folder.requests():
            try:
                member = open_request(read_envelope(path, MAX_REQUEST), keys, state.team_id)
            except (RosterError, OSError):
                continue
            if roster is None or roster.member(member.device_id) is None:
                view = _device_view(member, opened.device_id, state.coordinator.coordinator)
                pending.append(_pending(view, _request_warning(member, roster)))
    devices = (
        []
        if roster is None
        else [_device_view(mb, opened.device_id, roster.coordinator) for mb in roster.members]
    )
    devices.sort(key=lambda d: (not d.coordinator, d.status, d.operator, str(d.device_id)))
    me = roster.member(opened.device_id) if roster else None
    if me is not None and me.active and roster is not None:
        recovery.ensure_wrapped(opened, roster.recovery_recipient)
    return TeamView(
        team_id=state.team_id,
        name=roster.name if roster else None,
        device_id=opened.device_id,
        fingerprint=keys.fingerprint,
        coordinator_fingerprint=state.coordinator.fingerprint,
        is_coordinator=state.coordinator.coordinator == opened.device_id,
        admitted=me is not None and me.active,
        roster_version=roster.version if roster else None,
        share=str(where) if where else None,
        devices=tuple(devices + pending),
        recovery_recipient=roster.recovery_recipient if roster else None,
    )


def _pending(view: DeviceView, warning: str = "") -> DeviceView:
    return DeviceView(
        view.device_id,
        view.device_name,
        view.operator,
        view.role,
        view.fingerprint,
        "pending",
        view.this_device,
        False,
        warning=warning,
    )


def _request_warning(member: Member, roster: Roster | None) -> str:
    """What a join request claims that gives rights: the operator of a device already in the
    team (a second laptop of the same person, or someone passing for them) or the
    coordinator's role. Admitted, it writes as that operator, with that role's rights."""
    check = "ammettere solo dopo aver confrontato l'impronta con quella letta sul dispositivo"
    same = None
    if roster is not None:
        same = next((m for m in roster.active if m.operator_id == member.operator_id), None)
    if same is not None:
        return f"Usa l'operatore di un dispositivo già in équipe ({same.device_name}): {check}"
    if member.role == Role.COORDINATOR.value:
        return f"Chiede il ruolo di coordinatore: {check}"
    return ""


def set_share(opened: OpenProfile, share: Path) -> None:
    """The folder the application watches and syncs with (Impostazioni)."""
    with opened.session() as session:
        require_team(session)
        set_local(session, SHARE_KEY, str(share))


def operators_by_device(session: Session) -> dict[uuid.UUID, str]:
    rows = session.execute(
        select(m.DeviceRow.id, m.OperatorRow.name).join(
            m.OperatorRow, m.OperatorRow.id == m.DeviceRow.operator_id
        )
    ).all()
    return {r[0]: r[1] for r in rows}


__all__ = ["ACTIVE", "REVOKED"]
