"""What a case holds, in the words both the case file and the Conflicts page use."""

from __future__ import annotations

from minorifamiglie.services.case_removal import CaseContents
from minorifamiglie.ui.case_contents import held_words


def test_an_empty_case_holds_no_words(qapp: object) -> None:
    assert held_words(CaseContents()) == []


def test_each_kind_held_is_counted_in_order_then_the_childs_details(qapp: object) -> None:
    contents = CaseContents(visits=3, attachments=1, persons=1, child_details=True)
    assert held_words(contents) == [
        "3 visit(s)",
        "1 other person(s)",
        "1 attachment(s)",
        "contacts or notes of the child",
    ]


def test_in_italian_with_singular_and_plural(italian: None) -> None:
    contents = CaseContents(
        visits=3, persons=1, measures=2, activations=1, goals=2, deadlines=1, placements=1,
        community_placements=2, attachments=1, paper_sheets=2, child_details=True,
    )  # fmt: skip
    assert held_words(contents) == [
        "3 visite",
        "1 altra persona",
        "2 provvedimenti",
        "1 intervento",
        "2 obiettivi",
        "1 scadenza",
        "1 abbinamento",
        "2 inserimenti in comunità",
        "1 allegato",
        "2 schede cartacee stampate",
        "recapiti o note del minore",
    ]
