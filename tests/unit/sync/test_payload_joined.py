"""sync/operations.py's joined payload: the bytes of the canonical JSON of the whole payload,
whatever its other keys sort before or after "operations" (the bundle's `device_id` before,
the snapshot's `part` after)."""

from __future__ import annotations

from typing import Any

import pytest

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.sync.operations import payload_joined

OPERATIONS: list[dict[str, Any]] = [
    {"entity": "visits", "data": {"notes": 'Nicolò è arrivato alle 9 "in anticipo"\n'}},
    {"entity": "cases", "data": {"title": "Zoë", "n": 3, "x": None}},
]


@pytest.mark.parametrize(
    "fields",
    [
        {"device_id": "d", "sequence": 12, "team_id": "t"},
        {"for_device": "f", "part": 2, "team_id": "t"},
        {},
        {"zeta": "ü", "alpha": 0},
    ],
)
@pytest.mark.parametrize("operations", [OPERATIONS, OPERATIONS[:1], []])
def test_joined_is_the_canonical_json_of_the_whole_payload(
    fields: dict[str, str | int], operations: list[dict[str, Any]]
) -> None:
    joined = payload_joined(fields, [canonical_bytes(op) for op in operations])
    assert joined == canonical_bytes({**fields, "operations": operations})
