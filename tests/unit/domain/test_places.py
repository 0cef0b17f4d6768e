"""domain/places.py: birthplaces by Belfiore code and citizenships by ISO 3166 alpha-2, with
python-codicefiscale's names."""

from __future__ import annotations

import pytest

from minorifamiglie.domain import places
from minorifamiglie.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Bergamo", "A794"),
        ("a794", "A794"),
        ("Bergamo (BG)", "A794"),
        ("  zogno ", "M184"),
        ("Sant'Omobono Terme", "M333"),
        ("Marocco", "Z330"),
        ("Morocco", "Z330"),  # the English name too
        ("Marocco (stato estero)", "Z330"),
        ("Castro (BG)", "C337"),
        ("Castro BG", "C337"),
        ("Brembilla", "B140"),  # merged into Val Brembilla in 2014: still a birthplace
        ("Jugoslavia", "Z118"),  # a state that no longer exists: still a birthplace
    ],
)
def test_a_birthplace_is_resolved_to_its_belfiore_code(typed: str, code: str) -> None:
    assert places.resolve_birthplace(typed) == code


def test_a_name_several_comuni_share_asks_for_the_province() -> None:
    with pytest.raises(ValidationError, match=r"Castro \(") as err:
        places.resolve_birthplace("Castro")
    assert err.value.field == "birthplace"


def test_an_unknown_birthplace_is_refused() -> None:
    with pytest.raises(ValidationError, match="sconosciuto") as err:
        places.resolve_birthplace("Narnia")
    assert err.value.field == "birthplace"
    assert places.resolve_birthplace("") is None


def test_labels_are_unique_and_say_what_a_place_is() -> None:
    labels = [p.label for p in places.places()]
    assert len(labels) == len(set(labels)) > 9000
    assert places.place_label("A794") == "Bergamo (BG)"
    assert places.place_label("B140") == "Brembilla (BG, soppresso)"
    assert places.place_label("Z330") == "Marocco (stato estero)"
    assert places.place_label("Z118") == "Jugoslavia (stato estero cessato)"
    assert places.place_label("Z999") == "Z999"  # unknown here (a newer table): the code
    assert places.place_label(None) == ""
    # Every label resolves back to its own place.
    for p in places.places()[::97]:
        assert places.resolve_birthplace(p.label) == p.code


def test_every_citizenship_is_an_existing_state_with_its_italian_name() -> None:
    found = places.countries()
    assert found[0] == places.Country("IT", "Italia")
    assert found[-1] == places.Country("XX", "Apolide")
    codes = [c.code for c in found]
    assert len(codes) == len(set(codes)) > 190
    assert all(places.ISO_ALPHA2.fullmatch(c) for c in codes)
    names = {c.code: c.name for c in found}
    assert names["MA"] == "Marocco"
    assert names["US"] == "Stati Uniti d'America"
    assert names["CD"] == "Repubblica Democratica del Congo"
    assert names["GB"] == "Regno Unito"
    # Every state of the table is a live one (a citizenship is of a state that exists).
    for iso, belfiore in places.ISO_TO_BELFIORE.items():
        state = places.place(belfiore)
        assert state is not None and state.foreign and not state.ceased, iso


@pytest.mark.parametrize(
    ("typed", "code"),
    [("MA", "MA"), ("ma", "MA"), ("Marocco", "MA"), ("Morocco", "MA"), ("italiana", "IT"),
     ("Italia", "IT"), ("apolide", "XX"), ("Albania", "AL"), ("Kosovo", "XK")],
)  # fmt: skip
def test_a_citizenship_is_resolved_to_its_iso_code(typed: str, code: str) -> None:
    assert places.resolve_citizenship(typed) == code
    assert places.country_name(code)


def test_an_unknown_citizenship_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        places.resolve_citizenship("Atlantide")
    assert err.value.field == "citizenship"
    assert places.resolve_citizenship(" ") is None


# ------------------------------------------------------------------ comuni of residence


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Zogno", "M184"),
        ("zogno (bg)", "M184"),
        ("m184", "M184"),
        ("Scanzorosciate", "I506"),
        ("Castro (BG)", "C337"),
        ("Castro BG", "C337"),
        ("Sant'Omobono Terme", "M333"),
    ],
)
def test_a_comune_of_residence_is_resolved_to_its_belfiore_code(typed: str, code: str) -> None:
    assert places.resolve_comune(typed) == code


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("Castro", r"più comuni .* Castro \(BG\)"),  # Bergamo and Lecce: which one
        ("Marocco", "non uno stato estero"),
        ("Z330", "non uno stato estero"),
        ("Brembilla", "non esiste più"),  # merged into Val Brembilla in 2014
        ("B140", "non esiste più"),
        ("Narnia", "sconosciuto"),
    ],
)
def test_what_is_not_a_comune_of_today_is_refused(typed: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says) as err:
        places.resolve_comune(typed)
    assert err.value.field == "comune"


def test_an_empty_comune_is_none_and_names_read_back() -> None:
    assert places.resolve_comune("") is None and places.resolve_comune(None) is None
    assert places.comune_name("M184") == "Zogno"
    assert places.comune_label("M184") == "Zogno (BG)"
    assert places.comune_name(None) == places.comune_name("Z999") == ""  # unknown: not given
    assert places.comune_name("Z330") == ""  # a state is no comune
    assert places.comune_label("Z999") == "Z999"  # kept as it is, so a form saves it back


def test_the_comuni_offered_are_those_of_today_and_resolve_back() -> None:
    offered = places.comuni()
    assert 7000 < len(offered) < 8500
    assert all(not p.foreign and not p.ceased for p in offered)
    assert "Zogno (BG)" in {p.label for p in offered}
    assert "Brembilla (BG, soppresso)" not in {p.label for p in offered}
    for p in offered[::101]:
        assert places.resolve_comune(p.label) == p.code


@pytest.mark.parametrize(
    "name",
    [
        "Orio al Serio",
        "Brembate di Sopra",
        "Villa d'Almè",
        "Sant'Omobono Terme",
        "Sotto il Monte Giovanni XXIII",
        "Torre de' Roveri",
        "Calusco d'Adda",
        "Santa Cristina e Bissone",
        "Appiano sulla Strada del Vino",
    ],
)
def test_comuni_are_written_as_italian_writes_them(name: str) -> None:
    # (the library title-cases every word: "Orio Al Serio", "Torre De' Roveri")
    code = places.resolve_comune(name)
    assert code is not None and places.comune_name(code) == name
