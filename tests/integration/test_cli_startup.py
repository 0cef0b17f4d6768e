"""The command line's fixed cost: a command on a profile already at the newest schema never
imports alembic (with mako and pygments), which only building or upgrading a schema needs."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minorifamiglie import cli
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from support.profiles import PASSPHRASE, ProfileCopies

# Runs the real entry point in a fresh interpreter, then lists every module it imported.
WRAPPER = """
import json, sys
from minorifamiglie import cli
code = cli.main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def test_a_command_on_a_current_profile_does_not_import_alembic(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # Given a profile at the newest schema
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
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


def test_a_command_loads_neither_backup_nor_the_tax_code_tables(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # Given a profile at the newest schema, with nothing left over by a killed write
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
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


def test_a_leftover_temp_file_is_still_removed_at_unlock(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # Given a profile where a killed write left profile.json's temporary copy
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    leftover = root / ".tmp-abcd1234"
    leftover.write_bytes(b"{}")
    os.utime(leftover, (1_000_000_000, 1_000_000_000))

    # When the profile is unlocked
    opened = profiles.unlock(root, PASSPHRASE)
    opened.close()

    # Then the leftover is gone (the backup module was loaded for it)
    assert not leftover.exists()


# The program's own entry (`main()` reading sys.argv), then the collector's state.
OWN_PROCESS = """
import gc, json, sys
from minorifamiglie import cli
out, sys.argv = sys.argv[1], ["minorifamiglie", *sys.argv[2:]]
code = cli.main()
with open(out, "w", encoding="utf-8") as f:
    json.dump({"code": code, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}, f)
"""


def _own_process(tmp_path: Path, root: Path, passphrase: str, *argv: str) -> dict[str, int]:
    dump = tmp_path / "gc.json"
    done = subprocess.run(
        [sys.executable, "-c", OWN_PROCESS, str(dump), "--profile", str(root), *argv],
        env={**os.environ, "MINORIFAMIGLIE_PASSPHRASE": passphrase},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result: dict[str, int] = json.loads(dump.read_text(encoding="utf-8"))
    return result


def test_a_command_freezes_what_it_loaded_and_collects_again_after(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # Given a profile
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")

    # When the program lists its cases in a process of its own
    result = _own_process(tmp_path, root, PASSPHRASE, "case", "list")

    # Then what start-up loaded was frozen, and the collector runs again for the work
    assert result["code"] == 0
    assert result["frozen"] > 10_000
    assert result["enabled"]


def test_a_failed_unlock_leaves_the_collector_running(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # Given a profile
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")

    # When the program is given a wrong passphrase in a process of its own
    result = _own_process(tmp_path, root, "non è questa", "case", "list")

    # Then it refuses with the passphrase's exit code, and the collector is running again
    assert result["code"] == 3
    assert result["enabled"]


def test_called_in_process_the_collector_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile_copy: ProfileCopies
) -> None:
    # Given a profile, and this process's collector as it is
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    frozen = gc.get_freeze_count()
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)

    # When a command runs through `cli.main(argv)`, as the tests run them
    code = cli.main(["--profile", str(root), "case", "list"])

    # Then nothing was frozen, and the collector still runs
    assert code == 0
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
