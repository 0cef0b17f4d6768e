"""`check` hashes each change-log row from its stored columns without building the payload
dict: the text it hashes must be exactly what `link_hash(prev, change_payload(op))` hashes,
for any text the columns may hold (quotes, backslashes, control characters, non-ASCII)."""

from __future__ import annotations

import hashlib
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.domain.enums import OpKind
from minorifamiglie.services.integrity import _fold
from minorifamiglie.storage.capture import change_payload
from minorifamiglie.storage.chain import GENESIS, link_hash, stored_link_text

_TEXT = st.text(max_size=40)
_IDS = st.uuids()


@given(
    seq=st.integers(min_value=1, max_value=2**62),
    op_id=_IDS,
    device=_IDS,
    hlc=_TEXT,
    entity=_TEXT,
    eid=_IDS,
    kind=st.sampled_from([kind.value for kind in OpKind]),
    data=_TEXT,
    replaces=st.none() | _IDS,
    seen=st.none() | _TEXT,
)
def test_the_hashed_text_is_the_canonical_payload(
    seq: int,
    op_id: uuid.UUID,
    device: uuid.UUID,
    hlc: str,
    entity: str,
    eid: uuid.UUID,
    kind: str,
    data: str,
    replaces: uuid.UUID | None,
    seen: str | None,
) -> None:
    op = SimpleNamespace(
        seq=seq,
        op_id=op_id,
        device_id=device,
        hlc=hlc,
        entity=entity,
        entity_id=eid,
        kind=kind,
        data=data,
        replaces=replaces,
        seen=seen,
    )
    text = stored_link_text(
        GENESIS,
        seq,
        op_id.hex,
        device.hex,
        hlc,
        entity,
        eid.hex,
        kind,
        data,
        None if replaces is None else replaces.hex,
        seen,
    )
    want = link_hash(GENESIS, change_payload(op))
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == want


def test_a_value_that_is_not_text_is_refused() -> None:
    hlc: Any = 7  # what a hand edit of the file could leave in a text column
    with pytest.raises(TypeError):
        stored_link_text(
            GENESIS, 1, "0" * 32, "0" * 32, hlc, "cases", "0" * 32, "insert", "{}", None, None
        )


_DEVICE = "0123456789abcdef0123456789abcdef"


def test_one_insert_folds_to_what_it_wrote() -> None:
    row, plain = _fold([("h1", _DEVICE, "insert", '{"id":"x","name":"A"}')])
    assert plain
    assert row == {
        "id": "x",
        "name": "A",
        "version_hlc": "h1",
        "origin_device": "01234567-89ab-cdef-0123-456789abcdef",
    }


def test_the_newest_hlc_wins_field_by_field_whatever_the_log_order() -> None:
    row, plain = _fold(
        [
            ("h1", _DEVICE, "insert", '{"id":"x","name":"A","note":"n"}'),
            ("h3", _DEVICE, "update", '{"name":"C"}'),
            ("h2", _DEVICE, "update", '{"name":"B","note":"m"}'),
        ]
    )
    assert plain
    assert row["name"] == "C" and row["note"] == "m" and row["version_hlc"] == "h3"


@pytest.mark.parametrize("data", ["[1]", "not json", "null"])
def test_an_unreadable_operation_leaves_the_record_to_the_merge(data: str) -> None:
    assert not _fold([("h1", _DEVICE, "insert", data)])[1]
    assert not _fold([("h1", _DEVICE, "insert", '{"id":"x"}'), ("h2", _DEVICE, "update", data)])[1]


def test_without_an_insert_the_record_is_left_to_the_merge() -> None:
    assert not _fold([("h2", _DEVICE, "update", '{"name":"B"}')])[1]
