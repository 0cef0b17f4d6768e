"""The characters stored text may hold that a terminal or a screen must not act on, nor hide:
a teammate's tampered laptop syncs any text within its column's length, and a pasted note can
carry them too. The command line shows each as its escape (cli.common.printable), the screens
as U+FFFD (ui.common.unhidden); a file name holding one is refused where it comes in
(services.attachments.clean_filename, storage.bounds for synced and handed-over records).

- C0 controls but newline and tab, DEL and the C1 controls: ESC starts the sequences that
  retitle a window or clear the screen, 0x9B is a one-byte CSI for some terminals;
- every format character (Unicode category Cf): the direction overrides, embeddings, isolates
  and marks (an unclosed U+202E turns what follows backwards: "relazione_\\u202efdp.exe"
  reads "relazione_exe.pdf"), the zero-width spaces and joiners, the word joiner and its kin,
  the soft hyphen, the byte-order mark, the tag characters, the interlinear annotations;
- what else shows as nothing, so that a code holding one looks exactly like another: the
  Hangul fillers, the braille blank, the Khmer inherent vowels, the combining grapheme joiner,
  the Mongolian free variation selectors and the variation selectors, but U+FE0E and U+FE0F
  (they only choose between a symbol's text and emoji forms: "❤️" typed on a phone);
- the line and paragraph separators, which break a line where none is seen.

Listed here rather than looked up (unicodedata at import costs a third of a second of every
command); tests/unit/domain/test_hidden_text.py checks the list against unicodedata.
"""

from __future__ import annotations

# Unicode category Cf, as of Unicode 14 (Python 3.11's unicodedata)
FORMAT_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
    (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)  # fmt: skip
# Not Cf, yet nothing to see
BLANK_RANGES: tuple[tuple[int, int], ...] = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180D),
    (0x180F, 0x180F), (0x2028, 0x2029), (0x2800, 0x2800), (0x3164, 0x3164),
    (0xFE00, 0xFE0D), (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF),
)  # fmt: skip

HIDDEN_CODES: tuple[int, ...] = (
    *(c for c in range(0x20) if c not in (0x0A, 0x09)),
    *range(0x7F, 0xA0),
    *(c for first, last in FORMAT_RANGES + BLANK_RANGES for c in range(first, last + 1)),
)
_HIDDEN = frozenset(map(chr, HIDDEN_CODES))


def has_hidden(text: str) -> bool:
    """Whether `text` holds any of HIDDEN_CODES (a tab or a newline does not count)."""
    return not _HIDDEN.isdisjoint(text)
