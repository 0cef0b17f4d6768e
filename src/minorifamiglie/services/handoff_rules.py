"""The rules between a record's fields that this profile's own services enforce on a write,
for the records of a hand-off file: import refuses a file whose records break one (it comes
from a tampered laptop, or was altered), and export refuses to write one, naming the record to
correct, rather than let the recipient be told the file was tampered with. Edits of either
field on two devices may merge out of order (each in order on its own), which is how a case
file of this profile can break one. Values as `storage.bounds.decoders` give them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from minorifamiglie.domain import validation
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services.attachments import clean_filename


def _case_fields(values: dict[str, Any]) -> None:
    validation.required(values["code"] or "", "code", "Codice")
    if values["opened_on"] is not None:
        validation.date_range(values["opened_on"], values["closed_on"], "closed_on")


def _visit_fields(values: dict[str, Any]) -> None:
    if values["start_time"] is not None and values["end_time"] is not None:
        validation.visit_times(values["start_time"], values["end_time"])  # as services.visits


def _activation_fields(values: dict[str, Any]) -> None:
    if values["start_on"] is not None:  # as services.activations
        validation.date_range(values["start_on"], values["end_on"], "end_on")


def _attachment_fields(values: dict[str, Any]) -> None:
    """services.attachments keeps a file name's last component, trimmed: a name it would
    change (a path, blanks around it) or refuse (empty, NUL) is not one it writes."""
    if clean_filename(values["filename"] or "") != values["filename"]:
        raise ValidationError("Nome del file non valido", "filename")


FIELD_RULES: dict[str, Callable[[dict[str, Any]], None]] = {
    "cases": _case_fields,
    "visits": _visit_fields,
    "service_activations": _activation_fields,
    "attachments": _attachment_fields,
}
