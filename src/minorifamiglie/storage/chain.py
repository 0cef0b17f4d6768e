"""Hash chains shared by the audit log and the change log: each row's hash covers the previous
hash and the row's canonical JSON, so editing, deleting or reordering any row breaks the chain."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    body = (prev_hash + "\n" + canonical_json(payload)).encode("utf-8")
    return hashlib.sha256(body).hexdigest()
