"""The 14 Ambiti territoriali of the province of Bergamo, seeded with ids every device agrees on."""

from __future__ import annotations

import uuid

from minorifamiglie.domain.ids import SEED_NAMESPACE, AmbitoId

AMBITI: tuple[tuple[str, str], ...] = (
    ("BG", "Bergamo"),
    ("DAL", "Dalmine"),
    ("SER", "Seriate"),
    ("GRU", "Grumello del Monte"),
    ("VCA", "Valle Cavallina"),
    ("MBS", "Monte Bronzone e Basso Sebino"),
    ("ASE", "Alto Sebino"),
    ("VSE", "Valle Seriana"),
    ("VSS", "Valle Seriana Superiore e Valle di Scalve"),
    ("VBR", "Valle Brembana"),
    ("VIM", "Valle Imagna e Villa d'Almè"),
    ("ISO", "Isola Bergamasca e Bassa Val San Martino"),
    ("TRE", "Treviglio"),
    ("ROM", "Romano di Lombardia"),
)


def ambito_id(code: str) -> AmbitoId:
    return AmbitoId(uuid.uuid5(SEED_NAMESPACE, f"ambito:{code}"))
