"""The team folder on a shared folder (docs/team-folder.md): where each file lives, safe writes.

```
SHARE/minorifamiglie/<team-id>/
  team.json                         the coordinator's public keys
  roster/<version>.roster           signed, encrypted rosters, one per version
  requests/<device-id>.request      join requests (encrypted to the coordinator)
  bundles/<device-id>/<seq>.mfb     immutable bundles
  snapshots/<device-id>/<part>.mfs  a new member's starting point
  blobs/<attachment-id>.age         attachment contents, age-encrypted
```
File names carry only random ids and counters, never anything about a person.

Every file is read through `read_capped`: its size is checked against the cap of its kind before
a byte is read (docs/team-folder.md, "Size limits")."""

from __future__ import annotations

import errno
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from minorifamiglie import portable
from minorifamiglie.domain.ids import TeamId
from minorifamiglie.sync.age_header import MAX_AGE_HEADER

ROOT_NAME = "minorifamiglie"
# Caps of the small kinds; bundles and snapshots: container.MAX_FILE, rosters and join requests:
# roster.MAX_ENVELOPE, attachment blobs: age_file_cap(their declared size).
MAX_TEAM_FILE = 64 * 1024  # team.json: an id and two public keys, under 400 bytes
_AGE_CHUNK = 64 * 1024
_AGE_TAG = 16
# ASCII digits only: `\d` also matches other scripts' digits, which int() reads, so a file
# named 0000000٢.mfb took slot 2 in place of the device's real 00000002.mfb
_SEQ = re.compile(r"([0-9]{8})\.mfb")
_PART = re.compile(r"([0-9]{4})\.mfs")
_VERSION = re.compile(r"([0-9]{6})\.roster")


@dataclass(frozen=True, slots=True)
class TeamFolder:
    share: Path
    team_id: uuid.UUID

    @property
    def root(self) -> Path:
        return self.share / ROOT_NAME / str(self.team_id)

    @property
    def team_file(self) -> Path:
        return self.root / "team.json"

    def roster(self, version: int) -> Path:
        return self.root / "roster" / f"{version:06d}.roster"

    def rosters(self) -> list[tuple[int, Path]]:
        return _numbered(self.root / "roster", _VERSION)

    def request(self, device: uuid.UUID) -> Path:
        return self.root / "requests" / f"{device}.request"

    def requests(self) -> list[Path]:
        folder = self.root / "requests"
        return sorted(folder.glob("*.request")) if folder.is_dir() else []

    def bundle(self, device: uuid.UUID, sequence: int) -> Path:
        return self.root / "bundles" / str(device) / f"{sequence:08d}.mfb"

    def bundle_devices(self) -> list[uuid.UUID]:
        folder = self.root / "bundles"
        out = []
        if folder.is_dir():
            for child in folder.iterdir():
                try:
                    device = uuid.UUID(child.name)
                except ValueError:
                    continue
                if str(device) == child.name:  # one folder per device: its canonical name
                    out.append(device)
        return sorted(out, key=str)

    def linked(self, path: Path) -> Path | None:
        """The first folder from the team folder down to `path` that is a symbolic link, or
        None: the application makes none of them, and a device that wrote through one (put
        there by anyone who can write to the share) would write outside the share."""
        below = [path, *path.parents]
        if self.share in below:
            below = below[: below.index(self.share)]
        return next((part for part in reversed(below) if part.is_symlink()), None)

    def bundles(self, device: uuid.UUID) -> list[tuple[int, Path]]:
        return _numbered(self.root / "bundles" / str(device), _SEQ)

    def snapshot_part(self, device: uuid.UUID, part: int) -> Path:
        return self.root / "snapshots" / str(device) / f"{part:04d}.mfs"

    def snapshot_parts(self, device: uuid.UUID) -> list[tuple[int, Path]]:
        return _numbered(self.root / "snapshots" / str(device), _PART)

    def blob(self, attachment: uuid.UUID) -> Path:
        return self.root / "blobs" / f"{attachment}.age"

    def snapshot_blob(self, device: uuid.UUID, attachment: uuid.UUID) -> Path:
        return self.root / "snapshots" / str(device) / "blobs" / f"{attachment}.age"

    def snapshot_devices(self) -> list[uuid.UUID]:
        """The devices a snapshot was written for (folders named by a device id; anything
        else under snapshots/ is not ours and is left alone)."""
        folder = self.root / "snapshots"
        if not folder.is_dir():
            return []
        out = []
        for child in folder.iterdir():
            try:
                device = uuid.UUID(child.name)
            except ValueError:
                continue
            if str(device) == child.name and child.is_dir() and not child.is_symlink():
                out.append(device)
        return sorted(out)


def _numbered(folder: Path, pattern: re.Pattern[str]) -> list[tuple[int, Path]]:
    if not folder.is_dir():
        return []
    out = []
    for child in folder.iterdir():
        match = pattern.fullmatch(child.name)
        if match:
            out.append((int(match.group(1)), child))
    return sorted(out)


def teams_in(share: Path) -> list[TeamId]:
    folder = share / ROOT_NAME
    out = []
    if folder.is_dir():
        for child in folder.iterdir():
            try:
                team = TeamId(uuid.UUID(child.name))
            except ValueError:
                continue
            if (child / "team.json").is_file():
                out.append(team)
    return sorted(out, key=str)


class NotAFolder(NotADirectoryError):
    """Where a folder of the team folder belongs, something else stands (a file): not the
    share gone away, and never to be taken for a file already written."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        self.path = path


def write_new(path: Path, data: bytes) -> None:
    """Create `path` atomically (temp file, fsync, rename); never over an existing file, even
    one another laptop creates at the same moment. NotAFolder when its folder is a file:
    FileExistsError always means the file itself is there."""
    _folder(path.parent)
    try:
        portable.write_new(path, data, suffix=".part")
    except FileExistsError:
        raise FileExistsError("team files are never replaced") from None


def _folder(path: Path) -> None:
    """`path` made a folder if it is not there; NotAFolder if a file stands there."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise NotAFolder(path) from None


def write_replace(path: Path, data: bytes) -> None:
    """Atomically write or replace (join requests, which a device may send again)."""
    _folder(path.parent)
    portable.write_atomic(path, data)


def aside_name(path: Path) -> Path:
    """A free name beside `path` for a file found in place of one this device wrote and puts
    back (its own bundle, the coordinator's roster): no reader takes it for a file of the
    team's, since names are matched whole (`_numbered`)."""
    n = 1
    while os.path.lexists(candidate := path.with_name(f"{path.name}.damaged-{n}")):
        n += 1
    return candidate


class FileTooLarge(Exception):
    """A file on the share over the cap of its kind: refused from its size, unread."""

    def __init__(self, size: int, cap: int) -> None:
        super().__init__(f"file of {size} bytes over the cap of {cap}")
        self.size = size
        self.cap = cap


def read_capped(path: Path, cap: int) -> bytes:
    """The file's bytes, or FileTooLarge when it holds more than `cap` bytes: the size is
    checked before reading, and the read is bounded too, so a file growing meanwhile cannot
    bring more than `cap + 1` bytes into memory. NotAFileError for a folder, FIFO, device or
    symlink (never waited on: the application writes none of them, and a link to another file
    would make a small share fill the reader's disk); OSError when the share is not
    reachable."""
    fh, status = portable.open_regular(path, follow=False)
    with fh:
        size = status.st_size
        if size > cap:
            raise FileTooLarge(size, cap)
        # read(n) allocates n bytes first: ask for the file's own size (plus one, to notice a
        # file that grew), then for what may have been appended, never past the cap.
        data = fh.read(size + 1)
        if len(data) > size:
            data += fh.read(cap + 1 - len(data))
    if len(data) > cap:
        raise FileTooLarge(len(data), cap)
    return data


def age_file_cap(plain_size: int) -> int:
    """The largest age file (binary) of `plain_size` bytes of content: a bounded header, the
    16-byte nonce, then each 64 KiB chunk with its 16-byte tag."""
    chunks = plain_size // _AGE_CHUNK + 1
    return MAX_AGE_HEADER + _AGE_TAG + plain_size + chunks * _AGE_TAG
