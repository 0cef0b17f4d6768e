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

from cli_runner import Cli, MakeProfile
from minorifamiglie.domain.enums import Role


@pytest.fixture
def coordinator(make_profile: MakeProfile) -> Path:
    return make_profile(Role.COORDINATOR, "Anna Ferrari")


def show(cli: Cli, *more: str) -> dict[str, object]:
    code, out, err = cli("ambito", "settings", "show", "--ambito", "VBR", "--json", *more)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_settings_are_set_from_a_day_and_shown_as_they_held(
    coordinator: Path, cli: Cli, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "#2f6690").save(image, "PNG")
    logo.write_bytes(image.getvalue())

    code, out, err = cli(
        "ambito", "settings", "set", "--ambito", "vbr", "--from", "01/01/2027",
        "--count-missed", "si", "--missing-pei-days", "45", "--cooperative",
        "Cooperativa Sociale Il Pugno Aperto", "--logo", str(logo),
    )  # fmt: skip
    assert code == 0, err
    assert len(out.strip()) == 36  # the row's id
    assert "in vigore dal 01/01/2027" in err
    code, _out, err = cli(
        "ambito", "settings", "set", "--ambito", "VBR", "--from", "2027-03-01",
        "--count-phone-calls", "no", "--no-logo",
    )  # fmt: skip
    assert code == 0, err

    before = show(cli, "--on", "31/12/2026")
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
    january = show(cli, "--on", "2027-01-15")["in_effect"]
    assert isinstance(january, dict)
    assert (january["valid_from"], january["count_missed"], january["logo"]) == (
        "2027-01-01",
        True,
        "PNG",
    )
    assert january["missing_pei_after_days"] == 45
    march = show(cli, "--on", "01/03/2027")
    assert isinstance(march["in_effect"], dict) and isinstance(march["history"], list)
    assert march["in_effect"]["count_phone_calls"] is False
    assert march["in_effect"]["cooperative_name"] == "Cooperativa Sociale Il Pugno Aperto"
    assert march["in_effect"]["logo"] is None
    assert [h["valid_from"] for h in march["history"]] == ["2027-03-01", "2027-01-01"]
    assert march["can_edit"] is True

    code, out, err = cli("ambito", "settings", "show", "--ambito", "VBR", "--on", "2027-02-01")
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
    cli: Cli,
    argv: list[str],
    code: int,
    says: str,
) -> None:
    assert says in cli.fails(code, "ambito", "settings", "set", "--ambito", "VBR", *argv)
    assert show(cli)["history"] == []


def test_a_file_that_is_not_an_image_is_refused(
    coordinator: Path, cli: Cli, tmp_path: Path
) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("non sono un'immagine", encoding="utf-8")
    refused = cli.fails(
        1, "ambito", "settings", "set", "--ambito", "VBR", "--from", "2027-01-01",
        "--logo", str(fake),
    )  # fmt: skip
    assert refused == "minorifamiglie: Il logo deve essere un'immagine PNG o JPEG"


def test_an_unknown_ambito_is_one_line(coordinator: Path, cli: Cli) -> None:
    assert "Ambito sconosciuto" in cli.fails(1, "ambito", "settings", "show", "--ambito", "XYZ")


def test_an_educator_reads_but_may_not_set(make_profile: MakeProfile, cli: Cli) -> None:
    make_profile(Role.EDUCATOR, "Anna Ferrari")
    refused = cli.fails(
        1, "ambito", "settings", "set", "--ambito", "VBR", "--from", "2027-01-01",
        "--count-missed", "si",
    )  # fmt: skip
    assert refused == (
        "minorifamiglie: Solo il coordinatore può cambiare le impostazioni dell'Ambito"
    )
    data = show(cli)
    assert data["history"] == [] and data["can_edit"] is False


def test_a_missing_logo_is_said_before_the_profile_is_unlocked(
    coordinator: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no passphrase asked for or derived for a mistyped path: with a wrong one as well, the
    # path is the error, and no failed attempt is counted
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", "non è la passphrase")
    refused = cli.fails(
        1, "ambito", "settings", "set", "--ambito", "VBR", "--from", "2027-01-01",
        "--logo", "/nessuno/logo.png",
    )  # fmt: skip
    assert "leggere il file del logo" in refused
