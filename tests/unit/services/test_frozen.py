"""Signed means frozen (issue 14): a visit's scheda visita and verbale di incontro read the same,
word for word, however often they are reprinted after the signature, whatever changes in the
case (goals, persons and roles, the operator's name, the Ambito and comune, the cooperative, the
diary). Read back with pdftotext from the PDFs services/printing.py makes, the print date
injected. A visit signed before revision 0007 (nothing frozen) still prints, read live.

The frozen document is written with the close, in the same operation, and a hostile one arriving
in a bundle is refused by its bound."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import frozen_document as fd
from minorifamiglie.domain.enums import (
    GoalStatus,
    MemberRole,
    OpKind,
    PlanKind,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.domain.ids import GoalId, VisitId
from minorifamiglie.domain.observations import Observations
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.services import cases, persons, printing, records, visits
from minorifamiglie.services.apply import ApplyRefused, _check_operation, apply_operations
from minorifamiglie.services.snapshot import operation_of
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from minorifamiglie.sync.operations import Operation
from support.clock import TODAY

MADE = dt.datetime(2026, 11, 24, 9, 15, tzinfo=dt.UTC)
FOREIGN = uuid.UUID("018f0000-0000-7000-8000-00000000f014")


@dataclass(frozen=True)
class Diary:
    case: e.Case
    mother: e.CaseMember
    father: e.CaseMember
    carer: e.CaseMember
    goals: dict[str, GoalId]
    visit: VisitId  # a home visit, signed
    meeting: VisitId  # an incontro facilitato, signed
    legacy: VisitId  # signed before revision 0007: nothing frozen


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet(opened: OpenProfile, visit_id: VisitId) -> str:
    return pdftotext(printing.visit_sheet_pdf(opened, visit_id, TODAY, MADE))


def record(opened: OpenProfile, visit_id: VisitId) -> str:
    return pdftotext(printing.meeting_pdf(opened, visit_id, TODAY, MADE))


def write(opened: OpenProfile, fn: Callable[[Repository], object]) -> None:
    """A change the application has no form for (yet), or one a teammate's device synced."""
    with opened.session() as session:
        fn(Repository(session))


@pytest.fixture
def diary(opened: OpenProfile) -> Diary:
    case = cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Nadia Locatelli",
        birth_date=dt.date(2016, 4, 12), today=TODAY,
    )  # fmt: skip
    write(opened, lambda repo: repo.update(e.Case, case.id, comune="M184"))  # Zogno

    def member(first: str, role: MemberRole) -> e.CaseMember:
        return cases.add_member(
            opened, str(case.id), first_name=first, last_name="Locatelli", role=role, today=TODAY
        ).member

    mother = member("Rosa", MemberRole.MOTHER)
    father = member("Pietro", MemberRole.FATHER)
    carer = member("Anna", MemberRole.FOSTER_CARER)
    goals = {
        "compiti": records.add_goal(opened, case.id, title="Autonomia nei compiti").id,
        "routine": records.add_goal(opened, case.id, title="Routine serale regolare").id,
        "casa": records.add_goal(
            opened, case.id, title="Stabilità abitativa", plan=PlanKind.FRAMEWORK
        ).id,
    }
    # The diary after the visits: their next appointment.
    visits.add_visit(
        opened, case=str(case.id), date=dt.date(2026, 12, 10), start=dt.time(15),
        end=dt.time(16), place="Domicilio", today=TODAY,
    )  # fmt: skip
    legacy = _legacy_visit(opened, case.id, (mother.person_id, father.person_id, carer.person_id))
    visit = visits.add_visit(
        opened, case=str(case.id), date=dt.date(2026, 10, 6), start=dt.time(15),
        end=dt.time(17), place="Domicilio", notes="Compiti di matematica, poi merenda.",
        evaluations="Clima sereno tra madre e figlia.", evaluation_method="Osservazione diretta",
        present=(mother.person_id, father.person_id),
        goals=(goals["routine"], goals["casa"]), today=TODAY,
    )  # fmt: skip
    visits.close_visit(opened, visit.id, today=TODAY)
    meeting = visits.add_visit(
        opened, case=str(case.id), kind=VisitKind.FACILITATED_MEETING,
        date=dt.date(2026, 10, 13), start=dt.time(16), end=dt.time(17),
        place="Spazio neutro di Zogno", notes="Gioco da tavolo.",
        evaluations="Legame affettivo evidente.", evaluation_method="Griglia di osservazione",
        present=(father.person_id, carer.person_id), goals=(goals["compiti"],),
        close=True, today=TODAY,
    )  # fmt: skip
    return Diary(case, mother, father, carer, goals, visit.id, meeting.id, legacy)


def _legacy_visit(
    opened: OpenProfile, case_id: uuid.UUID, present: tuple[uuid.UUID, ...]
) -> VisitId:
    """A visit closed by a version before revision 0007: no goals chosen, nothing frozen."""
    with opened.session() as session:
        ctx = session.info["write_context"]
        return Repository(session).add(
            e.Visit, case_id=case_id, operator_id=ctx.operator_id, activation_id=None,
            kind=VisitKind.HOME_VISIT, date=dt.date(2026, 9, 29), start_time=dt.time(15),
            end_time=dt.time(16), place="Domicilio", outcome=VisitOutcome.DONE,
            notes="Prima visita.", facts="", statements="", evaluations="", next_steps="",
            present_person_ids=PresentPersons.of(present),
            observations=Observations(), status=VisitStatus.CLOSED, closed_at=ctx.now(),
        ).id  # fmt: skip


def _goal_achieved_and_a_new_one(opened: OpenProfile, d: Diary) -> None:
    records.update_goal(opened, d.goals["routine"], status=GoalStatus.ACHIEVED)
    records.update_goal(opened, d.goals["compiti"], title="Autonomia nei compiti di inglese")
    records.add_goal(opened, d.case.id, title="Obiettivo aggiunto a dicembre")


def _person_renamed_and_role_changed(opened: OpenProfile, d: Diary) -> None:
    persons.update_person(opened, d.mother.person_id, first_name="Rosanna", today=TODAY)
    persons.update_person(opened, d.father.person_id, last_name="Rota", today=TODAY)
    # The father met at the meeting becomes the child's guardian: an accompanying role.
    write(opened, lambda repo: repo.update(e.CaseMember, d.father.id, role=MemberRole.GUARDIAN))


def _present_person_removed(opened: OpenProfile, d: Diary) -> None:
    cases.remove_member(opened, d.carer.id)


def _operator_renamed(opened: OpenProfile, d: Diary) -> None:
    def rename(repo: Repository) -> None:
        operator = repo.session.info["write_context"].operator_id
        repo.update(e.Operator, operator, name="Giulia Bianchi Rota")

    write(opened, rename)


def _ambito_and_comune_changed(opened: OpenProfile, d: Diary) -> None:
    cases.edit_case(opened, d.case.code, {"ambito": "BG"}, today=TODAY)
    write(opened, lambda repo: repo.update(e.Case, d.case.id, comune="A794"))  # Bergamo


def _cooperative_renamed(opened: OpenProfile, d: Diary) -> None:
    printing.set_cooperative_name(opened, "Cooperativa sociale Il Melograno")

    def ambito_settings(repo: Repository) -> None:
        bergamo = repo.get(e.Case, d.case.id).ambito_id
        repo.add(
            e.AmbitoSettings, ambito_id=bergamo, valid_from=dt.date(2026, 1, 1),
            count_missed=False, count_phone_calls=True, foster_review_months=6,
            placement_max_months=24, missing_pei_after_days=60,
            cooperative_name="Cooperativa sociale L'Arcobaleno",
        )  # fmt: skip

    write(opened, ambito_settings)


def _an_earlier_appointment(opened: OpenProfile, d: Diary) -> None:
    visits.add_visit(
        opened, case=str(d.case.id), date=dt.date(2026, 10, 8), start=dt.time(9),
        end=dt.time(10), place="Scuola", today=TODAY,
    )  # fmt: skip


CHANGES = [
    _goal_achieved_and_a_new_one,
    _person_renamed_and_role_changed,
    _present_person_removed,
    _operator_renamed,
    _ambito_and_comune_changed,
    _cooperative_renamed,
    _an_earlier_appointment,
]


def test_a_signed_visit_and_meeting_reprint_word_for_word_whatever_changes(
    opened: OpenProfile, diary: Diary
) -> None:
    # Given a visit and a meeting signed, and one signed before anything was frozen
    signed_sheet, signed_record = sheet(opened, diary.visit), record(opened, diary.meeting)
    text = flat(signed_sheet)
    for expected in (
        "Valle Brembana — Comune di Zogno",
        "Rosa Locatelli (Madre)",
        "Pietro Locatelli (Padre)",
        "Routine serale regolare",
        "Stabilità abitativa (Progetto Quadro)",
        "Prossimo appuntamento 10/12/2026 alle 15:00 — Visita domiciliare, Domicilio",
        "Metodo della valutazione Osservazione diretta",
        "Firma del genitore",
        "da Giulia Bianchi",
        printing.DEFAULT_COOPERATIVE,
    ):
        assert expected in text, expected
    assert "Autonomia nei compiti" not in text  # in progress, but not worked on
    text = flat(signed_record)
    adults = text.index("Adulti incontrati e ruolo")
    accompanying = text.index("Chi accompagna il minore")
    assert adults < text.index("Pietro Locatelli (Padre)") < accompanying
    assert accompanying < text.index("Anna Locatelli (Affidatario)")
    assert "Metodo della valutazione Griglia di osservazione" in text
    legacy = sheet(opened, diary.legacy)

    for change in CHANGES:
        # When the case changes after the signatures
        change(opened, diary)
        # Then the signed documents read exactly as they did
        assert sheet(opened, diary.visit) == signed_sheet, change.__name__
        assert record(opened, diary.meeting) == signed_record, change.__name__
        # while the visit signed before revision 0007 is read live, so the change shows
        if change is not _an_earlier_appointment:  # its next appointment is the visit above
            now = sheet(opened, diary.legacy)
            assert now != legacy, change.__name__
            legacy = now

    # The live reading of the unfrozen visit has every change in it.
    legacy = flat(legacy)
    for expected in (
        "Bergamo — Comune di Bergamo",
        "Cooperativa sociale L'Arcobaleno",
        "Rosanna Locatelli (Madre)",
        "Pietro Rota (Tutore)",
        "Obiettivo aggiunto a dicembre",
        "da Giulia Bianchi Rota",
    ):
        assert expected in legacy, expected
    assert "Anna Locatelli" not in legacy
    assert "Routine serale regolare" not in legacy  # achieved: no longer in progress


def test_a_draft_prints_what_it_says_now(opened: OpenProfile, diary: Diary) -> None:
    draft = visits.add_visit(
        opened, case=str(diary.case.id), date=dt.date(2026, 11, 20), start=dt.time(15),
        end=dt.time(16), place="Domicilio", present=(diary.mother.person_id,),
        goals=(diary.goals["casa"], diary.goals["compiti"]), today=TODAY,
    )  # fmt: skip
    before = flat(sheet(opened, draft.id))
    # The goals in the order chosen; none chosen means none
    assert before.index("Stabilità abitativa (Progetto Quadro)") < before.index(
        "Autonomia nei compiti"
    )
    persons.update_person(opened, diary.mother.person_id, first_name="Rosanna", today=TODAY)
    assert "Rosanna Locatelli (Madre)" in flat(sheet(opened, draft.id))
    visits.update_draft(opened, draft.id, goal_ids="[]", today=TODAY)
    text = sheet(opened, draft.id)
    assert "Stabilità abitativa" not in text and "Autonomia nei compiti" not in text


def test_the_close_writes_status_and_frozen_document_in_one_operation(
    opened: OpenProfile, diary: Diary
) -> None:
    with opened.read_session() as session:
        visit = Repository(session).get(e.Visit, diary.visit)
        rows = list(
            session.execute(
                select(m.ChangeRow)
                .where(m.ChangeRow.entity == "visits", m.ChangeRow.entity_id == diary.visit)
                .order_by(m.ChangeRow.seq)
            ).scalars()
        )
    doc = fd.parse(visit.frozen)
    assert doc is not None
    assert json.loads(visit.frozen or "")["v"] == fd.VERSION
    assert [p.role for p in doc.present] == ["madre", "padre"]
    assert doc.goals == ("Routine serale regolare", "Stabilità abitativa (Progetto Quadro)")
    assert (doc.author, doc.closed_by, doc.comune) == ("Giulia Bianchi", "Giulia Bianchi", "Zogno")
    closing = [d for d in (json.loads(r.data) for r in rows) if d.get("status") == "chiusa"]
    assert len(closing) == 1
    assert closing[0]["frozen"] == visit.frozen  # one operation
    # what this device writes, a teammate's device accepts
    for index, row in enumerate(rows):
        _check_operation(operation_of(row), index)


def test_a_close_that_cannot_freeze_does_not_sign(
    opened: OpenProfile, diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = visits.add_visit(
        opened, case=str(diary.case.id), date=dt.date(2026, 11, 20), start=dt.time(15),
        end=dt.time(16), place="Domicilio", notes="Visita.", today=TODAY,
    )  # fmt: skip

    def crash(*_args: object) -> str:
        raise OSError("the laptop's battery ran out")

    monkeypatch.setattr(fd, "dump", crash)
    with pytest.raises(OSError, match="battery"):
        visits.close_visit(opened, draft.id, today=TODAY)
    view = visits.get_visit(opened, draft.id)
    assert (view.visit.status, view.visit.frozen) == (VisitStatus.DRAFT, None)


def test_a_draft_keeps_its_goals_and_refuses_another_cases(
    opened: OpenProfile, diary: Diary
) -> None:
    draft = visits.add_visit(
        opened, case=str(diary.case.id), date=dt.date(2026, 11, 20), start=dt.time(15),
        end=dt.time(16), today=TODAY,
    )  # fmt: skip
    chosen = [diary.goals["casa"], diary.goals["routine"]]
    visits.update_draft(opened, draft.id, goal_ids=visits.goal_list(chosen), today=TODAY)
    visits.update_draft(opened, draft.id, evaluation_method="Colloquio", today=TODAY)
    again = visits.get_visit(opened, draft.id).visit
    assert again.goal_ids == json.dumps([str(g) for g in chosen])
    assert again.evaluation_method == "Colloquio"

    other = cases.add_case(opened, ambito="BG", service=Service.TUTELA, today=TODAY)
    foreign = records.add_goal(opened, other.id, title="Obiettivo di un'altra cartella")
    with pytest.raises(ValidationError, match="non appartenente alla cartella"):
        visits.update_draft(
            opened, draft.id, goal_ids=visits.goal_list([*chosen, foreign.id]), today=TODAY
        )
    with pytest.raises(ValidationError, match="non appartenente alla cartella"):
        visits.add_visit(
            opened, case=str(diary.case.id), date=dt.date(2026, 11, 20), start=dt.time(15),
            end=dt.time(16), goals=(foreign.id,), today=TODAY,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="Metodo della valutazione"):
        visits.update_draft(opened, draft.id, evaluation_method="x" * 301, today=TODAY)
    # A goal removed after it was chosen does not stop the draft from saving
    records.remove_goal(opened, diary.goals["casa"])
    visits.update_draft(opened, draft.id, notes="Ancora.", today=TODAY)
    assert visits.get_visit(opened, draft.id).visit.goal_ids == again.goal_ids


def test_a_frozen_document_this_version_cannot_read_falls_back_to_the_live_reading() -> None:
    good = fd.FrozenDocument(
        cooperative="C", ambito="A", comune="", case_code="X", service="S", minor_name="M",
        minor_birth_date=dt.date(2016, 4, 12), author="O", closed_by="O",
        present=(fd.PresentPerson("Rosa Rota", "madre", "Madre"),), goals=("G",),
        next_appointment="", parent_signature=True,
    )  # fmt: skip
    text = fd.dump(good)
    assert fd.parse(text) == good
    newer = json.loads(text) | {"v": 2, "logo_settings": "abc"}
    assert fd.parse(json.dumps(newer)) == good  # a newer version keeps version 1's keys
    for broken in (None, "", "[]", "{}", json.dumps(json.loads(text) | {"v": True})):
        assert fd.parse(broken) is None
    for key, value in (("present", [["Rosa", "madre"]]), ("goals", [1]), ("author", None)):
        assert fd.parse(json.dumps(json.loads(text) | {key: value})) is None


HOSTILE = [
    ("[]", "is not a JSON object"),
    ('"testo"', "is not a JSON object"),
    ("non json", "is not JSON nested"),
    ('{"v": 1, "present": [[["Rosa"]]]}', "is not JSON nested"),
    ('{"v": 1, "present": [{"nome": "Rosa"}]}', "has a list entry that is not text"),
    ('{"v": 1, "present": [["a", "b", "c", "d", "e"]]}', "has a list entry that is not text"),
    ('{"v": 1.5}', "has an item that is not text, a number or a list"),
    ('{"v": null}', "has an item that is not text, a number or a list"),
    (json.dumps({"goals": ["g"] * 501}), "has a list longer than 500"),
    (json.dumps({f"k{i}": "" for i in range(65)}), "has more than 64 items"),
    (json.dumps({"k" * 65: ""}), "has an item name longer than 64"),
    (json.dumps({"author": "x" * 200_001}), "is longer than 200000 characters"),
]


@pytest.mark.parametrize(("value", "rule"), HOSTILE)
def test_a_hostile_frozen_document_in_a_bundle_is_refused_by_its_bound(
    opened: OpenProfile, diary: Diary, value: str, rule: str
) -> None:
    stamp = Timestamp(int(MADE.timestamp() * 1000), 1, FOREIGN.hex).encode()
    op = Operation(
        uuid.uuid4(), FOREIGN, stamp, "visits", diary.meeting, OpKind.UPDATE, {"frozen": value}
    )
    before = visits.get_visit(opened, diary.meeting).visit.frozen
    with pytest.raises(ApplyRefused) as info, opened.session() as session:
        apply_operations(session, [op])
    assert info.value.reason == "operation_rejected"
    assert info.value.detail.startswith(f"operation 0: visits.frozen {rule}"), info.value.detail
    assert value not in info.value.detail  # the rule, never the value
    assert visits.get_visit(opened, diary.meeting).visit.frozen == before
