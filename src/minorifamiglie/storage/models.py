"""Typed SQLAlchemy 2 models. Portable (docs/architecture.md §15): no SQLite-only column types.

Synchronised tables derive from `SyncBase` and carry id, timestamps, tombstone, HLC version and
origin device; local tables (change log, audit log, local state) do not sync row by row.
ORM objects never leave storage/: repositories turn them into domain dataclasses.

No `from __future__ import annotations` here: with it every `Mapped[…]` is a string that the
declarative scan evaluates, twice, in a copy of the class namespace, a quarter of the time this
module takes to import (every command line call imports it).
"""

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from minorifamiglie.domain.enums import (
    AuditAction,
    Authority,
    Availability,
    CaseClosure,
    CaseStatus,
    CommunityKind,
    DeadlineKind,
    FosterFamilyStatus,
    GoalStatus,
    HoursPeriod,
    LegalBasis,
    MeasureEnd,
    MeasureKind,
    MemberRole,
    OpKind,
    PlacementEnd,
    PlacementKind,
    PlanKind,
    ReferralSource,
    Role,
    Service,
    Sex,
    SheetStatus,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.observations import Observations
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.storage import compiled_cache
from minorifamiglie.storage.types import (
    FastUuid,
    ObservationsText,
    PresentPersonsText,
    UTCDateTime,
    enum_column,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncBase(Base):
    """Columns of every synchronised row (docs/architecture.md §3)."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(FastUuid, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    version_hlc: Mapped[str] = mapped_column(String(64))
    origin_device: Mapped[uuid.UUID] = mapped_column(FastUuid)


class AmbitoRow(SyncBase):
    __tablename__ = "ambiti"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class OperatorRow(SyncBase):
    __tablename__ = "operators"
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DeviceRow(SyncBase):
    __tablename__ = "devices"
    name: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)


class CaseRow(SyncBase):
    __tablename__ = "cases"
    code: Mapped[str] = mapped_column(String(40), index=True)
    ambito_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ambiti.id"), index=True)
    service: Mapped[Service] = mapped_column(enum_column(Service))
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    referral_source: Mapped[ReferralSource | None] = mapped_column(
        enum_column(ReferralSource), default=None
    )
    # Revision 0007: the comune of residence (its Belfiore code, as a person's birthplace) and
    # why the case was closed.
    comune: Mapped[str | None] = mapped_column(String(4), default=None)
    closure_reason: Mapped[CaseClosure | None] = mapped_column(
        enum_column(CaseClosure), default=None
    )


class CaseOperatorRow(SyncBase):
    __tablename__ = "case_operators"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)


class PersonRow(SyncBase):
    __tablename__ = "persons"
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    tax_code: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    phone: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Revision 0006. Nullable, so that operations and hand-off files written before it (which
    # do not name them) still make a row: see ADDED_COLUMNS.
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex), default=None)
    birthplace: Mapped[str | None] = mapped_column(String(4), default=None)
    citizenship: Mapped[str | None] = mapped_column(String(2), default=None)
    msna: Mapped[bool | None] = mapped_column(Boolean, default=None)


class CaseMemberRow(SyncBase):
    __tablename__ = "case_members"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole))
    notes: Mapped[str] = mapped_column(Text, default="")


class MeasureRow(SyncBase):
    __tablename__ = "measures"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    authority: Mapped[Authority] = mapped_column(enum_column(Authority))
    kind: Mapped[MeasureKind] = mapped_column(enum_column(MeasureKind))
    docket_number: Mapped[str] = mapped_column(String(60), default="")
    issued_on: Mapped[dt.date] = mapped_column(Date)
    prescriptions: Mapped[str] = mapped_column(Text, default="")
    next_report_due: Mapped[dt.date | None] = mapped_column(Date, default=None, index=True)
    # Revision 0007: a measure ends (expires, is revoked or replaced) on a day.
    ended_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    end_reason: Mapped[MeasureEnd | None] = mapped_column(enum_column(MeasureEnd), default=None)


class ServiceActivationRow(SyncBase):
    __tablename__ = "service_activations"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    service: Mapped[Service] = mapped_column(enum_column(Service))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    authorised_hours: Mapped[float] = mapped_column(Float)
    hours_period: Mapped[HoursPeriod] = mapped_column(enum_column(HoursPeriod))
    operator_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("operators.id"), default=None, index=True
    )
    # Revision 0007: the partner cooperative of a co-designed service (co-progettazione).
    partner: Mapped[str | None] = mapped_column(String(200), default=None)


class VisitRow(SyncBase):
    __tablename__ = "visits"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    activation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_activations.id"), default=None, index=True
    )
    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)
    kind: Mapped[VisitKind] = mapped_column(enum_column(VisitKind))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300), default="")
    outcome: Mapped[VisitOutcome] = mapped_column(enum_column(VisitOutcome))
    present_person_ids: Mapped[PresentPersons] = mapped_column(
        PresentPersonsText, default=PresentPersons()
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[str] = mapped_column(Text, default="")
    statements: Mapped[str] = mapped_column(Text, default="")
    evaluations: Mapped[str] = mapped_column(Text, default="")
    observations: Mapped[Observations] = mapped_column(ObservationsText, default=Observations())
    next_steps: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[VisitStatus] = mapped_column(enum_column(VisitStatus))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # Revision 0007: the PEI goals worked on, chosen in the editor (a JSON list of goal ids);
    # the method behind the evaluations; and, written once at close, what the visit's signed
    # documents show (services/frozen.py), so that a reprint reads the same forever.
    goal_ids: Mapped[str | None] = mapped_column(Text, default=None)
    evaluation_method: Mapped[str | None] = mapped_column(Text, default=None)
    frozen: Mapped[str | None] = mapped_column(Text, default=None)

    # Drafts to close (Oggi) without reading every visit's text: revision 0002.
    __table_args__ = (Index("ix_visits_status_date", "status", "date"),)


class VisitAmendmentRow(SyncBase):
    __tablename__ = "visit_amendments"
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id"), index=True)
    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)
    text: Mapped[str] = mapped_column(Text)


class GoalRow(SyncBase):
    __tablename__ = "goals"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    plan: Mapped[PlanKind] = mapped_column(enum_column(PlanKind))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    indicators: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus))
    review_on: Mapped[dt.date | None] = mapped_column(Date, default=None, index=True)


class DeadlineRow(SyncBase):
    """Manual deadlines; derived ones are computed by domain.rules and never stored."""

    __tablename__ = "deadlines"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[DeadlineKind] = mapped_column(enum_column(DeadlineKind))
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class FosterFamilyRow(SyncBase):
    __tablename__ = "foster_families"
    name: Mapped[str] = mapped_column(String(200))
    members: Mapped[str] = mapped_column(Text, default="")
    comune: Mapped[str] = mapped_column(String(120), default="")
    ambito_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ambiti.id"), default=None, index=True
    )
    availability: Mapped[Availability] = mapped_column(enum_column(Availability))
    status: Mapped[FosterFamilyStatus] = mapped_column(enum_column(FosterFamilyStatus))
    training_completed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class PlacementRow(SyncBase):
    __tablename__ = "placements"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    minor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    family_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_families.id"), index=True)
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis))
    kind: Mapped[PlacementKind] = mapped_column(enum_column(PlacementKind))
    schedule: Mapped[Availability] = mapped_column(enum_column(Availability))
    start_on: Mapped[dt.date] = mapped_column(Date)
    planned_end_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    last_review_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    end_reason: Mapped[PlacementEnd | None] = mapped_column(  # revision 0007
        enum_column(PlacementEnd), default=None
    )


class AttachmentRow(SyncBase):
    """The file's bytes live in this encrypted database, never in a plaintext temp file."""

    __tablename__ = "attachments"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("visits.id"), default=None, index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class PaperSheetRow(SyncBase):
    """A printed blank sheet (revision 0004): printed, transcribed into a visit, destroyed."""

    __tablename__ = "paper_sheets"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    status: Mapped[SheetStatus] = mapped_column(enum_column(SheetStatus))
    printed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)
    transcribed_visit_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("visits.id"), default=None, index=True
    )


class AmbitoSettingsRow(SyncBase):
    """The settings of an Ambito from a day on (revision 0007): the hours and deadline rules and
    the cooperative named on documents. A change is a new row dated when it takes effect, so a
    report of a month reads the settings that held then."""

    __tablename__ = "ambito_settings"
    ambito_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ambiti.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    count_missed: Mapped[bool] = mapped_column(Boolean)
    count_phone_calls: Mapped[bool] = mapped_column(Boolean)
    foster_review_months: Mapped[int] = mapped_column(Integer)
    placement_max_months: Mapped[int] = mapped_column(Integer)
    missing_pei_after_days: Mapped[int] = mapped_column(Integer)
    cooperative_name: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)


class CommunityRow(SyncBase):
    """A residential community for minors (revision 0007), a registry like foster families."""

    __tablename__ = "communities"
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CommunityKind] = mapped_column(enum_column(CommunityKind))
    comune: Mapped[str] = mapped_column(String(120), default="")
    ambito_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ambiti.id"), default=None, index=True
    )
    places: Mapped[int | None] = mapped_column(Integer, default=None)
    phone: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class CommunityPlacementRow(SyncBase):
    """A minor placed in a community (revision 0007), as a placement with a foster family."""

    __tablename__ = "community_placements"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    minor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("communities.id"), index=True)
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis))
    start_on: Mapped[dt.date] = mapped_column(Date)
    planned_end_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    end_reason: Mapped[PlacementEnd | None] = mapped_column(enum_column(PlacementEnd), default=None)
    last_review_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class GoalActionRow(SyncBase):
    """What is done towards a PEI goal, by whom and when (revision 0007)."""

    __tablename__ = "goal_actions"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    goal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("goals.id"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(120), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    done_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class CourtReportRow(SyncBase):
    """A relazione sent to the authority of a measure (revision 0007): it completes the
    court-report deadline that fell due on `due_on`, and says who sent it and when."""

    __tablename__ = "court_reports"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measures.id"), index=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    operator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("operators.id"), index=True)
    protocol: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class CommunityProjectRow(SyncBase):
    """A community project of welfare di comunità (revision 0007): no personal data, only
    what was done, the hours and how many took part."""

    __tablename__ = "community_projects"
    ambito_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ambiti.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    comune: Mapped[str] = mapped_column(String(120), default="")
    partners: Mapped[str] = mapped_column(String(300), default="")
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    description: Mapped[str] = mapped_column(Text, default="")


class CommunityActivityRow(SyncBase):
    """One activity of a community project: its day, hours and number of participants."""

    __tablename__ = "community_activities"
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community_projects.id"), index=True)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("operators.id"), default=None, index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    participants: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300), default="")


class SyncConflictRow(Base):
    """An open conflict found by the merge (sync.merge.ConflictRecord), kept for people to see.

    Local and derived: every device computes the same conflicts, with the same ids, from the same
    operations; a resolution is an ordinary operation on the record, and that is what syncs."""

    __tablename__ = "sync_conflicts"
    id: Mapped[uuid.UUID] = mapped_column(FastUuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(FastUuid)
    field_name: Mapped[str | None] = mapped_column(String(60), default=None)
    winner: Mapped[str] = mapped_column(Text)  # canonical JSON of the side in effect
    loser: Mapped[str] = mapped_column(Text)  # canonical JSON of the side kept to bring back
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_sync_conflicts_record", "entity", "entity_id"),)


class SyncBundleRow(Base):
    """Every bundle this device wrote (`out`) or applied (`in`), and what a snapshot covered."""

    __tablename__ = "sync_bundles"
    device_id: Mapped[uuid.UUID] = mapped_column(FastUuid, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    direction: Mapped[str] = mapped_column(String(10))  # out | in | snapshot
    file_hash: Mapped[str] = mapped_column(String(64))
    op_count: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # This device's own bundle (revision 0008): the stamp of its file on the share when last
    # found intact (a digest of its size, times and inode: syncing._stamp), so that a file whose
    # stamp is unchanged is not read again. Here, not beside the kept bytes: SQLite rewrites a
    # whole row to change one column, and reads a column stored after a large value only by
    # walking its pages (55 stamps cost 27 MB read, and 30 MB written to record them).
    stamp: Mapped[str | None] = mapped_column(String(64), default=None)


class PublishedBundleRow(Base):
    """The bytes of each bundle this device published (its `out` rows of sync_bundles), to put
    back one that goes missing or is damaged on the share (revision 0008): readers take a
    device's bundles in turn, so one of its files deleted there would cut every reader that
    had not read it yet off the device's work for good. Local, never synchronised; the bytes
    are the file's own, encrypted to the team and signed."""

    __tablename__ = "sync_published"
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class SyncRunRow(Base):
    """One sync: when, what it did, and what it refused and why (the Sincronizzazione page)."""

    __tablename__ = "sync_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    exported: Mapped[int] = mapped_column(Integer)
    imported: Mapped[int] = mapped_column(Integer)
    conflicts: Mapped[int] = mapped_column(Integer)
    refused: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{file, reason, detail}]
    outcome: Mapped[str] = mapped_column(String(20))  # ok | partial | unreachable | failed


class ChangeRow(Base):
    """The change log: every insert, update and tombstone as an operation, hash-chained.

    `data` is canonical JSON of the fields written; `replaces` is the previous operation on the
    same record, which sync uses to tell concurrent edits from sequential ones."""

    __tablename__ = "changes"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    op_id: Mapped[uuid.UUID] = mapped_column(FastUuid, unique=True)
    device_id: Mapped[uuid.UUID] = mapped_column(FastUuid)
    hlc: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(FastUuid)
    kind: Mapped[OpKind] = mapped_column(enum_column(OpKind))
    data: Mapped[str] = mapped_column(Text)
    replaces: Mapped[uuid.UUID | None] = mapped_column(FastUuid, default=None)
    # The other operations on the record the writer had in front of it (canonical JSON list of
    # ids, revision 0003); None on operations logged before, which hashed without it.
    seen: Mapped[str | None] = mapped_column(Text, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # ix_changes_device (revision 0005): a device's operations after a sequence number, read
    # from the index alone: the count of what is still to publish.
    __table_args__ = (
        Index("ix_changes_entity", "entity", "entity_id", "seq"),
        Index("ix_changes_device", "device_id", "seq"),
    )


class AuditEventRow(Base):
    """Who viewed, changed, exported, printed or failed to unlock what, hash-chained."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    device_id: Mapped[uuid.UUID] = mapped_column(FastUuid)
    operator_id: Mapped[uuid.UUID | None] = mapped_column(FastUuid, default=None)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[uuid.UUID | None] = mapped_column(FastUuid, default=None, index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(FastUuid, default=None, index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LocalStateRow(Base):
    """Per-device settings and counters that never sync: this device, its operator, the clock."""

    __tablename__ = "local_state"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


SYNCED_MODELS: tuple[type[SyncBase], ...] = (
    AmbitoRow,
    OperatorRow,
    DeviceRow,
    CaseRow,
    CaseOperatorRow,
    PersonRow,
    CaseMemberRow,
    MeasureRow,
    ServiceActivationRow,
    VisitRow,
    VisitAmendmentRow,
    GoalRow,
    DeadlineRow,
    FosterFamilyRow,
    PlacementRow,
    AttachmentRow,
    PaperSheetRow,
    AmbitoSettingsRow,
    CommunityRow,
    CommunityPlacementRow,
    GoalActionRow,
    CourtReportRow,
    CommunityProjectRow,
    CommunityActivityRow,
)
MODEL_BY_TABLE: dict[str, type[SyncBase]] = {m.__tablename__: m for m in SYNCED_MODELS}

# Columns added to a synchronised table after its first revision, all nullable. The operations,
# hand-off files and snapshots written before (or by a version that does not know them) do not
# name them: such a row holds NULL there, and `check` and the hand-off import read a column
# absent from them as NULL.
ADDED_COLUMNS: dict[str, frozenset[str]] = {
    "persons": frozenset({"sex", "birthplace", "citizenship", "msna"}),  # revision 0006
    "cases": frozenset({"comune", "closure_reason"}),  # revision 0007
    "measures": frozenset({"ended_on", "end_reason"}),
    "service_activations": frozenset({"partner"}),
    "visits": frozenset({"goal_ids", "evaluation_method", "frozen"}),
    "placements": frozenset({"end_reason"}),
}

# Their INSERTs and UPDATEs compiled once for every engine of the process.
compiled_cache.share_with_mappers(Base.registry.mappers)
