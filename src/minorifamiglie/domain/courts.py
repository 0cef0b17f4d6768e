"""Which court a case's reports go to: data, not a constant in a document (DOMAIN.md). The
province of Bergamo falls under the Tribunale per i Minorenni di Brescia."""

from __future__ import annotations

# The juvenile court of each province the application serves, by its vehicle-plate code.
JUVENILE_COURTS: dict[str, str] = {"BG": "Tribunale per i Minorenni di Brescia"}
PROVINCE = "BG"  # every Ambito of domain/ambiti.py is in the province of Bergamo


def juvenile_court(province: str = PROVINCE) -> str:
    """The Tribunale per i Minorenni a relazione di aggiornamento is addressed to."""
    return JUVENILE_COURTS[province]
