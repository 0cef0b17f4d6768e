"""The command line's fixed cost: a command on a profile already at the newest schema never
imports alembic (with mako and pygments), which only building or upgrading a schema needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.storage.keyfile import KdfParams

PASSPHRASE = "cavallo batteria graffetta"
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)

# Runs the real entry point in a fresh interpreter, then lists every module it imported.
WRAPPER = """
import json, sys
from minorifamiglie import cli
code = cli.main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def test_a_command_on_a_current_profile_does_not_import_alembic(tmp_path: Path) -> None:
    # Given a profile at the newest schema
    root = tmp_path / "profilo"
    profiles.init_profile(root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, "pc", kdf=FAST_KDF)
    dump = tmp_path / "modules.json"
    env = {**os.environ, "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}

    # When a command line call lists its cases in a new process
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(dump), "--profile", str(root), "case", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Then it worked without importing alembic or its template engine
    assert done.returncode == 0, done.stderr
    result = json.loads(dump.read_text(encoding="utf-8"))
    assert result["code"] == 0
    imported = {name.split(".")[0] for name in result["modules"]}
    assert "minorifamiglie.storage.profile" in result["modules"]
    assert not imported & {"alembic", "mako", "pygments"}


def test_a_command_loads_neither_backup_nor_the_tax_code_tables(tmp_path: Path) -> None:
    # Given a profile at the newest schema, with nothing left over by a killed write
    root = tmp_path / "profilo"
    profiles.init_profile(root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, "pc", kdf=FAST_KDF)
    dump = tmp_path / "modules.json"
    env = {**os.environ, "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}

    # When a command line call searches its cases in a new process
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(dump), "--profile", str(root), "search", "compiti"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Then the backup module (with the integrity check it imports) and codicefiscale, which
    # only a leftover temp file, a backup or a tax code to check need, were never imported
    assert done.returncode == 0, done.stderr
    result = json.loads(dump.read_text(encoding="utf-8"))
    modules = set(result["modules"])
    assert "minorifamiglie.storage.profile" in modules
    assert not modules & {
        "minorifamiglie.services.backup",
        "minorifamiglie.services.integrity",
        "minorifamiglie.services.apply",
        "codicefiscale",
    }


def test_a_leftover_temp_file_is_still_removed_at_unlock(tmp_path: Path) -> None:
    # Given a profile where a killed write left profile.json's temporary copy
    root = tmp_path / "profilo"
    profiles.init_profile(root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, "pc", kdf=FAST_KDF)
    leftover = root / ".tmp-abcd1234"
    leftover.write_bytes(b"{}")
    os.utime(leftover, (1_000_000_000, 1_000_000_000))

    # When the profile is unlocked
    opened = profiles.unlock(root, PASSPHRASE)
    opened.close()

    # Then the leftover is gone (the backup module was loaded for it)
    assert not leftover.exists()
