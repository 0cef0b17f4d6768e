"""The persons present at a visit as a typed value: distinct and sorted, written as the JSON list
it always was, and a text read given back exactly."""

from __future__ import annotations

import dataclasses
import json
import uuid

import pytest

from minorifamiglie.domain import present
from minorifamiglie.domain.present import PresentPersons

A, B = uuid.UUID(int=2), uuid.UUID(int=1)


def test_ids_are_distinct_and_sorted_and_written_as_before() -> None:
    value = PresentPersons.of([A, B, A])
    assert value.ids == (B, A)
    assert list(value) == [B, A] and len(value) == 2 and A in value
    # what services.visits.person_list wrote: json.dumps of the sorted id strings
    assert present.dump(value) == json.dumps(sorted([str(A), str(B)]))
    assert present.dump(PresentPersons()) == "[]"


def test_a_text_read_is_given_back_exactly() -> None:
    for text in (f'["{A}", "{B}"]', f'["{B}","{A}"]', "", "[]", "not json"):
        assert present.dump(present.parse(text)) == text
    assert present.parse(f'["{A}", "{B}"]').ids == (B, A)
    assert present.parse('["x", 3]').ids == ()  # never fails: what is no id is left out


def test_values_are_equal_when_they_write_the_same_text() -> None:
    canonical = present.parse(json.dumps([str(B), str(A)]))
    assert canonical == PresentPersons.of([A, B])
    assert hash(canonical) == hash(PresentPersons.of([A, B]))
    assert present.parse(f'["{A}", "{B}"]') != PresentPersons.of([A, B])  # another text


def test_the_value_is_immutable() -> None:
    value = PresentPersons.of([A])
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.ids = ()  # type: ignore[misc]
