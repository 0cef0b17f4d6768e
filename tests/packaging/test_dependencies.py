"""What the program depends on agrees with its code and with what its packaging says: every
runtime dependency in pyproject.toml is imported by the application (or named here with the
reason it is there all the same), and packaging/README.md names the third-party data the
PyInstaller spec collects, no more (a dropped dependency leaves no trace in either)."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "minorifamiglie.spec"
README = ROOT / "packaging" / "README.md"

# Dependencies the code does not import by name, and why they are there.
NOT_IMPORTED = {"rl-accel": "reportlab imports its C accelerators (_rl_accel) by itself"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "minorifamiglie").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_runtime_dependency_is_used() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0] for d in project["dependencies"]]
    assert "sqlcipher3" in declared and "reportlab" in declared
    providers = metadata.packages_distributions()
    used = {canonical(d) for name in imported_top_levels() for d in providers.get(name, ())}
    unused = [d for d in declared if canonical(d) not in used and d not in NOT_IMPORTED]
    assert unused == []


def test_the_packaging_readme_names_the_third_party_data_the_spec_collects() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    collected = {
        canonical(module)
        for module in re.findall(r'collect_data_files\(\s*"([\w.]+)"', spec)
        if not module.startswith("minorifamiglie")
    }
    assert "codicefiscale" in collected
    text = README.read_text(encoding="utf-8")
    bullet = text.split("**the data of third-party packages**:", 1)[1].split("\n- **", 1)[0]
    # "python-codicefiscale's birthplace tables", "holidays' calendars", "Faker's providers"
    named = {
        canonical(owner).removeprefix("python-")
        for owner in re.findall(r"([\w-]+)'s?(?=\s)", bullet)
    }
    assert named == collected
