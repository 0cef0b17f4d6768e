"""JSON from outside is parsed only when its nesting is bounded: the depth is counted before the
parser runs, brackets inside strings do not count, and no RecursionError ever escapes."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.domain import json_bounds

SCALARS = st.none() | st.booleans() | st.integers() | st.text()  # text holds [ { " \\ too
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def nesting(doc: Any) -> int:
    if isinstance(doc, list):
        return 1 + max(map(nesting, doc), default=0)
    if isinstance(doc, dict):
        return 1 + max(map(nesting, doc.values()), default=0)
    return 0


@given(DOCUMENTS)
def test_the_depth_counted_before_parsing_is_the_documents_own(doc: Any) -> None:
    for ascii_only in (True, False):
        data = json.dumps(doc, ensure_ascii=ascii_only).encode("utf-8")
        assert json_bounds.depth(data) == nesting(doc)
        assert json_bounds.loads(data, max_depth=nesting(doc)) == doc


def test_brackets_and_escaped_quotes_inside_strings_do_not_nest() -> None:
    data = json.dumps({"a": ['[[{{"\\', {"b": "]]}}"}]}).encode()
    assert json_bounds.depth(data) == 3


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 200_000 + b"]" * 200_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b"[" * 5_000_000,  # not even closed
    ],
)
def test_a_document_nested_too_deep_is_refused_quickly_without_recursion(data: bytes) -> None:
    started = time.process_time()
    with pytest.raises(ValueError, match="nested too deeply"):
        json_bounds.loads(data)
    assert time.process_time() - started < 2  # CPU seconds, linear in the size


def test_a_document_within_the_bound_still_loads() -> None:
    data = b"[" * 32 + b"]" * 32
    assert json_bounds.depth(data) == 32
    assert json_bounds.loads(data) is not None
    with pytest.raises(ValueError):
        json_bounds.loads(data, max_depth=31)


@pytest.mark.parametrize("data", [b"\xff\xfe", b"{", b'{"a": }', b""])
def test_what_is_not_json_is_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        json_bounds.loads(data)


@pytest.mark.parametrize(
    "data",
    [b'{"a": "x\\ud800"}', b'{"\\udc00": 1}', b'["\\uDBFF"]', b'"\\ude00\\ud83d"'],
    ids=["high in a value", "low as a key", "upper-case escape", "a pair the wrong way round"],
)
def test_a_lone_surrogate_is_refused_not_carried_to_where_text_is_encoded(data: bytes) -> None:
    with pytest.raises(ValueError, match="surrogate"):
        json_bounds.loads(data)


def test_a_surrogate_pair_and_an_escaped_backslash_are_text() -> None:
    assert json_bounds.loads(b'{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}
    assert json_bounds.loads(b'["\\\\ud800"]') == ["\\ud800"]
