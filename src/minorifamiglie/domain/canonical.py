"""The canonical JSON of the application: keys sorted, no spaces, non-ASCII kept as it is.

What the audit and change-log hash chains hash (storage.chain), what conflict ids and device
comparisons are made of (sync.merge) and the bytes of a sync bundle (sync.bundle, as UTF-8): the
same text on every device and in every version, so it is written once, here. Changing it breaks
every stored hash and every bundle in flight (the golden files in tests/data say so).

The definition is the stdlib encoder below. A row's values (a flat object of texts, integers,
booleans and nulls: most of what is encoded, one per logged write) go through msgspec's encoder
in C instead, about three times faster; for exactly those values its bytes are the stdlib's
(the same escapes, keys in code point order, integers of any size), as
tests/unit/domain/test_canonical.py checks over arbitrary texts. Anything else (floats, whose
exponents msgspec writes otherwise, nesting, subclasses such as enums, a lone surrogate) takes
the stdlib path."""

from __future__ import annotations

import json
from typing import Any

import msgspec

_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_FAST_ENCODE = msgspec.json.Encoder(order="sorted").encode
_FLAT_VALUES = frozenset({str, int, bool, type(None)})
_TEXT = frozenset({str})


def _fast(value: Any) -> bytes | None:
    """The canonical bytes of a flat object of plain values, or None for the stdlib to decide."""
    if (
        type(value) is dict
        and set(map(type, value.values())) <= _FLAT_VALUES
        and set(map(type, value)) <= _TEXT
    ):
        try:
            return _FAST_ENCODE(value)
        except UnicodeEncodeError:  # a lone surrogate: the stdlib keeps it in the text
            return None
    return None


def canonical_json(value: Any) -> str:
    """`value` as canonical JSON text."""
    fast = _fast(value)
    return _ENCODE(value) if fast is None else fast.decode("utf-8")


def canonical_bytes(value: Any) -> bytes:
    """`value` as canonical JSON, UTF-8 encoded (the bytes of a sync bundle)."""
    fast = _fast(value)
    return _ENCODE(value).encode("utf-8") if fast is None else fast
