"""`make package` (Linux), after PyInstaller: the one-folder build in dist/minorifamiglie/ becomes
a .deb and a .tar.gz, both named with pyproject's version.

The .deb puts the program under /opt/minorifamiglie, a launcher in /usr/bin, the desktop entry
and the icons under /usr/share; its maintainer scripts only refresh the menu and icon caches.
Nothing in it knows where profiles live, so installing, upgrading, removing or purging it never
touches an educator's data (~/.local/share/minorifamiglie)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ICONS = ROOT / "src" / "minorifamiglie" / "resources" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256)
PACKAGE = "minorifamiglie"
# Qt's own system libraries: the PySide6 wheels bring Qt, not these (the same list as .ci/run).
DEPENDS = [
    "libc6 (>= 2.28)",
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
    "libglib2.0-0",
]


def version(frozen: Path) -> str:
    """The version the frozen program reports: the one PyInstaller built (pyproject's)."""
    out = subprocess.run(
        [str(frozen / PACKAGE), "--version"], capture_output=True, text=True, check=True
    )
    name, _, number = out.stdout.strip().partition(" ")
    if name != PACKAGE or not number:
        raise SystemExit(f"unexpected --version output: {out.stdout!r}")
    return number


def tree_size_kib(path: Path) -> int:
    files = (p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) // 1024


def install(src: Path, dest: Path, mode: int) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    dest.chmod(mode)


def control(number: str, installed_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {number}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Architecture: amd64\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        "Maintainer: Minori e Famiglie <minorifamiglie@invalid>\n"
        "Homepage: https://www.solcocittaaperta.it\n"
        "Description: Cartelle di tutela minori e famiglie, cifrate e offline\n"
        " Per educatori e assistenti sociali dei servizi di tutela minori, affido,\n"
        " assistenza domiciliare minori e famiglie fragili: le cartelle restano\n"
        " cifrate sul portatile (SQLCipher), funzionano senza rete e si\n"
        " sincronizzano con l'équipe tramite una cartella condivisa.\n"
        " .\n"
        " Disinstallare il pacchetto non tocca i profili degli utenti.\n"
    )


def build_deb(frozen: Path, number: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="deb-") as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(frozen, root / "opt" / PACKAGE, symlinks=True)
        install(HERE / "launcher.sh", root / "usr" / "bin" / PACKAGE, 0o755)
        share = root / "usr" / "share"
        install(HERE / f"{PACKAGE}.desktop", share / "applications" / f"{PACKAGE}.desktop", 0o644)
        hicolor = share / "icons" / "hicolor"
        for size in PNG_SIZES:
            icon = ICONS / f"{PACKAGE}-{size}.png"
            install(icon, hicolor / f"{size}x{size}" / "apps" / f"{PACKAGE}.png", 0o644)
        install(ICONS / f"{PACKAGE}.svg", hicolor / "scalable" / "apps" / f"{PACKAGE}.svg", 0o644)
        install(HERE / "copyright", share / "doc" / PACKAGE / "copyright", 0o644)
        debian = root / "DEBIAN"
        debian.mkdir()
        (debian / "control").write_text(control(number, tree_size_kib(root)), encoding="utf-8")
        for script in ("postinst", "postrm"):
            install(HERE / script, debian / script, 0o755)
        for path in root.rglob("*"):  # dpkg wants sane modes whatever the build's umask
            if path.is_dir():
                path.chmod(0o755)
        deb = out_dir / f"{PACKAGE}_{number}_amd64.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(deb)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return deb


def build_tarball(frozen: Path, number: str, out_dir: Path) -> Path:
    """For machines without dpkg or without administrator rights: unpack anywhere, run
    `minorifamiglie-<version>/minorifamiglie`."""
    top = f"{PACKAGE}-{number}"
    tarball = out_dir / f"{PACKAGE}-{number}-linux-x86_64.tar.gz"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(tarball, "w:gz", compresslevel=9) as tar:
        tar.add(frozen, arcname=top, filter=owned_by_root)
        for extra in (f"{PACKAGE}.desktop",):
            tar.add(HERE / extra, arcname=f"{top}/share/{extra}", filter=owned_by_root)
        tar.add(ICONS / f"{PACKAGE}-256.png", arcname=f"{top}/share/{PACKAGE}.png",
                filter=owned_by_root)  # fmt: skip
    return tarball


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    os.umask(0o022)
    number = version(args.frozen)
    for path in (build_deb(args.frozen, number, args.out),
                 build_tarball(args.frozen, number, args.out)):  # fmt: skip
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{path.stat().st_size / 2**20:.1f} MiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
