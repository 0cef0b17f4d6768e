"""`Visit.present_person_ids` and `Visit.observations` are typed values to the ORM (storage/types.py
`TextEncoded`) and the same texts as before to SQLite, the change log and the dump: what the ORM
writes is the text the services wrote by hand, and a text another device wrote comes back from
the ORM, the log and the dump byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy import select, text

from minorifamiglie.domain import observations as obs
from minorifamiglie.domain import present
from minorifamiglie.domain.enums import MemberRole, Service
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.services import cases, dump, integrity, visits
from minorifamiglie.storage import bounds
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def _stored(opened: OpenProfile, visit_id: uuid.UUID) -> tuple[str, str]:
    with opened.session() as session:
        row = session.execute(
            text("SELECT present_person_ids, observations FROM visits WHERE id = :id"),
            {"id": visit_id.hex},
        ).one()
    return row[0], row[1]


def _logged(opened: OpenProfile, visit_id: uuid.UUID) -> list[dict[str, object]]:
    with opened.session() as session:
        return [
            json.loads(d)
            for d in session.execute(
                select(m.ChangeRow.data)
                .where(m.ChangeRow.entity == "visits", m.ChangeRow.entity_id == visit_id)
                .order_by(m.ChangeRow.seq)
            ).scalars()
        ]


def _case(opened: OpenProfile) -> tuple[str, uuid.UUID, uuid.UUID]:
    case = cases.add_case(opened, ambito="VBR", service=Service.ADM, title="Famiglia R.",
                          summary="Sintesi", birth_date=dt.date(2015, 3, 2),
                          minor_name="Luca Verdi")  # fmt: skip
    mother = cases.add_member(opened, str(case.id), first_name="Anna", last_name="Verdi",
                              role=MemberRole.MOTHER)  # fmt: skip
    detail = cases.show_case(opened, str(case.id), today=TODAY)
    minor = next(mv.person.id for mv in detail.members if mv.member.role is MemberRole.MINOR)
    return str(case.id), mother.person.id, minor


def test_the_orm_writes_the_texts_written_by_hand_before_and_reads_them_typed(
    opened: OpenProfile,
) -> None:
    case, mother, minor = _case(opened)
    observed = obs.Observations(
        grid={"contatto_fisico": obs.GridValue("adeguato", "abbraccio")},
        texts={"puntualita": "in orario"},
    )
    visit = visits.add_visit(opened, case=case, date=dt.date(2026, 11, 20), start=dt.time(15),
                             end=dt.time(16), notes="Compiti", present=(mother, minor, mother),
                             observations=observed, today=TODAY)  # fmt: skip
    # what services.visits.person_list and the editor's obs.dump wrote before
    was_present = json.dumps(sorted(str(p) for p in {mother, minor}))
    was_observed = json.dumps(
        {"contatto_fisico": {"note": "abbraccio", "rating": "adeguato"}, "puntualita": "in orario"},
        ensure_ascii=False,
        sort_keys=True,
    )
    assert _stored(opened, visit.id) == (was_present, was_observed)
    (insert,) = _logged(opened, visit.id)
    assert insert["present_person_ids"] == was_present
    assert insert["observations"] == was_observed
    read = visits.get_visit(opened, visit.id).visit
    assert isinstance(read.present_person_ids, PresentPersons)
    assert read.present_person_ids.ids == tuple(sorted((mother, minor)))
    assert read.observations == observed
    assert read.observations.grid["contatto_fisico"] == obs.GridValue("adeguato", "abbraccio")
    row = next(r for r in dump.dump(opened)["visits"] if r["id"] == str(visit.id))
    assert (row["present_person_ids"], row["observations"]) == (was_present, was_observed)


def test_a_text_another_device_wrote_is_kept_byte_for_byte(opened: OpenProfile) -> None:
    case, mother, minor = _case(opened)
    visit = visits.add_visit(opened, case=case, date=dt.date(2026, 11, 20), start=dt.time(15),
                             end=dt.time(16), notes="Compiti", today=TODAY)  # fmt: skip
    # Another order and spacing, an older bare rating, an unknown key: all within the bounds
    odd_present = f'["{max(mother, minor)}","{min(mother, minor)}"]'
    odd_observed = '{"contatto_fisico":"adeguato", "nuova_voce": {"x": 1}}'
    converters = bounds.decoders("visits")
    typed_present = converters["present_person_ids"](odd_present)
    typed_observed = converters["observations"](odd_observed)
    assert typed_present.ids == tuple(sorted((mother, minor)))
    assert typed_observed.extra == {"nuova_voce": {"x": 1}}
    with opened.session() as session:  # as sync or a hand-off import writes them
        stored = session.get(m.VisitRow, visit.id)
        assert stored is not None
        stored.present_person_ids = typed_present
        stored.observations = typed_observed
    assert _stored(opened, visit.id) == (odd_present, odd_observed)
    last = _logged(opened, visit.id)[-1]
    assert (last["present_person_ids"], last["observations"]) == (odd_present, odd_observed)
    # Another field's edit leaves them as they are, and the ORM gives them back as read
    visits.update_draft(opened, visit.id, notes="Compiti e merenda", today=TODAY)
    assert _stored(opened, visit.id) == (odd_present, odd_observed)
    assert set(_logged(opened, visit.id)[-1]) == {"notes", "updated_at"}
    read = visits.get_visit(opened, visit.id).visit
    assert present.dump(read.present_person_ids) == odd_present
    assert obs.dump(read.observations) == odd_observed
    row = next(r for r in dump.dump(opened)["visits"] if r["id"] == str(visit.id))
    assert (row["present_person_ids"], row["observations"]) == (odd_present, odd_observed)
    assert integrity.check(opened).sound  # the rows are what their logged operations say
    # The same persons written anew are the canonical text: a change, as it was for the text
    visits.update_draft(opened, visit.id, present_person_ids=PresentPersons.of([mother, minor]),
                        today=TODAY)  # fmt: skip
    canonical = json.dumps(sorted(str(p) for p in (mother, minor)))
    assert _stored(opened, visit.id)[0] == canonical
    assert _logged(opened, visit.id)[-1]["present_person_ids"] == canonical


def test_hostile_texts_are_refused_as_before() -> None:
    one = str(uuid.UUID(int=1))
    raw = bounds.raw_converters("visits")
    typed = bounds.decoders("visits")
    for convert in (raw, typed):
        for bad in (f'["{one}", "{one}"]', '["x"]', '{"a": 1}', 5, None):
            try:
                convert["present_person_ids"](bad)
            except bounds.ValueRefused as exc:
                assert exc.field == "visits.present_person_ids"
            else:
                raise AssertionError(bad)
        for bad in ('{"rischi": 5}', "[" * 5000 + "]" * 5000, "[]", None):
            try:
                convert["observations"](bad)
            except bounds.ValueRefused as exc:
                assert exc.field == "visits.observations"
            else:
                raise AssertionError(bad)
    assert raw["present_person_ids"]("") == ""
    assert present.dump(typed["present_person_ids"]("")) == ""
