"""Closing a case asks why (services/cases.edit_case, revision 0007): the reason is required for
a new closure, cleared on reopening; cases closed before it keep NULL ("non indicato")."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from minorifamiglie.domain.enums import CaseClosure, CaseStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import cases
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def test_a_case_is_closed_with_its_reason(opened: OpenProfile, case_file, traces) -> None:
    code = case_file.case.code
    with pytest.raises(ValidationError, match="indicare il motivo") as err:
        cases.edit_case(opened, code, {"status": "chiusa"}, today=TODAY)
    assert err.value.field == "closure_reason"
    assert cases.show_case(opened, code, today=TODAY).case.status is CaseStatus.OPEN

    closed = cases.edit_case(
        opened, code, {"status": "chiusa", "closure_reason": "Adozione"}, today=TODAY
    )
    assert (closed.status, closed.closed_on, closed.closure_reason) == (
        CaseStatus.CLOSED,
        TODAY,
        CaseClosure.ADOPTED,
    )
    assert traces.audit("cases", closed.id)[-1].detail == {"fields": ["closure_reason", "status"]}
    # the reason can be corrected, not removed, while the case stays closed
    fixed = cases.edit_case(opened, code, {"closure_reason": "rinuncia"}, today=TODAY)
    assert fixed.closure_reason is CaseClosure.WITHDRAWN
    with pytest.raises(ValidationError) as err:
        cases.edit_case(opened, code, {"closure_reason": ""}, today=TODAY)
    assert err.value.field == "closure_reason"


def test_reopening_clears_the_reason_and_an_open_case_takes_none(
    opened: OpenProfile, case_file
) -> None:
    code = case_file.case.code
    cases.edit_case(
        opened, code, {"status": "chiusa", "closure_reason": "obiettivi-raggiunti"}, today=TODAY
    )
    reopened = cases.edit_case(opened, code, {"status": "aperta"}, today=TODAY)
    assert (reopened.closed_on, reopened.closure_reason) == (None, None)
    with pytest.raises(ValidationError, match="solo per una cartella chiusa") as err:
        cases.edit_case(opened, code, {"closure_reason": "adozione"}, today=TODAY)
    assert err.value.field == "closure_reason"
    with pytest.raises(ValidationError, match="Valori ammessi") as err:
        cases.edit_case(opened, code, {"status": "chiusa", "closure_reason": "boh"}, today=TODAY)


def test_a_case_closed_before_the_reasons_existed_keeps_none(
    opened: OpenProfile, case_file
) -> None:
    # Given a case closed by an older version: status chiusa, reason NULL
    with opened.session() as session:
        session.execute(
            update(m.CaseRow)
            .where(m.CaseRow.id == case_file.case.id)
            .values(status=CaseStatus.CLOSED, closed_on=TODAY)
        )
    # When another field of it is edited, nothing is asked
    edited = cases.edit_case(opened, case_file.case.code, {"title": "Archivio"}, today=TODAY)
    assert (edited.status, edited.closure_reason) == (CaseStatus.CLOSED, None)
