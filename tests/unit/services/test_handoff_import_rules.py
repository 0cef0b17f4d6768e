"""What a hand-off import holds to beyond each value's bounds: a case code no other case has
(here or in the bundle), the rules between fields that this profile's own services enforce
(an attachment's file name, a visit's times, a case's dates), records of the manifest's cases
only, a legitimately compressible attachment that round trips, and a passphrase whose scrypt
work factor age would spend gigabytes on, refused before age runs it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import struct
import sys
import time
import tracemalloc
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from sqlalchemy import select

from minorifamiglie.domain.enums import MemberRole, OpKind, Role, Service
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.services import (
    activations,
    attachments,
    case_removal,
    cases,
    dump,
    handoff,
    handoff_import,
    integrity,
    profiles,
    records,
    visits,
)
from minorifamiglie.services.apply import apply_operations
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.operations import Operation
from support.clock import TODAY
from support.profiles import PASSPHRASE, ProfileCopies

DATA = Path(__file__).resolve().parents[2] / "data"
sys.path.insert(0, str(DATA))
from make_age_passphrase import PASSPHRASE as AGE_PASSPHRASE  # noqa: E402
from make_age_passphrase import seal as age_seal  # noqa: E402

Doc = dict[str, Any]


@pytest.fixture
def other(tmp_path: Path, profile_copy: ProfileCopies) -> Iterator[OpenProfile]:
    root = profile_copy(tmp_path / "altro", "Marta Colombo", Role.SOCIAL_WORKER, "portatile-as")
    op = profiles.unlock(root, PASSPHRASE)
    try:
        yield op
    finally:
        op.close()


@pytest.fixture
def key() -> Any:
    return pyrage.x25519.Identity.generate()


def identity(key: Any) -> str:
    return f"{key}\n"


def export(opened: OpenProfile, refs: list[str], key: Any, target: Path) -> dict[str, bytes]:
    """The cases exported to `key`, and the files of the bundle as the recipient reads them."""
    handoff.export_cases(opened, refs, recipient=str(key.to_public()), target=target)
    archive = zipfile.ZipFile(io.BytesIO(pyrage.decrypt(target.read_bytes(), [key])))
    return {name: archive.read(name) for name in archive.namelist()}


def altered(
    bundle: dict[str, bytes],
    case_id: uuid.UUID,
    change: Callable[[Doc], None],
    key: Any,
    path: Path,
) -> Path:
    """The bundle with one case.json changed and the manifest's hash made to match it, zipped
    and encrypted again, as anyone holding the recipient's public key can."""
    name = f"cases/{case_id}/case.json"
    doc = json.loads(bundle[name])
    change(doc)
    return sealed({**bundle, name: json.dumps(doc).encode()}, key, path)


def sealed(files: dict[str, bytes], key: Any, path: Path, counts: bool = True) -> Path:
    """These entries (the manifest's hashes and, unless `counts` is false, its counts made to
    match), zipped and encrypted to `key`."""
    files = dict(files)
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in files.items()
                         if n != "manifest.json"}  # fmt: skip
    for name, data in files.items():
        if counts and name.endswith("/case.json") and "counts" in manifest:
            records = json.loads(data)["records"]
            per_table = {table: len(rows) for table, rows in records.items() if rows}
            manifest["counts"][name.split("/")[1]] = per_table
    files["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            archive.writestr(entry, data)
    path.write_bytes(pyrage.encrypt(buffer.getvalue(), [key.to_public()]))
    return path


def refused(other: OpenProfile, source: Path, key: Any, match: str) -> str:
    """The import refused with `match` in its one line, in a dry run and for real, and the
    profile as it was."""
    before = dump.dump_json(other)
    for dry_run in (True, False):
        with pytest.raises(DomainError, match=match) as error:
            handoff_import.import_bundle(other, source, identity=identity(key), dry_run=dry_run)
    assert dump.dump_json(other) == before
    message = str(error.value)
    assert "\n" not in message and "nulla è stato importato" in message
    return message


def add_second_case(opened: OpenProfile) -> Any:
    return cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Sara Pesenti",
        birth_date=dt.date(2014, 1, 9), today=TODAY,
    )  # fmt: skip


# ------------------------------------------------------------------------------ case codes


def test_a_case_whose_code_another_case_here_has_is_refused_whole(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given a case of the receiving profile, and a bundle whose (other) case carries its code
    mine = cases.add_case(other, ambito="VBR", service=Service.ADM, minor_name="Ada Testa",
                          today=TODAY)  # fmt: skip
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")

    def same_code(doc: Doc) -> None:
        doc["records"]["cases"][0]["code"] = mine.code.lower()  # looked up ignoring case

    source = altered(bundle, case_file.case.id, same_code, key, tmp_path / "doppio.age")
    # Then it is refused whole, naming the code, and the code still names one case
    message = refused(other, source, key, "codice di cartella")
    assert mine.code.lower() in message and "di questo profilo" in message
    assert cases.show_case(other, mine.code, today=TODAY).case.id == mine.id


def test_two_cases_of_one_bundle_with_one_code_are_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    second = add_second_case(opened)
    bundle = export(opened, [case_file.case.code, second.code], key, tmp_path / "consegna.age")

    def first_code(doc: Doc) -> None:
        doc["records"]["cases"][0]["code"] = case_file.case.code

    source = altered(bundle, second.id, first_code, key, tmp_path / "doppio.age")
    assert "dello stesso pacchetto" in refused(other, source, key, "codice di cartella")


@pytest.mark.parametrize("code", ["", "   "])
def test_a_case_without_a_code_is_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path, code: str
) -> None:
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")

    def no_code(doc: Doc) -> None:
        doc["records"]["cases"][0]["code"] = code

    source = altered(bundle, case_file.case.id, no_code, key, tmp_path / "senza.age")
    refused(other, source, key, r"cases\.code: Codice: campo obbligatorio")


def test_a_case_already_here_by_id_keeps_its_code_without_a_clash(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # The same bundle twice: the second time its case is this profile's own, not a clash
    target = tmp_path / "consegna.age"
    export(opened, [case_file.case.code], key, target)
    handoff_import.import_bundle(other, target, identity=identity(key))
    again = handoff_import.import_bundle(other, target, identity=identity(key))
    assert (again.inserted, again.cases_present) == (0, 1)


# ---------------------------------------------------------------- rules between fields


def visit_ends_before_it_starts(doc: Doc) -> None:
    doc["records"]["visits"][0].update(start_time="18:00", end_time="08:00")


def case_closed_before_it_opened(doc: Doc) -> None:
    doc["records"]["cases"][0].update(status="chiusa", closed_on="1990-01-01")


def activation_ends_before_it_starts(doc: Doc) -> None:
    doc["records"]["service_activations"][0].update(start_on="2030-01-01", end_on="2020-01-01")


def attachment_named(name: str) -> Callable[[Doc], None]:
    def rename(doc: Doc) -> None:
        doc["records"]["attachments"][0]["filename"] = name

    return rename


FIELD_RULES: dict[str, tuple[Callable[[Doc], None], str]] = {
    "visit ends before it starts": (visit_ends_before_it_starts, r"visits\.end_time: L'ora"),
    "case closed before it opened": (case_closed_before_it_opened, r"cases\.closed_on: La data"),
    "activation ends before it starts": (
        activation_ends_before_it_starts,
        r"service_activations\.end_on: La data",
    ),
    "attachment name climbing folders": (
        attachment_named("../../../../tmp/evil.sh"),
        r"attachments\.filename",
    ),
    "attachment name with control characters": (
        attachment_named("a\x00\x1b.pdf"),
        r"attachments\.filename",
    ),
    "attachment name empty": (attachment_named(""), r"attachments\.filename"),
    "attachment name with a Windows path": (
        attachment_named("C:\\Utenti\\relazione.pdf"),
        r"attachments\.filename",
    ),
}


@pytest.fixture
def rich_case(opened: OpenProfile, case_file: Any) -> Any:
    ref = str(case_file.case.id)
    visits.add_visit(opened, case=ref, date=dt.date(2026, 10, 6), start=dt.time(15),
                     end=dt.time(17), place="Domicilio", notes="Compiti.", today=TODAY)  # fmt: skip
    activations.add_activation(opened, ref, service=Service.ADM, start_on=dt.date(2026, 9, 1),
                               authorised_hours=6)  # fmt: skip
    attachments.add_attachment(opened, ref, filename="relazione.pdf", content=b"%PDF-1.4 r")
    return case_file


@pytest.mark.parametrize("rule", sorted(FIELD_RULES))
def test_what_the_local_services_refuse_is_refused_on_import(
    opened: OpenProfile, other: OpenProfile, rich_case: Any, key: Any, tmp_path: Path, rule: str
) -> None:
    change, reason = FIELD_RULES[rule]
    bundle = export(opened, [rich_case.case.code], key, tmp_path / "consegna.age")
    source = altered(bundle, rich_case.case.id, change, key, tmp_path / "alterato.age")
    message = refused(other, source, key, reason)
    assert message.startswith("Pacchetto danneggiato o alterato: nulla è stato importato (")
    assert "evil" not in message and "\x1b" not in message  # the rule, never the value


def test_the_same_rules_pass_the_applications_own_export(
    opened: OpenProfile, other: OpenProfile, rich_case: Any, key: Any, tmp_path: Path
) -> None:
    target = tmp_path / "consegna.age"
    export(opened, [rich_case.case.code], key, target)
    got = handoff_import.import_bundle(other, target, identity=identity(key))
    assert got.attachments == 1
    assert integrity.check(other).sound


# ------------------------------------------------------------- records of other cases


def smuggled_case(doc: Doc) -> None:
    case = doc["records"]["cases"][0]
    doc["records"]["cases"].append(dict(case, id=str(uuid.uuid4()), code="VBR-2026-0900-ZZZ"))


def test_a_case_the_manifest_does_not_list_is_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")
    source = altered(bundle, case_file.case.id, smuggled_case, key, tmp_path / "due.age")
    refused(other, source, key, "cartella non elencata nel manifest")
    assert cases.list_cases(other) == []


def test_a_record_added_to_a_case_of_this_profile_is_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given a case of the receiving profile, and a bundle slipping a member into it
    mine = cases.add_case(other, ambito="VBR", service=Service.ADM, minor_name="Ada Testa",
                          today=TODAY)  # fmt: skip
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")

    def into_mine(doc: Doc) -> None:
        doc["records"]["case_members"][0].update(id=str(uuid.uuid4()), case_id=str(mine.id))

    source = altered(bundle, case_file.case.id, into_mine, key, tmp_path / "intruso.age")
    refused(other, source, key, "cartella non elencata nel manifest")


def amended_visit_and_theirs(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> tuple[Any, dict[str, bytes]]:
    """A signed visit of another case of the receiving profile, and the sender's bundle of
    its case with a signed visit that has an amendment."""
    mine = cases.add_case(other, ambito="VBR", service=Service.ADM, minor_name="Ada Testa",
                          today=TODAY)  # fmt: skip
    theirs = visits.add_visit(other, case=str(mine.id), date=dt.date(2026, 10, 1),
                              start=dt.time(9), end=dt.time(10), place="Scuola",
                              notes="Colloquio.", close=True, today=TODAY)  # fmt: skip
    ref = str(case_file.case.id)
    visit = visits.add_visit(opened, case=ref, date=dt.date(2026, 10, 6), start=dt.time(15),
                             end=dt.time(17), place="Domicilio", notes="Compiti.", close=True,
                             today=TODAY)  # fmt: skip
    visits.amend_visit(opened, visit.id, "Integrazione.")
    bundle = export(opened, [ref], key, tmp_path / "consegna.age")
    return theirs, bundle


def test_an_amendment_to_a_visit_of_this_profile_is_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given a signed visit in the receiving profile, and a bundle carrying an amendment to it
    theirs, bundle = amended_visit_and_theirs(opened, other, case_file, key, tmp_path)

    def onto_theirs(doc: Doc) -> None:
        doc["records"]["visit_amendments"][0]["visit_id"] = str(theirs.id)

    source = altered(bundle, case_file.case.id, onto_theirs, key, tmp_path / "intruso.age")
    refused(other, source, key, "cartella non elencata nel manifest")


def test_a_visit_counting_its_hours_in_an_activation_of_another_case_is_refused(
    opened: OpenProfile, other: OpenProfile, rich_case: Any, key: Any, tmp_path: Path
) -> None:
    # Given an activation of a case of the receiving profile, and a bundle whose visit counts
    # its hours in it, or whose document hangs on a visit of that case
    mine = cases.add_case(other, ambito="VBR", service=Service.ADM, minor_name="Ada Testa",
                          today=TODAY)  # fmt: skip
    activation = activations.add_activation(
        other, str(mine.id), service=Service.ADM, start_on=dt.date(2026, 9, 1), authorised_hours=6
    )
    visit = visits.add_visit(other, case=str(mine.id), date=dt.date(2026, 10, 1),
                             start=dt.time(9), end=dt.time(10), today=TODAY)  # fmt: skip
    bundle = export(opened, [rich_case.case.code], key, tmp_path / "consegna.age")

    def hours_elsewhere(doc: Doc) -> None:
        doc["records"]["visits"][0]["activation_id"] = str(activation.id)

    def document_elsewhere(doc: Doc) -> None:
        doc["records"]["attachments"][0]["visit_id"] = str(visit.id)

    for change in (hours_elsewhere, document_elsewhere):
        source = altered(bundle, rich_case.case.id, change, key, tmp_path / "incrocio.age")
        refused(other, source, key, "rimanda a un'altra cartella")
    # the bundle's own visit in the bundle's own activation is its ordinary content
    (own,) = json.loads(bundle[f"cases/{rich_case.case.id}/case.json"])["records"][
        "service_activations"
    ]

    def hours_in_own(doc: Doc) -> None:
        doc["records"]["visits"][0]["activation_id"] = own["id"]

    source = altered(bundle, rich_case.case.id, hours_in_own, key, tmp_path / "propria.age")
    handoff_import.import_bundle(other, source, identity=identity(key))
    assert integrity.check(other).sound


# ------------------------------------------- what the profile has, and lists of ids


def test_a_visit_of_this_profile_relabelled_as_the_bundles_carries_no_amendment_in(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given a visit of another case of the receiving profile, and a bundle carrying a copy of
    # that visit labelled as the bundle's own case, with an amendment on it
    theirs, bundle = amended_visit_and_theirs(opened, other, case_file, key, tmp_path)

    def relabelled(doc: Doc) -> None:
        copy = dict(doc["records"]["visits"][0], id=str(theirs.id), activation_id=None)
        doc["records"]["visits"].append(copy)
        amendment = dict(doc["records"]["visit_amendments"][0], id=str(uuid.uuid4()))
        doc["records"]["visit_amendments"].append(dict(amendment, visit_id=str(theirs.id)))

    source = altered(bundle, case_file.case.id, relabelled, key, tmp_path / "intruso.age")
    refused(other, source, key, "un record rimanda a un'altra cartella")


def another_case_here(other: OpenProfile) -> Any:
    """A case of the receiving profile, with its child and a goal: what a bundle may not name."""
    mine = cases.add_case(other, ambito="VBR", service=Service.ADM, minor_name="Ada Testa",
                          today=TODAY)  # fmt: skip
    records.add_goal(other, str(mine.id), title="Frequenza scolastica regolare")
    return cases.show_case(other, mine.code, today=TODAY)


@pytest.mark.parametrize("whom", ["a person of another case here", "a person nowhere"])
def test_a_visit_naming_present_a_person_not_of_its_case_is_refused(
    opened: OpenProfile, other: OpenProfile, rich_case: Any, key: Any, tmp_path: Path, whom: str
) -> None:
    # That person's record would leave with this case at the recipient's next export
    detail = another_case_here(other)
    person = detail.members[0].person.id if whom.endswith("here") else uuid.uuid4()
    bundle = export(opened, [rich_case.case.code], key, tmp_path / "consegna.age")

    def present(doc: Doc) -> None:
        doc["records"]["visits"][0]["present_person_ids"] = json.dumps([str(person)])

    source = altered(bundle, rich_case.case.id, present, key, tmp_path / "presenti.age")
    refused(other, source, key, "presenti che non sono della sua cartella")


def test_a_visit_naming_a_goal_of_another_case_is_refused(
    opened: OpenProfile, other: OpenProfile, rich_case: Any, key: Any, tmp_path: Path
) -> None:
    detail = another_case_here(other)
    bundle = export(opened, [rich_case.case.code], key, tmp_path / "consegna.age")

    def goals(doc: Doc) -> None:
        doc["records"]["visits"][0]["goal_ids"] = json.dumps([str(detail.goals[0].id)])

    source = altered(bundle, rich_case.case.id, goals, key, tmp_path / "obiettivi.age")
    refused(other, source, key, "obiettivi di un'altra cartella")


def test_an_export_leaves_out_whom_and_what_a_visit_names_of_another_case(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given a visit that names as present a person of another case of this profile, and a
    # goal of it, as a tampered teammate's edit can (the application shows neither)
    ref = str(case_file.case.id)
    visit = visits.add_visit(opened, case=ref, date=dt.date(2026, 10, 6), start=dt.time(15),
                             end=dt.time(17), today=TODAY)  # fmt: skip
    stranger = another_case_here(opened)
    person, goal = stranger.members[0].person, stranger.goals[0]
    own = cases.show_case(opened, ref, today=TODAY).members[0].person.id
    with opened.read_session() as session:
        logged = session.execute(
            select(m.ChangeRow).where(m.ChangeRow.entity_id == visit.id)
        ).scalar_one()
    teammate = uuid.UUID("018f0000-0000-7000-8000-00000000ca5e")
    stamp = Timestamp(int(opened.now().timestamp() * 1000) + 1, 0, teammate.hex).encode()
    listed = {"present_person_ids": json.dumps(sorted([str(own), str(person.id)])),
              "goal_ids": json.dumps([str(goal.id)])}  # fmt: skip
    edit = Operation(uuid.uuid4(), teammate, stamp, "visits", visit.id, OpKind.UPDATE, listed,
                     logged.op_id)  # fmt: skip
    with opened.session() as session:
        apply_operations(session, [edit])
    # When it is exported, then neither that person's record nor the ids leave with the case
    target = tmp_path / "consegna.age"
    bundle = export(opened, [ref], key, target)
    doc = json.loads(bundle[f"cases/{ref}/case.json"])
    assert str(person.id) not in {p["id"] for p in doc["records"]["persons"]}
    assert person.last_name.encode() not in bundle[f"cases/{ref}/case.json"]
    (exported,) = doc["records"]["visits"]
    assert json.loads(exported["present_person_ids"]) == [str(own)]
    assert json.loads(exported["goal_ids"]) == []
    got = handoff_import.import_bundle(other, target, identity=identity(key))
    assert got.inserted > 0 and integrity.check(other).sound


def test_a_person_of_another_case_here_is_not_tied_to_the_files_case_by_id_alone(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # A membership naming the recipient's person of another case, carried with a made-up copy
    # of that person: imported, the person's real record left with this case at its export
    stranger = another_case_here(other).members[0].person
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")

    def tied(doc: Doc) -> None:
        person = dict(doc["records"]["persons"][0], id=str(stranger.id), first_name="X",
                      last_name="Y", tax_code=None, birth_date=None)  # fmt: skip
        doc["records"]["persons"].append(person)
        member = dict(doc["records"]["case_members"][0], id=str(uuid.uuid4()))
        doc["records"]["case_members"].append(dict(member, person_id=str(stranger.id)))

    source = altered(bundle, case_file.case.id, tied, key, tmp_path / "legata.age")
    refused(other, source, key, "non corrisponde a quella con lo stesso identificativo")


def test_a_person_shared_by_two_cases_arrives_with_the_second(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # A sibling's case names the same mother: the second file ties her, as she is, to it
    export(opened, [case_file.case.code], key, tmp_path / "prima.age")
    handoff_import.import_bundle(other, tmp_path / "prima.age", identity=identity(key))
    mother = cases.show_case(opened, case_file.case.code, today=TODAY).members[0].person
    sibling = add_second_case(opened)
    cases.link_person(opened, sibling.code, mother.id, MemberRole.MOTHER)
    export(opened, [sibling.code], key, tmp_path / "seconda.age")
    got = handoff_import.import_bundle(other, tmp_path / "seconda.age", identity=identity(key))
    assert got.inserted > 0 and integrity.check(other).sound
    people = {m.person.id for m in cases.show_case(other, sibling.code, today=TODAY).members}
    assert mother.id in people


def moved_to(
    bundle: dict[str, bytes], old: uuid.UUID, new: uuid.UUID, key: Any, path: Path
) -> Path:
    """The bundle with its case's id replaced everywhere (entry names, manifest, records)."""
    files = {
        name.replace(str(old), str(new)): data.replace(str(old).encode(), str(new).encode())
        for name, data in bundle.items()
    }
    return sealed(files, key, path)


def test_nothing_is_imported_into_a_case_deleted_here(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given a case deleted in the receiving profile, and a bundle of a case with its id
    gone = cases.add_case(other, ambito="VBR", service=Service.ADM, minor_name="Ada Testa",
                          today=TODAY)  # fmt: skip
    case_removal.delete_empty_case(other, str(gone.id))
    visits.add_visit(opened, case=str(case_file.case.id), date=dt.date(2026, 10, 6),
                     start=dt.time(15), end=dt.time(17), today=TODAY)  # fmt: skip
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")
    source = moved_to(bundle, case_file.case.id, gone.id, key, tmp_path / "eliminata.age")
    # Then it is refused: its records would sit in a case nobody sees
    message = refused(other, source, key, "è stata eliminata in questo profilo")
    assert "ripristinarla" in message
    # named as this profile knows it, the code to look for among its deleted cases
    assert gone.code != case_file.case.code
    assert gone.code in message and case_file.case.code not in message


def test_a_case_the_bundle_itself_says_is_deleted_is_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")

    def deleted(doc: Doc) -> None:
        doc["records"]["cases"][0]["deleted_at"] = "2026-10-01T10:00:00.000000+00:00"

    source = altered(bundle, case_file.case.id, deleted, key, tmp_path / "eliminata.age")
    refused(other, source, key, "una cartella del pacchetto risulta eliminata")
    assert cases.list_cases(other) == []


def test_a_case_file_of_millions_of_empty_objects_is_refused_before_it_is_parsed(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # 8 MB of "{}," in a key the importer ignores: parsed, some 1.7 GB of objects
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")
    name = f"cases/{case_file.case.id}/case.json"
    padded = b'{"imbottitura":[' + b"{}," * 2_000_000 + b"{}]," + bundle[name][1:]
    source = sealed({**bundle, name: padded}, key, tmp_path / "bomba.age")
    tracemalloc.start()
    try:
        refused(other, source, key, "JSON con troppi valori")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB"  # about 12 here


def test_a_big_file_that_is_no_age_file_is_refused_from_its_first_kilobytes(
    other: OpenProfile, key: Any, tmp_path: Path
) -> None:
    # 300 MiB of zeros (sparse: no disk used) passed for a hand-off file
    junk = tmp_path / "zeri.age"
    with junk.open("wb") as fh:
        fh.truncate(300 * 2**20)
    before = dump.dump_json(other)
    tracemalloc.start()
    try:
        with pytest.raises(DomainError) as error:
            handoff_import.import_bundle(other, junk, identity=identity(key), dry_run=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB"  # read whole, it took 300
    assert str(error.value) == handoff_import.REFUSED_DECRYPT
    assert dump.dump_json(other) == before


def test_a_case_file_with_a_key_of_its_own_is_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")

    def extra(doc: Doc) -> None:
        doc["note_nascoste"] = "testo che nessuno vedrebbe"

    source = altered(bundle, case_file.case.id, extra, key, tmp_path / "extra.age")
    refused(other, source, key, "case.json con campi sconosciuti")


def test_a_case_folder_without_its_case_file_is_named(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")
    del bundle[f"cases/{case_file.case.id}/case.json"]
    refused(other, sealed(bundle, key, tmp_path / "senza.age"), key, "manca case.json")


# ------------------------------------------ the manifest and documents, nothing unseen


def test_a_document_no_attachment_accounts_for_is_refused(
    opened: OpenProfile, other: OpenProfile, rich_case: Any, key: Any, tmp_path: Path
) -> None:
    # Given the exported file with one more document in the case's folder, listed with its
    # hash in the manifest but named by no attachment of case.json
    bundle = export(opened, [rich_case.case.code], key, tmp_path / "consegna.age")
    extra = f"cases/{rich_case.case.id}/allegati/{uuid.uuid4()}-nascosto.pdf"
    source = sealed({**bundle, extra: b"%PDF-1.4 nessuno lo vedrebbe"}, key, tmp_path / "x.age")
    # Then it is refused whole: no bytes travel that no record accounts for
    refused(other, source, key, "i documenti dell'archivio non corrispondono agli allegati")


def stray_attachment_file(doc: Doc) -> None:
    """attachment_files names an attachment the case file does not hold."""
    [path] = doc["attachment_files"].values()
    doc["attachment_files"][str(uuid.uuid4())] = path


def attachment_file_as_list(doc: Doc) -> None:
    """attachment_files gives an attachment's entry as a list, not a name."""
    [(att, path)] = doc["attachment_files"].items()
    doc["attachment_files"][att] = [path]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (stray_attachment_file, "i documenti dell'archivio non corrispondono agli allegati"),
        (attachment_file_as_list, "allegato mancante"),
    ],
    ids=["naming no attachment", "a list"],
)
def test_attachment_files_out_of_shape_are_refused(
    opened: OpenProfile,
    other: OpenProfile,
    rich_case: Any,
    key: Any,
    tmp_path: Path,
    change: Callable[[Doc], None],
    reason: str,
) -> None:
    bundle = export(opened, [rich_case.case.code], key, tmp_path / "consegna.age")
    source = altered(bundle, rich_case.case.id, change, key, tmp_path / "alterato.age")
    refused(other, source, key, reason)


def with_manifest(bundle: dict[str, bytes], change: Callable[[Doc], None]) -> dict[str, bytes]:
    manifest = json.loads(bundle["manifest.json"])
    change(manifest)
    return {**bundle, "manifest.json": json.dumps(manifest).encode()}


def test_counts_that_do_not_match_the_records_are_refused(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given the file with one record removed from case.json, and the manifest's hash (but not
    # its counts) made to match
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")
    name = f"cases/{case_file.case.id}/case.json"
    doc = json.loads(bundle[name])
    doc["records"]["persons"].pop()
    changed = {**bundle, name: json.dumps(doc).encode()}
    source = sealed(changed, key, tmp_path / "conteggi.age", counts=False)
    refused(other, source, key, "i conteggi del manifest non corrispondono ai record")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(nota="testo nascosto"), "manifest con campi mancanti o sconosciuti"),
        (lambda d: d.pop("counts"), "manifest con campi mancanti o sconosciuti"),
        (lambda d: d.update(created_at="0000-00-00"), "data del manifest non valida"),
        (lambda d: d.update(device_id="{" + d["device_id"] + "}"), "identificativi non validi"),
        (lambda d: d.update(bundle_id=d["bundle_id"].upper()), "identificativi non validi"),
    ],
    ids=["unknown key", "counts missing", "bad date", "braced id", "upper-case id"],
)
def test_a_manifest_out_of_shape_is_refused(
    opened: OpenProfile,
    other: OpenProfile,
    case_file: Any,
    key: Any,
    tmp_path: Path,
    change: Callable[[Doc], None],
    reason: str,
) -> None:
    bundle = export(opened, [case_file.case.code], key, tmp_path / "consegna.age")
    source = sealed(with_manifest(bundle, change), key, tmp_path / "manifest.age")
    refused(other, source, key, reason)


# ------------------------------------------------------- a highly compressible attachment


def blank_scan() -> bytes:
    """A blank A4 page scanned at 150 dpi as a 24-bit BMP: 6.5 MB deflating about 1000:1."""
    width, height = 1240, 1754
    pixels = width * 3 * height
    header = b"BM" + struct.pack("<IHHI", 54 + pixels, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, pixels, 5906, 5906, 0, 0)
    return header + info + b"\xff" * pixels


def test_an_export_with_a_blank_scan_round_trips(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Given a case with a blank page scanned as BMP, compressing far beyond 100:1
    scan = blank_scan()
    attachments.add_attachment(opened, str(case_file.case.id), filename="scansione.bmp",
                               content=scan)  # fmt: skip
    target = tmp_path / "consegna.age"
    bundle = export(opened, [case_file.case.code], key, target)
    [name] = [n for n in bundle if "/allegati/" in n]
    archive = zipfile.ZipFile(io.BytesIO(pyrage.decrypt(target.read_bytes(), [key])))
    entry = archive.getinfo(name)
    assert entry.file_size > 500 * entry.compress_size  # and the whole file above 100:1
    assert entry.file_size > 100 * target.stat().st_size
    # When another profile imports the application's own export, Then the scan arrives whole
    got = handoff_import.import_bundle(other, target, identity=identity(key))
    assert got.attachments == 1
    [att] = attachments.list_attachments(other, str(case_file.case.id))
    assert attachments.read_attachment(other, att.id)[1] == scan == bundle[name]


# ------------------------------------------------------------- the scrypt work factor


def with_work_factor(sealed: bytes, factor: bytes) -> bytes:
    head, _, rest = sealed.partition(b"\n-> scrypt ")
    salt, _, rest = rest.partition(b" ")
    return head + b"\n-> scrypt " + salt + b" " + factor + b"\n" + rest.partition(b"\n")[2]


@pytest.mark.parametrize(
    ("factor", "reason"),
    [
        (b"21", "fattore di lavoro scrypt 21, al massimo 20"),
        (b"22", "fattore di lavoro scrypt 22"),
        (b"63", "fattore di lavoro scrypt 63"),
        (b"021", "non è destinato"),
        (b"100", "non è destinato"),
    ],
)
def test_a_heavy_scrypt_is_refused_before_age_runs_it(
    other: OpenProfile, tmp_path: Path, factor: bytes, reason: str
) -> None:
    # Given a passphrase file (2^10, tests/data/README.md) whose header asks 2^21 and more
    source = tmp_path / "pesante.age"
    source.write_bytes(with_work_factor((DATA / "age" / "passphrase.age").read_bytes(), factor))
    # Then it is refused at once (2^21 took 11 s and 2.1 GB, 2^22 4.3 GB)
    started = time.process_time()
    with pytest.raises(DomainError, match="Pacchetto non apribile") as error:
        handoff_import.import_bundle(other, source, passphrase=AGE_PASSPHRASE)
    assert time.process_time() - started < 1
    assert reason in str(error.value)


def test_a_seal_above_the_cap_is_wrapped_again_within_it() -> None:
    # Given a passphrase file sealed at 2^12, as rage sizes it to a fast machine above the cap
    plain = bytes(range(256)) * 1000
    sealed = age_seal(plain, AGE_PASSPHRASE, 12)
    # When it is capped at 2^10, Then its stanza says 10 and age opens it to the same bytes
    capped = handoff.cap_work_factor(sealed, AGE_PASSPHRASE, cap=10)
    assert handoff.scrypt_work_factor(capped) == 10
    assert pyrage.passphrase.decrypt(capped, AGE_PASSPHRASE) == plain
    payload = sealed[sealed.index(b"\n", sealed.index(b"\n--- ") + 1) + 1 :]
    assert capped.endswith(payload)  # the payload as rage wrote it: only the header changes
    # and a file within the cap is left as it is
    assert handoff.cap_work_factor(sealed, AGE_PASSPHRASE, cap=12) == sealed
    assert handoff.scrypt_work_factor(sealed) == 12


def test_a_visit_merged_out_of_order_is_named_at_export_not_refused_as_tampered(
    opened: OpenProfile, other: OpenProfile, case_file: Any, key: Any, tmp_path: Path
) -> None:
    # Two devices each moved one end of a visit, in order on its own: merged, it ends before
    # it starts. The recipient would refuse the file as altered; the export says which record.
    ref = str(case_file.case.id)
    visit = visits.add_visit(opened, case=ref, date=dt.date(2026, 10, 6), start=dt.time(15),
                             end=dt.time(17), today=TODAY)  # fmt: skip
    with opened.read_session() as session:
        logged = session.execute(
            select(m.ChangeRow).where(m.ChangeRow.entity_id == visit.id)
        ).scalar_one()
    teammate = uuid.UUID("018f0000-0000-7000-8000-00000000ca5e")
    stamp = Timestamp(int(opened.now().timestamp() * 1000) + 1, 0, teammate.hex).encode()
    earlier_end = Operation(uuid.uuid4(), teammate, stamp, "visits", visit.id, OpKind.UPDATE,
                            {"end_time": "14:00"}, logged.op_id)  # fmt: skip
    visits.update_draft(opened, visit.id, start_time=dt.time(14, 30), today=TODAY)
    with opened.session() as session:
        apply_operations(session, [earlier_end])
    target = tmp_path / "consegna.age"
    code = case_file.case.code
    with pytest.raises(DomainError) as error:
        handoff.export_cases(opened, [code], recipient=str(key.to_public()), target=target)
    assert str(error.value) == (
        f"Pacchetto non scritto: la visita del 06/10/2026 della cartella {code} ha dati "
        "incoerenti (L'ora di "
        "fine deve essere successiva all'ora di inizio). Correggerli e riprovare: chi riceve il "
        "pacchetto lo rifiuterebbe"
    )
    assert not target.exists()
    visits.update_draft(opened, visit.id, end_time=dt.time(16), today=TODAY)  # corrected
    export(opened, [code], key, target)
    got = handoff_import.import_bundle(other, target, identity=identity(key))
    assert got.inserted > 0 and integrity.check(other).sound
