"""The Italian translation (the default language): complete, up to date with the sources, compiled
into the .qm that ships, and used by the widgets."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from minorifamiglie.domain import enums

REPO = Path(__file__).resolve().parents[2]
UI = REPO / "src" / "minorifamiglie" / "ui"
TS = REPO / "src" / "minorifamiglie" / "resources" / "translations" / "minorifamiglie_it.ts"
QM = TS.with_suffix(".qm")
TOOLS = Path(sys.executable).parent
# As `make translations` runs them.
LUPDATE_ARGS = (
    "-silent",
    "-extensions",
    "py",
    "-no-obsolete",
    "-locations",
    "relative",
    "-source-language",
    "en",
    "-target-language",
    "it_IT",
)
# Enums whose Italian wording is in domain/enums.py: the GUI must say the same.
WORDED = (
    enums.Role,
    enums.Service,
    enums.ReferralSource,
    enums.MemberRole,
    enums.Sex,
    enums.Authority,
    enums.MeasureKind,
    enums.VisitKind,
    enums.VisitOutcome,
    enums.PlanKind,
    enums.DeadlineKind,
    enums.CaseStatus,
    enums.VisitStatus,
    enums.GoalStatus,
    enums.FosterFamilyStatus,
    enums.Availability,
    enums.LegalBasis,
    enums.PlacementKind,
    enums.CaseClosure,
    enums.MeasureEnd,
    enums.CommunityKind,
    enums.PlacementEnd,
)

Key = tuple[str, str, str]  # context, source, disambiguation


def tool(name: str) -> Path:
    path = TOOLS / name
    if not path.exists():
        pytest.skip(f"{name} is not installed next to {sys.executable}")
    return path


def messages(ts: Path) -> dict[Key, ET.Element]:
    found: dict[Key, ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""), message.findtext("comment", ""))
            found[key] = message
    return found


def test_every_message_is_translated() -> None:
    found = messages(TS)
    assert len(found) > 500
    unfinished, empty = [], []
    for key, message in found.items():
        translation = message.find("translation")
        assert translation is not None, key
        if translation.get("type") is not None:  # unfinished, obsolete, vanished
            unfinished.append(key)
        if message.get("numerus") == "yes":
            forms = [form.text or "" for form in translation.iter("numerusform")]
            if len(forms) != 2 or not all(f.strip() for f in forms):  # Italian: one, many
                empty.append(key)
        elif not (translation.text or "").strip():
            empty.append(key)
    assert unfinished == []
    assert empty == []


def test_the_ts_is_up_to_date_with_the_sources(tmp_path: Path) -> None:
    """A new or changed tr() string without its Italian fails here: run `make translations`
    and translate it."""
    fresh = tmp_path / "fresh_it.ts"
    subprocess.run(
        [str(tool("pyside6-lupdate")), *LUPDATE_ARGS, str(UI), "-ts", str(fresh)],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    in_sources, committed = set(messages(fresh)), set(messages(TS))
    assert sorted(in_sources - committed) == [], "not in the .ts: run `make translations`"
    assert sorted(committed - in_sources) == [], "no longer in the sources"


def test_the_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "it.qm"
    subprocess.run(
        [str(tool("pyside6-lrelease")), "-silent", str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == QM.read_bytes(), "run `make translations`"


@pytest.fixture
def language(qapp: QApplication) -> Iterator[object]:
    """Installs a language as the application does, and removes it afterwards: the other GUI
    tests read the English source strings."""
    from minorifamiglie.ui import i18n, labels

    before = QLocale()
    installed: list[QTranslator] = []

    def install(code: str) -> None:
        installed.extend(i18n.install(qapp, code))

    yield install
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)
    labels.reset()


def test_the_unlock_screen_speaks_italian_by_default(qtbot, language) -> None:
    from minorifamiglie.ui.unlock import UnlockWindow

    language("it")
    window = UnlockWindow()
    qtbot.addWidget(window)
    assert window.button.text() == "Sblocca"
    assert window.windowTitle() == "Minori e Famiglie — Sblocca"
    window.show_wrong_passphrase(1)
    assert window.error.text() == "Passphrase errata. Nuovo tentativo tra 1 secondo."


def test_and_english_on_request(qtbot, language) -> None:
    from minorifamiglie.ui.unlock import UnlockWindow

    language("en")
    window = UnlockWindow()
    qtbot.addWidget(window)
    assert window.button.text() == "Unlock"


def test_the_labels_say_what_the_domain_says(language) -> None:
    from minorifamiglie.ui.labels import label

    language("it")
    for enum in WORDED:
        for member in enum:
            assert label(member) == member.label(), member
    # Same English word, two genders: a case file is "sospesa", a goal "sospeso".
    assert label(enums.CaseStatus.SUSPENDED) == "Sospesa"
    assert label(enums.GoalStatus.DROPPED) == "Sospeso"
    assert label(enums.CaseStatus.CLOSED) == "Chiusa"
    assert label(enums.VisitStatus.CLOSED) == "Chiusa e firmata"


def test_synchronisation_speaks_italian(language) -> None:
    from PySide6.QtCore import QCoreApplication

    from minorifamiglie.ui.case_file.history import action_label
    from minorifamiglie.ui.sync_labels import field_label, outcome_label, refusal_language

    language("it")
    assert action_label(enums.AuditAction.SYNC) == "Sincronizzato"
    assert action_label(enums.AuditAction.TEAM) == "Équipe modificata"
    assert action_label(enums.AuditAction.CONFLICT_RESOLVED) == "Conflitto risolto"
    assert outcome_label("partial") == "Parziale: alcuni file rifiutati"
    assert field_label("cases", "summary") == "Sintesi della cartella"
    assert refusal_language() == "it"
    changes = QCoreApplication.translate("SyncStatusBar", "%n change(s) to send", "", 3)
    assert changes == "3 modifiche da inviare"
    one = QCoreApplication.translate("SyncStatusBar", "%n change(s) to send", "", 1)
    assert one == "1 modifica da inviare"


def test_the_notices_of_dates_ahead_and_waiting_edits_speak_italian(qtbot, language) -> None:
    from minorifamiglie.services.syncing import SyncReport
    from minorifamiglie.ui.sync_labels import held_notice, sync_notices

    language("it")
    assert held_notice(1) == (
        "1 modifica ricevuta ha una data nel futuro: sarà applicata quando l'orologio la raggiunge."
    )
    assert held_notice(3) == (
        "3 modifiche ricevute hanno una data nel futuro: saranno applicate quando l'orologio la "
        "raggiunge."
    )
    own, released = sync_notices(SyncReport(released=2, own_clock_ahead=2), with_held=False)[::-1]
    assert own.startswith("2 modifiche di questo dispositivo portano una data sbagliata")
    assert released.startswith("2 modifiche in attesa della loro data sono state applicate")
    # The restore notice (AppController's context), singular and plural
    source = (
        "%n changes are waiting for their record: they will arrive with the next synchronisation."
    )
    assert QCoreApplication.translate("AppController", source, "", 2) == (
        "2 modifiche in attesa della loro scheda: arriveranno con la prossima sincronizzazione."
    )
    assert QCoreApplication.translate("AppController", source, "", 1) == (
        "1 modifica in attesa della sua scheda: arriverà con la prossima sincronizzazione."
    )
