"""The form that ends a child's stay in a community, the same on the Comunità page
(pages/communities.py) and in the case file's placements tab (case_file/placements.py): here,
below both, so that neither package imports the other."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from minorifamiglie.domain.enums import PlacementEnd
from minorifamiglie.ui.forms import FormField


def end_placement_fields() -> list[FormField]:
    """The form that ends a community placement: the day and the reason."""
    return [
        FormField(
            "ended_on",
            QCoreApplication.translate("CommunitiesPanel", "Last day in the community"),
            "date",
            required=True,
        ),
        FormField(
            "end_reason",
            QCoreApplication.translate("CommunitiesPanel", "Why it ended"),
            "enum",
            enum_type=PlacementEnd,
        ),
    ]
