"""profile.json: the master key wrapped under the passphrase; any tampered field is refused."""

from __future__ import annotations

import base64
import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyrage
import pytest

from minorifamiglie.domain.errors import ProfileError, WrongPassphraseError
from minorifamiglie.storage.keyfile import (
    MAX_FAILED_COUNT,
    MAX_KDF_WORK_KIB,
    FailedUnlocks,
    KdfParams,
    KeyFile,
    read_keyfile,
    remaining_wait,
    unlock_delay,
    write_keyfile,
)
from private_modes import is_private_file
from support.profiles import FAST_KDF, PASSPHRASE

# The values of tests/conftest.py, which a test module cannot import (two conftests).

DEVICE = uuid.UUID("3f0c8a52-6d1e-4b7a-9c2d-5e8f1a0b3c4d")


@pytest.fixture(scope="module")
def master_key() -> bytes:
    return os.urandom(32)


@pytest.fixture(scope="module")
def keyfile(master_key: bytes) -> KeyFile:
    return KeyFile.create(DEVICE, PASSPHRASE, master_key, FAST_KDF)


def test_the_passphrase_unwraps_the_master_key(keyfile: KeyFile, master_key: bytes) -> None:
    assert keyfile.unwrap(PASSPHRASE) == master_key
    assert master_key not in keyfile.to_bytes()
    assert keyfile.kdf.salt and len(keyfile.kdf.salt) == 16
    assert len(keyfile.nonce) == 12


@pytest.mark.parametrize(
    "wrong", ["", "cavallo batteria graffett", "Cavallo batteria graffetta", PASSPHRASE + " "]
)
def test_a_wrong_passphrase_raises(keyfile: KeyFile, wrong: str) -> None:
    with pytest.raises(WrongPassphraseError):
        keyfile.unwrap(wrong)


def test_the_file_round_trips(keyfile: KeyFile, master_key: bytes) -> None:
    again = KeyFile.from_bytes(keyfile.to_bytes())
    assert again == keyfile
    assert again.unwrap(PASSPHRASE) == master_key


def test_two_profiles_never_share_salt_or_nonce(master_key: bytes) -> None:
    a = KeyFile.create(DEVICE, PASSPHRASE, master_key, FAST_KDF)
    b = KeyFile.create(DEVICE, PASSPHRASE, master_key, FAST_KDF)
    assert a.kdf.salt != b.kdf.salt
    assert a.nonce != b.nonce
    assert a.wrapped_key != b.wrapped_key


def test_the_default_kdf_is_argon2id_with_real_cost() -> None:
    doc = KdfParams().to_json()
    assert doc["name"] == "argon2id"
    assert doc["memory_cost_kib"] >= 64 * 1024
    assert doc["time_cost"] >= 2


def test_rewrap_keeps_the_master_key_under_a_new_passphrase(
    keyfile: KeyFile, master_key: bytes
) -> None:
    new = keyfile.rewrap(master_key, "nuova passphrase lunga")
    assert new.unwrap("nuova passphrase lunga") == master_key
    with pytest.raises(WrongPassphraseError):
        new.unwrap(PASSPHRASE)
    assert new.kdf.salt != keyfile.kdf.salt
    assert new.nonce != keyfile.nonce
    assert (new.kdf.time_cost, new.kdf.memory_cost_kib) == (
        keyfile.kdf.time_cost,
        keyfile.kdf.memory_cost_kib,
    )


def _flip_b64(text: str, index: int = 0) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


TAMPERING: dict[str, Callable[[dict[str, Any]], None]] = {
    "device id": _set(("device_id",), str(uuid.UUID(int=DEVICE.int ^ 1))),
    "kdf time cost lowered": _set(("kdf", "time_cost"), 2),
    "kdf memory raised": _set(("kdf", "memory_cost_kib"), 16 * 1024),
    "kdf parallelism": _set(("kdf", "parallelism"), 2),
    "kdf version": _set(("kdf", "version"), 16),
    "ciphertext last byte": lambda d: d["master_key"].update(
        ciphertext=_flip_b64(d["master_key"]["ciphertext"], -1)
    ),
    "ciphertext first byte": lambda d: d["master_key"].update(
        ciphertext=_flip_b64(d["master_key"]["ciphertext"], 0)
    ),
    "ciphertext truncated": lambda d: d["master_key"].update(
        ciphertext=base64.b64encode(base64.b64decode(d["master_key"]["ciphertext"])[:-1]).decode()
    ),
    "nonce": lambda d: d["master_key"].update(nonce=_flip_b64(d["master_key"]["nonce"])),
    "salt": lambda d: d["kdf"].update(salt=_flip_b64(d["kdf"]["salt"])),
}


@pytest.mark.parametrize("what", sorted(TAMPERING))
def test_a_tampered_profile_json_is_refused(keyfile: KeyFile, what: str) -> None:
    doc = json.loads(keyfile.to_bytes())
    TAMPERING[what](doc)
    with pytest.raises((WrongPassphraseError, ProfileError)):
        KeyFile.from_bytes(json.dumps(doc).encode()).unwrap(PASSPHRASE)


@pytest.mark.parametrize(
    "edit",
    [
        _set(("format",), "something-else"),
        _set(("version",), 2),
        _set(("kdf", "name"), "pbkdf2"),
        _set(("device_id",), "not-a-uuid"),
        _set(("kdf", "salt"), "***"),
        _set(("master_key",), None),
        lambda d: d.pop("kdf"),
    ],
)
def test_a_damaged_or_foreign_profile_json_is_a_profile_error(
    keyfile: KeyFile, edit: Callable[[dict[str, Any]], None]
) -> None:
    doc = json.loads(keyfile.to_bytes())
    edit(doc)
    with pytest.raises(ProfileError):
        KeyFile.from_bytes(json.dumps(doc).encode())


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"\xff\xfe", b"null"])
def test_garbage_is_a_profile_error(raw: bytes) -> None:
    with pytest.raises(ProfileError):
        KeyFile.from_bytes(raw)


@pytest.mark.parametrize("what", ["pipe", "folder", "link loop"])
def test_profile_json_that_is_not_a_file_is_one_profile_error_and_never_waits(
    tmp_path: Path, what: str
) -> None:
    # A pipe in its place held every command forever, waiting for a writer
    path = tmp_path / "profile.json"
    if what == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(path)
    elif what == "folder":
        path.mkdir()
    else:
        path.symlink_to(path)
    outcome: list[BaseException] = []
    reader = threading.Thread(
        target=lambda: _capture(outcome, lambda: read_keyfile(path)), daemon=True
    )
    reader.start()
    reader.join(timeout=30)  # a safety net only: the read does not wait for anything
    assert not reader.is_alive(), "read_keyfile waited on a pipe"
    (error,) = outcome
    assert isinstance(error, ProfileError) and str(path) in str(error)
    assert "\n" not in str(error)


def _capture(outcome: list[BaseException], call: Callable[[], object]) -> None:
    try:
        call()
    except BaseException as exc:
        outcome.append(exc)


def test_unlock_delay_grows_then_caps_at_five_minutes() -> None:
    delays = [unlock_delay(n) for n in range(0, 15)]
    assert delays[:6] == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
    assert delays == sorted(delays)
    assert max(delays) == 300.0
    assert unlock_delay(-3) == 0.0
    assert unlock_delay(10_000) == 300.0


def test_remaining_wait_counts_from_the_last_failure(keyfile: KeyFile) -> None:
    failed = replace(keyfile, failed=FailedUnlocks(3, 1000.0))  # 4 s after the 3rd failure
    assert remaining_wait(failed, now=1000.0) == 4.0
    assert remaining_wait(failed, now=1003.0) == 1.0
    assert remaining_wait(failed, now=1010.0) == 0.0
    assert remaining_wait(keyfile, now=0.0) == 0.0


def test_a_failure_stamped_by_a_clock_running_ahead_never_waits_longer_than_the_delay(
    keyfile: KeyFile,
) -> None:
    # The laptop's clock was a year ahead at the failure and has since been put right.
    year = 365 * 24 * 3600.0
    failed = replace(keyfile, failed=FailedUnlocks(2, 1000.0 + year))
    assert remaining_wait(failed, now=1000.0) == unlock_delay(2) == 2.0


def test_the_file_is_written_private_and_read_back(tmp_path: Any, keyfile: KeyFile) -> None:
    path = tmp_path / "profile.json"
    write_keyfile(path, keyfile)
    assert is_private_file(path)
    assert read_keyfile(path) == keyfile
    assert [p.name for p in tmp_path.iterdir()] == ["profile.json"]  # no temp file left


def test_reading_a_missing_profile_says_how_to_create_one(tmp_path: Any) -> None:
    with pytest.raises(ProfileError, match="init"):
        read_keyfile(tmp_path / "profile.json")


# ------------------------------------------------------------------------------ recovery wrapping

GOLDEN = sorted((Path(__file__).resolve().parents[2] / "data").glob("profile-*/profile.json"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.parent.name for p in GOLDEN])
def test_golden_profile_json_files_without_recovery_read_and_write_back_the_same(
    path: Path,
) -> None:
    keyfile = KeyFile.from_bytes(path.read_bytes())
    assert keyfile.recovery is None
    assert keyfile.to_bytes() == path.read_bytes()


def test_the_recovery_wrapping_is_an_age_file_only_the_identity_opens(
    keyfile: KeyFile, master_key: bytes
) -> None:
    identity = pyrage.x25519.Identity.generate()
    wrapped = keyfile.with_recovery(master_key, str(identity.to_public()))
    again = KeyFile.from_bytes(wrapped.to_bytes())
    assert again == wrapped and again.recovery is not None
    assert again.recovery.recipient == str(identity.to_public())
    assert again.recovery.unwrap(identity) == master_key
    assert pyrage.decrypt(again.recovery.age_file, [identity]) == master_key
    with pytest.raises(WrongPassphraseError):
        again.recovery.unwrap(pyrage.x25519.Identity.generate())
    # The passphrase wrapping is untouched; a rewrap keeps the recovery wrapping.
    assert again.unwrap(PASSPHRASE) == master_key
    assert again.rewrap(master_key, "altra passphrase lunga").recovery == again.recovery
    assert master_key not in again.to_bytes()


@pytest.mark.parametrize(
    "edit",
    [
        _set(("recovery",), {"format": "rsa", "version": 1, "recipient": "x", "age_file": ""}),
        _set(("recovery",), {"format": "age-x25519", "version": 9, "recipient": "x"}),
        _set(("recovery",), {"format": "age-x25519", "version": 1, "recipient": "x"}),
        _set(("recovery",), {"format": "age-x25519", "version": 1, "age_file": "***"}),
        _set(("recovery",), "age1"),
    ],
)
def test_a_damaged_recovery_wrapping_is_a_profile_error(
    keyfile: KeyFile, edit: Callable[[dict[str, Any]], None]
) -> None:
    doc = json.loads(keyfile.to_bytes())
    edit(doc)
    with pytest.raises(ProfileError):
        KeyFile.from_bytes(json.dumps(doc).encode())


def test_a_bad_recovery_recipient_is_refused(keyfile: KeyFile, master_key: bytes) -> None:
    with pytest.raises(ProfileError):
        keyfile.with_recovery(master_key, "age1nonvalido")


# ------------------------------------------------------------------------- hostile profile.json

HOSTILE: dict[str, tuple[tuple[str, ...], Any, str]] = {
    # what: (path of the field, hostile value, the field the refusal names)
    "time cost of a million": (("kdf", "time_cost"), 10**6, "kdf.time_cost"),
    "time cost zero": (("kdf", "time_cost"), 0, "kdf.time_cost"),
    "time cost as text": (("kdf", "time_cost"), "3", "kdf.time_cost"),
    "time cost true": (("kdf", "time_cost"), True, "kdf.time_cost"),
    "time cost float": (("kdf", "time_cost"), 2.5, "kdf.time_cost"),
    "memory of 2^63 KiB": (("kdf", "memory_cost_kib"), 2**63, "kdf.memory_cost_kib"),
    "memory above 1 GiB": (("kdf", "memory_cost_kib"), 1024 * 1024 + 1, "kdf.memory_cost_kib"),
    "memory below 8 MiB": (("kdf", "memory_cost_kib"), 8 * 1024 - 1, "kdf.memory_cost_kib"),
    "negative memory": (("kdf", "memory_cost_kib"), -1, "kdf.memory_cost_kib"),
    "parallelism 17": (("kdf", "parallelism"), 17, "kdf.parallelism"),
    "parallelism 0": (("kdf", "parallelism"), 0, "kdf.parallelism"),
    "salt of 15 bytes": (("kdf", "salt"), base64.b64encode(bytes(15)).decode(), "kdf.salt"),
    "salt of 40 KiB": (("kdf", "salt"), "A" * 40 * 1024, "kdf.salt"),
    "salt a number": (("kdf", "salt"), 16, "kdf.salt"),
    "salt not ascii": (("kdf", "salt"), "ÀÀÀÀ", "kdf.salt"),
    "nonce of 16 bytes": (
        ("master_key", "nonce"),
        base64.b64encode(bytes(16)).decode(),
        "master_key.nonce",
    ),
    "ciphertext of 47 bytes": (
        ("master_key", "ciphertext"),
        base64.b64encode(bytes(47)).decode(),
        "master_key.ciphertext",
    ),
    "ciphertext a list": (("master_key", "ciphertext"), [1, 2], "master_key.ciphertext"),
    "another aead": (("master_key", "aead"), "chacha20", "master_key.aead"),
    "master key a list": (("master_key",), [], "master_key"),
    "device id a number": (("device_id",), 12, "device_id"),
    "device id too long": (("device_id",), "a" * 10_000, "device_id"),
    "kdf a string": (("kdf",), "argon2id", "kdf"),
    "negative counter": (("failed_unlocks", "count"), -1, "failed_unlocks.count"),
    "counter as text": (("failed_unlocks", "count"), "9", "failed_unlocks.count"),
    "counter a float": (("failed_unlocks", "count"), 1e18, "failed_unlocks.count"),
    "time past 9999": (("failed_unlocks", "last_at"), 1e300, "failed_unlocks.last_at"),
    "negative time": (("failed_unlocks", "last_at"), -5.0, "failed_unlocks.last_at"),
    "time as text": (("failed_unlocks", "last_at"), "ieri", "failed_unlocks.last_at"),
    "counter a list": (("failed_unlocks",), [0, 0], "failed_unlocks"),
    "recovery recipient too long": (
        ("recovery",),
        {"format": "age-x25519", "version": 1, "recipient": "age1" + "q" * 500, "age_file": ""},
        "recovery.recipient",
    ),
    "recovery recipient not a key": (
        ("recovery",),
        {"format": "age-x25519", "version": 1, "recipient": "age1nonvalido", "age_file": ""},
        "recovery.recipient",
    ),
    "recovery a list": (("recovery",), ["age1"], "recovery"),
}


@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_a_hostile_field_is_refused_in_one_line_naming_the_field_not_its_value(
    keyfile: KeyFile, what: str
) -> None:
    path, value, name = HOSTILE[what]
    doc = json.loads(keyfile.to_bytes())
    _set(path, value)(doc)
    with pytest.raises(ProfileError) as refused:
        KeyFile.from_bytes(json.dumps(doc).encode())
    message = str(refused.value)
    assert message == f"profile.json danneggiato: campo '{name}' non valido"
    assert "\n" not in message and str(value)[:20] not in message


def test_a_huge_recovery_age_file_is_refused(keyfile: KeyFile, master_key: bytes) -> None:
    identity = pyrage.x25519.Identity.generate()
    doc = json.loads(keyfile.with_recovery(master_key, str(identity.to_public())).to_bytes())
    doc["recovery"]["age_file"] = base64.b64encode(bytes(5000)).decode()
    with pytest.raises(ProfileError, match=r"recovery\.age_file"):
        KeyFile.from_bytes(json.dumps(doc).encode())


@pytest.mark.parametrize(("time_cost", "memory"), [(7, 1024 * 1024), (20, 512 * 1024)])
def test_passes_over_memory_past_the_work_cap_are_refused(
    keyfile: KeyFile, time_cost: int, memory: int
) -> None:
    # Each within its own bounds, together more than 16 times the default work
    doc = json.loads(keyfile.to_bytes())
    doc["kdf"].update(time_cost=time_cost, memory_cost_kib=memory)
    with pytest.raises(ProfileError, match=r"kdf\.time_cost.*kdf\.memory_cost_kib") as error:
        KeyFile.from_bytes(json.dumps(doc).encode())
    assert "\n" not in str(error.value) and str(memory) not in str(error.value)


def test_the_kdf_bounds_themselves_are_accepted(keyfile: KeyFile) -> None:
    highest = [(6, 1024 * 1024, 16), (20, MAX_KDF_WORK_KIB // 20, 16)]  # at the work's cap
    for time_cost, memory, parallelism in [(1, 8 * 1024, 1), *highest]:
        doc = json.loads(keyfile.to_bytes())
        doc["kdf"].update(time_cost=time_cost, memory_cost_kib=memory, parallelism=parallelism)
        kdf = KeyFile.from_bytes(json.dumps(doc).encode()).kdf
        assert (kdf.time_cost, kdf.memory_cost_kib, kdf.parallelism) == (
            time_cost,
            memory,
            parallelism,
        )


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,  # over the size cap
        b"[" * 30_000 + b"]" * 30_000,  # under it, deeper than the parser's recursion
        b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
        b" " * (64 * 1024 + 1),
        b'{"format": NaN}',
        b'{"format": "minorifamiglie-profile", "version": Infinity}',
        b'{"version": ' + b"9" * 5000 + b"}",  # more digits than int() takes
    ],
    ids=["huge", "deep-list", "deep-object", "65-KiB-of-blanks", "nan", "infinity", "long-int"],
)
def test_huge_or_deeply_nested_json_is_a_profile_error_never_a_recursion_error(
    raw: bytes,
) -> None:
    with pytest.raises(ProfileError) as refused:
        KeyFile.from_bytes(raw)
    assert "\n" not in str(refused.value)


def test_a_huge_file_on_disk_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_bytes(b" " * (16 * 1024 * 1024))
    with pytest.raises(ProfileError, match="troppo grande"):
        read_keyfile(path)


def test_a_version_as_text_or_true_is_not_a_version(keyfile: KeyFile) -> None:
    for version in ("1", True, 1.0, None):
        doc = json.loads(keyfile.to_bytes())
        doc["version"] = version
        with pytest.raises(ProfileError, match="versione"):
            KeyFile.from_bytes(json.dumps(doc).encode())


@pytest.mark.parametrize("count", [10**18, 2**63 + 1, 10**4000])
def test_a_huge_failure_counter_is_capped_and_waits_five_minutes_at_most(
    keyfile: KeyFile, count: int
) -> None:
    doc = json.loads(keyfile.to_bytes())
    doc["failed_unlocks"] = {"count": count, "last_at": 1000.0}
    failed = KeyFile.from_bytes(json.dumps(doc).encode())
    assert failed.failed.count == MAX_FAILED_COUNT
    assert remaining_wait(failed, now=1000.0) == 300.0
    assert remaining_wait(failed, now=1300.0) == 0.0
    assert failed.with_failure(2000.0).failed.count == MAX_FAILED_COUNT


def test_unlock_delay_of_a_huge_counter_is_computed_at_once() -> None:
    assert unlock_delay(10**18) == unlock_delay(MAX_FAILED_COUNT) == 300.0


def test_a_failure_stamped_in_the_year_9999_waits_the_delay_not_forever(
    keyfile: KeyFile,
) -> None:
    doc = json.loads(keyfile.to_bytes())
    doc["failed_unlocks"] = {"count": 2, "last_at": 253_402_300_799.0}
    failed = KeyFile.from_bytes(json.dumps(doc).encode())
    assert remaining_wait(failed, now=1_800_000_000.0) == unlock_delay(2)
    assert remaining_wait(failed, now=float("inf")) <= unlock_delay(2)
