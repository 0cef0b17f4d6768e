"""Files of the shared folder already found to be nothing to take, not read again while unchanged.

Anyone who can write to the share can leave files where a sync looks: roster versions above
the one in effect, bundles in a device's later slots. Each is read whole, parsed and its
signature checked before it is passed over, and it is still there at the next sync: forty junk
rosters of a megabyte made every sync and every view of the Team page a second slower, sixty
junk bundles read sixty megabytes a sync over the network. Such a file is remembered here by
its place in the share, its size and its modification time, and passed over unread while all
three are the same. A file written again at that place (a device never writes over one, so
only after someone removed it) has another time and is read like any other.

Kept in local_state (the encrypted database: file names carry ids and numbers only), at most
`MAX_ENTRIES`, the oldest forgotten first."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from minorifamiglie.storage.profile import get_local, set_local

KEY = "sync_passed_over"
MAX_ENTRIES = 10_000


@dataclass
class PassedOver:
    root: Path  # the team's folder on the share: entries are relative to it
    entries: dict[str, list[int]] = field(default_factory=dict)  # place -> [size, mtime_ns]
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
            if isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)
        }
        return cls(root, entries)

    def known(self, path: Path) -> bool:
        """Whether `path` was passed over before and is unchanged since."""
        seen = self.entries.get(self._place(path))
        return seen is not None and seen == _stamp(path)

    def add(self, path: Path) -> None:
        stamp = _stamp(path)
        if stamp is None:
            return  # gone meanwhile: nothing to remember
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


def _stamp(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]
