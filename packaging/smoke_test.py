"""`make package-test`: the *built* executable proves itself, never the source tree.

An educator's whole day, each step a real process of the frozen program on real files: the
version; a new profile (real Argon2id); a case with a codice fiscale; a visit, closed and
signed; search; the visit sheet printed with a password (pikepdf's AES-256, read back with
poppler); the monthly hours as CSV and PDF; two profiles forming a team and syncing through a
folder; a hand-off export opened with the `age` command-line tool; backup and restore; `check`;
synthetic demo data (Faker); and the GUI started offscreen, unlocked, with the print preview of
the visit open (`gui --self-test`), its screenshots kept in build/smoke/ to be looked at.

Everything lives in a temporary HOME, so no real profile or setting is touched. The standard
library only: it must run with any Python 3.11, beside a build it knows nothing about. Any data
file or module missing from the build fails a step here."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "prova del pacchetto installato"  # a throwaway profile of synthetic data
# A synthetic child: the codice fiscale of "Luca Rota", born on 2 March 2015 in Zogno (M184).
TAX_CODE = "RTOLCU15C02M184O"
TIMEOUT_S = 300


class StepFailed(Exception):
    pass


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Smoke:
    exe: Path
    work: Path
    env: dict[str, str]
    results: list[tuple[str, bool, float, str]] = field(default_factory=list)

    def run(
        self, profile: Path | None, *argv: str, expect: int = 0, stdin: str = "", **extra: str
    ) -> Run:
        env = dict(self.env)
        if profile is not None:
            env["MINORIFAMIGLIE_PROFILE"] = str(profile)
        env.update(extra)
        done = subprocess.run(
            [str(self.exe), *argv],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=TIMEOUT_S,
            check=False,
        )
        if "Traceback" in done.stderr:
            raise StepFailed(f"traceback from {argv[:2]}:\n{done.stderr[-2000:]}")
        if done.returncode != expect:
            raise StepFailed(
                f"{' '.join(argv[:3])}: exit {done.returncode}, expected {expect}: "
                f"{done.stderr.strip()[-600:]}"
            )
        return Run(done.returncode, done.stdout, done.stderr)

    def step(self, name: str, body: Callable[[], str | None]) -> None:
        started = time.monotonic()
        try:
            note = body() or ""
            ok = True
        except Exception as exc:
            note, ok = f"{type(exc).__name__}: {exc}", False
        seconds = time.monotonic() - started
        self.results.append((name, ok, seconds, note))
        print(f"{'ok  ' if ok else 'FAIL'} {name} ({seconds:.1f} s){': ' + note if note else ''}")
        sys.stdout.flush()


def check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def pdf_text(pdf: Path, password: str | None = None) -> str:
    argv = ["pdftotext", "-layout"]
    if password is not None:
        argv += ["-upw", password]
    done = subprocess.run([*argv, str(pdf), "-"], capture_output=True, text=True, check=False)
    check(done.returncode == 0, f"pdftotext could not read {pdf.name}: {done.stderr.strip()}")
    return done.stdout


def pdf_info(pdf: Path, password: str) -> str:
    argv = ["pdfinfo", "-upw", password, str(pdf)]
    return subprocess.run(argv, capture_output=True, text=True, check=False).stdout


def isolated_env(home: Path) -> dict[str, str]:
    """No real profile, setting or display is reachable from the program under test."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "TEMP", "TMP")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env |= {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "QT_QPA_PLATFORM": "offscreen",
        "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE,
    }
    (home / "run").mkdir(parents=True, mode=0o700)
    return env


def day(smoke: Smoke, shots: Path) -> None:
    work = smoke.work
    coord, edu, restored = work / "coordinatrice", work / "educatore", work / "ripristinato"
    share = work / "cartella-condivisa"
    share.mkdir()
    state: dict[str, str] = {}
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    month = yesterday[:7]

    def version() -> str:
        wanted = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        run = smoke.run(None, "--version")
        check(
            run.out.strip() == f"minorifamiglie {wanted['project']['version']}",
            f"--version says {run.out.strip()!r}",
        )
        return run.out.strip()

    def init() -> str:
        smoke.run(coord, "init", "--operator", "Giulia Rota", "--role", "coordinatore")
        smoke.run(edu, "init", "--operator", "Marco Locatelli", "--role", "educatore")
        check((coord / "profile.json").is_file(), "no profile.json")
        return "two profiles, real Argon2id"

    def case_with_tax_code() -> str:
        # Personal text from a file and from standard input, as the README shows it first.
        minor = work / "minore.txt"
        minor.write_text("Luca Rota\n", encoding="utf-8")
        run = smoke.run(coord, "case", "add", "--ambito", "VBR", "--service", "adm",
                        "--title", "Sostegno educativo", "--minor-file", str(minor),
                        "--birth-date", "2015-03-02", "--tax-code-file", "-",
                        stdin=TAX_CODE)  # fmt: skip
        state["case"] = str(uuid.UUID(run.out.strip()))
        shown = json.loads(smoke.run(coord, "case", "show", state["case"], "--json").out)
        check(TAX_CODE in json.dumps(shown), "the codice fiscale is not in the case")
        state["code"] = shown["code"]
        refused = smoke.run(coord, "case", "add", "--ambito", "VBR", "--service", "adm",
                            "--minor", "Anna Rota", "--tax-code", "RTOLCU15C02M184X",
                            expect=1)  # fmt: skip
        check("codice fiscale" in refused.err.lower(), f"bad code not refused: {refused.err}")
        return state["code"]

    def visit() -> str:
        run = smoke.run(coord, "visit", "add", "--case", state["case"], "--date", yesterday,
                        "--start", "15:00", "--end", "16:30", "--place", "Domicilio",
                        "--notes-file", "-", "--close",
                        stdin="Compiti di geografia: i fiumi della Lombardia\n")  # fmt: skip
        state["visit"] = str(uuid.UUID(run.out.strip()))
        return "closed and signed"

    def search() -> str:
        hits = json.loads(smoke.run(coord, "search", "fiumi", "--json").out)
        check([h["visit_id"] for h in hits] == [state["visit"]], f"search found {hits}")
        cases = json.loads(smoke.run(coord, "case", "list", "--search", "Rota", "--json").out)
        check(len(cases) == 1, f"case search found {len(cases)}")
        return "visit notes and names"

    def print_sheet() -> str:
        secret = work / "password-pdf.txt"
        secret.write_text("segreta del PDF\n", encoding="utf-8")
        pdf = work / "scheda.pdf"
        smoke.run(coord, "print", "visit-sheet", state["visit"], "-o", str(pdf),
                  "--password-file", str(secret))  # fmt: skip
        info = pdf_info(pdf, "segreta del PDF")
        check("AES" in info and "256" in info, f"not AES-256: {info}")
        blocked = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=False)
        check(blocked.returncode != 0, "the PDF opens without its password")
        text = pdf_text(pdf, "segreta del PDF")
        check(state["code"] in text and "fiumi" in text, "the sheet does not show the visit")
        return f"{len(text.split())} words, AES-256"

    def hours() -> str:
        csv_path, pdf = work / "ore.csv", work / "ore.pdf"
        smoke.run(coord, "report", "hours", "--month", month, "-o", str(csv_path))
        smoke.run(coord, "report", "hours", "--month", month, "-o", str(pdf))
        table = csv_path.read_text(encoding="utf-8-sig")
        check("1,50" in table or "1,5" in table, f"1h30 not in the CSV:\n{table[:400]}")
        check("Rendicontazione" in pdf_text(pdf) or "ore" in pdf_text(pdf).lower(), "empty PDF")
        return "CSV and PDF"

    def team() -> str:
        team_id = smoke.run(coord, "team", "create", "--name", "Équipe Valle Brembana",
                            "--share", str(share)).out.strip()  # fmt: skip
        uuid.UUID(team_id)
        device, _fingerprint = smoke.run(
            edu, "team", "join", "--share", str(share)
        ).out.splitlines()
        smoke.run(coord, "team", "admit", device)
        first = json.loads(smoke.run(coord, "sync", "--share", str(share), "--json").out)
        second = json.loads(smoke.run(edu, "sync", "--share", str(share), "--json").out)
        check(first["refused"] == [] and second["refused"] == [], "bundles refused")
        listed = json.loads(smoke.run(edu, "case", "list", "--json").out)
        check([c["id"] for c in listed] == [state["case"]], "the case did not arrive")
        smoke.run(edu, "case", "edit", state["case"], "--set", "summary=Incontro con la scuola")
        smoke.run(edu, "sync", "--json")
        smoke.run(coord, "sync", "--json")
        dumps = {smoke.run(p, "dump", "--json").out for p in (coord, edu)}
        check(len(dumps) == 1, "the two profiles did not converge")
        return "created, joined, admitted, synced both ways, converged"

    def hand_off() -> str:
        keygen = subprocess.run(["age-keygen"], capture_output=True, text=True, check=True)
        identity = work / "destinataria.key"
        identity.write_text(keygen.stdout, encoding="utf-8")
        recipient = re.search(r"age1[0-9a-z]+", keygen.stdout + keygen.stderr)
        check(recipient is not None, "age-keygen printed no recipient")
        assert recipient is not None
        bundle = work / "consegna.age"
        smoke.run(coord, "export", "--case", state["case"], "--recipient", recipient.group(0),
                  "-o", str(bundle))  # fmt: skip
        opened = subprocess.run(["age", "-d", "-i", str(identity), str(bundle)],
                                capture_output=True, check=False)  # fmt: skip
        check(opened.returncode == 0, f"age -d failed: {opened.stderr!r}")
        names = zipfile.ZipFile(io.BytesIO(opened.stdout)).namelist()
        check("manifest.json" in names, f"no manifest in {names}")
        check(any(n.endswith("sintesi.pdf") for n in names), f"no summary in {names}")
        return f"{len(names)} files, opened by age"

    def backup_restore() -> str:
        copy = work / "copia.mfbk"
        smoke.run(coord, "backup", "-o", str(copy))
        smoke.run(None, "restore", str(copy), "--to", str(restored))
        dumps = {smoke.run(p, "dump", "--json").out for p in (coord, restored)}
        check(len(dumps) == 1, "the restored profile differs")
        return f"{copy.stat().st_size // 1024} KiB"

    def integrity() -> str:
        rows = 0
        for profile in (coord, edu, restored):  # exit 0: sound (4 would be tampering)
            report = json.loads(smoke.run(profile, "check", "--json").out)
            check(report["rows_mismatched"] == {} and report["pages_ok"], f"check: {report}")
            rows += report["rows_checked"]
        return f"three profiles sound, {rows} rows checked"

    def demo_data() -> str:
        smoke.run(restored, "demo-data", "--cases", "3", "--seed", "7")
        listed = json.loads(smoke.run(restored, "case", "list", "--json").out)
        check(len(listed) >= 4, f"demo data: {len(listed)} cases")
        smoke.run(restored, "check")
        return f"{len(listed)} cases with Faker it_IT"

    def gui() -> str:
        out = work / "schermate"
        smoke.run(coord, "gui", "--self-test", str(out))
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        check(report["error"] is None, f"self-test: {report['error']}")
        check(report["preview_pages"] >= 1, "the preview has no page")
        check(report["icon_sizes"] == [16, 32, 48, 64, 128, 256], f"icons: {report['icon_sizes']}")
        check(report["translations"]["QFileDialog/Look in:"] == "Cerca in:",
              f"Qt's own dialogs are not in Italian: {report['translations']}")  # fmt: skip
        unlock_text = " ".join(report["texts"]["1-sblocco"])
        check("passphrase" in unlock_text and "Sblocca" in unlock_text,
              f"the unlock screen is not in Italian: {unlock_text}")  # fmt: skip
        shots.mkdir(parents=True, exist_ok=True)
        for name in report["screenshots"]:
            check((out / name).stat().st_size > 5000, f"{name} is blank")
            shutil.copyfile(out / name, shots / name)
        return f"{report['seconds']}, screenshots in {shots}"

    for name, body in (
        ("--version", version),
        ("init (two profiles)", init),
        ("case with a codice fiscale", case_with_tax_code),
        ("visit, closed", visit),
        ("search", search),
        ("print visit-sheet with a password", print_sheet),
        ("monthly hours CSV and PDF", hours),
        ("team and sync through a folder", team),
        ("hand-off export read by age", hand_off),
        ("backup and restore", backup_restore),
        ("check", integrity),
        ("demo data (Faker)", demo_data),
        ("GUI: unlock and print preview", gui),
    ):
        smoke.step(name, body)
        if not smoke.results[-1][1] and name in {"--version", "init (two profiles)"}:
            break  # nothing after can work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", type=Path, help="the built program")
    parser.add_argument("--shots", type=Path, default=ROOT / "build" / "smoke")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    exe = args.executable.resolve()
    for tool in ("age", "age-keygen", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            print(f"missing tool: {tool} (apt install age poppler-utils)", file=sys.stderr)
            return 2
    work = Path(tempfile.mkdtemp(prefix="smoke-"))
    try:
        smoke = Smoke(exe, work, isolated_env(work / "home"))
        day(smoke, args.shots)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    failed = sum(not ok for _, ok, _, _ in smoke.results)
    print(f"{len(smoke.results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
