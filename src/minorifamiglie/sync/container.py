"""The container of sync bundles and snapshots, format v1: the framing every such file shares.

A file is a prefix (magic, version, header length), a plain JSON header, the age ciphertext of a
zstd frame, and an Ed25519 signature over everything before it (docs/bundle-format.md; keep the
two in step). Here: the framing and its size caps, sealing (compress, encrypt, frame, sign) and
opening (read within a cap, cut into sections, verify, decrypt, decompress within the declared
size: docs/architecture.md §13), the refusals (`BundleError`, whose `reason` is a stable code and
whose messages name no person and no value, only positions and field names) and the checks of
the values every header shares. What the payload holds is sync/operations.py's; the two kinds of
file are sync/bundle.py and sync/snapshot.py."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyrage
import zstandard
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from minorifamiglie import portable
from minorifamiglie.domain import json_bounds
from minorifamiglie.sync import share
from minorifamiglie.sync.age_header import age_header_ok

MAGIC = b"MFBD"  # a bundle
SNAPSHOT_MAGIC = b"MFSN"  # a part of a snapshot
FORMAT_VERSION = 1
# Header integers (sequences, counts, sizes) are stored in SQLite INTEGER columns: 64 bits.
MAX_INT = 2**63 - 1
# The last sequence number of a device's bundles: a bundle's file name has 8 digits
# (sync/share.py), and one named with 9 would be read by nobody (docs/team-folder.md)
MAX_SEQUENCE = 10**8 - 1
SIGNATURE_SIZE = 64
# magic, version, header length (u32 big-endian)
_PREFIX = struct.Struct(">4sBI")
_CIPHER_LEN = struct.Struct(">Q")
MAX_HEADER_SIZE = 64 * 1024
# Writers keep a bundle's or a snapshot part's payload within this, splitting beyond it (pyrage
# holds the GIL, so big bundles freeze the interface: docs/architecture.md §13), and readers
# refuse more. Readers once took eight times as much, which no writer ever wrote: a payload of
# empty lists parses into some twenty times its size, so a teammate's tampered bundle cost a
# gigabyte and more of memory at every sync that met it.
MAX_BUNDLE_PLAINTEXT = 8 * 1024 * 1024
MAX_PLAINTEXT = MAX_BUNDLE_PLAINTEXT  # the readers' cap
# Bounds the decoder's window memory whatever the frame asks for; the writer's level uses 2 MiB.
MAX_WINDOW_SIZE = 8 * 1024 * 1024
ZSTD_LEVEL = 3
# age adds a header per recipient and 16 bytes per 64 KiB chunk; bound the file before reading it.
_FILE_SLACK = 1024 * 1024
# The largest bundle or snapshot file a reader opens: checked from its size, before reading.
MAX_FILE = MAX_PLAINTEXT + _FILE_SLACK
HEX64 = re.compile(r"[0-9a-f]{64}")

# reason -> (English, Italian). Stable codes: the sync history and the GUI show them.
REASONS: dict[str, tuple[str, str]] = {
    "bad_magic": ("not a bundle file", "non è un file di sincronizzazione"),
    "unsupported_version": (
        "bundle format version not supported",
        "versione del formato non supportata",
    ),
    "truncated": ("bundle file is truncated", "file di sincronizzazione troncato"),
    "trailing_data": (
        "unexpected data after the signature",
        "dati inattesi dopo la firma",
    ),
    "header_malformed": ("bundle header is malformed", "intestazione non valida"),
    "wrong_team": ("bundle belongs to another team", "il file appartiene a un'altra équipe"),
    "signer_unknown": (
        "bundle signed by a device not in the team",
        "firmato da un dispositivo che non fa parte dell'équipe",
    ),
    "bad_signature": ("bundle signature is invalid", "firma non valida"),
    "too_large": (
        "bundle content exceeds the size limit",
        "il contenuto supera la dimensione massima",
    ),
    "not_decryptable": (
        "bundle cannot be decrypted by this device",
        "questo dispositivo non può decifrare il file",
    ),
    "payload_malformed": ("bundle content is malformed", "contenuto non valido"),
    "header_payload_mismatch": (
        "bundle header and content disagree",
        "intestazione e contenuto non corrispondono",
    ),
    "op_count_mismatch": (
        "bundle holds a different number of operations than declared",
        "il numero di operazioni non corrisponde a quello dichiarato",
    ),
    "operation_malformed": ("an operation is malformed", "un'operazione non è valida"),
    "operation_device_mismatch": (
        "an operation comes from another device than the bundle",
        "un'operazione proviene da un dispositivo diverso da quello del file",
    ),
}


class BundleError(Exception):
    """A bundle refused: `reason` is a code of REASONS; `detail` names positions and fields only."""

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown bundle refusal reason {reason!r}")
        self.reason = reason
        self.detail = detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        en, it = REASONS[self.reason]
        text = it if lang == "it" else en
        return f"{text} ({self.detail})" if self.detail else text


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def parse_uuid(value: object) -> uuid.UUID:
    """Only the canonical lowercase hyphenated form, so every device spells an id the same."""
    if not isinstance(value, str) or not _CANONICAL_UUID.fullmatch(value):
        raise ValueError("not a canonical UUID")
    return _uuid_of(value)


_new_uuid = object.__new__
_set_attr = object.__setattr__
_UNKNOWN_SAFETY = uuid.SafeUUID.unknown


@functools.lru_cache(maxsize=8192)
def _uuid_of(text: str) -> uuid.UUID:
    """The UUID of a text already matched against `_CANONICAL_UUID` (so its 32 hex digits need
    no second check): built as `uuid.UUID` builds itself, without re-parsing the text. A bundle
    names the same device and records many times, hence the cache."""
    value = _new_uuid(uuid.UUID)
    _set_attr(value, "int", int(text.replace("-", ""), 16))
    _set_attr(value, "is_safe", _UNKNOWN_SAFETY)
    return value


def x25519_recipients(recipients: Sequence[str]) -> list[pyrage.x25519.Recipient]:
    if not recipients:
        raise ValueError("a bundle needs at least one recipient")
    parsed = []
    for text in recipients:
        # X25519 only: age forbids mixing in a passphrase recipient (docs/architecture.md §13).
        if not isinstance(text, str) or not text.startswith("age1"):
            raise ValueError("recipients must be age X25519 public keys")
        try:
            parsed.append(pyrage.x25519.Recipient.from_str(text))
        except pyrage.RecipientError:
            raise ValueError("recipients must be age X25519 public keys") from None
    return parsed


def compress_encrypt(
    plaintext: bytes, recipients: list[pyrage.x25519.Recipient]
) -> tuple[bytes, bytes]:
    """The zstd frame (its size declared) and its age encryption: (compressed, ciphertext)."""
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True)
    compressed = compressor.compress(plaintext)
    return compressed, pyrage.encrypt(compressed, recipients)


def frame(magic: bytes, header_bytes: bytes, ciphertext: bytes, key: Ed25519PrivateKey) -> bytes:
    """Prefix, header, ciphertext and the Ed25519 signature over all of them (bundle-format.md)."""
    body = b"".join(
        (
            _PREFIX.pack(magic, FORMAT_VERSION, len(header_bytes)),
            header_bytes,
            _CIPHER_LEN.pack(len(ciphertext)),
            ciphertext,
        )
    )
    return body + key.sign(body)


def read_source(source: Path | bytes, max_plaintext: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    try:
        return share.read_capped(source, max_plaintext + _FILE_SLACK)
    except share.FileTooLarge:
        raise BundleError("too_large", "file") from None
    except portable.NotAFileError:
        raise BundleError("bad_magic", "not a file") from None


@dataclass(frozen=True, slots=True)
class Sections:
    header_bytes: bytes
    ciphertext: bytes
    signed: bytes
    signature: bytes


def split_sections(data: bytes, magic: bytes = MAGIC) -> Sections:
    """Cut a bundle into its sections, checking only the framing (no signature, no crypto)."""
    if len(data) < 4 or data[:4] != magic:
        raise BundleError("bad_magic")
    if len(data) < _PREFIX.size:
        raise BundleError("truncated", "prefix")
    _magic, version, header_len = _PREFIX.unpack_from(data)
    if version != FORMAT_VERSION:
        raise BundleError("unsupported_version")
    if header_len > MAX_HEADER_SIZE:
        raise BundleError("header_malformed", "header length")
    pos = _PREFIX.size
    if pos + header_len + _CIPHER_LEN.size > len(data):
        raise BundleError("truncated", "header")
    header_bytes = data[pos : pos + header_len]
    pos += header_len
    (cipher_len,) = _CIPHER_LEN.unpack_from(data, pos)
    pos += _CIPHER_LEN.size
    if pos + cipher_len + SIGNATURE_SIZE > len(data):
        raise BundleError("truncated", "payload or signature")
    ciphertext = data[pos : pos + cipher_len]
    pos += cipher_len
    end = pos + SIGNATURE_SIZE
    if end < len(data):
        raise BundleError("trailing_data")
    return Sections(header_bytes, ciphertext, data[:pos], data[pos:end])


def _identity(identity: str | pyrage.x25519.Identity) -> pyrage.x25519.Identity:
    if isinstance(identity, str):
        return pyrage.x25519.Identity.from_str(identity.strip())
    return identity


class SealedSizes(Protocol):
    """What a header declares of its payload (a bundle's or a snapshot part's)."""

    @property
    def payload_size(self) -> int: ...  # bytes of the zstd frame, before encryption

    @property
    def plaintext_size(self) -> int: ...  # bytes of the payload JSON, before compression


def _decompress(compressed: bytes, header: SealedSizes) -> bytes:
    """Decompress at most header.plaintext_size bytes, whatever the frame declares
    (max_output_size is ignored when the frame carries its size: docs/architecture.md §13)."""
    expected = header.plaintext_size
    try:
        params = zstandard.get_frame_parameters(compressed)
    except zstandard.ZstdError:
        raise BundleError("payload_malformed", "compression frame") from None
    declared = params.content_size
    if declared not in (zstandard.CONTENTSIZE_UNKNOWN, expected):
        raise BundleError("too_large" if declared > expected else "payload_malformed", "frame")
    if params.window_size > MAX_WINDOW_SIZE:
        raise BundleError("payload_malformed", "compression window")
    dctx = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW_SIZE)
    # Asks for one byte more than expected, so a longer content is seen without holding it: a
    # whole frame comes in one read, the next (empty) read proves nothing follows it.
    chunks: list[bytes] = []
    size = 0
    try:
        with dctx.stream_reader(compressed, read_across_frames=True) as reader:
            while chunk := reader.read(expected + 1 - size):
                chunks.append(chunk)
                size += len(chunk)
                if size > expected:
                    raise BundleError("too_large", "decompressed")
    except zstandard.ZstdError:
        raise BundleError("payload_malformed", "compression") from None
    if size != expected:
        raise BundleError("payload_malformed", "decompressed size")
    return b"".join(chunks)


def header_json(sections: Sections) -> object:
    try:
        value = json.loads(sections.header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested past the parser's stack
        raise BundleError("header_malformed", "not JSON") from None
    if not json_bounds.text_only(sections.header_bytes, value):
        raise BundleError("header_malformed", "not text")
    return value


def verify_signature(key: Ed25519PublicKey, sections: Sections) -> None:
    try:
        key.verify(sections.signature, sections.signed)
    except InvalidSignature:
        raise BundleError("bad_signature") from None


def open_payload(
    sections: Sections,
    header: SealedSizes,
    identity: str | pyrage.x25519.Identity,
    max_plaintext: int,
) -> bytes:
    """Decrypt in memory and decompress within the declared, capped size."""
    if header.plaintext_size > max_plaintext:
        raise BundleError("too_large", "declared")
    if not age_header_ok(sections.ciphertext):
        raise BundleError("not_decryptable", "age header")
    try:
        compressed = pyrage.decrypt(sections.ciphertext, [_identity(identity)])
    except pyrage.DecryptError:
        raise BundleError("not_decryptable") from None
    if len(compressed) != header.payload_size:
        raise BundleError("payload_malformed", "compressed size")
    return _decompress(compressed, header)


def payload_json(plaintext: bytes, keys: frozenset[str]) -> dict[str, Any]:
    try:
        payload = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested past the parser's stack
        raise BundleError("payload_malformed", "not JSON") from None
    if not json_bounds.text_only(plaintext, payload):  # the stdlib parser lets it through
        raise BundleError("payload_malformed", "not text")
    if not isinstance(payload, dict) or set(payload) != keys:
        raise BundleError("payload_malformed", "unexpected or missing fields")
    return payload


def file_sha256(data: bytes) -> str:
    """The hex sha256 of a bundle file's bytes: the next bundle's prev_hash."""
    return hashlib.sha256(data).hexdigest()
