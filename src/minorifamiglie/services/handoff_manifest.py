"""The manifest of a hand-off file (docs/handoff-format.md), checked whole before any case file
is read: exactly the keys an export writes, each value of its shape and within bounds. A file
that decrypts can still come from a tampered laptop, so nothing in it travels unchecked or
unseen. Format and version are checked by the caller first (a later version may differ)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# What an export writes (services.handoff.export_bundle), since the first version.
MANIFEST_KEYS = frozenset(
    {"format", "version", "bundle_id", "created_at", "device_id", "case_ids", "counts", "files"}
)
_UUID = re.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SHA256 = re.compile("[0-9a-f]{64}")
MAX_CASES = 10_000  # a whole profile's worth of cases handed over at once is far below
MAX_COUNT = 10_000_000  # records of one table in one case
MAX_CREATED_AT = 40  # characters of an ISO 8601 timestamp with its offset


class ManifestRefused(ValueError):
    """What is wrong with the manifest, in Italian, never repeating its values."""


@dataclass(frozen=True, slots=True)
class Manifest:
    bundle_id: uuid.UUID
    case_ids: tuple[uuid.UUID, ...]
    counts: Mapping[str, Mapping[str, int]]  # per case id: records per table, none left out
    files: Mapping[str, str]  # entry name -> SHA-256 (hex)


def parse_manifest(doc: dict[str, Any], tables: frozenset[str]) -> Manifest:
    """The manifest's values, or ManifestRefused; `tables` are those a case file may hold."""
    if set(doc) != MANIFEST_KEYS:
        raise ManifestRefused("manifest con campi mancanti o sconosciuti")
    bundle_id = _uuid(doc["bundle_id"])
    _uuid(doc["device_id"])
    _created_at(doc["created_at"])
    raw_cases = doc["case_ids"]
    if not isinstance(raw_cases, list) or not 0 < len(raw_cases) <= MAX_CASES:
        raise ManifestRefused("manifest senza cartelle")
    case_ids = tuple(_uuid(c) for c in raw_cases)
    if len(set(case_ids)) != len(case_ids):
        raise ManifestRefused("una cartella compare due volte nel manifest")
    files = doc["files"]
    if not isinstance(files, dict) or not all(
        isinstance(h, str) and _SHA256.fullmatch(h) for h in files.values()
    ):
        raise ManifestRefused("l'elenco dei file del manifest non è valido")
    counts = doc["counts"]
    if not isinstance(counts, dict) or set(counts) != {str(c) for c in case_ids}:
        raise ManifestRefused("i conteggi del manifest non corrispondono alle cartelle")
    for per_table in counts.values():
        if (
            not isinstance(per_table, dict)
            or not set(per_table) <= tables
            or not all(type(n) is int and 0 < n <= MAX_COUNT for n in per_table.values())
        ):
            raise ManifestRefused("i conteggi del manifest non sono validi")
    return Manifest(bundle_id, case_ids, counts, files)


def _uuid(value: object) -> uuid.UUID:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise ManifestRefused("identificativi non validi nel manifest")
    return uuid.UUID(value)


def _created_at(value: object) -> None:
    if not isinstance(value, str) or len(value) > MAX_CREATED_AT:
        raise ManifestRefused("data del manifest non valida")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ManifestRefused("data del manifest non valida") from None
    if moment.tzinfo is None or not 1900 <= moment.year <= 2100:
        raise ManifestRefused("data del manifest non valida")
