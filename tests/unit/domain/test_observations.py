"""The observation grid's JSON: canonical, tolerant of older data, lossless for unknown keys."""

from __future__ import annotations

import dataclasses
import json

import pytest

from minorifamiglie.domain import observations as obs
from minorifamiglie.domain.enums import VisitKind


def test_the_facilitated_meeting_has_the_grid_of_the_verbale() -> None:
    schema = obs.schema_for(VisitKind.FACILITATED_MEETING)
    assert schema.grid == (
        "contatto_fisico",
        "comunicazione_verbale",
        "sintonia_emotiva",
        "rispetto_regole",
        "gestione_distacco",
    )
    assert "eventi_critici" in schema.texts and "reazioni_dopo" in schema.texts
    assert obs.schema_for(VisitKind.HOME_VISIT).texts == obs.VISIT_TEXTS
    assert obs.schema_for(VisitKind.PHONE_CALL).empty
    assert set(obs.ITEM_LABELS_IT) == obs.GRID_ITEMS | obs.TEXT_ITEMS


def test_values_round_trip_and_empty_items_are_left_out() -> None:
    values = obs.Observations(
        grid={
            "contatto_fisico": obs.GridValue("adeguato", "abbraccio"),
            "sintonia_emotiva": obs.GridValue("", ""),
        },
        texts={"puntualita": "in orario", "accoglienza": "  "},
    )
    text = obs.dump(values)
    assert json.loads(text) == {
        "contatto_fisico": {"rating": "adeguato", "note": "abbraccio"},
        "puntualita": "in orario",
    }
    back = obs.parse(text)
    assert back.grid == {"contatto_fisico": obs.GridValue("adeguato", "abbraccio")}
    assert back.texts == {"puntualita": "in orario"}
    assert obs.dump(back) == text


def test_older_flat_ratings_and_unknown_keys_are_read_and_kept() -> None:
    old = '{"comunicazione_verbale": "parzialmente adeguato", "gestione_distacco": "critico", '
    old += '"clima": {"x": 1}}'
    parsed = obs.parse(old)
    assert parsed.grid["comunicazione_verbale"].rating == "parzialmente-adeguato"
    assert parsed.grid["gestione_distacco"].rating == "critico"  # unknown: kept as written
    assert parsed.extra == {"clima": {"x": 1}}
    assert json.loads(obs.dump(parsed))["clima"] == {"x": 1}
    assert obs.rating_label_it("non-osservato") == "Non osservato"


def test_unreadable_text_gives_empty_observations() -> None:
    for text in ("not json", "[1, 2]", ""):
        parsed = obs.parse(text)
        assert not parsed.grid and not parsed.texts and not parsed.extra
        assert obs.dump(parsed) == text  # kept as read


def test_a_value_read_gives_back_its_text_and_equals_by_text() -> None:
    """What another device wrote (an older shape, other spacing) is stored, logged and sent on
    byte for byte; a value is equal to another when they write the same text."""
    old = '{"contatto_fisico":"adeguato","puntualita":"in orario"}'
    parsed = obs.parse(old)
    assert obs.dump(parsed) == old
    same = obs.Observations(
        grid={"contatto_fisico": obs.GridValue("adeguato", "")}, texts={"puntualita": "in orario"}
    )
    assert parsed.grid == same.grid and parsed.texts == same.texts
    assert parsed != same  # another text: a change, as it was for the text
    assert obs.parse(obs.dump(same)) == same
    assert hash(obs.parse(obs.dump(same))) == hash(same)
    assert dataclasses.replace(parsed, texts={}) == obs.Observations(
        grid={"contatto_fisico": obs.GridValue("adeguato", "")}
    )  # a changed copy is written anew, not as the text read


def test_observations_are_immutable() -> None:
    values = obs.Observations(texts={"puntualita": "in orario"})
    with pytest.raises(TypeError):
        values.texts["puntualita"] = "in ritardo"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        values.texts = {}  # type: ignore[misc]
