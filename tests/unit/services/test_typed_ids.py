"""Ids are typed (issue 15, point 7): a record read back carries its kind of id (CaseId,
PersonId, MeasureId... of domain/ids.py), the services ask for that kind, and text typed by a
user becomes an id of a kind in one place, case_refs.typed_id."""

from __future__ import annotations

import uuid

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import CaseId, DeadlineId, MeasureId, PersonId
from minorifamiglie.services import cases, conflicts, deadlines, persons, records, team
from minorifamiglie.services.case_refs import typed_id
from minorifamiglie.storage.profile import OpenProfile

RAW = "0195f0a0-0000-7000-8000-000000000001"


def _wrong_kinds_of_id_do_not_type_check(
    opened: OpenProfile, case: e.Case, person: e.Person, measure: e.Measure
) -> None:
    """Never run: mypy checks it (strict, so an unneeded `type: ignore` is an error). Each
    call hands a service the wrong kind of id; should a service take any UUID again, its
    ignore would no longer be needed and `mypy` would fail."""
    persons.update_person(opened, case.id, phone="1")  # type: ignore[arg-type]
    records.update_measure(opened, person.id)  # type: ignore[arg-type]
    records.list_measures(opened, person.id)  # type: ignore[arg-type]
    deadlines.complete_deadline(opened, measure.id)  # type: ignore[arg-type]
    cases.set_operators(opened, case.code, [person.id])  # type: ignore[list-item]
    conflicts.resolve(opened, case.id)  # type: ignore[arg-type]
    team.admit(opened, person.id)  # type: ignore[arg-type]
    # and the right kinds do
    persons.update_person(opened, person.id, phone="1")
    records.update_measure(opened, measure.id)
    records.list_measures(opened, case.id)
    records.list_measures(opened, "BG-2026-0042-K7")  # a case is also named by its code


def test_typed_text_becomes_an_id_of_its_kind() -> None:
    measure = typed_id(MeasureId, f"  {RAW}\n")
    assert measure == uuid.UUID(RAW)
    assert typed_id(DeadlineId, RAW.upper()) == uuid.UUID(RAW)
    # a NewType is its UUID at run time: the kind is for mypy only
    assert type(typed_id(CaseId, RAW)) is uuid.UUID


def test_text_that_is_no_id_is_refused_without_repeating_it() -> None:
    with pytest.raises(ValidationError) as plain:
        typed_id(MeasureId, "Luca Rota")
    assert (str(plain.value), plain.value.field) == ("Identificativo non valido", "id")
    with pytest.raises(ValidationError) as named:
        typed_id(PersonId, "Luca Rota", "minor_id", "Minore")
    assert (str(named.value), named.value.field) == (
        "Minore: identificativo non valido",
        "minor_id",
    )
    with pytest.raises(ValidationError):
        typed_id(MeasureId, "")
