"""Reading files of the shared folder: the size is checked before a byte is read, and the read
itself is bounded, so a huge or growing file on the share never fills the memory."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pyrage
import pytest

from minorifamiglie.sync import share as sh

HUGE = 600 * 2**20  # a sparse file: it costs no disk


def _sparse(path: Path, size: int, head: bytes = b"MFBD") -> Path:
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def test_a_600_mib_file_is_refused_from_its_size_without_being_read(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "00000002.mfb", HUGE)
    tracemalloc.start()
    try:
        with pytest.raises(sh.FileTooLarge) as info:
            sh.read_capped(path, 65 * 2**20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (info.value.size, info.value.cap) == (HUGE, 65 * 2**20)
    assert peak < 1 * 2**20  # nothing of it read: no clock needed to show it


def test_a_file_at_its_cap_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    at_cap = tmp_path / "a"
    at_cap.write_bytes(b"x" * 1000)
    assert sh.read_capped(at_cap, 1000) == b"x" * 1000
    over = tmp_path / "b"
    over.write_bytes(b"x" * 1001)
    with pytest.raises(sh.FileTooLarge):
        sh.read_capped(over, 1000)


def test_a_file_growing_while_it_is_read_is_bounded_by_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        with path.open("ab") as fh:  # another laptop appends right after the size was taken
            fh.write(b"y" * 5000)
        return result

    monkeypatch.setattr(os, "fstat", fstat_then_grow)
    with pytest.raises(sh.FileTooLarge) as info:
        sh.read_capped(path, 1000)
    assert info.value.size == 1001  # read no further than one byte past the cap


def test_a_file_that_grew_within_its_cap_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        with path.open("ab") as fh:
            fh.write(b"y" * 20)
        return result

    monkeypatch.setattr(os, "fstat", fstat_then_grow)
    assert sh.read_capped(path, 1000) == b"x" * 10 + b"y" * 20


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 3 * 65536, 1_000_000])
def test_the_age_file_cap_holds_a_real_age_file_to_many_recipients(size: int) -> None:
    recipients = [pyrage.x25519.Identity.generate().to_public() for _ in range(40)]
    sealed = pyrage.encrypt(b"\x00" * size, recipients)
    assert size < len(sealed) <= sh.age_file_cap(size)


def test_the_snapshot_folders_are_those_named_by_a_device_id(tmp_path: Path) -> None:
    import uuid

    folder = sh.TeamFolder(tmp_path, uuid.uuid4())
    assert folder.snapshot_devices() == []
    member, other = sorted((uuid.uuid4(), uuid.uuid4()))
    folder.snapshot_blob(member, uuid.uuid4()).parent.mkdir(parents=True)
    (folder.root / "snapshots" / str(other)).mkdir()
    # not ours: a note, an id spelt otherwise, a file, a link to elsewhere
    (folder.root / "snapshots" / "appunti").mkdir()
    (folder.root / "snapshots" / str(uuid.uuid4()).upper()).mkdir()
    (folder.root / "snapshots" / str(uuid.uuid4())).write_bytes(b"x")
    (tmp_path / "elsewhere").mkdir()
    (folder.root / "snapshots" / str(uuid.uuid4())).symlink_to(tmp_path / "elsewhere")
    assert folder.snapshot_devices() == [member, other]
