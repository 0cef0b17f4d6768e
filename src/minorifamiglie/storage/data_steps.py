"""Data steps a schema revision leaves to the application: rewrites of synchronised rows, which
must be logged as operations (so `check` agrees with the rows and teammates receive them), as a
migration's plain SQL would not. The migration marks its step pending in `local_state`, in the
migration's transaction; the profile runs it at the next opening through the ORM and clears the
mark in the same transaction as its writes, so a failure in between only delays it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import tax_code as cf
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.storage import audit
from minorifamiglie.storage.models import LocalStateRow, PersonRow

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

CANONICAL_TAX_CODES = "pending_canonical_tax_codes"  # revision 0006


def pending(opened: OpenProfile) -> list[str]:
    """The steps marked pending (a read: no write lock)."""
    with opened.read_session() as session:
        keys = session.execute(
            select(LocalStateRow.key).where(LocalStateRow.key == CANONICAL_TAX_CODES)
        ).scalars()
        return list(keys)


def run_pending(opened: OpenProfile) -> int:
    """Run the steps marked pending; how many records they changed."""
    if CANONICAL_TAX_CODES not in pending(opened):
        return 0
    with opened.session() as session:
        changed = canonicalise_tax_codes(session)
        session.execute(delete(LocalStateRow).where(LocalStateRow.key == CANONICAL_TAX_CODES))
    return changed


def canonicalise_tax_codes(session: Session) -> int:
    """Every live person's codice fiscale in its canonical form (upper case, no spaces or
    punctuation) when that form is a valid code; any other value is kept as typed, for a person
    to verify (no data is lost). Each change is an operation of this device and an audit
    event naming the field, never the value."""
    rows = session.execute(
        select(PersonRow).where(PersonRow.deleted_at.is_(None), PersonRow.tax_code.is_not(None))
    ).scalars()
    changed = 0
    for row in rows:
        stored = row.tax_code or ""
        code = cf.canonical(stored)
        if code == stored or cf.problem(code) is not None:
            continue
        row.tax_code = code
        changed += 1
        audit.append(session, AuditAction.UPDATE, "persons", row.id, None, {"fields": ["tax_code"]})
    session.flush()
    return changed
