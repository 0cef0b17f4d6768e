"""`minorifamiglie --version`, as a support request or a script reads it: the installed console
script prints the version written in pyproject.toml and exits 0."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def declared_version() -> str:
    with PYPROJECT.open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def console_script() -> str:
    script = Path(sys.executable).parent / "minorifamiglie"
    found = str(script) if script.exists() else shutil.which("minorifamiglie")
    if found is None:
        pytest.fail("the console script `minorifamiglie` is not installed")
    return found


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "minorifamiglie"], None],
    ids=["python -m", "console script"],
)
def test_version_prints_the_declared_version(command: list[str] | None) -> None:
    argv = [*(command or [console_script()]), "--version"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"minorifamiglie {declared_version()}"
    assert done.stderr == ""
