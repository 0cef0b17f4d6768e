"""The case header speaks of the child as Italian does: "nata il" for a girl, "nato il" for a
boy, "nato/a il" only when the sex was never said."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minorifamiglie.domain.enums import Sex
from minorifamiglie.ui.case_file.header import CaseHeader


def test_the_child_is_nato_or_nata_as_the_sex_says(qtbot: Any, italian: None) -> None:
    header = CaseHeader()
    qtbot.addWidget(header)
    born = dt.date(2017, 7, 12)
    assert header._child("Nazar Koval", born, Sex.MALE) == "Nazar Koval (nato il 12/07/2017)"
    assert header._child("Sara Rota", born, Sex.FEMALE) == "Sara Rota (nata il 12/07/2017)"
    assert header._child("Alex Rota", born, None) == "Alex Rota (nato/a il 12/07/2017)"
