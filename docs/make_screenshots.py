"""`make screenshots`: every screen of the application, in Italian, as PNG files in
docs/screenshots/ (offscreen, no display needed).

A throwaway demo profile (synthetic data, fixed seed, a cheap KDF) is made in a temporary folder
and the screens are rendered at 1366x768 with a fixed "today", so that the images change only
when the application does. Run with the project's virtualenv:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QMessageLogContext, QRect, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from minorifamiglie.domain.enums import CaseStatus, Role, Service, VisitKind, VisitStatus
from minorifamiglie.services import (
    agenda,
    cases,
    deadlines,
    demo,
    overview,
    profiles,
    syncing,
    visits,
)
from minorifamiglie.services import team as teams
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.queries import CaseFilter
from minorifamiglie.sync import share as shared
from minorifamiglie.ui import i18n
from minorifamiglie.ui.first_run import FirstRunWizard
from minorifamiglie.ui.tasks import TaskRunner
from minorifamiglie.ui.unlock import UnlockWindow
from minorifamiglie.ui.workspace import Workspace

TODAY = dt.date(2025, 12, 10)  # a Wednesday; the week holds the Immacolata (8 December)
WIDTH, HEIGHT = 1366, 768
CASES = 120
CHEAP_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)  # throwaway data
DESKTOP = QColor("#5b6b7a")
TITLE_BAR = QColor("#2e3440")
OUT = Path(__file__).resolve().parent / "screenshots"
PLAN_DAYS = 16  # the demo diary ends today: plan the next weeks' visits, as an educator would
# What is planned for each service, and where.
PLANNED = {
    Service.ADM: (VisitKind.HOME_VISIT, "Domicilio"),
    Service.FRAGILE_FAMILIES: (VisitKind.HOME_VISIT, "Domicilio"),
    Service.AFFIDO: (VisitKind.HOME_VISIT, "Casa della famiglia affidataria"),
    Service.FACILITATED_MEETINGS: (VisitKind.FACILITATED_MEETING, "Spazio incontri"),
    Service.TUTORING: (VisitKind.SCHOOL, "Scuola"),
    Service.TUTELA: (VisitKind.INTERVIEW, "Servizio tutela minori"),
    Service.CARE_LEAVERS: (VisitKind.INTERVIEW, "Sede della cooperativa"),
}
HOLIDAYS = {dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1)}


def quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """The offscreen platform cannot size windows and says so for each one: not our concern."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


class Shooter:
    def __init__(self, app: QApplication, out: Path) -> None:
        self.app = app
        self.out = out
        self.saved: list[Path] = []

    def settle(self, runner: TaskRunner | None = None, rounds: int = 6) -> None:
        """Let the worker finish and the results be drawn (layouts, deferred timers)."""
        deadline = time.monotonic() + 60
        quiet = 0
        while quiet < rounds:
            self.app.processEvents()
            time.sleep(0.02)
            busy = runner is not None and runner.busy
            quiet = 0 if busy else quiet + 1
            if time.monotonic() > deadline:
                raise TimeoutError("the worker did not finish")

    def full(self, widget: QWidget, name: str) -> None:
        """A main window or an editor, filling the 1366x768 screen."""
        self.save(widget.grab(), name)

    def window(self, widget: QWidget, name: str) -> None:
        """A small window (unlock, first start) centred on a plain desktop of 1366x768."""
        shot = widget.grab()
        screen = QPixmap(WIDTH, HEIGHT)
        screen.fill(DESKTOP)
        painter = QPainter(screen)
        bar = 30
        x = (WIDTH - shot.width()) // 2
        y = (HEIGHT - shot.height() - bar) // 2
        painter.fillRect(QRect(x - 1, y - 1, shot.width() + 2, shot.height() + bar + 2), "#222")
        painter.fillRect(QRect(x, y, shot.width(), bar), TITLE_BAR)
        painter.setPen(QColor("white"))
        font = QFont(self.app.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            QRect(x + 12, y, shot.width() - 24, bar),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            widget.windowTitle(),
        )
        painter.drawPixmap(x, y + bar, shot)
        painter.end()
        self.save(screen, name)

    def save(self, pixmap: QPixmap, name: str) -> None:
        path = self.out / name
        if not pixmap.save(str(path)):
            raise OSError(f"cannot write {path}")
        self.saved.append(path)


def call(shooter: Shooter, workspace: Workspace, fn: Callable[[Any], Any]) -> Any:
    """A service call on the worker, as the application makes it; waits for the result."""
    out: list[tuple[bool, Any]] = []
    workspace.call(fn, lambda r: out.append((True, r)), lambda e: out.append((False, e)))
    while not out:
        shooter.app.processEvents()
        time.sleep(0.005)
    ok, value = out[0]
    if not ok:
        raise value
    return value


def plan_ahead(opened: Any) -> None:
    """Planned visits for the coming working days, with a fixed seed."""
    rng = random.Random(20251210)
    open_cases = [
        row
        for row in cases.list_cases(opened, CaseFilter(status=CaseStatus.OPEN))
        if row.service in PLANNED
    ]
    for offset in range(1, PLAN_DAYS + 1):
        day = TODAY + dt.timedelta(days=offset)
        if day.weekday() >= 5 or day in HOLIDAYS:
            continue
        for row in rng.sample(open_cases, rng.randint(3, 6)):
            kind, place = PLANNED[row.service]
            start = rng.randrange(9 * 4, 17 * 4) * 15  # minutes, on the quarter hour
            end = start + rng.choice((60, 90, 120))
            visits.add_visit(
                opened,
                case=row.code,
                date=day,
                start=dt.time(start // 60, start % 60),
                end=dt.time(end // 60, end % 60),
                kind=kind,
                place=place,
                today=TODAY,
            )


def pick_scene(opened: Any) -> dict[str, Any]:
    """The case shown in the case file and the two visits shown in the editor."""
    summary = overview.overview(opened, TODAY)
    assert summary.busiest_case is not None
    case = cases.show_case(opened, summary.busiest_case, TODAY).case
    home = _draft_of(opened, VisitKind.HOME_VISIT)
    meeting = _draft_of(opened, VisitKind.FACILITATED_MEETING, observed=True)
    for row in cases.list_cases(opened, CaseFilter(service=Service.FACILITATED_MEETINGS)):
        if meeting is not None:
            break
        meeting = _visit_of(opened, row.code, VisitKind.FACILITATED_MEETING, observed=True)
    assert home is not None and meeting is not None
    return {"case": case.id, "home": home, "meeting": meeting}


def _draft_of(
    opened: Any, kind: VisitKind, observed: bool = False
) -> tuple[uuid.UUID, uuid.UUID] | None:
    """The latest draft of that kind being written (with notes, and observations if asked)."""
    for item in sorted(agenda.open_drafts(opened, TODAY), key=lambda i: i.date, reverse=True):
        if item.kind is not kind:
            continue
        visit = visits.get_visit(opened, item.visit_id).visit
        if visit.notes and (not observed or visit.observations not in ("", "{}")):
            return item.case_id, item.visit_id
    return None


def _visit_of(
    opened: Any, code: str, kind: VisitKind, observed: bool = False
) -> tuple[uuid.UUID, uuid.UUID] | None:
    """The latest visit of that kind with notes, a draft if there is one."""
    found = [
        v.visit
        for v in visits.list_visits(opened, code, kind)
        if v.visit.notes and (v.visit.observations not in ("", "{}") or not observed)
    ]
    if not found:
        return None
    found.sort(key=lambda v: (v.status is VisitStatus.DRAFT, v.date), reverse=True)
    return found[0].case_id, found[0].id


def build_team(shooter: Shooter, workspace: Workspace, tmp: Path, scene: dict[str, Any]) -> Any:
    """The demo laptop coordinates a team on a shared folder in `tmp`; Marco's laptop was admitted
    and both synchronised; they then changed the same summary (and one deleted a deadline the
    other renamed), so two conflicts wait; Sara's laptop asks to join. Returns Sara's request."""
    share = tmp / "cartella-condivisa"
    share.mkdir()
    marco = _colleague(tmp / "marco", "Marco Locatelli", "portatile-marco")
    case_id = scene["case"]
    try:
        call(shooter, workspace, lambda o: teams.create_team(o, "Équipe Valle Brembana", share))
        teams.join_team(marco, share)
        call(shooter, workspace, lambda o: teams.admit(o, marco.device_id))
        deadline = call(
            shooter,
            workspace,
            lambda o: deadlines.add_deadline(
                o, case_id, title="Relazione di aggiornamento al servizio tutela", due_on=TODAY
            ),
        )
        call(shooter, workspace, syncing.sync)
        syncing.sync(marco)
        call(
            shooter,
            workspace,
            lambda o: cases.edit_case(o, str(case_id), {"summary": SUMMARY_HERE}),
        )
        call(shooter, workspace, lambda o: deadlines.remove_deadline(o, deadline.id))
        time.sleep(0.01)  # Marco writes later: his summary is the one in effect
        cases.edit_case(marco, str(case_id), {"summary": SUMMARY_THERE})
        deadlines.update_deadline(
            marco, deadline.id, title="Relazione di aggiornamento (rinviata a gennaio)"
        )
        syncing.sync(marco)
        call(shooter, workspace, syncing.sync)
        syncing.sync(marco)
    finally:
        marco.close()
    sara = _colleague(tmp / "sara", "Sara Pesenti", "portatile-sara")
    try:
        return teams.join_team(sara, share)
    finally:
        sara.close()


SUMMARY_HERE = (
    "Nucleo monogenitoriale. La madre ha ripreso il lavoro part-time; il minore frequenta con "
    "regolarità la scuola e il centro diurno due pomeriggi a settimana."
)
SUMMARY_THERE = (
    "Nucleo monogenitoriale. La madre ha ripreso il lavoro part-time. Concordato con la "
    "scuola un incontro mensile con l'insegnante di sostegno."
)


def _colleague(root: Path, name: str, device: str) -> Any:
    profiles.init_profile(root, demo.DEMO_PASSPHRASE, name, Role.EDUCATOR, device, CHEAP_KDF)
    return profiles.unlock(root, demo.DEMO_PASSPHRASE)


def shoot_sync(shooter: Shooter, main: Any, request: Any) -> None:
    """Sincronizzazione, Conflitti (both kinds), Équipe, and the dialogs of joining."""
    from minorifamiglie.ui.dialogs.team import FingerprintDialog

    runner = main.workspace.runner
    main.show_page(main.conflicts_page)
    shooter.settle(runner)
    shooter.full(main, "conflitti.png")
    conflicts_page = main.conflicts_page
    for row, conflict in enumerate(conflicts_page.model.rows):
        if conflict.kind == "delete-vs-edit":
            conflicts_page.table.selectRow(row)
            shooter.settle(runner)
            shooter.full(main, "conflitti-eliminazione.png")

    team_page = main.team_page
    main.show_page(team_page)
    shooter.settle(runner)
    for row, device in enumerate(team_page.model.rows):
        if device.status == "pending":
            team_page.table.selectRow(row)
    shooter.settle(runner)
    shooter.full(main, "equipe.png")
    dialog = team_page.admit()
    if dialog is not None:
        shooter.settle(runner)
        shooter.window(dialog, "equipe-ammissione.png")
        dialog.reject()
    fingerprints = FingerprintDialog(
        request.fingerprint, request.coordinator_fingerprint, parent=main
    )
    fingerprints.show()
    shooter.settle(runner)
    shooter.window(fingerprints, "equipe-impronte.png")
    fingerprints.reject()
    fingerprints.deleteLater()

    # A damaged file in Marco's folder of the share: the next synchronisation refuses it.
    status = call(shooter, main.workspace, syncing.status)
    view = call(shooter, main.workspace, teams.show)
    folder = shared.TeamFolder(Path(status.share), view.team_id)
    marco = next(d.device_id for d in view.devices if d.operator == "Marco Locatelli")
    last = max((seq for seq, _path in folder.bundles(marco)), default=0)
    folder.bundle(marco, last + 1).write_bytes(b"file danneggiato durante la copia")
    main.show_page(main.sync_page)
    main.sync.sync_now()
    shooter.settle(runner)
    shooter.full(main, "sincronizzazione.png")


def shoot_handoff(shooter: Shooter, main: Any, scene: dict[str, Any]) -> None:
    """Passaggio di consegne of the scene's case to Marco's laptop (form, summary, done), and
    the check of a file received from the Ambito's social worker, before importing it."""
    from minorifamiglie.services import handoff

    runner = main.workspace.runner
    stick = scene["tmp"] / "chiavetta"
    stick.mkdir()
    dialog = main.open_hand_over([scene["case"]])
    dialog.resize(760, 620)
    shooter.settle(runner)
    dialog.file.setText(str(stick / Path(dialog.file.text()).name))
    shooter.window(dialog, "consegna-scelta.png")
    dialog.check()
    shooter.settle(runner)
    shooter.window(dialog, "consegna-riepilogo.png")
    dialog.export()
    shooter.settle(runner, rounds=20)
    shooter.window(dialog, "consegna-fatta.png")
    dialog.accept()
    shooter.settle(runner)

    def my_recipient(opened: Any) -> str:
        with opened.session() as session:
            return teams.device_keys(session).age_recipient

    recipient = call(shooter, main.workspace, my_recipient)
    social_worker = _colleague(scene["tmp"] / "assistente", "Marta Colombo", "portatile-as")
    received = stick / "dalla-tutela.age"
    try:
        case = cases.add_case(
            social_worker, ambito="VBR", service=Service.TUTELA, minor_name="Nadia Gritti",
            opened_on=TODAY - dt.timedelta(days=90), today=TODAY,
        )  # fmt: skip
        handoff.export_cases(social_worker, [str(case.id)], recipient=recipient, target=received)
    finally:
        social_worker.close()
    dialog = main.open_import()
    dialog.resize(700, 460)
    shooter.settle(runner)
    dialog.file.setText(str(received))
    dialog.check()
    shooter.settle(runner, rounds=20)
    shooter.window(dialog, "importa-controllo.png")
    dialog.reject()
    shooter.settle(runner)


def shoot_start(shooter: Shooter) -> None:
    unlock = UnlockWindow()
    unlock.resize(560, 380)
    unlock.show()
    shooter.settle()
    shooter.window(unlock, "sblocco.png")
    unlock.passphrase.setText("passphrase sbagliata")
    unlock.show_wrong_passphrase(4)
    shooter.settle()
    shooter.window(unlock, "sblocco-errore.png")
    unlock.close()

    wizard = FirstRunWizard()
    wizard.resize(720, 480)
    wizard.show()
    wizard.operator_page.name.setText("Giulia Bianchi")
    wizard.operator_page.device.setText("portatile-giulia")
    shooter.settle()
    shooter.window(wizard, "primo-avvio-operatore.png")
    restore = wizard.open_restore()
    restore.file.setText("/media/chiavetta/minorifamiglie-backup-20251209-183000.mfbk")
    restore.passphrase.setText("cavallo batteria graffetta")
    shooter.settle()
    shooter.window(restore, "primo-avvio-ripristino.png")
    restore.reject()
    wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.passphrase_page
    page.first.setText("cavallo batteria graffetta")
    page.second.setText("cavallo batteria graffetta")
    page.understood.setChecked(True)
    shooter.settle()
    shooter.window(wizard, "primo-avvio-passphrase.png")
    wizard.hide()
    wizard.deleteLater()


def shoot_main(
    shooter: Shooter, workspace: Workspace, info: Any, scene: dict[str, Any], request: Any
) -> None:
    from minorifamiglie.ui.main_window import MainWindow
    from minorifamiglie.ui.pages.calendar import CalendarPage

    runner = workspace.runner
    main = MainWindow(workspace, info, today=lambda: TODAY)
    main.resize(WIDTH, HEIGHT)
    main.show()
    main.after_unlock()
    shooter.settle(runner)

    def page(row: int, name: str) -> None:
        main.nav.setCurrentRow(row)
        shooter.settle(runner)
        shooter.full(main, name)

    page(0, "oggi.png")
    page(1, "cartelle.png")
    main.nav.setCurrentRow(2)
    main.calendar_page.set_mode(CalendarPage.MONTH)
    page(2, "calendario-mese.png")
    main.calendar_page.set_mode(CalendarPage.WEEK)
    page(2, "calendario-settimana.png")
    page(3, "famiglie-affidatarie.png")
    main.families_page.tabs.setCurrentWidget(main.families_page.communities)
    page(3, "comunita.png")
    main.families_page.tabs.setCurrentIndex(0)
    page(4, "scadenze.png")
    page(6, "progetti-di-comunita.png")
    ambito = main.open_ambito_settings()
    if ambito is not None:
        shooter.settle(runner)
        shooter.window(ambito, "impostazioni-ambito.png")
        ambito.reject()

    shoot_case_file(shooter, main, scene)
    shoot_printing(shooter, main, scene)
    shoot_editors(shooter, workspace, scene)
    shoot_sync(shooter, main, request)
    shoot_handoff(shooter, main, scene)

    dialog = main.open_settings()
    shooter.settle(runner)
    shooter.window(dialog, "impostazioni.png")
    dialog.reject()
    shoot_about(shooter, main)

    main.visit_mode_action.setChecked(True)
    page(0, "oggi-modalita-visita.png")
    main.open_case(scene["case"])
    shooter.settle(runner)
    shooter.full(main, "cartella-modalita-visita.png")
    main.visit_mode_action.setChecked(False)
    main.before_lock()
    main.hide()
    main.deleteLater()
    shooter.settle(runner)


def shoot_about(shooter: Shooter, main: Any) -> None:
    """Informazioni, with the licence of SQLAlchemy open."""
    dialog = main.open_about()
    shooter.settle(main.workspace.runner)
    tree = dialog.components
    for row in range(tree.topLevelItemCount()):
        if tree.topLevelItem(row).text(0) == "SQLAlchemy":
            tree.setCurrentItem(tree.topLevelItem(row))
    shooter.settle(main.workspace.runner)
    shooter.window(dialog, "informazioni.png")
    dialog.reject()


def shoot_case_file(shooter: Shooter, main: Any, scene: dict[str, Any]) -> None:
    runner = main.workspace.runner
    case_file = main.case_file
    main.open_case(scene["case"])
    shooter.settle(runner)
    for tab, name in (
        (case_file.persons, "cartella-anagrafica.png"),
        (case_file.measures, "cartella-provvedimenti.png"),
        (case_file.activations, "cartella-interventi.png"),
        (case_file.diary, "cartella-diario.png"),
        (case_file.goals, "cartella-progetto.png"),
        (case_file.deadlines, "cartella-scadenze.png"),
        (case_file.history, "cartella-storico.png"),
    ):
        case_file.tabs.setCurrentWidget(tab)
        shooter.settle(runner)
        shooter.full(main, name)


def shoot_printing(shooter: Shooter, main: Any, scene: dict[str, Any]) -> None:
    """Rendicontazione (the previous month, all ambiti), the period of a case summary and its
    print preview."""
    runner = main.workspace.runner
    main.show_page(main.hours_page)
    shooter.settle(runner)
    shooter.full(main, "rendicontazione.png")

    case_file = main.case_file
    main.open_case(scene["case"])
    shooter.settle(runner)
    period = case_file.print_summary()
    assert period is not None
    shooter.settle(runner)
    shooter.window(period, "sintesi-periodo.png")
    period.submit()
    shooter.settle(runner)
    preview = case_file.printing.launcher.dialog
    assert preview is not None
    preview.resize(1000, 700)
    shooter.settle(runner, rounds=40)  # QPdfView renders its pages in the background
    shooter.window(preview, "anteprima-sintesi.png")
    preview.reject()
    shooter.settle(runner)


def shoot_editors(shooter: Shooter, workspace: Workspace, scene: dict[str, Any]) -> None:
    from minorifamiglie.ui.visit_editor import VisitEditorWindow

    runner = workspace.runner
    for (case_id, visit_id), name in (
        (scene["home"], "visita-domiciliare.png"),
        (scene["meeting"], "incontro-facilitato.png"),
    ):
        editor = VisitEditorWindow(workspace, case_id, visit_id)
        editor.resize(WIDTH, HEIGHT)
        editor.show()
        shooter.settle(runner)
        shooter.full(editor, name)
        editor.autosave_timer.stop()
        editor.hide()
        editor.deleteLater()
        shooter.settle(runner)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNG files go")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(["make_screenshots"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Minori e Famiglie")
    app.setOrganizationName("minorifamiglie")
    app.setStyle("Fusion")
    qInstallMessageHandler(quiet_offscreen)
    QCursor.setPos(WIDTH + 100, HEIGHT + 100)  # no button drawn as hovered
    translators = i18n.install(app, "it")
    shooter = Shooter(app, out)
    shoot_start(shooter)

    with tempfile.TemporaryDirectory(prefix="minorifamiglie-screens-") as tmp:
        root = Path(tmp) / "demo"
        sys.stdout.write(f"Demo profile with {CASES} synthetic cases…\n")
        demo.ensure_demo_profile(root, cases=CASES, today=TODAY, kdf=CHEAP_KDF)
        runner = TaskRunner()
        workspace = Workspace(root, runner)
        unlocked: list[Any] = []
        workspace.unlock(demo.DEMO_PASSPHRASE, unlocked.append, unlocked.append)
        while not unlocked:
            app.processEvents()
            time.sleep(0.01)
        if isinstance(unlocked[0], BaseException):
            raise unlocked[0]
        call(shooter, workspace, plan_ahead)
        scene = call(shooter, workspace, pick_scene)
        scene["tmp"] = Path(tmp)
        request = build_team(shooter, workspace, Path(tmp), scene)
        try:
            shoot_main(shooter, workspace, unlocked[0], scene, request)
        finally:
            workspace.lock()
            runner.wait_idle()
            shooter.settle(runner)
            runner.shutdown()
    del translators
    for path in shooter.saved:
        sys.stdout.write(f"  {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
