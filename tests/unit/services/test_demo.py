"""Demo data: realistic, deterministic for a seed, written like any other change, never in
plaintext on disk."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import tax_code, validation
from minorifamiglie.domain.enums import (
    AuditAction,
    MemberRole,
    OpKind,
    Role,
    Service,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.services import demo, dump, integrity, profiles, visits
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from minorifamiglie.storage.types import encode_value
from support.clock import TODAY
from support.profiles import FAST_KDF, template_copy
from support.profiles import PASSPHRASE as TEMPLATE_PASSPHRASE

pytestmark = pytest.mark.slow  # a demo profile of hundreds of cases, made again and again

PASSPHRASE = "una passphrase di prova"
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
VOLATILE = {"created_at", "updated_at", "version_hlc"}  # wall-clock bookkeeping


def fresh_profile(root: Path) -> OpenProfile:
    profiles.init_profile(
        root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, "portatile-test", kdf=FAST_KDF
    )
    return profiles.unlock(root, PASSPHRASE)


def canonical_content(opened: OpenProfile) -> list[str]:
    """The dump with every id replaced by the position of its insert in the change log, the
    device tag dropped from case codes (of the cases and of the signed visits' documents) and
    wall-clock columns removed: what the seed decides.

    Ids are random UUIDv7 on purpose (two devices filled with the same seed must not share
    records), so determinism is checked on the content and on the shape of the references."""
    with opened.session() as session:
        inserted = session.execute(
            select(m.ChangeRow.entity_id)
            .where(m.ChangeRow.kind == OpKind.INSERT)
            .order_by(m.ChangeRow.seq)
        ).scalars()
        labels = {str(rid): f"#{n}" for n, rid in enumerate(inserted)}
    labels[str(opened.device_id)] = "#device"
    text = UUID_RE.sub(lambda g: labels.get(g.group(), g.group()), dump.dump_json(opened))
    out = []
    for table, rows in json.loads(text).items():
        for row in rows:
            kept = {k: v for k, v in row.items() if k not in VOLATILE}
            if table == "cases":
                kept["code"] = kept["code"].rsplit("-", 1)[0]
            if table == "visits":  # a list sorted by id
                kept["present_person_ids"] = sorted(json.loads(kept["present_person_ids"]))
                if kept["frozen"]:  # the signed documents print the case code too
                    frozen = json.loads(kept["frozen"])
                    frozen["case_code"] = frozen["case_code"].rsplit("-", 1)[0]
                    kept["frozen"] = frozen
            out.append(table + json.dumps(kept, sort_keys=True, ensure_ascii=False))
    return sorted(out)


def all_of(opened: OpenProfile, entity: type[Any]) -> list[Any]:
    with opened.session() as session:
        return Repository(session).find(entity)


@dataclass(frozen=True)
class Generated:
    opened: OpenProfile
    summary: demo.DemoSummary


SHARED_SEED = 3


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    """One demo of 12 cases (seed 3) that the tests below only read: generating costs seconds,
    and every rule they check holds for any seed. In a copy of the session's template of the
    same operator and device (support/profiles.py)."""
    root = template_copy(tmp_path_factory.mktemp("demo") / "profilo")
    opened = profiles.unlock(root, TEMPLATE_PASSPHRASE)
    try:
        yield Generated(opened, demo.generate(opened, cases=12, seed=SHARED_SEED, today=TODAY))
    finally:
        opened.close()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(
    generated: Generated, tmp_path: Path
) -> None:
    # Given the shared demo on one device, and two fresh profiles on two others
    opened, first_summary = generated.opened, generated.summary
    second = fresh_profile(tmp_path / "secondo")
    third = fresh_profile(tmp_path / "terzo")
    try:
        # When the second gets the same seed and the third another
        second_summary = demo.generate(second, cases=12, seed=SHARED_SEED, today=TODAY)
        demo.generate(third, cases=12, seed=SHARED_SEED + 1, today=TODAY)
        # Then the first two hold the same records, linked the same way, with their own ids
        assert first_summary == second_summary
        first_content = canonical_content(opened)
        assert first_content == canonical_content(second)
        assert first_content != canonical_content(third)
        ids = {c.id for c in all_of(opened, e.Case)}
        assert ids.isdisjoint(c.id for c in all_of(second, e.Case))
    finally:
        second.close()
        third.close()


def test_the_summary_counts_what_was_written(generated: Generated) -> None:
    opened, summary = generated.opened, generated.summary
    assert summary.cases == len(all_of(opened, e.Case)) == 12
    assert summary.visits == len(all_of(opened, e.Visit)) > 12 * 5
    assert summary.persons == len(all_of(opened, e.Person))
    assert summary.foster_families == len(all_of(opened, e.FosterFamily)) >= 5
    assert 3 <= summary.operators <= 6
    assert summary.amendments == len(all_of(opened, e.VisitAmendment))


def test_every_case_has_one_minor_of_a_plausible_age(generated: Generated) -> None:
    opened = generated.opened
    persons = {p.id: p for p in all_of(opened, e.Person)}
    members = all_of(opened, e.CaseMember)
    with_tax_code = 0
    for case in all_of(opened, e.Case):
        minors = [
            persons[mb.person_id]
            for mb in members
            if mb.case_id == case.id and mb.role is MemberRole.MINOR
        ]
        assert len(minors) == 1
        roles = Counter(mb.role for mb in members if mb.case_id == case.id)
        assert roles[MemberRole.MOTHER] <= 1 and roles[MemberRole.FATHER] <= 1
        minor = minors[0]
        assert minor.birth_date is not None and minor.birth_date <= case.opened_on
        ref = case.closed_on or TODAY
        age = (ref - minor.birth_date).days / 365.25
        if case.service is Service.CARE_LEAVERS:
            assert 18 <= age < 21.5
        else:
            assert 0 <= age < 18
        if minor.tax_code:
            with_tax_code += 1
            # a valid codice fiscale that agrees with the child (issue 14: a mismatch warns)
            assert validation.tax_code(minor.tax_code) == minor.tax_code
            assert (
                tax_code.mismatches(
                    minor.tax_code,
                    last_name=minor.last_name,
                    first_name=minor.first_name,
                    birth_date=minor.birth_date,
                )
                == ()
            )
    assert with_tax_code > 0


def test_visits_are_plausible_diary_entries(generated: Generated) -> None:
    opened = generated.opened
    visits = all_of(opened, e.Visit)
    cases = {c.id: c for c in all_of(opened, e.Case)}
    outcomes = Counter(v.outcome for v in visits)
    assert outcomes[VisitOutcome.DONE] > 0.8 * len(visits)
    assert len(outcomes) > 1
    for v in visits:
        assert dt.time(8) <= v.start_time < v.end_time <= dt.time(19)
        assert TODAY - dt.timedelta(days=731) <= v.date <= TODAY
        assert cases[v.case_id].opened_on <= v.date
        if v.status is VisitStatus.CLOSED:
            assert v.closed_at is not None
            assert v.closed_at > dt.datetime.combine(v.date, v.end_time, dt.UTC) - dt.timedelta(
                hours=2
            )
        else:
            assert v.closed_at is None
            assert (TODAY - v.date).days <= 6  # drafts are recent
        if v.outcome is VisitOutcome.DONE and v.status is VisitStatus.CLOSED:
            assert v.notes.strip()
        assert "lorem" not in v.notes.lower()
        json.loads(encode_value(v.present_person_ids))  # stored as JSON texts
        json.loads(encode_value(v.observations))
    assert sum(v.status is VisitStatus.CLOSED for v in visits) > 0.9 * len(visits)
    assert any(v.facts for v in visits) and any(v.statements for v in visits)
    assert any(v.evaluations for v in visits)
    assert len({v.notes for v in visits}) > len(visits) / 2  # composed, not one phrase repeated
    amended = {a.visit_id for a in all_of(opened, e.VisitAmendment)}
    closed = {v.id for v in visits if v.status is VisitStatus.CLOSED}
    assert amended and amended <= closed


def test_demo_data_passes_the_integrity_check_and_is_in_the_logs(generated: Generated) -> None:
    opened, summary = generated.opened, generated.summary
    # what revision 0007 added is written like the rest
    assert summary.ambito_settings and summary.communities and summary.community_activities
    assert summary.court_reports and summary.goal_actions and summary.community_projects
    report = integrity.check(opened)
    assert report.sound, report.problems()
    with opened.session() as session:
        created = session.execute(
            select(func.count())
            .select_from(m.AuditEventRow)
            .where(m.AuditEventRow.action == AuditAction.CREATE, m.AuditEventRow.entity == "cases")
        ).scalar_one()
        logged_cases = session.execute(
            select(func.count())
            .select_from(m.ChangeRow)
            .where(m.ChangeRow.entity == "cases", m.ChangeRow.kind == OpKind.INSERT)
        ).scalar_one()
    assert created == logged_cases == summary.cases


def test_running_it_again_adds_cases_and_reuses_the_team(opened: OpenProfile) -> None:
    demo.generate(opened, cases=6, seed=7, today=TODAY)
    operators = len(all_of(opened, e.Operator))
    demo.generate(opened, cases=6, seed=7, today=TODAY)
    assert len(all_of(opened, e.Operator)) == operators
    codes = [c.code for c in all_of(opened, e.Case)]
    assert len(codes) == len(set(codes)) == 12
    assert integrity.check(opened).sound


def test_no_demo_data_is_ever_written_in_plaintext(generated: Generated) -> None:
    opened = generated.opened
    persons = all_of(opened, e.Person)
    needles = {p.last_name for p in persons if len(p.last_name) >= 5}
    needles |= {p.tax_code for p in persons if p.tax_code}
    needles |= {c.code for c in all_of(opened, e.Case)}
    needles |= {v.notes[:40] for v in all_of(opened, e.Visit) if len(v.notes) >= 40}
    needles |= {"Tribunale per i Minorenni", "visita-domiciliare", "minore"}
    assert len(needles) > 30

    def leaks() -> set[str]:
        blobs = [p.read_bytes() for p in opened.paths.root.iterdir() if p.is_file()]
        return {n for n in needles if any(n.encode("utf-8") in b for b in blobs)}

    assert leaks() == set()  # while open: database, WAL and shared memory
    opened.engine.dispose()
    assert leaks() == set()  # and after the checkpoint on close
    assert uuid.UUID(str(opened.device_id))


def test_the_demo_diary_is_searchable_newest_first(generated: Generated) -> None:
    opened = generated.opened
    hits = visits.search_notes(opened, "madre", limit=20)
    assert len(hits) == 20
    assert [h.date for h in hits] == sorted((h.date for h in hits), reverse=True)
    assert all("[madre]" in h.snippet.lower() for h in hits)
    newest = max(
        v.date
        for v in all_of(opened, e.Visit)
        if "madre"
        in " ".join((v.notes, v.facts, v.statements, v.evaluations, v.next_steps)).lower()
    )
    assert hits[0].date == newest
