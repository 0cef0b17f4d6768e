"""The header of an age file bounded before age parses it: its parser took 12 s to refuse one
header line of 300 KB. Used for every age file that comes from outside (sync bundles, rosters,
join requests and attachment blobs on the shared folder, hand-off files)."""

from __future__ import annotations

AGE_MAGIC = b"age-encryption.org/v1"
MAX_AGE_HEADER = 64 * 1024  # one recipient's stanza is about 100 bytes
MAX_AGE_LINE = 1024  # stanza lines are at most 64 characters of base64, or a short argument line


def age_header_ok(sealed: bytes) -> bool:
    """Whether `sealed` starts like a binary age file with a bounded header: the format's first
    line, then lines of at most MAX_AGE_LINE bytes up to the `---` MAC line (itself short), all
    within MAX_AGE_HEADER bytes. Looks at no more than those bytes, whatever the file's size."""
    end = sealed.find(b"\n--- ", 0, MAX_AGE_HEADER)
    if end < 0:
        return False
    lines = sealed[: end + 1].split(b"\n")
    if lines[0] != AGE_MAGIC or max(map(len, lines)) > MAX_AGE_LINE:
        return False
    return sealed.find(b"\n", end + 1, end + 1 + MAX_AGE_LINE) >= 0
