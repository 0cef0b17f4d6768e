"""What the user reads for each code of the domain, through Qt's translation system
(English source, Italian in resources/translations)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from minorifamiglie.domain import enums as en


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def _table() -> dict[StrEnum, str]:
    return {
        en.Role.EDUCATOR: _t("Educator"),
        en.Role.SOCIAL_WORKER: _t("Social worker"),
        en.Role.COORDINATOR: _t("Coordinator"),
        en.Role.PSYCHOLOGIST: _t("Psychologist"),
        en.Service.TUTELA: _t("Child protection"),
        en.Service.AFFIDO: _t("Foster care"),
        en.Service.ADM: _t("Home educational support"),
        en.Service.TUTORING: _t("Tutoring"),
        en.Service.FACILITATED_MEETINGS: _t("Facilitated meetings"),
        en.Service.CARE_LEAVERS: _t("Care leavers"),
        en.Service.FRAGILE_FAMILIES: _t("Vulnerable families"),
        en.CaseStatus.OPEN: _t("Open"),
        en.CaseStatus.SUSPENDED: _t("Suspended"),
        en.CaseStatus.CLOSED: _t("Closed"),
        en.ReferralSource.COURT: _t("Judicial authority"),
        en.ReferralSource.SCHOOL: _t("School"),
        en.ReferralSource.HEALTH: _t("Health services"),
        en.ReferralSource.POLICE: _t("Police"),
        en.ReferralSource.FAMILY: _t("Family (self-referral)"),
        en.ReferralSource.SOCIAL_SERVICES: _t("Social services"),
        en.ReferralSource.OTHER: _t("Other"),
        en.MemberRole.MINOR: _t("Child in care"),
        en.MemberRole.MOTHER: _t("Mother"),
        en.MemberRole.FATHER: _t("Father"),
        en.MemberRole.GUARDIAN: _t("Guardian"),
        en.MemberRole.SPECIAL_CURATOR: _t("Special curator"),
        en.MemberRole.FOSTER_CARER: _t("Foster carer"),
        en.MemberRole.SIBLING: _t("Brother/sister"),
        en.MemberRole.OTHER: _t("Other"),
        en.Authority.JUVENILE_COURT: _t("Juvenile court"),
        en.Authority.ORDINARY_COURT: _t("Ordinary court"),
        en.Authority.TUTELARY_JUDGE: _t("Tutelary judge"),
        en.Authority.CONSENSUAL: _t("Consensual"),
        en.MeasureKind.ENTRUSTMENT: _t("Entrustment to social services"),
        en.MeasureKind.LIMITATION: _t("Limitation of parental responsibility (art. 333)"),
        en.MeasureKind.FORFEITURE: _t("Forfeiture of parental responsibility (art. 330)"),
        en.MeasureKind.COMMUNITY_PLACEMENT: _t("Placement in a community"),
        en.MeasureKind.FOSTER_PLACEMENT: _t("Placement in foster care"),
        en.MeasureKind.MEETINGS: _t("Rules for meetings"),
        en.MeasureKind.EMERGENCY_403: _t("Emergency measure (art. 403)"),
        en.MeasureKind.PROSIEGUO: _t("Extended support after 18"),
        en.MeasureKind.OTHER: _t("Other"),
        en.HoursPeriod.WEEK: _t("per week"),
        en.HoursPeriod.MONTH: _t("per month"),
        en.VisitKind.HOME_VISIT: _t("Home visit"),
        en.VisitKind.FACILITATED_MEETING: _t("Facilitated meeting"),
        en.VisitKind.INTERVIEW: _t("Interview"),
        en.VisitKind.ACCOMPANIMENT: _t("Accompaniment"),
        en.VisitKind.SCHOOL: _t("School"),
        en.VisitKind.PHONE_CALL: _t("Phone call"),
        en.VisitKind.TEAM_MEETING: _t("Team meeting"),
        en.VisitKind.REPORT_WRITING: _t("Report writing"),
        en.VisitOutcome.DONE: _t("Held"),
        en.VisitOutcome.CANCELLED_BY_FAMILY: _t("Cancelled by the family"),
        en.VisitOutcome.CANCELLED_BY_SERVICE: _t("Cancelled by the service"),
        en.VisitOutcome.NO_SHOW: _t("Unannounced absence"),
        en.VisitStatus.DRAFT: _t("Draft"),
        en.VisitStatus.CLOSED: _t("Closed and signed"),
        en.GoalStatus.ACTIVE: _t("In progress"),
        en.GoalStatus.ACHIEVED: _t("Achieved"),
        en.GoalStatus.PARTIAL: _t("Partly achieved"),
        en.GoalStatus.NOT_ACHIEVED: _t("Not achieved"),
        en.GoalStatus.DROPPED: _t("Suspended"),
        en.PlanKind.PEI: _t("Individual educational plan"),
        en.PlanKind.FRAMEWORK: _t("Overall plan"),
        en.DeadlineKind.COURT_REPORT: _t("Report to the court"),
        en.DeadlineKind.PLAN_REVIEW: _t("Plan review"),
        en.DeadlineKind.FOSTER_REVIEW: _t("Six-monthly foster care review"),
        en.DeadlineKind.PLACEMENT_END: _t("Planned end of foster care"),
        en.DeadlineKind.MISSING_PEI: _t("Educational plan not yet written"),
        en.DeadlineKind.MANUAL: _t("Deadline"),
        en.FosterFamilyStatus.IN_TRAINING: _t("In training"),
        en.FosterFamilyStatus.ASSESSING: _t("Being assessed"),
        en.FosterFamilyStatus.SUITABLE: _t("Suitable"),
        en.FosterFamilyStatus.ENGAGED: _t("Fostering"),
        en.FosterFamilyStatus.SUSPENDED: _t("Suspended"),
        en.FosterFamilyStatus.WITHDRAWN: _t("Withdrawn"),
        en.Availability.RESIDENTIAL: _t("Full-time"),
        en.Availability.PART_TIME: _t("Part-time"),
        en.Availability.DAYTIME: _t("Daytime"),
        en.Availability.EMERGENCY: _t("Emergency placement"),
        en.LegalBasis.CONSENSUAL: _t("Consensual"),
        en.LegalBasis.JUDICIAL: _t("Judicial"),
        en.PlacementKind.HETERO: _t("With a non-related family"),
        en.PlacementKind.INTRA: _t("With relatives"),
    }


def _same_code() -> dict[tuple[type[StrEnum], str], str]:
    """Members of different enums that share a code are one key of `_table()` (StrEnum members
    compare as their strings: CaseStatus.CLOSED == VisitStatus.CLOSED == "chiusa"), so the
    later label wins; those whose wording differs are told apart here by their type."""
    return {(en.CaseStatus, en.CaseStatus.CLOSED.value): _t("Closed")}


_cache: tuple[dict[StrEnum, str], dict[tuple[type, str], str]] | None = None


def reset() -> None:
    """Forget the translated labels: call after installing another language."""
    global _cache  # noqa: PLW0603 - one table per language, built on first use
    _cache = None


def label(value: StrEnum) -> str:
    """The translated label of an enum member (falls back to its code)."""
    global _cache  # noqa: PLW0603
    if _cache is None:  # building the tables costs ~90 translations: once, not per cell
        _cache = (_table(), _same_code())
    table, same_code = _cache
    own = same_code.get((type(value), value.value))
    return own if own is not None else table.get(value, value.value)
