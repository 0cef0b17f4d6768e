"""The case list as a table, filled a page at a time as the user scrolls (smooth with 10,000)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from minorifamiglie.domain.ambiti import AMBITI
from minorifamiglie.services.search import Place, SearchHit
from minorifamiglie.storage.queries import CaseRowView
from minorifamiglie.ui.common import filled, fmt_date, one_line, plain_html
from minorifamiglie.ui.labels import label

ModelIndex = QModelIndex | QPersistentModelIndex
AMBITO_NAMES = dict(AMBITI)


class CaseTableModel(QAbstractTableModel):
    """Read-only rows of `CaseRowView`; more rows come from whoever listens to `moreRequested`.

    `fetchMore` never waits: it asks for the rows after the last one (`moreRequested(offset)`)
    and the page answers later with `append_rows`. Until then no second request is made."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    CaseIdRole = Qt.ItemDataRole.UserRole + 2
    HitRole = Qt.ItemDataRole.UserRole + 3  # the SearchHit of the row, None without a search
    RichTextRole = Qt.ItemDataRole.UserRole + 4  # "Found in" with the matched words in bold

    CODE, MINORS, AMBITO, SERVICE, STATUS, OPENED, FOUND_IN = range(7)

    moreRequested = Signal(int)  # offset of the first row wanted

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[CaseRowView, ...] = ()
        self._hits: dict[object, SearchHit] = {}
        self._has_more = False
        self._fetching = False
        self._headers = (
            self.tr("Code"),
            self.tr("Child(ren)"),
            self.tr("Ambito"),
            self.tr("Service"),
            self.tr("Status"),
            self.tr("Opened"),
            self.tr("Found in"),
        )

    # ------------------------------------------------------------------ filling
    def set_rows(self, rows: Sequence[CaseRowView], has_more: bool = False) -> None:
        """Replace everything (a new search or filter); a pending request is forgotten."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self._hits = {}
        self._has_more = has_more
        self._fetching = False
        self.endResetModel()

    def set_hits(self, hits: Sequence[SearchHit], has_more: bool = False) -> None:
        """The results of a search, best first, each saying where it was found."""
        self.set_rows([hit.case for hit in hits], has_more)
        self._hits = {hit.case_id: hit for hit in hits}

    def hit_at(self, row: int) -> SearchHit | None:
        view = self.row_at(row)
        return None if view is None else self._hits.get(view.id)

    def append_rows(self, rows: Sequence[CaseRowView], has_more: bool) -> None:
        """The answer to `moreRequested`."""
        self._fetching = False
        self._has_more = has_more
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows = self._rows + tuple(rows)
            self.endInsertRows()

    def fetch_failed(self) -> None:
        """The request went wrong: stop asking until the next `set_rows`."""
        self._fetching = False
        self._has_more = False

    def clear(self) -> None:
        self.set_rows(())

    def row_at(self, row: int) -> CaseRowView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> tuple[CaseRowView, ...]:
        return self._rows

    @property
    def fetching(self) -> bool:
        return self._fetching

    # ------------------------------------------------------------------ lazy loading
    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and not self._fetching

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        self.moreRequested.emit(len(self._rows))

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == self.RowRole:
            return row
        if role == self.CaseIdRole:
            return row.id
        if role == self.HitRole:
            return self._hits.get(row.id)
        if role == self.RichTextRole and index.column() == self.FOUND_IN:
            hit = self._hits.get(row.id)
            return None if hit is None else self.found_in(hit, rich=True)
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, index.column())
            return None if text is None else one_line(text)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == self.AMBITO:
                return plain_html(AMBITO_NAMES.get(row.ambito_code, row.ambito_code))
            if index.column() in (self.CODE, self.MINORS) and row.title:
                return plain_html(row.title)
        return None

    def _text(self, row: CaseRowView, column: int) -> str | None:
        if column == self.CODE:
            return row.code
        if column == self.MINORS:
            return row.minors
        if column == self.AMBITO:
            return AMBITO_NAMES.get(row.ambito_code, row.ambito_code)
        if column == self.SERVICE:
            return label(row.service)
        if column == self.STATUS:
            return label(row.status)
        if column == self.OPENED:
            return fmt_date(row.opened_on)
        if column == self.FOUND_IN:
            hit = self._hits.get(row.id)
            return "" if hit is None else self.found_in(hit)
        return None

    def found_in(self, hit: SearchHit, rich: bool = False) -> str:
        """Where a search found the case: "Father: Pierangelo Rossi", "Visit note of …: …"."""
        if rich:
            text = "".join(
                f"<b>{html.escape(s.text)}</b>" if s.highlighted else html.escape(s.text)
                for s in hit.spans
            )
        else:
            text = hit.text
        if hit.place is Place.CODE:
            return self.tr("Case code: %1").replace("%1", text)
        if hit.place is Place.TITLE:
            return self.tr("Title: %1").replace("%1", text)
        if hit.place is Place.NOTES:
            day = fmt_date(hit.visit_date) if hit.visit_date is not None else ""
            return filled(self.tr("Visit note of %1: %2"), day, text)
        role = label(hit.role) if hit.role is not None else ""
        if hit.place is Place.TAX_CODE:
            person = html.escape(hit.person) if rich else hit.person
            return filled(self.tr("Codice fiscale of %1 (%2): %3"), person, role, text)
        return f"{role}: {text}"

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
