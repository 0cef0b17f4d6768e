"""A rough passphrase strength estimate for the first-run wizard (no dictionary: it only
rewards length and variety, and says so)."""

from __future__ import annotations

import math
import string
from enum import IntEnum


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    GOOD = 3
    STRONG = 4


def estimate_bits(passphrase: str) -> float:
    pools = [
        (string.ascii_lowercase, 26),
        (string.ascii_uppercase, 26),
        (string.digits, 10),
        (" ", 1),
        (string.punctuation, 32),
    ]
    size = sum(n for chars, n in pools if any(c in chars for c in passphrase))
    if any(ord(c) > 127 for c in passphrase):
        size += 40
    distinct = len(set(passphrase))
    if size == 0:
        return 0.0
    # Repetition ("aaaaaaaaaaaa") is worth little: count distinct characters more than length.
    effective = min(len(passphrase), distinct * 2)
    return effective * math.log2(size)


def strength(passphrase: str, min_length: int) -> Strength:
    if len(passphrase) < min_length:
        return Strength.TOO_SHORT
    bits = estimate_bits(passphrase)
    if bits < 45:
        return Strength.WEAK
    if bits < 60:
        return Strength.FAIR
    if bits < 80:
        return Strength.GOOD
    return Strength.STRONG
