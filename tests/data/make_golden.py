"""Write the golden profile of the current schema revision: tests/data/profile-<revision>/.

    .venv/bin/python tests/data/make_golden.py [--force]

Run it once in the commit that adds an alembic revision and commit the folder with it:
tests/unit/storage/test_golden.py opens every golden profile with the newest code, so each later
revision's upgrade is tested on real files of all the revisions before it (see README.md).

The profile holds synthetic people only. Its passphrase is GOLDEN_PASSPHRASE below: not a
secret. It uses a cheap Argon2id (GOLDEN_KDF) so the test unlocks it quickly. The files left are
exactly profile.json and cartelle.db: the WAL is checkpointed and the journal switched to DELETE
before closing, so no -wal or -shm file is committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from codicefiscale import codicefiscale

from minorifamiglie.domain.enums import MemberRole, ReferralSource, Role, Service
from minorifamiglie.services import cases, profiles, visits
from minorifamiglie.storage import migrate
from minorifamiglie.storage import profile as storage_profile
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.keyfile import KdfParams

GOLDEN_PASSPHRASE = "passphrase dorata di prova"
GOLDEN_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
TODAY = dt.date(2026, 11, 24)
HERE = Path(__file__).resolve().parent

# The story every golden profile tells; test_golden.py checks it back (keep the two in step).
NADIA_TAX_CODE = codicefiscale.encode(
    lastname="Ferrandi",
    firstname="Nadia",
    gender="F",
    birthdate="2016-04-12",
    birthplace="Zogno",
)


def write_story(opened: storage_profile.OpenProfile) -> None:
    adm = cases.add_case(
        opened,
        ambito="VBR",
        service=Service.ADM,
        title="Sostegno educativo domiciliare",
        summary="Compiti, autonomie e tempo libero.",
        minor_name="Nadia Ferrandi",
        birth_date=dt.date(2016, 4, 12),
        tax_code=NADIA_TAX_CODE,
        sex="F",  # since revision 0006, with birthplace and citizenship
        birthplace="Zogno",
        citizenship="IT",
        opened_on=dt.date(2026, 9, 1),
        referral_source=ReferralSource.SCHOOL,
        today=TODAY,
    )
    cases.add_member(
        opened,
        str(adm.id),
        first_name="Rosa",
        last_name="Ferrandi",
        role=MemberRole.MOTHER,
        phone="+39 0345 000000",
        today=TODAY,
    )
    first = visits.add_visit(
        opened,
        case=str(adm.id),
        date=dt.date(2026, 10, 6),
        start=dt.time(15, 0),
        end=dt.time(17, 0),
        place="Domicilio",
        notes="Compiti di matematica, poi merenda con la madre.",
        facts="Nadia ha svolto tutti gli esercizi.",
        close=True,
        today=TODAY,
    )
    visits.amend_visit(opened, first.id, "La madre chiede di spostare il prossimo incontro.")
    visits.add_visit(
        opened,
        case=str(adm.id),
        date=dt.date(2026, 11, 20),
        start=dt.time(16, 0),
        end=dt.time(17, 30),
        place="Biblioteca di Zogno",
        notes="Bozza: ricerca sui fiumi della valle.",
        today=TODAY,
    )

    affido = cases.add_case(
        opened,
        ambito="DAL",
        service=Service.AFFIDO,
        title="Affido part-time",
        minor_name="Tommaso Gritti",
        birth_date=dt.date(2014, 1, 30),
        opened_on=dt.date(2026, 3, 15),
        today=TODAY,
    )
    cases.edit_case(opened, str(affido.id), {"status": "sospesa"}, today=TODAY)

    tutela = cases.add_case(
        opened,
        ambito="BG",
        service=Service.TUTELA,
        title="Segnalazione del pronto soccorso",
        opened_on=dt.date(2026, 2, 2),
        referral_source=ReferralSource.HEALTH,
        today=TODAY,
    )
    cases.edit_case(
        opened,
        str(tutela.id),
        {"status": "chiusa", "closed_on": "2026-11-01", "closure_reason": "archiviazione"},
        today=TODAY,
    )


def make(target: Path) -> None:
    profiles.init_profile(
        target,
        GOLDEN_PASSPHRASE,
        "Giulia Bianchi",
        Role.EDUCATOR,
        "portatile-golden",
        kdf=GOLDEN_KDF,
    )
    opened = profiles.unlock(target, GOLDEN_PASSPHRASE)
    try:
        write_story(opened)
        key = opened.master_key()
    finally:
        opened.close()
    with raw_connection(target / "cartelle.db", key) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    left = sorted(p.name for p in target.iterdir())
    if left != ["cartelle.db", "profile.json"]:
        raise SystemExit(f"unexpected files left in {target}: {left}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace an existing folder")
    args = parser.parse_args(argv)
    target = HERE / f"profile-{migrate.head_revision()}"
    if target.exists():
        if not args.force:
            print(f"{target} exists: a golden profile is never regenerated (use --force)")
            return 1
        shutil.rmtree(target)
    make(target)
    print(f"golden profile written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
