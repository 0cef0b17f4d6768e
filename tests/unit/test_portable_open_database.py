"""Reading the bytes of a database file this process has open: exactly the bytes asked for, by a
child process on POSIX (so no descriptor of the file is ever closed here), directly on Windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from minorifamiglie import portable


def read_all(reader: portable.Reader) -> bytes:
    parts = []
    while part := reader.read(1 << 16):
        parts.append(part)
    return b"".join(parts)


@pytest.mark.parametrize("files", [portable.PosixFiles(), portable.WindowsFiles()])
def test_exactly_the_first_bytes_are_read(files: portable.Files, tmp_path: Path) -> None:
    # Given a file longer than the part wanted (pages past a database's end)
    path = tmp_path / "cartelle.db"
    data = bytes(range(256)) * 1024  # 256 KiB, more than a pipe holds at once
    path.write_bytes(data + b"coda")
    if not portable.can_read_open_database(files):
        pytest.skip("no head utility")
    # When its first bytes are read
    with portable.read_open_database(path, len(data), files) as reader:
        got = read_all(reader)
        # Then those come, and then the end
        assert reader.read(10) == b""
    assert got == data


@pytest.mark.parametrize("files", [portable.PosixFiles(), portable.WindowsFiles()])
def test_a_file_shorter_than_asked_is_an_error(files: portable.Files, tmp_path: Path) -> None:
    path = tmp_path / "cartelle.db"
    path.write_bytes(b"x" * 1000)
    with (
        pytest.raises(OSError, match="shorter"),
        portable.read_open_database(path, 4096, files) as reader,
    ):
        read_all(reader)


def test_a_file_that_is_not_there_is_an_error(tmp_path: Path) -> None:
    with (
        pytest.raises(OSError),
        portable.read_open_database(tmp_path / "assente.db", 10) as reader,
    ):
        read_all(reader)
