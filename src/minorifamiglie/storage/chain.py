"""Hash chains shared by the audit log and the change log: each row's hash covers the previous
hash and the row's canonical JSON, so editing, deleting or reordering any row breaks the chain."""

from __future__ import annotations

import hashlib
from json.encoder import encode_basestring as _esc
from typing import Any

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.storage.types import dashed_hex

GENESIS = "0" * 64


def link_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    body = (prev_hash + "\n" + canonical_json(payload)).encode("utf-8")
    return hashlib.sha256(body).hexdigest()


def stored_link_text(
    prev: str,
    seq: int,
    op_id: str,
    device: str,
    hlc: str,
    entity: str,
    eid: str,
    kind: str,
    data: str,
    replaces: str | None,
    seen: str | None,
) -> str:
    """What `link_hash(prev, change_payload(op))` hashes, built from a change-log row's columns
    as SQLite stores them (ids as 32 hex digits, `data` and `seen` as JSON text) without the
    payload dict: `canonical_json`'s text (keys sorted, every string through the same C escaper
    `json.dumps` uses with ensure_ascii=False). Raises TypeError on a value that is not text,
    which the application never stores. Used where a whole log is read (check, publishing)."""
    return dashed_link_text(
        prev,
        seq,
        dashed_hex(op_id),
        dashed_hex(device),
        hlc,
        entity,
        dashed_hex(eid),
        kind,
        data,
        None if replaces is None else dashed_hex(replaces),
        seen,
    )


def dashed_link_text(
    prev: str,
    seq: int,
    op_id: str,
    device: str,
    hlc: str,
    entity: str,
    eid: str,
    kind: str,
    data: str,
    replaces: str | None,
    seen: str | None,
) -> str:
    """`stored_link_text` with the ids already in their hyphenated form (`dashed_hex`), for a
    caller that needs that form for something else too (publishing: the operation's JSON)."""
    return (
        f'{prev}\n{{"data":{_esc(data)},"device_id":{_esc(device)},'
        f'"entity":{_esc(entity)},"entity_id":{_esc(eid)},"hlc":{_esc(hlc)},'
        f'"kind":{_esc(kind)},"op_id":{_esc(op_id)},'
        f'"replaces":{"null" if replaces is None else _esc(replaces)},'
        + ("" if seen is None else f'"seen":{_esc(seen)},')
        + f'"seq":{seq:d}}}'
    )
