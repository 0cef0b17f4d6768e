"""What the user reads for each code of the domain, through Qt's translation system
(English source, Italian in resources/translations)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from minorifamiglie.domain import enums as en


def _table() -> dict[StrEnum, str]:
    return {
        en.Role.EDUCATOR: QCoreApplication.translate("Labels", "Educator"),
        en.Role.SOCIAL_WORKER: QCoreApplication.translate("Labels", "Social worker"),
        en.Role.COORDINATOR: QCoreApplication.translate("Labels", "Coordinator"),
        en.Role.PSYCHOLOGIST: QCoreApplication.translate("Labels", "Psychologist"),
        en.Service.TUTELA: QCoreApplication.translate("Labels", "Child protection"),
        en.Service.AFFIDO: QCoreApplication.translate("Labels", "Foster care"),
        en.Service.ADM: QCoreApplication.translate("Labels", "Home educational support"),
        en.Service.TUTORING: QCoreApplication.translate("Labels", "Tutoring"),
        en.Service.FACILITATED_MEETINGS: QCoreApplication.translate(
            "Labels", "Facilitated meetings"
        ),
        en.Service.CARE_LEAVERS: QCoreApplication.translate("Labels", "Care leavers"),
        en.Service.FRAGILE_FAMILIES: QCoreApplication.translate("Labels", "Vulnerable families"),
        en.CaseStatus.OPEN: QCoreApplication.translate("Labels", "Open"),
        en.CaseStatus.SUSPENDED: QCoreApplication.translate("Labels", "Suspended"),
        en.CaseStatus.CLOSED: QCoreApplication.translate("Labels", "Closed"),
        en.ReferralSource.COURT: QCoreApplication.translate("Labels", "Judicial authority"),
        en.ReferralSource.SCHOOL: QCoreApplication.translate("Labels", "School"),
        en.ReferralSource.HEALTH: QCoreApplication.translate("Labels", "Health services"),
        en.ReferralSource.POLICE: QCoreApplication.translate("Labels", "Police"),
        en.ReferralSource.FAMILY: QCoreApplication.translate("Labels", "Family (self-referral)"),
        en.ReferralSource.SOCIAL_SERVICES: QCoreApplication.translate("Labels", "Social services"),
        en.ReferralSource.OTHER: QCoreApplication.translate("Labels", "Other"),
        en.Sex.FEMALE: QCoreApplication.translate("Labels", "Female"),
        en.Sex.MALE: QCoreApplication.translate("Labels", "Male"),
        en.MemberRole.MINOR: QCoreApplication.translate("Labels", "Child in care"),
        en.MemberRole.MOTHER: QCoreApplication.translate("Labels", "Mother"),
        en.MemberRole.FATHER: QCoreApplication.translate("Labels", "Father"),
        en.MemberRole.GUARDIAN: QCoreApplication.translate("Labels", "Guardian"),
        en.MemberRole.SPECIAL_CURATOR: QCoreApplication.translate("Labels", "Special curator"),
        en.MemberRole.FOSTER_CARER: QCoreApplication.translate("Labels", "Foster carer"),
        en.MemberRole.SIBLING: QCoreApplication.translate("Labels", "Brother/sister"),
        en.MemberRole.OTHER: QCoreApplication.translate("Labels", "Other"),
        en.Authority.JUVENILE_COURT: QCoreApplication.translate("Labels", "Juvenile court"),
        en.Authority.ORDINARY_COURT: QCoreApplication.translate("Labels", "Ordinary court"),
        en.Authority.TUTELARY_JUDGE: QCoreApplication.translate("Labels", "Tutelary judge"),
        en.Authority.CONSENSUAL: QCoreApplication.translate("Labels", "Consensual"),
        en.MeasureKind.ENTRUSTMENT: QCoreApplication.translate(
            "Labels", "Entrustment to social services"
        ),
        en.MeasureKind.LIMITATION: QCoreApplication.translate(
            "Labels", "Limitation of parental responsibility (art. 333)"
        ),
        en.MeasureKind.FORFEITURE: QCoreApplication.translate(
            "Labels", "Forfeiture of parental responsibility (art. 330)"
        ),
        en.MeasureKind.COMMUNITY_PLACEMENT: QCoreApplication.translate(
            "Labels", "Placement in a community"
        ),
        en.MeasureKind.FOSTER_PLACEMENT: QCoreApplication.translate(
            "Labels", "Placement in foster care"
        ),
        en.MeasureKind.MEETINGS: QCoreApplication.translate("Labels", "Rules for meetings"),
        en.MeasureKind.EMERGENCY_403: QCoreApplication.translate(
            "Labels", "Emergency measure (art. 403)"
        ),
        en.MeasureKind.PROSIEGUO: QCoreApplication.translate("Labels", "Extended support after 18"),
        en.MeasureKind.OTHER: QCoreApplication.translate("Labels", "Other"),
        en.HoursPeriod.WEEK: QCoreApplication.translate("Labels", "per week"),
        en.HoursPeriod.MONTH: QCoreApplication.translate("Labels", "per month"),
        en.VisitKind.HOME_VISIT: QCoreApplication.translate("Labels", "Home visit"),
        en.VisitKind.FACILITATED_MEETING: QCoreApplication.translate(
            "Labels", "Facilitated meeting"
        ),
        en.VisitKind.INTERVIEW: QCoreApplication.translate("Labels", "Interview"),
        en.VisitKind.ACCOMPANIMENT: QCoreApplication.translate("Labels", "Accompaniment"),
        en.VisitKind.SCHOOL: QCoreApplication.translate("Labels", "School"),
        en.VisitKind.PHONE_CALL: QCoreApplication.translate("Labels", "Phone call"),
        en.VisitKind.TEAM_MEETING: QCoreApplication.translate("Labels", "Team meeting"),
        en.VisitKind.REPORT_WRITING: QCoreApplication.translate("Labels", "Report writing"),
        en.VisitOutcome.DONE: QCoreApplication.translate("Labels", "Held"),
        en.VisitOutcome.CANCELLED_BY_FAMILY: QCoreApplication.translate(
            "Labels", "Cancelled by the family"
        ),
        en.VisitOutcome.CANCELLED_BY_SERVICE: QCoreApplication.translate(
            "Labels", "Cancelled by the service"
        ),
        en.VisitOutcome.NO_SHOW: QCoreApplication.translate("Labels", "Unannounced absence"),
        en.VisitStatus.DRAFT: QCoreApplication.translate("Labels", "Draft"),
        en.VisitStatus.CLOSED: QCoreApplication.translate("Labels", "Closed and signed"),
        en.GoalStatus.ACTIVE: QCoreApplication.translate("Labels", "In progress"),
        en.GoalStatus.ACHIEVED: QCoreApplication.translate("Labels", "Achieved"),
        en.GoalStatus.PARTIAL: QCoreApplication.translate("Labels", "Partly achieved"),
        en.GoalStatus.NOT_ACHIEVED: QCoreApplication.translate("Labels", "Not achieved"),
        en.GoalStatus.DROPPED: QCoreApplication.translate("Labels", "Suspended", "goal"),
        en.PlanKind.PEI: QCoreApplication.translate("Labels", "Individual educational plan"),
        en.PlanKind.FRAMEWORK: QCoreApplication.translate("Labels", "Overall plan"),
        en.DeadlineKind.COURT_REPORT: QCoreApplication.translate("Labels", "Report to the court"),
        en.DeadlineKind.PLAN_REVIEW: QCoreApplication.translate("Labels", "Plan review"),
        en.DeadlineKind.FOSTER_REVIEW: QCoreApplication.translate(
            "Labels", "Six-monthly foster care review"
        ),
        en.DeadlineKind.PLACEMENT_END: QCoreApplication.translate(
            "Labels", "Planned end of foster care"
        ),
        en.DeadlineKind.MISSING_PEI: QCoreApplication.translate(
            "Labels", "Educational plan not yet written"
        ),
        en.DeadlineKind.MANUAL: QCoreApplication.translate("Labels", "Deadline"),
        en.DeadlineKind.AGE_21: QCoreApplication.translate(
            "Labels", "Turning 21: end of the prosieguo amministrativo"
        ),
        # Why a case was closed, how a measure ended (revision 0007); the codes they share
        # with other enums are in _same_code.
        en.CaseClosure.GOALS_MET: QCoreApplication.translate("Labels", "Goals achieved"),
        en.CaseClosure.COURT_CLOSED: QCoreApplication.translate("Labels", "Proceedings dismissed"),
        en.CaseClosure.TRANSFERRED: QCoreApplication.translate(
            "Labels", "Passed to another service"
        ),
        en.CaseClosure.MOVED_AWAY: QCoreApplication.translate("Labels", "Moved out of the Ambito"),
        en.CaseClosure.WITHDRAWN: QCoreApplication.translate(
            "Labels", "The family declined or withdrew"
        ),
        en.MeasureEnd.EXPIRED: QCoreApplication.translate("Labels", "Expired or spent"),
        en.MeasureEnd.REVOKED: QCoreApplication.translate("Labels", "Revoked"),
        en.MeasureEnd.REPLACED: QCoreApplication.translate("Labels", "Replaced by a new measure"),
        en.DeadlineKind.COMMUNITY_REVIEW: QCoreApplication.translate(
            "Labels", "Six-monthly report on the child in a community"
        ),
        en.DeadlineKind.GOAL_ACTION: QCoreApplication.translate(
            "Labels", "Action of the educational plan"
        ),
        en.FosterFamilyStatus.IN_TRAINING: QCoreApplication.translate("Labels", "In training"),
        en.FosterFamilyStatus.ASSESSING: QCoreApplication.translate("Labels", "Being assessed"),
        en.FosterFamilyStatus.SUITABLE: QCoreApplication.translate("Labels", "Suitable"),
        en.FosterFamilyStatus.ENGAGED: QCoreApplication.translate("Labels", "Fostering"),
        en.FosterFamilyStatus.SUSPENDED: QCoreApplication.translate("Labels", "Suspended"),
        en.FosterFamilyStatus.WITHDRAWN: QCoreApplication.translate("Labels", "Withdrawn"),
        en.Availability.RESIDENTIAL: QCoreApplication.translate("Labels", "Full-time"),
        en.Availability.PART_TIME: QCoreApplication.translate("Labels", "Part-time"),
        en.Availability.DAYTIME: QCoreApplication.translate("Labels", "Daytime"),
        en.Availability.EMERGENCY: QCoreApplication.translate("Labels", "Emergency placement"),
        en.LegalBasis.CONSENSUAL: QCoreApplication.translate("Labels", "Consensual"),
        en.LegalBasis.JUDICIAL: QCoreApplication.translate("Labels", "Judicial"),
        en.PlacementKind.HETERO: QCoreApplication.translate("Labels", "With a non-related family"),
        en.PlacementKind.INTRA: QCoreApplication.translate("Labels", "With relatives"),
        en.CommunityKind.EDUCATIONAL: QCoreApplication.translate("Labels", "Educational community"),
        en.CommunityKind.FAMILY: QCoreApplication.translate("Labels", "Family-type community"),
        en.CommunityKind.MOTHER_CHILD: QCoreApplication.translate(
            "Labels", "Mother and child community"
        ),
        en.CommunityKind.AUTONOMY: QCoreApplication.translate(
            "Labels", "Housing towards independence"
        ),
        en.CommunityKind.EMERGENCY: QCoreApplication.translate("Labels", "Emergency shelter"),
        en.PlacementEnd.RETURNED_HOME: QCoreApplication.translate(
            "Labels", "Return to the birth family"
        ),
        en.PlacementEnd.ADOPTION: QCoreApplication.translate("Labels", "Adoption"),
        en.PlacementEnd.OTHER_FAMILY: QCoreApplication.translate(
            "Labels", "Moved to another foster family"
        ),
        en.PlacementEnd.COMMUNITY: QCoreApplication.translate("Labels", "Moved to a community"),
        en.PlacementEnd.INTERRUPTED: QCoreApplication.translate("Labels", "Ended early"),
    }


def _same_code() -> dict[tuple[type[StrEnum], str], str]:
    """Members of different enums that share a code are one key of `_table()` (StrEnum members
    compare as their strings: CaseStatus.CLOSED == VisitStatus.CLOSED == "chiusa"), so the
    later label wins; those whose wording differs are told apart here by their type."""
    return {
        (en.CaseStatus, en.CaseStatus.CLOSED.value): QCoreApplication.translate("Labels", "Closed"),
        (en.PlacementEnd, en.PlacementEnd.AUTONOMY.value): QCoreApplication.translate(
            "Labels", "Reached independence"
        ),
        (en.PlacementEnd, en.PlacementEnd.OTHER.value): QCoreApplication.translate(
            "Labels", "Other reason"
        ),
        # "maggiore-eta", "adozione" and "altro" are codes of several enums (revision 0007).
        (en.DeadlineKind, en.DeadlineKind.COMING_OF_AGE.value): QCoreApplication.translate(
            "Labels", "Turning 18: request for the prosieguo amministrativo to the court"
        ),
        (en.CaseClosure, en.CaseClosure.CAME_OF_AGE.value): QCoreApplication.translate(
            "Labels", "Came of age or end of the prosieguo amministrativo"
        ),
        (en.MeasureEnd, en.MeasureEnd.CAME_OF_AGE.value): QCoreApplication.translate(
            "Labels", "Ended at the coming of age"
        ),
        (en.CaseClosure, en.CaseClosure.ADOPTED.value): QCoreApplication.translate(
            "Labels", "Adoption"
        ),
        (en.CaseClosure, en.CaseClosure.OTHER.value): QCoreApplication.translate(
            "Labels", "Other reason"
        ),
    }


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


def entity_label(entity: str) -> str:
    """What a table name means to the reader ("measures" → "Court measure"): the case file's
    history and the conflicts of synchronisation say it alike."""
    return {
        "cases": QCoreApplication.translate("HistoryTableModel", "Case file"),
        "case_operators": QCoreApplication.translate("HistoryTableModel", "Assigned operator"),
        "persons": QCoreApplication.translate("HistoryTableModel", "Person"),
        "case_members": QCoreApplication.translate("HistoryTableModel", "Person in the case"),
        "measures": QCoreApplication.translate("HistoryTableModel", "Court measure"),
        "service_activations": QCoreApplication.translate("HistoryTableModel", "Service"),
        "visits": QCoreApplication.translate("HistoryTableModel", "Visit"),
        "visit_amendments": QCoreApplication.translate("HistoryTableModel", "Amendment"),
        "goals": QCoreApplication.translate("HistoryTableModel", "Goal"),
        "deadlines": QCoreApplication.translate("HistoryTableModel", "Deadline"),
        "foster_families": QCoreApplication.translate("HistoryTableModel", "Foster family"),
        "placements": QCoreApplication.translate("HistoryTableModel", "Foster placement"),
        "attachments": QCoreApplication.translate("HistoryTableModel", "Attachment"),
        "conflicts": QCoreApplication.translate("HistoryTableModel", "Conflict"),
        "handoff": QCoreApplication.translate("HistoryTableModel", "Hand-over file"),
        "paper_sheets": QCoreApplication.translate("HistoryTableModel", "Paper sheet"),
        "": "",
    }.get(entity, QCoreApplication.translate("HistoryTableModel", "Other record"))
