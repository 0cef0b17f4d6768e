"""The installed program: its size on disk and in the packages, and process start to the unlock
screen drawn, beside a floor of the same run: a bare QMainWindow frozen with the same spec.

Run after `make package` (it reads dist/): `build/package-venv/bin/python bench/bench_package.py`
(`make bench-package`). Goals from issue 11: under 200 MB unpacked, under 80 MB compressed,
start under 3x the bare window."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
APP = DIST / "minorifamiglie" / "minorifamiglie"
BARE_DIST = ROOT / "build" / "bench-bare"
BARE = BARE_DIST / "bare-window" / "bare-window"
DRAWN = "minorifamiglie: unlock screen drawn"
MIB = 2**20


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB ({size / MIB:.1f} MiB)"


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def group_of(relative: Path) -> str:
    """Where the space goes, in words a reviewer can act on."""
    parts = relative.parts
    if parts[:1] != ("_internal",) or len(parts) < 2:
        return "executable"
    name = parts[1]
    if name == "PySide6":
        if "lib" in parts and any(p.startswith("libicu") for p in parts):
            return "Qt: ICU (Unicode and locale data)"
        if "lib" in parts:
            return "Qt: libraries"
        if "plugins" in parts:
            return "Qt: plugins"
        return "Qt: Python bindings (PySide6)"
    if name.startswith(("libpython", "python3", "base_library")):
        return "Python runtime"
    if name.startswith("lib") and ".so" in name:
        return "system libraries bundled (CUPS with Kerberos and GnuTLS, glib, libstdc++…)"
    if name.startswith("minorifamiglie"):
        return "the application"
    if name.endswith((".dist-info", ".libs")):
        name = name.split("-")[0].split(".")[0]
    return f"package: {name}"


def breakdown(folder: Path, top: int = 14) -> list[tuple[str, int]]:
    sizes: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            sizes[group_of(path.relative_to(folder))] += path.lstat().st_size
    return sizes.most_common(top)


def build_bare() -> None:
    env = dict(os.environ)
    env |= {
        "MINORIFAMIGLIE_SPEC_ENTRY": str(ROOT / "bench" / "bare_window.py"),
        "MINORIFAMIGLIE_SPEC_NAME": "bare-window",
    }
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "ERROR", "--distpath", str(BARE_DIST),
         "--workpath", str(ROOT / "build" / "bench-bare-work"),
         str(ROOT / "packaging" / "minorifamiglie.spec")],
        check=True, env=env, cwd=ROOT,
    )  # fmt: skip


def time_to_drawn(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    assert proc.stderr is not None
    try:
        for raw in proc.stderr:
            if raw.decode(errors="replace").strip() == DRAWN:
                return time.perf_counter() - started
        raise RuntimeError(f"{argv[0]} ended before drawing its first window")
    finally:
        proc.kill()
        proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    if not APP.exists():
        print("Prima: make package", file=sys.stderr)
        return 1
    build_bare()

    print("## Size")
    unpacked = folder_size(APP.parent)
    print(f"one-folder build: {megabytes(unpacked)} (goal < 200 MB)")
    for pattern in ("minorifamiglie_*_amd64.deb", "minorifamiglie-*-linux-x86_64.tar.gz"):
        for package in sorted(DIST.glob(pattern)):
            print(f"{package.name}: {megabytes(package.stat().st_size)} (goal < 80 MB)")
    groups = breakdown(APP.parent, top=100)
    runtime = sum(size for group, size in groups if group.startswith(("Qt:", "Python runtime")))
    print(f"floor, Qt and Python alone (what any PySide6 program ships): {megabytes(runtime)}")
    print("where the space goes:")
    for group, size in groups[:14]:
        print(f"  {size / 1e6:6.1f} MB  {group}")

    print("\n## Start: process start to the first window drawn (offscreen)")
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MINORIFAMIGLIE_")}
        env |= {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "QT_QPA_PLATFORM": env.get("QT_QPA_PLATFORM", "offscreen"),
            "MINORIFAMIGLIE_TRACE_STARTUP": "1",
            "MINORIFAMIGLIE_PROFILE": str(home / "profilo"),
        }
        subprocess.run(
            [str(APP), "init", "--operator", "Prova Avvio", "--role", "educatore"],
            env=env | {"MINORIFAMIGLIE_PASSPHRASE": "passphrase della prova di avvio"},
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        app_times, bare_times = [], []
        time_to_drawn([str(BARE)], env)  # first runs warm the page cache for both
        time_to_drawn([str(APP), "gui"], env)
        for _ in range(args.runs):  # alternated, so a noisy neighbour hits both alike
            bare_times.append(time_to_drawn([str(BARE)], env))
            app_times.append(time_to_drawn([str(APP), "gui"], env))
    app, bare = statistics.median(app_times), statistics.median(bare_times)
    print(f"floor, bare QMainWindow: median {bare * 1000:.0f} ms "
          f"(min {min(bare_times) * 1000:.0f}, max {max(bare_times) * 1000:.0f})")  # fmt: skip
    print(f"minorifamiglie unlock screen: median {app * 1000:.0f} ms "
          f"(min {min(app_times) * 1000:.0f}, max {max(app_times) * 1000:.0f})")  # fmt: skip
    print(f"ratio: {app / bare:.2f}x (goal < 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
