"""Golden profiles: a real profile of every earlier schema revision (tests/data/profile-<rev>/,
written by tests/data/make_golden.py) still unlocks with today's code, is upgraded to the head
revision, reads back the same story and passes `check`."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from codicefiscale import codicefiscale

from minorifamiglie.domain.enums import CaseStatus, MemberRole, Service, Sex, VisitStatus
from minorifamiglie.domain.errors import WrongPassphraseError
from minorifamiglie.services import cases, integrity, profiles, visits
from minorifamiglie.storage import migrate, queries
from minorifamiglie.storage.profile import OpenProfile
from private_modes import is_private_dir, is_private_file

DATA = Path(__file__).resolve().parents[2] / "data"
GOLDEN = sorted(DATA.glob("profile-*"))
GOLDEN_PASSPHRASE = "passphrase dorata di prova"  # documented in tests/data/make_golden.py


def test_every_schema_revision_has_its_golden_profile() -> None:
    """A migration lands with the profile its revision writes (tests/data/make_golden.py), so
    every later upgrade is tested from it: one missing is named here."""
    expected = [f"profile-{revision}" for revision in migrate.PACKAGED_REVISIONS]
    assert [g.name for g in GOLDEN] == expected
    for folder in GOLDEN:
        assert sorted(p.name for p in folder.iterdir()) == ["cartelle.db", "profile.json"]


@pytest.fixture(params=GOLDEN, ids=[g.name for g in GOLDEN])
def golden(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenProfile]:
    """A copy, so the committed files are never upgraded in place."""
    root = tmp_path / "profilo"
    shutil.copytree(request.param, root)
    opened = profiles.unlock(root, GOLDEN_PASSPHRASE)
    try:
        yield opened
    finally:
        opened.close()


def test_unlocking_upgrades_to_the_head_revision(golden: OpenProfile) -> None:
    assert migrate.current_revision(golden.engine) == migrate.head_revision()
    assert is_private_dir(golden.paths.root)
    files = [p for p in golden.paths.root.rglob("*") if p.is_file()]
    folders = [golden.paths.root, *(p for p in golden.paths.root.rglob("*") if p.is_dir())]
    assert all(is_private_file(p) for p in files)
    assert all(is_private_dir(p) for p in folders)


def test_the_cases_read_back(golden: OpenProfile) -> None:
    rows = {r.title: r for r in cases.list_cases(golden)}
    assert set(rows) == {
        "Sostegno educativo domiciliare",
        "Affido part-time",
        "Segnalazione del pronto soccorso",
    }
    adm = rows["Sostegno educativo domiciliare"]
    assert (adm.ambito_code, adm.service, adm.status) == ("VBR", Service.ADM, CaseStatus.OPEN)
    assert adm.opened_on == dt.date(2026, 9, 1)
    assert adm.minors == "Nadia Ferrandi"
    assert re.fullmatch(r"VBR-2026-0001-[A-Z2-7]{3}", adm.code)
    assert rows["Affido part-time"].status is CaseStatus.SUSPENDED
    assert rows["Affido part-time"].minors == "Tommaso Gritti"

    closed = cases.show_case(golden, rows["Segnalazione del pronto soccorso"].code).case
    assert (closed.status, closed.closed_on) == (CaseStatus.CLOSED, dt.date(2026, 11, 1))

    detail = cases.show_case(golden, str(adm.id))
    people = {mv.member.role: mv.person for mv in detail.members}
    assert people[MemberRole.MINOR].tax_code == codicefiscale.encode(
        lastname="Ferrandi", firstname="Nadia", gender="F", birthdate="2016-04-12",
        birthplace="Zogno",
    )  # fmt: skip
    assert people[MemberRole.MOTHER].full_name == "Rosa Ferrandi"
    assert detail.visit_count == 2


def test_the_identity_fields_of_revision_0006_read_back(golden: OpenProfile) -> None:
    # Given a golden profile of any revision, upgraded to the head
    [adm] = cases.list_cases(golden, queries.CaseFilter(text="Ferrandi"))
    detail = cases.show_case(golden, str(adm.id))
    nadia = next(mv.person for mv in detail.members if mv.member.role is MemberRole.MINOR)
    rosa = next(mv.person for mv in detail.members if mv.member.role is MemberRole.MOTHER)
    written_at = golden.upgrade.from_revision if golden.upgrade else migrate.head_revision()
    if written_at is not None and written_at >= "0006":
        # Then the fields it was written with are there (Zogno is M184)
        assert (nadia.sex, nadia.birthplace, nadia.citizenship) == (Sex.FEMALE, "M184", "IT")
        assert (rosa.sex, rosa.birthplace, rosa.citizenship, rosa.msna) == (None, None, None, False)
    else:
        # Then the persons written before the columns existed hold NULL, and `check` agrees
        for person in (nadia, rosa):
            assert (person.sex, person.birthplace, person.citizenship, person.msna) == (
                None, None, None, None,
            )  # fmt: skip
        assert integrity.check(golden).sound


def test_the_diary_reads_back_with_its_amendment(golden: OpenProfile) -> None:
    [adm] = cases.list_cases(golden, queries.CaseFilter(text="Ferrandi"))
    views = visits.list_visits(golden, str(adm.id))
    assert [(v.visit.date, v.visit.status) for v in views] == [
        (dt.date(2026, 10, 6), VisitStatus.CLOSED),
        (dt.date(2026, 11, 20), VisitStatus.DRAFT),
    ]
    assert [a.text for a in views[0].amendments] == [
        "La madre chiede di spostare il prossimo incontro."
    ]
    assert views[0].visit.facts == "Nadia ha svolto tutti gli esercizi."
    assert [h.visit_id for h in visits.search_notes(golden, "fiumi")] == [views[1].visit.id]


def test_check_passes_and_new_writes_chain_on(golden: OpenProfile) -> None:
    assert integrity.check(golden).sound
    case = cases.add_case(golden, ambito="VIM", service=Service.TUTORING, title="Nuova")
    assert case.code.startswith("VIM-")
    assert integrity.check(golden).sound


@pytest.mark.parametrize("folder", GOLDEN, ids=[g.name for g in GOLDEN])
def test_the_golden_passphrase_is_the_only_one(folder: Path, tmp_path: Path) -> None:
    root = tmp_path / "profilo"
    shutil.copytree(folder, root)
    with pytest.raises(WrongPassphraseError):
        profiles.unlock(root, GOLDEN_PASSPHRASE + "!")
