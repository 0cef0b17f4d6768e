"""The container checks on arbitrary bytes: any change of a valid hand-off zip (bytes flipped,
inserted, removed, the file cut) is either still a valid zip or refused with a named reason,
never another exception; what the checks accept, zipfile reads the same way."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minorifamiglie.domain.errors import DomainError
from minorifamiglie.services import handoff_import, zip_checks

CASE = uuid.UUID("0b8f6f0e-5c1d-4d7a-9a57-1f2e3d4c5b6a")
ATTACHMENT = uuid.UUID("7c0f3d8e-2b1a-4e5f-8a9b-0c1d2e3f4a5b")


def valid_zip() -> bytes:
    files = {
        f"cases/{CASE}/case.json": json.dumps({"format": "minorifamiglie-handoff"}).encode(),
        f"cases/{CASE}/sintesi.pdf": b"%PDF-1.4 " + bytes(range(256)) * 4,
        f"cases/{CASE}/allegati/{ATTACHMENT}-relazione_scuola.pdf": b"%PDF-1.4 relazione",
    }
    manifest = {
        "format": "minorifamiglie-handoff",
        "version": 1,
        "bundle_id": "5d7e1c2a-8b3f-4e6d-9a0c-1b2d3e4f5a6b",
        "created_at": "2026-11-25T18:46:00+00:00",
        "device_id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
        "case_ids": [str(CASE)],
        "counts": {str(CASE): {"cases": 1}},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


VALID = valid_zip()


def test_the_valid_zip_passes_and_zipfile_agrees() -> None:
    entries = zip_checks.check_container(VALID, handoff_import.LIMITS, handoff_import._in_layout)
    archive = zipfile.ZipFile(io.BytesIO(VALID))
    assert {i.filename: i.file_size for i in archive.infolist()} == {
        name: e.size for name, e in entries.items()
    }
    manifest, read = handoff_import._read_zip(VALID)
    assert set(read.hashes) == set(manifest.files)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        else:
            del data[at:]
        if not data:
            break
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_any_change_is_read_or_refused_by_name(data: bytes) -> None:
    try:
        handoff_import._read_zip(data)
    except DomainError as refused:
        assert str(refused).startswith("Pacchetto danneggiato o alterato")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../x", "risale"),
        ("a/../../x", "risale"),
        ("/x", "assoluto"),
        ("c:x", "assoluto"),
        ("a\\b", "barra rovesciata"),
        ("a\x00b", "controllo"),
        ("a\x7fb", "controllo"),
        ("a//b", "non valido"),
        ("./a", "non valido"),
        ("a/", "non valido"),
        ("", "non valido"),
    ],
)
def test_a_name_that_could_escape_or_confuse_is_refused(name: str, reason: str) -> None:
    with pytest.raises(zip_checks.UnsafeZipError, match=reason):
        zip_checks.check_name(name)


@pytest.mark.parametrize("name", ["a..b.pdf", "cases/x/allegati/id-relazione..v2.pdf", "a b"])
def test_dots_inside_a_name_are_not_a_parent_folder(name: str) -> None:
    zip_checks.check_name(name)
