"""The characters stored text may hold that a terminal or a screen must not act on, nor hide:
a teammate's tampered laptop syncs any text within its column's length, and a pasted note can
carry them too. The command line shows each as its escape (cli.common.printable), the screens
as U+FFFD (ui.common.unhidden); a file name holding one is refused where it comes in
(services.attachments.clean_filename).

- C0 controls but newline and tab, DEL and the C1 controls: ESC starts the sequences that
  retitle a window or clear the screen, 0x9B is a one-byte CSI for some terminals;
- the direction overrides, embeddings, isolates and marks: an unclosed U+202E turns what
  follows backwards ("relazione_\\u202efdp.exe" reads "relazione_exe.pdf");
- what shows as nothing (zero-width spaces and joiners, the word joiner and its kin, the
  Mongolian vowel separator, the byte-order mark), so that a code holding one looks exactly
  like another; and the line and paragraph separators, which break a line where none is seen.
"""

from __future__ import annotations

HIDDEN_CODES: tuple[int, ...] = (
    *(c for c in range(0x20) if c not in (0x0A, 0x09)),
    *range(0x7F, 0xA0),
    0x061C,
    0x180E,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    0x2028,
    0x2029,
    *range(0x2060, 0x2065),
    *range(0x2066, 0x206A),
    0xFEFF,
)
_HIDDEN = frozenset(map(chr, HIDDEN_CODES))


def has_hidden(text: str) -> bool:
    """Whether `text` holds any of HIDDEN_CODES (a tab or a newline does not count)."""
    return not _HIDDEN.isdisjoint(text)
