"""Domain records as frozen dataclasses: what services return and the UI and CLI show.

Field names match the storage columns one to one, so storage converts rows generically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from minorifamiglie.domain.enums import (
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
from minorifamiglie.domain.ids import (
    ActivationId,
    ActivityId,
    AmbitoId,
    AmendmentId,
    AttachmentId,
    CaseId,
    CaseMemberId,
    CommunityId,
    CommunityPlacementId,
    CourtReportId,
    DeadlineId,
    DeviceId,
    FosterFamilyId,
    GoalActionId,
    GoalId,
    MeasureId,
    OperatorId,
    PersonId,
    PlacementId,
    ProjectId,
    SettingsId,
    SheetId,
    VisitId,
)
from minorifamiglie.domain.observations import Observations
from minorifamiglie.domain.present import PresentPersons


@dataclass(frozen=True, slots=True)
class Record:
    """Columns every synchronised row has."""

    id: UUID
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None
    version_hlc: str
    origin_device: UUID


@dataclass(frozen=True, slots=True)
class Ambito(Record):
    id: AmbitoId
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Operator(Record):
    id: OperatorId
    name: str
    role: Role
    active: bool


@dataclass(frozen=True, slots=True)
class Device(Record):
    id: DeviceId
    name: str
    operator_id: OperatorId


@dataclass(frozen=True, slots=True)
class Case(Record):
    id: CaseId
    code: str
    ambito_id: AmbitoId
    service: Service
    title: str
    summary: str
    status: CaseStatus
    opened_on: dt.date
    closed_on: dt.date | None
    referral_source: ReferralSource | None
    # Since revision 0007, NULL on the cases written before it (and by older versions).
    comune: str | None = None  # Belfiore code of the comune of residence (domain/places.py)
    closure_reason: CaseClosure | None = None


@dataclass(frozen=True, slots=True)
class CaseOperator(Record):
    case_id: CaseId
    operator_id: OperatorId


@dataclass(frozen=True, slots=True)
class Person(Record):
    id: PersonId
    first_name: str
    last_name: str
    birth_date: dt.date | None
    tax_code: str | None
    phone: str
    address: str
    notes: str
    # Since revision 0006, NULL on the persons written before it (and by older versions).
    sex: Sex | None = None
    birthplace: str | None = None  # Belfiore code of a comune or foreign state (domain/places)
    citizenship: str | None = None  # ISO 3166-1 alpha-2, "XX" apolide (domain/places.py)
    msna: bool | None = None  # minore straniero non accompagnato; None: never said (read as no)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        return "".join(p[:1].upper() + "." for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True, slots=True)
class CaseMember(Record):
    id: CaseMemberId
    case_id: CaseId
    person_id: PersonId
    role: MemberRole
    notes: str


@dataclass(frozen=True, slots=True)
class Measure(Record):
    id: MeasureId
    case_id: CaseId
    authority: Authority
    kind: MeasureKind
    docket_number: str
    issued_on: dt.date
    prescriptions: str
    next_report_due: dt.date | None
    ended_on: dt.date | None = None  # revision 0007
    end_reason: MeasureEnd | None = None


@dataclass(frozen=True, slots=True)
class ServiceActivation(Record):
    id: ActivationId
    case_id: CaseId
    service: Service
    start_on: dt.date
    end_on: dt.date | None
    authorised_hours: float
    hours_period: HoursPeriod
    operator_id: OperatorId | None
    partner: str | None = None  # revision 0007: partner cooperative (co-progettazione)


@dataclass(frozen=True, slots=True)
class Visit(Record):
    id: VisitId
    case_id: CaseId
    activation_id: ActivationId | None
    operator_id: OperatorId
    kind: VisitKind
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    place: str
    outcome: VisitOutcome
    present_person_ids: PresentPersons  # one field for per-field merge (domain/present.py)
    notes: str
    facts: str  # fatti accertati
    statements: str  # dichiarazioni
    evaluations: str  # valutazioni professionali
    observations: Observations  # structured observations for the kind
    next_steps: str
    status: VisitStatus
    closed_at: dt.datetime | None
    # Revision 0007: JSON list of the goals worked on; the evaluations' method; what the
    # signed documents show, written once at close (services/frozen.py).
    goal_ids: str | None = None
    evaluation_method: str | None = None
    frozen: str | None = None

    @property
    def duration_minutes(self) -> int:
        start = self.start_time.hour * 60 + self.start_time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return end - start


@dataclass(frozen=True, slots=True)
class VisitAmendment(Record):
    id: AmendmentId
    visit_id: VisitId
    operator_id: OperatorId
    text: str


@dataclass(frozen=True, slots=True)
class Goal(Record):
    id: GoalId
    case_id: CaseId
    plan: PlanKind
    title: str
    description: str
    indicators: str
    status: GoalStatus
    review_on: dt.date | None


@dataclass(frozen=True, slots=True)
class Deadline(Record):
    id: DeadlineId
    case_id: CaseId
    kind: DeadlineKind
    title: str
    due_on: dt.date
    done_on: dt.date | None


@dataclass(frozen=True, slots=True)
class FosterFamily(Record):
    id: FosterFamilyId
    name: str
    members: str
    comune: str
    ambito_id: AmbitoId | None
    availability: Availability
    status: FosterFamilyStatus
    training_completed_on: dt.date | None
    notes: str


@dataclass(frozen=True, slots=True)
class Placement(Record):
    id: PlacementId
    case_id: CaseId
    minor_id: PersonId
    family_id: FosterFamilyId
    legal_basis: LegalBasis
    kind: PlacementKind
    schedule: Availability
    start_on: dt.date
    planned_end_on: dt.date | None
    ended_on: dt.date | None
    last_review_on: dt.date | None
    end_reason: PlacementEnd | None = None  # revision 0007


@dataclass(frozen=True, slots=True)
class Attachment(Record):
    id: AttachmentId
    case_id: CaseId
    visit_id: VisitId | None
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class PaperSheet(Record):
    id: SheetId
    """A blank visit sheet printed for a case; its id is in the sheet's QR code."""

    case_id: CaseId
    status: SheetStatus
    printed_by: OperatorId
    transcribed_visit_id: VisitId | None


@dataclass(frozen=True, slots=True)
class AmbitoSettings(Record):
    """An Ambito's settings from `valid_from` on (the logo's bytes are read apart)."""

    id: SettingsId
    ambito_id: AmbitoId
    valid_from: dt.date
    count_missed: bool
    count_phone_calls: bool
    foster_review_months: int
    placement_max_months: int
    missing_pei_after_days: int
    cooperative_name: str


@dataclass(frozen=True, slots=True)
class Community(Record):
    id: CommunityId
    name: str
    kind: CommunityKind
    comune: str
    ambito_id: AmbitoId | None
    places: int | None
    phone: str
    notes: str


@dataclass(frozen=True, slots=True)
class CommunityPlacement(Record):
    id: CommunityPlacementId
    case_id: CaseId
    minor_id: PersonId
    community_id: CommunityId
    legal_basis: LegalBasis
    start_on: dt.date
    planned_end_on: dt.date | None
    ended_on: dt.date | None
    end_reason: PlacementEnd | None
    last_review_on: dt.date | None


@dataclass(frozen=True, slots=True)
class GoalAction(Record):
    id: GoalActionId
    case_id: CaseId
    goal_id: GoalId
    description: str
    responsible: str
    due_on: dt.date | None
    done_on: dt.date | None


@dataclass(frozen=True, slots=True)
class CourtReport(Record):
    id: CourtReportId
    """A relazione sent for a measure; it completes the deadline that fell due on `due_on`."""

    case_id: CaseId
    measure_id: MeasureId
    due_on: dt.date | None
    sent_on: dt.date
    operator_id: OperatorId
    protocol: str
    notes: str


@dataclass(frozen=True, slots=True)
class CommunityProject(Record):
    id: ProjectId
    ambito_id: AmbitoId
    title: str
    comune: str
    partners: str
    start_on: dt.date
    end_on: dt.date | None
    description: str


@dataclass(frozen=True, slots=True)
class CommunityActivity(Record):
    id: ActivityId
    project_id: ProjectId
    operator_id: OperatorId | None
    date: dt.date
    minutes: int
    participants: int
    description: str


@dataclass(frozen=True, slots=True)
class DerivedDeadline:
    """A deadline computed by the rules from measures, placements, goals and activations."""

    case_id: CaseId
    kind: DeadlineKind
    due_on: dt.date
    source_id: UUID
    title: str = field(default="")
