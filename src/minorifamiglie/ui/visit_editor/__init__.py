"""The visit editor: its window (window.py), its fields (form.py), its autosave and status line
(autosave.py) and the amendments of a signed visit (amendments.py); the draft it writes is
services.visit_draft's."""

from minorifamiglie.ui.visit_editor.window import VisitEditorWindow, reopen_editors

__all__ = ["VisitEditorWindow", "reopen_editors"]
