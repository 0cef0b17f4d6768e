"""An empty case deleted on one laptop is deleted on every laptop of the team after a sync, unless
something was written in it meanwhile on another laptop: then the write wins and the case comes
back everywhere, with one conflict saying so. Real encrypted profiles over a real shared folder
(tests/sync_team.py)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import MemberRole, OpKind, Service
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import (
    case_removal,
    case_summary,
    cases,
    conflicts,
    dump,
    integrity,
    overview,
    persons,
    search,
    syncing,
    visits,
)
from minorifamiglie.storage.models import ChangeRow
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY
from support.profiles import PASSPHRASE
from sync_team import Team, make_trio, sync_all

pytestmark = pytest.mark.slow  # three or four devices syncing, many rounds

trio = pytest.fixture(make_trio)


def test_an_empty_case_deleted_on_one_laptop_disappears_from_every_other(trio: Team) -> None:
    # Given a case Marco opened with a child, which every laptop received
    case = cases.add_case(
        trio.edu1,
        ambito="VBR",
        service=Service.ADM,
        title="Famiglia N.",
        minor_first_name="Zoë",
        minor_last_name="Nguyễn",
        today=TODAY,
    )
    sync_all(trio)
    for who in (trio.coord, trio.edu2):
        assert [r.code for r in cases.list_cases(who)] == [case.code]
        assert [h.code for h in search.search(who, "zoe nguyen").hits] == [case.code]

    # When Sara, on her laptop, deletes it as empty, and everyone syncs
    case_removal.delete_empty_case(trio.edu2, case.code)
    sync_all(trio)

    # Then no laptop lists it, finds it, counts it or prints it any longer
    for who in trio.all:
        assert cases.list_cases(who) == []
        assert cases.count_cases(who) == 0
        for words in ("zoe nguyen", case.code, "Famiglia"):
            assert search.search(who, words).hits == ()
        assert overview.overview(who, TODAY).cases == 0
        with pytest.raises(NotFoundError):
            case_summary.case_summary_pdf(who, case.code, TODAY, TODAY, today=TODAY)
        doc = json.loads(dump.dump_json(who))
        assert doc["cases"] == [] and doc["persons"] == [] and doc["case_members"] == []
        assert integrity.check(who).sound
        assert conflicts.list_conflicts(who) == []  # nothing was written in it meanwhile
    # and the three laptops hold the same records
    assert len({dump.dump_json(who) for who in trio.all}) == 1


# ------------------------------------------------------------------------ written while deleted
# Marco types a visit offline in a case Giulia (the coordinator) deletes as empty meanwhile. The
# write wins over the deletion, whichever laptop meets the two first and in whichever order: the
# case comes back with its child and the visit, Conflitti says so once on every laptop, `check`
# stays sound after every step and the three laptops end with the same records.


def child_case(t: Team) -> Any:
    """A case Marco opened with a child, which every laptop received."""
    case = cases.add_case(
        t.edu1,
        ambito="VBR",
        service=Service.ADM,
        title="Famiglia N.",
        minor_first_name="Zoë",
        minor_last_name="Nguyễn",
        today=TODAY,
    )
    sync_all(t)
    return case


def offline_visit(who: OpenProfile, case: Any) -> Any:
    return visits.add_visit(
        who,
        case=case.code,
        date=TODAY,
        start=dt.time(15),
        end=dt.time(16, 30),
        notes="Visita domiciliare: il bambino mostra i quaderni.",
        today=TODAY,
    )


def sync(t: Team, who: OpenProfile) -> None:
    report = syncing.sync(who, t.share)
    assert report.refused == [], report.refused
    assert_sound(t)


def assert_sound(t: Team) -> None:
    for who in t.all:
        report = integrity.check(who)
        assert report.sound, report.problems()


@contextmanager
def off_the_share(t: Team, who: OpenProfile, tmp: Path) -> Iterator[None]:
    """`who`'s bundles kept off the shared folder (a slow share), then put back."""
    folder = t.folder().bundle(who.device_id, 1).parent
    aside = tmp / f"trattenuti-{who.device_id.hex}"
    aside.mkdir(exist_ok=True)
    for path in sorted(folder.iterdir()):
        shutil.move(path, aside / path.name)
    try:
        yield
    finally:
        for path in sorted(aside.iterdir()):
            shutil.move(path, folder / path.name)


def restored_conflicts(who: OpenProfile) -> list[conflicts.ConflictView]:
    return [c for c in conflicts.list_conflicts(who) if c.kind == "case-restored"]


def assert_back_with_the_visit(who: OpenProfile, case: Any, visit: Any) -> None:
    """The case is listed again, with its child and the visit; one conflict says why."""
    assert [r.code for r in cases.list_cases(who)] == [case.code]
    detail = cases.show_case(who, case.code, today=TODAY)
    assert [mv.person.first_name for mv in detail.members] == ["Zoë"]
    assert [v.visit.id for v in visits.list_visits(who, case.code)] == [visit.id]
    assert [h.code for h in search.search(who, "zoe nguyen").hits] == [case.code]
    (conflict,) = conflicts.list_conflicts(who)
    assert conflict.kind == "case-restored" and conflict.case_code == case.code
    assert f"La cartella {case.code} era stata eliminata" in conflict.message()
    assert "(1 visita): è stata ripristinata." in conflict.message()


def assert_converged(t: Team, case: Any, visit: Any) -> None:
    sync_all(t)
    assert_sound(t)
    for who in t.all:
        assert_back_with_the_visit(who, case, visit)
    assert len({dump.dump_json(who) for who in t.all}) == 1
    assert len({c.id for who in t.all for c in conflicts.list_conflicts(who)}) == 1


def test_the_deletion_reaching_the_laptop_with_the_offline_visit_brings_the_case_back(
    trio: Team,
) -> None:
    # Given Marco typed a visit offline while Giulia deleted the case as empty
    case = child_case(trio)
    visit = offline_visit(trio.edu1, case)
    case_removal.delete_empty_case(trio.coord, case.code)
    sync(trio, trio.coord)
    assert cases.list_cases(trio.coord) == []

    # When the deletion reaches Marco's laptop
    sync(trio, trio.edu1)

    # Then his case is still there, with his visit, and Conflitti tells him why
    assert_back_with_the_visit(trio.edu1, case, visit)
    (conflict,) = conflicts.list_conflicts(trio.edu1)
    assert conflict.message() == (
        f"La cartella {case.code} era stata eliminata su un altro portatile mentre vi si "
        "scriveva (1 visita): è stata ripristinata."
    )
    # and every laptop ends with the case, the visit and the same single conflict
    assert_converged(trio, case, visit)
    (conflict,) = conflicts.list_conflicts(trio.coord)
    assert conflict.message().startswith(
        f"La cartella {case.code} era stata eliminata su questo portatile mentre su un altro"
    )


def test_the_command_line_lists_the_restored_case_in_plain_italian(
    trio: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = child_case(trio)
    offline_visit(trio.edu1, case)
    case_removal.delete_empty_case(trio.coord, case.code)
    sync(trio, trio.coord)
    sync(trio, trio.edu1)
    (conflict,) = conflicts.list_conflicts(trio.edu1)
    root = trio.edu1.paths.root
    trio.edu1.close()  # the command opens the profile itself
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()

    assert main(["--profile", str(root), "conflicts"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{conflict.id}  {case.code}  cartella ripristinata",
        f"    La cartella {case.code} era stata eliminata su un altro portatile mentre vi si "
        "scriveva (1 visita): è stata ripristinata.",
    ]
    assert main(["--profile", str(root), "conflicts", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["kind"] == "case-restored" and listed["contents"] == {"visits": 1}


@pytest.mark.parametrize("many", [False, True], ids=["bundle", "snapshot-sized"])
def test_the_visit_reaching_the_laptop_that_deleted_the_case_brings_it_back(
    trio: Team, monkeypatch: pytest.MonkeyPatch, many: bool
) -> None:
    if many:  # the way a snapshot is looked at: the cases table read once
        monkeypatch.setattr(case_removal, "_MANY", 0)
    # Given Giulia deleted the case before Marco's offline visit reached her
    case = child_case(trio)
    case_removal.delete_empty_case(trio.coord, case.code)
    visit = offline_visit(trio.edu1, case)
    sync(trio, trio.edu1)

    # When the visit reaches her laptop
    sync(trio, trio.coord)

    # Then the case is back on hers, with the visit
    assert_back_with_the_visit(trio.coord, case, visit)
    assert_converged(trio, case, visit)


def test_a_third_laptop_given_the_deletion_first_then_the_visit(trio: Team, tmp_path: Path) -> None:
    case = child_case(trio)
    visit = offline_visit(trio.edu1, case)
    case_removal.delete_empty_case(trio.coord, case.code)
    sync(trio, trio.coord)
    sync(trio, trio.edu2)
    assert cases.list_cases(trio.edu2) == []
    with off_the_share(trio, trio.coord, tmp_path):  # Marco does not get the deletion
        sync(trio, trio.edu1)
        # Sara, who has the deletion, receives the visit: she brings the case back
        sync(trio, trio.edu2)
        assert_back_with_the_visit(trio.edu2, case, visit)
    # Marco then gets the deletion and Sara's restore (and may restore it himself as well)
    assert_converged(trio, case, visit)


def test_a_third_laptop_given_the_visit_first_then_the_deletion(trio: Team, tmp_path: Path) -> None:
    case = child_case(trio)
    visit = offline_visit(trio.edu1, case)
    sync(trio, trio.edu1)
    sync(trio, trio.edu2)
    with off_the_share(trio, trio.edu1, tmp_path):  # Giulia has not seen the visit
        case_removal.delete_empty_case(trio.coord, case.code)
        sync(trio, trio.coord)
        # Sara, who has the visit, receives the deletion: she keeps the case
        sync(trio, trio.edu2)
        assert_back_with_the_visit(trio.edu2, case, visit)
    assert_converged(trio, case, visit)


def test_two_laptops_restoring_at_once_still_agree(trio: Team, tmp_path: Path) -> None:
    # Given Marco and Sara both have the visit, and Giulia deleted the case without it
    case = child_case(trio)
    visit = offline_visit(trio.edu1, case)
    sync(trio, trio.edu1)
    sync(trio, trio.edu2)
    with off_the_share(trio, trio.edu1, tmp_path):
        case_removal.delete_empty_case(trio.coord, case.code)
        sync(trio, trio.coord)

    # When each of them receives the deletion before the other's restore
    sync(trio, trio.edu1)
    with off_the_share(trio, trio.edu1, tmp_path):
        sync(trio, trio.edu2)

    # Then both restored it (Giulia too, on getting the visit before their restores), and every
    # laptop still ends with the same records and the same single conflict
    assert_converged(trio, case, visit)
    found = [restorers(who, case.id) for who in trio.all]
    assert found[0] == found[1] == found[2]
    assert {trio.edu1.device_id, trio.edu2.device_id} <= found[0]


def restorers(who: OpenProfile, case_id: uuid.UUID) -> set[uuid.UUID]:
    """The devices that wrote a restore of the case (in `who`'s change log)."""
    with who.session() as session:
        rows = session.execute(
            select(ChangeRow.device_id, ChangeRow.data).where(
                ChangeRow.entity == "cases",
                ChangeRow.entity_id == case_id,
                ChangeRow.kind == OpKind.UPDATE,
            )
        ).all()
    return {device for device, data in rows if json.loads(data).get("deleted_at", 0) is None}


def test_a_person_added_or_the_childs_notes_written_meanwhile_also_win(trio: Team) -> None:
    # Given Marco added the mother and Sara wrote the child's phone, both offline
    case = child_case(trio)
    child = next(mv for mv in cases.show_case(trio.edu2, case.code, today=TODAY).members)
    cases.add_member(
        trio.edu1, case.code, first_name="Lan", last_name="Nguyễn", role=MemberRole.MOTHER
    )
    persons.update_person(trio.edu2, child.person.id, phone="035 000 0000", today=TODAY)
    case_removal.delete_empty_case(trio.coord, case.code)

    # When everyone syncs
    sync(trio, trio.coord)
    sync(trio, trio.edu2)
    sync(trio, trio.edu1)
    sync_all(trio)
    assert_sound(trio)

    # Then the case is back everywhere, with the child, the phone and the mother
    for who in trio.all:
        detail = cases.show_case(who, case.code, today=TODAY)
        names = sorted(mv.person.first_name for mv in detail.members)
        assert names == ["Lan", "Zoë"]
        kid = next(mv.person for mv in detail.members if mv.person.first_name == "Zoë")
        assert kid.phone == "035 000 0000"
        assert [c.kind for c in conflicts.list_conflicts(who)] == ["case-restored"]
    assert len({dump.dump_json(who) for who in trio.all}) == 1


def test_the_child_phone_alone_written_meanwhile_brings_the_case_back(trio: Team) -> None:
    # Sara wrote the child's phone offline while Giulia deleted the case: the deletion reaches
    # her laptop, where the phone is an edit of a record removed with the case
    case = child_case(trio)
    child = next(mv for mv in cases.show_case(trio.edu2, case.code, today=TODAY).members)
    persons.update_person(trio.edu2, child.person.id, phone="035 000 0000", today=TODAY)
    case_removal.delete_empty_case(trio.coord, case.code)
    sync(trio, trio.coord)
    sync(trio, trio.edu2)
    assert [r.code for r in cases.list_cases(trio.edu2)] == [case.code]
    sync_all(trio)
    assert_sound(trio)
    for who in trio.all:
        (kid,) = cases.show_case(who, case.code, today=TODAY).members
        assert kid.person.phone == "035 000 0000"
        assert [c.kind for c in conflicts.list_conflicts(who)] == ["case-restored"]
    assert len({dump.dump_json(who) for who in trio.all}) == 1


def test_keeping_the_restored_case_settles_it_everywhere(trio: Team) -> None:
    case = child_case(trio)
    visit = offline_visit(trio.edu1, case)
    case_removal.delete_empty_case(trio.coord, case.code)
    sync(trio, trio.coord)
    sync(trio, trio.edu1)
    assert_converged(trio, case, visit)

    # When Giulia keeps the case (she deleted it: "theirs" is the restored one)
    (conflict,) = conflicts.list_conflicts(trio.coord)
    conflicts.resolve(trio.coord, conflict.id, keep="theirs")
    sync_all(trio)

    # Then no laptop lists the conflict, and the case stays
    assert_sound(trio)
    for who in trio.all:
        assert conflicts.list_conflicts(who) == []
        assert [r.code for r in cases.list_cases(who)] == [case.code]
    assert len({dump.dump_json(who) for who in trio.all}) == 1


def test_the_coordinator_deletes_it_again_only_once_it_is_really_empty(trio: Team) -> None:
    case = child_case(trio)
    visit = offline_visit(trio.edu1, case)
    case_removal.delete_empty_case(trio.coord, case.code)
    sync(trio, trio.coord)
    sync(trio, trio.edu1)
    assert_converged(trio, case, visit)
    (conflict,) = conflicts.list_conflicts(trio.coord)

    # Keeping the deletion is refused while the visit is there, and nothing changes
    with pytest.raises(ValidationError, match="1 visita"):
        conflicts.resolve(trio.coord, conflict.id, keep="mine")
    assert [c.id for c in conflicts.list_conflicts(trio.coord)] == [conflict.id]

    # Once Marco has deleted his draft, Giulia can delete the case again: gone everywhere
    visits.delete_draft(trio.edu1, visit.id)
    sync_all(trio)
    conflicts.resolve(trio.coord, conflict.id, keep="mine")
    sync_all(trio)
    assert_sound(trio)
    for who in trio.all:
        assert cases.list_cases(who) == []
        assert conflicts.list_conflicts(who) == []
    assert len({dump.dump_json(who) for who in trio.all}) == 1
