"""Sync through a real shared folder between real encrypted profiles: export, paranoid import,
refusals that leave the database as it was, interrupted writes, attachments, snapshots."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.domain.enums import MemberRole, OpKind, Role
from minorifamiglie.domain.errors import DomainError, IntegrityError
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.domain.ids import ConflictId
from minorifamiglie.services import (
    attachments,
    cases,
    conflicts,
    dump,
    integrity,
    syncing,
    team,
    visits,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync import bundle as b
from minorifamiglie.sync import container as ct
from minorifamiglie.sync import share as sh
from minorifamiglie.sync.operations import Operation, split_sized
from minorifamiglie.sync.snapshot import read_snapshot
from support.clock import TODAY
from sync_team import Team, make_trio, new_case, open_member, sync_all

trio = pytest.fixture(make_trio)


def dumps(t: Team) -> list[str]:
    return [dump.dump_json(who) for who in t.all]


# ------------------------------------------------------------------------------ the happy path


def test_three_devices_converge_and_a_second_sync_changes_nothing(trio: Team) -> None:
    case_id = new_case(trio.coord)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "Versione di Marco"}, today=TODAY)
    cases.edit_case(trio.edu2, str(case_id), {"title": "Famiglia R. (Zogno)"}, today=TODAY)
    sync_all(trio)
    first = dumps(trio)
    assert len(set(first)) == 1
    record = json.loads(first[0])["cases"][0]
    assert (record["summary"], record["title"]) == ("Versione di Marco", "Famiglia R. (Zogno)")
    again = syncing.sync(trio.edu1, trio.share)
    assert (again.exported, again.imported, again.bundles_imported) == (0, 0, 0)
    assert dumps(trio) == first
    for who in trio.all:
        assert integrity.check(who).sound


def test_concurrent_summaries_conflict_everywhere_and_the_resolution_syncs(trio: Team) -> None:
    case_id = new_case(trio.coord)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "Versione di Marco"}, today=TODAY)
    cases.edit_case(trio.edu2, str(case_id), {"summary": "Versione di Sara"}, today=TODAY)
    sync_all(trio)
    listed = [[c.to_json() for c in conflicts.list_conflicts(who)] for who in trio.all]
    ids = {tuple(c["id"] for c in items) for items in listed}
    assert len(ids) == 1 and len(listed[0]) == 1
    conflict = listed[0][0]
    assert {conflict["current"]["value"], conflict["other"]["value"]} == {
        "Versione di Marco",
        "Versione di Sara",
    }
    # Marco keeps his own version from his laptop; it reaches everyone and settles it.
    conflicts.resolve(trio.edu1, ConflictId(uuid.UUID(conflict["id"])), keep="mine")
    sync_all(trio)
    assert all(conflicts.list_conflicts(who) == [] for who in trio.all)
    values = {json.loads(d)["cases"][0]["summary"] for d in dumps(trio)}
    assert values == {"Versione di Marco"}
    for who in trio.all:
        assert integrity.check(who).sound


def test_rewriting_a_summary_offline_again_and_again_is_one_conflict_with_the_last(
    trio: Team,
) -> None:
    case_id = new_case(trio.coord)
    sync_all(trio)
    for draft in ("Prima stesura", "Seconda stesura", "Stesura finale di Marco"):
        cases.edit_case(trio.edu1, str(case_id), {"summary": draft}, today=TODAY)
    cases.edit_case(trio.edu2, str(case_id), {"summary": "Versione di Sara"}, today=TODAY)
    sync_all(trio)
    for who in trio.all:
        (conflict,) = conflicts.list_conflicts(who)
        assert {conflict.current.value, conflict.other.value} == {
            "Stesura finale di Marco",
            "Versione di Sara",
        }
    conflicts.resolve(trio.edu2, conflict.id, keep="mine")
    sync_all(trio)
    assert all(conflicts.list_conflicts(who) == [] for who in trio.all)
    assert {json.loads(d)["cases"][0]["summary"] for d in dumps(trio)} == {"Versione di Sara"}


def test_a_merged_text_settles_a_conflict_from_a_third_device(trio: Team) -> None:
    case_id = new_case(trio.coord)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "Marco"}, today=TODAY)
    cases.edit_case(trio.edu2, str(case_id), {"summary": "Sara"}, today=TODAY)
    sync_all(trio)
    (conflict,) = conflicts.list_conflicts(trio.coord)
    conflicts.resolve(trio.coord, conflict.id, text="Marco e Sara, insieme")
    sync_all(trio)
    assert all(conflicts.list_conflicts(who) == [] for who in trio.all)
    assert {json.loads(d)["cases"][0]["summary"] for d in dumps(trio)} == {"Marco e Sara, insieme"}


def test_delete_against_edit_deletes_and_shows_a_conflict_that_can_restore(trio: Team) -> None:
    case_id = new_case(trio.coord)
    person = cases.add_member(
        trio.coord, str(case_id), first_name="Anna", last_name="Rota", role=MemberRole.MOTHER
    ).member
    sync_all(trio)
    cases.remove_member(trio.edu1, person.id)
    with trio.edu2.session() as session:
        from minorifamiglie.storage import models as m

        row = session.get(m.CaseMemberRow, person.id)
        assert row is not None
        row.notes = "Presente ai colloqui"
    sync_all(trio)
    views = [conflicts.list_conflicts(who) for who in trio.all]
    assert all(len(v) == 1 and v[0].kind == "delete-vs-edit" for v in views)
    assert len({v[0].id for v in views}) == 1
    assert all(
        not any(r["id"] == str(person.id) for r in json.loads(d)["case_members"])
        for d in dumps(trio)
    )
    conflicts.resolve(trio.coord, views[0][0].id, keep="theirs")  # bring the edit back
    sync_all(trio)
    restored = [
        next(r for r in json.loads(d)["case_members"] if r["id"] == str(person.id))
        for d in dumps(trio)
    ]
    assert all(r["notes"] == "Presente ai colloqui" for r in restored)
    assert len(set(dumps(trio))) == 1
    assert all(conflicts.list_conflicts(who) == [] for who in trio.all)


def test_attachments_travel_beside_the_operations(trio: Team) -> None:
    case_id = new_case(trio.edu1)
    content = b"%PDF-1.4 relazione sintetica di prova\n" * 100
    att = attachments.add_attachment(trio.edu1, case_id, filename="relazione.pdf", content=content)
    syncing.sync(trio.edu1, trio.share)
    blob = trio.folder(trio.edu1).blob(att.id)
    held = blob.read_bytes()
    blob.unlink()  # not there yet (a slow synced folder): the record arrives, its bytes later
    syncing.sync(trio.coord, trio.share)
    with pytest.raises(DomainError, match="non è ancora arrivato"):
        attachments.read_attachment(trio.coord, att.id)
    blob.write_bytes(held)
    sync_all(trio)
    for who in (trio.coord, trio.edu2):
        _, data = attachments.read_attachment(who, att.id)
        assert data == content
    assert blob.is_file() and content[:20] not in blob.read_bytes()


def test_a_removed_documents_contents_leave_the_share(trio: Team) -> None:
    case_id = new_case(trio.edu1)
    content = b"%PDF-1.4 relazione riservata\n" * 50
    att = attachments.add_attachment(trio.edu1, case_id, filename="relazione.pdf", content=content)
    sync_all(trio)
    blob = trio.folder(trio.edu1).blob(att.id)
    assert blob.is_file()
    # the coordinator removes it: once the removal is published, its encrypted copy is gone
    # from the share too (a forged restore could fetch it back; a device revoked later could
    # still open it)
    attachments.remove_attachment(trio.coord, att.id)
    assert syncing.sync(trio.coord, trio.share).refused == []
    assert not blob.exists()
    sync_all(trio)
    for who in trio.all:
        with pytest.raises(DomainError):
            attachments.read_attachment(who, att.id)
    assert len({dump.dump_json(who) for who in trio.all}) == 1


def assert_caught_up(trio: Team, late: OpenProfile) -> None:
    """After a round for the team and one more sync of the late member, it holds what they do."""
    sync_all(trio)
    syncing.sync(late, trio.share)
    assert dump.dump_json(late) == dumps(trio)[0]
    assert integrity.check(late).sound


def test_a_removed_documents_copy_for_a_member_not_started_yet_leaves_the_share_too(
    trio: Team, tmp_path: Path
) -> None:
    case_id = new_case(trio.edu1)
    content = b"%PDF-1.4 relazione riservata\n" * 50
    att = attachments.add_attachment(trio.edu1, case_id, filename="relazione.pdf", content=content)
    sync_all(trio)
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        # admitted: its snapshot holds the document, encrypted to it alone
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        folder = trio.folder(trio.coord)
        copy = folder.snapshot_blob(late.device_id, att.id)
        parts = folder.snapshot_parts(late.device_id)
        assert copy.is_file() and parts
        # removed before the new member's first sync: its copy goes with the team's
        attachments.remove_attachment(trio.coord, att.id)
        assert syncing.sync(trio.coord, trio.share).refused == []
        assert not copy.exists() and not folder.blob(att.id).exists()
        assert folder.snapshot_parts(late.device_id) == parts  # its starting point stays
        report = syncing.sync(late, trio.share)
        assert report.refused == [] and report.attachments_fetched == 0
        with pytest.raises(DomainError):
            attachments.read_attachment(late, att.id)
        assert_caught_up(trio, late)
    finally:
        late.close()


def test_visits_from_another_device_are_found_by_full_text_search(trio: Team) -> None:
    case_id = new_case(trio.edu1)
    visits.add_visit(trio.edu1, case=str(case_id), date=TODAY, start=dt.time(15),
                     end=dt.time(16), notes="Compiti di geometria svolti con la nonna")  # fmt: skip
    sync_all(trio)
    hits = visits.search_notes(trio.edu2, "geometria")
    assert len(hits) == 1 and hits[0].case_id == case_id


def test_a_late_member_starts_from_a_snapshot(trio: Team, tmp_path: Path) -> None:
    case_id = new_case(trio.coord)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "da Marco"}, today=TODAY)
    sync_all(trio)
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, trio.share)
        with pytest.raises(team.TeamError, match="non ancora ammesso"):
            syncing.sync(late, trio.share)
        team.admit(trio.coord, late.device_id)
        report = syncing.sync(late, trio.share)
        assert report.refused == [] and report.imported > 0
        assert_caught_up(trio, late)
    finally:
        late.close()


def test_team_show_lists_devices_roles_and_fingerprints(trio: Team) -> None:
    view = team.show(trio.edu1, trio.share)
    data: dict[str, Any] = view.to_json()
    assert data["team_id"] and data["device_id"] == str(trio.edu1.device_id)
    assert {d["device_id"] for d in data["devices"]} == {str(w.device_id) for w in trio.all}
    coord = next(d for d in data["devices"] if d["coordinator"])
    assert coord["operator"] == "Giulia Rota" and coord["status"] == "active"
    assert coord["fingerprint"] == data["coordinator_fingerprint"]
    assert view.admitted and not view.is_coordinator


# ------------------------------------------------------------------------------ refusals


def _prepare_refusal(trio: Team) -> tuple[sh.TeamFolder, Path, str]:
    """edu1 publishes bundle 1 (applied by edu2) and bundle 2 (not yet): the tests damage or
    replace bundle 2, and edu2's database must stay exactly as it was."""
    case_id = new_case(trio.edu1)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "seconda versione"}, today=TODAY)
    assert syncing.sync(trio.edu1, trio.share).bundles_exported == 1
    folder = trio.folder(trio.edu1)
    bundles = folder.bundles(trio.edu1.device_id)
    return folder, bundles[-1][1], dump.dump_json(trio.edu2)


def _refused(trio: Team, before: str) -> list[str]:
    report = syncing.sync(trio.edu2, trio.share)
    assert report.imported == 0
    assert dump.dump_json(trio.edu2) == before
    assert integrity.check(trio.edu2).sound
    return [r.reason for r in report.refused]


def _resign(data: bytes, key: Ed25519PrivateKey) -> bytes:
    body = data[: -ct.SIGNATURE_SIZE]
    return body + key.sign(body)


def _forge(trio: Team, ops: list[Operation], sequence: int, prev_hash: str, **kw: object) -> bytes:
    keys = trio.keys(trio.edu1)
    with trio.edu1.session() as session:
        state = team.require_team(session)
        assert state.roster is not None
        recipients = state.roster.recipients()
    fields = b.BundleFields(state.team_id, trio.edu1.device_id, sequence, prev_hash)
    return b.encode_bundle(fields, ops, recipients, keys.signing_key)


def test_a_bad_signature_is_refused(trio: Team) -> None:
    _, path, before = _prepare_refusal(trio)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    assert _refused(trio, before) == ["bad_signature"]


def test_a_signer_not_in_the_roster_is_refused(trio: Team) -> None:
    _, path, before = _prepare_refusal(trio)
    stranger = Ed25519PrivateKey.generate()
    path.write_bytes(_resign(path.read_bytes(), stranger))
    assert _refused(trio, before) == ["bad_signature"]
    # A folder of a device that is not in the roster at all.
    intruder = trio.folder(trio.edu1).bundle(uuid.uuid4(), 1)
    intruder.parent.mkdir(parents=True)
    shutil.copy(path, intruder)
    assert "signer_unknown" in _refused(trio, before)


def test_a_revoked_device_is_refused(trio: Team) -> None:
    _, _, before = _prepare_refusal(trio)
    team.revoke(trio.coord, trio.edu1.device_id)
    assert _refused(trio, before) == ["revoked"]
    with pytest.raises(team.TeamError, match="revocato"):
        syncing.sync(trio.edu1, trio.share)


def test_a_replayed_sequence_is_refused_and_reapplying_changes_nothing(trio: Team) -> None:
    folder, path, before = _prepare_refusal(trio)
    first = folder.bundles(trio.edu1.device_id)[0][1]
    shutil.copy(first, path)  # bundle 1 presented again as bundle 2
    assert _refused(trio, before) == ["replayed"]


def test_a_gap_waits_and_names_the_missing_bundle(trio: Team) -> None:
    folder, path, before = _prepare_refusal(trio)
    path.rename(folder.bundle(trio.edu1.device_id, 3))
    report = syncing.sync(trio.edu2, trio.share)
    assert [(r.reason, r.detail) for r in report.refused] == [("gap", "manca 00000002.mfb")]
    assert dump.dump_json(trio.edu2) == before


def test_a_bundle_that_does_not_follow_the_previous_one_is_refused(trio: Team) -> None:
    _, path, before = _prepare_refusal(trio)
    _, ops = b.read_bundle(
        path.read_bytes(),
        {trio.edu1.device_id: trio.keys(trio.edu1).signing_key.public_key()},
        trio.keys(trio.edu1).identity,
    )
    path.write_bytes(_forge(trio, ops, 2, "a" * 64))
    assert _refused(trio, before) == ["fork"]


def test_a_truncated_bundle_is_refused(trio: Team) -> None:
    _, path, before = _prepare_refusal(trio)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _refused(trio, before) == ["truncated"]


def test_an_unknown_format_version_is_refused(trio: Team) -> None:
    _, path, before = _prepare_refusal(trio)
    data = bytearray(path.read_bytes())
    data[4] = 2
    path.write_bytes(bytes(data))
    assert _refused(trio, before) == ["unsupported_version"]


def test_a_decompressed_size_over_the_cap_is_refused(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, before = _prepare_refusal(trio)
    monkeypatch.setattr(b, "MAX_PLAINTEXT", 64)  # the reader's cap, as a small bundle sees it

    def capped(*args: Any, **kwargs: Any) -> Any:
        return original(*args, **{**kwargs, "max_plaintext": 64})

    original = b.read_bundle
    monkeypatch.setattr(syncing, "read_bundle", capped)
    assert _refused(trio, before) == ["too_large"]


def test_a_header_and_payload_that_disagree_are_refused(trio: Team) -> None:
    _, path, before = _prepare_refusal(trio)
    keys = trio.keys(trio.edu1)
    header, ops = b.read_bundle(
        path.read_bytes(),
        {trio.edu1.device_id: keys.signing_key.public_key()},
        keys.identity,
    )
    # A payload made for sequence 7 under a header that says 2, signed by the real device.
    sections = ct.split_sections(path.read_bytes())
    other = _forge(trio, ops, 7, header.prev_hash)
    forged_cipher = ct.split_sections(other).ciphertext
    compressed_len = header.payload_size
    head = json.loads(sections.header_bytes)
    head["plaintext_size"] = json.loads(ct.split_sections(other).header_bytes)["plaintext_size"]
    head["payload_size"] = json.loads(ct.split_sections(other).header_bytes)["payload_size"]
    assert compressed_len > 0
    header_bytes = canonical_bytes(head)
    body = (
        ct._PREFIX.pack(ct.MAGIC, ct.FORMAT_VERSION, len(header_bytes))
        + header_bytes
        + ct._CIPHER_LEN.pack(len(forged_cipher))
        + forged_cipher
    )
    path.write_bytes(body + keys.signing_key.sign(body))
    assert _refused(trio, before) == ["header_payload_mismatch"]


def test_malformed_operations_are_refused(trio: Team) -> None:
    _, path, before = _prepare_refusal(trio)
    keys = trio.keys(trio.edu1)
    header, ops = b.read_bundle(
        path.read_bytes(), {trio.edu1.device_id: keys.signing_key.public_key()}, keys.identity
    )
    stamp = Timestamp(int(dt.datetime.now(dt.UTC).timestamp() * 1000), 0, trio.edu1.device_id.hex)
    bad = [
        Operation(uuid.uuid4(), trio.edu1.device_id, stamp.encode(), "passwords", uuid.uuid4(),
                    OpKind.INSERT, {"secret": "x"}),
    ]  # fmt: skip
    path.write_bytes(_forge(trio, [*ops, *bad], 2, header.prev_hash))
    assert _refused(trio, before) == ["operation_rejected"]
    wrong_type = [
        Operation(uuid.uuid4(), trio.edu1.device_id, stamp.encode(), "cases", ops[0].entity_id,
                    OpKind.UPDATE, {"opened_on": 12}),
    ]  # fmt: skip
    path.write_bytes(_forge(trio, wrong_type, 2, header.prev_hash))
    assert _refused(trio, before) == ["operation_rejected"]


def test_a_reused_operation_id_with_other_content_is_refused(trio: Team) -> None:
    folder, path, before = _prepare_refusal(trio)
    keys = trio.keys(trio.edu1)
    signers: dict[uuid.UUID, Any] = {trio.edu1.device_id: keys.signing_key.public_key()}
    _, first_ops = b.read_bundle(folder.bundles(trio.edu1.device_id)[0][1], signers, keys.identity)
    header, _ = b.read_bundle(path.read_bytes(), signers, keys.identity)
    changed = first_ops[0]
    tampered = Operation(
        changed.op_id, changed.device_id, changed.hlc, changed.entity, changed.entity_id,
        changed.kind, {**changed.data, "name": "Nome cambiato"}, changed.replaces, changed.seen,
    )  # fmt: skip
    path.write_bytes(_forge(trio, [tampered], 2, header.prev_hash))
    assert _refused(trio, before) == ["operation_reused"]


def test_one_operation_id_twice_in_a_bundle_is_refused_as_reused_by_name(trio: Team) -> None:
    # Given a bundle carrying one operation twice, the second copy with other content
    _, path, before = _prepare_refusal(trio)
    keys = trio.keys(trio.edu1)
    signers: dict[uuid.UUID, Any] = {trio.edu1.device_id: keys.signing_key.public_key()}
    header, ops = b.read_bundle(path.read_bytes(), signers, keys.identity)
    twin = msgspec.structs.replace(ops[0], data={**ops[0].data, "summary": "altro testo"})
    path.write_bytes(_forge(trio, [ops[0], twin], 2, header.prev_hash))
    # Then the refusal names the rule, not a class of the code ("MergeError")
    report = syncing.sync(trio.edu2, trio.share)
    assert [(r.reason, r.detail) for r in report.refused] == [
        ("operation_reused", f"operation {ops[0].op_id}")
    ]
    assert dump.dump_json(trio.edu2) == before


# ------------------------------------------------------------------------------ interruptions


def test_a_share_that_goes_away_mid_import_loses_nothing(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = new_case(trio.edu1)
    for n in range(3):
        cases.edit_case(trio.edu1, str(case_id), {"summary": f"versione {n}"}, today=TODAY)
        syncing.sync(trio.edu1, trio.share)
    syncing.sync(trio.coord, trio.share)
    reads = {"n": 0}
    real = sh.read_capped

    def yanked(path: Path, cap: int) -> bytes:
        if path.suffix == ".mfb":
            reads["n"] += 1
            if reads["n"] == 3:
                raise OSError(5, "Input/output error")
        return real(path, cap)

    monkeypatch.setattr(sh, "read_capped", yanked)
    report = syncing.sync(trio.edu2, trio.share)
    assert report.outcome == "interrupted"
    assert integrity.check(trio.edu2).sound
    monkeypatch.setattr(sh, "read_capped", real)
    sync_all(trio)
    assert len(set(dumps(trio))) == 1


def test_an_export_that_fails_to_write_is_redone_by_the_next_sync(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_case(trio.edu1)

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sh, "write_new", full)
    report = syncing.sync(trio.edu1, trio.share)
    assert report.outcome == "interrupted" and report.exported == 0
    assert syncing.status(trio.edu1).pending > 0
    assert not any(p.name.startswith(".tmp") for p in trio.share.rglob("*"))
    monkeypatch.undo()
    assert syncing.sync(trio.edu1, trio.share).exported > 0
    sync_all(trio)
    assert len(set(dumps(trio))) == 1


def test_a_bundle_written_but_not_recorded_is_adopted_not_sent_twice(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_case(trio.edu1)
    real = sh.write_new

    def crash_after_write(path: Path, data: bytes) -> None:
        real(path, data)
        raise KeyboardInterrupt  # the laptop dies before the database records the bundle

    monkeypatch.setattr(sh, "write_new", crash_after_write)
    with pytest.raises(KeyboardInterrupt):
        syncing.sync(trio.edu1, trio.share)
    monkeypatch.undo()
    assert syncing.status(trio.edu1).pending > 0
    report = syncing.sync(trio.edu1, trio.share)
    assert report.bundles_exported == 1
    assert [s for s, _ in trio.folder(trio.edu1).bundles(trio.edu1.device_id)] == [1]
    assert syncing.status(trio.edu1).pending == 0
    sync_all(trio)
    assert len(set(dumps(trio))) == 1


# Alterations of the case's entry in the log, made behind the application's back (raw SQL on the
# decrypted database): each breaks the entry's hash or its link to the one before.
ALTERED = {
    "data": """UPDATE changes SET data = '{"title":"Altra famiglia"}' WHERE seq = ?""",
    "op_id": "UPDATE changes SET op_id = '0123456789abcdef0123456789abcdef' WHERE seq = ?",
    "op_id as bytes": "UPDATE changes SET op_id = x'00ff' WHERE seq = ?",
    "entity_id": "UPDATE changes SET entity_id = '0123456789abcdef0123456789abcdef' WHERE seq = ?",
    "kind": "UPDATE changes SET kind = 'BOGUS' WHERE seq = ?",
    "prev_hash": f"UPDATE changes SET prev_hash = '{'1' * 64}' WHERE seq = ?",
}


@pytest.mark.parametrize("column", list(ALTERED))
def test_a_log_altered_behind_the_applications_back_is_never_published(
    trio: Team, column: str
) -> None:
    new_case(trio.edu1)
    with raw_connection(trio.edu1.paths.database, trio.edu1.master_key()) as conn:
        (seq,) = conn.execute("SELECT max(seq) FROM changes WHERE entity = 'cases'").fetchone()
        conn.execute(ALTERED[column], (seq,))
    with pytest.raises(IntegrityError, match="Registro delle modifiche alterato"):
        syncing.sync(trio.edu1, trio.share)
    assert trio.folder(trio.edu1).bundles(trio.edu1.device_id) == []
    assert syncing.status(trio.edu1).pending > 0


# ------------------------------------------------------------------------------ interoperability


@pytest.mark.skipif(
    shutil.which("age") is None, reason="age CLI not installed (.ci/run installs it)"
)
def test_the_age_command_line_decrypts_a_bundle_written_by_sync(trio: Team, tmp_path: Path) -> None:
    new_case(trio.edu1)
    syncing.sync(trio.edu1, trio.share)
    path = trio.folder(trio.edu1).bundles(trio.edu1.device_id)[0][1]
    identity = tmp_path / "identity.txt"
    identity.write_text(trio.keys(trio.edu2).age_identity + "\n")
    identity.chmod(0o600)
    sections = ct.split_sections(path.read_bytes())
    payload = tmp_path / "payload.age"
    payload.write_bytes(sections.ciphertext)
    out = subprocess.run(
        ["age", "-d", "-i", str(identity), str(payload)], capture_output=True, check=True
    ).stdout
    import zstandard

    plain = json.loads(zstandard.ZstdDecompressor().decompress(out))
    assert plain["device_id"] == str(trio.edu1.device_id)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == ct.file_sha256(path.read_bytes())


def test_operations_are_published_exactly_as_their_canonical_json(trio: Team) -> None:
    """The export joins the log's stored JSON instead of rebuilding it: byte for byte the same
    as `Operation.to_json` under `canonical_json`."""
    from minorifamiglie.services.snapshot import operation_json, operation_of
    from minorifamiglie.storage import models as m

    case_id = new_case(trio.edu1, summary='Accenti: è, à, ù; virgolette "doppie" e \\ barra')
    cases.edit_case(trio.edu1, str(case_id), {"summary": "seconda"}, today=TODAY)
    sync_all(trio)
    cases.edit_case(trio.edu2, str(case_id), {"summary": "terza, avendo visto tutto"}, today=TODAY)
    with trio.edu2.session() as session:
        rows = list(session.query(m.ChangeRow).order_by(m.ChangeRow.seq))
        assert any(r.seen is not None or r.replaces is not None for r in rows)
        for row in rows:
            assert operation_json(row) == canonical_bytes(operation_of(row).to_json())


def test_sqlite_assembles_the_same_operation_json(trio: Team) -> None:
    from minorifamiglie.services import snapshot
    from minorifamiglie.services.snapshot import operation_json, pending_json
    from minorifamiglie.storage import models as m

    case_id = new_case(trio.edu1, summary='Virgolette "doppie", barra \\ e accenti: è')
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "dopo"}, today=TODAY)
    cases.edit_case(trio.edu2, str(case_id), {"summary": "concorrente"}, today=TODAY)
    sync_all(trio)
    (conflict,) = conflicts.list_conflicts(trio.coord)
    conflicts.resolve(trio.coord, conflict.id, text="unito")  # an operation with `seen`
    with trio.coord.session() as session:
        rows = list(
            session.query(m.ChangeRow)
            .filter(m.ChangeRow.device_id == trio.coord.device_id)
            .order_by(m.ChangeRow.seq)
        )
        assembled = pending_json(session, trio.coord.device_id, 0)
    assert any(r.seen for r in rows)
    assert [a[3] for a in assembled] == [operation_json(r) for r in rows]
    # the snapshot's counting pass gives every operation's JSON size without assembling it
    with trio.coord.session() as session:
        sizes = list(snapshot._all_json(session, snapshot._ALL_SIZES_SQL))
        whole = list(snapshot._all_json(session, snapshot._ALL_JSON_SQL))
    assert any(r.replaces for r in rows) and len(sizes) == len(whole) > len(rows)
    assert sizes == [(w[0], len(w[3].encode("utf-8"))) for w in whole]
    assert [(a[0], a[1], a[2]) for a in assembled] == [(r.seq, r.entity, r.entity_id) for r in rows]
    # and publishing builds the same bytes from the columns as SQLite stores them
    with trio.coord.session() as session:
        stored = session.connection().exec_driver_sql(
            "SELECT op_id, device_id, hlc, entity, entity_id, kind, data, replaces, seen "
            "FROM changes WHERE device_id = ? ORDER BY seq",
            (trio.coord.device_id.hex,),
        )
        built = [snapshot.stored_operation_json(*columns) for columns in stored]
    assert built == [operation_json(r) for r in rows]


def test_a_long_history_is_published_a_window_at_a_time(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a device with more unpublished operations than one export window holds
    monkeypatch.setattr(syncing, "_EXPORT_WINDOW", 4)
    for n in range(3):
        new_case(trio.edu1, summary=f"Sintesi {n}")
    with trio.edu1.session() as session:
        pending = syncing.pending_count(session, trio.edu1.device_id)
    assert pending > 4  # more than one window
    # When it syncs
    report = syncing.sync(trio.edu1, trio.share)
    # Then everything is published, in bundles of at most a window each, chained in order
    assert report.exported == pending and report.outcome == "ok"
    assert report.bundles_exported == -(-pending // 4)
    with trio.edu1.session() as session:
        assert syncing.pending_count(session, trio.edu1.device_id) == 0
    sync_all(trio)
    assert len(set(dumps(trio))) == 1
    for who in trio.all:
        assert integrity.check(who).sound


def test_a_snapshot_is_written_part_by_part_with_every_operation_in_order(
    trio: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minorifamiglie.services import snapshot
    from minorifamiglie.services.snapshot import operation_of
    from minorifamiglie.storage import models as m

    # Given a coordinator whose log would fill several small parts
    new_case(trio.edu1, summary='Virgolette "doppie" e accenti: è')
    sync_all(trio)
    monkeypatch.setattr(snapshot, "split_sized", lambda sizes: split_sized(sizes, 2048))
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        # When a new member is admitted
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        # Then its parts hold the coordinator's whole log, in order, as the log stores it
        folder = trio.folder(trio.coord)
        parts = folder.snapshot_parts(late.device_id)
        assert len(parts) > 1
        coordinator = (trio.coord.device_id, trio.keys(trio.coord).signing_key.public_key())
        identity = trio.keys(late).identity
        read: list[Operation] = []
        for number, path in sorted(parts):
            header, ops = read_snapshot(
                path, coordinator, identity, team_id=folder.team_id, for_device=late.device_id
            )
            assert (header.part, header.parts) == (number, len(parts))
            read.extend(ops)
        with trio.coord.session() as session:
            rows = session.query(m.ChangeRow).order_by(m.ChangeRow.seq).all()
            assert read == [operation_of(r) for r in rows]
        # and the member starts from it, then converges with the team
        assert syncing.sync(late, trio.share).imported >= len(rows)
        sync_all(trio)
        syncing.sync(late, trio.share)
        assert dump.dump_json(late) == dump.dump_json(trio.coord)
        assert integrity.check(late).sound
    finally:
        late.close()


# ------------------------------------------------------------------------------ a hostile share


def _sparse(path: Path, size: int = 600 * 2**20, head: bytes = b"MFBD") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:  # sparse: 600 MiB that cost no disk
        fh.write(head)
        fh.truncate(size)
    return path


def _sync_traced(who: OpenProfile, share: Path) -> tuple[syncing.SyncReport, int]:
    tracemalloc.start()
    try:
        report = syncing.sync(who, share)
        return report, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_600_mib_file_at_a_bundle_slot_is_refused_unread(trio: Team) -> None:
    folder, path, before = _prepare_refusal(trio)
    path.unlink()
    _sparse(path)
    report, peak = _sync_traced(trio.edu2, trio.share)
    assert [(r.file, r.reason, r.detail) for r in report.refused] == [
        (str(path.relative_to(folder.root)), "too_large", "file")
    ]
    assert "supera la dimensione massima" in report.refused[0].message()
    assert peak < 4 * 2**20  # the whole sync; reading the file would be 600 MiB
    assert dump.dump_json(trio.edu2) == before
    assert integrity.check(trio.edu2).sound


def test_a_600_mib_roster_or_snapshot_part_is_passed_over_unread(
    trio: Team, tmp_path: Path
) -> None:
    new_case(trio.coord)
    sync_all(trio)
    folder = trio.folder(trio.coord)
    newest = folder.rosters()[-1][0]
    forged = _sparse(folder.roster(newest + 1), head=b"{")  # a forged "next roster"
    report, peak = _sync_traced(trio.edu1, trio.share)
    assert report.refused == [] and peak < 8 * 2**20
    forged.unlink()
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        part = folder.snapshot_parts(late.device_id)[0][1]
        part.unlink()
        _sparse(part, head=b"MFSN")
        report, peak = _sync_traced(late, trio.share)
        assert (report.refused[0].file, report.refused[0].reason) == (
            str(part.relative_to(folder.root)),
            "too_large",
        )
        assert report.imported == 0 and peak < 8 * 2**20
        assert integrity.check(late).sound
    finally:
        late.close()


def test_an_attachment_blob_with_a_300_kb_age_header_line_is_refused_fast(trio: Team) -> None:
    case_id = new_case(trio.edu1)
    content = b"%PDF-1.4 relazione\n" * 30_000  # 570 KB: the junk is within its cap
    att = attachments.add_attachment(trio.edu1, case_id, filename="relazione.pdf", content=content)
    syncing.sync(trio.edu1, trio.share)
    blob = trio.folder(trio.edu1).blob(att.id)
    held = blob.read_bytes()
    # age's own parser takes about 12 s to refuse this
    blob.write_bytes(b"age-encryption.org/v1\n-> X25519 " + b"A" * 300_000 + b"\n--- x\n")
    started = time.process_time()  # CPU time: a loaded machine is not a slow refusal
    report = syncing.sync(trio.coord, trio.share)
    assert time.process_time() - started < 5.0
    assert [(r.reason, r.detail) for r in report.refused] == [("not_decryptable", "age header")]
    with pytest.raises(DomainError, match="non è ancora arrivato"):
        attachments.read_attachment(trio.coord, att.id)
    blob.write_bytes(held)  # the real one arrives: fetched and checked as usual
    assert syncing.sync(trio.coord, trio.share).attachments_fetched == 1
    assert attachments.read_attachment(trio.coord, att.id)[1] == content


def test_an_oversized_team_file_or_join_request_is_refused_unread(
    trio: Team, tmp_path: Path
) -> None:
    folder = trio.folder(trio.coord)
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, trio.share)
        request = folder.request(late.device_id)
        request.unlink()
        _sparse(request, head=b"{")
        tracemalloc.start()
        try:
            shown = team.show(trio.coord, trio.share)
            with pytest.raises(team.TeamError, match="team file too large"):
                team.admit(trio.coord, late.device_id)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert late.device_id not in {d.device_id for d in shown.devices}
        assert peak < 8 * 2**20
        held = folder.team_file.read_bytes()
        _sparse(folder.team_file, sh.MAX_TEAM_FILE + 1, head=held)
        with pytest.raises(team.TeamError, match="File dell'équipe non valido"):
            team.join_team(late, trio.share)
    finally:
        late.close()


# ------------------------------------------------------------------------------ junk at a slot


def _junk_at_next_slot(trio: Team, junk: bytes) -> tuple[sh.TeamFolder, uuid.UUID, Path]:
    """edu1 has published bundle 1, applied everywhere; something it did not write is then
    placed where its bundle 2 would go."""
    case_id = new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder(trio.edu1)
    slot = folder.bundle(trio.edu1.device_id, 2)
    slot.write_bytes(junk)
    return folder, case_id, slot


def _set_aside(report: syncing.SyncReport) -> list[tuple[str, str, str]]:
    return [(r.file, r.reason, r.detail) for r in report.refused]


@pytest.mark.parametrize("junk", [b"spazzatura", b""], ids=["junk", "empty"])
def test_junk_at_a_devices_next_slot_does_not_silence_it(trio: Team, junk: bytes) -> None:
    folder, case_id, slot = _junk_at_next_slot(trio, junk)
    rel = str(slot.relative_to(folder.root))
    me = trio.edu1.device_id
    cases.edit_case(trio.edu1, str(case_id), {"summary": "scritta dopo il file estraneo"},
                    today=TODAY)  # fmt: skip
    report = syncing.sync(trio.edu1, trio.share)
    assert report.bundles_exported == 1 and report.exported > 0
    assert _set_aside(report) == [(rel, "set_aside", "bad_magic")]
    assert "messo da parte" in report.refused[0].message()
    assert slot.read_bytes() == junk  # left where it is, never deleted
    written = folder.bundle(me, 3).read_bytes()
    header = b.signed_header(written, {me: trio.keys(trio.edu1).signing_key.public_key()})
    assert header.prev_hash == ct.file_sha256(folder.bundle(me, 1).read_bytes())
    for who in (trio.edu2, trio.coord):  # each reader moves past it once, and says so
        report = syncing.sync(who, trio.share)
        assert _set_aside(report) == [(rel, "set_aside", "bad_magic")]
        assert report.bundles_imported == 1
    sync_all(trio)  # no refusal left anywhere
    assert len(set(dumps(trio))) == 1
    assert json.loads(dumps(trio)[0])["cases"][0]["summary"] == "scritta dopo il file estraneo"
    for who in trio.all:
        assert integrity.check(who).sound
    cases.edit_case(trio.edu1, str(case_id), {"summary": "e poi ancora"}, today=TODAY)
    sync_all(trio)  # the chain goes on from bundle 3
    assert [s for s, _ in folder.bundles(me)] == [1, 2, 3, 4]
    assert len(set(dumps(trio))) == 1


def test_a_copy_of_another_bundle_and_a_600_mib_file_are_moved_past_too(trio: Team) -> None:
    folder, case_id, slot = _junk_at_next_slot(trio, b"")
    me = trio.edu1.device_id
    # slot 2: a copy of its own bundle 1 (validly signed, wrong place); slot 3: another
    # device's bundle; slot 4: a huge file
    slot.write_bytes(folder.bundle(me, 1).read_bytes())
    new_case(trio.edu2)
    syncing.sync(trio.edu2, trio.share)
    shutil.copy(folder.bundle(trio.edu2.device_id, 1), folder.bundle(me, 3))
    _sparse(folder.bundle(me, 4))
    cases.edit_case(trio.edu1, str(case_id), {"summary": "dopo tre file estranei"}, today=TODAY)
    tracemalloc.start()
    try:
        report = syncing.sync(trio.edu1, trio.share)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20
    assert [(r.reason, r.detail) for r in report.refused] == [
        ("set_aside", "misplaced"),  # its own signature, another sequence
        ("set_aside", "signer_unknown"),  # not its signature
        ("set_aside", "too_large"),
    ]
    assert [s for s, _ in folder.bundles(me)] == [1, 2, 3, 4, 5]
    for who in (trio.coord, trio.edu2):
        report = syncing.sync(who, trio.share)
        assert [(r.reason, r.detail) for r in report.refused] == [
            ("set_aside", "replayed"),
            ("set_aside", "misplaced"),
            ("set_aside", "too_large"),
        ]
    sync_all(trio)
    assert len(set(dumps(trio))) == 1
    for who in trio.all:
        assert integrity.check(who).sound


def test_a_damaged_bundle_its_device_wrote_is_not_moved_past(trio: Team) -> None:
    """Only the device's own signed word moves a reader past a slot: a bundle it wrote and
    recorded, damaged on the share, keeps its readers waiting until the device puts it back,
    which a bundle published before revision 0008 (no copy kept) never is."""
    _, path, before = _prepare_refusal(trio)
    with trio.edu1.session() as session:
        session.execute(delete(m.PublishedBundleRow))
    path.write_bytes(b"spazzatura")
    case_id = json.loads(dump.dump_json(trio.edu1))["cases"][0]["id"]
    cases.edit_case(trio.edu1, case_id, {"summary": "terza versione"}, today=TODAY)
    report = syncing.sync(trio.edu1, trio.share)
    assert report.bundles_exported == 1 and report.refused == [] and report.restored == 0
    assert _refused(trio, before) == ["bad_magic"]


def test_a_device_that_went_past_a_slot_that_is_later_emptied_is_still_followed(
    trio: Team,
) -> None:
    _, case_id, slot = _junk_at_next_slot(trio, b"spazzatura")
    cases.edit_case(trio.edu1, str(case_id), {"summary": "oltre"}, today=TODAY)
    syncing.sync(trio.edu1, trio.share)
    slot.unlink()  # someone tidied the folder: bundle 3 still says it follows bundle 1
    report = syncing.sync(trio.edu2, trio.share)
    assert report.refused == [] and report.bundles_imported == 1
    sync_all(trio)
    assert len(set(dumps(trio))) == 1


def test_every_refusal_a_sync_reports_is_documented() -> None:
    # docs/team-folder.md's table (and bundle-format.md's codes) is what a coordinator reads
    # when a sync says a file was refused: a reason missing there is a message nobody explains
    docs = Path(__file__).resolve().parents[3] / "docs"
    text = (docs / "team-folder.md").read_text() + (docs / "bundle-format.md").read_text()
    assert [reason for reason in syncing.SYNC_REASONS if f"`{reason}`" not in text] == []
