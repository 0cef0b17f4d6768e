"""Who follows a case: operators are assigned and unassigned, each change in the audit log."""

from __future__ import annotations

import uuid

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction, Role, Service
from minorifamiglie.domain.ids import OperatorId
from minorifamiglie.services import cases, operators
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository


def add_operator(opened: OpenProfile, name: str) -> OperatorId:
    with opened.session() as session:
        return (
            Repository(session).add(e.Operator, name=name, role=Role.SOCIAL_WORKER, active=True).id
        )


def assigned(opened: OpenProfile, code: str) -> list[str]:
    return sorted(op.name for op in cases.show_case(opened, code).operators)


def test_set_operators_assigns_the_new_and_unassigns_the_removed(opened: OpenProfile) -> None:
    # Given a case followed by its creator, Giulia Bianchi, and a social worker in the team
    case = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    giulia = operators.list_operators(opened)[0].id
    marco = add_operator(opened, "Marco Ferrari")
    assert assigned(opened, case.code) == ["Giulia Bianchi"]
    # When Marco takes the case over
    cases.set_operators(opened, case.code, [marco])
    # Then only Marco follows it, and both changes are in the audit log
    assert assigned(opened, case.code) == ["Marco Ferrari"]
    with opened.session() as session:
        links = Repository(session).find(e.CaseOperator, include_deleted=True)
    by_operator: dict[uuid.UUID, e.CaseOperator] = {link.operator_id: link for link in links}
    assert by_operator[giulia].deleted_at is not None
    assert by_operator[marco].deleted_at is None
    # Setting the same operators again changes nothing
    cases.set_operators(opened, case.code, [marco, marco])
    assert assigned(opened, case.code) == ["Marco Ferrari"]


def test_set_operators_leaves_a_trace_of_each_link(opened: OpenProfile, traces: object) -> None:
    case = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    marco = add_operator(opened, "Marco Ferrari")
    cases.set_operators(opened, case.code, [marco])
    with opened.session() as session:
        links = Repository(session).find(e.CaseOperator, include_deleted=True)
    for link in links:
        actions = traces.actions("case_operators", link.id)  # type: ignore[attr-defined]
        if link.operator_id == marco:
            assert actions == [AuditAction.CREATE]
        else:
            assert actions == [AuditAction.DELETE]


def test_unassign_operator_removes_only_that_operator(opened: OpenProfile) -> None:
    case = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    giulia = operators.list_operators(opened)[0].id
    marco = add_operator(opened, "Marco Ferrari")
    cases.assign_operator(opened, case.code, marco)
    assert assigned(opened, case.code) == ["Giulia Bianchi", "Marco Ferrari"]
    cases.unassign_operator(opened, case.code, giulia)
    assert assigned(opened, case.code) == ["Marco Ferrari"]
    # Unassigning someone who does not follow the case is harmless
    cases.unassign_operator(opened, case.code, giulia)
    assert assigned(opened, case.code) == ["Marco Ferrari"]
    # And the operator can be assigned again
    cases.assign_operator(opened, case.code, giulia)
    assert assigned(opened, case.code) == ["Giulia Bianchi", "Marco Ferrari"]
