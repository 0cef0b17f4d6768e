"""What the user reads for the codes of synchronisation: outcomes, conflict kinds, the free-text
fields that can conflict, device states, and the language of a refusal's reason."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QObject

from minorifamiglie.domain.italian_format import fmt_date_time, fmt_time
from minorifamiglie.ui.labels import entity_label

if TYPE_CHECKING:
    from minorifamiglie.services.syncing import SyncReport


def outcome_label(outcome: str | None) -> str:
    """A sync run's outcome (services.syncing: ok | partial | interrupted | unreachable |
    failed)."""
    return {
        "ok": QCoreApplication.translate("SyncLabels", "Completed"),
        "partial": QCoreApplication.translate("SyncLabels", "Partial: some files refused"),
        "interrupted": QCoreApplication.translate(
            "SyncLabels", "Interrupted: the folder went away"
        ),
        "unreachable": QCoreApplication.translate(
            "SyncLabels", "Failed: the shared folder was not reachable"
        ),
        "failed": QCoreApplication.translate("SyncLabels", "Failed"),
    }.get(outcome or "", outcome or "")


def outcome_note(outcome: str | None) -> str:
    """A run that did not end well, in a word (for the status bar); nothing when it did."""
    return {
        "partial": QCoreApplication.translate("SyncLabels", "partial"),
        "interrupted": QCoreApplication.translate("SyncLabels", "interrupted"),
        "unreachable": QCoreApplication.translate("SyncLabels", "failed"),
        "failed": QCoreApplication.translate("SyncLabels", "failed"),
    }.get(outcome or "", "")


def conflict_kind_label(kind: str) -> str:
    return {
        "concurrent-edit": QCoreApplication.translate("SyncLabels", "Changed on two devices"),
        "delete-vs-edit": QCoreApplication.translate(
            "SyncLabels", "Deleted on one device, changed on another"
        ),
        "case-restored": QCoreApplication.translate(
            "SyncLabels", "Deleted on one device while written in on another: restored"
        ),
    }.get(kind, kind)


def device_status_label(status: str) -> str:
    return {
        "active": QCoreApplication.translate("SyncLabels", "Active"),
        "revoked": QCoreApplication.translate("SyncLabels", "Revoked"),
        "pending": QCoreApplication.translate("SyncLabels", "Waiting for admission"),
    }.get(status, status)


def _field_table() -> dict[tuple[str, str], str]:
    """The free-text fields of sync.merge.FREE_TEXT_FIELDS, the only ones that conflict."""
    return {
        ("cases", "title"): QCoreApplication.translate("SyncLabels", "Title of the case file"),
        ("cases", "summary"): QCoreApplication.translate("SyncLabels", "Summary of the case file"),
        ("persons", "notes"): QCoreApplication.translate("SyncLabels", "Notes on the person"),
        ("case_members", "notes"): QCoreApplication.translate(
            "SyncLabels", "Notes on the person in the case"
        ),
        ("measures", "prescriptions"): QCoreApplication.translate(
            "SyncLabels", "Prescriptions of the court measure"
        ),
        ("goals", "title"): QCoreApplication.translate("SyncLabels", "Title of the goal"),
        ("goals", "description"): QCoreApplication.translate(
            "SyncLabels", "Description of the goal"
        ),
        ("goals", "indicators"): QCoreApplication.translate("SyncLabels", "Indicators of the goal"),
        ("deadlines", "title"): QCoreApplication.translate(
            "SyncLabels", "Description of the deadline"
        ),
        ("foster_families", "members"): QCoreApplication.translate(
            "SyncLabels", "Members of the foster family"
        ),
        ("foster_families", "notes"): QCoreApplication.translate(
            "SyncLabels", "Notes on the foster family"
        ),
        ("visits", "notes"): QCoreApplication.translate("SyncLabels", "Description of the visit"),
        ("visits", "facts"): QCoreApplication.translate(
            "SyncLabels", "Verified facts of the visit"
        ),
        ("visits", "statements"): QCoreApplication.translate(
            "SyncLabels", "Statements collected at the visit"
        ),
        ("visits", "evaluations"): QCoreApplication.translate(
            "SyncLabels", "Professional evaluations of the visit"
        ),
        ("visits", "next_steps"): QCoreApplication.translate(
            "SyncLabels", "Agreements and next steps of the visit"
        ),
        ("visit_amendments", "text"): QCoreApplication.translate(
            "SyncLabels", "Text of the amendment"
        ),
    }


def field_label(entity: str, field: str | None) -> str:
    """What a conflict is about: "Summary of the case file"; the record alone for a deletion."""
    if field is None:
        return entity_label(entity)
    known = _field_table().get((entity, field))
    return known if known is not None else f"{entity_label(entity)}: {field}"


def _common_fields() -> dict[str, str]:
    """Other fields an edit may carry, by name (whatever the record)."""
    return {
        "title": QCoreApplication.translate("SyncLabels", "Title"),
        "notes": QCoreApplication.translate("SyncLabels", "Notes"),
        "status": QCoreApplication.translate("SyncLabels", "Status"),
        "due_on": QCoreApplication.translate("SyncLabels", "Due on"),
        "done_on": QCoreApplication.translate("SyncLabels", "Done on"),
        "date": QCoreApplication.translate("SyncLabels", "Date"),
        "start": QCoreApplication.translate("SyncLabels", "Start"),
        "end": QCoreApplication.translate("SyncLabels", "End"),
        "place": QCoreApplication.translate("SyncLabels", "Place"),
        "kind": QCoreApplication.translate("SyncLabels", "Kind"),
        "first_name": QCoreApplication.translate("SyncLabels", "First name"),
        "last_name": QCoreApplication.translate("SyncLabels", "Last name"),
        "birth_date": QCoreApplication.translate("SyncLabels", "Date of birth"),
        "tax_code": QCoreApplication.translate("SyncLabels", "Codice fiscale"),
        "sex": QCoreApplication.translate("SyncLabels", "Sex"),
        "birthplace": QCoreApplication.translate("SyncLabels", "Place of birth"),
        "citizenship": QCoreApplication.translate("SyncLabels", "Citizenship"),
        "msna": QCoreApplication.translate("SyncLabels", "Unaccompanied foreign minor"),
        "phone": QCoreApplication.translate("SyncLabels", "Phone"),
        "address": QCoreApplication.translate("SyncLabels", "Address"),
        "role": QCoreApplication.translate("SyncLabels", "Role"),
    }


def edited_field_label(entity: str, field: str) -> str:
    """A field of an edit shown beside a deletion: its own words, or its code if unknown."""
    known = _field_table().get((entity, field))
    return known if known is not None else _common_fields().get(field, field)


def refusal_language() -> str:
    """The language of Refusal.message(): Italian unless the application speaks English."""
    return "en" if QLocale().language() == QLocale.Language.English else "it"


def fmt_moment(moment: dt.datetime | None, today: dt.date | None = None) -> str:
    """A time in the local zone: "today at 10:42" or "09/12/2025 18:05"."""
    if moment is None:
        return ""
    local = moment.astimezone()
    if local.date() == (today or dt.date.today()):
        return QCoreApplication.translate("SyncLabels", "today at %1").replace(
            "%1", fmt_time(local)
        )
    return fmt_date_time(local)


class SyncNotices(QObject):
    """The notices with a count (a QObject so that lupdate keeps their plural forms)."""

    def held(self, count: int) -> str:
        return self.tr(
            "%n changes received carry a date in the future: they will be applied when the "
            "clock reaches it.",
            "",
            count,
        )

    def released(self, count: int) -> str:
        return self.tr(
            "%n changes held for their date have been applied: the clock reached it.", "", count
        )

    def own_clock_ahead(self, count: int) -> str:
        return self.tr(
            "%n changes of this device carry a wrong date (the clock was ahead): the other "
            "devices will apply them only when their clocks reach that date; later changes to "
            "the same data still count.",
            "",
            count,
        )

    def restored(self, count: int) -> str:
        return self.tr(
            "%n files of this device were missing or damaged in the shared folder: put back as "
            "they were published (a damaged file is set aside beside it).",
            "",
            count,
        )

    def interrupted(self, cause: str) -> str:
        """Why a sync stopped half-way, when the share said (services.syncing.Interrupted)."""
        return {
            "full": self.tr(
                "The shared folder is full: free some space on it. What was done is saved, the "
                "rest comes with the next synchronisation."
            ),
            "read_only": self.tr(
                "The shared folder is read-only: it must be made writable. What was done is "
                "saved, the rest comes with the next synchronisation."
            ),
            "denied": self.tr(
                "The shared folder cannot be read or written (permissions): it must be made "
                "readable and writable. What was done is saved, the rest comes with the next "
                "synchronisation."
            ),
        }.get(cause, "")


def held_notice(held: int) -> str:
    """Operations received dated ahead of this clock, held until it reaches their date."""
    return SyncNotices().held(held)


def sync_notices(report: SyncReport, with_held: bool = True) -> list[str]:
    """What a finished sync (services.syncing.SyncReport) has to tell beyond its counts: why
    it stopped half-way when the share said (full, read-only), operations received dated ahead
    of this clock and held, held ones applied now, this device's own operations written
    while its clock was ahead, and its files put back on the share. Nothing when all is
    plain."""
    notices = SyncNotices()
    lines: list[str] = []
    why = notices.interrupted(report.interrupted_by)
    if why:
        lines.append(why)
    if report.held and with_held:
        lines.append(notices.held(report.held))
    if report.released:
        lines.append(notices.released(report.released))
    if report.own_clock_ahead:
        lines.append(notices.own_clock_ahead(report.own_clock_ahead))
    if report.restored:
        lines.append(notices.restored(report.restored))
    return lines
