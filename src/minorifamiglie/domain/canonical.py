"""The canonical JSON of the application: keys sorted, no spaces, non-ASCII kept as it is.

What the audit and change-log hash chains hash (storage.chain), what conflict ids and device
comparisons are made of (sync.merge) and the bytes of a sync bundle (sync.bundle, as UTF-8): the
same text on every device and in every version, so it is written once, here. Changing it breaks
every stored hash and every bundle in flight (the golden files in tests/data say so)."""

from __future__ import annotations

import json
from typing import Any

_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def canonical_json(value: Any) -> str:
    """`value` as canonical JSON text."""
    return _ENCODE(value)


def canonical_bytes(value: Any) -> bytes:
    """`value` as canonical JSON, UTF-8 encoded (the bytes of a sync bundle)."""
    return _ENCODE(value).encode("utf-8")
