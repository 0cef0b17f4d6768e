"""Ids are typed (issue 15, point 7): a record read back carries its kind of id (CaseId,
PersonId, MeasureId... of domain/ids.py), the services ask for that kind, and text typed by a
user becomes an id of a kind in one place, case_refs.typed_id."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
import uuid
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from minorifamiglie import services
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


# Parameters named like an id that may be the id of any table, so no one kind fits:
# `expected_row` and `row_stamp` read back the row of whichever entity a merge touched, and
# the printing helpers audit a document about a visit, a case, a paper sheet... (`entity`
# names the table).
GENERIC_IDS = {
    "merge_log.expected_row(entity_id)",
    "merge_log.row_stamp(entity_id)",
    "printing.record_print(entity_id)",
    "printing.save_file(entity_id)",
    "printing.save_pdf(entity_id)",
}


def _plain_uuid(annotation: object) -> bool:
    """A bare uuid.UUID, or one inside an Optional, a union or a collection (a NewType over
    UUID is a kind of id, not a plain one)."""
    if annotation is uuid.UUID:
        return True
    return any(_plain_uuid(arg) for arg in typing.get_args(annotation))


def _public_functions(module: ModuleType) -> Iterator[tuple[str, Callable[..., object]]]:
    """The public functions a module defines, and the public methods of its public classes."""
    for name, value in vars(module).items():
        if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value):
            yield name, value
        elif inspect.isclass(value):
            for method_name, method in vars(value).items():
                function = getattr(method, "__func__", method)
                if not method_name.startswith("_") and inspect.isfunction(function):
                    yield f"{name}.{method_name}", function


def _untyped_ids() -> list[str]:
    found = []
    for info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{info.name}")
        for name, function in _public_functions(module):
            hints = typing.get_type_hints(function)
            for param in inspect.signature(function).parameters:
                if param.endswith(("_id", "_ids")) and _plain_uuid(hints.get(param)):
                    found.append(f"{info.name}.{name}({param})")
    return found


def test_every_service_asks_for_a_kind_of_id() -> None:
    """A public service parameter named `..._id` or `..._ids` is a CaseId, a PersonId... (or
    a collection of them), never a bare UUID that would take any record's id."""
    untyped = [name for name in _untyped_ids() if name not in GENERIC_IDS]
    assert not untyped, "a bare uuid.UUID for an id: " + ", ".join(untyped)


def test_the_generic_ids_allowed_are_still_there() -> None:
    """The allow-list names only parameters that exist and are still bare UUIDs."""
    assert set(_untyped_ids()) >= GENERIC_IDS
