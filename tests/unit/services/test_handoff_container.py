"""A hand-off file whose zip is hostile as a container (escaping names, junk before, between or
after the entries, a zip bomb, a lying size, an entry the manifest does not list, a manifest
nested too deep) is refused with its reason, nothing imported, and without reading what it
declares into memory; a well-formed file still reaches the checks of its content."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import time
import tracemalloc
import uuid
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest

from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.services import dump, handoff_import, profiles
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE, template_copy

CASE = uuid.UUID("0b8f6f0e-5c1d-4d7a-9a57-1f2e3d4c5b6a")
CASE_JSON = f"cases/{CASE}/case.json"
SUMMARY = f"cases/{CASE}/sintesi.pdf"
KEY = pyrage.x25519.Identity.generate()
IDENTITY = f"{KEY}\n"


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenProfile]:
    root = tmp_path_factory.mktemp("ricevente") / "profilo"
    template_copy(root, "Marta Colombo", Role.SOCIAL_WORKER, "portatile-as")
    op = profiles.unlock(root, PASSPHRASE)
    try:
        yield op
    finally:
        op.close()


def manifest(files: dict[str, bytes], **extra: Any) -> bytes:
    doc = {
        "format": "minorifamiglie-handoff",
        "version": 1,
        "bundle_id": str(uuid.uuid4()),
        "created_at": "2026-11-25T18:46:00+00:00",
        "device_id": str(uuid.uuid4()),
        "case_ids": [str(CASE)],
        "counts": {str(CASE): {"cases": 1}},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        **extra,
    }
    return json.dumps(doc).encode()


def zipped(
    entries: dict[str, bytes] | list[tuple[str, bytes]],
    method: int = zipfile.ZIP_DEFLATED,
    comment: bytes = b"",
) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we want
        with zipfile.ZipFile(buffer, "w", method) as archive:
            items = entries.items() if isinstance(entries, dict) else entries
            for name, data in items:
                archive.writestr(name, data)
            archive.comment = comment
    return buffer.getvalue()


def bundle(files: dict[str, bytes], **extra: Any) -> dict[str, bytes]:
    """A manifest listing `files` with their hashes, then the files."""
    return {"manifest.json": manifest(files, **extra), **files}


GOOD = bundle({CASE_JSON: b'{"format": "altro"}'})


def central(data: bytes, name: str) -> int:
    """Where the central directory header of `name` starts."""
    return data.rindex(name.encode()) - 46


def patch(data: bytes, at: int, fmt: str, value: int) -> bytes:
    out = bytearray(data)
    struct.pack_into(fmt, out, at, value)
    return bytes(out)


def with_cd_field(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    return patch(data, central(data, name) + offset, fmt, value)


def junk_before_directory(data: bytes) -> bytes:
    """Bytes slipped between the last entry and the central directory, the end record's
    offset moved so that the directory is still found."""
    cd_offset = struct.unpack_from("<L", data, len(data) - 6)[0]
    grown = data[:cd_offset] + b"JUNK" * 8 + data[cd_offset:]
    return patch(grown, len(grown) - 6, "<L", cd_offset + 32)


def local_name_changed(data: bytes) -> bytes:
    """The first local header names another file than the central directory does."""
    at = data.index(CASE_JSON.encode())
    return data[:at] + CASE_JSON.replace("case", "cose", 1).encode() + data[at + len(CASE_JSON) :]


def name_with_nul(data: bytes) -> bytes:
    """zipfile cuts a name at NUL when it writes: the byte is put in by hand, everywhere."""
    return data.replace(b"sintesi.pdf", b"sint\x00si.pdf")


def bomb() -> bytes:
    """65 MiB of zeros in 64 KiB, its size declared honestly: above the cap of one entry."""
    return zipped(bundle({SUMMARY: bytes(65 * 1024 * 1024)}))


def bomb_understated() -> bytes:
    """32 MiB of zeros whose central directory declares 1 MiB: never inflated beyond it."""
    data = zipped(bundle({SUMMARY: bytes(32 * 1024 * 1024)}))
    return with_cd_field(data, SUMMARY, 24, "<L", 1024 * 1024)


def bomb_attachment() -> bytes:
    """21 MiB of zeros as an attachment: above the largest attachment a profile holds."""
    name = f"cases/{CASE}/allegati/{uuid.uuid4()}-scansione.bmp"
    return zipped(bundle({CASE_JSON: b"{}", name: bytes(21 * 1024 * 1024)}))


def bomb_in_all(entries: int = 17, size: int = 61 * 1024 * 1024) -> bytes:
    """17 summaries of 61 MiB of zeros, each declared honestly and within the cap of one entry,
    above 1 GiB in all. Written by hand: the deflated zeros are made once (zipfile would deflate
    1 GiB), each entry a local header and those bytes, then the central directory."""
    zeros = bytes(size)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = packer.compress(zeros) + packer.flush()
    crc = zlib.crc32(zeros)
    names = [f"cases/{uuid.uuid4()}/sintesi.pdf".encode() for _ in range(entries)]
    local, directory = b"", b""
    for name in names:
        sizes = (crc, len(deflated), size, len(name), 0)
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33,
                                 *sizes, 0, 0, 0, 0, len(local))  # fmt: skip
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, *sizes) + name
        local += deflated
    directory = b"".join(
        [directory[i : i + 46] + names[n] for n, i in enumerate(range(0, len(directory), 46))]
    )
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(directory),
                      len(local), 0)  # fmt: skip
    return local + directory + end


def declared_huge() -> bytes:
    """A 1 KiB entry whose central directory declares 2 GiB."""
    data = zipped(bundle({SUMMARY: b"%PDF" * 256}), method=zipfile.ZIP_STORED)
    data = with_cd_field(data, SUMMARY, 20, "<L", 2**31)
    return with_cd_field(data, SUMMARY, 24, "<L", 2**31)


def lying_smaller() -> bytes:
    """The central directory declares 10 bytes for an entry of 64 KiB: it is never inflated."""
    content = bytes(range(256)) * 256
    data = zipped(bundle({SUMMARY: content}))
    return with_cd_field(data, SUMMARY, 24, "<L", 10)


def too_many() -> bytes:
    data = zipped(GOOD)
    data = patch(data, len(data) - 14, "<H", 60_000)
    return patch(data, len(data) - 12, "<H", 60_000)


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "dot-dot": (lambda: zipped({**GOOD, "cases/../../etc/x": b"x"}), "risale"),
    "absolute": (lambda: zipped({**GOOD, "/etc/passwd": b"x"}), "assoluto"),
    "drive letter": (lambda: zipped({**GOOD, "C:/Windows/x": b"x"}), "assoluto"),
    "backslash": (lambda: zipped({**GOOD, f"cases\\{CASE}\\x": b"x"}), "barra rovesciata"),
    "control": (lambda: zipped({**GOOD, f"cases/{CASE}/\x1bx": b"x"}), "controllo"),
    "NUL": (lambda: name_with_nul(zipped(bundle({SUMMARY: b"%PDF"}))), "controllo"),
    "duplicate": (
        lambda: zipped([*GOOD.items(), (CASE_JSON, b"{}")]),
        "duplicati",
    ),
    "duplicate by case": (
        lambda: zipped({**GOOD, CASE_JSON.upper().replace("CASES", "cases"): b"x"}),
        "duplicati",
    ),
    "outside layout": (lambda: zipped({**GOOD, f"cases/{CASE}/note.txt": b"x"}), "non previsto"),
    "directory entry": (lambda: zipped({**GOOD, f"cases/{CASE}/": b""}), "non valido"),
    "appended": (lambda: zipped(GOOD) + b"appended data", "dopo la fine"),
    "comment": (lambda: zipped(GOOD, comment=b"appended data"), "dopo la fine"),
    "prepended": (lambda: b"junk before the zip" + zipped(GOOD), "prima"),
    "between": (lambda: junk_before_directory(zipped(GOOD)), "tra i file"),
    "local header differs": (lambda: local_name_changed(zipped(GOOD)), "diversa dall'indice"),
    "bzip2": (lambda: zipped(GOOD, method=zipfile.ZIP_BZIP2), "metodo di compressione"),
    "too many entries": (too_many, "troppi file"),
    "declared 2 GiB": (declared_huge, "troppo grande"),
    "zip bomb": (bomb, "un file dell'archivio è troppo grande"),
    "zip bomb, size understated": (bomb_understated, "illeggibile|dichiarato"),
    "zip bomb as an attachment": (bomb_attachment, "allegato dell'archivio è troppo grande"),
    "zip bomb in all": (bomb_in_all, "contenuto complessivo troppo grande"),
    "lying size": (lying_smaller, "illeggibile|dichiarato"),
    "not in the manifest": (
        lambda: zipped({**GOOD, SUMMARY: b"%PDF"}),
        "non corrisponde al manifest",
    ),
    "listed, missing": (
        lambda: zipped(
            {"manifest.json": manifest({CASE_JSON: b"{}", SUMMARY: b"%PDF"}), CASE_JSON: b"{}"}
        ),
        "non corrisponde al manifest",
    ),
    "a folder not among the cases": (
        lambda: zipped(bundle({CASE_JSON: b"{}", f"cases/{uuid.uuid4()}/case.json": b"{}"})),
        "cartelle",
    ),
    "a case listed twice": (
        lambda: zipped(bundle({CASE_JSON: b"{}"}, case_ids=[str(CASE), str(CASE)])),
        "due volte",
    ),
    "manifest too deep": (
        lambda: zipped(bundle({CASE_JSON: b"{}"}, x=json.loads(deep(100)))),
        "profondità",
    ),
    "manifest far too deep": (
        lambda: zipped({"manifest.json": b'{"a": ' + deep(200_000) + b"}"}),
        "profondità",
    ),
    "case.json too deep": (lambda: zipped(bundle({CASE_JSON: deep(100_000)})), "profondità"),
    "manifest too large": (
        lambda: zipped(
            {"manifest.json": manifest({}) + b" " * (17 * 1024 * 1024)},
            method=zipfile.ZIP_STORED,
        ),
        "manifest troppo grande",
    ),
    "hash not hex": (
        lambda: zipped(
            {
                "manifest.json": manifest({CASE_JSON: b"{}"}).replace(
                    hashlib.sha256(b"{}").hexdigest().encode(), b"7"
                ),
                CASE_JSON: b"{}",
            }
        ),
        "elenco dei file",
    ),
}


def seal(plain: bytes, path: Path) -> Path:
    path.write_bytes(pyrage.encrypt(plain, [KEY.to_public()]))
    return path


def test_a_well_formed_container_reaches_the_checks_of_its_content(
    other: OpenProfile, tmp_path: Path
) -> None:
    # Given the zip every hostile shape below starts from
    source = seal(zipped(GOOD), tmp_path / "consegna.age")
    # Then the container passes and the refusal comes from the case file's own schema
    with pytest.raises(DomainError, match=r"case\.json di formato sconosciuto"):
        handoff_import.import_bundle(other, source, identity=IDENTITY)


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_a_hostile_container_is_refused_with_its_reason_and_nothing_imported(
    other: OpenProfile, tmp_path: Path, shape: str
) -> None:
    build, reason = HOSTILE[shape]
    source = seal(build(), tmp_path / "consegna.age")
    before = dump.dump_json(other)
    with pytest.raises(DomainError, match=reason) as refused:
        handoff_import.import_bundle(other, source, identity=IDENTITY)
    message = str(refused.value)
    assert message.startswith("Pacchetto danneggiato o alterato: nulla è stato importato (")
    assert "\n" not in message
    assert dump.dump_json(other) == before


@pytest.mark.parametrize(
    "shape",
    [
        "declared 2 GiB",
        "lying size",
        "zip bomb",
        "zip bomb, size understated",
        "zip bomb as an attachment",
        "zip bomb in all",
        "too many entries",
    ],
)
def test_what_a_container_declares_is_never_allocated(
    other: OpenProfile, tmp_path: Path, shape: str
) -> None:
    # Given a small file declaring much more than it holds
    source = seal(HOSTILE[shape][0](), tmp_path / "consegna.age")
    assert source.stat().st_size < 2 * 1024 * 1024  # declaring up to 1 GiB and more
    # When it is imported, Then it is refused before anything near the declared size is held
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(DomainError, match="danneggiato"):
            handoff_import.import_bundle(other, source, identity=IDENTITY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024
    assert time.process_time() - started < 5  # CPU seconds: a refusal, not a decompression


def test_a_file_too_large_for_any_bundle_is_refused_unread(
    other: OpenProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handoff_import, "MAX_SEALED_BYTES", 256)
    source = seal(zipped(GOOD), tmp_path / "grande.age")
    assert source.stat().st_size > 256
    with pytest.raises(DomainError, match="file troppo grande"):
        handoff_import.import_bundle(other, source, identity=IDENTITY)


def long_header_line(sealed: bytes) -> bytes:
    head, _, rest = sealed.partition(b"\n-> X25519 ")
    return head + b"\n-> junk " + b"A" * 300_000 + b"\n-> X25519 " + rest


def long_header(sealed: bytes) -> bytes:
    head, _, rest = sealed.partition(b"\n-> X25519 ")
    return head + b"\n-> junk a\n" + (b"A" * 64 + b"\n") * 2000 + b"-> X25519 " + rest


@pytest.mark.parametrize("mangle", [long_header_line, long_header])
def test_an_age_header_out_of_bounds_is_refused_before_age_parses_it(
    other: OpenProfile, tmp_path: Path, mangle: Callable[[bytes], bytes]
) -> None:
    # Given a hand-off file whose age header carries a 300 KB line, or 2,000 stanza lines
    source = tmp_path / "consegna.age"
    source.write_bytes(mangle(pyrage.encrypt(zipped(GOOD), [KEY.to_public()])))
    # Then it is refused at once (age's own parser took 12 s on the first)
    started = time.process_time()
    with pytest.raises(DomainError, match="Pacchetto non apribile"):
        handoff_import.import_bundle(other, source, identity=IDENTITY)
    assert time.process_time() - started < 1


def test_a_passphrase_file_passes_the_header_bounds(other: OpenProfile) -> None:
    # A passphrase file of the age format (tests/data/README.md): opened, so its header passed
    # the bounds; what it holds is not a zip.
    source = Path(__file__).parents[2] / "data" / "age" / "passphrase.age"
    with pytest.raises(DomainError, match=r"archivio zip illeggibile"):
        handoff_import.import_bundle(other, source, passphrase="una passphrase lunga")


@pytest.mark.parametrize(
    ("version", "shown"), [(2, "supportata: 2 "), ("Luca Rota\n" * 100, "supportata: sconosciuta")]
)
def test_an_unknown_version_is_named_without_repeating_the_files_text(
    other: OpenProfile, tmp_path: Path, version: object, shown: str
) -> None:
    files = {CASE_JSON: b"{}"}
    plain = zipped({"manifest.json": manifest(files, version=version), **files})
    source = seal(plain, tmp_path / "consegna.age")
    with pytest.raises(DomainError, match="Versione del pacchetto non supportata") as refused:
        handoff_import.import_bundle(other, source, identity=IDENTITY)
    assert shown in str(refused.value)
    assert "Luca" not in str(refused.value)
