"""What a case holds, in the words of the screens: "3 visits", "1 attachment".

The case file's delete button and the Conflicts page (a case restored) both say it, from the
counts of `services.case_removal.CaseContents` (which says it in Italian for the command line,
`CaseContents.italian`). The words are Qt translations with plurals, so they live in ui/."""

from __future__ import annotations

from PySide6.QtCore import QObject

from minorifamiglie.services.case_removal import CaseContents


class CaseContentsWords(QObject):
    """The translation context of the words (a QObject, so that lupdate sees the plurals)."""

    def held(self, contents: CaseContents) -> list[str]:
        held = [
            {
                "visits": self.tr("%n visit(s)", "", count),
                "persons": self.tr("%n other person(s)", "", count),
                "measures": self.tr("%n court measure(s)", "", count),
                "activations": self.tr("%n service(s)", "", count),
                "goals": self.tr("%n goal(s)", "", count),
                "deadlines": self.tr("%n deadline(s)", "", count),
                "placements": self.tr("%n foster placement(s)", "", count),
                "community_placements": self.tr("%n community placement(s)", "", count),
                "attachments": self.tr("%n attachment(s)", "", count),
                "paper_sheets": self.tr("%n printed blank sheet(s)", "", count),
            }[name]
            for name, count in contents.counts().items()
        ]
        if contents.child_details:
            held.append(self.tr("contacts or notes of the child"))
        return held


def held_words(contents: CaseContents) -> list[str]:
    """One phrase for each kind of record the case holds, in `CaseContents.counts()`'s order,
    then the child's contacts or notes if written; empty for an empty case."""
    return CaseContentsWords().held(contents)
