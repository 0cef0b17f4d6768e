"""keyfile.DerivationAhead: the Argon2id derivation started in a thread (the command line's
start-up) gives exactly what the plain derivation gives, or derives anew."""

from __future__ import annotations

import os
import uuid

import pytest
from argon2.exceptions import HashingError

from minorifamiglie.domain.errors import WrongPassphraseError
from minorifamiglie.storage.keyfile import DerivationAhead, KdfParams, KeyFile
from support.profiles import FAST_KDF, PASSPHRASE

DEVICE = uuid.UUID("3f0c8a52-6d1e-4b7a-9c2d-5e8f1a0b3c4d")


@pytest.fixture(scope="module")
def master_key() -> bytes:
    return os.urandom(32)


@pytest.fixture(scope="module")
def keyfile(master_key: bytes) -> KeyFile:
    return KeyFile.create(DEVICE, PASSPHRASE, master_key, FAST_KDF)


def test_the_key_derived_ahead_is_the_plain_derivation(keyfile: KeyFile) -> None:
    ahead = DerivationAhead(keyfile.kdf, PASSPHRASE)
    assert ahead.key(keyfile.kdf, PASSPHRASE) == keyfile.kdf.derive(PASSPHRASE)


def test_unwrapping_with_it_gives_the_master_key(keyfile: KeyFile, master_key: bytes) -> None:
    assert keyfile.unwrap(PASSPHRASE, DerivationAhead(keyfile.kdf, PASSPHRASE)) == master_key


def test_a_wrong_passphrase_derived_ahead_is_still_wrong(keyfile: KeyFile) -> None:
    with pytest.raises(WrongPassphraseError):
        keyfile.unwrap("cavallo", DerivationAhead(keyfile.kdf, "cavallo"))


def test_other_parameters_or_passphrase_are_derived_anew(
    keyfile: KeyFile, master_key: bytes
) -> None:
    """A new passphrase set meanwhile (another salt): the key started for the old file is not
    used, the new file's own is derived."""
    ahead = DerivationAhead(keyfile.kdf, PASSPHRASE)
    rewrapped = KeyFile.create(DEVICE, "nuova frase segreta", master_key, FAST_KDF)
    assert rewrapped.kdf.salt != keyfile.kdf.salt
    assert rewrapped.unwrap("nuova frase segreta", ahead) == master_key
    assert ahead.key(keyfile.kdf, "altra") == keyfile.kdf.derive("altra")


def test_the_result_is_handed_over_once(keyfile: KeyFile) -> None:
    ahead = DerivationAhead(keyfile.kdf, PASSPHRASE)
    first = ahead.key(keyfile.kdf, PASSPHRASE)
    assert ahead.key(keyfile.kdf, PASSPHRASE) == first  # derived again, the same


def test_a_failure_in_the_thread_reaches_the_caller() -> None:
    impossible = KdfParams(time_cost=1, memory_cost_kib=1, parallelism=1)  # below argon2's floor
    ahead = DerivationAhead(impossible, PASSPHRASE)
    with pytest.raises(HashingError):
        ahead.key(impossible, PASSPHRASE)
