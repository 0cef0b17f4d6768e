"""profile.json: the master key wrapped under the passphrase; any tampered field is refused."""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyrage
import pytest

from minorifamiglie.domain.errors import ProfileError, WrongPassphraseError
from minorifamiglie.storage.keyfile import (
    FailedUnlocks,
    KdfParams,
    KeyFile,
    read_keyfile,
    remaining_wait,
    unlock_delay,
    write_keyfile,
)
from private_modes import is_private_file

# The values of tests/conftest.py, which a test module cannot import (two conftests).
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
PASSPHRASE = "cavallo batteria graffetta"

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
