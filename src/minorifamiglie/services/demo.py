"""Synthetic, realistic demo data (it_IT, never real people) for `demo-data` and `make run`.

Everything is written through the storage Repository inside ordinary units of work, so the
change log and the audit chain record the demo like any other write and `check` passes. The same
seed and `today` give the same data; record ids stay random UUIDv7, as everywhere else, so two
devices filled with the same seed never share ids (they would otherwise merge into each other)."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TypeVar

import holidays
from codicefiscale import codicefiscale
from faker import Faker
from sqlalchemy.orm import Session

from minorifamiglie.config import PROFILE_FILE
from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    Authority,
    Availability,
    CaseStatus,
    DeadlineKind,
    FosterFamilyStatus,
    GoalStatus,
    HoursPeriod,
    LegalBasis,
    MeasureKind,
    MemberRole,
    PlacementKind,
    PlanKind,
    ReferralSource,
    Role,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.ids import uuid7
from minorifamiglie.domain.rules import add_months
from minorifamiglie.services import demo_phrases as ph
from minorifamiglie.services.cases import new_case_code
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
HISTORY_DAYS = 730  # the diary goes back two years
DAY_START, DAY_END = 8 * 60, 19 * 60  # visits happen between 8:00 and 19:00
LOCAL_TIME = dt.timezone(dt.timedelta(hours=1))  # CET: close enough for synthetic timestamps
AUDIT_DETAIL = {"source": "demo"}

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
FAMILY_STATUS = {
    FosterFamilyStatus.ENGAGED: 50.0, FosterFamilyStatus.SUITABLE: 25.0,
    FosterFamilyStatus.ASSESSING: 10.0, FosterFamilyStatus.IN_TRAINING: 10.0,
    FosterFamilyStatus.SUSPENDED: 5.0,
}  # fmt: skip
HOSTING = (FosterFamilyStatus.ENGAGED, FosterFamilyStatus.SUITABLE)
AVAILABILITY = {
    Availability.RESIDENTIAL: 55.0, Availability.PART_TIME: 20.0, Availability.DAYTIME: 15.0,
    Availability.EMERGENCY: 10.0,
}  # fmt: skip
SCHEDULE = {Availability.RESIDENTIAL: 70.0, Availability.PART_TIME: 20.0, Availability.DAYTIME: 10}
TUTELA_MEASURES = {
    MeasureKind.ENTRUSTMENT: 40.0, MeasureKind.LIMITATION: 30.0, MeasureKind.FORFEITURE: 8.0,
    MeasureKind.COMMUNITY_PLACEMENT: 12.0, MeasureKind.MEETINGS: 10.0,
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
IF_GRID = (
    "contatto_fisico",
    "comunicazione_verbale",
    "sintonia_emotiva",
    "rispetto_regole",
    "gestione_distacco",
)
IF_LEVELS = {"adeguato": 55.0, "parzialmente adeguato": 25.0, "da monitorare": 15.0, "critico": 5}


@dataclass(frozen=True, slots=True)
class ServicePlan:
    """How a service line shows up in a diary: rhythm, kinds of entry, monte ore, ages."""

    every_days: int
    kinds: dict[VisitKind, float]
    hours: tuple[int, int]
    period: HoursPeriod
    ages: tuple[int, int]  # of the minor at the reference date, in years
    first_hour: int  # usual start of the working slot
    plan: PlanKind
    court: float  # share of cases with a court measure


W, M = HoursPeriod.WEEK, HoursPeriod.MONTH
PEI, PQ = PlanKind.PEI, PlanKind.FRAMEWORK
PLANS: dict[Service, ServicePlan] = {
    S.ADM: ServicePlan(7, {K.HOME_VISIT: 70, K.SCHOOL: 6, K.ACCOMPANIMENT: 8, K.INTERVIEW: 5,
                           K.PHONE_CALL: 6, K.TEAM_MEETING: 5},
                       (3, 8), W, (3, 16), 14, PEI, 0.2),
    S.TUTORING: ServicePlan(7, {K.HOME_VISIT: 60, K.SCHOOL: 15, K.ACCOMPANIMENT: 10,
                                K.PHONE_CALL: 10, K.TEAM_MEETING: 5},
                            (2, 4), W, (6, 16), 14, PEI, 0.0),
    S.FACILITATED_MEETINGS: ServicePlan(14, {K.FACILITATED_MEETING: 80, K.INTERVIEW: 8,
                                             K.PHONE_CALL: 6, K.REPORT_WRITING: 3,
                                             K.TEAM_MEETING: 3},
                                        (4, 8), M, (1, 14), 15, PQ, 1.0),
    S.TUTELA: ServicePlan(21, {K.INTERVIEW: 35, K.HOME_VISIT: 25, K.TEAM_MEETING: 15,
                               K.REPORT_WRITING: 10, K.PHONE_CALL: 10, K.SCHOOL: 5},
                          (6, 12), M, (0, 17), 9, PQ, 1.0),
    S.AFFIDO: ServicePlan(21, {K.INTERVIEW: 35, K.HOME_VISIT: 30, K.FACILITATED_MEETING: 15,
                               K.TEAM_MEETING: 10, K.REPORT_WRITING: 5, K.PHONE_CALL: 5},
                          (4, 8), M, (0, 17), 9, PQ, 0.7),
    S.CARE_LEAVERS: ServicePlan(14, {K.INTERVIEW: 40, K.ACCOMPANIMENT: 30, K.PHONE_CALL: 20,
                                     K.HOME_VISIT: 10},
                                (8, 16), M, (18, 20), 10, PEI, 0.6),
    S.FRAGILE_FAMILIES: ServicePlan(10, {K.HOME_VISIT: 55, K.INTERVIEW: 20, K.ACCOMPANIMENT: 10,
                                         K.PHONE_CALL: 10, K.TEAM_MEETING: 5},
                                    (4, 10), M, (0, 14), 9, PEI, 0.0),
}  # fmt: skip


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


@dataclass(frozen=True, slots=True)
class _Staff:
    writer: uuid.UUID  # who is at the keyboard: the profile's operator
    educators: tuple[uuid.UUID, ...]
    social_workers: tuple[uuid.UUID, ...]
    coordinators: tuple[uuid.UUID, ...]


@dataclass(frozen=True, slots=True)
class _Family:
    id: uuid.UUID
    ambito: str
    carer: tuple[str, str]
    hosting: bool


@dataclass
class _Minor:
    id: uuid.UUID
    first_name: str
    surname: str
    female: bool
    birth_date: dt.date
    parents: list[uuid.UUID] = field(default_factory=list)
    siblings: list[uuid.UUID] = field(default_factory=list)

    def fill(self, template: str, when: dt.time | None = None) -> str:
        return template.format(
            nome=self.first_name,
            o="a" if self.female else "o",
            la="la" if self.female else "",
            figlio="figlia" if self.female else "figlio",
            ora=f"{when:%H:%M}" if when else "15:00",
        )


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
    id: uuid.UUID = field(default_factory=uuid7)
    minor: _Minor | None = None
    members: list[tuple[uuid.UUID, MemberRole]] = field(default_factory=list)
    family: _Family | None = None
    intra: bool = False
    lead: uuid.UUID | None = None  # the operator who runs the service


def generate(
    opened: OpenProfile, *, cases: int, seed: int, today: dt.date | None = None
) -> DemoSummary:
    """Add `cases` synthetic case files with their people, measures, services and diaries."""
    gen = _Generator(seed, today or dt.date.today(), opened.device_id)
    with opened.session() as session:
        gen.ambiti = {a.code: a for a in Repository(session).find(e.Ambito)}
        staff = gen.staff(session)
        for _ in range(max(5, cases // 10)):
            gen.foster_family(Repository(session))
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


class _Generator:
    def __init__(self, seed: int, today: dt.date, device_id: uuid.UUID) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("it_IT")
        self.fake.seed_instance(seed)
        self.today = today
        self.device_id = device_id
        self.counts: Counter[str] = Counter()  # by the field names of DemoSummary
        self.families: list[_Family] = []
        self.ambiti: dict[str, e.Ambito] = {}
        self.holidays = holidays.Italy(years=range(today.year - 3, today.year + 2))

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

    def phone(self) -> str:
        # The 555 block keeps the numbers visibly fictional.
        return f"3{self.rng.randint(20, 99)} 555 {self.rng.randint(1000, 9999)}"

    def address(self, comune: str) -> str:
        street = self.rng.choice(ph.STREETS)
        return f"{street} {self.fake.last_name()} {self.rng.randint(1, 120)}, {comune}"

    def first_name(self, female: bool) -> str:
        return str(self.fake.first_name_female() if female else self.fake.first_name_male())

    def tax_code(self, first: str, last: str, female: bool, born: dt.date, place: str) -> str:
        """A valid codice fiscale that agrees with the birth date (python-codicefiscale)."""
        return str(
            codicefiscale.encode(
                lastname=last,
                firstname=first,
                gender="F" if female else "M",
                birthdate=dt.datetime(born.year, born.month, born.day),
                birthplace=place,
            )
        )

    # ------------------------------------------------------------ staff and families

    def staff(self, session: Session) -> _Staff:
        """The profile's operator plus a small team, reused when the demo runs again."""
        repo = Repository(session)
        local = profile.get_local(session, profile.OPERATOR_KEY)
        existing = {(o.name, o.role): o.id for o in repo.find(e.Operator)}
        team: dict[Role, list[uuid.UUID]] = {r: [] for r in Role}
        created = []
        for role in [Role.EDUCATOR] * 3 + [Role.SOCIAL_WORKER] * 2 + [Role.COORDINATOR]:
            name = f"{self.first_name(self.chance(0.7))} {self.fake.last_name()}"
            op_id = existing.get((name, role))
            if op_id is None:
                op_id = repo.stage(e.Operator, name=name, role=role, active=True)
                created.append(op_id)
            team[role].append(op_id)
        writer = uuid.UUID(local) if local else team[Role.COORDINATOR][0]
        session.info["write_context"].operator_id = writer
        for op_id in created:
            audit.append(session, AuditAction.CREATE, "operators", op_id, detail=AUDIT_DETAIL)
        self.counts["operators"] += len(created)
        session.flush()
        if local and repo.get(e.Operator, writer).role is Role.EDUCATOR:
            team[Role.EDUCATOR].append(writer)  # so "my cases" is not empty
        return _Staff(
            writer,
            tuple(team[Role.EDUCATOR]),
            tuple(team[Role.SOCIAL_WORKER]),
            tuple(team[Role.COORDINATOR]),
        )

    def foster_family(
        self,
        repo: Repository,
        ambito: str | None = None,
        relatives: tuple[str, str] | None = None,
    ) -> _Family:
        """A family of the register, or relatives taking in a child (affido intra-familiare)."""
        rng = self.rng
        ambito = ambito or self.pick(AMBITO_WEIGHTS)
        if relatives is not None:
            status = FosterFamilyStatus.ENGAGED
            carer = relatives
            name = f"Famiglia {relatives[1]} (parenti)"
            members = f"{relatives[0]} {relatives[1]} e coniuge"
            notes = rng.choice(ph.RELATIVES_NOTES)
        else:
            status = self.pick(FAMILY_STATUS)
            husband = (self.first_name(False), str(self.fake.last_name()))
            wife = (self.first_name(True), str(self.fake.last_name()))
            carer = wife if self.chance(0.6) else husband
            name = f"Famiglia {husband[1]}" + (f" – {wife[1]}" if self.chance(0.5) else "")
            children = rng.choice(ph.FAMILY_CHILDREN)
            members = f"{husband[0]} {husband[1]} e {wife[0]} {wife[1]}, {children}"
            notes = rng.choice(ph.FAMILY_NOTES)
        trained = None
        if relatives is None and status in (*HOSTING, FosterFamilyStatus.SUSPENDED):
            trained = self.days_ago(200, 6 * 365)
        family_id = repo.stage(
            e.FosterFamily,
            name=name,
            members=members,
            comune=rng.choice(ph.COMUNI[ambito]),
            ambito_id=self.ambiti[ambito].id,
            availability=self.pick(AVAILABILITY),
            status=status,
            training_completed_on=trained,
            notes=notes,
        )
        self.counts["foster_families"] += 1
        family = _Family(family_id, ambito, carer, status in HOSTING)
        if relatives is None:
            self.families.append(family)
        return family

    # ------------------------------------------------------------ one case file

    def case(self, session: Session, staff: _Staff) -> None:
        # Rows are staged and flushed in foreign-key order (parents first): a flush does not
        # order the inserts of unrelated mappers, and the database checks every reference.
        repo = Repository(session)
        cf = self.shape()
        minor = cf.minor = self.household(repo, cf)
        self.relatives(repo, cf)
        if cf.service is Service.AFFIDO:
            self.foster_home(repo, cf)
        ambito = self.ambiti[cf.ambito]
        repo.stage(
            e.Case,
            id=cf.id,
            code=new_case_code(session, ambito, cf.opened_on.year, self.device_id),
            ambito_id=ambito.id,
            service=cf.service,
            title=f"{self.rng.choice(ph.CASE_TITLES[cf.service])} – nucleo {minor.surname}",
            summary=self.rng.choice(ph.CASE_SUMMARIES[cf.service]),
            status=cf.status,
            opened_on=cf.opened_on,
            closed_on=cf.closed_on,
            referral_source=self.pick(REFERRALS.get(cf.service, DEFAULT_REFERRALS)),
        )
        self.counts["cases"] += 1
        session.flush()
        for person_id, role in cf.members:
            repo.stage(e.CaseMember, case_id=cf.id, person_id=person_id, role=role, notes="")
        self.team(repo, cf, staff)
        authority = self.measures(repo, cf)
        activations = self.activations(repo, cf)
        self.goals(repo, cf, any(service is Service.ADM for _, service, _ in activations))
        if cf.status is not CaseStatus.CLOSED and self.chance(0.12):
            self.manual_deadlines(repo, cf)
        if cf.service is Service.AFFIDO:
            self.placement(repo, cf, authority)
        session.flush()
        amendments = []
        for activation_id, service, start_on in activations:
            for day in self.visit_days(service, start_on, cf.active_until):
                amendments += self.visit(repo, cf, activation_id, service, day)
        session.flush()
        for visit_id, text in amendments:
            repo.stage(e.VisitAmendment, visit_id=visit_id, operator_id=cf.lead, text=text)
            self.counts["amendments"] += 1
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
                closed_on = self.between(opened_on + dt.timedelta(days=90), self.today)
        lo, hi = PLANS[service].ages
        ref = closed_on or self.today  # the age fits the service at closing, or today
        born = ref - self.days(lo * 365 + 30, hi * 365 + 330)
        if service is Service.CARE_LEAVERS:  # prosieguo: taken on around the 18th birthday
            opened_on = add_months(born, 18 * 12) - self.days(0, 60)
        opened_on = min(max(opened_on, born + self.days(3, 60)), ref)
        if closed_on is not None and closed_on < opened_on + dt.timedelta(days=30):
            closed_on = min(self.today, opened_on + dt.timedelta(days=90))
        active_until = closed_on or self.today
        if status is CaseStatus.SUSPENDED:
            active_until = max(opened_on, self.days_ago(20, 120))
        ambito = self.pick(AMBITO_WEIGHTS)
        return _CaseFile(
            service,
            status,
            ambito,
            self.rng.choice(ph.COMUNI[ambito]),
            opened_on,
            closed_on,
            active_until,
            born,
            self.chance(0.5),
        )

    def person(
        self,
        repo: Repository,
        first: str,
        last: str,
        female: bool,
        born: dt.date | None = None,
        *,
        tax_place: str | None = None,
        phone: str = "",
        address: str = "",
        notes: str = "",
    ) -> uuid.UUID:
        tax = None
        if tax_place is not None and born is not None:
            tax = self.tax_code(first, last, female, born, tax_place)
        self.counts["persons"] += 1
        return repo.stage(
            e.Person,
            first_name=first,
            last_name=last,
            birth_date=born,
            tax_code=tax,
            phone=phone,
            address=address,
            notes=notes,
        )

    def birthplace(self, comune: str, foreign: bool = False) -> str:
        if foreign:
            return self.rng.choice(ph.FOREIGN_BIRTHPLACES)
        return self.rng.choice((*ph.BIRTH_HOSPITALS, comune))

    def household(self, repo: Repository, cf: _CaseFile) -> _Minor:
        """The minor and the parents; a codice fiscale only sometimes (newborns and
        unaccompanied foreign minors often have none yet)."""
        rng = self.rng
        surname = str(self.fake.last_name())
        home = self.address(cf.comune)
        foreign = self.chance(0.2)
        has_father = self.chance(0.75)
        mother_born = cf.born - self.days(19 * 365, 42 * 365)
        parents: list[tuple[uuid.UUID, MemberRole]] = []
        if self.chance(0.9):
            mother_surname = str(self.fake.last_name()) if has_father else surname
            place = self.birthplace(cf.comune, foreign) if self.chance(0.4) else None
            mother = self.person(
                repo,
                self.first_name(True),
                mother_surname,
                True,
                mother_born,
                tax_place=place,
                phone=self.phone(),
                address=home,
                notes=rng.choice(ph.MOTHER_NOTES),
            )
            parents.append((mother, MemberRole.MOTHER))
        if has_father:
            place = self.birthplace(cf.comune, foreign) if self.chance(0.3) else None
            away = self.address(rng.choice(ph.COMUNI["BG"]))
            father = self.person(
                repo,
                self.first_name(False),
                surname,
                False,
                mother_born - self.days(-3 * 365, 8 * 365),
                tax_place=place,
                phone=self.phone() if self.chance(0.8) else "",
                address=home if self.chance(0.6) else away,
            )
            parents.append((father, MemberRole.FATHER))
        first = self.first_name(cf.female)
        place = self.birthplace(cf.comune) if self.chance(0.55) else None
        care_leaver = cf.service is Service.CARE_LEAVERS
        minor_id = self.person(
            repo,
            first,
            surname,
            cf.female,
            cf.born,
            tax_place=place,
            phone=self.phone() if care_leaver else "",
            address=self.address(rng.choice(ph.COMUNI["DAL"])) if care_leaver else home,
        )
        cf.members += [(minor_id, MemberRole.MINOR), *parents]
        return _Minor(minor_id, first, surname, cf.female, cf.born, [p for p, _ in parents])

    def relatives(self, repo: Repository, cf: _CaseFile) -> None:
        """Siblings and, in court cases, sometimes a tutore or a curatore speciale."""
        assert cf.minor is not None
        minor = cf.minor
        roles = cf.members
        for _ in range(self.pick({0: 60.0, 1: 30.0, 2: 10.0})):
            female = self.chance(0.5)
            born = self.days_ago(365, 17 * 365)
            last = minor.surname if self.chance(0.8) else str(self.fake.last_name())
            sibling = self.person(repo, self.first_name(female), last, female, born)
            minor.siblings.append(sibling)
            roles.append((sibling, MemberRole.SIBLING))
        court = cf.service in (Service.TUTELA, Service.AFFIDO, Service.FACILITATED_MEETINGS)
        if court and self.chance(0.1):
            female = self.chance(0.5)
            lawyer = self.person(
                repo,
                self.first_name(female),
                str(self.fake.last_name()),
                female,
                notes=ph.GUARDIAN_NOTE,
                phone=f"035 555 {self.rng.randint(1000, 9999)}",
            )
            roles.append((lawyer, MemberRole.GUARDIAN))
        if court and self.chance(0.08):
            female = self.chance(0.5)
            curator = self.person(
                repo,
                self.first_name(female),
                str(self.fake.last_name()),
                female,
                notes=ph.CURATOR_NOTE,
            )
            roles.append((curator, MemberRole.SPECIAL_CURATOR))

    def team(self, repo: Repository, cf: _CaseFile, staff: _Staff) -> None:
        """A social worker owns the case; an educator runs the service; sometimes the
        coordinator follows it too."""
        social_worker = self.rng.choice(staff.social_workers)
        educator = self.rng.choice(staff.educators)
        team = [social_worker] if cf.service is Service.TUTELA else [educator, social_worker]
        if self.chance(0.2):
            team.append(self.rng.choice(staff.coordinators))
        for op_id in dict.fromkeys(team):
            repo.stage(e.CaseOperator, case_id=cf.id, operator_id=op_id)
        cf.lead = team[0]

    # ------------------------------------------------------------ measures, goals, deadlines

    def measures(self, repo: Repository, cf: _CaseFile) -> Authority | None:
        plan = PLANS[cf.service]
        if cf.service is not Service.AFFIDO and not self.chance(plan.court):
            return None
        authority = Authority.JUVENILE_COURT
        kind = MEASURE_KIND.get(cf.service, MeasureKind.ENTRUSTMENT)
        if cf.service is Service.TUTELA:
            kind = self.pick(TUTELA_MEASURES)
            if self.chance(0.1):  # an emergency placement came first
                issued = cf.opened_on - self.days(1, 20)
                self.measure(repo, cf, authority, MeasureKind.EMERGENCY_403, issued, None)
        elif cf.service is Service.FACILITATED_MEETINGS and self.chance(0.25):
            authority = Authority.ORDINARY_COURT  # meetings ordered in a separation
        elif cf.service is Service.AFFIDO and not self.chance(plan.court):
            authority = Authority.TUTELARY_JUDGE  # consensual affido, made executive
        issued = min(self.today, cf.opened_on + self.days(-60, 15))
        due = None
        if cf.status is not CaseStatus.CLOSED and authority is not Authority.TUTELARY_JUDGE:
            roll = self.rng.random()
            if roll < 0.15:
                due = self.days_ago(1, 45)  # overdue
            elif roll < 0.40:
                due = self.today + self.days(0, 30)  # comes up in Scadenze
            else:
                due = self.today + self.days(31, 200)
        self.measure(repo, cf, authority, kind, issued, due)
        return authority

    def measure(
        self,
        repo: Repository,
        cf: _CaseFile,
        authority: Authority,
        kind: MeasureKind,
        issued: dt.date,
        due: dt.date | None,
    ) -> None:
        court, suffix = ph.COURTS[authority.value]
        text = self.rng.choice(ph.PRESCRIPTIONS[authority.value])
        repo.stage(
            e.Measure,
            case_id=cf.id,
            authority=authority,
            kind=kind,
            docket_number=f"{self.rng.randint(100, 4999)}/{issued.year} {suffix}".strip(),
            issued_on=issued,
            prescriptions=f"{court}, decreto del {issued:%d/%m/%Y}. {text}",
            next_report_due=due,
        )
        self.counts["measures"] += 1

    def activations(
        self, repo: Repository, cf: _CaseFile
    ) -> list[tuple[uuid.UUID, Service, dt.date]]:
        """The service line of the case; tutela often activates ADM or incontri facilitati."""
        services = [(cf.service, cf.opened_on)]
        if cf.service is Service.TUTELA and self.chance(0.4):
            extra = self.pick({Service.ADM: 60.0, Service.FACILITATED_MEETINGS: 40.0})
            services.append((extra, self.between(cf.opened_on, cf.active_until)))
        out = []
        for service, start in services:
            plan = PLANS[service]
            start_on = min(cf.active_until, start + self.days(0, 21))
            activation_id = repo.stage(
                e.ServiceActivation,
                case_id=cf.id,
                service=service,
                start_on=start_on,
                end_on=cf.closed_on,
                authorised_hours=float(self.rng.randint(*plan.hours)),
                hours_period=plan.period,
                operator_id=cf.lead,
            )
            self.counts["activations"] += 1
            out.append((activation_id, service, start_on))
        return out

    def goals(self, repo: Repository, cf: _CaseFile, has_adm: bool) -> None:
        # Home educational support (ADM) always works on a PEI, whatever the case's service.
        plan = PlanKind.PEI if has_adm else PLANS[cf.service].plan
        recent = cf.opened_on >= self.today - dt.timedelta(days=90)
        if has_adm and recent and cf.status is CaseStatus.OPEN and self.chance(0.3):
            return  # the PEI is not written yet: the rules flag it after 60 days
        pool = ph.GOALS[plan.value]
        for title, description, indicators in self.rng.sample(pool, self.rng.randint(1, 3)):
            if cf.closed_on is not None:
                status = self.pick(GOALS_CLOSED)
                review = self.between(cf.opened_on, cf.closed_on)
            else:
                status = self.pick(GOALS_OPEN)
                if status is GoalStatus.ACTIVE:
                    review = self.today + self.days(-20, 150)
                else:
                    review = self.between(cf.opened_on, self.today)
            repo.stage(
                e.Goal,
                case_id=cf.id,
                plan=plan,
                title=title,
                description=description,
                indicators=indicators,
                status=status,
                review_on=review,
            )
            self.counts["goals"] += 1

    def manual_deadlines(self, repo: Repository, cf: _CaseFile) -> None:
        for title in self.rng.sample(ph.MANUAL_DEADLINES, self.rng.randint(1, 2)):
            due = self.today + self.days(-10, 60)
            done = due - self.days(0, 3) if due < self.today and self.chance(0.5) else None
            repo.stage(
                e.Deadline,
                case_id=cf.id,
                kind=DeadlineKind.MANUAL,
                title=title,
                due_on=due,
                done_on=done,
            )
            self.counts["deadlines"] += 1

    def foster_home(self, repo: Repository, cf: _CaseFile) -> None:
        """The family of an affido case (relatives, or one of the register), and the carer as a
        member of the case."""
        cf.intra = self.chance(0.25)
        if cf.intra:
            relatives = (self.first_name(self.chance(0.5)), str(self.fake.last_name()))
            cf.family = self.foster_family(repo, cf.ambito, relatives)
        else:
            hosting = [f for f in self.families if f.hosting] or self.families
            near = [f for f in hosting if f.ambito == cf.ambito]
            cf.family = self.rng.choice(near or hosting)
        carer = self.person(repo, *cf.family.carer, self.chance(0.5), phone=self.phone())
        cf.members.append((carer, MemberRole.FOSTER_CARER))

    def placement(self, repo: Repository, cf: _CaseFile, authority: Authority | None) -> None:
        """The abbinamento of an affido case."""
        assert cf.minor is not None and cf.family is not None
        intra = cf.intra
        start = min(self.today, cf.opened_on + self.days(0, 60))
        last_review = None
        if cf.closed_on is None and (self.today - start).days > 200:
            last_review = max(start, self.days_ago(0, 7 * 30))
        judicial = authority is Authority.JUVENILE_COURT
        planned_end = add_months(start, 24)
        while cf.closed_on is None and planned_end < self.today - dt.timedelta(days=30):
            planned_end = add_months(planned_end, 12)  # the court extended the affido
        repo.stage(
            e.Placement,
            case_id=cf.id,
            minor_id=cf.minor.id,
            family_id=cf.family.id,
            legal_basis=LegalBasis.JUDICIAL if judicial else LegalBasis.CONSENSUAL,
            kind=PlacementKind.INTRA if intra else PlacementKind.HETERO,
            schedule=self.pick(SCHEDULE),
            start_on=start,
            planned_end_on=planned_end,
            ended_on=cf.closed_on,
            last_review_on=last_review,
        )
        self.counts["placements"] += 1

    # ------------------------------------------------------------ the diary

    def visit_days(self, service: Service, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days at the service's rhythm, fewer in August and over Christmas."""
        every = PLANS[service].every_days
        jitter = max(1, every // 4)
        day = max(start, self.today - dt.timedelta(days=HISTORY_DAYS)) + self.days(0, every)
        out = []
        while day <= end:
            candidate = day
            if candidate.weekday() == 5:  # Saturday: only a few facilitated meetings
                if service is not Service.FACILITATED_MEETINGS or self.chance(0.8):
                    candidate -= dt.timedelta(days=1)
            elif candidate.weekday() == 6:
                candidate += dt.timedelta(days=1)
            skip = candidate in self.holidays
            skip = skip or (candidate.month == 8 and self.chance(0.6))
            skip = skip or ((candidate.month, candidate.day) >= (12, 24) and self.chance(0.7))
            if not skip and start <= candidate <= end:
                out.append(candidate)
            day += self.days(every - jitter, every + jitter)
        return out

    def times(self, kind: VisitKind, first_hour: int) -> tuple[dt.time, dt.time]:
        lo, hi = DURATIONS[kind]
        duration = self.rng.randrange(lo, hi + 1, 5 if kind is K.PHONE_CALL else 15)
        base = 9 * 60 if kind in OFFICE_KINDS else first_hour * 60
        start = base + self.rng.randrange(0, 4 * 60, 15)
        start = max(DAY_START, min(start, DAY_END - duration))
        start -= start % 5
        end = start + duration
        return dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)

    def visit(
        self,
        repo: Repository,
        cf: _CaseFile,
        activation_id: uuid.UUID,
        service: Service,
        day: dt.date,
    ) -> list[tuple[uuid.UUID, str]]:
        """One diary entry; returns the amendment to append to it once it is written."""
        assert cf.minor is not None and cf.lead is not None
        rng, minor = self.rng, cf.minor
        kind = self.pick(PLANS[service].kinds)
        start, end = self.times(kind, PLANS[service].first_hour)
        outcome = VisitOutcome.DONE
        if kind not in OFFICE_KINDS:
            missed = 2.0 if kind is K.FACILITATED_MEETING else 1.0
            outcome = self.pick(
                {
                    VisitOutcome.DONE: 88.0,
                    VisitOutcome.CANCELLED_BY_FAMILY: 6 * missed,
                    VisitOutcome.CANCELLED_BY_SERVICE: 3.0,
                    VisitOutcome.NO_SHOW: 3 * missed,
                }
            )
        done = outcome is VisitOutcome.DONE
        draft = (self.today - day).days <= 6 and self.chance(0.4)
        if done:
            notes = self.notes(kind, service, minor, start)
            if draft and self.chance(0.5):
                notes = notes.split(". ")[0].rstrip(".") + "."  # written in a hurry
        else:
            notes = minor.fill(rng.choice(ph.CANCELLED_NOTES[outcome.value]))
        in_person = done and kind not in OFFICE_KINDS
        share = 0.5 if service in (Service.TUTELA, Service.FACILITATED_MEETINGS) else 0.2
        closed_at = None
        if not draft:  # signed the same evening, or the next morning
            closed_at = dt.datetime.combine(day, end, LOCAL_TIME) + self.minutes(10, 120)
            if self.chance(0.3) and day < self.today:
                closed_at = dt.datetime.combine(day, dt.time(9), LOCAL_TIME)
                closed_at += dt.timedelta(days=1) + self.minutes(0, 9 * 60)
        place = ""
        if done or kind is K.FACILITATED_MEETING:
            place = rng.choice(ph.PLACES[kind])
            if kind is K.HOME_VISIT and service is Service.AFFIDO:
                place = ph.FOSTER_HOME
        visit_id = repo.stage(
            e.Visit,
            case_id=cf.id,
            activation_id=activation_id,
            operator_id=cf.lead,
            kind=kind,
            date=day,
            start_time=start,
            end_time=end,
            place=place,
            outcome=outcome,
            present_person_ids=self.present(kind, minor) if done else "[]",
            notes=notes,
            facts=self.maybe(in_person, share, ph.FACTS, minor, start),
            statements=self.maybe(in_person, share, ph.STATEMENTS, minor, start),
            evaluations=self.maybe(done, share, ph.EVALUATIONS, minor, start),
            observations=self.observations(kind) if done else "{}",
            next_steps=self.maybe(done, 0.5, ph.NEXT_STEPS, minor, start),
            status=VisitStatus.DRAFT if draft else VisitStatus.CLOSED,
            closed_at=closed_at,
        )
        self.counts["visits"] += 1
        if closed_at is not None and self.chance(0.02):
            return [(visit_id, rng.choice(ph.AMENDMENTS))]
        return []

    def maybe(
        self, done: bool, p: float, pool: tuple[str, ...], minor: _Minor, when: dt.time
    ) -> str:
        return minor.fill(self.rng.choice(pool), when) if done and self.chance(p) else ""

    def notes(self, kind: VisitKind, service: Service, minor: _Minor, start: dt.time) -> str:
        """One to four sentences: what is typical of the kind, then of the child's day."""
        rng = self.rng
        sentences = []
        if kind in ph.NOTES_BY_KIND:
            pool = ph.NOTES_BY_KIND[kind]
            sentences.append(rng.choice(pool))
        if kind not in OFFICE_KINDS:
            general: tuple[str, ...]
            if service is Service.CARE_LEAVERS:
                general = ph.NOTES_CARE_LEAVERS
            elif (self.today - minor.birth_date).days < 6 * 365:
                general = ph.NOTES_YOUNG
            else:
                general = ph.NOTES_GENERAL
            sentences += rng.sample(general, rng.randint(1, 3))
        return " ".join(minor.fill(s, start) for s in sentences)

    def present(self, kind: VisitKind, minor: _Minor) -> str:
        if kind in (*OFFICE_KINDS, K.SCHOOL):
            return "[]"
        people = [minor.id]
        if kind is K.FACILITATED_MEETING and minor.parents:
            people.append(self.rng.choice(minor.parents))
        elif kind in (K.HOME_VISIT, K.INTERVIEW):
            people += [p for p in minor.parents if self.chance(0.6)]
            people += [p for p in minor.siblings if self.chance(0.3)]
        return json.dumps(sorted(str(p) for p in people))

    def observations(self, kind: VisitKind) -> str:
        """The grid of the verbale di incontro facilitato; other kinds have none yet."""
        if kind is not K.FACILITATED_MEETING:
            return "{}"
        grid = {name: self.pick(IF_LEVELS) for name in IF_GRID}
        return json.dumps(grid, ensure_ascii=False, sort_keys=True)
