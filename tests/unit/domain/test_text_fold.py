"""Folding for search: every spelling of a name compares equal to what a plain keyboard types."""

from __future__ import annotations

import pytest

from minorifamiglie.domain.text_fold import Span, fold, fold_words, spans


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Nicolò", "nicolo"),
        ("D'Angelo", "dangelo"),
        ("D’Angelo", "dangelo"),
        ("D`Angelo", "dangelo"),
        ("Zoë", "zoe"),
        ("Nguyễn Thị Hà", "nguyen thi ha"),
        ("Pierangelo", "pierangelo"),
        ("Anna-Maria  De Luca", "annamaria de luca"),
        ("Đorđe Ørsted Æsa Œdipe Straße", "dorde orsted aesa oedipe strasse"),
    ],
)
def test_folded_forms(stored: str, typed: str) -> None:
    assert fold(stored) == typed
    assert fold(typed) == typed


def test_query_words_are_folded_and_distinct() -> None:
    assert fold_words("  Nicolò  NICOLO d'angelo ") == ("nicolo", "dangelo")
    assert fold_words(" ' - ") == ()


def test_spans_mark_the_matched_words_of_the_original_text() -> None:
    assert spans("Pierangelo Rossi", ["angelo"]) == (
        Span("Pier"),
        Span("angelo", True),
        Span(" Rossi"),
    )
    assert spans("Nicolò D'Angelo", ["nicolo", "dangelo"]) == (
        Span("Nicolò", True),
        Span(" "),
        Span("D'Angelo", True),
    )
    assert spans("Zoë", ["xyz"]) == (Span("Zoë"),)
