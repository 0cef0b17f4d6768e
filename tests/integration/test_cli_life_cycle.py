"""Ages and life cycle from the command line (issue 14): an age that does not fit the service is
one line on stderr with exit 0; `measure end`, `measure report-sent`, `measure list`; closing a
case asks `--reason`. Dates are typed day first or as scripts do."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from cli_runner import Cli
from minorifamiglie.domain.enums import Authority, MeasureKind
from minorifamiglie.services import profiles, records
from support.profiles import PASSPHRASE

TODAY = dt.date.today()  # the command line reckons on the real day: dates relative to it


def years_ago(years: int, days: int = 0) -> dt.date:
    return TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28)) - dt.timedelta(days=days)


def it(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def add_measure(root: Path, case: str, due: dt.date) -> uuid.UUID:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        return records.add_measure(
            opened,
            case,
            authority=Authority.JUVENILE_COURT,
            kind=MeasureKind.ENTRUSTMENT,
            issued_on=TODAY - dt.timedelta(days=200),
            next_report_due=due,
        ).id
    finally:
        opened.close()


def test_an_adult_in_an_adm_case_is_one_warning_line_and_exit_0(cli: Cli, ready: Path) -> None:
    code, out, err = cli(
        "case", "add", "--ambito", "VBR", "--service", "adm",
        "--minor", "Marco Bianchi", "--birth-date", it(years_ago(19)),
    )  # fmt: skip
    assert code == 0
    uuid.UUID(out.strip())
    [line] = err.splitlines()
    assert line == (
        "attenzione: Età non coerente con il servizio Assistenza domiciliare minori: 19 anni, "
        "ma è un servizio per minorenni e non c'è un prosieguo amministrativo in corso."
    )
    assert "Marco" not in err and "Bianchi" not in err


def test_changing_the_service_of_a_child_to_neomaggiorenni_warns(cli: Cli, ready: Path) -> None:
    code, out, err = cli(
        "case", "add", "--ambito", "VBR", "--service", "tutela",
        "--minor", "Giulia Rota", "--birth-date", years_ago(10).isoformat(),
    )  # fmt: skip
    assert (code, err) == (0, "")
    case = out.strip()
    code, out, err = cli("case", "edit", case, "--set", "service=neomaggiorenni")
    assert (code, out.strip()) == (0, case)
    assert err.splitlines() == [
        "attenzione: Età non coerente con il servizio Neomaggiorenni: 10 anni, ma è un servizio "
        "per chi ha compiuto 18 anni e non ancora 21."
    ]
    # the 18th birthday is a deadline of the case, and named in it
    shown = json.loads(cli("case", "show", case, "--json")[1])
    [coming] = [d for d in shown["deadlines"] if d["kind"] == "maggiore-eta"]
    assert coming["title"].endswith(f"18 anni il {it(years_ago(10).replace(year=TODAY.year + 8))}")


def test_closing_a_case_needs_its_reason(cli: Cli, ready: Path) -> None:
    code, out, _err = cli("case", "add", "--ambito", "VBR", "--service", "adm")
    case = out.strip()
    code, out, err = cli("case", "edit", case, "--set", "status=chiusa")
    assert (code, out) == (1, "")
    [line] = err.splitlines()
    assert line.startswith("minorifamiglie: Per chiudere la cartella indicare il motivo: --reason ")
    assert "obiettivi-raggiunti" in line and "maggiore-eta" in line
    code, out, err = cli(
        "case", "edit", case, "--set", "status=chiusa", "--reason", "trasferimento-servizio"
    )
    assert (code, out.strip(), err) == (0, case, "")
    shown = json.loads(cli("case", "show", case, "--json")[1])
    assert (shown["status"], shown["closure_reason"]) == ("chiusa", "trasferimento-servizio")
    assert "  Motivo della chiusura: Passaggio ad altro servizio\n" in cli("case", "show", case)[1]
    # an unknown reason is a usage error; both forms at once too
    code, _out, err = cli("case", "edit", case, "--reason", "boh")
    assert code == 2 and "--reason" in err
    code, _out, err = cli(
        "case", "edit", case, "--reason", "adozione", "--set", "closure_reason=adozione"
    )
    assert code == 2 and "indicarne uno solo" in err


def test_a_report_sent_then_the_measure_ended(cli: Cli, ready: Path) -> None:
    code, out, _err = cli("case", "add", "--ambito", "VBR", "--service", "tutela")
    case = out.strip()
    due = TODAY + dt.timedelta(days=10)
    measure = add_measure(ready, case, due)
    # When the report is recorded as sent yesterday (typed day first), with the next one's date
    sent_on = TODAY - dt.timedelta(days=1)
    following = due + dt.timedelta(days=180)
    code, out, err = cli(
        "measure", "report-sent", str(measure), "--on", it(sent_on),
        "--protocol", "2026/1187", "--next-due", following.isoformat(),
    )  # fmt: skip
    assert (code, err) == (0, "")
    report = uuid.UUID(out.strip())
    # Then the list says who sent it and when, and the deadline it completed
    code, out, err = cli("measure", "list", "--case", case, "--json")
    [listed] = json.loads(out)
    assert listed["next_report_due"] == following.isoformat()
    [sent] = listed["reports_sent"]
    assert (sent["id"], sent["sent_on"], sent["due_on"]) == (
        str(report),
        sent_on.isoformat(),
        due.isoformat(),
    )
    assert (sent["protocol"], sent["operator_name"]) == ("2026/1187", "Giulia Bianchi")
    code, out, _err = cli("measure", "list", "--case", case)
    assert f"relazione inviata il {it(sent_on)} da Giulia Bianchi (scadenza {it(due)})" in out
    # the same deadline cannot be reported twice
    code, out, err = cli(
        "measure", "report-sent", str(measure), "--on", it(TODAY), "--due", it(due)
    )
    assert (code, out) == (1, "")
    assert "già inviata" in err
    # When the measure is revoked, its next report is no longer a deadline
    code, out, err = cli("measure", "end", str(measure), "--reason", "revocato")
    assert (code, out.strip(), err) == (0, str(measure), "")
    shown = json.loads(cli("case", "show", case, "--json")[1])
    assert [(d["due_on"], d["done_on"]) for d in shown["deadlines"]] == [
        (due.isoformat(), sent_on.isoformat())
    ]
    code, out, _err = cli("measure", "list", "--case", case)
    assert f"cessato il {it(TODAY)} (revocato)" in out
    shown_text = cli("case", "show", case)[1]
    assert (
        f"  Scadenza {it(due)}: Relazione di aggiornamento al Tribunale "
        f"(completata il {it(sent_on)} da Giulia Bianchi)\n" in shown_text
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["measure", "end", "ID"],  # no --reason
        ["measure", "end", "ID", "--reason", "dimenticato"],
        ["measure", "end", "ID", "--reason", "revocato", "--on", "31/02/2026"],
        ["measure", "report-sent", "ID"],  # no --on
        ["measure", "report-sent", "ID", "--on", "ieri"],
        ["measure", "list"],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(cli: Cli, ready: Path, argv: list[str]) -> None:
    code, out, err = cli(*argv)
    assert (code, out) == (2, "")
    assert "Traceback" not in err


def test_an_unknown_measure_is_a_user_error(cli: Cli, ready: Path) -> None:
    missing = str(uuid.UUID(int=7))
    code, out, err = cli("measure", "end", missing, "--reason", "scaduto")
    assert (code, out, err) == (1, "", "minorifamiglie: Provvedimento non trovato\n")
    code, out, err = cli("measure", "report-sent", missing, "--on", it(TODAY))
    assert (code, out, err) == (1, "", "minorifamiglie: Provvedimento non trovato\n")
