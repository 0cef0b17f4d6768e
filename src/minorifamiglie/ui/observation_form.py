"""The structured observations of the visit editor: the grid of the verbale di incontro
facilitato (a rating and a note per item) and the observation headings for the kind."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import observations as obs
from minorifamiglie.domain.enums import VisitKind

TEXT_LINES = 3  # height of a multi-line heading, in lines
# What visit mode hides, the family possibly looking at the screen: the notes about them and the
# professional's view of the risks.
PRIVATE_TEXTS = frozenset({"sugli_adulti", "rischi"})


class ObservationForm(QWidget):
    """Shows the items of `obs.schema_for(kind)`; values of items the kind does not show (the
    kind was changed after typing) are kept, so nothing typed is lost."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("observationForm")
        self._kind: VisitKind | None = None
        self._grid: dict[str, obs.GridValue] = {}
        self._texts: dict[str, str] = {}
        self._extra: dict[str, object] = {}
        self._read_only = False
        self._visit_mode = False
        self._loading = False
        self._holders: dict[str, QWidget] = {}
        self.ratings: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._body: QWidget | None = None
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)

    # ------------------------------------------------------------------ labels
    def item_label(self, code: str) -> str:
        return {
            "contatto_fisico": self.tr("Physical contact"),
            "comunicazione_verbale": self.tr("Verbal communication"),
            "sintonia_emotiva": self.tr("Emotional attunement"),
            "rispetto_regole": self.tr("Respect for rules and for the operator's directions"),
            "gestione_distacco": self.tr("Handling of the separation"),
            "puntualita": self.tr("Punctuality"),
            "accoglienza": self.tr("Welcome"),
            "reazioni_prima": self.tr("Child's reactions before the meeting"),
            "reazioni_durante": self.tr("Child's reactions during the meeting"),
            "reazioni_dopo": self.tr("Child's reactions after the meeting"),
            "interventi_operatore": self.tr(
                "Operator's interventions (reminders, interruption and why)"
            ),
            "eventi_critici": self.tr("Critical events (inform the social worker at once)"),
            "sul_minore": self.tr("About the child"),
            "sugli_adulti": self.tr("About the adults"),
            "sulla_relazione": self.tr("About the relationship"),
            "rischi": self.tr("Risk factors or critical issues (inform the social worker at once)"),
        }.get(code, code)

    def rating_label(self, code: str) -> str:
        return {
            obs.Rating.ADEQUATE.value: self.tr("Adequate"),
            obs.Rating.PARTLY_ADEQUATE.value: self.tr("Partly adequate"),
            obs.Rating.NOT_ADEQUATE.value: self.tr("Not adequate"),
            obs.Rating.NOT_OBSERVED.value: self.tr("Not observed"),
        }.get(code, code)

    # ------------------------------------------------------------------ state
    def set_kind(self, kind: VisitKind) -> None:
        if kind is self._kind:
            return
        self._collect()
        self._kind = kind
        self._rebuild()

    def schema(self) -> obs.Schema:
        return obs.schema_for(self._kind) if self._kind is not None else obs.Schema()

    def set_observations(self, values: obs.Observations) -> None:
        self._grid = dict(values.grid)
        self._texts = dict(values.texts)
        self._extra = dict(values.extra)
        self._rebuild()

    def observations(self) -> obs.Observations:
        self._collect()
        return obs.Observations(dict(self._grid), dict(self._texts), dict(self._extra))

    def set_visit_mode(self, on: bool) -> None:
        """In visit mode the notes about the adults and the risks are hidden: the screen may be
        seen by the family (their values are kept and saved as they are)."""
        self._visit_mode = on
        for code in PRIVATE_TEXTS:
            holder = self._holders.get(code)
            if holder is not None:
                holder.setVisible(not on)

    def set_read_only(self, on: bool) -> None:
        self._read_only = on
        for combo in self.ratings.values():
            combo.setEnabled(not on)
        for line in self.notes.values():
            line.setReadOnly(on)
            line.setPlaceholderText("" if on else self.tr("Short note"))
        for text in self.texts.values():
            text.setReadOnly(on)

    def _collect(self) -> None:
        for code, combo in self.ratings.items():
            rating = combo.currentData()
            self._grid[code] = obs.GridValue(
                rating if isinstance(rating, str) else "", self.notes[code].text()
            )
        for code, widget in self.texts.items():
            value = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
            self._texts[code] = value

    # ------------------------------------------------------------------ widgets
    def _rebuild(self) -> None:
        self._loading = True
        if self._body is not None:
            self._box.removeWidget(self._body)
            self._body.deleteLater()
        self.ratings, self.notes, self.texts = {}, {}, {}
        self._holders = {}
        self._body = QWidget(self)
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        schema = self.schema()
        if schema.grid:
            body.addLayout(self._grid_layout(schema.grid))
        for code in schema.texts:
            body.addWidget(self._text_widget(code))
        self._box.addWidget(self._body)
        self.set_read_only(self._read_only)
        self.set_visit_mode(self._visit_mode)
        self._loading = False

    def _grid_layout(self, items: tuple[str, ...]) -> QGridLayout:
        """Each item on two lines, its name above its rating and note: narrow enough for the
        editor's side column."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        for number, code in enumerate(items):
            label = QLabel(self.item_label(code))
            label.setWordWrap(True)
            combo = QComboBox()
            combo.setObjectName(f"rating_{code}")
            combo.setAccessibleName(self.tr("Rating: %1").replace("%1", self.item_label(code)))
            combo.addItem(self.tr("Not rated"), "")
            for rating in obs.Rating:
                combo.addItem(self.rating_label(rating.value), rating.value)
            current = self._grid.get(code, obs.GridValue())
            if current.rating and combo.findData(current.rating) < 0:
                combo.addItem(current.rating, current.rating)  # written by a newer version
            combo.setCurrentIndex(max(0, combo.findData(current.rating)))
            combo.currentIndexChanged.connect(self._emit_changed)
            note = QLineEdit(current.note)
            note.setObjectName(f"note_{code}")
            note.setAccessibleName(self.tr("Note: %1").replace("%1", self.item_label(code)))
            note.setPlaceholderText(self.tr("Short note"))
            note.textChanged.connect(self._emit_changed)
            label.setBuddy(combo)
            if number:
                label.setContentsMargins(0, 6, 0, 0)
            grid.addWidget(label, 2 * number, 0, 1, 2)
            grid.addWidget(combo, 2 * number + 1, 0)
            grid.addWidget(note, 2 * number + 1, 1)
            self.ratings[code] = combo
            self.notes[code] = note
        grid.setColumnStretch(1, 1)
        return grid

    def _text_widget(self, code: str) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(2)
        label = QLabel(self.item_label(code))
        label.setWordWrap(True)
        widget: QLineEdit | QPlainTextEdit
        value = self._texts.get(code, "")
        if code in obs.SHORT_TEXTS:
            widget = QLineEdit(value)
            widget.textChanged.connect(self._emit_changed)
        else:
            widget = QPlainTextEdit(value)
            widget.setTabChangesFocus(True)
            line = widget.fontMetrics().lineSpacing()
            widget.setFixedHeight(line * TEXT_LINES + 14)
            widget.textChanged.connect(self._emit_changed)
        widget.setObjectName(f"text_{code}")
        widget.setAccessibleName(self.item_label(code))
        label.setBuddy(widget)
        box.addWidget(label)
        box.addWidget(widget)
        self.texts[code] = widget
        self._holders[code] = holder
        return holder

    def _emit_changed(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()
