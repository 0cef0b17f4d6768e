"""Hypothesis strategies built from storage/bounds.py, the same schema the importers check: a
column added to a model is fuzzed here without a line more. For every synchronised field,
`valid(bound)` draws values inside its bounds and `hostile(bound)` values outside them (wrong
types, NaN and infinities, huge integers, overlong text, impossible or implausible dates, deep
or junk JSON, keys where values belong)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from minorifamiglie.domain import value_bounds as vb
from minorifamiglie.domain.hidden_text import has_hidden
from minorifamiglie.domain.observations import GRID_ITEMS, TEXT_ITEMS, Rating
from minorifamiglie.services.apply import REFERENCE_TABLES
from minorifamiglie.storage.bounds import BOUNDS, ColumnBound
from support.examples import examples

# HYPOTHESIS_PROFILE=fuzz (make fuzz): the registered long profile decides how many examples;
# otherwise each test keeps to the few it names, so the suite stays within ~40 s
# (support/examples.py, which the property tests outside tests/fuzz use too).


def fuzz_settings(quick_examples: int) -> settings:
    return settings(
        max_examples=examples(quick_examples),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# Every (table, column) pair the schema bounds: what the fuzz draws from. The Ambiti every
# profile is created with are written by no device: any operation on them is refused whole
# (tests/unit/services/test_sync_rights.py), whatever its values.
FIELDS: list[ColumnBound] = [
    b for table, cols in BOUNDS.items() if table not in REFERENCE_TABLES for b in cols.values()
]


def _json_leaf() -> st.SearchStrategy[Any]:
    return st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)


def deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


_WRONG_TYPES: st.SearchStrategy[Any] = st.one_of(
    st.booleans(),
    st.integers(min_value=2**63, max_value=2**80) | st.just(2**70),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e308, -1e308]),
    st.lists(_json_leaf(), max_size=3),
    st.dictionaries(st.text(max_size=4), _json_leaf(), max_size=3),
    st.recursive(st.lists(st.none(), max_size=1), lambda c: st.lists(c, max_size=1), max_leaves=20),
)

_BAD_DATES = [
    "0000-01-01", "0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "2026-02-30",
    "2026-13-01", "ieri", "", "2026-11-24T10:00:00",
]  # fmt: skip
_BAD_STAMPS = [
    "9999-12-31T23:59:59.999999-10:00", "0001-01-01T00:00:00+10:00", "1899-12-31T23:59:59+00:00",
    "2101-01-01T00:00:00+00:00", "2026-11-24T10:00:00", "2026-11-24", "domani", "",
]  # fmt: skip


def valid(bound: ColumnBound) -> st.SearchStrategy[Any]:
    """JSON values inside the column's bounds."""
    values = _valid(bound)
    return values | st.none() if bound.nullable else values


def _valid(bound: ColumnBound) -> st.SearchStrategy[Any]:
    kind = bound.kind
    if kind == "enum":
        return st.sampled_from(bound.choices)
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(bound.low, bound.high)
    if kind == "number":
        floats = st.floats(bound.low, bound.high, allow_nan=False, allow_infinity=False)
        return floats.map(lambda f: round(f, 6))  # as the change log encodes it
    if kind == "date":
        return st.dates(bound.low, bound.high).map(dt.date.isoformat)
    if kind == "datetime":
        return st.datetimes(
            bound.low.replace(tzinfo=None),
            bound.high.replace(tzinfo=None),
            timezones=st.just(dt.UTC),
        ).map(lambda d: d.isoformat(timespec="microseconds"))
    if kind == "time":
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if kind == "uuid":
        return st.uuids().map(str)
    if kind == "text":
        return _valid_text(bound)
    if kind == "bytes":  # base64, as the change log carries bytes (an Ambito's logo)
        return st.binary(max_size=64).map(lambda b: base64.b64encode(b).decode("ascii"))
    raise AssertionError(f"no valid strategy for {kind}")


def _valid_text(bound: ColumnBound) -> st.SearchStrategy[Any]:
    if bound.document in (vb.uuid_list, vb.goal_list):
        return st.lists(st.uuids().map(str), max_size=5, unique=True).map(json.dumps)
    if bound.document is vb.frozen_document:
        text = st.text(max_size=20)
        item = (
            text
            | st.booleans()
            | st.integers(-(2**31), 2**31)
            | st.lists(text | st.lists(text, max_size=4), max_size=5)
        )
        return st.dictionaries(st.text(max_size=12), item, max_size=8).map(
            lambda d: json.dumps({"v": 1, **d}, ensure_ascii=False)
        )
    if bound.document is vb.observations:
        grid = st.fixed_dictionaries(
            {}, optional={"rating": st.sampled_from([r.value for r in Rating]), "note": st.text()}
        )
        return st.dictionaries(
            st.sampled_from(sorted(GRID_ITEMS)), grid | st.sampled_from([r.value for r in Rating])
        ).flatmap(
            lambda g: st.dictionaries(
                st.sampled_from(sorted(TEXT_ITEMS)), st.text(max_size=30)
            ).map(lambda t: json.dumps({**g, **t}, ensure_ascii=False))
        )
    if bound.document is vb.file_name:
        return _FILE_NAMES
    if bound.pattern is not None:
        return st.from_regex(bound.pattern, fullmatch=True)
    assert bound.max_chars is not None
    short = st.text(max_size=min(bound.max_chars, 40))
    full = st.sampled_from("aè ").map(lambda c: c * bound.max_chars)  # type: ignore[operator]
    return short | full


def hostile(bound: ColumnBound) -> st.SearchStrategy[Any]:
    """JSON values every importer must refuse for this column."""
    options: list[st.SearchStrategy[Any]] = []
    if not bound.nullable:
        options.append(st.none())
    kind = bound.kind
    if kind != "boolean":
        wrong = _WRONG_TYPES
        if kind in ("integer", "number"):
            wrong = wrong.filter(lambda v: not isinstance(v, int | float) or isinstance(v, bool))
        options.append(wrong)
    if kind == "boolean":
        options.append(st.integers(0, 1) | st.text(max_size=3) | st.none().map(lambda _: [True]))
    if kind == "enum":
        options.append(st.text(max_size=20).filter(lambda s: s not in bound.choices))
    if kind in ("integer", "number"):
        options.append(st.integers(bound.high + 1, max(int(bound.high) * 4, 2**80)))
        options.append(st.just(2**2000))
        options.append(st.integers(min(int(bound.low) * 4, -(2**80)), int(bound.low) - 1))
    if kind == "number":
        options.append(st.sampled_from([float("nan"), float("inf"), float("-inf")]))
        options.append(st.floats(min_value=bound.high, exclude_min=True, allow_infinity=False))
        options.append(st.sampled_from([0.1234567, 1e-7, 12.0000001]))  # finer than the log
    if kind == "integer":
        options.append(st.floats(allow_nan=True))
    if kind == "date":
        options.append(st.sampled_from(_BAD_DATES))
    if kind == "datetime":
        options.append(st.sampled_from(_BAD_STAMPS))
    if kind == "time":
        options.append(st.sampled_from(["25:00", "10:61", "ora", "", "10"]))
    if kind == "uuid":
        options.append(st.text(max_size=40).filter(_not_uuid))
    if kind == "text":
        options.append(_hostile_text(bound))
    if kind == "bytes":
        options.append(st.sampled_from(["!!", "aGVsbG8", "a b c d", "é"]))  # not base64
        if bound.high is not None:  # one byte past the bound
            too_big = base64.b64encode(b"\0" * (int(bound.high) + 1)).decode("ascii")
            options.append(st.just(too_big))
    return st.one_of(options)


def _not_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return True
    return False


# An attachment's name as services.attachments.clean_filename makes it (storage/bounds.py)
_FILE_NAMES = st.text(
    st.characters(blacklist_characters="/\\", blacklist_categories=["Cs"]), min_size=1, max_size=40
).filter(lambda s: s.strip() == s and s not in (".", "..") and not has_hidden(s))


def _hostile_text(bound: ColumnBound) -> st.SearchStrategy[Any]:
    assert bound.max_chars is not None
    limit = bound.max_chars
    overlong = st.integers(1, 40).map(lambda extra: "x" * (limit + extra))
    options = [overlong]
    if bound.document is vb.file_name:
        options.append(
            st.sampled_from(
                ["", ".", "..", " a.pdf", "../x.pdf", "C:\\x\\y.pdf", "relazione_\u202efdp.exe",
                 "a\u200b.pdf", "a\x00.pdf"]
            )
        )  # fmt: skip
    pattern = bound.pattern
    if pattern is not None:
        options.append(st.text(max_size=70).filter(lambda s: pattern.fullmatch(s) is None))
    if bound.document in (vb.uuid_list, vb.goal_list):
        options.append(
            st.sampled_from(
                [
                    "null",
                    "{}",
                    "[1]",
                    '["x"]',
                    "[[]]",
                    "non json",
                    '{"a": 1}',
                    deep_json(5000),
                    json.dumps([str(i) for i in range(3)]),
                    json.dumps(["0b8f6f0e-5c1d-4d7a-9a57-1f2e3d4c5b6a"] * 2),
                    json.dumps([f"{i:08x}-5c1d-4d7a-9a57-1f2e3d4c5b6a" for i in range(201)]),
                ]
            )
        )
    if bound.document is vb.observations:
        options.append(
            st.sampled_from(
                [
                    "[]",
                    "null",
                    "42",
                    "non json",
                    deep_json(5000),
                    '{"rischi": 5}',
                    '{"contatto_fisico": 5}',
                    '{"contatto_fisico": {"rating": 3}}',
                    '{"contatto_fisico": {"rating": "adeguato", "altro": 1}}',
                    '{"contatto_fisico": ["adeguato"]}',
                    '{"x": ' + deep_json(10) + "}",
                    json.dumps({f"k{i}": "" for i in range(65)}),
                    json.dumps({"k" * 65: ""}),
                ]
            )
        )
    if bound.document is vb.frozen_document:
        options.append(
            st.sampled_from(
                [
                    "[]",
                    "null",
                    "non json",
                    deep_json(5000),
                    '{"v": 1.5}',
                    '{"v": null}',
                    '{"present": [{"nome": "Rosa"}]}',
                    '{"present": [["a", "b", "c", "d", "e"]]}',
                    '{"present": [[["troppo", "annidato"]]]}',
                    json.dumps({"goals": ["g"] * 501}),
                    json.dumps({f"k{i}": "" for i in range(65)}),
                    json.dumps({"k" * 65: ""}),
                ]
            )
        )
    return st.one_of(options)


def field_and_value(
    fields: list[ColumnBound], kind: str
) -> st.SearchStrategy[tuple[ColumnBound, Any]]:
    """A field of the schema and a value for it: `kind` is "valid" or "hostile"."""
    make = valid if kind == "valid" else hostile
    return st.sampled_from(fields).flatmap(lambda b: st.tuples(st.just(b), make(b)))
