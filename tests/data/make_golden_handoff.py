"""Write the golden hand-off bundle of format v1: tests/data/handoff-v1/.

    .venv/bin/python tests/data/make_golden_handoff.py [--force]

Run it once, when a hand-off format version is introduced, and commit the folder: the tests
import every golden hand-off bundle with the newest code, so a reader change that would refuse
bundles already handed over fails. Never regenerate an old folder (--force exists only for the
first commit).

Everything in it is synthetic and test-only: the key is generated here, published in the
repository and protects nothing (see README.md).

    consegna.age     the bundle: one synthetic case file with a closed visit, an amendment and
                     an attachment, encrypted to the identity below
    identity.txt     the age X25519 identity of its recipient (a secret key, test-only)
    expected.json    the case id and the records per table an import must bring
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pyrage

from minorifamiglie.domain.enums import MemberRole, Role, Service
from minorifamiglie.services import attachments, cases, handoff, profiles, visits
from minorifamiglie.storage.keyfile import KdfParams

HERE = Path(__file__).parent / f"handoff-v{handoff.VERSION}"
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
TODAY = dt.date(2026, 11, 25)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    if HERE.exists():
        if not args.force:
            print(f"{HERE} exists: golden files are never regenerated", file=sys.stderr)
            return 1
        shutil.rmtree(HERE)
    HERE.mkdir()
    key = pyrage.x25519.Identity.generate()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "profilo"
        profiles.init_profile(root, "passphrase dorata di prova", "Giulia Bianchi",
                              Role.EDUCATOR, "portatile-golden", kdf=FAST_KDF)  # fmt: skip
        opened = profiles.unlock(root, "passphrase dorata di prova")
        try:
            case = cases.add_case(
                opened, ambito="VBR", service=Service.ADM, minor_name="Nadia D'Alessio",
                birth_date=dt.date(2016, 4, 12), opened_on=dt.date(2026, 9, 1), today=TODAY,
            )  # fmt: skip
            cases.add_member(opened, str(case.id), first_name="Pietro", last_name="D'Alessio",
                             role=MemberRole.FATHER)  # fmt: skip
            visit = visits.add_visit(
                opened, case=str(case.id), date=dt.date(2026, 10, 6), start=dt.time(15),
                end=dt.time(17), place="Domicilio", notes="Compiti, poi merenda.", close=True,
                today=TODAY,
            )  # fmt: skip
            visits.amend_visit(opened, visit.id, "L'insegnante conferma i progressi.")
            attachments.add_attachment(opened, str(case.id), filename="pagella.txt",
                                       content=b"Pagella sintetica di prova\n")  # fmt: skip
            target = HERE / "consegna.age"
            info = handoff.export_cases(
                opened, [str(case.id)], recipient=str(key.to_public()), target=target,
                today=TODAY,
            )  # fmt: skip
        finally:
            opened.close()
    (HERE / "identity.txt").write_text(
        "# Test-only age identity of tests/data/handoff-v1: published, protects nothing.\n"
        f"# public key: {key.to_public()}\n{key}\n",
        encoding="utf-8",
    )
    plain = pyrage.decrypt(target.read_bytes(), [key])
    import io
    import zipfile

    manifest = json.loads(zipfile.ZipFile(io.BytesIO(plain)).read("manifest.json"))
    expected = {
        "case_id": str(info.case_ids[0]),
        "case_code": case.code,
        "counts": manifest["counts"][str(case.id)],
    }
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"written {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
