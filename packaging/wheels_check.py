"""`make wheels-check`: every runtime dependency resolves to binary wheels on every platform the
installers ship for, so no laptop ever has to compile anything (and no package is Linux-only, as
`sqlcipher3-binary` was).

Asks the package index (not part of `make test`): for each platform, `pip download
--only-binary=:all:` resolves the whole dependency tree of pyproject.toml plus the build tool
(PyInstaller) for that platform and Python version. Exit 0 when every platform resolves."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON_VERSION = "3.11"  # the Python the installers ship (packaging/README.md)
# pip expands a macOS tag to the older compatible ones (12, 11…, universal2), as an installer on
# that platform would; manylinux tags are listed one by one.
PLATFORMS: dict[str, list[str]] = {
    "Windows x64": ["win_amd64"],
    "macOS arm64": ["macosx_13_0_arm64"],  # macOS 13 (Ventura) or later: what Qt 6.8+ asks
    "macOS x86_64": ["macosx_13_0_x86_64"],
    # glibc 2.28 or later (Debian 10+, Ubuntu 20.04+): pip does not expand manylinux tags.
    "Linux x86_64": [
        *(f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)),
        "manylinux2014_x86_64",
        "manylinux2010_x86_64",
        "manylinux1_x86_64",
    ],
}
BUILD_TOOLS = ["pyinstaller>=6.10"]


def runtime_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [str(r) for r in project["dependencies"]]


def check(platform: str, tags: list[str], requirements: list[str]) -> tuple[bool, list[str]]:
    with tempfile.TemporaryDirectory(prefix="wheels-") as dest:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
        cmd += ["--only-binary=:all:", "--python-version", PYTHON_VERSION, "--dest", dest]
        for tag in tags:
            cmd += ["--platform", tag]
        done = subprocess.run([*cmd, *requirements], capture_output=True, text=True, check=False)
        files = sorted(p.name for p in Path(dest).iterdir())
        if done.returncode != 0:
            last = [line for line in done.stderr.splitlines() if line.strip()][-3:]
            return False, last
        not_wheels = [f for f in files if not f.endswith(".whl")]
        if not_wheels:
            return False, [f"not a wheel: {f}" for f in not_wheels]
        return True, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every wheel")
    args = parser.parse_args(argv)
    requirements = runtime_requirements() + BUILD_TOOLS
    failures = 0
    for platform, tags in PLATFORMS.items():
        ok, lines = check(platform, tags, requirements)
        print(f"{'ok  ' if ok else 'FAIL'} {platform} (Python {PYTHON_VERSION}): ", end="")
        print(f"{len(lines)} wheels" if ok else "")
        if not ok or args.verbose:
            for line in lines:
                print(f"     {line}")
        failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
