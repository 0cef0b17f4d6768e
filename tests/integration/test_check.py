"""`check` on real profiles: sound after normal work; any row, change or audit event altered
behind the application's back, or a damaged page, is reported (docs/architecture.md §3)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from minorifamiglie.domain.enums import MemberRole, OpKind, Service
from minorifamiglie.services import cases, demo, integrity, profiles, visits
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import row_values
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import scene_profile

PASSPHRASE = "cavallo batteria graffetta"  # the `profile_root` fixture's (tests/conftest.py)
TODAY = dt.date(2026, 11, 24)


@dataclass(frozen=True)
class Story:
    opened: OpenProfile
    case_id: uuid.UUID
    visit_id: uuid.UUID
    amendment_id: uuid.UUID

    def tamper(self, sql: str, *params: object) -> None:
        """Write with the profile's key but without the application, as a tamperer would."""
        with raw_connection(self.opened.paths.database, self.opened.master_key()) as conn:
            changed = conn.execute(sql, params).rowcount
        assert changed == 1


@dataclass(frozen=True)
class StoryTemplate:
    root: Path
    case_id: uuid.UUID
    visit_id: uuid.UUID
    amendment_id: uuid.UUID


@pytest.fixture(scope="module")
def story_template(tmp_path_factory: pytest.TempPathFactory) -> StoryTemplate:
    """Normal work on a profile (a copy of the session's template, as `opened`'s): a case, a
    member, a signed and amended visit, a draft deleted, the case edited. Made once for the
    module, through the services; each test gets a copy of it (`story`)."""
    with scene_profile(tmp_path_factory, "check") as (root, opened):
        case = cases.add_case(
            opened,
            ambito="VBR",
            service=Service.ADM,
            title="Sostegno ai compiti",
            minor_name="Luca Carminati",
            birth_date=dt.date(2015, 5, 9),
            today=TODAY,
        )
        cases.add_member(
            opened, str(case.id), first_name="Anna", last_name="Carminati", role=MemberRole.MOTHER
        )
        visit = visits.add_visit(
            opened,
            case=str(case.id),
            date=TODAY,
            start=dt.time(15, 0),
            end=dt.time(16, 30),
            place="Domicilio",
            notes="Compiti di italiano",
            close=True,
            today=TODAY,
        )
        amendment = visits.amend_visit(opened, visit.id, "Presente anche la nonna")
        draft = visits.add_visit(
            opened, case=str(case.id), date=TODAY, start=dt.time(9, 0), end=dt.time(10, 0)
        )
        visits.delete_draft(opened, draft.id)
        cases.edit_case(opened, str(case.id), {"title": "Sostegno ai compiti e autonomie"})
    return StoryTemplate(root, case.id, visit.id, amendment.id)


@pytest.fixture
def story(tmp_path: Path, story_template: StoryTemplate) -> Iterator[Story]:
    """This test's own copy of the module's story, unlocked."""
    root = shutil.copytree(story_template.root, tmp_path / "storia", symlinks=True)
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        yield Story(
            opened, story_template.case_id, story_template.visit_id, story_template.amendment_id
        )
    finally:
        opened.close()


def test_a_new_profile_is_sound(opened: OpenProfile) -> None:
    report = integrity.check(opened)
    assert report.sound and report.problems() == []
    assert report.pages_ok
    assert report.audit_events >= 2  # profile created, unlocked
    assert report.rows_checked >= 14 + 2  # the ambiti, the operator and the device


def test_a_check_interrupted_stops_its_page_checks_before_it_ends(
    opened: OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C while the page checks ran in their thread: the interpreter shut down around a
    # thread inside SQLCipher, and the process crashed a time in four (a core file, with the
    # decrypted profile in it, where the system writes one)
    started: list[integrity._PageChecks] = []
    real_start = integrity._PageChecks.start

    def start(self: integrity._PageChecks) -> None:
        started.append(self)
        real_start(self)

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(integrity._PageChecks, "start", start)
    monkeypatch.setattr(integrity, "verify_audit_chain", interrupted)
    with pytest.raises(KeyboardInterrupt):
        integrity.check(opened)
    (pages,) = started
    assert not pages.is_alive()  # stopped and joined before the interrupt went on


def test_normal_work_keeps_the_profile_sound(story: Story) -> None:
    report = integrity.check(story.opened)
    assert report.sound, report.problems()
    assert report.changes > 10


def test_an_edited_case_row_is_reported(story: Story) -> None:
    story.tamper("UPDATE cases SET title = 'Altro titolo' WHERE id = ?", story.case_id.hex)
    report = integrity.check(story.opened)
    assert not report.sound
    assert report.rows_mismatched == {"cases": 1}
    assert report.problems() == ["1 righe di 'cases' non corrispondono al registro delle modifiche"]


def test_the_text_of_a_signed_visit_edited_on_disk_is_reported(story: Story) -> None:
    story.tamper("UPDATE visits SET notes = 'Riscritta' WHERE id = ?", story.visit_id.hex)
    assert integrity.check(story.opened).rows_mismatched == {"visits": 1}


def test_a_row_removed_outright_is_reported(story: Story) -> None:
    story.tamper("DELETE FROM visit_amendments WHERE id = ?", story.amendment_id.hex)
    assert integrity.check(story.opened).rows_mismatched == {"visit_amendments": 1}


def test_a_row_added_behind_the_application_is_reported(story: Story) -> None:
    story.tamper(
        "INSERT INTO visit_amendments (id, created_at, updated_at, deleted_at, version_hlc, "
        "origin_device, visit_id, operator_id, text) SELECT ?, created_at, updated_at, "
        "deleted_at, version_hlc, origin_device, visit_id, operator_id, 'Falsa' "
        "FROM visit_amendments WHERE id = ?",
        uuid.uuid4().hex,
        story.amendment_id.hex,
    )
    assert integrity.check(story.opened).rows_mismatched == {"visit_amendments": 1}


def test_an_undeleted_tombstone_is_reported(story: Story) -> None:
    story.tamper("UPDATE visits SET deleted_at = NULL WHERE deleted_at IS NOT NULL")
    assert integrity.check(story.opened).rows_mismatched == {"visits": 1}


def test_a_seeded_ambito_renamed_on_disk_is_reported(story: Story) -> None:
    story.tamper("UPDATE ambiti SET name = 'Valle Altrove' WHERE code = 'VBR'")
    assert integrity.check(story.opened).rows_mismatched == {"ambiti": 1}


def test_an_edited_operation_of_the_change_log_is_reported(story: Story) -> None:
    story.tamper(
        "UPDATE changes SET data = json_set(data, '$.title', 'Altro') "
        "WHERE seq = (SELECT min(seq) FROM changes WHERE entity = 'cases')"
    )
    report = integrity.check(story.opened)
    assert report.changes_first_bad is not None
    assert "registro delle modifiche interrotto" in "; ".join(report.problems())


@pytest.mark.parametrize("which", ["min(seq) + 1", "max(seq)"])
def test_a_deleted_audit_event_is_reported(story: Story, which: str) -> None:
    story.tamper(f"DELETE FROM audit_events WHERE seq = (SELECT {which} FROM audit_events)")
    report = integrity.check(story.opened)
    assert report.audit_first_bad is not None
    assert "registro degli accessi interrotto" in "; ".join(report.problems())


def test_an_audit_event_edited_to_hide_a_view_is_reported(story: Story) -> None:
    story.tamper(
        "UPDATE audit_events SET case_id = NULL "
        "WHERE seq = (SELECT max(seq) FROM audit_events WHERE case_id IS NOT NULL)"
    )
    assert integrity.check(story.opened).audit_first_bad is not None


def test_a_damaged_page_is_reported(profile_root: Path) -> None:
    opened = profiles.unlock(profile_root, PASSPHRASE)
    for n in range(30):  # enough pages that one in the middle holds only case data
        cases.add_case(opened, ambito="BG", service=Service.TUTELA, summary="x" * 2000 + str(n))
    opened.close()  # the last connection checkpoints the WAL into the database file
    db = profile_root / "cartelle.db"
    data = bytearray(db.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle + 200] ^= 0xFF
    db.write_bytes(bytes(data))

    opened = profiles.unlock(profile_root, PASSPHRASE)
    try:
        report = integrity.check(opened)
    finally:
        opened.close()
    assert not report.pages_ok
    assert report.problems()[0] == "pagine del database danneggiate o alterate"


def test_the_report_is_plain_data_for_the_command_line(story: Story) -> None:
    report = integrity.check(story.opened)
    from minorifamiglie.cli.common import to_jsonable

    doc = json.loads(json.dumps(to_jsonable(report)))
    assert doc["audit_first_bad"] is None and doc["rows_mismatched"] == {}


# ------------------------------------------------------------------ streaming, hostile values


def test_rows_read_straight_from_sqlite_are_what_the_orm_loads(story: Story) -> None:
    """`check` reads stored values without the ORM: they must encode exactly as `row_values`
    of the ORM's own objects, for every synchronised table."""
    demo.generate(story.opened, cases=3, seed=1, today=TODAY)
    with story.opened.read_session() as session:
        for model in m.SYNCED_MODELS:
            orm = sorted(
                (row_values(r) for r in session.execute(select(model)).scalars()),
                key=lambda v: v["id"],
            )
            chunks = list(integrity.stored_rows(session.connection(), model))
            streamed = sorted((v for rows, _ in chunks for v in rows), key=lambda v: v["id"])
            assert sum(bad for _, bad in chunks) == 0
            assert streamed == orm, model.__tablename__


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ("UPDATE visits SET start_time = 930 WHERE id = ?", "visits"),
        ("UPDATE visits SET closed_at = x'00ff' WHERE id = ?", "visits"),
        ("UPDATE visits SET date = 20261124 WHERE id = ?", "visits"),
    ],
)
def test_a_value_of_a_type_its_column_never_holds_is_reported(
    story: Story, sql: str, table: str
) -> None:
    story.tamper(sql, story.visit_id.hex)
    report = integrity.check(story.opened)
    assert report.rows_mismatched == {table: 1}


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE changes SET op_id = 5 WHERE seq = 3",
        "UPDATE changes SET data = 'non è JSON' WHERE seq = 3",
        "UPDATE changes SET kind = 'sconosciuto' WHERE seq = 3",
        "UPDATE changes SET entity = 'tabella_ignota' WHERE seq = 3",
        "UPDATE changes SET entity_id = 'non è un id' WHERE seq = 3",
        "UPDATE changes SET entity_id = 7 WHERE seq = 3",
    ],
)
def test_a_garbled_operation_breaks_the_chain_without_a_traceback(story: Story, sql: str) -> None:
    story.tamper(sql)
    report = integrity.check(story.opened)
    assert report.changes_first_bad == 3
    assert not report.sound


def test_an_operation_for_a_record_that_never_came_waits(story: Story) -> None:
    """A signed update naming an unknown id (relayed before its insert, or never inserted):
    kept in the log, reported as waiting, the profile sound."""
    from minorifamiglie.domain.hlc import Timestamp
    from minorifamiglie.services.apply import apply_operations
    from minorifamiglie.sync.operations import Operation

    with story.opened.session() as session:
        last = session.execute(select(m.ChangeRow).order_by(m.ChangeRow.seq.desc())).scalar()
        assert last is not None
        stamp, device = Timestamp.decode(last.hlc), uuid.uuid4()
        op = Operation(
            op_id=uuid.uuid4(), device_id=device,
            hlc=Timestamp(stamp.wall_ms, stamp.counter + 1, device.hex).encode(),
            entity="cases", entity_id=uuid.uuid4(), kind=OpKind.UPDATE, data={"title": "Titolo"},
        )  # fmt: skip
        apply_operations(session, [op])
    report = integrity.check(story.opened)
    assert report.sound, report.problems()
    assert report.waiting == {"cases": 1}
    assert report.notes() == [
        "1 modifica in attesa della loro scheda (arriveranno con la prossima sincronizzazione)"
    ]
