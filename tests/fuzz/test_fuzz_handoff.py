"""The schema-built values inside a real hand-off file: the golden v1 bundle (tests/data/
handoff-v1) opened, one value of one record of its case.json replaced (a table it has no record
of gets one built from the schema), the manifest's hash updated, zipped and encrypted again as
anyone holding the key could, then imported into a real profile. A hostile value: refused with
the import's Italian message naming the field, nothing imported. A valid one: a clean outcome
(imported, or refused for another named reason such as an attachment's fingerprint), `check`
sound. Never another exception.

The byte-level mutations of the container (flipped bytes, cuts, hostile zips) are tested in
tests/unit/services/test_zip_checks.py and test_handoff_container.py; `make fuzz` runs them
with the long profile too."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from fuzz_profile import Writer, digest, editable
from fuzz_schema import FIELDS, field_and_value, fuzz_settings
from hypothesis import given

from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.services import handoff_import, integrity, profiles
from minorifamiglie.services.handoff import TABLES
from minorifamiglie.storage.bounds import ColumnBound
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE, template_copy

GOLDEN = Path(__file__).parents[1] / "data" / "handoff-v1"
KEY = pyrage.x25519.Identity.generate()
IDENTITY = f"{KEY}\n"


def _golden_entries() -> dict[str, bytes]:
    text = (GOLDEN / "identity.txt").read_text(encoding="utf-8")
    secret = next(line for line in text.splitlines() if line.startswith("AGE-SECRET-KEY-"))
    plain = pyrage.decrypt(
        (GOLDEN / "consegna.age").read_bytes(), [pyrage.x25519.Identity.from_str(secret)]
    )
    archive = zipfile.ZipFile(io.BytesIO(plain))
    return {name: archive.read(name) for name in archive.namelist()}


ENTRIES = _golden_entries()
CASE_JSON = next(name for name in ENTRIES if name.endswith("/case.json"))
DOC = json.loads(ENTRIES[CASE_JSON])
HANDOFF_FIELDS = [b for b in FIELDS if b.table in TABLES and b.column != "content"]


def _with_value(bound: ColumnBound, value: Any) -> dict[str, Any]:
    """The golden case.json with `value` in the first record of the bound's table."""
    doc: dict[str, Any] = json.loads(json.dumps(DOC))
    records = doc["records"].setdefault(bound.table, [])
    if not records:
        parents = {t: uuid.UUID(rows[0]["id"]) for t, rows in doc["records"].items() if rows}
        writer = Writer(uuid.uuid4(), dt.datetime.now(dt.UTC))
        missing = {t: uuid.uuid4() for t in TABLES if t not in parents}
        records.append(writer.insert(bound.table, {**missing, **parents}).data)
    records[0][bound.column] = value
    return doc


def _sealed(doc: dict[str, Any], path: Path) -> Path:
    entries = dict(ENTRIES)
    entries[CASE_JSON] = json.dumps(doc, ensure_ascii=False).encode()
    manifest = json.loads(entries["manifest.json"])
    manifest["files"][CASE_JSON] = hashlib.sha256(entries[CASE_JSON]).hexdigest()
    entries["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    path.write_bytes(pyrage.encrypt(buffer.getvalue(), [KEY.to_public()]))
    return path


class Receiver:
    def __init__(self, opened: OpenProfile, folder: Path) -> None:
        self.opened, self.folder = opened, folder


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    base = tmp_path_factory.mktemp("fuzz-handoff")
    root = base / "profilo"
    template_copy(root, "Marta Colombo", Role.SOCIAL_WORKER, "portatile-as")
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        yield Receiver(opened, base)
    finally:
        opened.close()


@fuzz_settings(80)
@given(drawn=field_and_value(HANDOFF_FIELDS, "hostile"))
def test_a_hostile_value_in_a_case_file_is_refused_by_name(
    receiver: Receiver, drawn: tuple[ColumnBound, Any]
) -> None:
    bound, value = drawn
    if bound.column == "id" and bound.table == "cases":
        return  # the case's own id is checked against the folder first: refused, unnamed
    source = _sealed(_with_value(bound, value), receiver.folder / "consegna.age")
    before = digest(receiver.opened)
    with pytest.raises(DomainError) as info:
        handoff_import.import_bundle(receiver.opened, source, identity=IDENTITY)
    message = str(info.value)
    assert message.startswith(handoff_import.REFUSED_DAMAGED), message
    assert f"case.json: {bound.field} " in message, message
    assert digest(receiver.opened) == before


EDITABLE = [b for b in HANDOFF_FIELDS if editable(b) and DOC["records"].get(b.table)]


@fuzz_settings(40)
@given(drawn=field_and_value(EDITABLE, "valid"))
def test_a_valid_value_in_a_case_file_has_a_clean_outcome(
    receiver: Receiver, drawn: tuple[ColumnBound, Any]
) -> None:
    bound, value = drawn
    source = _sealed(_with_value(bound, value), receiver.folder / "consegna.age")
    before = digest(receiver.opened)
    try:
        handoff_import.import_bundle(receiver.opened, source, identity=IDENTITY)
    except DomainError as exc:
        assert str(exc).startswith(handoff_import.REFUSED_DAMAGED), exc
        assert "case.json: " not in str(exc), exc  # not a bound: another named reason
        assert digest(receiver.opened) == before
    assert integrity.check(receiver.opened).sound
