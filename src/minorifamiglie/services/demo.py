"""Synthetic, realistic demo data (never real people) for `demo-data` and `make run`.

What trainees and new users see first, so a social worker should believe it:
- the child's age decides the words: no school for a baby, no "scuola superiore" for a
  five-year-old (age bands and the pools in `demo_phrases`); PEI goals too;
- who writes what: home visits, school, accompaniments and facilitated meetings of the
  educational services by the case's educator, colloqui and équipe by the assistente sociale,
  tutela and affido by the assistente sociale, facilitated meetings by an educator; an operator
  is never in two places at once, nor out more than a working day;
- the household holds together: mother 18-44 and father 19-50 years older than the child,
  siblings born to the same mother at plausible ages; names from the origin of each person
  (`demo_names`), never a famous surname; the foster carers appear only in an affido, and a
  foster family "con affido in corso" is one that has a placement running;
- the hours: each month of an activation the diary holds 80-96% of the authorised monte ore in
  visits that count (domain/hours.py decides what counts), drafts included (they will be
  signed); a suspended case has no diary after its suspension;
- amendments are written 0-10 days after their visit, and observation grids use the app's own
  scale (domain/observations.py);
- the case has its comune of residence and, once closed, a reason that fits its story (a care
  leaver closed on the 21st birthday came of age, an ADM that reached its goals); court measures
  end with the case or are replaced by a later decree, and the relazioni sent to the court
  answer each past deadline, so an overdue report is the exception; a child living in a
  comunità has a placement in the registry's communities; PEI goals have their actions;
- every signed visit holds what its documents show (`Visit.frozen`), the very document
  services/frozen.py would write at close, made here from what the generator holds in memory
  (reading it back through the session would multiply the build time);
- a few Ambiti have their own settings (a cooperative, missed visits counted from a date, phone
  calls not counted), and the diary delivers the monte ore under the rules of its Ambito; some
  community projects record their weekly activities by hours and participant counts only.

Everything is written through the storage Repository inside ordinary units of work, so the
change log and the audit chain record the demo like any other write and `check` passes. The same
seed and `today` give the same data; record ids stay random UUIDv7, as everywhere else, so two
devices filled with the same seed never share ids (they would otherwise merge into each other)."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from codicefiscale import codicefiscale
from holidays import country_holidays
from sqlalchemy.orm import Session

from minorifamiglie.config import PROFILE_FILE
from minorifamiglie.domain import entities as e
from minorifamiglie.domain import frozen_document as fd
from minorifamiglie.domain import hours as hours_rule
from minorifamiglie.domain import observations as obs
from minorifamiglie.domain import places
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
    PlacementEnd,
    PlacementKind,
    PlanKind,
    ReferralSource,
    Role,
    Service,
    Sex,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.ids import DeviceId, uuid7
from minorifamiglie.domain.italian_format import fmt_date, fmt_time
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.domain.rules import add_months
from minorifamiglie.services import ambito_settings
from minorifamiglie.services import demo_names as nm
from minorifamiglie.services import demo_phrases as ph
from minorifamiglie.services.cases import new_case_code
from minorifamiglie.services.demo_phrases import Line
from minorifamiglie.services.profiles import init_profile, unlock
from minorifamiglie.storage import audit, profile, queries
from minorifamiglie.storage import models as m
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

# The demo profile of `make run` and `gui --demo`: synthetic data behind a documented passphrase.
DEMO_PASSPHRASE = "demo demo demo"  # noqa: S105 - demo-only, in the README, guards synthetic data
DEMO_OPERATOR = "Operatrice Demo"
DEMO_CASES = 200
DEMO_SEED = 1

BATCH_CASES = 25  # cases per unit of work: one commit each
HISTORY_DAYS = 730  # the diary goes back two years (from the first of that month)
DAY_START, DAY_END = 8 * 60, 19 * 60  # visits happen between 8:00 and 19:00
MAX_DAY_MINUTES = 6 * 60  # an operator's entries in a day, visits and desk work together
TRAVEL = 15  # minutes between two appointments of an operator
LOCAL_TIME = dt.timezone(dt.timedelta(hours=1))  # CET: close enough for synthetic timestamps
AUDIT_DETAIL = {"source": "demo"}
DELIVERED = (0.80, 0.96)  # share of a month's monte ore the diary delivers
AMENDED = 0.02  # share of the signed entries that get an amendment
FOREIGN_SHARE = 0.35  # households of foreign origin, among the cases of the service
CASES_PER_EDUCATOR, CASES_PER_SOCIAL_WORKER = 7, 25  # the size of the team

T = TypeVar("T")
K = VisitKind
S = Service

AMBITO_WEIGHTS = {code: 1.0 for code in ph.COMUNI} | {
    "BG": 5.0, "DAL": 3.5, "GRU": 3.0, "VIM": 2.5, "VBR": 3.0,
}  # fmt: skip
SERVICE_WEIGHTS = {
    S.ADM: 3.0, S.TUTELA: 2.5, S.FACILITATED_MEETINGS: 1.5, S.AFFIDO: 1.2, S.TUTORING: 1.5,
    S.CARE_LEAVERS: 0.8, S.FRAGILE_FAMILIES: 1.2,
}  # fmt: skip
CASE_STATUS = {CaseStatus.OPEN: 80.0, CaseStatus.SUSPENDED: 5.0, CaseStatus.CLOSED: 15.0}
# The register's families without an affido running ("impegnata" is given by a placement).
REGISTER_STATUS = {
    FosterFamilyStatus.SUITABLE: 45.0, FosterFamilyStatus.ASSESSING: 20.0,
    FosterFamilyStatus.IN_TRAINING: 20.0, FosterFamilyStatus.SUSPENDED: 15.0,
}  # fmt: skip
TRAINED = (FosterFamilyStatus.SUITABLE, FosterFamilyStatus.SUSPENDED, FosterFamilyStatus.ENGAGED)
AVAILABILITY = {
    Availability.RESIDENTIAL: 55.0, Availability.PART_TIME: 20.0, Availability.DAYTIME: 15.0,
    Availability.EMERGENCY: 10.0,
}  # fmt: skip
SCHEDULE = {Availability.RESIDENTIAL: 70.0, Availability.PART_TIME: 20.0, Availability.DAYTIME: 10}
TUTELA_MEASURES = {
    MeasureKind.ENTRUSTMENT: 50.0, MeasureKind.LIMITATION: 38.0, MeasureKind.FORFEITURE: 12.0,
}  # fmt: skip
MEASURE_KIND = {
    S.FACILITATED_MEETINGS: MeasureKind.MEETINGS, S.AFFIDO: MeasureKind.FOSTER_PLACEMENT,
    S.CARE_LEAVERS: MeasureKind.PROSIEGUO,
}  # fmt: skip
GOALS_CLOSED = {GoalStatus.ACHIEVED: 50.0, GoalStatus.PARTIAL: 35.0, GoalStatus.NOT_ACHIEVED: 15}
GOALS_OPEN = {
    GoalStatus.ACTIVE: 75.0, GoalStatus.ACHIEVED: 12.0, GoalStatus.PARTIAL: 10.0,
    GoalStatus.DROPPED: 3.0,
}  # fmt: skip
REFERRALS: dict[Service, dict[ReferralSource, float]] = {
    S.TUTELA: {ReferralSource.COURT: 50, ReferralSource.SCHOOL: 20, ReferralSource.HEALTH: 15,
               ReferralSource.POLICE: 15},
    S.AFFIDO: {ReferralSource.COURT: 60, ReferralSource.SOCIAL_SERVICES: 40},
    S.FACILITATED_MEETINGS: {ReferralSource.COURT: 90, ReferralSource.OTHER: 10},
    S.CARE_LEAVERS: {ReferralSource.SOCIAL_SERVICES: 70, ReferralSource.COURT: 30},
}  # fmt: skip
DEFAULT_REFERRALS = {
    ReferralSource.SOCIAL_SERVICES: 40.0, ReferralSource.SCHOOL: 25.0,
    ReferralSource.FAMILY: 20.0, ReferralSource.HEALTH: 15.0,
}  # fmt: skip
DURATIONS = {  # minutes: shortest, longest
    K.HOME_VISIT: (60, 180), K.FACILITATED_MEETING: (60, 120), K.INTERVIEW: (45, 90),
    K.ACCOMPANIMENT: (60, 180), K.SCHOOL: (45, 90), K.PHONE_CALL: (10, 30),
    K.TEAM_MEETING: (60, 120), K.REPORT_WRITING: (60, 120),
}  # fmt: skip
OFFICE_KINDS = (K.TEAM_MEETING, K.REPORT_WRITING, K.PHONE_CALL)
# Why a closed case was closed, by service (court closure only where a court decided).
CLOSURES: dict[Service, dict[CaseClosure, float]] = {
    S.ADM: {CaseClosure.GOALS_MET: 55.0, CaseClosure.WITHDRAWN: 20.0,
            CaseClosure.MOVED_AWAY: 12.0, CaseClosure.TRANSFERRED: 13.0},
    S.TUTORING: {CaseClosure.GOALS_MET: 60.0, CaseClosure.WITHDRAWN: 25.0,
                 CaseClosure.MOVED_AWAY: 15.0},
    S.FRAGILE_FAMILIES: {CaseClosure.GOALS_MET: 50.0, CaseClosure.WITHDRAWN: 20.0,
                         CaseClosure.MOVED_AWAY: 15.0, CaseClosure.TRANSFERRED: 15.0},
    S.TUTELA: {CaseClosure.COURT_CLOSED: 50.0, CaseClosure.GOALS_MET: 20.0,
               CaseClosure.MOVED_AWAY: 15.0, CaseClosure.TRANSFERRED: 15.0},
    S.FACILITATED_MEETINGS: {CaseClosure.GOALS_MET: 45.0, CaseClosure.COURT_CLOSED: 35.0,
                             CaseClosure.MOVED_AWAY: 10.0, CaseClosure.WITHDRAWN: 10.0},
    S.AFFIDO: {CaseClosure.GOALS_MET: 40.0, CaseClosure.COURT_CLOSED: 35.0,
               CaseClosure.ADOPTED: 6.0, CaseClosure.MOVED_AWAY: 10.0,
               CaseClosure.TRANSFERRED: 9.0},
    # before the 21st birthday: the young person reached autonomy, gave up the prosieguo,
    # or moved away; on the birthday the case closes with the coming of age
    S.CARE_LEAVERS: {CaseClosure.GOALS_MET: 45.0, CaseClosure.WITHDRAWN: 35.0,
                     CaseClosure.MOVED_AWAY: 20.0},
}  # fmt: skip
CAME_OF_AGE_SHARE = 0.6  # closed care leavers' cases that closed on the 21st birthday
# How the measure of a closed case ended; a case moved away or passed to another service keeps
# its measure in force there.
MEASURE_ENDS: dict[CaseClosure, dict[MeasureEnd, float]] = {
    CaseClosure.CAME_OF_AGE: {MeasureEnd.CAME_OF_AGE: 1.0},
    CaseClosure.COURT_CLOSED: {MeasureEnd.REVOKED: 70.0, MeasureEnd.EXPIRED: 30.0},
    CaseClosure.GOALS_MET: {MeasureEnd.EXPIRED: 60.0, MeasureEnd.REVOKED: 40.0},
    CaseClosure.ADOPTED: {MeasureEnd.EXPIRED: 1.0},  # exhausted by the adoption
    CaseClosure.WITHDRAWN: {MeasureEnd.REVOKED: 1.0},
}
# Why the placement (affido or comunità) of a closed case ended.
PLACEMENT_ENDS: dict[CaseClosure, dict[PlacementEnd, float]] = {
    CaseClosure.GOALS_MET: {PlacementEnd.RETURNED_HOME: 1.0},
    CaseClosure.COURT_CLOSED: {PlacementEnd.RETURNED_HOME: 70.0, PlacementEnd.OTHER_FAMILY: 30.0},
    CaseClosure.ADOPTED: {PlacementEnd.ADOPTION: 1.0},
    CaseClosure.TRANSFERRED: {PlacementEnd.COMMUNITY: 60.0, PlacementEnd.OTHER: 40.0},
    CaseClosure.MOVED_AWAY: {PlacementEnd.OTHER: 1.0},
    CaseClosure.WITHDRAWN: {PlacementEnd.INTERRUPTED: 1.0},
}
OTHER_END = {PlacementEnd.OTHER: 1.0}
# The goals of a closed case, by how it was closed.
GOALS_BY_CLOSURE: dict[CaseClosure, dict[GoalStatus, float]] = {
    CaseClosure.GOALS_MET: {GoalStatus.ACHIEVED: 75.0, GoalStatus.PARTIAL: 25.0},
    CaseClosure.WITHDRAWN: {GoalStatus.PARTIAL: 40.0, GoalStatus.NOT_ACHIEVED: 45.0,
                            GoalStatus.DROPPED: 15.0},
}  # fmt: skip
OVERDUE_REPORTS = 0.06  # open court cases whose relazione is late today
REPORT_MONTHS = 6  # the decrees ask for a relazione every six months (some every year)
PARTNER_SHARE = 0.2  # educational activations co-designed with a partner cooperative
ACTIONS_SHARE = 0.85  # PEI goals with actions
# What the ambito_settings rows of the demo say besides the cooperative (SETTINGS_COOPERATIVES).
AMBITO_RULES: dict[str, dict[str, object]] = {
    "VBR": {"count_missed": True},  # assenze non comunicate paid, from January
    "DAL": {"count_phone_calls": False, "missing_pei_after_days": 45},
    "ISO": {"missing_pei_after_days": 90},
}
RATINGS = {  # the grid of a meeting that went well, and of one that did not
    "good": {obs.Rating.ADEQUATE: 80.0, obs.Rating.PARTLY_ADEQUATE: 15.0,
             obs.Rating.NOT_OBSERVED: 5.0},
    "hard": {obs.Rating.ADEQUATE: 45.0, obs.Rating.PARTLY_ADEQUATE: 35.0,
             obs.Rating.NOT_ADEQUATE: 15.0, obs.Rating.NOT_OBSERVED: 5.0},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ServicePlan:
    """How a service line shows up in a diary: kinds of entry, monte ore, ages."""

    kinds: dict[VisitKind, float]
    hours: tuple[int, int]
    period: HoursPeriod
    ages: tuple[int, int]  # of the minor at the reference date, in years
    plan: PlanKind
    court: float  # share of cases with a court measure


W, M = HoursPeriod.WEEK, HoursPeriod.MONTH
PEI, PQ = PlanKind.PEI, PlanKind.FRAMEWORK
PLANS: dict[Service, ServicePlan] = {
    S.ADM: ServicePlan({K.HOME_VISIT: 70, K.SCHOOL: 6, K.ACCOMPANIMENT: 8, K.INTERVIEW: 4,
                        K.PHONE_CALL: 3, K.TEAM_MEETING: 4, K.REPORT_WRITING: 2},
                       (3, 6), W, (2, 16), PEI, 0.2),
    S.TUTORING: ServicePlan({K.HOME_VISIT: 60, K.SCHOOL: 12, K.ACCOMPANIMENT: 12,
                             K.PHONE_CALL: 5, K.TEAM_MEETING: 3, K.REPORT_WRITING: 3},
                            (2, 4), W, (8, 17), PEI, 0.0),
    S.FACILITATED_MEETINGS: ServicePlan({K.FACILITATED_MEETING: 80, K.INTERVIEW: 6,
                                         K.PHONE_CALL: 4, K.REPORT_WRITING: 5,
                                         K.TEAM_MEETING: 3},
                                        (4, 8), M, (1, 15), PQ, 1.0),
    S.TUTELA: ServicePlan({K.INTERVIEW: 35, K.HOME_VISIT: 25, K.TEAM_MEETING: 15,
                           K.REPORT_WRITING: 10, K.PHONE_CALL: 6, K.SCHOOL: 5},
                          (3, 6), M, (0, 17), PQ, 1.0),
    S.AFFIDO: ServicePlan({K.INTERVIEW: 30, K.HOME_VISIT: 30, K.FACILITATED_MEETING: 15,
                           K.TEAM_MEETING: 10, K.REPORT_WRITING: 7, K.PHONE_CALL: 5},
                          (4, 8), M, (0, 17), PQ, 0.7),
    S.CARE_LEAVERS: ServicePlan({K.HOME_VISIT: 30, K.ACCOMPANIMENT: 35, K.INTERVIEW: 15,
                                 K.PHONE_CALL: 12},
                                (6, 10), M, (18, 20), PEI, 0.6),
    S.FRAGILE_FAMILIES: ServicePlan({K.HOME_VISIT: 60, K.INTERVIEW: 12, K.ACCOMPANIMENT: 12,
                                     K.PHONE_CALL: 6, K.TEAM_MEETING: 6},
                                    (4, 10), M, (0, 14), PEI, 0.0),
}  # fmt: skip


def expected_role(service: Service, kind: VisitKind) -> Role:
    """Who writes an entry of that kind in that service line: facilitated meetings are observed
    by an educator; colloqui and équipe are the assistente sociale's; the rest belongs to the
    educator in the educational services, to the assistente sociale in tutela and affido."""
    if kind is K.FACILITATED_MEETING:
        return Role.EDUCATOR
    if kind in (K.INTERVIEW, K.TEAM_MEETING):
        return Role.SOCIAL_WORKER
    return Role.EDUCATOR if service in ph.EDUCATIONAL else Role.SOCIAL_WORKER


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What `generate` wrote."""

    cases: int
    persons: int
    visits: int
    foster_families: int
    operators: int = 0
    measures: int = 0
    activations: int = 0
    goals: int = 0
    deadlines: int = 0
    placements: int = 0
    amendments: int = 0
    court_reports: int = 0
    goal_actions: int = 0
    communities: int = 0
    community_placements: int = 0
    community_projects: int = 0
    community_activities: int = 0
    ambito_settings: int = 0


@dataclass(frozen=True, slots=True)
class _Staff:
    writer: uuid.UUID  # who is at the keyboard: the profile's operator
    educators: tuple[uuid.UUID, ...]
    social_workers: tuple[uuid.UUID, ...]
    coordinators: tuple[uuid.UUID, ...]
    female: Mapping[uuid.UUID, bool]


@dataclass(frozen=True, slots=True)
class _Person:
    id: uuid.UUID
    first_name: str
    last_name: str
    female: bool
    born: dt.date
    origin: str


@dataclass
class _Family:
    id: uuid.UUID
    ambito: str
    status: FosterFamilyStatus
    availability: Availability
    trained: dt.date | None
    carer: tuple[str, str, bool, dt.date, str]  # first name, surname, female, born, origin


@dataclass(frozen=True, slots=True)
class _Community:
    id: uuid.UUID
    name: str
    kind: CommunityKind
    ambito: str
    comune: str


@dataclass(frozen=True, slots=True)
class _Goal:
    id: uuid.UUID
    plan: PlanKind
    title: str
    status: GoalStatus
    review_on: dt.date

    def in_progress_on(self, day: dt.date) -> bool:
        """Worked on at `day`: still active, or reviewed (achieved, dropped…) since."""
        return self.status is GoalStatus.ACTIVE or day <= self.review_on


@dataclass(frozen=True, slots=True)
class _Measure:
    id: uuid.UUID
    authority: Authority
    kind: MeasureKind
    issued: dt.date
    due: dt.date | None
    ended: dt.date | None


@dataclass(frozen=True, slots=True)
class _Activation:
    id: uuid.UUID
    service: Service
    start_on: dt.date
    hours: float
    period: HoursPeriod
    lead: uuid.UUID


@dataclass(frozen=True, slots=True)
class _Written:
    """A diary entry ready to be staged: the values of its row, and its activation's service
    (a parent signs the documents of an ADM entry)."""

    values: dict[str, Any]
    service: Service
    goals: tuple[uuid.UUID, ...]  # the goals worked on (`goal_ids`)


@dataclass
class _Entry:
    """A diary entry planned before it is written."""

    act: _Activation
    kind: VisitKind
    operator: uuid.UUID
    day: dt.date
    start: int  # minutes since midnight
    minutes: int
    outcome: VisitOutcome


@dataclass
class _CaseFile:
    """The shape of one case file while it is being written."""

    service: Service
    status: CaseStatus
    ambito: str
    comune: str
    opened_on: dt.date
    closed_on: dt.date | None
    active_until: dt.date  # last day of the diary: today, closing or suspension
    born: dt.date
    female: bool
    court: bool
    extra: Service | None = None  # a second service line (tutela often activates one)
    intra: bool = False  # affido to relatives
    schedule: Availability | None = None  # of the affido
    id: uuid.UUID = field(default_factory=uuid7)
    origin: str = nm.ITALY
    msna: bool = False  # a care leaver who came to Italy alone
    born_abroad: bool = False
    arrived: int | None = None  # year the family came to Italy
    young_parents: bool = False
    minor: _Person | None = None
    mother: _Person | None = None
    father: _Person | None = None
    siblings: list[_Person] = field(default_factory=list)
    at_home: set[str] = field(default_factory=set)  # "mother", "father": living with the child
    met: str | None = None  # the parent met in the neutral space
    community: bool = False  # the child lives in a comunità educativa
    carer: uuid.UUID | None = None  # the foster carer, a member of an affido case
    members: list[tuple[uuid.UUID, MemberRole]] = field(default_factory=list)
    family: _Family | None = None
    placement_start: dt.date | None = None
    authority: Authority | None = None
    measure_kind: MeasureKind | None = None
    educator: uuid.UUID | None = None
    social_worker: uuid.UUID | None = None
    team: list[uuid.UUID] = field(default_factory=list)  # the case's operators
    weekdays: tuple[int, ...] = ()  # the educator's usual days with the family
    facts: frozenset[str] = frozenset()
    closure: CaseClosure | None = None
    code: str = ""
    home: _Community | None = None  # the comunità the child lives in
    goals: list[_Goal] = field(default_factory=list)
    measures: list[_Measure] = field(default_factory=list)
    member_ids: list[uuid.UUID] = field(default_factory=list)  # of cf.members, in order

    def age_on(self, day: dt.date) -> int:
        return years_between(self.born, day)

    def parent(self, role: str | None) -> _Person | None:
        return self.mother if role == "mother" else self.father if role == "father" else None


def years_between(born: dt.date, day: dt.date) -> int:
    """Whole years from `born` to `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def generate(
    opened: OpenProfile, *, cases: int, seed: int, today: dt.date | None = None
) -> DemoSummary:
    """Add `cases` synthetic case files with their people, measures, services and diaries."""
    gen = _Generator(seed, today or dt.date.today(), opened.device_id)
    with opened.session() as session:
        gen.ambiti = {a.code: a for a in Repository(session).find(e.Ambito)}
        staff = gen.staff(session, cases)
        for _ in range(max(5, cases // 12)):
            gen.register_family(Repository(session))
        gen.registries(session, staff)
    for start in range(0, cases, BATCH_CASES):
        with opened.session() as session:
            session.info["write_context"].operator_id = staff.writer
            for _ in range(start, min(cases, start + BATCH_CASES)):
                gen.case(session, staff)
    return DemoSummary(**{f.name: gen.counts[f.name] for f in fields(DemoSummary)})


def ensure_demo_profile(
    root: Path,
    *,
    cases: int = DEMO_CASES,
    today: dt.date | None = None,
    kdf: KdfParams | None = None,
) -> bool:
    """Create the demo profile and fill it, unless that was done before; True if it was now.

    Only the passphrase `DEMO_PASSPHRASE` opens it; it is never written to a file."""
    created = False
    if not (root / PROFILE_FILE).exists():
        init_profile(root, DEMO_PASSPHRASE, DEMO_OPERATOR, Role.EDUCATOR, "portatile demo", kdf)
        created = True
    opened = unlock(root, DEMO_PASSPHRASE)
    try:
        with opened.session() as session:
            empty = queries.count_live(session, m.CaseRow) == 0
        if empty:
            generate(opened, cases=cases, seed=DEMO_SEED, today=today)
    finally:
        opened.close()
    return created or empty


@lru_cache(maxsize=256)
def comune_code(name: str) -> str:
    """The Belfiore code of a comune of the province of Bergamo, by name (demo_phrases.COMUNI)."""
    code = places.resolve_comune(f"{name} (BG)")
    if code is None:
        raise ValueError("unknown comune")
    return code


@lru_cache(maxsize=256)
def citizenship_code(origin: str) -> str:
    """The ISO code of the citizenship of an origin (demo_names.ORIGINS, or Italy)."""
    code = places.resolve_citizenship(origin)
    if code is None:
        raise ValueError("unknown citizenship")
    return code


@lru_cache(maxsize=256)
def birthplace_code(place: str) -> str:
    """The Belfiore code of a birthplace, a comune or a state, by name (domain/places.py); the
    comuni of the province with their province (Castro is also in Apulia)."""
    in_province = place in ph.BIRTH_HOSPITALS or any(place in c for c in ph.COMUNI.values())
    code = places.resolve_birthplace(f"{place} (BG)" if in_province else place)
    if code is None:
        raise ValueError("unknown birthplace")
    return code


@lru_cache(maxsize=256)
def _birthplace_code(place: str) -> str:
    if places.BELFIORE.fullmatch(place) and places.place(place) is not None:
        return place  # already the code (the library would take 9 ms to say so)
    code = codicefiscale.encode_birthplace(place, dt.datetime(2000, 1, 1))
    if not code:
        raise ValueError("unknown birthplace")
    return str(code)


def tax_code(first: str, last: str, female: bool, born: dt.date, place: str) -> str:
    """A valid codice fiscale that agrees with the birth date and place (a name, or its
    Belfiore code), made with python-codicefiscale's own parts (its `encode` also decodes the
    result back, which costs ten times as much)."""
    code = (
        str(codicefiscale.encode_lastname(last))
        + str(codicefiscale.encode_firstname(first))
        + str(
            codicefiscale.encode_birthdate(
                dt.datetime(born.year, born.month, born.day), "F" if female else "M"
            )
        )
        + _birthplace_code(place)
    )
    return code + str(codicefiscale.encode_cin(code))


class _Generator:
    def __init__(self, seed: int, today: dt.date, device_id: DeviceId) -> None:
        self.rng = random.Random(seed)
        self.names = nm.NameBook(self.rng, seed)
        self.today = today
        self.device_id = device_id
        self.counts: Counter[str] = Counter()  # by the field names of DemoSummary
        self.families: list[_Family] = []
        self.ambiti: dict[str, e.Ambito] = {}
        self.holidays = country_holidays("IT", years=range(today.year - 3, today.year + 2))
        # the first of the month after the day HISTORY_DAYS ago: whole months of diary
        self.history_start = add_months((today - dt.timedelta(days=HISTORY_DAYS)).replace(day=1), 1)
        # each operator's appointments: (operator, day) -> [(start, end)] in minutes
        self.busy: dict[tuple[uuid.UUID, dt.date], list[tuple[int, int]]] = {}
        self.case_days: set[tuple[uuid.UUID, dt.date]] = set()  # one entry a day per case
        self.pools: dict[tuple[object, ...], tuple[Line, ...]] = {}
        self.staff_female: Mapping[uuid.UUID, bool] = {}
        self.load: dict[uuid.UUID, float] = defaultdict(float)  # weekly hours of each operator
        self.case_starts: set[tuple[dt.date, int]] = set()  # one entry at a time per case
        self.communities: list[_Community] = []
        # what the frozen documents read: the Ambiti's settings, the fallback cooperative, the
        # operators' and the current case's persons' names
        self.settings: dict[uuid.UUID, list[e.AmbitoSettings]] = {}
        self.fallback_cooperative = ambito_settings.DEFAULT_COOPERATIVE
        self.operator_names: dict[uuid.UUID, str] = {}
        self.names_of: dict[uuid.UUID, tuple[str, str]] = {}  # person: first name, surname
        self.fill_values: dict[uuid.UUID | None, dict[str, str]] = {}  # of the current case
        self.partners: dict[str, str] = {}  # the partner cooperative of each Ambito

    # ------------------------------------------------------------ small helpers

    def pick(self, weighted: Mapping[T, float]) -> T:
        return self.rng.choices(list(weighted), list(weighted.values()))[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(lo, hi))

    def minutes(self, lo: int, hi: int) -> dt.timedelta:
        return dt.timedelta(minutes=self.rng.randint(lo, hi))

    def days_ago(self, lo: int, hi: int) -> dt.date:
        return self.today - self.days(lo, hi)

    def between(self, lo: dt.date, hi: dt.date) -> dt.date:
        return lo + self.days(0, max(0, (hi - lo).days))

    def years_before(self, day: dt.date, years: int) -> dt.date:
        """A birth date that makes someone `years` old (and some months) at `day`."""
        return add_months(day, -12 * years) - self.days(0, 300)

    def phone(self) -> str:
        # The 555 block keeps the numbers visibly fictional.
        return f"3{self.rng.randint(20, 99)} 555 {self.rng.randint(1000, 9999)}"

    def address(self, comune: str) -> str:
        return f"{self.rng.choice(ph.STREETS)} {self.rng.randint(1, 120)}, {comune}"

    def choose(
        self,
        pool: tuple[Line, ...],
        age: int,
        service: Service,
        facts: frozenset[str],
        kind: VisitKind | None = None,
    ) -> tuple[Line, ...]:
        """The sentences of `pool` that fit (cached: the same few contexts come back often)."""
        key = (id(pool), age, service, facts, kind)
        found = self.pools.get(key)
        if found is None:
            found = tuple(line for line in pool if ph.fits(line, age, service, facts, kind))
            self.pools[key] = found
        return found

    # ------------------------------------------------------------ staff and families

    def staff(self, session: Session, cases: int) -> _Staff:
        """The profile's operator plus a team sized for the cases, reused when the demo runs
        again."""
        repo = Repository(session)
        local = profile.get_local(session, profile.OPERATOR_KEY)
        existing: dict[tuple[str, Role], uuid.UUID] = {
            (o.name, o.role): o.id for o in repo.find(e.Operator)
        }
        team: dict[Role, list[uuid.UUID]] = {r: [] for r in Role}
        female: dict[uuid.UUID, bool] = {}
        created = []
        roles = (
            [Role.EDUCATOR] * max(3, cases // CASES_PER_EDUCATOR)
            + [Role.SOCIAL_WORKER] * max(2, cases // CASES_PER_SOCIAL_WORKER)
            + [Role.COORDINATOR]
        )
        share = {Role.EDUCATOR: 0.75, Role.SOCIAL_WORKER: 0.85, Role.COORDINATOR: 0.6}
        taken: set[str] = set()
        for role in roles:
            is_female = self.chance(share[role])
            name = ""
            while not name or name in taken:
                born = self.today.year - self.rng.randint(25, 58)
                name = f"{self.names.given(nm.ITALY, is_female, born)} {self.names.surname()}"
            taken.add(name)
            op_id = existing.get((name, role))
            if op_id is None:
                op_id = repo.stage(e.Operator, name=name, role=role, active=True)
                created.append(op_id)
            team[role].append(op_id)
            female[op_id] = is_female
        writer = uuid.UUID(local) if local else team[Role.COORDINATOR][0]
        session.info["write_context"].operator_id = writer
        for op_id in created:
            audit.append(session, AuditAction.CREATE, "operators", op_id, detail=AUDIT_DETAIL)
        self.counts["operators"] += len(created)
        session.flush()
        if local and repo.get(e.Operator, writer).role is Role.EDUCATOR:
            team[Role.EDUCATOR].append(writer)  # so "my cases" is not empty
            female.setdefault(writer, True)
        self.staff_female = female
        return _Staff(
            writer,
            tuple(team[Role.EDUCATOR]),
            tuple(team[Role.SOCIAL_WORKER]),
            tuple(team[Role.COORDINATOR]),
            female,
        )

    def couple(
        self,
    ) -> tuple[tuple[str, str, bool, dt.date, str], tuple[str, str, bool, dt.date, str]]:
        """A husband and a wife of the register, in their thirties to fifties."""
        wife_born = self.years_before(self.today, self.rng.randint(32, 58))
        husband_born = wife_born - self.days(-3 * 365, 6 * 365)
        wife = (
            self.names.given(nm.ITALY, True, wife_born.year),
            self.names.surname(),
            True,
            wife_born,
            nm.ITALY,
        )
        husband = (
            self.names.given(nm.ITALY, False, husband_born.year),
            self.names.surname(),
            False,
            husband_born,
            nm.ITALY,
        )
        return husband, wife

    def stage_family(
        self,
        repo: Repository,
        ambito: str,
        status: FosterFamilyStatus,
        availability: Availability,
        trained: dt.date | None,
    ) -> _Family:
        """A family of the register, with the status and availability given."""
        husband, wife = self.couple()
        carer = wife if self.chance(0.6) else husband
        name = f"Famiglia {husband[1]}" + (f" – {wife[1]}" if self.chance(0.5) else "")
        children = self.rng.choice(ph.FAMILY_CHILDREN)
        family_id = repo.stage(
            e.FosterFamily,
            name=name,
            members=f"{husband[0]} {husband[1]} e {wife[0]} {wife[1]}, {children}",
            comune=self.rng.choice(ph.COMUNI[ambito]),
            ambito_id=self.ambiti[ambito].id,
            availability=availability,
            status=status,
            training_completed_on=trained,
            notes=self.rng.choice(ph.FAMILY_NOTES),
        )
        self.counts["foster_families"] += 1
        family = _Family(family_id, ambito, status, availability, trained, carer)
        self.families.append(family)
        return family

    def register_family(self, repo: Repository) -> _Family:
        """A family of the register with no affido running: suitable and waiting, being
        assessed or trained, or suspended."""
        status = self.pick(REGISTER_STATUS)
        trained = self.days_ago(200, 6 * 365) if status in TRAINED else None
        return self.stage_family(
            repo, self.pick(AMBITO_WEIGHTS), status, self.pick(AVAILABILITY), trained
        )

    def registries(self, session: Session, staff: _Staff) -> None:
        """What the cases share, written once (a second run reuses it): the settings of a few
        Ambiti, the communities of the territory and some community projects; then what the
        frozen documents read of them, and the operators' names."""
        repo = Repository(session)
        if not repo.find(e.AmbitoSettings):
            self.ambito_rows(repo)
        found = repo.find(e.Community)
        if not found:
            for line in ph.COMMUNITIES:
                community_id = repo.stage(
                    e.Community,
                    name=line.name,
                    kind=CommunityKind(line.kind),
                    comune=line.comune,
                    ambito_id=self.ambiti[line.ambito].id,
                    places=line.places,
                    phone=f"035 555 {self.rng.randint(1000, 9999)}",
                    notes=line.notes,
                )
                self.counts["communities"] += 1
                self.communities.append(
                    _Community(
                        community_id, line.name, CommunityKind(line.kind), line.ambito, line.comune
                    )
                )
        else:
            codes = {a.id: code for code, a in self.ambiti.items()}
            self.communities = [
                _Community(
                    c.id,
                    c.name,
                    c.kind,
                    codes.get(c.ambito_id, "BG") if c.ambito_id else "BG",
                    c.comune,
                )
                for c in found
            ]
        if not repo.find(e.CommunityProject):
            session.flush()  # the projects first: their activities refer to them
            self.projects(session, repo, staff)
        session.flush()
        self.settings = ambito_settings.live_rows(session)
        self.fallback_cooperative = ambito_settings.fallback_cooperative(session)
        self.operator_names = {o.id: o.name for o in repo.find(e.Operator)}
        for code in self.ambiti:
            self.partners[code] = self.rng.choice(ph.PARTNERS)

    def ambito_rows(self, repo: Repository) -> None:
        """Dated settings for a few Ambiti: their cooperative, and a rule or two of their own
        (missed visits counted from January, phone calls not counted, the PEI flagged sooner
        or later than the default 60 days)."""
        this_year = self.today.year if self.today.month > 2 else self.today.year - 1
        valid_from = {
            "VBR": dt.date(this_year, 1, 1),
            "DAL": dt.date(this_year - 1, 9, 1),
            "ISO": dt.date(this_year - 1, 1, 1),
        }
        for code, cooperative in ph.SETTINGS_COOPERATIVES.items():
            values: dict[str, object] = {
                "count_missed": False,
                "count_phone_calls": True,
                "foster_review_months": 6,
                "placement_max_months": 24,
                "missing_pei_after_days": 60,
            } | AMBITO_RULES.get(code, {})
            repo.stage(
                e.AmbitoSettings,
                ambito_id=self.ambiti[code].id,
                valid_from=valid_from[code],
                cooperative_name=cooperative,
                **values,
            )
            self.counts["ambito_settings"] += 1

    def projects(self, session: Session, repo: Repository, staff: _Staff) -> None:
        """Community projects of a few months each, most still running, with one activity a
        week (none on holidays, some weeks skipped): minutes and how many took part."""
        staged = []
        for line in ph.COMMUNITY_PROJECTS:
            months = self.rng.randint(3, 7)
            this_month = self.today.replace(day=1)
            end: dt.date | None = None
            if self.chance(0.4):  # a cycle that ended some months ago
                start = add_months(this_month, -months - self.rng.randint(2, 8))
                end = add_months(start, months)
            else:
                start = add_months(this_month, -self.rng.randint(2, months))
            start += self.days(0, 20)
            project_id = repo.stage(
                e.CommunityProject,
                ambito_id=self.ambiti[line.ambito].id,
                title=line.title,
                comune=places.comune_name(comune_code(line.comune)),  # as the service keeps it
                partners=line.partners,
                start_on=start,
                end_on=end,
                description=line.description,
            )
            self.counts["community_projects"] += 1
            staged.append((project_id, line, start, end))
        session.flush()
        for project_id, line, start, end in staged:
            operator = self.rng.choice(staff.educators)
            day = start + dt.timedelta(days=(line.weekday - start.weekday()) % 7)
            last = min(end or self.today, self.today - dt.timedelta(days=1))
            while day <= last:
                summer = day.month in (7, 8)
                if day not in self.holidays and (line.summer or not summer) and self.chance(0.9):
                    lo, hi = line.minutes
                    repo.stage(
                        e.CommunityActivity,
                        project_id=project_id,
                        operator_id=operator,
                        date=day,
                        minutes=self.rng.randrange(lo, hi + 1, 15),
                        participants=self.rng.randint(*line.participants),
                        description=self.rng.choice(line.activities),
                    )
                    self.counts["community_activities"] += 1
                day += dt.timedelta(days=7)

    def cooperative(self, ambito_id: uuid.UUID, day: dt.date) -> str:
        """The cooperative a document of the Ambito's case about `day` names, as
        services/ambito_settings.cooperative_for reads it."""
        row = ambito_settings.row_on(self.settings.get(ambito_id, ()), day)
        return row.cooperative_name if row and row.cooperative_name else self.fallback_cooperative

    def hours_rules(self, ambito: str, day: dt.date) -> hours_rule.HoursRules:
        """The hours rules of an Ambito on `day` (its settings, else the defaults)."""
        rows = self.settings.get(self.ambiti[ambito].id, ())
        return ambito_settings.hours_rules_of(ambito_settings.row_on(rows, day))

    # ------------------------------------------------------------ one case file

    def case(self, session: Session, staff: _Staff) -> None:
        # Rows are staged and flushed in foreign-key order (parents first): a flush does not
        # order the inserts of unrelated mappers, and the database checks every reference.
        repo = Repository(session)
        self.names_of = {}
        self.fill_values = {}
        cf = self.shape()
        self.household(repo, cf)
        self.plan_measure(cf)
        self.relatives(repo, cf)
        if cf.service is Service.AFFIDO:
            self.foster_home(repo, cf)
        self.pick_team(cf, staff)
        cf.facts = self.case_facts(cf)
        cf.closure = self.closure(cf)
        minor = cf.minor
        assert minor is not None
        ambito = self.ambiti[cf.ambito]
        cf.code = new_case_code(session, ambito, cf.opened_on.year, self.device_id)
        repo.stage(
            e.Case,
            id=cf.id,
            code=cf.code,
            ambito_id=ambito.id,
            service=cf.service,
            title=f"{self.rng.choice(ph.CASE_TITLES[cf.service])} – nucleo {minor.last_name}",
            summary=self.summary(cf),
            status=cf.status,
            opened_on=cf.opened_on,
            closed_on=cf.closed_on,
            referral_source=self.pick(REFERRALS.get(cf.service, DEFAULT_REFERRALS)),
            comune=comune_code(cf.comune),
            closure_reason=cf.closure,
        )
        self.counts["cases"] += 1
        session.flush()
        for person_id, role in cf.members:
            member_id = repo.stage(
                e.CaseMember, case_id=cf.id, person_id=person_id, role=role, notes=""
            )
            cf.member_ids.append(member_id)
        for op_id in cf.team:
            repo.stage(e.CaseOperator, case_id=cf.id, operator_id=op_id)
        self.measures(repo, cf)
        activations = self.activations(repo, cf)
        self.goals(repo, cf, any(a.service is Service.ADM for a in activations))
        if cf.status is not CaseStatus.CLOSED and self.chance(0.12):
            self.manual_deadlines(repo, cf)
        if cf.service is Service.AFFIDO:
            self.placement(repo, cf)
        if cf.home is not None:
            self.community_placement(repo, cf)
        session.flush()
        self.court_reports(repo, cf)
        self.goal_actions(repo, cf)
        self.case_days = set()
        self.case_starts = set()
        planned = [entry for act in activations for entry in self.plan_diary(cf, act)]
        planned.sort(key=lambda x: (x.day, x.start, x.minutes, x.kind.value))
        amendments: list[tuple[uuid.UUID, uuid.UUID, str, dt.datetime]] = []
        written: list[_Written] = []
        for entry in planned:
            one, amended = self.visit(cf, entry)
            written.append(one)
            amendments += amended
        self.freeze(cf, written)
        for one in written:
            repo.stage(e.Visit, **one.values)
        self.counts["visits"] += len(written)
        session.flush()
        self.amend(session, repo, amendments)
        audit.append(session, AuditAction.CREATE, "cases", cf.id, cf.id, AUDIT_DETAIL)

    def shape(self) -> _CaseFile:
        """Service, status and dates, with the minor's age plausible for the service."""
        service = self.pick(SERVICE_WEIGHTS)
        status = self.pick(CASE_STATUS)
        if self.chance(0.5):
            opened_on = self.days_ago(15, HISTORY_DAYS)
        else:
            opened_on = self.days_ago(HISTORY_DAYS, 6 * 365)
        closed_on = None
        if status is CaseStatus.CLOSED:
            if (self.today - opened_on).days < 120:
                status = CaseStatus.OPEN
            else:
                # closed within the diary's two years: older files are archived, not shown
                recent = self.history_start + dt.timedelta(days=30)
                closed_on = self.between(max(opened_on + dt.timedelta(days=90), recent), self.today)
        lo, hi = PLANS[service].ages
        ref = closed_on or self.today  # the age fits the service at closing, or today
        born = ref - self.days(lo * 365 + 30, hi * 365 + 330)
        if service is Service.CARE_LEAVERS:  # prosieguo: taken on around the 18th birthday
            opened_on = add_months(born, 18 * 12) - self.days(0, 60)
        # a service for older children is not opened for a baby (tutoring from 7)
        youngest = add_months(born, 12 * max(0, lo - 1)) + self.days(3, 60)
        opened_on = min(max(opened_on, youngest), ref)
        if closed_on is not None and closed_on < opened_on + dt.timedelta(days=30):
            closed_on = min(self.today, opened_on + dt.timedelta(days=90))
        if service is Service.CARE_LEAVERS and closed_on is not None:
            closed_on = self.prosieguo_end(born, opened_on, closed_on)
        active_until = closed_on or self.today
        if status is CaseStatus.SUSPENDED:
            active_until = max(opened_on, self.days_ago(20, 120))
        ambito = self.pick(AMBITO_WEIGHTS)
        cf = _CaseFile(
            service,
            status,
            ambito,
            self.rng.choice(ph.COMUNI[ambito]),
            opened_on,
            closed_on,
            active_until,
            born,
            self.chance(0.5),
            court=service is Service.AFFIDO or self.chance(PLANS[service].court),
        )
        if service is Service.TUTELA and self.chance(0.4):
            cf.extra = self.pick({Service.ADM: 60.0, Service.FACILITATED_MEETINGS: 40.0})
        if service is Service.AFFIDO:
            cf.intra = self.chance(0.25)
            cf.schedule = self.pick(SCHEDULE)
        cf.weekdays = tuple(sorted(self.rng.sample(range(5), 3)))
        return cf

    # ------------------------------------------------------------ the household

    def household(self, repo: Repository, cf: _CaseFile) -> None:
        """The minor, the parents and the siblings, from the same origin and of ages that fit;
        who lives with the child. A codice fiscale only sometimes (newborns and unaccompanied
        foreign minors often have none yet)."""
        names = self.names
        mother_origin, father_origin = self.origins(cf)
        foreign_both = nm.ITALY not in (mother_origin, father_origin)
        has_mother = not cf.msna and self.chance(0.92)
        has_father = not cf.msna and self.chance(0.75)
        if cf.extra is Service.FACILITATED_MEETINGS and not has_father:
            cf.extra = Service.ADM  # meetings with a father who lives elsewhere, or none
        meetings = cf.extra is Service.FACILITATED_MEETINGS or cf.service in (
            Service.FACILITATED_MEETINGS,
            Service.AFFIDO,
        )
        if meetings and not (has_mother or has_father):
            has_mother = True
        mother_born, father_born = self.parents_born(cf)
        self.arrival(cf, foreign_both, min(mother_born, father_born))
        mother_last = names.surname(mother_origin)
        surname = names.surname(father_origin)
        if not has_father and self.chance(0.5):
            surname = mother_last  # recognised by the mother only
        self.living_arrangement(cf, has_mother, has_father)
        home = self.address(cf.comune)
        if has_mother:
            first = names.given(mother_origin, True, mother_born.year)
            cf.mother = self.parent(
                repo, cf, first, mother_last, True, mother_born, mother_origin, home, "mother"
            )
        if has_father:
            first = names.given(father_origin, False, father_born.year)
            cf.father = self.parent(
                repo, cf, first, surname, False, father_born, father_origin, home, "father"
            )
        first = self.child_name(cf, cf.female, cf.born, cf.born_abroad, foreign_both)
        # Italian with an Italian parent; born to foreign parents, of their country until 18
        citizenship = cf.origin if foreign_both else nm.ITALY
        cf.minor = self.the_minor(repo, cf, first, surname, home, citizenship)
        if not cf.msna:
            self.siblings(repo, cf, surname, mother_born, mother_origin, foreign_both)

    def origins(self, cf: _CaseFile) -> tuple[str, str]:
        """The family's origin, and the mother's and the father's (one Italian in a mixed
        couple); a care leaver of foreign origin came to Italy alone half of the time."""
        if self.chance(FOREIGN_SHARE):
            cf.origin = self.names.pick_origin()
        if cf.service is Service.CARE_LEAVERS and cf.origin != nm.ITALY and self.chance(0.5):
            cf.msna = True
            cf.origin = self.names.pick_origin(msna=True)
        if cf.origin != nm.ITALY and not cf.msna and self.chance(0.15):  # a mixed couple
            return (nm.ITALY, cf.origin) if self.chance(0.5) else (cf.origin, nm.ITALY)
        return cf.origin, cf.origin

    def parents_born(self, cf: _CaseFile) -> tuple[dt.date, dt.date]:
        """The mother 18-44 years older than the child (younger in some fragile families), the
        father a few years older than her, 19-50 years older than the child."""
        mother_age = round(self.rng.triangular(18, 44, 29))
        if cf.service is Service.FRAGILE_FAMILIES and self.chance(0.3):
            mother_age = self.rng.randint(18, 21)  # very young parents
        cf.young_parents = mother_age <= 21
        father_age = min(50, max(19, mother_age + round(self.rng.triangular(-3, 12, 3))))
        return self.years_before(cf.born, mother_age), self.years_before(cf.born, father_age)

    def arrival(self, cf: _CaseFile, foreign_both: bool, older_parent: dt.date) -> None:
        """Whether the child was born abroad, and when the family came to Italy."""
        age_at_opening = cf.age_on(cf.opened_on)
        cf.born_abroad = cf.msna or (
            foreign_both and self.chance(min(0.75, 0.1 + 0.04 * age_at_opening))
        )
        if cf.msna:
            cf.arrived = min(cf.opened_on.year, cf.born.year + self.rng.randint(15, 17))
        elif cf.born_abroad:
            cf.arrived = self.rng.randint(cf.born.year, cf.opened_on.year)
        elif cf.origin != nm.ITALY:
            cf.arrived = self.rng.randint(min(older_parent.year + 18, cf.born.year), cf.born.year)

    def the_minor(
        self,
        repo: Repository,
        cf: _CaseFile,
        first: str,
        surname: str,
        home: str,
        citizenship: str,
    ) -> _Person:
        # where the child was born is known; a codice fiscale only sometimes
        place = cf.origin if cf.born_abroad else self.birthplace(cf.comune)
        care_leaver = cf.service is Service.CARE_LEAVERS
        if cf.community and self.communities:
            cf.home = self.community_for(cf)
        if care_leaver:
            where = f"{ph.AUTONOMY_FLAT}, {self.address(self.rng.choice(ph.COMUNI['DAL']))}"
        elif cf.home is not None:
            where = f"c/o {cf.home.name}, {self.address(cf.home.comune)}"
        elif cf.community:
            where = f"{ph.COMMUNITY_ADDRESS}, {self.address(self.rng.choice(ph.COMUNI['BG']))}"
        else:
            where = home
        minor = self.person(
            repo,
            first,
            surname,
            cf.female,
            cf.born,
            cf.origin,
            place=place,
            tax=self.chance(0.5 if cf.born_abroad else 0.7),
            citizenship=citizenship,
            msna=cf.msna,
            phone=self.phone() if care_leaver or cf.age_on(self.today) >= 14 else "",
            address=where,
        )
        cf.members.insert(0, (minor.id, MemberRole.MINOR))
        return minor

    def community_for(self, cf: _CaseFile) -> _Community:
        """The comunità a child lives in: a comunità familiare for the little ones, an
        educational one from six; of the case's Ambito when there is one."""
        kind = CommunityKind.FAMILY if cf.age_on(cf.opened_on) <= 5 else CommunityKind.EDUCATIONAL
        fitting = [c for c in self.communities if c.kind is kind] or self.communities
        near = [c for c in fitting if c.ambito == cf.ambito]
        return self.rng.choice(near or fitting)

    def living_arrangement(self, cf: _CaseFile, has_mother: bool, has_father: bool) -> None:
        """Who the child lives with, and which parent the neutral space is for."""
        if cf.service is Service.CARE_LEAVERS:
            return  # in a flat of their own
        if cf.service is Service.AFFIDO:
            if cf.schedule is Availability.RESIDENTIAL:
                cf.met = "mother" if has_mother else "father"
            else:  # part-time or daytime: the child still lives with a parent
                cf.at_home = {"mother" if has_mother else "father"}
            return
        meetings = cf.service is Service.FACILITATED_MEETINGS
        if meetings or cf.extra is Service.FACILITATED_MEETINGS:
            if has_father:
                cf.met = "father"
                cf.at_home = {"mother"} if has_mother else set()
            else:
                cf.met = "mother"
            cf.community = not cf.at_home
            return
        if has_mother:
            cf.at_home.add("mother")
        if has_father and (not has_mother or self.chance(0.7)):
            cf.at_home.add("father")

    def parent(
        self,
        repo: Repository,
        cf: _CaseFile,
        first: str,
        last: str,
        female: bool,
        born: dt.date,
        origin: str,
        home: str,
        role: str,
    ) -> _Person:
        notes = self.rng.choice(ph.MOTHER_NOTES if female else ph.FATHER_NOTES)
        if origin != nm.ITALY:
            arrived = cf.arrived or cf.born.year
            since = f"Nat{'a' if female else 'o'} in {origin}, in Italia dal {arrived}."
            notes = f"{since} {notes}".strip()
        place = origin if origin != nm.ITALY else self.birthplace(cf.comune, adult=True)
        lives_here = role in cf.at_home
        tax = self.chance(0.7)
        person = self.person(
            repo,
            first,
            last,
            female,
            born,
            origin,
            place=place if tax or self.chance(0.5) else None,
            tax=tax,
            citizenship=origin,
            phone=self.phone() if self.chance(0.9) else "",
            address=home if lives_here else self.address(self.rng.choice(ph.COMUNI["BG"])),
            notes=notes,
        )
        cf.members.append((person.id, MemberRole.MOTHER if female else MemberRole.FATHER))
        return person

    def child_name(
        self, cf: _CaseFile, female: bool, born: dt.date, abroad: bool, foreign_both: bool
    ) -> str:
        """Named as the family's community names its children; some born here get an Italian
        name, more so with one Italian parent."""
        if cf.origin == nm.ITALY:
            return self.names.given(nm.ITALY, female, born.year)
        if abroad or self.chance(0.8 if foreign_both else 0.5):
            return self.names.given(cf.origin, female, born.year, in_italy=not abroad)
        return self.names.given(nm.ITALY, female, born.year)

    def sibling_name(
        self, cf: _CaseFile, female: bool, born: dt.date, abroad: bool, foreign_both: bool
    ) -> str:
        """A name none of the brothers and sisters already has."""
        taken = {p.first_name for p in (cf.minor, *cf.siblings) if p is not None}
        for _ in range(20):
            name = self.child_name(cf, female, born, abroad, foreign_both)
            if name not in taken:
                break
        return name

    def siblings(
        self,
        repo: Repository,
        cf: _CaseFile,
        surname: str,
        mother_born: dt.date,
        mother_origin: str,
        foreign_both: bool,
    ) -> None:
        """Brothers and sisters born to the same mother at 18-45, some months apart."""
        births = [cf.born]
        for _ in range(self.pick({0: 55.0, 1: 30.0, 2: 15.0})):
            for _attempt in range(10):
                gap = self.rng.randint(330, 9 * 365) * self.rng.choice((-1, 1))
                born = cf.born + dt.timedelta(days=gap)
                mother_age = years_between(mother_born, born)
                fits = born <= self.today - dt.timedelta(days=60) and 18 <= mother_age <= 45
                if fits and all(abs((born - b).days) >= 330 for b in births):
                    break
            else:
                continue
            births.append(born)
            female = self.chance(0.5)
            half = cf.father is not None and self.chance(0.2)  # another father
            last = self.names.surname(mother_origin) if half else surname
            abroad = cf.born_abroad and born < cf.born
            place = cf.origin if abroad else self.birthplace(cf.comune)
            sibling = self.person(
                repo,
                self.sibling_name(cf, female, born, abroad, foreign_both),
                last,
                female,
                born,
                cf.origin,
                place=place if self.chance(0.8) else None,
                citizenship=nm.ITALY if not foreign_both else cf.origin,
                msna=False,
            )
            cf.siblings.append(sibling)
            cf.members.append((sibling.id, MemberRole.SIBLING))

    def person(
        self,
        repo: Repository,
        first: str,
        last: str,
        female: bool,
        born: dt.date,
        origin: str,
        *,
        place: str | None = None,
        tax: bool = False,
        citizenship: str | None = None,
        msna: bool | None = None,
        phone: str = "",
        address: str = "",
        notes: str = "",
        birth_date: bool = True,
    ) -> _Person:
        """A person with the identity fields of revision 0006: sex, birthplace (`place`, a
        comune or a state, by name, when known), citizenship (an origin, by name) and the MSNA
        flag (said for the children only); the codice fiscale (`tax`) agrees with them."""
        birthplace = birthplace_code(place) if place is not None else None
        code = tax_code(first, last, female, born, birthplace) if tax and birthplace else None
        self.counts["persons"] += 1
        person_id = repo.stage(
            e.Person,
            first_name=first,
            last_name=last,
            birth_date=born if birth_date else None,
            tax_code=code,
            phone=phone,
            address=address,
            notes=notes,
            sex=Sex.FEMALE if female else Sex.MALE,
            birthplace=birthplace,
            citizenship=citizenship_code(citizenship) if citizenship is not None else None,
            msna=msna,
        )
        self.names_of[person_id] = (first, last)
        return _Person(person_id, first, last, female, born, origin)

    def birthplace(self, comune: str, adult: bool = False) -> str:
        if adult and self.chance(0.15):
            return self.rng.choice(ph.ITALIAN_CITIES)  # came north from the rest of Italy
        return self.rng.choice((*ph.BIRTH_HOSPITALS, comune))

    def relatives(self, repo: Repository, cf: _CaseFile) -> None:
        """In court cases, sometimes a curatore speciale; a tutore only where a parent lost the
        responsibility (decadenza) and the other is not there to hold it (lawyers)."""
        court = cf.service in (Service.TUTELA, Service.AFFIDO, Service.FACILITATED_MEETINGS)
        no_parent = cf.measure_kind is MeasureKind.FORFEITURE and "mother" not in cf.at_home
        for p, note, role in (
            (0.7 if no_parent else 0.0, ph.GUARDIAN_NOTE, MemberRole.GUARDIAN),
            (0.08, ph.CURATOR_NOTE, MemberRole.SPECIAL_CURATOR),
        ):
            if not (court and self.chance(p)):
                continue
            female = self.chance(0.5)
            born = self.years_before(self.today, self.rng.randint(32, 62))
            lawyer = self.person(
                repo,
                self.names.given(nm.ITALY, female, born.year),
                self.names.surname(),
                female,
                born,
                nm.ITALY,
                notes=note,
                phone=f"035 555 {self.rng.randint(1000, 9999)}"
                if role is MemberRole.GUARDIAN
                else "",
                birth_date=False,
            )
            cf.members.append((lawyer.id, role))

    def case_facts(self, cf: _CaseFile) -> frozenset[str]:
        """What the sentences about this case may rely on (see demo_phrases.needs)."""
        mother, father = cf.mother is not None, cf.father is not None
        affido = cf.service is Service.AFFIDO
        residential = cf.schedule is Availability.RESIDENTIAL
        foreign = cf.origin != nm.ITALY
        recent = cf.born_abroad and (cf.arrived or 0) >= cf.opened_on.year - 2
        facts = {
            "mother": mother,
            "father": father,
            "parents": mother and father,
            "parent": mother or father,
            "siblings": bool(cf.siblings),
            "foster": affido,
            "intra": affido and cf.intra,
            "hetero": affido and not cf.intra,
            "residential": affido and residential,
            "part_time": affido and not residential,
            "court": cf.court,
            "juvenile_court": cf.authority is Authority.JUVENILE_COURT,
            "foreign": foreign,
            "foreign_recent": foreign and recent,
            "msna": cf.msna,
            "single_mother": "mother" in cf.at_home and "father" not in cf.at_home,
            "parents_home": cf.at_home == {"mother", "father"},
            "father_away": father and "father" not in cf.at_home,
            "met_mother": cf.met == "mother",
            "met_father": cf.met == "father",
            "separated": cf.met == "father" and "mother" in cf.at_home,
            "community": cf.community,
            "young_parents": cf.young_parents,
            "with_educator": cf.educator is not None,
        }
        return frozenset(fact for fact, holds in facts.items() if holds)

    def prosieguo_end(self, born: dt.date, opened_on: dt.date, closed_on: dt.date) -> dt.date:
        """When a care leaver's case closed: mostly on the 21st birthday, the end of the
        prosieguo amministrativo, when it is past."""
        end = add_months(born, 21 * 12)
        if opened_on + dt.timedelta(days=90) < end <= self.today and self.chance(CAME_OF_AGE_SHARE):
            return end
        return closed_on

    def closure(self, cf: _CaseFile) -> CaseClosure | None:
        """Why a closed case was closed: a care leaver on the 21st birthday came of age; an
        archiviazione or an adoption only where a court decided."""
        if cf.closed_on is None:
            return None
        if cf.service is Service.CARE_LEAVERS and cf.age_on(cf.closed_on) >= 21:
            return CaseClosure.CAME_OF_AGE
        weights = dict(CLOSURES[cf.service])
        judicial = cf.authority in (Authority.JUVENILE_COURT, Authority.ORDINARY_COURT)
        if not judicial:
            weights.pop(CaseClosure.COURT_CLOSED, None)
        if cf.intra or cf.authority is not Authority.JUVENILE_COURT:
            weights.pop(CaseClosure.ADOPTED, None)
        return self.pick(weights)

    def home_facts(self, cf: _CaseFile) -> frozenset[str]:
        """The facts for what is seen at home: only the parents who live there."""
        facts = set(cf.facts) - {"mother", "father", "parents", "parent"}
        facts |= cf.at_home
        if len(cf.at_home) == 2:
            facts.add("parents")
        if cf.at_home:
            facts.add("parent")
        return frozenset(facts)

    def summary(self, cf: _CaseFile) -> str:
        age = cf.age_on(cf.opened_on)
        pool = self.choose(ph.SUMMARY_LINES[cf.service], age, cf.service, cf.facts)
        if not pool:  # an age the sentences do not foresee: one that fits the rest
            pool = tuple(
                line for line in ph.SUMMARY_LINES[cf.service] if ph.needs(line) <= cf.facts
            )
        return self.fill(self.rng.choice(pool).text, cf, None)

    # ------------------------------------------------------------ the foster home

    def foster_home(self, repo: Repository, cf: _CaseFile) -> None:
        """The family of an affido case (relatives, or a family of the register) and the carer
        as a member of the case. A family "con affido in corso" has this placement running; one
        whose affido ended is idonea, sospesa or hosts another child."""
        assert cf.minor is not None and cf.schedule is not None
        start = min(self.today, cf.opened_on + self.days(0, 60))
        cf.placement_start = start
        active = cf.closed_on is None
        if cf.intra:
            cf.family = self.relatives_family(repo, cf, active)
        elif active:
            trained = start - self.days(60, 3 * 365)
            cf.family = self.stage_family(
                repo, cf.ambito, FosterFamilyStatus.ENGAGED, cf.schedule, trained
            )
        else:
            known = [
                f
                for f in self.families
                if f.status in TRAINED
                and f.availability is cf.schedule
                and f.trained is not None
                and f.trained <= start
            ]
            near = [f for f in known if f.ambito == cf.ambito]
            if near or known:
                cf.family = self.rng.choice(near or known)
            else:
                trained = start - self.days(60, 3 * 365)
                cf.family = self.stage_family(
                    repo, cf.ambito, FosterFamilyStatus.SUITABLE, cf.schedule, trained
                )
        first, last, female, born, origin = cf.family.carer
        carer = self.person(
            repo, first, last, female, born, origin, citizenship=origin, phone=self.phone()
        )
        cf.carer = carer.id
        cf.members.append((carer.id, MemberRole.FOSTER_CARER))

    def relatives_family(self, repo: Repository, cf: _CaseFile, active: bool) -> _Family:
        """Grandparents, uncles or aunts of the child on the mother's or the father's side."""
        assert cf.schedule is not None and cf.minor is not None
        sides = [r for r in ph.RELATIVES if (cf.mother if r[1] == "madre" else cf.father)]
        note, side, generation = self.rng.choice(sides or ph.RELATIVES)
        parent = cf.mother if side == "madre" else cf.father
        origin = parent.origin if parent else cf.origin
        parent_born = parent.born if parent else self.years_before(cf.born, 30)
        blood = parent.last_name if parent else cf.minor.last_name
        if generation == "nonni":
            born = self.years_before(parent_born, self.rng.randint(20, 34))
            female = self.chance(0.6)
        else:
            born = parent_born + self.days(-8 * 365, 8 * 365)
            female = self.chance(0.6)
        # a grandmother keeps her maiden name; an aunt or uncle shares the parent's surname
        last = self.names.surname(origin) if generation == "nonni" and female else blood
        carer = (self.names.given(origin, female, born.year), last, female, born, origin)
        status = FosterFamilyStatus.ENGAGED if active else FosterFamilyStatus.WITHDRAWN
        family_id = repo.stage(
            e.FosterFamily,
            name=f"Famiglia {blood} (parenti)",
            members=f"{carer[0]} {carer[1]} e coniuge",
            comune=self.rng.choice(ph.COMUNI[cf.ambito]),
            ambito_id=self.ambiti[cf.ambito].id,
            availability=cf.schedule,
            status=status,
            training_completed_on=None,
            notes=note,
        )
        self.counts["foster_families"] += 1
        return _Family(family_id, cf.ambito, status, cf.schedule, None, carer)

    def placement(self, repo: Repository, cf: _CaseFile) -> None:
        """The abbinamento of an affido case."""
        assert cf.minor is not None and cf.family is not None and cf.placement_start
        start = cf.placement_start
        last_review = None
        if cf.closed_on is None and (self.today - start).days > 200:
            last_review = max(start, self.days_ago(0, 7 * 30))
        planned_end = add_months(start, 24)
        while cf.closed_on is None and planned_end < self.today - dt.timedelta(days=30):
            planned_end = add_months(planned_end, 12)  # the court extended the affido
        if cf.closed_on is None:  # without a prosieguo, an affido ends with the coming of age
            planned_end = max(start, min(planned_end, add_months(cf.born, 18 * 12)))
        end_reason = None
        if cf.closed_on is not None:
            end_reason = self.pick(PLACEMENT_ENDS.get(cf.closure or CaseClosure.OTHER, OTHER_END))
        repo.stage(
            e.Placement,
            case_id=cf.id,
            minor_id=cf.minor.id,
            family_id=cf.family.id,
            legal_basis=(
                LegalBasis.JUDICIAL
                if cf.authority is Authority.JUVENILE_COURT
                else LegalBasis.CONSENSUAL
            ),
            kind=PlacementKind.INTRA if cf.intra else PlacementKind.HETERO,
            schedule=cf.schedule,
            start_on=start,
            planned_end_on=planned_end,
            ended_on=cf.closed_on,
            last_review_on=last_review,
            end_reason=end_reason,
        )
        self.counts["placements"] += 1

    def community_placement(self, repo: Repository, cf: _CaseFile) -> None:
        """The child of the case lives in a comunità: placed when the case opened, by the
        court's decree mostly; reviewed every six months; ended with the case."""
        assert cf.minor is not None and cf.home is not None
        start = min(self.today, cf.opened_on + self.days(0, 14))
        planned_end = add_months(start, 12)
        last_review: dt.date | None = None
        ended: dt.date | None = None
        end_reason: PlacementEnd | None = None
        if cf.closed_on is None:
            while planned_end < self.today + dt.timedelta(days=30):
                planned_end = add_months(planned_end, 12)
            planned_end = max(start, min(planned_end, add_months(cf.born, 18 * 12)))
            if (self.today - start).days > 150:
                last_review = max(start, self.days_ago(0, 190))
        else:
            ended = max(start, cf.closed_on)
            end_reason = self.pick(PLACEMENT_ENDS.get(cf.closure or CaseClosure.OTHER, OTHER_END))
            if (ended - start).days > 200:
                last_review = max(start, ended - self.days(20, 170))
        judicial = cf.authority is Authority.JUVENILE_COURT and self.chance(0.9)
        repo.stage(
            e.CommunityPlacement,
            case_id=cf.id,
            minor_id=cf.minor.id,
            community_id=cf.home.id,
            legal_basis=LegalBasis.JUDICIAL if judicial else LegalBasis.CONSENSUAL,
            start_on=start,
            planned_end_on=planned_end,
            ended_on=ended,
            end_reason=end_reason,
            last_review_on=last_review,
        )
        self.counts["community_placements"] += 1

    # ------------------------------------------------------------ team, measures, plans

    def pick_team(self, cf: _CaseFile, staff: _Staff) -> None:
        """A social worker owns the case; an educator runs the educational service lines and
        observes the facilitated meetings; sometimes the coordinator follows the case too."""
        cf.social_worker = self.least_busy(staff.social_workers, cf, Role.SOCIAL_WORKER)
        educational = cf.service in ph.EDUCATIONAL or cf.extra in ph.EDUCATIONAL
        if educational or cf.service is Service.AFFIDO:
            cf.educator = self.least_busy(staff.educators, cf, Role.EDUCATOR)
        team = [op for op in (cf.educator, cf.social_worker) if op is not None]
        if self.chance(0.2):
            team.append(self.rng.choice(staff.coordinators))
        cf.team = list(dict.fromkeys(team))

    def least_busy(self, team: Sequence[uuid.UUID], cf: _CaseFile, role: Role) -> uuid.UUID:
        """One of the three operators with the fewest weekly hours so far: the coordinator
        spreads the cases, so no educator is out every afternoon of the week."""
        ranked = sorted(team, key=lambda op: (self.load[op], team.index(op)))
        chosen = self.rng.choice(ranked[:3])
        for service in (cf.service, cf.extra):
            if service is None:
                continue
            plan = PLANS[service]
            weekly = sum(plan.hours) / 2 / (1 if plan.period is HoursPeriod.WEEK else 4.3)
            share = sum(w for k, w in plan.kinds.items() if expected_role(service, k) is role)
            self.load[chosen] += weekly * share / sum(plan.kinds.values())
        return chosen

    def operator_for(self, cf: _CaseFile, service: Service, kind: VisitKind) -> uuid.UUID:
        role = expected_role(service, kind)
        op = cf.educator if role is Role.EDUCATOR else cf.social_worker
        assert op is not None
        return op

    def plan_measure(self, cf: _CaseFile) -> None:
        """Which authority decided what (the decree is written with the case)."""
        if not cf.court:
            return
        cf.authority = Authority.JUVENILE_COURT
        kind = MEASURE_KIND.get(cf.service, MeasureKind.ENTRUSTMENT)
        if cf.service is Service.TUTELA:
            kind = self.pick(TUTELA_MEASURES)
            away = cf.father is not None and "father" not in cf.at_home
            if kind is MeasureKind.FORFEITURE and not away:
                kind = MeasureKind.LIMITATION
        elif cf.service is Service.FACILITATED_MEETINGS:
            separated = cf.met == "father" and "mother" in cf.at_home
            if separated and self.chance(0.35):
                cf.authority = Authority.ORDINARY_COURT  # meetings ordered in a separation
        elif cf.service is Service.AFFIDO and not self.chance(PLANS[cf.service].court):
            cf.authority = Authority.TUTELARY_JUDGE  # consensual affido, made executive
        cf.measure_kind = kind

    def measures(self, repo: Repository, cf: _CaseFile) -> None:
        """The decree of the case, sometimes after an emergency placement (art. 403 c.c.) or
        a first decree that it replaced; it ends with the case, unless the case moved away or
        passed to another service, where the measure goes on."""
        if cf.authority is None or cf.measure_kind is None:
            return
        issued = min(self.today, cf.opened_on + self.days(-60, 15))
        long_open = cf.closed_on is None and (self.today - cf.opened_on).days > 540
        if cf.service is Service.TUTELA and self.chance(0.1):  # an emergency placement first
            urgent = cf.opened_on - self.days(1, 20)
            issued = min(cf.active_until, urgent + self.days(10, 45))
            self.measure(
                repo,
                cf,
                Authority.JUVENILE_COURT,
                MeasureKind.EMERGENCY_403,
                urgent,
                None,
                (issued, MeasureEnd.REPLACED),
            )
        elif cf.service is Service.TUTELA and long_open and self.chance(0.3):
            # a first decree, replaced by the one in force after a year or so
            first = (
                MeasureKind.ENTRUSTMENT
                if cf.measure_kind is not MeasureKind.ENTRUSTMENT
                else MeasureKind.LIMITATION
            )
            later = min(self.days_ago(30, 150), issued + self.days(240, 540))
            self.measure(
                repo,
                cf,
                Authority.JUVENILE_COURT,
                first,
                issued,
                None,
                (later, MeasureEnd.REPLACED),
            )
            issued = later
        due = None
        end: tuple[dt.date, MeasureEnd] | None = None
        if cf.status is not CaseStatus.CLOSED and cf.authority is not Authority.TUTELARY_JUDGE:
            roll = self.rng.random()
            if roll < OVERDUE_REPORTS:
                due = self.days_ago(1, 45)  # overdue: the relazione is late
            elif roll < OVERDUE_REPORTS + 0.25:
                due = self.today + self.days(0, 30)  # comes up in Scadenze
            else:
                due = self.today + self.days(31, 200)
        elif cf.closed_on is not None and cf.closure in MEASURE_ENDS:
            reason = self.pick(MEASURE_ENDS[cf.closure])
            ended = cf.closed_on
            if reason is not MeasureEnd.CAME_OF_AGE:  # the decree comes first, the closing after
                ended = max(issued, cf.closed_on - self.days(0, 20))
            end = (ended, reason)
        self.measure(repo, cf, cf.authority, cf.measure_kind, issued, due, end)

    def measure(
        self,
        repo: Repository,
        cf: _CaseFile,
        authority: Authority,
        kind: MeasureKind,
        issued: dt.date,
        due: dt.date | None,
        end: tuple[dt.date, MeasureEnd] | None = None,
    ) -> None:
        court, suffix = ph.COURTS[authority.value]
        key = authority.value if authority is not Authority.JUVENILE_COURT else kind.value
        text = self.fill(self.rng.choice(ph.PRESCRIPTIONS[key]), cf, None)
        measure_id = repo.stage(
            e.Measure,
            case_id=cf.id,
            authority=authority,
            kind=kind,
            docket_number=f"{self.rng.randint(100, 4999)}/{issued.year} {suffix}".strip(),
            issued_on=issued,
            prescriptions=f"{court}, decreto del {fmt_date(issued)}. {text}",
            next_report_due=due,
            ended_on=end[0] if end else None,
            end_reason=end[1] if end else None,
        )
        cf.measures.append(
            _Measure(measure_id, authority, kind, issued, due, end[0] if end else None)
        )
        self.counts["measures"] += 1

    def court_reports(self, repo: Repository, cf: _CaseFile) -> None:
        """The relazioni the assistente sociale sent for each court measure: one for each
        past deadline, around its day (a few late), with the protocol number of the office."""
        if cf.social_worker is None:
            return
        for measure in cf.measures:
            if measure.authority is Authority.TUTELARY_JUDGE:
                continue
            if measure.kind is MeasureKind.EMERGENCY_403:
                continue
            for due in self.past_dues(cf, measure):
                # around its day, some late
                sent = due + self.days(1, 15) if self.chance(0.25) else due - self.days(0, 10)
                sent = max(sent, measure.issued + dt.timedelta(days=1), cf.opened_on)
                sent = min(sent, self.today - dt.timedelta(days=1), measure.ended or self.today)
                number = sent.timetuple().tm_yday * 9 + self.rng.randint(1, 8)
                repo.stage(
                    e.CourtReport,
                    case_id=cf.id,
                    measure_id=measure.id,
                    due_on=due,
                    sent_on=sent,
                    operator_id=cf.social_worker,
                    protocol=f"{sent.year}/{number}",
                    notes=self.rng.choice(ph.COURT_REPORT_NOTES) if self.chance(0.4) else "",
                )
                self.counts["court_reports"] += 1

    def past_dues(self, cf: _CaseFile, measure: _Measure) -> list[dt.date]:
        """The report deadlines of a measure before today: every six months back from its next
        one (every year when six months back is not yet past), or from its decree until it
        ended, or until the case closed; none in its first two months or in the case's first."""
        floor = max(measure.issued + dt.timedelta(days=60), cf.opened_on + dt.timedelta(days=30))
        out: list[dt.date] = []
        if measure.due is not None:
            step = REPORT_MONTHS
            if add_months(measure.due, -step) >= self.today:
                step = 12
            k = 1
            while (day := add_months(measure.due, -step * k)) > floor:
                out.append(day)
                k += 1
            return sorted(out)
        last = min(measure.ended or cf.closed_on or self.today, self.today)
        k = 1
        while (day := add_months(measure.issued, REPORT_MONTHS * k)) < last:
            if day > floor:
                out.append(day)
            k += 1
        return out

    def activations(self, repo: Repository, cf: _CaseFile) -> list[_Activation]:
        """The service lines of the case; tutela often activates ADM or incontri facilitati.
        A line running since before the diary begins was renewed at its start (monte ore are
        authorised year by year), so every month of an activation has its diary."""
        services = [(cf.service, cf.opened_on)]
        if cf.extra is not None:
            services.append((cf.extra, self.between(cf.opened_on, cf.active_until)))
        out = []
        for service, start in services:
            plan = PLANS[service]
            start_on = min(cf.active_until, max(start + self.days(0, 21), self.history_start))
            lead = cf.educator if service in ph.EDUCATIONAL else cf.social_worker
            assert lead is not None
            hours = float(self.rng.randint(*plan.hours))
            # some educational services are co-designed with a partner cooperative of the Ambito
            partner = None
            if service in ph.EDUCATIONAL and self.chance(PARTNER_SHARE):
                partner = self.partners.get(cf.ambito)
            activation_id = repo.stage(
                e.ServiceActivation,
                case_id=cf.id,
                service=service,
                start_on=start_on,
                end_on=cf.closed_on,
                authorised_hours=hours,
                hours_period=plan.period,
                operator_id=lead,
                partner=partner,
            )
            self.counts["activations"] += 1
            out.append(_Activation(activation_id, service, start_on, hours, plan.period, lead))
        return out

    def goals(self, repo: Repository, cf: _CaseFile, has_adm: bool) -> None:
        # Home educational support (ADM) always works on a PEI, whatever the case's service.
        plan = PlanKind.PEI if has_adm else PLANS[cf.service].plan
        recent = cf.opened_on >= self.today - dt.timedelta(days=90)
        if has_adm and recent and cf.status is CaseStatus.OPEN and self.chance(0.3):
            return  # the PEI is not written yet: the rules flag it after 60 days
        age = cf.age_on(cf.closed_on or self.today)
        service = Service.ADM if has_adm else cf.service
        pool = [
            g
            for g in ph.GOAL_LINES
            if g.plan == plan.value
            and g.lo <= age <= g.hi
            and (g.services is None or service in g.services)
            and g.tags <= cf.facts
        ]
        if not pool:
            return
        reviewed = GOALS_BY_CLOSURE.get(cf.closure or CaseClosure.OTHER, GOALS_CLOSED)
        for goal in self.rng.sample(pool, self.rng.randint(1, min(3, len(pool)))):
            title, description, indicators = goal.goal
            if cf.closed_on is not None:
                # reviewed in the last months before the closing: worked on until then
                status = self.pick(reviewed)
                since = max(cf.opened_on, cf.closed_on - dt.timedelta(days=150))
                review = self.between(since, cf.closed_on)
            else:
                status = self.pick(GOALS_OPEN)
                if status is GoalStatus.ACTIVE:
                    review = self.today + self.days(-20, 150)
                else:
                    review = self.between(cf.opened_on, self.today)
            goal_id = repo.stage(
                e.Goal,
                case_id=cf.id,
                plan=plan,
                title=title,
                description=description,
                indicators=indicators,
                status=status,
                review_on=review,
            )
            cf.goals.append(_Goal(goal_id, plan, title, status, review))
            self.counts["goals"] += 1

    def goal_actions(self, repo: Repository, cf: _CaseFile) -> None:
        """One to three actions under most PEI goals, each with who takes care of it: under a
        goal in progress some done, most due in the coming weeks, a few late; under a goal
        reviewed or a closed case, done (or left undone, for a goal not reached)."""
        for goal in cf.goals:
            if goal.plan is not PlanKind.PEI or not self.chance(ACTIONS_SHARE):
                continue
            lines = [a for a in ph.GOAL_ACTIONS.get(goal.title, ()) if a.tags <= cf.facts]
            for line in self.rng.sample(lines, min(len(lines), self.rng.randint(1, 3))):
                who = self.responsible(cf, line.who)
                if who is None:
                    continue
                due, done = self.action_dates(cf, goal)
                repo.stage(
                    e.GoalAction,
                    case_id=cf.id,
                    goal_id=goal.id,
                    description=line.text,
                    responsible=who,
                    due_on=due,
                    done_on=done,
                )
                self.counts["goal_actions"] += 1

    def responsible(self, cf: _CaseFile, who: str) -> str | None:
        """Who takes care of an action, as the PEI names them; None when the case has no one
        in that role (no parent at home, say)."""
        if who == "educatore":
            if cf.educator is None:
                return "assistente sociale"
            return "educatrice" if self.staff_female.get(cf.educator, True) else "educatore"
        if who == "genitore":
            at_home = sorted(cf.at_home)  # "father", "mother"
            if not at_home:
                return None
            role = "mother" if "mother" in at_home and self.chance(0.7) else at_home[0]
            return "madre" if role == "mother" else "padre"
        if who == "ragazzo":
            return "ragazza" if cf.female else "ragazzo"
        return who

    def action_dates(self, cf: _CaseFile, goal: _Goal) -> tuple[dt.date | None, dt.date | None]:
        """The due date and the day done of an action under `goal`."""
        if cf.closed_on is None and goal.status is GoalStatus.ACTIVE:
            roll = self.rng.random()
            if roll < 0.4:
                done = self.between(
                    max(cf.opened_on, self.today - dt.timedelta(days=120)),
                    self.today - dt.timedelta(days=1),
                )
                due = done + self.days(0, 10) if self.chance(0.6) else None
                return due, done
            if roll < 0.93:
                return self.today + self.days(5, 42), None  # in the coming weeks
            if roll < 0.97:
                return self.days_ago(1, 12), None  # late
            return None, None
        end = goal.review_on
        if goal.status in (GoalStatus.ACHIEVED, GoalStatus.PARTIAL) or self.chance(0.5):
            done = self.between(max(cf.opened_on, end - dt.timedelta(days=150)), end)
            return (done + self.days(0, 10) if self.chance(0.6) else None), done
        return self.between(cf.opened_on, end), None

    def manual_deadlines(self, repo: Repository, cf: _CaseFile) -> None:
        age = cf.age_on(self.today)
        pool = self.choose(ph.MANUAL_DEADLINES, age, cf.service, cf.facts | {"educator"})
        for line in self.rng.sample(pool, min(len(pool), self.rng.randint(1, 2))):
            due = self.today + self.days(-10, 60)
            done = due - self.days(0, 3) if due < self.today and self.chance(0.5) else None
            repo.stage(
                e.Deadline,
                case_id=cf.id,
                kind=DeadlineKind.MANUAL,
                title=line.text,
                due_on=due,
                done_on=done,
            )
            self.counts["deadlines"] += 1

    # ------------------------------------------------------------ planning the diary

    def kinds_for(self, cf: _CaseFile, service: Service) -> dict[VisitKind, float]:
        kinds = dict(PLANS[service].kinds)
        if cf.met is None:
            kinds.pop(K.FACILITATED_MEETING, None)  # no parent to meet in a neutral space
        if cf.community:
            kinds.pop(K.HOME_VISIT, None)  # the child lives in a comunità educativa
        return kinds

    def working_days(self, service: Service, first: dt.date, last: dt.date) -> list[dt.date]:
        """Working days; facilitated meetings also on Saturday morning."""
        out = []
        day = first
        while day <= last:
            weekday = day.weekday()
            saturday = weekday == 5 and service is Service.FACILITATED_MEETINGS
            if (weekday < 5 or saturday) and day not in self.holidays:
                out.append(day)
            day += dt.timedelta(days=1)
        return out

    def plan_diary(self, cf: _CaseFile, act: _Activation) -> list[_Entry]:
        """The entries of an activation, month by month, from the start of the diary."""
        kinds = self.kinds_for(cf, act.service)
        first = max(act.start_on, self.history_start)
        out: list[_Entry] = []
        month = first.replace(day=1)
        while month <= cf.active_until:
            month_end = hours_rule.month_bounds(month.year, month.month)[1]
            lo, hi = max(first, month), min(month_end, cf.active_until)
            if lo <= hi:
                out += self.plan_month(cf, act, kinds, lo, hi)
            month = month_end + dt.timedelta(days=1)
        return out

    def plan_month(
        self,
        cf: _CaseFile,
        act: _Activation,
        kinds: Mapping[VisitKind, float],
        first: dt.date,
        last: dt.date,
    ) -> list[_Entry]:
        """Entries that deliver 80-96% of the month's authorised hours (pro rata for a part
        of a month) under the hours rules of the case's Ambito (missed visits may count, phone
        calls may not), plus the cancelled ones, which do not count."""
        rules = self.hours_rules(cf.ambito, first)
        counted = rules.counted_outcomes()

        def counts(kind: VisitKind, outcome: VisitOutcome) -> bool:
            return outcome in counted and rules.counts_kind(kind)

        authorised = hours_rule.authorised_centi(act.hours, act.period, first, last) * 60 // 100
        target = int(authorised * self.rng.uniform(*DELIVERED))
        remaining = target
        days = self.working_days(act.service, first, last)
        entries: list[_Entry] = []
        for _ in range(60):
            if remaining < 45 or not days:  # the rest: longer visits, or a call, below
                break
            kind = self.pick(kinds)
            lo, hi = self.durations(cf, act.service, kind)
            if remaining < lo:
                continue  # another kind may fit; what is left goes to longer visits below
            outcome = self.outcome(kind)
            top = min(hi, remaining) if counts(kind, outcome) else hi
            minutes = self.rng.randrange(lo, top + 1, 5 if kind is K.PHONE_CALL else 15)
            entry = self.schedule(cf, act, kind, minutes, outcome, days)
            if entry is not None:
                entries.append(entry)
                if counts(kind, outcome):
                    remaining -= minutes
        for entry in entries:  # what is left: the visits that took place last longer
            if remaining < 5:
                break
            if entry.outcome is VisitOutcome.DONE and counts(entry.kind, entry.outcome):
                hi = self.durations(cf, act.service, entry.kind)[1]
                remaining -= self.lengthen(entry, min(remaining, hi - entry.minutes))
        short = authorised * DELIVERED[0] - (target - remaining)
        if short > 0 and remaining >= 10 and days:
            entries += self.top_up(cf, act, kinds, rules, remaining, authorised - target, days)
        return entries

    def top_up(
        self,
        cf: _CaseFile,
        act: _Activation,
        kinds: Mapping[VisitKind, float],
        rules: hours_rule.HoursRules,
        remaining: int,
        spare: int,
        days: Sequence[dt.date],
    ) -> list[_Entry]:
        """What a month still short of 80% gets: a phone call, or where the Ambito does not
        count them the shortest entry that counts and does not go past the monte ore (`spare`:
        the minutes between the month's target and its authorised hours)."""
        if K.PHONE_CALL in kinds and rules.counts_kind(K.PHONE_CALL):
            minutes = min(30, remaining - remaining % 5)
            entry = self.schedule(cf, act, K.PHONE_CALL, minutes, VisitOutcome.DONE, days)
            return [entry] if entry is not None else []
        room = remaining + spare
        fitting = [
            (self.durations(cf, act.service, kind), kind.value, kind)
            for kind in kinds
            if kind is not K.PHONE_CALL and self.durations(cf, act.service, kind)[0] <= room
        ]
        if not fitting:
            return []
        (lo, hi), _, kind = min(fitting)
        minutes = min(max(lo, remaining - remaining % 15), hi, room - room % 15)
        entry = self.schedule(cf, act, kind, minutes, VisitOutcome.DONE, days)
        return [entry] if entry is not None else []

    def durations(self, cf: _CaseFile, service: Service, kind: VisitKind) -> tuple[int, int]:
        """Shortest and longest entry of a kind: an educator's home visit lasts longer than
        the assistente sociale's."""
        if kind is K.HOME_VISIT and self.operator_for(cf, service, kind) == cf.educator:
            return 90, 180
        if kind is K.HOME_VISIT:
            return 60, 120
        return DURATIONS[kind]

    def schedule(
        self,
        cf: _CaseFile,
        act: _Activation,
        kind: VisitKind,
        minutes: int,
        outcome: VisitOutcome,
        days: Sequence[dt.date],
    ) -> _Entry | None:
        operator = self.operator_for(cf, act.service, kind)
        slot = self.find_slot(cf, operator, kind, minutes, days)
        if slot is None:
            return None
        return _Entry(act, kind, operator, slot[0], slot[1], minutes, outcome)

    def outcome(self, kind: VisitKind) -> VisitOutcome:
        if kind in OFFICE_KINDS:
            return VisitOutcome.DONE
        missed = 2.0 if kind is K.FACILITATED_MEETING else 1.0
        return self.pick(
            {
                VisitOutcome.DONE: 88.0,
                VisitOutcome.CANCELLED_BY_FAMILY: 6 * missed,
                VisitOutcome.CANCELLED_BY_SERVICE: 3.0,
                VisitOutcome.NO_SHOW: 0.0 if kind is K.SCHOOL else 3 * missed,
            }
        )

    def window(self, cf: _CaseFile, kind: VisitKind, day: dt.date) -> tuple[int, int]:
        """When an entry of that kind may start, in minutes: after school for school-age
        children (all day in the summer holidays), mornings at school and at the desk."""
        age = cf.age_on(day)
        if kind in OFFICE_KINDS:
            return 9 * 60, 16 * 60
        if kind is K.SCHOOL:
            return 8 * 60 + 30, 12 * 60 + 30
        if day.weekday() == 5:
            return 9 * 60 + 30, 11 * 60
        school_day = not (6 <= day.month <= 8) or (day.month, day.day) < (6, 10)
        in_person = (K.HOME_VISIT, K.FACILITATED_MEETING, K.ACCOMPANIMENT, K.INTERVIEW)
        if 6 <= age <= 17 and kind in in_person and school_day:
            return 14 * 60, 17 * 60 + 30
        return 9 * 60, 16 * 60 + 30

    def find_slot(
        self,
        cf: _CaseFile,
        operator: uuid.UUID,
        kind: VisitKind,
        minutes: int,
        days: Sequence[dt.date],
    ) -> tuple[dt.date, int] | None:
        """A day and a time when the operator is free (one entry a day on this case, never two
        places at once, travel time between appointments, a working day's worth at most);
        the educator's usual weekdays first."""
        order = self.rng.sample(list(days), len(days))
        if kind not in OFFICE_KINDS:
            order.sort(key=lambda d: d.weekday() not in cf.weekdays)
        for day in order:
            if (operator, day) in self.case_days:
                continue
            lo, hi = self.window(cf, kind, day)
            hi = min(hi, DAY_END - minutes)
            if hi < lo:
                continue
            busy = self.busy.setdefault((operator, day), [])
            if sum(b - a for a, b in busy) + minutes > MAX_DAY_MINUTES:
                continue
            for _ in range(3):
                start = self.rng.randrange(lo, hi + 1, 15)
                end = start + minutes
                if (day, start) in self.case_starts:
                    continue  # the case's next appointment is one entry, never two
                if all(end + TRAVEL <= a or b + TRAVEL <= start for a, b in busy):
                    busy.append((start, end))
                    self.case_days.add((operator, day))
                    self.case_starts.add((day, start))
                    return day, start
        return None

    def lengthen(self, entry: _Entry, wanted: int) -> int:
        """Lengthen an entry by up to `wanted` minutes (in fives) if its operator is free."""
        busy = self.busy[(entry.operator, entry.day)]
        end = entry.start + entry.minutes
        others = [a for a, b in busy if a >= end]
        room = min([DAY_END - end, *(a - TRAVEL - end for a in others)])
        day_left = MAX_DAY_MINUTES - sum(b - a for a, b in busy)
        longer = max(0, min(wanted, room, day_left))
        longer -= longer % 5
        if longer:
            busy.remove((entry.start, end))
            busy.append((entry.start, end + longer))
            entry.minutes += longer
        return longer

    # ------------------------------------------------------------ writing the diary

    def writer_facts(
        self, base: frozenset[str], operator: uuid.UUID, cf: _CaseFile
    ) -> frozenset[str]:
        role = "educator" if operator == cf.educator else "social_worker"
        return base | {role}

    def visit(
        self, cf: _CaseFile, entry: _Entry
    ) -> tuple[_Written, list[tuple[uuid.UUID, uuid.UUID, str, dt.datetime]]]:
        """One diary entry, as the values of its row (its id made here), and the amendment to
        append to it once it is written."""
        assert cf.minor is not None
        kind, day, service = entry.kind, entry.day, entry.act.service
        start = dt.time(entry.start // 60, entry.start % 60)
        end_minute = entry.start + entry.minutes
        end = dt.time(end_minute // 60, end_minute % 60)
        age = cf.age_on(day)
        done = entry.outcome is VisitOutcome.DONE
        home = kind is K.HOME_VISIT and service is not Service.AFFIDO
        facts = self.writer_facts(self.home_facts(cf) if home else cf.facts, entry.operator, cf)
        draft = (self.today - day).days <= 6 and self.chance(0.4)
        late = 0
        observations = obs.Observations()
        content: dict[str, str] = dict.fromkeys(
            ("facts", "statements", "evaluations", "next_steps"), ""
        )
        place = ""
        if kind is K.FACILITATED_MEETING:
            place = self.rng.choice(ph.MEETING_PLACES)
        if not done:
            pool = self.choose(ph.CANCELLED_LINES[entry.outcome.value], age, service, facts, kind)
            text = self.rng.choice(pool).text if pool else "Appuntamento annullato."
            notes = self.fill(text, cf, entry.operator, start)
        elif kind is K.FACILITATED_MEETING:
            late = self.rng.choice((5, 10, 15, 20, 30)) if self.chance(0.3) else 0
            notes, observations, content = self.meeting(cf, entry, age, facts, start, late)
        else:
            notes, place = self.notes(cf, entry, age, facts, start)
            share = 0.5 if service in (Service.TUTELA, Service.AFFIDO) else 0.25
            in_person = kind not in OFFICE_KINDS
            content = {
                "facts": self.maybe(in_person, share, ph.FACT_LINES, cf, entry, age, facts, start),
                "statements": self.maybe(
                    in_person, share, ph.STATEMENT_LINES, cf, entry, age, facts, start
                ),
                "evaluations": self.maybe(
                    True, share, ph.EVALUATION_LINES, cf, entry, age, facts, start
                ),
                "next_steps": self.maybe(
                    True, 0.5, ph.NEXT_STEP_LINES, cf, entry, age, facts, start
                ),
            }
            if in_person and self.chance(0.2):
                observations = self.visit_observations(cf, entry, age, facts)
            if draft and self.chance(0.5):
                notes = notes.split(". ")[0].rstrip(".") + "."  # written in a hurry
        closed_at = None
        if not draft:  # signed the same evening, or the next morning
            closed_at = dt.datetime.combine(day, end, LOCAL_TIME) + self.minutes(10, 120)
            if self.chance(0.3) and day < self.today:
                closed_at = dt.datetime.combine(day, dt.time(9), LOCAL_TIME)
                closed_at += dt.timedelta(days=1) + self.minutes(0, 9 * 60)
        visit_id = uuid7()
        present = self.present(cf, kind, notes) if done else PresentPersons()
        goals = tuple(self.worked_on(cf, entry)) if done else ()
        method = self.method(cf, entry, place, present, notes) if content["evaluations"] else ""
        values: dict[str, Any] = dict(
            id=visit_id,
            case_id=cf.id,
            activation_id=entry.act.id,
            operator_id=entry.operator,
            kind=kind,
            date=day,
            start_time=start,
            end_time=end,
            place=place,
            outcome=entry.outcome,
            present_person_ids=present,
            notes=notes,
            observations=observations,
            status=VisitStatus.DRAFT if draft else VisitStatus.CLOSED,
            closed_at=closed_at,
            goal_ids=json.dumps([str(g) for g in goals]),
            evaluation_method=method,
            **content,
        )
        written = _Written(values, service, goals)
        if closed_at is None or not self.chance(AMENDED):
            return written, []
        return written, self.amendment(cf, entry, visit_id, closed_at, facts)

    def amendment(
        self,
        cf: _CaseFile,
        entry: _Entry,
        visit_id: uuid.UUID,
        closed_at: dt.datetime,
        facts: frozenset[str],
    ) -> list[tuple[uuid.UUID, uuid.UUID, str, dt.datetime]]:
        """An integrazione to a signed entry: written 0-10 days after the visit, after it was
        signed, never after today."""
        day, kind, service = entry.day, entry.kind, entry.act.service
        pool = self.choose(ph.AMENDMENT_LINES, cf.age_on(day), service, facts, kind)
        if not pool:
            return []
        start = dt.time(entry.start // 60, entry.start % 60)
        text = self.fill(self.rng.choice(pool).text, cf, entry.operator, start)
        when = dt.datetime.combine(day + self.days(0, 10), dt.time(9), LOCAL_TIME)
        when += self.minutes(0, 9 * 60)
        latest = dt.datetime.combine(self.today, dt.time(19), LOCAL_TIME)
        when = max(min(when, latest), closed_at + self.minutes(10, 60))
        return [(visit_id, entry.operator, text, when.astimezone(dt.UTC))]

    def worked_on(self, cf: _CaseFile, entry: _Entry) -> list[uuid.UUID]:
        """The PEI goals an educator's visit of an educational service worked on, as chosen
        in the editor: one or two of those in progress on the day, in the PEI's order."""
        if PLANS[entry.act.service].plan is not PlanKind.PEI:
            return []
        if entry.operator != cf.educator or entry.kind in OFFICE_KINDS:
            return []
        active = [g for g in cf.goals if g.plan is PlanKind.PEI and g.in_progress_on(entry.day)]
        if not active:
            return []
        chosen = set(self.rng.sample(active, 1 if len(active) == 1 or self.chance(0.6) else 2))
        return [g.id for g in active if g in chosen]

    def method(
        self, cf: _CaseFile, entry: _Entry, place: str, present: PresentPersons, notes: str
    ) -> str:
        """The method behind the valutazioni of an entry: what was observed, or who was heard."""
        kind, age = entry.kind, cf.age_on(entry.day)
        if kind in (K.INTERVIEW, K.PHONE_CALL):
            lowered = notes.lower()

            def heard(person: _Person | None, word: str) -> bool:
                if person is None:
                    return False
                return person.id in present or (kind is K.PHONE_CALL and word in lowered)

            mother, father = heard(cf.mother, "madre"), heard(cf.father, "padre")
            if mother and father:
                who = " con i genitori"
            elif mother or father:
                who = " con la madre" if mother else " con il padre"
            elif cf.carer is not None and cf.carer in present:
                who = " con la famiglia affidataria"
            elif kind is K.INTERVIEW and cf.minor is not None and cf.minor.id in present:
                young = ("la ragazza" if cf.female else "il ragazzo") if age >= 14 else ""
                who = f" con {young}" if young else f" con {'la' if cf.female else 'il'} minore"
            else:
                who = ""
            return ("colloquio telefonico" if kind is K.PHONE_CALL else "colloquio") + who
        if kind is K.HOME_VISIT and place == ph.FOSTER_HOME:
            return ph.FOSTER_HOME_METHOD
        if kind is K.SCHOOL and ph.band(age) == "nido":
            return ph.NURSERY_METHOD
        pool = ph.EVALUATION_METHODS[kind]
        if age >= 18:
            pool = tuple(m for m in pool if "neuropsichiatria" not in m)
        return self.rng.choice(pool)

    def freeze(self, cf: _CaseFile, written: Sequence[_Written]) -> None:
        """`Visit.frozen` of every signed entry: the document services/frozen.py writes at
        close (print_data.live_document), made from what is in memory, in its readers' orders:
        the members by role, surname and name (by id before that), the case's next entry by
        day, time and id. Read back through the session for each entry, it would cost five
        times the whole build."""
        if not any(w.values["status"] is VisitStatus.CLOSED for w in written):
            return
        ambito = self.ambiti[cf.ambito]
        order = list(MemberRole)
        members = sorted(zip(cf.member_ids, cf.members, strict=True), key=lambda x: x[0])
        members.sort(
            key=lambda x: (
                order.index(x[1][1]),
                self.names_of[x[1][0]][1],
                self.names_of[x[1][0]][0],
            )
        )
        people = [(person, role) for _, (person, role) in members]

        def full_name(person_id: uuid.UUID) -> str:
            first, last = self.names_of[person_id]
            return f"{first} {last}".strip()

        # who may be present, in the documents' order, as they list them
        listed = [
            (str(person), fd.PresentPerson(full_name(person), role.value, role.label()))
            for person, role in people
        ]
        minors = [person for person, role in people if role is MemberRole.MINOR]
        titles = {
            g.id: g.title + ("" if g.plan is PlanKind.PEI else " (Progetto Quadro)")
            for g in cf.goals
        }
        # the next appointment after each day: the first entry of the next day of the diary
        timeline = sorted(
            (w.values for w in written), key=lambda v: (v["date"], v["start_time"], v["id"])
        )
        following: dict[dt.date, str] = {}
        first = ""
        day: dt.date | None = None
        for v in reversed(timeline):  # backwards: the last entry seen of a day is its first
            if v["date"] != day:
                following[v["date"]] = first if day is not None else ""
                day = v["date"]
            first = f"{fmt_date(v['date'])} alle {fmt_time(v['start_time'])} — {v['kind'].label()}"
            first += f", {v['place']}" if v["place"] else ""
        comune = places.comune_name(comune_code(cf.comune))
        minor_name = ", ".join(full_name(p) for p in minors)
        one = len(minors) == 1 and cf.minor is not None
        born = cf.minor.born if one and cf.minor is not None else None
        sex = ("F" if cf.minor.female else "M") if one and cf.minor is not None else ""
        cooperative: dict[dt.date, str] = {}
        for w in written:
            v = w.values
            if v["status"] is not VisitStatus.CLOSED:
                continue
            if v["date"] not in cooperative:
                cooperative[v["date"]] = self.cooperative(ambito.id, v["date"])
            present = {str(p) for p in v["present_person_ids"]}
            author = self.operator_names.get(v["operator_id"], "")
            v["frozen"] = fd.dump(
                fd.FrozenDocument(
                    cooperative=cooperative[v["date"]],
                    ambito=ambito.name,
                    comune=comune,
                    case_code=cf.code,
                    service=cf.service.label(),
                    minor_name=minor_name,
                    minor_birth_date=born,
                    minor_sex=sex,
                    author=author,
                    closed_by=author,
                    present=tuple(shown for person, shown in listed if person in present),
                    goals=tuple(titles[g] for g in dict.fromkeys(w.goals) if g in titles),
                    next_appointment=following[v["date"]],
                    parent_signature=cf.service is Service.ADM or w.service is Service.ADM,
                )
            )

    def amend(
        self,
        session: Session,
        repo: Repository,
        amendments: list[tuple[uuid.UUID, uuid.UUID, str, dt.datetime]],
    ) -> None:
        """The amendments, dated when they were written (the change capture keeps a
        `created_at` that is already set)."""
        written: dict[uuid.UUID, dt.datetime] = {}
        for visit_id, operator, text, when in amendments:
            amendment_id = repo.stage(
                e.VisitAmendment, visit_id=visit_id, operator_id=operator, text=text
            )
            written[amendment_id] = when
            self.counts["amendments"] += 1
        for row in session.new:
            if isinstance(row, m.VisitAmendmentRow) and row.id in written:
                row.created_at = written[row.id]

    def maybe(
        self,
        done: bool,
        p: float,
        pool: tuple[Line, ...],
        cf: _CaseFile,
        entry: _Entry,
        age: int,
        facts: frozenset[str],
        when: dt.time,
    ) -> str:
        if not done or not self.chance(p):
            return ""
        fitting = self.choose(pool, age, entry.act.service, facts, entry.kind)
        return self.fill(self.rng.choice(fitting).text, cf, entry.operator, when) if fitting else ""

    def sentences(
        self,
        pool: tuple[Line, ...],
        k: int,
        cf: _CaseFile,
        entry: _Entry,
        age: int,
        facts: frozenset[str],
        when: dt.time,
    ) -> list[str]:
        fitting = self.choose(pool, age, entry.act.service, facts, entry.kind)
        chosen = self.rng.sample(fitting, min(k, len(fitting)))
        return [self.fill(line.text, cf, entry.operator, when) for line in chosen]

    def notes(
        self, cf: _CaseFile, entry: _Entry, age: int, facts: frozenset[str], when: dt.time
    ) -> tuple[str, str]:
        """The narrative of an entry that took place, and its place."""
        kind, service = entry.kind, entry.act.service

        def say(pool: tuple[Line, ...], k: int, about: frozenset[str] = facts) -> list[str]:
            return self.sentences(pool, k, cf, entry, age, about, when)

        place, out = "", list[str]()
        if kind is K.HOME_VISIT:
            place, out = self.home_notes(cf, entry, say)
        elif kind is K.ACCOMPANIMENT:
            fitting = [
                (line, where)
                for line, where in ph.ACCOMPANIMENTS
                if ph.fits(line, age, service, facts, kind)
            ]
            if fitting:
                line, place = self.rng.choice(fitting)
                out = [self.fill(line.text, cf, entry.operator, when)]
            if service is Service.CARE_LEAVERS:
                out += say(ph.CARE_LEAVER_LINES, 1)
            elif self.chance(0.5):
                out += say(ph.ACCOMPANIMENT_EXTRA, 1)
        else:
            pool, most = {
                K.SCHOOL: (ph.SCHOOL_LINES, 2),
                K.INTERVIEW: (ph.INTERVIEW_LINES, 1),
                K.PHONE_CALL: (ph.PHONE_LINES, 1),
                K.TEAM_MEETING: (ph.TEAM_LINES, 1),
                K.REPORT_WRITING: (ph.REPORT_LINES, 1),
            }[kind]
            out = say(pool, self.rng.randint(1, most))
            writer = "social_worker" if entry.operator != cf.educator else "educator"
            places_of: dict[VisitKind, Callable[[], str]] = {
                K.SCHOOL: lambda: self.rng.choice(ph.SCHOOL_PLACES[ph.band(age)]),
                K.INTERVIEW: lambda: self.rng.choice(ph.INTERVIEW_PLACES),
                K.PHONE_CALL: lambda: "",
                K.TEAM_MEETING: lambda: ph.OFFICE_PLACES["social_worker"],
                K.REPORT_WRITING: lambda: ph.OFFICE_PLACES[writer],
            }
            place = places_of[kind]()
        return " ".join(out or ["Intervento svolto come da programma."]), place

    def home_notes(
        self, cf: _CaseFile, entry: _Entry, say: Callable[..., list[str]]
    ) -> tuple[str, list[str]]:
        """A home visit: the care leaver's flat, the foster family's home (only the child is
        spoken of, not the parents who live elsewhere), or the family's home."""
        if entry.act.service is Service.CARE_LEAVERS:
            return ph.HOME, say(ph.CARE_LEAVER_LINES, self.rng.randint(1, 3))
        if entry.act.service is not Service.AFFIDO:
            return ph.HOME, say(ph.HOME_LINES, self.rng.randint(2, 4))
        writer = "social_worker" if entry.operator != cf.educator else "educator"
        if cf.schedule is Availability.RESIDENTIAL or self.chance(0.5):
            child = cf.facts - {"mother", "father", "parents", "parent", "siblings"} | {writer}
            out = say(ph.FOSTER_HOME_LINES, 1) + say(ph.HOME_LINES, self.rng.randint(0, 2), child)
            return ph.FOSTER_HOME, out
        # a part-time affido: the child still lives with a parent, who is visited at home
        return ph.HOME, say(ph.HOME_LINES, self.rng.randint(1, 3), self.home_facts(cf) | {writer})

    def meeting(
        self,
        cf: _CaseFile,
        entry: _Entry,
        age: int,
        facts: frozenset[str],
        start: dt.time,
        late: int,
    ) -> tuple[str, obs.Observations, dict[str, str]]:
        """A facilitated meeting: arrival (on time or late), what they did, how the parting
        went, the verbale's grid and headings; nothing of a home visit."""
        op = entry.operator

        def one(pool: tuple[Line, ...]) -> str:
            fitting = self.choose(pool, age, entry.act.service, facts, entry.kind)
            return self.fill(self.rng.choice(fitting).text, cf, op, start, late) if fitting else ""

        hard = self.chance(0.25)
        notes = [
            one(ph.MEETING_LATE if late else ph.MEETING_ON_TIME),
            one(ph.MEETING_ACTIVITY),
            one(ph.MEETING_RELATION) if self.chance(0.5) else "",
            one(ph.MEETING_PARTING["hard" if hard else "good"]),
        ]
        texts = {
            "puntualita": self.fill(
                self.rng.choice(ph.PUNCTUALITY["late" if late else "on_time"]), cf, op, start, late
            ),
            "accoglienza": one(ph.MEETING_WELCOME),
        }
        for heading, pool in ph.MEETING_TEXTS.items():
            if heading == "interventi_operatore" or self.chance(0.5):
                texts[heading] = one(pool)
        critical = self.chance(0.03)
        if critical:
            texts["eventi_critici"] = self.fill(ph.MEETING_CRITICAL, cf, op, start, late)
            texts["interventi_operatore"] = "Interruzione dell'incontro dieci minuti prima."
        grid = {}
        for item in obs.MEETING_GRID:
            rating = self.pick(RATINGS["hard" if hard or critical else "good"])
            note = ""
            if item == "comunicazione_verbale" and age < 2:
                rating = obs.Rating.NOT_OBSERVED
            elif item == "gestione_distacco":
                rating = (
                    self.pick({obs.Rating.PARTLY_ADEQUATE: 70.0, obs.Rating.NOT_ADEQUATE: 30.0})
                    if hard
                    else obs.Rating.ADEQUATE
                )
                note = "Saluti prolungati, serve il sostegno dell'operatore." if hard else ""
            elif item == "rispetto_regole" and critical:
                rating = obs.Rating.NOT_ADEQUATE
            grid[item] = obs.GridValue(rating, note)
        observations = obs.Observations(grid=grid, texts=texts)
        content = dict.fromkeys(("facts", "statements", "evaluations", "next_steps"), "")
        if late:
            arrived = dt.datetime.combine(entry.day, start) + dt.timedelta(minutes=late)
            content["facts"] = self.fill(
                f"{{Genitore}} è arrivat{{g}} alle {fmt_time(arrived)}, con {{ritardo}} minuti di "
                "ritardo.",
                cf,
                op,
                start,
                late,
            )
        if self.chance(0.3):
            content["statements"] = one(ph.MEETING_STATEMENTS)
        if self.chance(0.3):
            content["evaluations"] = one(ph.MEETING_EVALUATIONS)
        if self.chance(0.4):
            content["next_steps"] = one(ph.NEXT_STEP_LINES)
        return " ".join(n for n in notes if n), observations, content

    def visit_observations(
        self, cf: _CaseFile, entry: _Entry, age: int, facts: frozenset[str]
    ) -> obs.Observations:
        """The osservazioni of the scheda visita, sometimes filled in."""
        texts = {}
        for heading, pool in ph.VISIT_OBSERVATIONS.items():
            fitting = self.choose(pool, age, entry.act.service, facts, entry.kind)
            if fitting and self.chance(0.7):
                texts[heading] = self.fill(self.rng.choice(fitting).text, cf, entry.operator)
        return obs.Observations(texts=texts)

    def present(self, cf: _CaseFile, kind: VisitKind, notes: str) -> PresentPersons:
        """Who was there: the child, the parent met, the people the notes speak of, and at
        home sometimes the others who live there."""
        assert cf.minor is not None
        if kind in (*OFFICE_KINDS, K.SCHOOL):
            return PresentPersons()
        people = set()
        lowered = notes.lower()
        if kind is not K.INTERVIEW or cf.minor.first_name.lower() in lowered:
            people.add(cf.minor.id)
        if kind is K.FACILITATED_MEETING:
            met = cf.parent(cf.met)
            if met is not None:
                people.add(met.id)
            return PresentPersons.of(people)
        both = "genitori" in lowered
        if cf.mother is not None and ("madre" in lowered or both):
            people.add(cf.mother.id)
        if cf.father is not None and ("padre" in lowered or both):
            people.add(cf.father.id)
        if cf.carer is not None and "affidatari" in lowered:
            people.add(cf.carer)
        if kind is K.HOME_VISIT and cf.service is not Service.AFFIDO:
            for role in cf.at_home:
                parent = cf.parent(role)
                if parent is not None and self.chance(0.6):
                    people.add(parent.id)
            people |= {s.id for s in cf.siblings if self.chance(0.3)}
        return PresentPersons.of(people)

    # ------------------------------------------------------------ words

    def fill(
        self,
        template: str,
        cf: _CaseFile,
        operator: uuid.UUID | None,
        when: dt.time | None = None,
        late: int = 0,
    ) -> str:
        """`template` with the words of the case, of the operator who writes and of the time
        (the first two are worked out once per case and operator)."""
        values = self.fill_values.get(operator)
        if values is None:
            values = self.fill_values[operator] = self.case_words(cf, operator)
        if "{ora}" in template:
            values["ora"] = fmt_time(when) if when else "15:00"
        if "{ritardo}" in template:
            values["ritardo"] = str(late)
        return template.format_map(values)

    def case_words(self, cf: _CaseFile, operator: uuid.UUID | None) -> dict[str, str]:
        """What the placeholders of demo_phrases say in a case, written by `operator`."""
        assert cf.minor is not None
        female = cf.minor.female
        if operator is not None and operator != cf.educator:
            op = "l'assistente sociale"
        elif operator is not None and not self.staff_female.get(operator, True):
            op = "l'educatore"
        else:
            op = "l'educatrice"
        # the parent the text is about: the one met in the neutral space, else the one who
        # does not live with the child (in a decree of decadenza), else the mother
        away = cf.father if cf.father is not None and "father" not in cf.at_home else None
        ref = cf.parent(cf.met) or away or cf.mother or cf.father
        mother = ref is None or ref.female
        escort = "dalla nonna materna"
        if cf.service is Service.AFFIDO and cf.schedule is Availability.RESIDENTIAL:
            escort = "dalla famiglia affidataria"
        elif cf.community:
            escort = "da un'educatrice della comunità"
        elif cf.met == "father" and "mother" in cf.at_home:
            escort = "dalla madre"
        elif cf.met == "mother" and "father" in cf.at_home:
            escort = "dal padre"
        at_home = cf.at_home or {"mother"}
        presso = (
            "entrambi i genitori"
            if len(at_home) == 2
            else "la madre"
            if "mother" in at_home
            else "il padre"
        )
        if cf.service is Service.AFFIDO and cf.schedule is Availability.RESIDENTIAL:
            presso = "la famiglia affidataria"
        elif cf.home is not None and cf.home.kind is CommunityKind.FAMILY:
            presso = "una comunità familiare"
        elif cf.community:
            presso = "una comunità educativa"
        both = cf.mother is not None and cf.father is not None
        only_mother = cf.mother is not None and cf.father is None
        values = {
            "nome": cf.minor.first_name,
            "o": "a" if female else "o",
            "la": "la" if female else "",
            "figlio": "figlia" if female else "figlio",
            "ora": "15:00",
            "op": op,
            "Op": op[0].upper() + op[1:],
            "all_op": "all'" + op[2:],
            "dall_op": "dall'" + op[2:],
            "dell_op": "dell'" + op[2:],
            "genitore": "la madre" if mother else "il padre",
            "Genitore": "La madre" if mother else "Il padre",
            "al_genitore": "alla madre" if mother else "al padre",
            "dal_genitore": "dalla madre" if mother else "dal padre",
            "del_genitore": "della madre" if mother else "del padre",
            "g": "a" if mother else "o",
            "ritardo": "0",
            "da_chi": escort,
            "il_minore": "la minore" if female else "il minore",
            "del_minore": "della minore" if female else "del minore",
            "presso": presso,
            "dei_genitori": (
                "di entrambi i genitori" if both else "della madre" if only_mother else "del padre"
            ),
            "ai_genitori": "ai genitori" if both else "alla madre" if only_mother else "al padre",
            "tipo_affido": "intra-familiare" if cf.intra else "etero-familiare",
        }
        return values
