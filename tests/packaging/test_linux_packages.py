"""The .deb and .tar.gz made from a one-folder build (a stand-in here, whose program only
answers --version; `make package-test` drives the real one): where each file goes, the control
fields, and maintainer scripts that never touch a user's profile."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location(
    "build_packages", ROOT / "packaging" / "linux" / "build_packages.py"
)
assert SPEC is not None and SPEC.loader is not None
build_packages = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_packages)

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")


@pytest.fixture
def frozen(tmp_path: Path) -> Path:
    folder = tmp_path / "dist" / "minorifamiglie"
    (folder / "_internal" / "minorifamiglie").mkdir(parents=True)
    program = folder / "minorifamiglie"
    program.write_text("#!/bin/sh\necho 'minorifamiglie 9.8.7'\n", encoding="utf-8")
    program.chmod(0o755)
    (folder / "_internal" / "minorifamiglie" / "dati.bin").write_bytes(b"\0" * 2048)
    return folder


def test_the_deb_puts_the_program_in_opt_with_launcher_menu_entry_and_icons(
    frozen: Path, tmp_path: Path
) -> None:
    deb = build_packages.build_deb(frozen, build_packages.version(frozen), tmp_path)
    assert deb.name == "minorifamiglie_9.8.7_amd64.deb"  # the version the program reports
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True,
                             check=True).stdout  # fmt: skip
    paths = {line.split()[-1].lstrip(".") for line in listing.splitlines()}
    assert {
        "/opt/minorifamiglie/minorifamiglie",
        "/opt/minorifamiglie/_internal/minorifamiglie/dati.bin",
        "/usr/bin/minorifamiglie",
        "/usr/share/applications/minorifamiglie.desktop",
        "/usr/share/icons/hicolor/256x256/apps/minorifamiglie.png",
        "/usr/share/icons/hicolor/scalable/apps/minorifamiglie.svg",
        "/usr/share/doc/minorifamiglie/copyright",
    } <= paths
    assert all(p.startswith(("/opt/minorifamiglie", "/usr/")) for p in paths - {"/", "/opt/"})
    owners = {line.split()[1] for line in listing.splitlines()}
    assert owners == {"root/root"}
    launcher = next(
        line for line in listing.splitlines() if line.endswith("/usr/bin/minorifamiglie")
    )
    assert launcher.startswith("-rwxr-xr-x")

    fields = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True,
                            check=True).stdout  # fmt: skip
    assert "Package: minorifamiglie" in fields and "Version: 9.8.7" in fields
    assert "Architecture: amd64" in fields and "libxcb-cursor0" in fields


def test_the_maintainer_scripts_only_refresh_caches(frozen: Path, tmp_path: Path) -> None:
    deb = build_packages.build_deb(frozen, "9.8.7", tmp_path)
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    for script in ("postinst", "postrm"):
        text = (control / script).read_text(encoding="utf-8")
        commands = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        code = "\n".join(commands)
        assert not any(word in code for word in ("rm ", "$HOME", "/home", ".local")), script
        assert all(
            ln.startswith(("set -e", "exit 0", "if ", "fi", "  command -v", "command -v"))
            for ln in commands
        ), commands


def test_the_desktop_entry_opens_the_window_in_italian() -> None:
    entry = (ROOT / "packaging" / "linux" / "minorifamiglie.desktop").read_text(encoding="utf-8")
    assert "Exec=minorifamiglie gui" in entry and "Icon=minorifamiglie" in entry
    assert "Name=Minori e Famiglie" in entry and "Terminal=false" in entry
    validate = shutil.which("desktop-file-validate")
    if validate:
        subprocess.run([validate, str(ROOT / "packaging" / "linux" / "minorifamiglie.desktop")],
                       check=True)  # fmt: skip


def test_the_tarball_unpacks_into_one_versioned_folder(frozen: Path, tmp_path: Path) -> None:
    tarball = build_packages.build_tarball(frozen, "9.8.7", tmp_path)
    assert tarball.name == "minorifamiglie-9.8.7-linux-x86_64.tar.gz"
    with tarfile.open(tarball) as tar:
        names = tar.getnames()
        assert all(n.split("/")[0] == "minorifamiglie-9.8.7" for n in names)
        assert "minorifamiglie-9.8.7/minorifamiglie" in names
        assert {m.uname for m in tar.getmembers()} == {"root"}
