"""The characters that text shown to a person never carries as they are (domain/hidden_text.py):
every format character of this Python's Unicode database, the blanks, the controls; not the
letters, accents, scripts and emoji that names and notes are made of."""

from __future__ import annotations

import json
import unicodedata

import pytest

from minorifamiglie.cli.common import json_safe, printable
from minorifamiglie.domain.hidden_text import FORMAT_RANGES, HIDDEN_CODES, has_hidden


def test_every_format_character_is_listed() -> None:
    # a newer Python's Unicode may add some: then the list is brought up to date
    listed = {c for first, last in FORMAT_RANGES for c in range(first, last + 1)}
    database = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    assert database <= listed, sorted(map(hex, database - listed))


# What the second audit found passing raw to the terminal
INVISIBLE = ["\u00ad", "\u034f", "\u115f", "\u3164", "\uffa0", "\U000e0041", "\U000e0100",
             "\u2800", "\u17b4", "\u206a", "\ufff9"]  # fmt: skip


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_what_shows_as_nothing_is_escaped_on_the_terminal_and_in_json(char: str) -> None:
    text = f"VBR-2026{char}-0007"
    assert has_hidden(text)
    assert char not in printable(text)
    out = json_safe(json.dumps(text, ensure_ascii=False))
    assert char not in out and json.loads(out) == text


@pytest.mark.parametrize(
    "text", ["Niccolò D'Angelo", "Ștefan Popescu", "محمد", "Nguyễn Thị", "Anna ❤️", "tab\there"]
)
def test_names_and_notes_are_left_alone(text: str) -> None:
    assert not has_hidden(text)
    assert printable(text) == text


def test_newline_and_tab_are_text() -> None:
    assert 0x0A not in HIDDEN_CODES and 0x09 not in HIDDEN_CODES
