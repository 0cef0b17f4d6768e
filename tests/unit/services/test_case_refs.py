"""A case named by its code (services/case_refs.py): the code is not a key, so two live cases
may carry the same one (a teammate's laptop or a hand-off file can bring the second). Named
by that code, neither is guessed: one clear message lists both ids; named by id, each is
found."""

from __future__ import annotations

import datetime as dt

import pytest

from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import cases
from minorifamiglie.services.case_refs import resolve_case_id
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile

TODAY = dt.date(2026, 11, 30)


def test_a_code_two_cases_share_names_neither_and_lists_both(opened: OpenProfile) -> None:
    first, second = (
        cases.add_case(
            opened, ambito="VBR", service=Service.ADM, title=title, summary="", today=TODAY
        )
        for title in ("Famiglia R.", "Famiglia S.")
    )
    with opened.session() as session:
        row = session.get(m.CaseRow, second.id)
        assert row is not None
        row.code = first.code
    with opened.read_session() as session:
        with pytest.raises(ValidationError, match="Più cartelle hanno il codice") as info:
            resolve_case_id(session, first.code.lower())
        assert str(first.id) in str(info.value) and str(second.id) in str(info.value)
        assert resolve_case_id(session, str(second.id)) == second.id
        with pytest.raises(NotFoundError):
            resolve_case_id(session, "VBR-2026-9999-ZZZ")
    with pytest.raises(ValidationError, match="Più cartelle"):
        cases.show_case(opened, first.code, today=TODAY)
