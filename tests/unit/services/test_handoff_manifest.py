"""The manifest of a hand-off file: exactly an export's keys, each value in shape and bounds."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.services.handoff import TABLES
from minorifamiglie.services.handoff_manifest import (
    MANIFEST_KEYS,
    ManifestRefused,
    parse_manifest,
)

CASE = "0b8f6f0e-5c1d-4d7a-9a57-1f2e3d4c5b6a"
TABLE_NAMES = frozenset(TABLES)
GOOD: dict[str, Any] = {
    "format": "minorifamiglie-handoff",
    "version": 1,
    "bundle_id": "5d7e1c2a-8b3f-4e6d-9a0c-1b2d3e4f5a6b",
    "created_at": "2026-11-25T18:46:00+00:00",
    "device_id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
    "case_ids": [CASE],
    "counts": {CASE: {"cases": 1, "persons": 3, "visits": 25}},
    "files": {f"cases/{CASE}/case.json": "ab" * 32},
}


def changed(**values: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    doc.update(values)
    return doc


def test_an_exports_manifest_is_read() -> None:
    got = parse_manifest(copy.deepcopy(GOOD), TABLE_NAMES)
    assert got.bundle_id == uuid.UUID(GOOD["bundle_id"])
    assert got.case_ids == (uuid.UUID(CASE),)
    assert got.counts[CASE]["visits"] == 25
    assert dict(got.files) == GOOD["files"]


BAD = {
    "a case twice": (changed(case_ids=[CASE, CASE]), "due volte"),
    "no case": (changed(case_ids=[]), "senza cartelle"),
    "cases not a list": (changed(case_ids=CASE), "senza cartelle"),
    "case id as a number": (changed(case_ids=[7]), "identificativi"),
    "naive date": (changed(created_at="2026-11-25T18:46:00"), "data"),
    "year 0": (changed(created_at="0000-01-01T00:00:00+00:00"), "data"),
    "year 2500": (changed(created_at="2500-01-01T00:00:00+00:00"), "data"),
    "huge date text": (changed(created_at="2026-11-25" + " " * 10**6), "data"),
    "date as a number": (changed(created_at=20261125), "data"),
    "counts of another case": (changed(counts={str(uuid.uuid4()): {"cases": 1}}), "conteggi"),
    "count as a float": (changed(counts={CASE: {"cases": 1.0}}), "conteggi"),
    "count as a boolean": (changed(counts={CASE: {"cases": True}}), "conteggi"),
    "count zero": (changed(counts={CASE: {"cases": 0}}), "conteggi"),
    "count of 2^70": (changed(counts={CASE: {"cases": 2**70}}), "conteggi"),
    "count of no table": (changed(counts={CASE: {"segreti": 1}}), "conteggi"),
    "counts nested": (changed(counts={CASE: [1]}), "conteggi"),
    "hash upper case": (changed(files={"x": "AB" * 32}), "elenco dei file"),
    "hash short": (changed(files={"x": "ab"}), "elenco dei file"),
    "files a list": (changed(files=["x"]), "elenco dei file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_value_out_of_shape_is_refused_by_name(name: str) -> None:
    doc, reason = BAD[name]
    with pytest.raises(ManifestRefused, match=reason) as error:
        parse_manifest(doc, TABLE_NAMES)
    assert "\n" not in str(error.value) and CASE not in str(error.value)  # never the values


@given(
    st.dictionaries(st.sampled_from(sorted(MANIFEST_KEYS)), st.none(), max_size=3),
    st.sampled_from(sorted(MANIFEST_KEYS)),
)
def test_any_missing_or_extra_key_is_refused(extra: dict[str, None], dropped: str) -> None:
    doc = changed(**extra)
    del doc[dropped]
    with pytest.raises(ManifestRefused, match="campi mancanti o sconosciuti"):
        parse_manifest(doc, TABLE_NAMES)


@given(st.sampled_from(sorted(MANIFEST_KEYS - {"format", "version"})), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=3),
    max_leaves=10,
))  # fmt: skip
def test_any_value_is_read_or_refused_cleanly(key: str, value: Any) -> None:
    try:
        parse_manifest(changed(**{key: value}), TABLE_NAMES)
    except ManifestRefused as exc:
        assert "\n" not in str(exc)
