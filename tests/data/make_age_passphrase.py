"""Makes tests/data/age/passphrase.age: `contenuto` sealed with the passphrase
`una passphrase lunga` in age's scrypt format, at a work factor of 2^10, so that the tests that
open a passphrase file cost milliseconds (rage sizes its own to the machine: 2^20 here, seconds
for each seal and each opening). Written to the age specification (age-encryption.org/v1,
"scrypt recipient stanza" and "payload"), then opened with rage (pyrage) before it is kept:
what the application reads is a file any age implementation reads.

    .venv/bin/python tests/data/make_age_passphrase.py
"""

from __future__ import annotations

import base64
import hmac
import os
import sys
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

TARGET = Path(__file__).parent / "age" / "passphrase.age"
PASSPHRASE = "una passphrase lunga"
CONTENT = b"contenuto"
LOG_N = 10
CHUNK = 64 * 1024


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def seal(plain: bytes, passphrase: str, log_n: int) -> bytes:
    file_key, salt = os.urandom(16), os.urandom(16)
    wrap_key = Scrypt(
        salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=2**log_n, r=8, p=1
    ).derive(passphrase.encode())
    body = _b64(ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None))
    assert len(body) < 64  # one line: a stanza's last line is shorter than 64 columns
    header = b"age-encryption.org/v1\n-> scrypt " + _b64(salt) + b" %d\n" % log_n + body + b"\n---"
    mac = hmac.digest(_hkdf(file_key, b"", b"header"), header, "sha256")
    nonce = os.urandom(16)
    stream = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [plain[i : i + CHUNK] for i in range(0, len(plain), CHUNK)] or [b""]
    sealed = [
        stream.encrypt(i.to_bytes(11, "big") + bytes([i == len(chunks) - 1]), chunk, None)
        for i, chunk in enumerate(chunks)
    ]
    return header + b" " + _b64(mac) + b"\n" + nonce + b"".join(sealed)


def main() -> int:
    sealed = seal(CONTENT, PASSPHRASE, LOG_N)
    assert pyrage.passphrase.decrypt(sealed, PASSPHRASE) == CONTENT
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_bytes(sealed)
    print(f"{TARGET}: {len(sealed)} byte")
    return 0


if __name__ == "__main__":
    sys.exit(main())
