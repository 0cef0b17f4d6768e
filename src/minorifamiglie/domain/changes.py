"""What a unit of work changed, as storage reports it once committed (Anki's OpChanges).

Storage records the tables every committed transaction wrote (storage/capture.py); the GUI's
workspace announces them after each job, and every screen decides from them what to reload:
a service that derives what a screen shows declares once the tables it reads (its `SOURCES`),
and the screen asks `changes.touches(service.SOURCES)`. Nobody lists by hand what a write
touched, so no write can forget a table."""

from __future__ import annotations

from collections.abc import Iterable


class Changes(frozenset[str]):
    """The names of the tables written ("cases", "visits", "audit_events", …)."""

    __slots__ = ()

    def touches(self, sources: Iterable[str]) -> bool:
        """Whether any of `sources` (table names) was written."""
        return not self.isdisjoint(sources)

    def __repr__(self) -> str:
        return f"Changes({sorted(self)!r})"


NOTHING = Changes()
