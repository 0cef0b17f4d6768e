"""Paper sheets: what the QR code of a blank sheet carries, and how a sheet's status may move.

The code holds the sheet's id and nothing else (no name, no case code): a lost sheet's QR code
tells a stranger nothing. A sheet goes from printed to transcribed or destroyed, and a
transcribed sheet to destroyed; nothing goes back to printed."""

from __future__ import annotations

import uuid

from minorifamiglie.domain.enums import SheetStatus
from minorifamiglie.domain.errors import ValidationError

CODE_PREFIX = "MF-SCHEDA:"

NEXT: dict[SheetStatus, frozenset[SheetStatus]] = {
    SheetStatus.PRINTED: frozenset({SheetStatus.TRANSCRIBED, SheetStatus.DESTROYED}),
    SheetStatus.TRANSCRIBED: frozenset({SheetStatus.DESTROYED}),
    SheetStatus.DESTROYED: frozenset(),
}


def sheet_code(sheet_id: uuid.UUID) -> str:
    """The text of the QR code: "MF-SCHEDA:<uuid>"."""
    return f"{CODE_PREFIX}{sheet_id}"


def parse_sheet_code(text: str) -> uuid.UUID:
    """A sheet id from the QR code's text, or from the id alone as printed under it."""
    raw = text.strip()
    if raw.upper().startswith(CODE_PREFIX):
        raw = raw[len(CODE_PREFIX) :]
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ValidationError("Codice della scheda non valido", "sheet") from None


def check_transition(current: SheetStatus, new: SheetStatus) -> None:
    if new not in NEXT[current]:
        raise ValidationError(
            f"Una scheda {current.label().lower()} non può diventare {new.label().lower()}",
            "status",
        )
