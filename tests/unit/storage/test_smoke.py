"""The fixture profile opens and holds the seeded ambiti."""

from minorifamiglie.services import cases
from minorifamiglie.storage.profile import OpenProfile


def test_seeded_ambiti_are_resolvable_by_code_and_name(opened: OpenProfile) -> None:
    assert cases.find_ambito(opened, "vbr").name == "Valle Brembana"
    assert cases.find_ambito(opened, "Valle Imagna e Villa d'Almè").code == "VIM"
