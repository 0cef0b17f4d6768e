"""The observation grid's JSON: canonical, tolerant of older data, lossless for unknown keys."""

from __future__ import annotations

import json

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
    assert obs.parse("not json") == obs.Observations()
    assert obs.parse("[1, 2]") == obs.Observations()
    assert obs.parse("") == obs.Observations()
