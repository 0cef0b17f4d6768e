"""The canonical JSON behind the hash chains, conflict ids and sync bundles: one definition,
whose bytes never change (the golden files of tests/data hold the older ones)."""

from __future__ import annotations

import json
from typing import Any

from minorifamiglie.domain.canonical import canonical_bytes, canonical_json

VALUE: dict[str, Any] = {
    "op_id": "0b3f6c1e-5d2a-4c7e-9f10-2a3b4c5d6e7f",
    "data": {"notes": "Nicolò è arrivato alle 15:00 «puntuale»", "hours": 7.5, "ok": True},
    "seen": [],
    "replaces": None,
    "entity": "visits",
    "seq": 12,
}


def test_keys_sorted_no_spaces_non_ascii_kept() -> None:
    assert canonical_json(VALUE) == (
        '{"data":{"hours":7.5,"notes":"Nicolò è arrivato alle 15:00 «puntuale»","ok":true},'
        '"entity":"visits","op_id":"0b3f6c1e-5d2a-4c7e-9f10-2a3b4c5d6e7f","replaces":null,'
        '"seen":[],"seq":12}'
    )


def test_the_bytes_are_the_text_in_utf8_and_what_json_dumps_always_gave() -> None:
    assert canonical_bytes(VALUE) == canonical_json(VALUE).encode("utf-8")
    for value in (VALUE, [1, "a\u2028b", {"z": 1, "a": [None, 1.25]}], '\x00\n"', 3):
        assert canonical_json(value) == json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
