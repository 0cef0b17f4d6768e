"""The pure rules of domain/value_bounds.py: the JSON documents stored in visits' text columns
and the bounded text and counts of rosters. A refusal is the rule, never the value."""

from __future__ import annotations

import json

import pytest

from minorifamiglie.domain import value_bounds as vb

ID = "0b8f6f0e-5c1d-4d7a-9a57-1f2e3d4c5b6a"


@pytest.mark.parametrize("text", ["", "[]", json.dumps([ID]), f'["{ID}", "{ID[:-1]}b"]'])
def test_present_persons_as_the_application_writes_them(text: str) -> None:
    vb.uuid_list(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("non json", "is not JSON nested at most 1 levels"),
        ("[[]]", "is not JSON nested at most 1 levels"),
        ("[" * 100_000 + "]" * 100_000, "is longer than"),
        ('{"a": 1}', "is not a JSON list"),
        ("[1]", "lists an entry that is not a UUID"),
        (json.dumps([ID.upper()]), "lists an entry that is not a UUID"),
        (json.dumps([ID, ID]), "lists an entry twice"),
        (json.dumps([f"{i:08x}{ID[8:]}" for i in range(201)]), "lists more than 200 entries"),
        (12, "is not text"),
    ],
)
def test_junk_present_persons_are_refused_by_rule(text: object, rule: str) -> None:
    with pytest.raises(vb.BoundError) as info:
        vb.uuid_list(text)
    assert info.value.rule.startswith(rule)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{}",
        '{"contatto_fisico": "adeguato", "rischi": "nessuno"}',
        '{"contatto_fisico": {"rating": "parzialmente-adeguato", "note": "breve"}}',
        '{"voce_futura": {"a": [1, 2]}}',
    ],
)
def test_observations_as_written_and_as_a_newer_version_may_write_them(text: str) -> None:
    vb.observations(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("[]", "is not a JSON object"),
        ('{"x": ' + "[" * 10 + "]" * 10 + "}", "is not JSON nested at most 4 levels"),
        ('{"rischi": 5}', "has a heading that is not text"),
        ('{"contatto_fisico": 5}', "has a grid item that is neither"),
        ('{"contatto_fisico": {"rating": "adeguato", "x": 1}}', "has a grid item that is neither"),
        ('{"contatto_fisico": {"rating": 3}}', "has a rating that is not text"),
        ('{"contatto_fisico": {"note": ["a"]}}', "has a note that is not text"),
        (json.dumps({f"k{i}": "" for i in range(65)}), "has more than 64 items"),
        (json.dumps({"k" * 65: ""}), "has an item name longer than 64"),
    ],
)
def test_junk_observations_are_refused_by_rule(text: str, rule: str) -> None:
    with pytest.raises(vb.BoundError) as info:
        vb.observations(text)
    assert info.value.rule.startswith(rule)


def test_text_and_counts() -> None:
    assert vb.text("Équipe", 10) == "Équipe"
    assert vb.count(3, 1, 5) == 3
    for bad in (True, 2.0, "3", 2**70, 0):
        with pytest.raises(vb.BoundError):
            vb.count(bad, 1, 5)
    with pytest.raises(vb.BoundError, match="longer than 3"):
        vb.text("Rossi", 3)
