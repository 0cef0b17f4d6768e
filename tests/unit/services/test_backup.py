"""Backup and restore of a whole profile: one encrypted file, a consistent snapshot even while
another connection writes, refused when damaged or with the wrong passphrase, nothing left
behind on failure, and no plaintext anywhere."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO, cast

import pytest
from sqlalchemy import func, select

from faults import FullFile, hold_lock_in_another_process
from minorifamiglie import config
from minorifamiglie.domain.enums import AuditAction, Service
from minorifamiglie.domain.errors import (
    DomainError,
    IntegrityError,
    ProfileError,
    WrongPassphraseError,
)
from minorifamiglie.services import (
    attachments,
    backup,
    cases,
    dump,
    integrity,
    profiles,
    visits,
)
from minorifamiglie.storage.models import AuditEventRow, VisitRow
from minorifamiglie.storage.profile import OpenProfile
from private_modes import is_private_dir, is_private_file
from support.clock import TODAY
from support.profiles import PASSPHRASE

MINOR = "Luca Rota"


@pytest.fixture
def with_case(opened: OpenProfile) -> OpenProfile:
    case = cases.add_case(
        opened, ambito="VBR", service=Service.AFFIDO, minor_name=MINOR, today=TODAY
    )
    for hour in (9, 11):
        visits.add_visit(
            opened,
            case=case.code,
            date=TODAY,
            start=dt.time(hour),
            end=dt.time(hour + 1),
            place="domicilio",
            notes="Incontro sereno in Val Seriana",
            close=True,
            today=TODAY,
        )
    return opened


def visit_count(opened: OpenProfile) -> int:
    with opened.session() as session:
        return int(session.execute(select(func.count()).select_from(VisitRow)).scalar_one())


def test_restore_elsewhere_gives_the_same_profile_with_the_same_passphrase(
    with_case: OpenProfile, tmp_path: Path
) -> None:
    # Given a profile with a case and two visits, backed up to a file
    target = tmp_path / "chiavetta" / "copia.mfbk"
    target.parent.mkdir()
    info = backup.backup(with_case, target)

    # Then the file is private, alone in its folder (no temporary left), and audited
    assert is_private_file(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["copia.mfbk"]
    assert info.size == target.stat().st_size and info.database_bytes > 0
    with with_case.session() as session:
        event = session.execute(
            select(AuditEventRow).where(AuditEventRow.action == AuditAction.EXPORT)
        ).scalar_one()
    assert json.loads(event.detail)["kind"] == "backup"

    # When it is restored on another path and unlocked with the same passphrase
    restored = backup.restore(target, tmp_path / "nuovo" / "profilo", PASSPHRASE)
    root = restored.root
    assert is_private_dir(root)
    assert {p.name for p in root.iterdir()} == {"profile.json", "cartelle.db"}
    assert all(is_private_file(p) for p in root.iterdir())
    again = profiles.unlock(root, PASSPHRASE)
    try:
        # Then it holds the same records, passes the check, and keeps working
        assert dump.dump_json(again) == dump.dump_json(with_case)
        assert integrity.check(again).sound
        cases.add_case(again, ambito="VBR", service=Service.ADM, minor_name="Sara Locatelli")
        assert len(cases.list_cases(again)) == 2
        assert integrity.check(again).sound
    finally:
        again.close()


def test_the_backup_holds_no_plaintext(with_case: OpenProfile, tmp_path: Path) -> None:
    target = tmp_path / "copia.mfbk"
    backup.backup(with_case, target)
    raw = target.read_bytes()
    assert raw[:4] == b"MFBK"
    for secret in (MINOR, "Rota", "Val Seriana", "Giulia Bianchi", "SQLite format 3"):
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw


def test_wrong_passphrase_is_refused_with_nothing_written(
    with_case: OpenProfile, tmp_path: Path
) -> None:
    target = tmp_path / "copia.mfbk"
    backup.backup(with_case, target)
    with pytest.raises(WrongPassphraseError):
        backup.restore(target, tmp_path / "nuovo", "non è quella giusta")
    assert not (tmp_path / "nuovo").exists()


@pytest.mark.parametrize("where", ["salt", "profile", "body", "tag"])
def test_a_flipped_byte_is_refused_with_nothing_written(
    with_case: OpenProfile, tmp_path: Path, where: str
) -> None:
    target = tmp_path / "copia.mfbk"
    backup.backup(with_case, target)
    data = bytearray(target.read_bytes())
    header_end = backup._FIXED.size + int.from_bytes(data[22:26], "big")
    offset = {"salt": 10, "profile": 60, "body": header_end + 5000, "tag": len(data) - 3}[where]
    data[offset] ^= 0x01
    target.write_bytes(bytes(data))
    empty = tmp_path / "vuota"
    empty.mkdir()
    with pytest.raises(DomainError):  # integrity (exit 4) or, inside profile.json, passphrase
        backup.restore(target, empty, PASSPHRASE)
    assert list(empty.iterdir()) == []


def test_truncated_or_foreign_files_are_refused(with_case: OpenProfile, tmp_path: Path) -> None:
    target = tmp_path / "copia.mfbk"
    backup.backup(with_case, target)
    data = target.read_bytes()
    header_end = backup._FIXED.size + int.from_bytes(data[22:26], "big")
    (tmp_path / "tronco").write_bytes(data[: header_end + 4096 + 16])
    with pytest.raises(IntegrityError):
        backup.restore(tmp_path / "tronco", tmp_path / "a", PASSPHRASE)
    (tmp_path / "solo-intestazione").write_bytes(data[:header_end])
    with pytest.raises(IntegrityError):
        backup.restore(tmp_path / "solo-intestazione", tmp_path / "a", PASSPHRASE)
    (tmp_path / "altro").write_bytes(b"PK\x03\x04" + data[4:])
    with pytest.raises(backup.BackupFormatError):
        backup.restore(tmp_path / "altro", tmp_path / "a", PASSPHRASE)
    assert not (tmp_path / "a").exists()


def test_restore_refuses_a_folder_that_is_not_empty(with_case: OpenProfile, tmp_path: Path) -> None:
    target = tmp_path / "copia.mfbk"
    backup.backup(with_case, target)
    busy = tmp_path / "occupata"
    busy.mkdir()
    (busy / "appunti.txt").write_text("x")
    with pytest.raises(ProfileError):
        backup.restore(target, busy, PASSPHRASE)
    assert [p.name for p in busy.iterdir()] == ["appunti.txt"]


def test_backup_while_another_connection_writes_is_a_consistent_snapshot(
    with_case: OpenProfile, profile_root: Path, tmp_path: Path
) -> None:
    # Given another unlocked connection adding visits in a loop
    code = cases.list_cases(with_case)[0].code
    writer = profiles.unlock(profile_root, PASSPHRASE)
    stop = threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def write() -> None:
        minute = 0
        try:
            while not stop.is_set():
                minute += 1
                slot = minute % 600
                start, end = dt.time(8 + slot // 60, slot % 60), dt.time(9 + slot // 60, slot % 60)
                visits.add_visit(
                    writer, case=code, date=TODAY, start=start, end=end,
                    place="domicilio", notes=f"visita {minute}", close=True, today=TODAY,
                )  # fmt: skip
                written.append(minute)
                # Breathing between writes, as a real writer does (see VISITS_UNTIL_STOPPED):
                # a loop retaking the lock at once can keep the backup's short write out for
                # the whole busy timeout on a loaded machine. Not an ordering.
                stop.wait(0.002)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    snapshots = []
    try:
        while len(written) < 5 and thread.is_alive():
            stop.wait(0.01)
        # When backups are taken while it writes
        for i in range(3):
            before = visit_count(with_case)
            target = tmp_path / f"copia-{i}.mfbk"
            backup.backup(with_case, target)
            snapshots.append((target, before, visit_count(with_case)))
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert not errors, errors
    assert len(written) > 5
    assert any(after > before for _, before, after in snapshots)  # the writes overlapped

    # Then each restores to a sound profile holding a count of visits the live one went through
    for i, (target, before, after) in enumerate(snapshots):
        restored = backup.restore(target, tmp_path / f"ripristino-{i}", PASSPHRASE)
        again = profiles.unlock(restored.root, PASSPHRASE)
        try:
            assert integrity.check(again).sound
            assert before <= visit_count(again) <= after
        finally:
            again.close()


def test_the_scheduled_backup_writes_when_due_and_not_before(
    with_case: OpenProfile, tmp_path: Path
) -> None:
    stick = tmp_path / "chiavetta"
    stick.mkdir()
    # Off: nothing, even with no backup ever made
    assert backup.scheduled_backup(with_case, stick, 0) is None
    assert backup.last_backup(with_case) is None
    # Due (never backed up): a file whose name says only when
    first = backup.scheduled_backup(with_case, stick, 1)
    assert first is not None
    assert first.path.parent == stick
    assert first.path.name.startswith("minorifamiglie-backup-") and first.path.suffix == ".mfbk"
    made = backup.last_backup(with_case)
    assert made is not None
    # Not due again within the day; due once the day has passed
    assert backup.scheduled_backup(with_case, stick, 1) is None
    later = made + dt.timedelta(days=1, seconds=5)
    second = backup.scheduled_backup(with_case, stick, 1, now=later)
    assert second is not None and second.path != first.path
    assert len(list(stick.iterdir())) == 2
    # A folder that is not there (the stick was pulled out) is one clear error
    with pytest.raises(DomainError, match="non raggiungibile"):
        backup.scheduled_backup(
            with_case, tmp_path / "staccata", 1, now=later + dt.timedelta(days=2)
        )


def test_the_golden_backup_of_format_v1_still_restores(tmp_path: Path) -> None:
    # A real file of the first format version, as it may sit on a USB stick (tests/data/README.md)
    golden = Path(__file__).parents[2] / "data" / "backup-v1" / "profilo.mfbk"
    restored = backup.restore(golden, tmp_path / "profilo", "passphrase dorata di prova")
    again = profiles.unlock(restored.root, "passphrase dorata di prova")
    try:
        assert integrity.check(again).sound
        assert len(cases.list_cases(again)) == 3
    finally:
        again.close()


# ------------------------------------------------------------------ other processes meanwhile

# Another process on the same profile: adds visits to the first case until `stop` exists,
# saying "pronto" after the first five, and at the end how many it added.
VISITS_UNTIL_STOPPED = """
import datetime as dt, sys, time
from pathlib import Path
from minorifamiglie.services import cases, profiles, visits

root, stop = Path(sys.argv[1]), Path(sys.argv[2])
opened = profiles.unlock(root, sys.stdin.readline().rstrip("\\n"))
code = cases.list_cases(opened)[0].code
day = dt.date(2026, 11, 24)
added = 0
while not stop.exists():
    slot = added % 600
    visits.add_visit(
        opened, case=code, date=day, start=dt.time(8 + slot // 60, slot % 60),
        end=dt.time(9 + slot // 60, slot % 60), place="domicilio", notes=f"visita {added}",
        close=True, today=day,
    )
    added += 1
    if added == 5:
        print("pronto", flush=True)
    # Breathing between writes, as any real writer does: SQLite's busy handler sleeps between
    # tries, so a loop that takes the lock again within microseconds of each commit can keep
    # the backup's own short write out for the whole busy timeout (seen once in a full run).
    # Not an ordering: the test holds however the two interleave.
    time.sleep(0.002)
opened.close()
print(added, flush=True)
"""

# Another process that, called in the middle of a backup, adds a visit and checkpoints, and
# prints what the checkpoint managed (busy, frames in the WAL, frames copied to the main file).
ONE_VISIT_AND_CHECKPOINT = """
import datetime as dt, sys
from pathlib import Path
from minorifamiglie.services import cases, profiles, visits
from minorifamiglie.storage.database import raw_connection

root = Path(sys.argv[1])
opened = profiles.unlock(root, sys.stdin.readline().rstrip("\\n"))
day = dt.date(2026, 11, 24)
visits.add_visit(
    opened, case=cases.list_cases(opened)[0].code, date=day, start=dt.time(15),
    end=dt.time(16), place="scuola", notes="a meta backup", close=True, today=day,
)
with raw_connection(opened.paths.database, opened.master_key()) as conn:
    print(*conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
opened.close()
"""


def python(code: str, *args: Path) -> list[str]:
    return [sys.executable, "-c", code, *map(str, args)]


def test_a_backup_while_another_process_writes_restores_sound_and_nothing_is_lost(
    with_case: OpenProfile, profile_root: Path, tmp_path: Path
) -> None:
    # Given another process adding visits to the same profile without pause
    stop = tmp_path / "basta"
    writer = subprocess.Popen(
        python(VISITS_UNTIL_STOPPED, profile_root, stop),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdin is not None and writer.stdout is not None
    writer.stdin.write(PASSPHRASE + "\n")
    writer.stdin.close()
    snapshots: list[tuple[Path, int, int]] = []
    try:
        assert writer.stdout.readline() == "pronto\n"
        # When backups are taken meanwhile, until a few overlapped its writes
        while sum(after > before for _, before, after in snapshots) < 3 and len(snapshots) < 15:
            before = visit_count(with_case)
            target = tmp_path / f"copia-{len(snapshots)}.mfbk"
            backup.backup(with_case, target)
            snapshots.append((target, before, visit_count(with_case)))
    finally:
        stop.touch()
        out = writer.stdout.read()
        writer.wait()
    # Then the writer never failed, and every visit it added is in the profile
    assert writer.returncode == 0
    assert visit_count(with_case) == 2 + int(out.split()[-1])
    assert any(after > before for _, before, after in snapshots)
    # And each backup restores to a sound profile at a state the live one went through
    for i, (target, before, after) in enumerate(snapshots):
        restored = backup.restore(target, tmp_path / f"ripristino-{i}", PASSPHRASE)
        again = profiles.unlock(restored.root, PASSPHRASE)
        try:
            assert integrity.check(again).sound
            assert before <= visit_count(again) <= after
        finally:
            again.close()


class _Interrupting:
    """The sealed file's writer that, after its first chunk, lets another process write."""

    def __init__(self, raw: BinaryIO, root: Path, seen: list[str]) -> None:
        self.raw, self.root, self.seen, self.writes = raw, root, seen, 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.writes == 3:  # the header, the first chunk, then: another process writes
            child = subprocess.run(
                python(ONE_VISIT_AND_CHECKPOINT, self.root),
                input=PASSPHRASE + "\n", capture_output=True, text=True, check=True,
            )  # fmt: skip
            self.seen.append(child.stdout)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


def test_a_write_and_a_checkpoint_in_the_middle_of_the_copy_do_not_reach_it(
    with_case: OpenProfile, profile_root: Path, tmp_path: Path
) -> None:
    # Given a profile of several MiB (a large attachment), as it stands
    attachments.add_attachment(
        with_case, cases.list_cases(with_case)[0].code, filename="relazione.pdf",
        content=os.urandom(3 << 20),
    )  # fmt: skip
    before = visit_count(with_case)
    # When, half-way through the backup's copy, another process adds a visit and checkpoints
    seen: list[str] = []
    target = tmp_path / "copia.mfbk"
    backup.seal(
        with_case.paths, with_case.master_key(), target,
        lambda raw: cast(BinaryIO, _Interrupting(raw, profile_root, seen)),
    )  # fmt: skip
    _busy, log, done = map(int, seen[0].split())
    assert log > 0 and done < log  # the checkpoint was held back by the backup's read
    # Then the backup holds the profile as it was when the copy began, sound
    restored = backup.restore(target, tmp_path / "ripristino", PASSPHRASE)
    again = profiles.unlock(restored.root, PASSPHRASE)
    try:
        assert integrity.check(again).sound
        assert visit_count(again) == before
    finally:
        again.close()
    # And the visit is in the live profile
    assert visit_count(with_case) == before + 1


def test_an_older_snapshot_held_by_another_reader_gets_the_backup_apis_copy(
    with_case: OpenProfile, profile_root: Path, tmp_path: Path
) -> None:
    # Given another connection reading an older state, and a visit written since
    reader = profiles.unlock(profile_root, PASSPHRASE)
    try:
        with reader.read_session() as session:
            session.execute(select(func.count()).select_from(VisitRow)).scalar_one()
            visits.add_visit(
                with_case, case=cases.list_cases(with_case)[0].code, date=TODAY,
                start=dt.time(15), end=dt.time(16), place="scuola", notes="dopo",
                close=True, today=TODAY,
            )  # fmt: skip
            # When a backup is taken while that read lasts (the main file cannot be pinned)
            target = tmp_path / "copia.mfbk"
            backup.backup(with_case, target)
    finally:
        reader.close()
    # Then it holds the newest state all the same, sound, and left no temporary file
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")) == []
    restored = backup.restore(target, tmp_path / "ripristino", PASSPHRASE)
    again = profiles.unlock(restored.root, PASSPHRASE)
    try:
        assert integrity.check(again).sound
        assert visit_count(again) == 3
    finally:
        again.close()


# A separate process that tries to take the profile's database for itself, as SQLite does when
# it closes what it believes is the last connection (and then deletes the WAL): the SHARED lock
# byte range of SQLite's unix VFS, which every open connection in WAL mode holds.
TAKE_EXCLUSIVE = """
import fcntl, sys
with open(sys.argv[1], "r+b") as fh:
    try:
        fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB, 510, 0x40000002)
    except OSError:
        print("occupato")
    else:
        print("libero")
"""


@pytest.mark.skipif(os.name == "nt", reason="POSIX record locks")
def test_a_backup_keeps_the_locks_sqlite_holds_on_the_profile(
    with_case: OpenProfile, tmp_path: Path
) -> None:
    # Given the profile open in this process (its connections lock the database file)
    database = with_case.paths.database

    def others_see() -> str:
        child = subprocess.run(
            python(TAKE_EXCLUSIVE, database), capture_output=True, text=True, check=True
        )
        return child.stdout.strip()

    assert others_see() == "occupato"
    # When it is backed up (pages read from the file itself)
    backup.backup(with_case, tmp_path / "copia.mfbk")
    # Then another process still cannot take the file as unused
    assert others_see() == "occupato"
    # (what closing a descriptor of the file in this process would have done)
    database.open("rb").close()
    assert others_see() == "libero"


def test_a_full_disk_is_named_and_leaves_the_destination_as_it_was(
    with_case: OpenProfile, tmp_path: Path
) -> None:
    # Given an older backup at the destination
    stick = tmp_path / "chiavetta"
    stick.mkdir()
    target = stick / "copia.mfbk"
    target.write_bytes(b"il backup di ieri")
    # When the disk is full as the new one is written
    with pytest.raises(DomainError, match="disco pieno") as refused:
        backup.backup(with_case, target, wrap=lambda out: cast(BinaryIO, FullFile(out)))
    # Then one line says so, and the folder holds the older backup alone, unchanged
    assert "\n" not in str(refused.value)
    assert [p.name for p in stick.iterdir()] == ["copia.mfbk"]
    assert target.read_bytes() == b"il backup di ieri"
    assert backup.last_backup(with_case) is None


KILLED_WHILE_CHECKING = """
import os, sys
from pathlib import Path
from minorifamiglie.services import backup

def killed(root, passphrase):
    os._exit(9)  # as a SIGKILL would: no cleanup runs

backup._check_restored = killed
backup.restore(Path(sys.argv[1]), Path(sys.argv[2]), sys.stdin.readline().rstrip("\\n"))
"""


def test_a_restore_killed_while_it_checks_leaves_no_profile_and_is_done_again(
    with_case: OpenProfile, tmp_path: Path
) -> None:
    source = tmp_path / "copia.mfbk"
    backup.backup(with_case, source)
    target = tmp_path / "nuovo"
    # When a restore is killed while it checks what it wrote
    child = subprocess.run(
        python(KILLED_WHILE_CHECKING, source, target),
        input=PASSPHRASE + "\n", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert child.returncode == 9
    # Then the folder holds no profile (nothing unchecked that looks whole)
    assert not (target / "profile.json").exists() and not (target / "cartelle.db").exists()
    with pytest.raises(ProfileError, match=r"ripristino .* non è terminato") as said:
        profiles.unlock(target, PASSPHRASE)
    assert "rilanciare 'restore'" in str(said.value)  # not 'crearlo con init'
    # And the restore done again takes the folder, leftover and all
    restored = backup.restore(source, target, PASSPHRASE)
    assert {p.name for p in restored.root.iterdir()} == {"profile.json", "cartelle.db"}
    again = profiles.unlock(target, PASSPHRASE)
    try:
        assert dump.dump_json(again) == dump.dump_json(with_case)
    finally:
        again.close()


def test_a_second_restore_into_the_same_folder_waits_its_turn_and_spoils_nothing(
    with_case: OpenProfile, tmp_path: Path
) -> None:
    source = tmp_path / "copia.mfbk"
    backup.backup(with_case, source)
    target = tmp_path / "nuovo"
    # Given a restore under way into the folder (its staging folder held by its process)
    staging = target / config.RESTORE_STAGING
    staging.mkdir(parents=True)
    (staging / "cartelle.db").write_bytes(b"pagine in scrittura")
    running = hold_lock_in_another_process(staging / config.LOCK_FILE)
    try:
        # When a second restore into the same folder starts, then it is refused by name and
        # leaves the first one's files alone (it took them for a killed restore's)
        with pytest.raises(backup.RestoreRunningError, match="Un altro ripristino è in corso"):
            backup.restore(source, target, PASSPHRASE)
        assert (staging / "cartelle.db").read_bytes() == b"pagine in scrittura"
    finally:
        running.kill()
        running.wait()
    # And once that restore is gone (killed), the next one takes the folder over
    restored = backup.restore(source, target, PASSPHRASE)
    assert {p.name for p in restored.root.iterdir()} == {"profile.json", "cartelle.db"}
