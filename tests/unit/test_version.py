"""The version is written once, in pyproject.toml; the package reports that one."""

from __future__ import annotations

import tomllib
from pathlib import Path

import minorifamiglie

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_package_version_is_the_one_in_pyproject() -> None:
    with PYPROJECT.open("rb") as f:
        declared = tomllib.load(f)["project"]["version"]
    assert minorifamiglie.__version__ == declared
