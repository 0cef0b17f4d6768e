"""Generic access to synchronised records: ORM rows in, frozen domain dataclasses out."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.errors import NotFoundError
from minorifamiglie.domain.ids import uuid7
from minorifamiglie.storage import models as m

E = TypeVar("E", bound=e.Record)

MODELS: dict[type[e.Record], type[m.SyncBase]] = {
    e.Ambito: m.AmbitoRow,
    e.Operator: m.OperatorRow,
    e.Device: m.DeviceRow,
    e.Case: m.CaseRow,
    e.CaseOperator: m.CaseOperatorRow,
    e.Person: m.PersonRow,
    e.CaseMember: m.CaseMemberRow,
    e.Measure: m.MeasureRow,
    e.ServiceActivation: m.ServiceActivationRow,
    e.Visit: m.VisitRow,
    e.VisitAmendment: m.VisitAmendmentRow,
    e.Goal: m.GoalRow,
    e.Deadline: m.DeadlineRow,
    e.FosterFamily: m.FosterFamilyRow,
    e.Placement: m.PlacementRow,
    e.Attachment: m.AttachmentRow,
    e.PaperSheet: m.PaperSheetRow,
    e.AmbitoSettings: m.AmbitoSettingsRow,
    e.Community: m.CommunityRow,
    e.CommunityPlacement: m.CommunityPlacementRow,
    e.GoalAction: m.GoalActionRow,
    e.CourtReport: m.CourtReportRow,
    e.CommunityProject: m.CommunityProjectRow,
    e.CommunityActivity: m.CommunityActivityRow,
}
ENTITIES: dict[type[m.SyncBase], type[e.Record]] = {v: k for k, v in MODELS.items()}
NOT_FOUND = {
    e.Case: "Cartella non trovata",
    e.Visit: "Visita non trovata",
    e.Person: "Persona non trovata",
    e.PaperSheet: "Scheda cartacea non trovata",
    e.Community: "Comunità non trovata",
    e.GoalAction: "Azione non trovata",
    e.Measure: "Provvedimento non trovato",
    e.Goal: "Obiettivo non trovato",
    e.CommunityProject: "Progetto di comunità non trovato",
}


def to_entity(entity_cls: type[E], row: m.SyncBase) -> E:
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(entity_cls)}
    return entity_cls(**values)


def entity_fields(entity_cls: type[e.Record]) -> set[str]:
    return {f.name for f in dataclasses.fields(entity_cls)} - {
        f.name for f in dataclasses.fields(e.Record)
    }


_COLUMNS: dict[type[e.Record], tuple[Any, ...] | None] = {}


def _columns(entity_cls: type[e.Record]) -> tuple[Any, ...] | None:
    """The model's columns in the order of the entity's fields (to build it positionally), or
    None when a field is not a plain column of the model."""
    if entity_cls not in _COLUMNS:
        model = MODELS[entity_cls]
        mapped = sa_inspect(model).column_attrs
        names = [f.name for f in dataclasses.fields(entity_cls)]
        plain = all(name in mapped for name in names)
        _COLUMNS[entity_cls] = tuple(getattr(model, n) for n in names) if plain else None
    return _COLUMNS[entity_cls]


class Repository:
    """Reads and writes records of one unit of work. Writes go through the ORM, so the
    change-capture hook logs every one of them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entity_cls: type[E], **values: Any) -> E:
        model = MODELS[entity_cls]
        unknown = set(values) - entity_fields(entity_cls) - {"id", "content"}
        if unknown:
            raise TypeError(f"unknown fields {sorted(unknown)}")
        row = model(**values)
        self.session.add(row)
        self.session.flush()
        return to_entity(entity_cls, row)

    def stage(self, entity_cls: type[E], **values: Any) -> uuid.UUID:
        """Like `add`, but the row is written at the next flush (with every other staged row,
        in one batch) instead of at once: for bulk writers such as the demo data, which would
        otherwise pay a flush per row. The change-capture hook logs it all the same."""
        model = MODELS[entity_cls]
        unknown = set(values) - entity_fields(entity_cls) - {"id", "content"}
        if unknown:
            raise TypeError(f"unknown fields {sorted(unknown)}")
        row = model(**values)
        if row.id is None:
            row.id = uuid7()
        self.session.add(row)
        return row.id

    def row(
        self, entity_cls: type[E], record_id: uuid.UUID, *, include_deleted: bool = False
    ) -> Any:
        row = self.session.get(MODELS[entity_cls], record_id)
        if row is None or (row.deleted_at is not None and not include_deleted):
            raise NotFoundError(NOT_FOUND.get(entity_cls, "Elemento non trovato"))
        return row

    def get(self, entity_cls: type[E], record_id: uuid.UUID) -> E:
        return to_entity(entity_cls, self.row(entity_cls, record_id))

    def update(self, entity_cls: type[E], record_id: uuid.UUID, **values: Any) -> E:
        row = self.row(entity_cls, record_id)
        allowed = entity_fields(entity_cls) | {"content"}
        for key, value in values.items():
            if key not in allowed:
                raise TypeError(f"unknown field {key}")
            if getattr(row, key) != value:
                setattr(row, key, value)
        self.session.flush()
        return to_entity(entity_cls, row)

    def tombstone(self, entity_cls: type[E], record_id: uuid.UUID) -> E:
        row = self.row(entity_cls, record_id)
        row.deleted_at = self.session.info["write_context"].now()
        self.session.flush()
        return to_entity(entity_cls, row)

    def find(
        self,
        entity_cls: type[E],
        *where: ColumnElement[bool],
        order_by: Sequence[Any] = (),
        include_deleted: bool = False,
    ) -> list[E]:
        model = MODELS[entity_cls]
        columns = _columns(entity_cls)
        stmt = (select(model) if columns is None else select(*columns)).where(*where)
        if not include_deleted:
            stmt = stmt.where(model.deleted_at.is_(None))
        stmt = stmt.order_by(*order_by) if order_by else stmt.order_by(model.id)
        if columns is None:
            return [to_entity(entity_cls, r) for r in self.session.execute(stmt).scalars()]
        # The columns alone, no ORM object per row: 4-5 times faster on thousands of rows
        # (Oggi's deadlines read 6,700 measures, goals and placements at 10,000 cases).
        build: Any = entity_cls  # positionally, in the order of `_columns`
        return [build(*r) for r in self.session.execute(stmt)]

    def by_case(
        self, entity_cls: type[E], case_id: uuid.UUID, order_by: Sequence[Any] = ()
    ) -> list[E]:
        model = MODELS[entity_cls]
        return self.find(entity_cls, model.case_id == case_id, order_by=order_by)  # type: ignore[attr-defined]
