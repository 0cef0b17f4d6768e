"""`ambito settings show|set` as a script uses them: the coordinator sets an Ambito's rules from a
day (dates as typed in Italy or in ISO), `show` reads what held on any day, as text or JSON; a
bad value is one line and exit 2 (usage) or 1 (refused), and nothing is written; an educator's
profile is refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.storage.keyfile import KdfParams

PASSPHRASE = "cavallo batteria graffetta"
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("minorifamiglie")
    return lines[0]


def make_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: Role) -> Path:
    root = tmp_path / role.value
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)
    profiles.init_profile(root, PASSPHRASE, "Anna Ferrari", role, kdf=FAST_KDF)
    return root


@pytest.fixture
def coordinator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_profile(tmp_path, monkeypatch, Role.COORDINATOR)


def show(capsys: pytest.CaptureFixture[str], *more: str) -> dict[str, object]:
    code, out, err = run(capsys, "ambito", "settings", "show", "--ambito", "VBR", "--json", *more)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_settings_are_set_from_a_day_and_shown_as_they_held(
    coordinator: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "#2f6690").save(image, "PNG")
    logo.write_bytes(image.getvalue())

    code, out, err = run(
        capsys, "ambito", "settings", "set", "--ambito", "vbr", "--from", "01/01/2027",
        "--count-missed", "si", "--missing-pei-days", "45", "--cooperative",
        "Cooperativa Sociale Il Pugno Aperto", "--logo", str(logo),
    )  # fmt: skip
    assert code == 0, err
    assert len(out.strip()) == 36  # the row's id
    assert "in vigore dal 01/01/2027" in err
    code, _out, err = run(
        capsys, "ambito", "settings", "set", "--ambito", "VBR", "--from", "2027-03-01",
        "--count-phone-calls", "no", "--no-logo",
    )  # fmt: skip
    assert code == 0, err

    before = show(capsys, "--on", "31/12/2026")
    assert before["in_effect"] == {
        "valid_from": None,
        "count_missed": False,
        "count_phone_calls": True,
        "foster_review_months": 6,
        "placement_max_months": 24,
        "missing_pei_after_days": 60,
        "cooperative_name": "Cooperativa sociale del Consorzio Solco Città Aperta",
        "cooperative_of_this_device": True,
        "logo": None,
        "logo_bytes": None,
    }
    january = show(capsys, "--on", "2027-01-15")["in_effect"]
    assert isinstance(january, dict)
    assert (january["valid_from"], january["count_missed"], january["logo"]) == (
        "2027-01-01",
        True,
        "PNG",
    )
    assert january["missing_pei_after_days"] == 45
    march = show(capsys, "--on", "01/03/2027")
    assert isinstance(march["in_effect"], dict) and isinstance(march["history"], list)
    assert march["in_effect"]["count_phone_calls"] is False
    assert march["in_effect"]["cooperative_name"] == "Cooperativa Sociale Il Pugno Aperto"
    assert march["in_effect"]["logo"] is None
    assert [h["valid_from"] for h in march["history"]] == ["2027-03-01", "2027-01-01"]
    assert march["can_edit"] is True

    code, out, err = run(
        capsys, "ambito", "settings", "show", "--ambito", "VBR", "--on", "2027-02-01"
    )
    assert (code, err) == (0, "")
    assert (
        "Ambito VBR — Valle Brembana: impostazioni in vigore il 01/02/2027 (dal 01/01/2027)" in out
    )
    assert "Assenze non comunicate contate come ore: sì" in out
    assert "ADM senza PEI segnalata dopo: 45 giorni" in out
    assert "Storico:" in out and " * dal 01/01/2027" in out


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["--from", "31/02/2027", "--count-missed", "si"], 2, "non è un giorno del calendario"),
        (["--from", "2027-01-01", "--count-missed", "forse"], 2, "invalid choice"),
        (["--from", "2027-01-01", "--foster-review-months", "sei"], 2, "numero intero"),
        (["--from", "2027-01-01"], 2, "nessuna impostazione"),
        (["--from", "2027-01-01", "--logo", "x.png", "--no-logo"], 2, "not allowed with"),
        (["--from", "2027-01-01", "--foster-review-months", "36"], 1, "da 1 a 24"),
        (["--from", "2027-01-01", "--logo", "/nessuno/logo.png"], 1, "leggere il file del logo"),
    ],
)
def test_a_bad_value_is_one_line_and_nothing_is_written(
    coordinator: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    says: str,
) -> None:
    got, out, err = run(capsys, "ambito", "settings", "set", "--ambito", "VBR", *argv)
    assert (got, out) == (code, "")
    assert says in one_line(err)
    assert show(capsys)["history"] == []


def test_a_file_that_is_not_an_image_is_refused(
    coordinator: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("non sono un'immagine", encoding="utf-8")
    code, _out, err = run(
        capsys, "ambito", "settings", "set", "--ambito", "VBR", "--from", "2027-01-01",
        "--logo", str(fake),
    )  # fmt: skip
    assert code == 1
    assert one_line(err) == "minorifamiglie: Il logo deve essere un'immagine PNG o JPEG"


def test_an_unknown_ambito_is_one_line(
    coordinator: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "ambito", "settings", "show", "--ambito", "XYZ")
    assert code == 1
    assert "Ambito sconosciuto" in one_line(err)


def test_an_educator_reads_but_may_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_profile(tmp_path, monkeypatch, Role.EDUCATOR)
    code, _out, err = run(
        capsys, "ambito", "settings", "set", "--ambito", "VBR", "--from", "2027-01-01",
        "--count-missed", "si",
    )  # fmt: skip
    assert code == 1
    assert one_line(err) == (
        "minorifamiglie: Solo il coordinatore può cambiare le impostazioni dell'Ambito"
    )
    data = show(capsys)
    assert data["history"] == [] and data["can_edit"] is False
