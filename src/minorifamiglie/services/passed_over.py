"""Files of the shared folder already found to be nothing to take, not read again while unchanged.

Anyone who can write to the share can leave files where a sync looks: roster versions above
the one in effect, bundles in a device's later slots. Each is read whole, parsed and its
signature checked before it is passed over, and it is still there at the next sync: forty junk
rosters of a megabyte made every sync and every view of the Team page a second slower, sixty
junk bundles read sixty megabytes a sync over the network. Such a file is remembered here by
its place in the share and its stamp, and passed over unread while the stamp is the same. A
file written again at that place (a device never writes over one, so only after someone
removed it) has another stamp and is read like any other. A roster the coordinator signed for
its slot is never remembered (services/team.py), whatever this device makes of it.

The stamp is taken before the file is read, so it is the stamp of what was read (a file
replaced while it was read, as a share without hard links writes one over an empty placeholder,
is then read again: its stamp differs). It holds the inode number and the status-change time
besides the size and the modification time: a file moved away and back, or rewritten with its
old size and modification time set again (`touch -r`), has another inode or status-change time,
which no one can set, so swapping the real file for junk and back cannot make it pass unread.

Kept in local_state (the encrypted database: file names carry ids and numbers only), at most
`MAX_ENTRIES`, the least recently met forgotten first."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from minorifamiglie.storage.profile import get_local, set_local

KEY = "sync_passed_over"
MAX_ENTRIES = 100_000
Stamp = list[int]  # size, modification time, inode, status-change time (ns)


@dataclass
class PassedOver:
    root: Path  # the team's folder on the share: entries are relative to it
    entries: dict[str, Stamp] = field(default_factory=dict)  # place -> stamp, oldest met first
    changed: bool = False

    @classmethod
    def load(cls, session: Session, root: Path) -> PassedOver:
        try:
            raw = json.loads(get_local(session, KEY) or "{}")
        except ValueError:
            raw = {}
        entries = {
            str(place): value
            for place, value in (raw.items() if isinstance(raw, dict) else ())
            if isinstance(value, list) and len(value) == 4 and all(type(v) is int for v in value)
        }
        return cls(root, entries)

    @staticmethod
    def stamp(path: Path) -> Stamp | None:
        """The file's stamp, taken before it is read; None when it cannot be had."""
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]

    def known(self, path: Path, stamp: Stamp | None) -> bool:
        """Whether `path` was passed over before with this very stamp (then it is met again:
        the most recently met are kept)."""
        place = self._place(path)
        seen = self.entries.get(place)
        if stamp is None or seen != stamp:
            return False
        del self.entries[place]
        self.entries[place] = seen
        self.changed = True
        return True

    def add(self, path: Path, stamp: Stamp | None) -> None:
        """Remember `path`, read with `stamp`, as passed over."""
        if stamp is None:
            return  # not to be had before the read: nothing to remember
        place = self._place(path)
        self.entries.pop(place, None)
        self.entries[place] = stamp
        while len(self.entries) > MAX_ENTRIES:
            del self.entries[next(iter(self.entries))]
        self.changed = True

    def save(self, session: Session) -> None:
        if self.changed:
            set_local(session, KEY, json.dumps(self.entries, separators=(",", ":")))
            self.changed = False

    def _place(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
