"""The Informazioni dialog's facts, read from the real installed metadata: the version written in
pyproject.toml, the EUPL licence, the SQLCipher under the profiles, and every third-party part
shipped with the application with its licence, and nothing that only the developers install."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from minorifamiglie.services import about
from minorifamiglie.services.about import Component

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


@pytest.fixture(scope="module")
def info() -> about.AboutInfo:
    return about.about(Path("/profili/giulia"), qt_version="6.8.1")


def by_name(info: about.AboutInfo) -> dict[str, Component]:
    return {c.name.casefold(): c for c in info.components}


def test_the_application_is_the_pyproject_version_under_the_eupl(info: about.AboutInfo) -> None:
    with PYPROJECT.open("rb") as f:
        project = tomllib.load(f)["project"]
    assert info.name == "Minori e Famiglie"
    assert info.version == project["version"]
    assert info.licence == project["license"] == "EUPL-1.2"
    assert info.licence_name == "European Union Public Licence"
    assert info.profile_dir == Path("/profili/giulia")


def test_versions_of_what_it_runs_on(info: about.AboutInfo) -> None:
    assert info.sqlcipher_version.startswith("4.")
    assert info.sqlite_version.count(".") == 2
    assert info.python_version == ".".join(map(str, sys.version_info[:3]))
    assert info.python_implementation == "CPython"
    assert info.platform


def test_sqlalchemy_is_listed_as_mit_with_its_licence_text(info: about.AboutInfo) -> None:
    sqlalchemy = by_name(info)["sqlalchemy"]
    assert sqlalchemy.licence == "MIT"
    assert sqlalchemy.version
    text = about.licence_text(sqlalchemy)
    assert "Permission is hereby granted" in text
    # The licence itself comes before the list of authors.
    assert text.startswith("===== LICENSE =====")
    assert text.index("Permission is hereby granted") < text.index("===== AUTHORS =====")


def test_runtime_requirements_are_listed_recursively(info: about.AboutInfo) -> None:
    names = by_name(info)
    for direct in ("reportlab", "pyside6_essentials", "sqlcipher3", "pikepdf", "pyrage"):
        assert direct in names, direct
    # Needed by a requirement, not by the application itself.
    assert "shiboken6" in names
    assert "mako" in names


def test_the_test_extra_is_not_shipped(info: about.AboutInfo) -> None:
    names = by_name(info)
    for developer_only in ("pytest", "pytest-qt", "hypothesis", "ruff", "mypy", "import-linter"):
        assert developer_only not in names, developer_only
    assert "minorifamiglie" not in names


def test_parts_that_are_not_python_distributions(info: about.AboutInfo) -> None:
    names = by_name(info)
    qt = names["qt"]
    assert (qt.version, qt.licence) == ("6.8.1", "LGPL-3.0-only")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in about.licence_text(qt)
    sqlcipher = names["sqlcipher"]
    assert sqlcipher.version == info.sqlcipher_version.split()[0]
    assert "ZETETIC LLC" in about.licence_text(sqlcipher)
    fonts = names["dejavu fonts"]
    assert fonts.version.startswith("2.")
    assert "Bitstream" in about.licence_text(fonts)


def test_without_qt_version_qt_is_left_out() -> None:
    assert "qt" not in {c.name.casefold() for c in about.components("4.6.1 community")}


def test_pyside_wheels_without_a_licence_file_show_the_lgpl(info: about.AboutInfo) -> None:
    text = about.licence_text(by_name(info)["pyside6_essentials"])
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text


def test_the_classifier_names_the_licence_when_the_field_is_the_whole_text(
    info: about.AboutInfo,
) -> None:
    # python-codicefiscale puts the whole MIT text in License and says MIT in a classifier.
    assert by_name(info)["python-codicefiscale"].licence == "MIT License"


# ------------------------------------------------------------- distributions made for the test
def make_distribution(
    site: Path, name: str, headers: str = "", requires: tuple[str, ...] = (), record: str = ""
) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    lines = [f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n{headers}"]
    lines += [f"Requires-Dist: {r}\n" for r in requires]
    (info / "METADATA").write_text("".join(lines), encoding="utf-8")
    if record:
        (info / "RECORD").write_text(record, encoding="utf-8")


def test_missing_metadata_says_licenza_non_indicata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution(tmp_path, "senza-licenza", record="senza_licenza-1.0.dist-info/LICENSE,,\n")
    make_distribution(tmp_path, "licenza-lunga", headers="License: " + "x" * 200 + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from importlib import metadata

    bare = about.distribution_component(metadata.distribution("senza-licenza"))
    assert bare.licence == "licenza non indicata"
    # Its RECORD names a LICENSE that is not on disk: said in one line, no crash.
    assert about.licence_text(bare) == about.NO_LICENCE_TEXT
    long = about.distribution_component(metadata.distribution("licenza-lunga"))
    assert long.licence == "licenza non indicata"
    gone = Component("sparito", "1.0", "MIT", distribution="non-installato")
    assert about.licence_text(gone) == about.NO_LICENCE_TEXT


def test_the_walk_follows_asked_extras_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution(
        tmp_path,
        "radice",
        requires=(
            "figlia>=1",
            'solo-test; extra == "test"',
            'solo-windows; platform_system == "Windows"',
        ),
    )
    make_distribution(tmp_path, "figlia", requires=("cugina[pdf]",))
    make_distribution(
        tmp_path, "cugina", requires=('per-pdf; extra == "pdf"', 'per-web; extra == "web"')
    )
    for name in ("solo-test", "per-pdf", "per-web"):
        make_distribution(tmp_path, name)
    monkeypatch.syspath_prepend(str(tmp_path))
    found = {d.metadata["Name"] for d in about.runtime_distributions("radice")}
    # solo-windows is not installed here; solo-test and per-web belong to extras not asked for.
    assert found == {"figlia", "cugina", "per-pdf"}
