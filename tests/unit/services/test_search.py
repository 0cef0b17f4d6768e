"""The one search: a case is found by any name in it (without accents or apostrophes), its code,
a codice fiscale or a word in a visit's notes; one hit each, the best first, saying where."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minorifamiglie.domain.enums import CaseStatus, MemberRole, Service
from minorifamiglie.services import cases, search, visits
from minorifamiglie.services.search import Place, Relevance
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.queries import CaseFilter
from support.clock import TODAY


def _case(opened: OpenProfile, minor: str, **extra: Any) -> object:
    return cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name=minor, today=TODAY, **extra
    )


def _marked(hit: search.SearchHit) -> list[str]:
    return [s.text for s in hit.spans if s.highlighted]


def test_names_are_found_without_accents_or_apostrophes(opened: OpenProfile) -> None:
    _case(opened, "Nicolò Rota")
    _case(opened, "Sara D'Angelo")
    _case(opened, "Zoë Bianchi")
    _case(opened, "Nguyễn Thị Hà")
    for typed, name in (
        ("nicolo", "Nicolò Rota"),
        ("dangelo", "Sara D'Angelo"),
        ("zoe", "Zoë Bianchi"),
        ("nguyen", "Nguyễn Thị Hà"),
        ("thi ha", "Nguyễn Thị Hà"),
    ):
        [hit] = search.search(opened, typed).hits
        assert hit.minors == name
        assert hit.place is Place.PERSON and hit.role is MemberRole.MINOR
        assert hit.relevance is Relevance.WORDS
    [hit] = search.search(opened, "nicolo").hits
    assert _marked(hit) == ["Nicolò"]


def test_the_list_filter_folds_too(opened: OpenProfile) -> None:
    _case(opened, "Nicolò Rota")
    _case(opened, "Sara D'Angelo")
    assert [r.minors for r in cases.list_cases(opened, CaseFilter(text="nicolo"))] == [
        "Nicolò Rota"
    ]
    assert cases.count_cases(opened, CaseFilter(text="dangelo")) == 1


def test_a_word_in_a_visits_notes_finds_the_case(opened: OpenProfile) -> None:
    case = _case(opened, "Luca Rossi")
    _case(opened, "Sara Bianchi")
    visit = visits.add_visit(
        opened,
        case=case.code,  # type: ignore[attr-defined]
        date=dt.date(2026, 3, 12),
        start=dt.time(15),
        end=dt.time(16),
        notes="Incontro sereno, il bambino ha mostrato il quaderno di grammatica.",
        today=TODAY,
    )
    [hit] = search.search(opened, "quaderno").hits
    assert hit.case_id == case.id  # type: ignore[attr-defined]
    assert hit.place is Place.NOTES
    assert hit.visit_id == visit.id and hit.visit_date == dt.date(2026, 3, 12)
    assert _marked(hit) == ["quaderno"]


def test_ranked_exact_code_then_whole_words_then_prefix_then_inside_then_notes(
    opened: OpenProfile,
) -> None:
    inside = _case(opened, "Marta Rota")
    cases.add_member(
        opened,
        inside.code,  # type: ignore[attr-defined]
        first_name="Pierangelo",
        last_name="Rota",
        role=MemberRole.FATHER,
        today=TODAY,
    )
    whole = _case(opened, "Angelo Verdi")
    prefix = _case(opened, "Angelica Neri")
    noted = _case(opened, "Ugo Sala")
    visits.add_visit(
        opened,
        case=noted.code,  # type: ignore[attr-defined]
        date=dt.date(2026, 3, 12),
        start=dt.time(15),
        end=dt.time(16),
        notes="Telefonata con lo zio Angelo.",
        today=TODAY,
    )
    by_prefix = search.search(opened, "angel").hits
    assert [h.relevance for h in by_prefix] == [
        Relevance.PREFIX,
        Relevance.PREFIX,
        Relevance.PART,
        Relevance.NOTES,
    ]
    assert by_prefix[2].case_id == inside.id  # type: ignore[attr-defined]
    hits = search.search(opened, "angelo").hits
    assert [h.case_id for h in hits] == [
        whole.id,  # type: ignore[attr-defined]
        inside.id,  # type: ignore[attr-defined]
        noted.id,  # type: ignore[attr-defined]
    ]
    father = hits[1]
    assert father.place is Place.PERSON and father.role is MemberRole.FATHER
    assert father.text == "Pierangelo Rota" and _marked(father) == ["angelo"]
    assert hits[2].place is Place.NOTES
    code = prefix.code  # type: ignore[attr-defined]
    [exact, *_] = search.search(opened, code.lower()).hits
    assert exact.case_id == prefix.id  # type: ignore[attr-defined]
    assert exact.place is Place.CODE and exact.relevance is Relevance.EXACT


def test_filters_apply_and_nothing_typed_finds_nothing(opened: OpenProfile) -> None:
    _case(opened, "Nicolò Rota")
    assert search.search(opened, "  ").hits == ()
    closed = CaseFilter(status=CaseStatus.CLOSED)
    assert search.search(opened, "nicolo", closed).hits == ()


def test_when_names_fill_the_list_the_notes_are_not_ranked_and_more_is_said(
    opened: OpenProfile, monkeypatch: object
) -> None:
    from minorifamiglie.storage import queries

    first = _case(opened, "Angelo Verdi")
    second = _case(opened, "Pierangelo Neri")
    noted = _case(opened, "Ugo Sala")
    visits.add_visit(
        opened,
        case=noted.code,  # type: ignore[attr-defined]
        date=dt.date(2026, 3, 12),
        start=dt.time(15),
        end=dt.time(16),
        notes="Telefonata con lo zio Angelo.",
        today=TODAY,
    )
    ranked: list[str] = []
    real = queries.search_note_matches

    def counting(session: object, text: str, *args: object, **kwargs: object) -> object:
        ranked.append(text)
        return real(session, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "search_note_matches", counting)  # type: ignore[attr-defined]
    # Two names already exceed a list of one: the visits' texts cannot enter it
    found = search.search(opened, "angelo", limit=1)
    assert [h.case_id for h in found.hits] == [first.id]  # type: ignore[attr-defined]
    assert found.more and ranked == []
    # With room left, they are ranked and the noted case comes after the names
    found = search.search(opened, "angelo", limit=3)
    assert [h.case_id for h in found.hits] == [
        first.id,  # type: ignore[attr-defined]
        second.id,  # type: ignore[attr-defined]
        noted.id,  # type: ignore[attr-defined]
    ]
    assert not found.more and ranked == ["angelo"]


def test_a_search_asked_to_stop_ends_without_a_result(opened: OpenProfile) -> None:
    for i in range(3):
        _case(opened, f"Rita Rossi{i}")
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # the text changes once the search has begun

    import pytest

    with pytest.raises(search.SearchCancelled):  # stopped inside its first query
        search.search(opened, "r", cancelled=cancelled)
    assert len(asked) >= 2
    # Not asked to stop, the same search gives its result; nothing is left on the connection
    assert len(search.search(opened, "r", cancelled=lambda: False).hits) == 3
    assert len(search.search(opened, "r").hits) == 3


def test_a_word_in_more_visits_than_the_window_is_ranked_among_the_last_written(
    opened: OpenProfile,
) -> None:
    from minorifamiglie.storage import queries

    case = _case(opened, "Ugo Sala")
    notes = (
        "Merenda, merenda e ancora merenda.",  # the best for "merenda", written first
        "Compiti di matematica, poi una lunga conversazione in cucina e infine la merenda.",
        "Passeggiata al parco con la madre; a casa la merenda e i compiti di italiano.",
        "Colloquio con la maestra sui compiti; al ritorno la merenda con il fratello.",
    )
    written = [
        visits.add_visit(
            opened,
            case=case.code,  # type: ignore[attr-defined]
            date=dt.date(2026, 3, 2 + i),
            start=dt.time(15),
            end=dt.time(16),
            notes=text,
            today=TODAY,
        ).id
        for i, text in enumerate(notes)
    ]
    with opened.read_session() as session:
        whole = queries.search_note_matches(session, "merenda", CaseFilter())
        last_two = queries.search_note_matches(session, "merenda", CaseFilter(), window=2)
        rare = queries.search_note_matches(session, "passeggiata", CaseFilter(), window=2)
    assert len(whole) == 4 and whole[0].visit_id == written[0]
    assert sorted(n.visit_id for n in last_two) == sorted(written[2:])
    assert [n.visit_id for n in rare] == [written[2]]  # fewer than the window: all of them
