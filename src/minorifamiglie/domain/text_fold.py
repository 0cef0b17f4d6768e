"""Folding text for search: what the educator types and what is stored compare in one form.

`fold("D'Angelo Nicolò")` is "dangelo nicolo": case folded, accents and other marks removed
(Unicode NFKD, then the combining marks dropped), the letters that do not decompose written
in plain Latin (đ, ø, æ, œ, ß, ł, þ), apostrophes and hyphens dropped so that "D'Angelo",
"D’Angelo" and "Dangelo" are one word, and runs of white space made one space.

`spans` marks where the folded words of a query occur in the original text, for showing a
name or a snippet with the matched words highlighted."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters that NFKD leaves alone, as an Italian reader would type them on a plain keyboard.
_LETTERS = str.maketrans(
    {
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ł": "l",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
    }
)
# Dropped: apostrophes (typewriter, typographic, modifier letter, backtick, acute), hyphens.
DROPPED = frozenset("'’‘ʼ`´-‐‑‒–")


def _fold_char(ch: str) -> str:
    """One character folded (possibly to nothing or to more than one character)."""
    if ch.isascii():
        if ch in DROPPED:
            return ""
        return " " if ch.isspace() else ch.lower()
    if ch in DROPPED:
        return ""
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)


_DROP_TABLE = str.maketrans(dict.fromkeys(DROPPED))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """The search form of `text`; the same for every spelling of the same name."""
    if text.isascii():  # nearly every stored name: no Unicode tables needed
        folded = text.lower().replace("'", "").replace("`", "").replace("-", "")
    else:
        folded = text.translate(_DROP_TABLE)
        if not folded.isascii():
            folded = unicodedata.normalize("NFKD", folded.casefold().translate(_LETTERS))
            folded = _COMBINING.sub("", folded)
            if not folded.isascii():  # marks outside the usual blocks, letters NFKD produced
                folded = "".join(c for c in folded if not unicodedata.combining(c))
                folded = folded.translate(_LETTERS)
        folded = folded.lower()
    return " ".join(folded.split())


def fold_words(text: str) -> tuple[str, ...]:
    """The distinct folded words of a query, in order."""
    return tuple(dict.fromkeys(fold(text).split()))


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a shown text; `highlighted` when it is part of a matched word."""

    text: str
    highlighted: bool = False


def spans(text: str, words: tuple[str, ...] | list[str]) -> tuple[Span, ...]:
    """`text` cut into pieces, the places where a folded query word occurs highlighted.

    The search is on the folded text, so "nicolo" marks "Nicolò" and "dangelo" marks "D'Angelo";
    the pieces are of the original text, as stored."""
    folded: list[str] = []
    origin: list[int] = []  # for each folded character, the index of its original one
    for i, ch in enumerate(text):
        for f in _fold_char(ch):
            folded.append(f)
            origin.append(i)
    haystack = "".join(folded)
    marked = [False] * len(text)
    for word in words:
        if not word:
            continue
        start = haystack.find(word)
        while start >= 0:
            for k in range(start, start + len(word)):
                marked[origin[k]] = True
            start = haystack.find(word, start + len(word))
    # An apostrophe or hyphen inside a marked word ("D'Angelo") is part of it.
    for i in range(1, len(text) - 1):
        if text[i] in DROPPED and marked[i - 1] and marked[i + 1]:
            marked[i] = True
    pieces: list[Span] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marked[i] != marked[start]:
            pieces.append(Span(text[start:i], marked[start]))
            start = i
    return tuple(pieces)


def plain(pieces: tuple[Span, ...]) -> str:
    return "".join(p.text for p in pieces)
