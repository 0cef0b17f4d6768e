"""Completion of comuni and birthplaces as they are typed.

The lists come from python-codicefiscale's tables (some 10,000 places: about a tenth of a second
to read and sort the first time). They are built once per process on a thread of their own,
never on the Qt thread: a completer made before its list is ready starts empty and fills in when
the list arrives (typing meanwhile works; the service resolves the text when it is saved)."""

from __future__ import annotations

import functools
import threading
from typing import Literal

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from minorifamiglie.domain import places

Kind = Literal["places", "comuni"]  # every birthplace; the comuni that exist today

_lists: dict[str, tuple[str, ...]] = {}
_started: set[str] = set()


class _Lists(QObject):
    """Says, on the Qt thread, that the list of a kind is ready."""

    built = Signal(str)


@functools.cache
def _announcer() -> _Lists:
    return _Lists()  # made on the Qt thread (by the first completer): signals are queued to it


def _labels_of(kind: str) -> tuple[str, ...]:
    source = places.comuni() if kind == "comuni" else places.places()
    return tuple(p.label for p in source)


def _build(kind: str, notifier: _Lists) -> None:
    _lists[kind] = _labels_of(kind)
    notifier.built.emit(kind)


def labels(kind: Kind) -> tuple[str, ...] | None:
    """The list of `kind` if it is built (None: not yet)."""
    return _lists.get(kind)


def prepare(kind: Kind) -> None:
    """Start building the list of `kind` (once: nothing if it is built or being built)."""
    if kind in _started:
        return
    _started.add(kind)
    notifier = _announcer()
    threading.Thread(
        target=_build, args=(kind, notifier), name=f"places-{kind}", daemon=True
    ).start()


class PlaceCompleter(QCompleter):
    """Proposes, in any case and by any part, the labels of `kind` ("Zogno (BG)") in `line`."""

    def __init__(self, line: QLineEdit, kind: Kind) -> None:
        super().__init__(line)
        self.kind = kind
        # parented, or Python would free the model the completer only points to
        self.setModel(QStringListModel(self))
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setMaxVisibleItems(12)
        line.setCompleter(self)
        found = labels(kind)
        if found is not None:
            self._fill(found)
            return
        _announcer().built.connect(self._built)
        prepare(kind)

    @property
    def ready(self) -> bool:
        return self.model().rowCount() > 0

    def _built(self, kind: str) -> None:
        found = _lists.get(kind)
        if kind == self.kind and found is not None and not self.ready:
            self._fill(found)

    def _fill(self, found: tuple[str, ...]) -> None:
        model = self.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(found))


def complete_birthplaces(line: QLineEdit) -> PlaceCompleter:
    """A FormField's `completer`: every comune (ceased ones too) and foreign state."""
    return PlaceCompleter(line, "places")


def complete_comuni(line: QLineEdit) -> PlaceCompleter:
    """A FormField's `completer`: the comuni that exist today."""
    return PlaceCompleter(line, "comuni")
