"""The one search: what the educator types finds a case by its code, a person's codice fiscale,
the name of any person in it (with their role), its title, or a word in the texts of its visits.

Words are compared folded on both sides (domain/text_fold.py: "nicolo" finds Nicolò, "dangelo"
D'Angelo); the texts of the visits go through the FTS5 index, whose tokenizer folds accents
itself. One hit per case, the best place it was found in, best first: an exact code or codice
fiscale, then a name holding the words as whole words, then as the start of words, then inside
words (a parent "Pierangelo" for "angelo"), then the texts of the visits by bm25; ties newest
first (the case opened last, the latest visit)."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from minorifamiglie.domain.enums import MemberRole
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.domain.text_fold import DROPPED, Span, fold, fold_words, spans
from minorifamiglie.storage import queries
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.queries import CaseFilter, CaseRowView

DEFAULT_LIMIT = 200


class Place(StrEnum):
    """Where a case was found."""

    CODE = "code"
    TAX_CODE = "tax_code"
    PERSON = "person"
    TITLE = "title"
    NOTES = "notes"


class Relevance(IntEnum):
    """How well it was found; lower is better."""

    EXACT = 0  # the whole code or codice fiscale
    WORDS = 1  # every word typed is a whole word there
    PREFIX = 2  # every word typed starts a word there
    PART = 3  # inside a word
    NOTES = 4  # in the texts of a visit (then ordered by bm25)


@dataclass(frozen=True, slots=True)
class SearchHit:
    case: CaseRowView
    place: Place
    relevance: Relevance
    spans: tuple[Span, ...]  # the code, name, title or note snippet, matched words highlighted
    role: MemberRole | None = None  # PERSON, TAX_CODE: the person's role in the case
    person: str = ""  # PERSON, TAX_CODE: the person's name
    visit_id: VisitId | None = None  # NOTES
    visit_date: dt.date | None = None  # NOTES
    score: float = 0.0  # NOTES: FTS5 bm25 (lower is better)

    @property
    def case_id(self) -> uuid.UUID:
        return self.case.id

    @property
    def code(self) -> str:
        return self.case.code

    @property
    def minors(self) -> str:
        return self.case.minors

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    more: bool  # more cases were found than `limit`


@dataclass(frozen=True, slots=True)
class _Found:
    case_id: uuid.UUID
    place: Place
    relevance: Relevance
    shown: str  # the code, name or title the words are highlighted in (NOTES: its snippet)
    date: dt.date
    role: MemberRole | None = None
    person: str = ""
    visit_id: VisitId | None = None
    score: float = 0.0
    marks: tuple[str, ...] = ()  # what to highlight in `shown`, when not the words typed

    def key(self) -> tuple[int, float, int]:
        return (self.relevance, self.score, -self.date.toordinal())


_CUT = str.maketrans(dict.fromkeys(DROPPED, " "))


class _Folds(dict[str, str]):
    """`fold` for one search, remembering: a name is tested as a whole, for its words and
    beside its codice fiscale, and a person named in several cases comes back with each."""

    def __missing__(self, text: str) -> str:
        folded = self[text] = fold(text)
        return folded


def _field_words(text: str, folds: _Folds) -> set[str]:
    """The folded words of a stored text, and the parts an apostrophe or hyphen joins
    ("D'Angelo": dangelo, d, angelo)."""
    words = set(folds[text].split())
    cut = text.translate(_CUT)
    if cut != text:
        words.update(folds[cut].split())
    return words


def _relevance(text: str, words: tuple[str, ...], folds: _Folds) -> Relevance:
    have = _field_words(text, folds)
    if all(w in have for w in words):
        return Relevance.WORDS
    if all(any(h.startswith(w) for h in have) for w in words):
        return Relevance.PREFIX
    return Relevance.PART


def _holds(text: str, words: tuple[str, ...], folds: _Folds) -> bool:
    folded = folds[text]
    return all(w in folded for w in words)


def _snippet_spans(snippet: str) -> tuple[Span, ...]:
    pieces: list[Span] = []
    marked = False
    current: list[str] = []
    for ch in snippet:
        if ch in (queries.MARK_START, queries.MARK_END):
            if current:
                pieces.append(Span("".join(current), marked))
            current = []
            marked = ch == queries.MARK_START
        else:
            current.append(ch)
    if current:
        pieces.append(Span("".join(current), marked))
    return tuple(pieces)


def _person_found(
    p: queries.PersonMatch, query: str, words: tuple[str, ...], folds: _Folds
) -> _Found:
    name = f"{p.first_name} {p.last_name}"
    cf = p.tax_code or ""
    if _holds(name, words, folds):
        return _Found(
            p.case_id, Place.PERSON, _relevance(name, words, folds), name, p.opened_on, p.role, name
        )
    if cf and _holds(cf, words, folds):
        folded_cf, typed = folds[cf], folds[query].replace(" ", "")
        relevance = (
            Relevance.EXACT
            if folded_cf == typed
            else Relevance.PREFIX
            if folded_cf.startswith(typed)
            else Relevance.PART
        )
        return _Found(p.case_id, Place.TAX_CODE, relevance, cf, p.opened_on, p.role, name)
    both = f"{name} {cf}".strip()  # the words are split between the name and the codice fiscale
    return _Found(p.case_id, Place.PERSON, Relevance.PART, both, p.opened_on, p.role, name)


def _tax_code_found(p: queries.PersonMatch, fragment: str) -> _Found:
    """A codice fiscale found by its stored form, whatever punctuation was typed around it."""
    cf = p.tax_code or ""
    relevance = (
        Relevance.EXACT
        if cf == fragment
        else Relevance.PREFIX
        if cf.startswith(fragment)
        else Relevance.PART
    )
    name = f"{p.first_name} {p.last_name}"
    return _Found(
        p.case_id,
        Place.TAX_CODE,
        relevance,
        cf,
        p.opened_on,
        p.role,
        name,
        marks=(fragment.lower(),),
    )


def _persons_found(
    session: Session,
    query: str,
    words: tuple[str, ...],
    flt: CaseFilter,
    folds: _Folds,
    check: Callable[[], None],
) -> Iterator[_Found]:
    """The persons whose name or codice fiscale holds the words; then, for a codice fiscale
    typed with spaces, dots or slashes ("RTO GLI.20C55"), those whose stored code holds its
    canonical form (typed without them, the words already found it)."""
    for i, p in enumerate(queries.search_persons(session, words, flt)):
        if i % _CHECK_EVERY == 0:
            check()
        yield _person_found(p, query, words, folds)
    fragment = queries.tax_code_fragment(query)
    if fragment:
        check()
        for p in queries.search_tax_codes(session, fragment, flt):
            yield _tax_code_found(p, fragment)


def _case_found(c: queries.CaseMatch, query: str, words: tuple[str, ...], folds: _Folds) -> _Found:
    if _holds(c.code, words, folds):
        folded, typed = folds[c.code], folds[query].replace(" ", "")
        relevance = (
            Relevance.EXACT
            if folded == typed
            else Relevance.PREFIX
            if folded.startswith(typed)
            else Relevance.PART
        )
        return _Found(c.case_id, Place.CODE, relevance, c.code, c.opened_on)
    if _holds(c.title, words, folds):
        return _Found(
            c.case_id, Place.TITLE, _relevance(c.title, words, folds), c.title, c.opened_on
        )
    both = f"{c.code} {c.title}"
    return _Found(c.case_id, Place.TITLE, Relevance.PART, both, c.opened_on)


class SearchCancelled(Exception):
    """The search was given up: its text has changed since it started."""


# How many rows are looked at between two checks of `cancelled`.
_CHECK_EVERY = 512


@contextlib.contextmanager
def _given_up(session: Session, cancelled: Callable[[], bool] | None) -> Iterator[None]:
    """A statement interrupted because `cancelled` said so ends the search as SearchCancelled."""
    if cancelled is None:
        yield
        return
    try:
        with queries.interruptible(session, cancelled):
            yield
    except OperationalError:
        if cancelled():
            raise SearchCancelled from None
        raise


def search(
    opened: OpenProfile,
    query: str,
    flt: CaseFilter | None = None,
    limit: int = DEFAULT_LIMIT,
    cancelled: Callable[[], bool] | None = None,
) -> SearchResult:
    """The cases `query` finds (within the filters of `flt`; its text, limit, offset ignored),
    best first, one hit each; at most `limit`.

    `cancelled` is asked between queries and every few hundred rows: once it says True the
    search ends in SearchCancelled. A box where each key starts a search uses it, since one
    or two letters match nearly everyone (600 ms at 10,000 cases for "r") and the next key
    should not wait for that."""
    flt = flt or CaseFilter()
    words = fold_words(query)
    if not words:
        return SearchResult((), False)
    best: dict[uuid.UUID, _Found] = {}
    folds = _Folds()

    def check() -> None:
        if cancelled is not None and cancelled():
            raise SearchCancelled

    def consider(found: _Found) -> None:
        held = best.get(found.case_id)
        if held is None or found.key() < held.key():
            best[found.case_id] = found

    with opened.read_session() as session, _given_up(session, cancelled):
        check()
        for found in _persons_found(session, query, words, flt, folds, check):
            consider(found)
        check()
        for i, c in enumerate(queries.search_case_fields(session, words, flt)):
            if i % _CHECK_EVERY == 0:
                check()
            consider(_case_found(c, query, words, folds))
        check()
        notes: dict[uuid.UUID, queries.NoteMatch] = {}
        # The texts of the visits rank after every name, code and title: when these already
        # fill the list, the notes cannot enter it (a common word is in tens of thousands of
        # visits, 100 ms of ranking at 10,000 cases).
        if len(best) <= limit:
            for n in queries.search_note_matches(session, query, flt):
                if n.case_id not in best and n.case_id not in notes:
                    notes[n.case_id] = n  # the best visit of each case (they come best first)
        chosen = sorted(
            [*best.values(), *(_note_found(n) for n in notes.values())],
            key=lambda f: f.key(),
        )
        more = len(chosen) > limit
        chosen = chosen[:limit]
        snippets = queries.note_snippets(
            session, query, [notes[f.case_id].rowid for f in chosen if f.place is Place.NOTES]
        )
        rows = queries.case_rows(session, [f.case_id for f in chosen])
    hits: list[SearchHit] = []
    for f in chosen:
        row = rows.get(f.case_id)
        if row is None:
            continue
        if f.place is Place.NOTES:
            pieces = _snippet_spans(snippets.get(notes[f.case_id].rowid, ""))
        else:  # only for the hits shown: the words are found again in the original text
            pieces = spans(f.shown, f.marks or words)
        hits.append(
            SearchHit(
                row,
                f.place,
                f.relevance,
                pieces,
                f.role,
                f.person,
                f.visit_id,
                f.date if f.place is Place.NOTES else None,
                f.score,
            )
        )
    hits.sort(key=lambda h: (h.relevance, h.score, -_date(h).toordinal(), h.code))
    return SearchResult(tuple(hits), more)


def _note_found(n: queries.NoteMatch) -> _Found:
    return _Found(
        n.case_id, Place.NOTES, Relevance.NOTES, "", n.date, visit_id=n.visit_id, score=n.score
    )


def _date(hit: SearchHit) -> dt.date:
    return hit.visit_date if hit.visit_date is not None else hit.case.opened_on
