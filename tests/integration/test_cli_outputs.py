"""Where a command writes its results: an output that is not a file (a pipe, a device) is
refused before anything is read or written, never renamed over; a standard output that cannot
be written after a write command committed is named as such, never as "nothing saved" (a
script would run the command again and record it twice), and a closed one is no error. Real
processes on a real profile, with Python's output buffered and unbuffered
(PYTHONUNBUFFERED, which some shells and IDEs set)."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, profiles, visits
from support.clock import TODAY
from support.profiles import PASSPHRASE, template_copy

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="pipes made with mkfifo and /dev/full are POSIX"
)


@pytest.fixture
def profile(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "profilo"
    template_copy(root, "Giulia Bianchi", Role.EDUCATOR, "prova")
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Ada Testa",
                              today=TODAY)  # fmt: skip
    finally:
        opened.close()
    return root, case.code


def run(root: Path, *argv: str, unbuffered: bool = False, **kwargs: Any) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINORIFAMIGLIE_", "PYTHONU"))}
    env |= {"MINORIFAMIGLIE_PROFILE": str(root), "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "minorifamiglie", *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        timeout=120,
        **kwargs,
    )
    return done.returncode, done.stderr.decode()


def visits_on(root: Path, code: str) -> list[dt.date]:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        return [v.visit.date for v in visits.list_visits(opened, case=code)]
    finally:
        opened.close()


ADD = ("visit", "add", "--date", "22/11/2026", "--start", "09:00", "--end", "09:30")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_visit_saved_with_its_output_on_a_full_device_says_it_is_saved(
    profile: tuple[Path, str], unbuffered: bool
) -> None:
    root, code = profile
    with open("/dev/full", "wb") as full:
        rc, err = run(root, *ADD, "--case", code, unbuffered=unbuffered, stdout=full)
    assert rc == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "L'uscita standard non si può scrivere" in err and "resta salvato" in err
    assert "nessuna modifica" not in err
    assert visits_on(root, code) == [dt.date(2026, 11, 22)]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("argv", [("--help",), ("case", "--help"), ("visit", "add", "--help")])
@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_help_that_cannot_be_written_is_not_a_silent_success(
    profile: tuple[Path, str], argv: tuple[str, ...], unbuffered: bool
) -> None:
    # argparse passes over a failed write of its help; a script would take exit 0 as shown
    root, _ = profile
    with open("/dev/full", "wb") as full:
        rc, err = run(root, *argv, unbuffered=unbuffered, stdout=full)
    assert rc == 1
    assert err.count("\n") == 1 and "L'uscita standard non si può scrivere" in err


@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_visit_added_with_its_output_closed_is_saved_without_an_error(
    profile: tuple[Path, str], unbuffered: bool
) -> None:
    root, code = profile
    rc, err = run(root, *ADD, "--case", code, unbuffered=unbuffered,
                  preexec_fn=lambda: os.close(1))  # fmt: skip
    assert (rc, err) == (0, "")
    assert visits_on(root, code) == [dt.date(2026, 11, 22)]


def test_the_version_into_a_pipe_closed_early_ends_quietly(profile: tuple[Path, str]) -> None:
    root, _ = profile
    read, write = os.pipe()
    os.close(read)  # the reader went away before anything was written
    try:
        rc, err = run(root, "--version", unbuffered=True, stdout=write)
    finally:
        os.close(write)
    assert (rc, err) == (0, "")


@pytest.mark.parametrize(
    "argv",
    [("backup", "-o", "{out}"), ("print", "case", "{code}", "-o", "{out}"),
     ("report", "hours", "--month", "11/2026", "-o", "{out}")],
    ids=["backup", "print", "report"],
)  # fmt: skip
def test_an_output_that_is_a_pipe_is_refused_and_left_a_pipe(
    profile: tuple[Path, str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    root, code = profile
    out = tmp_path / "uscita"
    os.mkfifo(out)
    rc, err = run(root, *(a.format(out=out, code=code) for a in argv))
    assert rc == 1 and "non è un file normale" in err and err.count("\n") == 1
    assert stat.S_ISFIFO(out.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profilo", "uscita"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_backup_to_a_device_is_refused_not_reported_written(
    profile: tuple[Path, str], tmp_path: Path
) -> None:
    # Through a link of its own: were the check ever lost, the rename would replace the link,
    # not the machine's device (as root it replaced /dev/full itself)
    root, _ = profile
    device = tmp_path / "dispositivo"
    device.symlink_to("/dev/null")
    rc, err = run(root, "backup", "-o", str(device))
    assert rc == 1 and "dispositivo: non è un file normale" in err
    assert device.is_symlink() and stat.S_ISCHR(os.stat(device).st_mode)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS always has a display")
def test_the_application_without_a_display_says_so_in_one_line(profile: tuple[Path, str]) -> None:
    # From an SSH session: Qt would print its plugin messages and abort the process
    root, _ = profile
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}  # fmt: skip
    env |= {"MINORIFAMIGLIE_PROFILE": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "minorifamiglie"], env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "Nessuno schermo disponibile" in done.stderr


LOGS = """
import logging
from minorifamiglie.cli import _one_line_logging

_one_line_logging()
try:
    raise ValueError("Mario Rossi")
except ValueError:
    logging.getLogger("sqlalchemy.pool.impl").error("Error closing cursor", exc_info=True)
    logging.getLogger("minorifamiglie.storage").warning("1 evento non scritto", exc_info=True)
"""


def test_in_its_own_process_a_warning_is_one_line_and_the_library_says_nothing() -> None:
    # Ctrl-C during 'check' once printed two tracebacks from the database library
    done = subprocess.run(
        [sys.executable, "-c", LOGS], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stderr == "minorifamiglie: 1 evento non scritto\n"


@pytest.mark.parametrize(
    "locale_env",
    [{"PYTHONIOENCODING": "cp1252"}, {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"}],
    ids=["windows-code-page", "c-locale"],
)
@pytest.mark.parametrize("argv", [("case", "list"), ("case", "list", "--json")])
def test_names_outside_the_locales_characters_are_written_in_utf8(
    tmp_path: Path, locale_env: dict[str, str], argv: tuple[str, ...]
) -> None:
    # Given a case of a Romanian child (the valleys' families come from everywhere), and an
    # output whose encoding cannot hold 'Ș' (a file on Windows, a C locale)
    root = tmp_path / "profilo"
    template_copy(root, "Giulia Bianchi", Role.EDUCATOR, "prova")
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Ștefan Popescu",
                       today=TODAY)  # fmt: skip
    finally:
        opened.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINORIFAMIGLIE_", "LC_"))}
    env |= {"MINORIFAMIGLIE_PROFILE": str(root), "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}
    env |= locale_env
    done = subprocess.run(
        [sys.executable, "-m", "minorifamiglie", *argv],
        env=env, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    # Then it is listed, in UTF-8, not "Errore imprevisto (UnicodeEncodeError)"
    said = "" if "--json" in argv else "1 cartella\n"  # the count, not "1 cartelle"
    assert (done.returncode, done.stderr.decode("utf-8")) == (0, said)
    assert "Ștefan Popescu" in done.stdout.decode("utf-8")
