"""storage/types.py: stored ids are read back as the same UUIDs `uuid.UUID` gives, by a shorter
path for the 32 lowercase hex digits SQLAlchemy writes; anything else by `uuid.UUID` itself."""

from __future__ import annotations

import uuid

import pytest

from minorifamiglie.domain.ids import uuid7
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import uuid_from_stored


def test_stored_ids_read_back_as_the_same_uuids() -> None:
    for made in [uuid.uuid4() for _ in range(200)] + [uuid7() for _ in range(200)]:
        read = uuid_from_stored(made.hex)
        assert read == made and hash(read) == hash(made) and str(read) == str(made)
        assert read.version == made.version and read.is_safe is uuid.SafeUUID.unknown
    assert uuid_from_stored("0" * 32) == uuid.UUID(int=0)


@pytest.mark.parametrize(
    "stored",
    [
        "12345678-1234-5678-1234-567812345678",
        "ABCDEF0123456789ABCDEF0123456789",
        "{" + "a" * 32 + "}",
    ],
)
def test_other_spellings_go_through_uuid_itself(stored: str) -> None:
    assert uuid_from_stored(stored) == uuid.UUID(stored)


@pytest.mark.parametrize("stored", ["g" * 32, "a" * 31, "a" * 33, "", "_" * 32, "a-" * 16])
def test_what_is_not_an_id_is_refused_as_uuid_refuses_it(stored: str) -> None:
    with pytest.raises(ValueError):
        uuid.UUID(stored)
    with pytest.raises(ValueError):
        uuid_from_stored(stored)


def test_rows_read_from_the_profile_carry_the_ids_written(opened: OpenProfile) -> None:
    from minorifamiglie.domain.enums import Service
    from minorifamiglie.services import cases

    case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Ada Rota")
    [listed] = cases.list_cases(opened)
    assert listed.id == case.id and type(listed.id) is uuid.UUID
