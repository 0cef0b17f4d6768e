"""What the operating system said about a file, in Italian for the common cases and with the
path it concerns: the one-line messages of the command line and of the services that write
files the user chose. The path is the user's own (a file a command was told to write or read),
never data from inside the profile."""

from __future__ import annotations

import errno
import os
from pathlib import Path

TEMP_PREFIX = ".tmp-"  # portable.atomic_file's temporary files: their folder is what is meant

_ITALIAN = {
    errno.ENOENT: "file o cartella inesistente",
    errno.EACCES: "permesso negato",
    errno.EPERM: "operazione non permessa",
    errno.ENOSPC: "spazio su disco esaurito (disco pieno)",
    errno.EISDIR: "è una cartella",
    errno.ENOTDIR: "non è una cartella",
    errno.EROFS: "file system in sola lettura",
    errno.EEXIST: "esiste già",
    errno.ELOOP: "troppi collegamenti simbolici",
    errno.ENAMETOOLONG: "nome troppo lungo",
    errno.EIO: "errore di lettura o scrittura del dispositivo",
}


def italian(exc: OSError) -> str:
    """The error in Italian where known (the system's own words otherwise), with its path."""
    said = _ITALIAN.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    if not exc.filename:
        return said
    where = Path(os.fsdecode(exc.filename))
    if where.name.startswith(TEMP_PREFIX):
        where = where.parent
    return f"{said} ({where})"
