"""A zip that crossed a trust boundary, checked as a container from its own bytes before any
entry is decompressed (docs/handoff-format.md, "What an importer checks").

The end record must close the file, the central directory must sit right before it, and the
entries must follow one another from byte 0 up to the central directory: no byte before, between
or after them (prepended junk, appended data, overlapping entries). Names are relative, portable
and unique; only stored or deflated entries; every declared size and their total are bounded
from the central directory alone. An entry is then read through a stream capped at its declared
size, so a lying header cannot inflate it.

There is no bound on the compression ratio: deflate never exceeds about 1032:1, and a blank page
scanned as BMP, a legitimate attachment, compresses about 1000:1. What a zip can make the reader
inflate is bounded by the declared sizes, checked against absolute caps before anything is
inflated, and by streams that stop at the declared size."""

from __future__ import annotations

import hashlib
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record, 22 bytes
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory header, 46 bytes
_LOCAL = struct.Struct("<4s5H3L2H")  # local file header, 30 bytes
_EOCD_SIG = b"PK\x05\x06"
_CENTRAL_SIG = b"PK\x01\x02"
_LOCAL_SIG = b"PK\x03\x04"
_DESCRIPTOR_SIG = b"PK\x07\x08"
_ENCRYPTED = 0x0001
_DESCRIPTOR = 0x0008
_UTF8 = 0x0800
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_ZIP64 = 0xFFFFFFFF
_MAX_NEEDED = 20  # "version needed to extract": 2.0 is deflate; later ones add what is refused
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 16


class UnsafeZipError(ValueError):
    """The container is refused; `reason` says why, in Italian, without any personal data."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Limits:
    max_entries: int
    max_entry_bytes: int  # declared uncompressed size of one entry
    max_total_bytes: int  # declared uncompressed sizes of all entries


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    size: int  # declared uncompressed size (the cap of its stream)
    compressed: int
    method: int


def check_container(
    data: bytes, limits: Limits, in_layout: Callable[[str], bool]
) -> dict[str, Entry]:
    """The entries of the zip in `data` by name, or UnsafeZipError naming the first rule broken.
    `in_layout` says whether a (well-formed) name belongs to the documented layout."""
    cd_start, count = _end_record(data, limits)
    entries: dict[str, Entry] = {}
    folded: set[str] = set()
    offsets: list[tuple[int, bytes, int, Entry]] = []
    total = 0
    pos = cd_start
    for _ in range(count):
        pos, raw, flags, offset, entry = _central_entry(data, pos, limits)
        if entry.name in entries or entry.name.casefold() in folded:
            raise UnsafeZipError("nomi di file duplicati nell'archivio")
        if not in_layout(entry.name):
            raise UnsafeZipError("file non previsto dal formato")
        total += entry.size
        if total > limits.max_total_bytes:
            raise UnsafeZipError("contenuto complessivo troppo grande")
        entries[entry.name] = entry
        folded.add(entry.name.casefold())
        offsets.append((offset, raw, flags, entry))
    if pos != len(data) - _EOCD.size:
        raise UnsafeZipError("indice dell'archivio di lunghezza incoerente")
    _check_local_headers(data, sorted(offsets, key=lambda o: o[0]), cd_start)
    return entries


def _central_entry(data: bytes, pos: int, limits: Limits) -> tuple[int, bytes, int, int, Entry]:
    """One central directory header at `pos`, checked on its own: (next position, raw name,
    flags, local header offset, entry)."""
    if pos + _CENTRAL.size > len(data):
        raise UnsafeZipError("indice dell'archivio troncato")
    fields = _CENTRAL.unpack_from(data, pos)
    sig, needed, flags, method = fields[0], fields[2], fields[3], fields[4]
    csize, usize = fields[8], fields[9]
    name_len, extra_len, comment_len, disk, offset = fields[10:14] + fields[16:17]
    if sig != _CENTRAL_SIG:
        raise UnsafeZipError("indice dell'archivio non valido")
    raw = data[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len]
    following = pos + _CENTRAL.size + name_len + extra_len + comment_len
    if flags & _ENCRYPTED:
        raise UnsafeZipError("voce cifrata nell'archivio")
    if method not in _METHODS:
        raise UnsafeZipError("metodo di compressione non ammesso")
    if needed > _MAX_NEEDED:
        raise UnsafeZipError("versione zip non ammessa")
    if _ZIP64 in (csize, usize, offset) or disk != 0:
        raise UnsafeZipError("formato zip64 o multivolume non ammesso")
    name = _name(raw, flags)
    check_name(name)
    if method == zipfile.ZIP_STORED and csize != usize:
        raise UnsafeZipError("dimensioni dichiarate incoerenti")
    if usize > limits.max_entry_bytes:
        raise UnsafeZipError("un file dell'archivio è troppo grande")
    return following, raw, flags, offset, Entry(name, usize, csize, method)


def _end_record(data: bytes, limits: Limits) -> tuple[int, int]:
    """Where the central directory starts and how many entries it has; the end record must
    close the file (no comment, nothing appended) and the directory must end where it starts."""
    if len(data) < _EOCD.size:
        raise UnsafeZipError("archivio zip illeggibile")
    end = len(data) - _EOCD.size
    if data[end : end + 4] != _EOCD_SIG:
        if data.rfind(_EOCD_SIG, max(0, end - 0xFFFF)) >= 0:
            raise UnsafeZipError("dati aggiunti dopo la fine dell'archivio")
        raise UnsafeZipError("archivio zip illeggibile")
    _sig, disk, cd_disk, on_disk, count, cd_size, cd_offset, comment = _EOCD.unpack_from(data, end)
    if comment:
        raise UnsafeZipError("dati aggiunti dopo la fine dell'archivio")
    if (
        disk
        or cd_disk
        or on_disk != count
        or 0xFFFF in (count, on_disk)
        or _ZIP64
        in (
            cd_size,
            cd_offset,
        )
    ):
        raise UnsafeZipError("formato zip64 o multivolume non ammesso")
    if count > limits.max_entries:
        raise UnsafeZipError("troppi file nell'archivio")
    if cd_size > end:
        raise UnsafeZipError("indice dell'archivio di lunghezza incoerente")
    cd_start = end - cd_size
    if cd_offset != cd_start:
        raise UnsafeZipError("dati estranei prima dell'archivio o tra i file")
    return cd_start, count


def _check_local_headers(
    data: bytes, ordered: list[tuple[int, bytes, int, Entry]], cd_start: int
) -> None:
    """Entries back to back from byte 0 to the central directory, each local header agreeing
    with the directory's name, flags and method."""
    expected = 0
    for offset, raw, flags, entry in ordered:
        if offset != expected:
            if expected == 0:
                raise UnsafeZipError("dati estranei prima del primo file dell'archivio")
            raise UnsafeZipError("file sovrapposti o dati estranei tra i file dell'archivio")
        if offset + _LOCAL.size > cd_start:
            raise UnsafeZipError("intestazione di un file troncata")
        sig, _v, lflags, lmethod, _t, _d, _crc, _cs, _us, name_len, extra_len = _LOCAL.unpack_from(
            data, offset
        )
        start = offset + _LOCAL.size
        if (
            sig != _LOCAL_SIG
            or data[start : start + name_len] != raw
            or lmethod != entry.method
            or (lflags & _DESCRIPTOR) != (flags & _DESCRIPTOR)
        ):
            raise UnsafeZipError("intestazione di un file diversa dall'indice")
        expected = start + name_len + extra_len + entry.compressed
        if flags & _DESCRIPTOR:
            expected += 16 if data[expected : expected + 4] == _DESCRIPTOR_SIG else 12
        if expected > cd_start:
            raise UnsafeZipError("file sovrapposti o dati estranei tra i file dell'archivio")
    if expected != cd_start:
        if not ordered:
            raise UnsafeZipError("dati estranei prima dell'archivio o tra i file")
        raise UnsafeZipError("dati estranei tra i file e l'indice dell'archivio")


def _name(raw: bytes, flags: int) -> str:
    try:
        return raw.decode("utf-8" if flags & _UTF8 else "cp437")
    except UnicodeDecodeError:
        raise UnsafeZipError("nome di file non valido nell'archivio") from None


def check_name(name: str) -> None:
    """A relative, portable path: no absolute path, drive letter, backslash, control
    character, empty, `.` or `..` component."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        raise UnsafeZipError("nome di file con caratteri di controllo nell'archivio")
    if "\\" in name:
        raise UnsafeZipError("nome di file con barra rovesciata nell'archivio")
    if name.startswith("/") or _DRIVE.match(name):
        raise UnsafeZipError("percorso assoluto nell'archivio")
    parts = name.split("/")
    if ".." in parts:
        raise UnsafeZipError("percorso che risale di cartella ('..') nell'archivio")
    if "" in parts or "." in parts:
        raise UnsafeZipError("nome di file non valido nell'archivio")


def read_entry(
    archive: zipfile.ZipFile, entry: Entry, sha256: str | None = None, *, keep: bool = True
) -> bytes:
    """The bytes of `entry`, streamed and never more than its declared size (zipfile's own
    stream stops there and checks the CRC); with `sha256`, checked against it. `keep` False:
    only checked, b"" returned (nothing held: an entry read again when it is needed)."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    got = 0
    try:
        with archive.open(entry.name) as stream:
            while chunk := stream.read(min(_CHUNK, entry.size - got + 1)):
                got += len(chunk)
                if got > entry.size:
                    raise UnsafeZipError("un file è più grande di quanto dichiarato")
                digest.update(chunk)
                if keep:
                    parts.append(chunk)
    except (
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        if isinstance(exc, UnsafeZipError):
            raise
        raise UnsafeZipError("un file dell'archivio è illeggibile") from None
    if got != entry.size:
        raise UnsafeZipError("un file è più piccolo di quanto dichiarato")
    if sha256 is not None and digest.hexdigest() != sha256:
        raise UnsafeZipError("un'impronta SHA-256 non corrisponde")
    return b"".join(parts)
