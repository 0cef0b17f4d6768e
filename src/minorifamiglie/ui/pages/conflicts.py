"""Conflitti: what two devices changed at the same time and the merge left to a person. For the
one selected, the two versions side by side; keep one, write one that joins them, or (for a
record deleted on one device and changed on another) keep the deletion or bring the record back.
A case deleted on one device while something was written in it on another came back by itself
(services.case_removal): the page says so, and offers to keep it or, once it is empty again,
to delete it again. The resolution is an ordinary change: it reaches the others with the next
synchronisation."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.changes import Changes
from minorifamiglie.services import conflicts, operators
from minorifamiglie.services.case_removal import CaseContents
from minorifamiglie.services.conflicts import ConflictSideView, ConflictView
from minorifamiglie.ui.case_contents import held_words
from minorifamiglie.ui.common import (
    error_text,
    filled,
    one_line,
    plain_label,
    read_only_table,
    unhidden,
)
from minorifamiglie.ui.models.conflict_table import ConflictTableModel
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.sync_labels import edited_field_label
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

CONCURRENT_EDIT, DELETE_VS_EDIT = "concurrent-edit", "delete-vs-edit"
CASE_RESTORED = "case-restored"
Loaded = tuple[list[ConflictView], dict[uuid.UUID, str]]
# Fields of an edit that say nothing to the reader.
HIDDEN_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "deleted_at", "origin_device", "version_hlc"}
)


def keep_for(view: ConflictView, current: bool) -> str:
    """The `keep` argument of conflicts.resolve that keeps the version in effect (`current`) or
    the other one: "mine" is the side written on this device, or the one in effect when
    neither or both were (services.conflicts._chosen)."""
    mine_is_current = view.current.mine or not view.other.mine
    return conflicts.KEEP_MINE if current == mine_is_current else conflicts.KEEP_THEIRS


def _load(opened: OpenProfile) -> Loaded:
    return conflicts.list_conflicts(opened), operators.operators_by_device(opened)


class ConflictSidePanel(QGroupBox):
    """One version: who wrote it, its text (read-only) and the button that keeps it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.base_title = title
        self.author = plain_label()  # an operator's name, written on another device
        self.author.setStyleSheet("color: #555;")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(title)
        self.keep_button = QPushButton()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.author)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)

    def show_side(self, side: ConflictSideView, text: str, author: str, button: str) -> None:
        mine = self.tr("mine") if side.mine else ""
        self.setTitle(f"{self.base_title} — {mine}" if mine else self.base_title)
        self.author.setText(author)
        self.text.setPlainText(unhidden(text))  # read only: what is odd shown as odd
        self.keep_button.setText(button)

    def clear(self) -> None:
        self.setTitle(self.base_title)
        self.author.clear()
        self.text.clear()


class ConflictsPage(Page):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("conflictsPage")
        self._query = QueryOperation(self, workspace)
        self._writes = WriteOperation(self, workspace)
        self._loaded = False
        self._names: dict[uuid.UUID, str] = {}
        self._selected: uuid.UUID | None = None

        intro = QLabel(
            self.tr(
                "Two devices changed the same text before synchronising, or one deleted a "
                "record the other changed. Choose the version to keep, or write one that joins "
                "them: the choice reaches the others with the next synchronisation."
            )
        )
        intro.setWordWrap(True)
        self.count_label = plain_label()
        self.count_label.setObjectName("conflictCount")
        self.model = ConflictTableModel(self)
        self.table = read_only_table(self.model, self.tr("Open conflicts"), "conflictTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(rows * 5 + self.table.horizontalHeader().sizeHint().height())

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(intro)
        content_layout.addWidget(self.count_label)
        content_layout.addWidget(splitter, 1)
        self.content = content
        self.hidden_notice = QLabel(
            self.tr("Visit mode: the conflicts are hidden.\nTurn visit mode off (F9) to see them.")
        )
        self.hidden_notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.hidden_notice)
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addWidget(self.stack, 1)

        self.current_panel.keep_button.clicked.connect(lambda: self.keep(current=True))
        self.other_panel.keep_button.clicked.connect(lambda: self.keep(current=False))
        self.merge_button.clicked.connect(self.save_merged)
        workspace.changesApplied.connect(self._changes_applied)
        self._show_selected()

    def _build_detail(self) -> QWidget:
        self.current_panel = ConflictSidePanel(self.tr("In effect"))
        self.current_panel.setObjectName("currentVersion")
        self.other_panel = ConflictSidePanel(self.tr("Other version"))
        self.other_panel.setObjectName("otherVersion")
        sides = QHBoxLayout()
        sides.addWidget(self.current_panel)
        sides.addWidget(self.other_panel)
        self.merged = QPlainTextEdit()
        self.merged.setObjectName("mergedText")
        self.merged.setAccessibleName(self.tr("Merged text"))
        self.merge_button = QPushButton(self.tr("Save &merged text"))
        merge_row = QHBoxLayout()
        merge_row.addStretch(1)
        merge_row.addWidget(self.merge_button)
        hint = QLabel(self.tr("Or write here a text that joins the two, and save it:"))
        hint.setStyleSheet("color: #555;")
        self.merge_box = QGroupBox(self.tr("Merged text"))
        merge_layout = QVBoxLayout(self.merge_box)
        merge_layout.addWidget(hint)
        merge_layout.addWidget(self.merged, 1)
        merge_layout.addLayout(merge_row)
        self.error_label = plain_label()
        self.error_label.setObjectName("conflictError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.detail = QWidget()
        layout = QVBoxLayout(self.detail)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(sides, 3)
        layout.addWidget(self.merge_box, 2)
        layout.addWidget(self.error_label)
        return self.detail

    def title(self) -> str:
        return self.tr("Conflicts")

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if self.visit_mode or not self.workspace.unlocked:
            return
        self._query.run(_load, self._loaded_rows, self._failed)

    def _loaded_rows(self, loaded: Loaded) -> None:
        rows, self._names = loaded
        self._loaded = True
        keep = self._selected
        self.model.set_rows(rows)
        if not rows:
            self.count_label.setText(self.tr("No open conflicts."))
        else:
            self.count_label.setText(self.tr("%n open conflict(s)", "", len(rows)))
        ids: list[uuid.UUID] = [r.id for r in rows]
        if rows:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self._show_selected()

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(error_text(error))

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(conflicts.SOURCES):
            self.refresh()

    def current_conflict(self) -> ConflictView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ the selected conflict
    def _show_selected(self) -> None:
        view = self.current_conflict()
        self._selected = view.id if view is not None else None
        self.error_label.clear()
        self.detail.setVisible(view is not None)
        if view is None:
            self.current_panel.clear()
            self.other_panel.clear()
            self.merged.clear()
            return
        deleted = view.kind in (DELETE_VS_EDIT, CASE_RESTORED)
        self.other_panel.keep_button.setEnabled(True)
        if view.kind == CASE_RESTORED:
            self._show_restored(view)
        elif deleted:
            self.current_panel.show_side(
                view.current,
                self.tr("This record was deleted."),
                self._author(view.current, "deleted"),
                self.tr("Keep the &deletion"),
            )
            self.other_panel.show_side(
                view.other,
                _describe_edit(view.entity, view.other.value),
                self._author(view.other, "changed"),
                self.tr("&Restore the record"),
            )
        else:
            self.current_panel.show_side(
                view.current,
                _text(view.current.value),
                self._author(view.current, "written"),
                self.tr("&Keep this"),
            )
            self.other_panel.show_side(
                view.other,
                _text(view.other.value),
                self._author(view.other, "written"),
                self.tr("K&eep this"),
            )
            self.merged.setPlainText(_joined(view.current.value, view.other.value))
        self.merge_box.setVisible(not deleted)

    def _show_restored(self, view: ConflictView) -> None:
        """A case deleted while written in: it is back (in effect); the deletion, to repeat only
        once the case is empty again."""
        code = view.case_code or ""
        held = self._held(view.contents)
        if view.other.mine:
            text = self.tr(
                "The case file %1 was deleted on this device while something was being written "
                "in it on another device%2: it has been restored."
            )
        else:
            text = self.tr(
                "The case file %1 was deleted on another device while something was being "
                "written in it%2: it has been restored."
            )
        text = filled(text, code, f" ({held})" if held else "")
        self.current_panel.show_side(
            view.current,
            text,
            self._author(view.current, "restored"),
            self.tr("&Keep the case file"),
        )
        empty = view.contents is not None and view.contents.empty
        deletion = self.tr("The case file had been deleted as empty.")
        if not empty:
            deletion += "\n" + self.tr(
                "It can be deleted again only once it is empty: it now holds %1."
            ).replace("%1", held or self.tr("something"))
        self.other_panel.show_side(
            view.other,
            deletion,
            self._author(view.other, "deleted"),
            self.tr("&Delete it again"),
        )
        self.other_panel.keep_button.setEnabled(empty)

    def _held(self, contents: CaseContents | None) -> str:
        """What a case holds, in words: "1 visit, 1 other person"."""
        if contents is None:
            return ""
        return ", ".join(held_words(contents))

    def _author(self, side: ConflictSideView, action: str) -> str:
        """Who wrote a version: "Written on this device", "Deleted by Marco Locatelli…"."""
        here, elsewhere, by = {
            "written": (
                self.tr("Written on this device"),
                self.tr("Written on another device"),
                self.tr("Written by %1 on their device"),
            ),
            "deleted": (
                self.tr("Deleted on this device"),
                self.tr("Deleted on another device"),
                self.tr("Deleted by %1 on their device"),
            ),
            "changed": (
                self.tr("Changed on this device"),
                self.tr("Changed on another device"),
                self.tr("Changed by %1 on their device"),
            ),
            "restored": (
                self.tr("Restored on this device"),
                self.tr("Restored on another device"),
                self.tr("Restored by %1 on their device"),
            ),
        }[action]
        if side.mine:
            return here
        who = self._names.get(side.device_id)
        return elsewhere if who is None else by.replace("%1", one_line(who))

    # ------------------------------------------------------------------ resolving
    def keep(self, current: bool) -> None:
        """Keep the version in effect (`current`) or the other one."""
        view = self.current_conflict()
        if view is None or self.visit_mode:
            return
        choice = keep_for(view, current)
        self._resolve(view, lambda opened: conflicts.resolve(opened, view.id, keep=choice))

    def save_merged(self) -> None:
        view = self.current_conflict()
        if view is None or self.visit_mode or view.kind != CONCURRENT_EDIT:
            return
        text = self.merged.toPlainText()
        self._resolve(view, lambda opened: conflicts.resolve(opened, view.id, text=text))

    def _resolve(self, view: ConflictView, fn: Any) -> None:
        self.error_label.clear()
        self.detail.setEnabled(False)
        self._writes.run(fn, self._resolved, self._resolve_failed)

    def _resolved(self, _view: ConflictView) -> None:
        self.detail.setEnabled(True)

    def _resolve_failed(self, error: BaseException) -> None:
        self.detail.setEnabled(True)
        self.error_label.setText(error_text(error))

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        super().set_visit_mode(on)
        self.stack.setCurrentWidget(self.hidden_notice if on else self.content)
        if on:
            self._forget()
        else:
            self.refresh()

    def clear(self) -> None:
        self._forget()
        self._loaded = False

    def _forget(self) -> None:
        self._query.cancel()
        self._names = {}
        self.model.clear()
        self.count_label.clear()
        self._show_selected()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _joined(current: Any, other: Any) -> str:
    """Both texts one after the other, to be trimmed by hand (just one when they agree)."""
    first, second = _text(current).strip(), _text(other).strip()
    if not first or first == second:
        return second
    if not second:
        return first
    return f"{first}\n\n{second}"


def _describe_edit(entity: str, value: Any) -> str:
    """The edit's fields one per line; ids and clocks left out."""
    if not isinstance(value, dict):
        return _text(value)
    lines = [
        f"{edited_field_label(entity, name)}: {_text(v)}"
        for name, v in sorted(value.items())
        if name not in HIDDEN_FIELDS and not name.endswith("_id")
    ]
    return "\n".join(lines)
