"""The main window: side navigation, pages, toolbar actions, status bar."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from minorifamiglie.domain.ids import CaseId, VisitId
from minorifamiglie.ui.backup_controller import BackupController
from minorifamiglie.ui.common import filled, plain_label, unhidden
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.sync_controller import SyncController
from minorifamiglie.ui.sync_labels import sync_notices
from minorifamiglie.ui.sync_status import SyncStatusBar
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:  # the hand-off dialogs are imported when first opened, the pages when built
    from minorifamiglie.ui.case_file.view import CaseFileView
    from minorifamiglie.ui.dialogs.handoff_common import JobDialog
    from minorifamiglie.ui.pages.calendar import CalendarPage
    from minorifamiglie.ui.pages.cases import CasesPage
    from minorifamiglie.ui.pages.conflicts import ConflictsPage
    from minorifamiglie.ui.pages.deadlines import DeadlinesPage
    from minorifamiglie.ui.pages.families import FamiliesPage
    from minorifamiglie.ui.pages.hours import HoursReportPage
    from minorifamiglie.ui.pages.projects import CommunityProjectsPage
    from minorifamiglie.ui.pages.sync import SyncPage
    from minorifamiglie.ui.pages.team import TeamPage
    from minorifamiglie.ui.pages.today import TodayPage

NAV_PADDING = 14
NAV_STYLE = f"""
QListWidget#sideNavigation {{ background: #e6e9ee; border-right: 1px solid #c8ccd2;
    padding-top: 6px; outline: 0; }}
QListWidget#sideNavigation::item {{ padding: 9px {NAV_PADDING}px; color: #1f2933; border: 0; }}
QListWidget#sideNavigation::item:hover {{ background: #d5dae1; }}
QListWidget#sideNavigation::item:selected {{ background: #2f6690; color: white; }}
"""
TOOLBAR_STYLE = """
QToolButton { padding: 3px 8px; border: 1px solid transparent; border-radius: 3px; }
QToolButton:hover { background: #dde2e8; border-color: #b9c0c8; }
QToolButton:checked { background: #f2b632; border-color: #b7851a; font-weight: bold; }
"""


class MainWindow(QMainWindow):
    """`today` gives the date the pages count from (fixed by tests and screenshots)."""

    lockRequested = Signal()
    visitModeChanged = Signal(bool)
    preferencesChanged = Signal(object)  # ui.settings.Preferences, saved by the user
    about_dialog: QDialog | None = None
    # Its pages, set as they are built (`_page_builders`).
    today_page: TodayPage
    cases_page: CasesPage
    calendar_page: CalendarPage
    families_page: FamiliesPage
    deadlines_page: DeadlinesPage
    hours_page: HoursReportPage
    projects_page: CommunityProjectsPage
    sync_page: SyncPage
    conflicts_page: ConflictsPage
    team_page: TeamPage
    case_file: CaseFileView
    ambito_dialog: QDialog | None = None

    def __init__(
        self,
        workspace: Workspace,
        info: Any,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        *,
        pages_later: bool = False,
    ) -> None:
        """`pages_later`: the pages are left to `build_next_page` and `finish_pages`."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.workspace = workspace
        self.info = info
        self.today = today
        self.settings_dialog: QDialog | None = None
        self.handoff_dialog: JobDialog | None = None
        self.setWindowTitle(self.tr("Minori e Famiglie"))
        self.nav = self._navigation()
        self.stack = QStackedWidget()
        self._switching = False
        self.pages: list[Page] = []
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_page)
        self.sync = SyncController(workspace, self)
        self.backups = BackupController(workspace, self)
        self._build_actions()
        self.operator_label = plain_label()
        self.busy_label = plain_label()
        self.visit_mode_label = QLabel(self.tr("Visit mode on"))
        self.visit_mode_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.visit_mode_label.setVisible(False)
        # Permanent widgets: a temporary status message never hides who is working.
        self.statusBar().addPermanentWidget(self.visit_mode_label)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.sync_status = SyncStatusBar(self.sync)
        self.sync_status.conflictsRequested.connect(self.show_conflicts)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.statusBar().addPermanentWidget(self.operator_label)
        for signal in (
            self.sync.statusChanged,
            self.sync.syncStarted,
            self.sync.syncFinished,
            self.sync.syncFailed,
        ):
            signal.connect(self._update_sync_action)
        self.sync.syncFinished.connect(self._synced)
        self.backups.backupFinished.connect(self._backed_up)
        self.backups.backupFailed.connect(self._backup_failed)
        # A method of this window, not a lambda: Qt drops the connection with the window,
        # while the runner lives on (a lambda kept calling into a deleted label).
        workspace.runner.busyChanged.connect(self._busy_changed)
        self.editors: list[Any] = []
        if info is not None:  # None: built while the key is derived, told at unlock
            self.set_profile_info(info)
        self._page_steps = self._page_builders()
        if not pages_later:
            self._install_pages()
        self.resize(1280, 720)

    def _busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Working…") if busy else "")

    # ------------------------------------------------------------------ structure
    def _navigation(self) -> QListWidget:
        nav = QListWidget()
        nav.setObjectName("sideNavigation")
        nav.setAccessibleName(self.tr("Navigation"))
        nav.setFrameShape(QFrame.Shape.NoFrame)
        nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav.setStyleSheet(NAV_STYLE)
        font = nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        nav.setFont(font)
        return nav

    def add_page(self, page: Page) -> None:
        self.pages.append(page)
        self.stack.addWidget(page)
        item = QListWidgetItem(page.title())
        item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title())
        self.nav.addItem(item)

    def _install_pages(self) -> None:
        for step in self._page_steps:
            step()

    def build_next_page(self) -> bool:
        """Build the next page, if one is left (`pages_later`): whether any is left after it.
        The application builds them one per turn of the event loop while the passphrase is
        typed, so no pause of the unlock screen is longer than one page's."""
        step = next(self._page_steps, None)
        if step is None:
            return False
        step()
        return True

    def finish_pages(self) -> None:
        """Build the pages still left: they are all there afterwards."""
        self._install_pages()

    def _page_builders(self) -> Iterator[Callable[[], None]]:
        """The steps of building the pages, in the navigation's order, the case file last."""
        from minorifamiglie.ui.pages.calendar import CalendarPage
        from minorifamiglie.ui.pages.cases import CasesPage
        from minorifamiglie.ui.pages.conflicts import ConflictsPage
        from minorifamiglie.ui.pages.deadlines import DeadlinesPage
        from minorifamiglie.ui.pages.families import FamiliesPage
        from minorifamiglie.ui.pages.hours import HoursReportPage
        from minorifamiglie.ui.pages.projects import CommunityProjectsPage
        from minorifamiglie.ui.pages.sync import SyncPage
        from minorifamiglie.ui.pages.team import TeamPage
        from minorifamiglie.ui.pages.today import TodayPage

        ws = self.workspace
        today = self.today
        made: dict[str, Callable[[], Page]] = {
            "today_page": lambda: TodayPage(ws, today=today),
            "cases_page": lambda: CasesPage(ws),
            "calendar_page": lambda: CalendarPage(ws, today=today),
            "families_page": lambda: FamiliesPage(ws, today=today),
            "deadlines_page": lambda: DeadlinesPage(ws, today=today),
            "hours_page": lambda: HoursReportPage(ws, today=today),
            "projects_page": lambda: CommunityProjectsPage(ws, today=today),
            "sync_page": lambda: SyncPage(ws, self.sync),
            "conflicts_page": lambda: ConflictsPage(ws),
            "team_page": lambda: TeamPage(ws),
        }
        for name, make in made.items():
            yield functools.partial(self._install_page, name, make)
        yield self._install_case_file

    def _install_page(self, name: str, make: Callable[[], Page]) -> None:
        page = make()
        setattr(self, name, page)
        self.add_page(page)
        opened = getattr(page, "caseOpened", None)
        if opened is not None:
            opened.connect(self.open_case)
        requested = getattr(page, "visitRequested", None)
        if requested is not None:
            requested.connect(self.open_visit)
        if name == "cases_page":
            self.cases_page.handOverRequested.connect(self.open_hand_over)
            self.cases_page.importRequested.connect(self.open_import)

    def _install_case_file(self) -> None:
        from minorifamiglie.ui.case_file.view import CaseFileView

        ws = self.workspace
        # The case file is not in the navigation: it opens from a list and goes back to it.
        self.case_file = CaseFileView(ws, today=self.today)
        self.case_file.visitRequested.connect(self.open_visit)
        self.case_file.closed.connect(lambda: self.nav.setCurrentRow(1))
        self.case_file.handOverRequested.connect(lambda case_id: self.open_hand_over([case_id]))
        self.stack.addWidget(self.case_file)
        self._fit_navigation()

    def _fit_navigation(self) -> None:
        """As wide as the longest page name (in the current language), no wider."""
        metrics = self.nav.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())),
            default=120,
        )
        self.nav.setFixedWidth(widest + 2 * NAV_PADDING + 12)

    def _show_page(self, row: int) -> None:
        if self._switching:
            return  # the navigation took the focus in the middle of a switch: see _switch_to
        if 0 <= row < len(self.pages):
            self._switch_to(self.pages[row])
            self.pages[row].refresh()

    def _switch_to(self, page: QWidget) -> None:
        """Show one page of the stack, and only that one.

        A page hidden with the focus inside passes the focus on to the next widget in the chain,
        the side navigation, whose focus-in selects its first row: that switched to Oggi in the
        middle of this switch and left two pages drawn. So the focus leaves the old page first
        (parked on the stack), no switch starts inside another, the navigation is set to the
        page shown, and the focus goes into the new page when it was in the old one."""
        focused = QApplication.focusWidget()
        was_inside = focused is not None and self.stack.isAncestorOf(focused)
        if was_inside:
            self.stack.setFocus(Qt.FocusReason.OtherFocusReason)
        self._switching = True
        try:
            self.stack.setCurrentWidget(page)
        finally:
            self._switching = False
        row = self.pages.index(page) if page in self.pages else -1
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            if row < 0:
                self.nav.clearSelection()
            self.nav.blockSignals(False)
        if was_inside:
            _focus_first(page)

    def show_page(self, page: Page) -> None:
        self.nav.setCurrentRow(self.pages.index(page))

    def show_conflicts(self) -> None:
        self.show_page(self.conflicts_page)

    def open_case(self, case_id: CaseId) -> None:
        self._switch_to(self.case_file)
        self.case_file.load(case_id)

    def open_visit(self, case_id: CaseId, visit_id: VisitId | None = None) -> None:
        """Show the editor of a visit (a new one when `visit_id` is None); one window per visit."""
        from minorifamiglie.ui.visit_editor import VisitEditorWindow

        self.editors = [e for e in self.editors if _alive(e)]
        for editor in self.editors:
            if visit_id is not None and editor.visit_id == visit_id:
                editor.showNormal()
                editor.raise_()
                editor.activateWindow()
                return
        self._show_editor(VisitEditorWindow(self.workspace, case_id, visit_id))

    def _show_editor(self, editor: Any) -> None:
        editor.set_visit_mode(self.visit_mode_action.isChecked())
        editor.destroyed.connect(lambda *_: self._forget_editor(editor))
        self.editors.append(editor)
        editor.show()

    def _forget_editor(self, editor: Any) -> None:
        self.editors = [e for e in self.editors if e is not editor]

    def new_visit(self) -> None:
        """Ctrl+N: a new visit for the case on screen; otherwise pick the case first."""
        if self.stack.currentWidget() is self.case_file and self.case_file.case_id is not None:
            self.open_visit(self.case_file.case_id, None)
            return
        self.nav.setCurrentRow(1)
        self.cases_page.focus_search()
        self.statusBar().showMessage(self.tr("Open a case first, then add the visit."), 5000)

    def new_case(self) -> None:
        """Ctrl+Shift+N: the Cartelle page, with its New case dialog."""
        self.show_page(self.cases_page)
        self.cases_page.new_case()

    def focus_search(self) -> None:
        """Ctrl+F from any window: the main window comes forward with the search box."""
        if not self.isActiveWindow():
            if self.isMinimized():
                self.showNormal()
            self.raise_()
            self.activateWindow()
        self.nav.setCurrentRow(1)
        self.cases_page.focus_search()

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Actions"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        # Visit mode must be obvious at a glance: its button stands out while it is on.
        bar.setStyleSheet(TOOLBAR_STYLE)
        self.addToolBar(bar)
        self.lock_action = QAction(self.tr("Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(self.tr("Lock the application (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lockRequested)
        self.visit_mode_action = QAction(self.tr("Visit mode"), self)
        self.visit_mode_action.setCheckable(True)
        self.visit_mode_action.setShortcut(QKeySequence("F9"))
        self.visit_mode_action.setToolTip(
            self.tr("Hide court measures, reports, other persons and other cases (F9)")
        )
        self.visit_mode_action.toggled.connect(self.set_visit_mode)
        self.new_visit_action = QAction(self.tr("New visit"), self)
        self.new_visit_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_visit_action.setToolTip(self.tr("New visit for the open case (Ctrl+N)"))
        self.new_visit_action.triggered.connect(self.new_visit)
        # Ctrl+Shift+N from any page of this window (the Cartelle page has its own button).
        self.new_case_action = QAction(self.tr("New case"), self)
        self.new_case_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_case_action.triggered.connect(self.new_case)
        self.addAction(self.new_case_action)
        self.search_action = QAction(self.tr("Search"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.setToolTip(self.tr("Search the cases (Ctrl+F)"))
        self.search_action.triggered.connect(self.focus_search)
        self.sync_action = QAction(self.tr("Synchronise now"), self)
        self.sync_action.setToolTip(
            self.tr("Send this device's changes to the shared folder and receive the others'")
        )
        self.sync_action.setEnabled(False)
        self.sync_action.triggered.connect(self.sync.sync_now)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setToolTip(
            self.tr("Automatic lock, automatic synchronisation and language")
        )
        self.settings_action.triggered.connect(self.open_settings)
        self.about_action = QAction(self.tr("About"), self)
        self.about_action.setToolTip(
            self.tr("Version, licence and third-party components of Minori e Famiglie")
        )
        self.about_action.triggered.connect(self.open_about)
        self.ambito_action = self._ambito_settings_action()
        for action in (self.new_visit_action, self.search_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.visit_mode_action)
        bar.addAction(self.lock_action)
        bar.addSeparator()
        bar.addAction(self.sync_action)
        bar.addSeparator()
        bar.addAction(self.settings_action)
        bar.addAction(self.ambito_action)
        bar.addAction(self.about_action)
        # Lock, visit mode and search work from every window of the application (a visit
        # editor included), not only while the main window has the focus.
        for action in (self.lock_action, self.visit_mode_action, self.search_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

    def open_settings(self) -> QDialog:
        """The settings dialog (window-modal, not blocking); saving emits preferencesChanged."""
        from minorifamiglie.ui.settings import SettingsDialog

        if self.settings_dialog is not None:
            self.settings_dialog.reject()
        dialog = SettingsDialog(parent=self)
        dialog.preferencesSaved.connect(self._preferences_saved)
        dialog.finished.connect(lambda _result: self._forget_settings(dialog))
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _ambito_settings_action(self) -> QAction:
        """Every operator may read an Ambito's settings; only a coordinator may change them."""
        action = QAction(self.tr("Ambito settings…"), self)
        action.setObjectName("ambitoSettingsAction")
        action.setToolTip(
            self.tr("Hours and deadline rules, cooperative and logo on documents, per Ambito")
        )
        action.triggered.connect(self.open_ambito_settings)
        return action

    def open_ambito_settings(self) -> QDialog | None:
        """Impostazioni dell'Ambito (window-modal, not blocking)."""
        from minorifamiglie.ui.dialogs.ambito_settings import AmbitoSettingsDialog

        if not self.workspace.unlocked:
            return None
        self._close_ambito_settings()
        dialog = AmbitoSettingsDialog(self.workspace, self, self.today())
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.ambito_dialog = dialog
        dialog.open()
        return dialog

    def _close_ambito_settings(self) -> None:
        if self.ambito_dialog is not None and _alive(self.ambito_dialog):
            self.ambito_dialog.reject()
        self.ambito_dialog = None

    def open_about(self) -> QDialog:
        """Informazioni su Minori e Famiglie (window-modal, not blocking)."""
        from minorifamiglie.ui.dialogs.about import AboutDialog

        self._close_about()
        dialog = AboutDialog(self.workspace.root, self.workspace.runner, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.about_dialog = dialog
        dialog.open()
        return dialog

    def _close_about(self) -> None:
        if self.about_dialog is not None and _alive(self.about_dialog):
            self.about_dialog.reject()
        self.about_dialog = None

    # ------------------------------------------------------------------ hand-off
    def open_hand_over(self, case_ids: list[Any]) -> QDialog | None:
        """Passaggio di consegne, with these cases already ticked (window-modal)."""
        from minorifamiglie.ui.dialogs.handoff_export import HandoffExportDialog

        if self.visit_mode_action.isChecked() or not self.workspace.unlocked:
            return None
        return self._open_handoff(HandoffExportDialog(self.workspace, case_ids, self, self.today()))

    def open_import(self) -> QDialog | None:
        from minorifamiglie.ui.dialogs.handoff_import import HandoffImportDialog

        if self.visit_mode_action.isChecked() or not self.workspace.unlocked:
            return None
        dialog = HandoffImportDialog(self.workspace, self)
        dialog.imported.connect(self._imported)
        return self._open_handoff(dialog)

    def _open_handoff(self, dialog: JobDialog) -> JobDialog:
        self._close_handoff()
        dialog.finished.connect(lambda _result: self._forget_handoff(dialog))
        self.handoff_dialog = dialog
        dialog.open()
        return dialog

    def _imported(self, info: Any) -> None:
        self.statusBar().showMessage(
            self.tr("Case files imported: %1").replace("%1", ", ".join(info.codes)), 10000
        )

    def _close_handoff(self) -> None:
        dialog = self.handoff_dialog
        if dialog is not None and _alive(dialog):
            dialog.close_now()
        self.handoff_dialog = None

    def _forget_handoff(self, dialog: QDialog) -> None:
        if self.handoff_dialog is dialog:
            self.handoff_dialog = None
        dialog.deleteLater()

    def _preferences_saved(self, preferences: Any) -> None:
        self.sync.set_interval_minutes(preferences.sync_minutes)
        self.backups.set_schedule(preferences.backup_folder, preferences.backup_days)
        self.preferencesChanged.emit(preferences)

    def _forget_settings(self, dialog: QDialog) -> None:
        if self.settings_dialog is dialog:
            self.settings_dialog = None
        dialog.deleteLater()

    # ------------------------------------------------------------------ sync
    def _update_sync_action(self, *_args: object) -> None:
        self.sync_action.setEnabled(self.sync.in_team and not self.sync.running)

    def _synced(self, report: Any) -> None:
        text = filled(
            self.tr("Synchronised: %1 sent, %2 received."),
            str(report.exported),
            str(report.imported),
        )
        notices = sync_notices(report)
        # A date ahead stays on the status line until the next message: it is read later.
        self.statusBar().showMessage(" ".join([text, *notices]), 0 if notices else 5000)

    def _backed_up(self, info: Any) -> None:
        self.statusBar().showMessage(
            self.tr("Backup saved: %1").replace("%1", info.path.name), 10000
        )

    def _backup_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Backup not saved: %1").replace("%1", message))

    def set_profile_info(self, info: Any) -> None:
        self.info = info
        self.operator_label.setText(unhidden(info.operator.name))

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        if on:
            self._close_handoff()
        for page in self.pages:
            page.set_visit_mode(on)
        self.case_file.set_visit_mode(on)
        for editor in [e for e in self.editors if _alive(e)]:
            editor.set_visit_mode(on)
        self.visitModeChanged.emit(on)
        self.visit_mode_label.setVisible(on)

    def after_unlock(self) -> None:
        from minorifamiglie.ui.visit_editor import reopen_editors

        if self.stack.currentWidget() is self.case_file and self.case_file.case_id is not None:
            self.case_file.load(self.case_file.case_id)
        elif self.nav.currentRow() < 0 and self.pages:
            self.nav.setCurrentRow(0)
        else:
            self._show_page(self.nav.currentRow())
        # Editors open at the last lock, crash or forced quit come back with their drafts.
        reopen_editors(self.workspace, self._show_editor)
        self.sync.start()  # syncs at once if the shared folder is there
        self.backups.start()  # backs up at once if one is due

    def before_lock(self) -> None:
        """Save every open draft (queued before the database closes), then forget the screen."""
        self.sync.stop()
        self.backups.stop()
        self.sync_status.update_view()
        self._update_sync_action()
        for editor in [e for e in self.editors if _alive(e)]:
            editor.save_now()
            editor.close_for_lock()
        self.editors = []
        if self.workspace.unlocked:
            from minorifamiglie.services import drafts

            # After the saves, on the one worker: the next unlock knows that the editors it
            # reopens were closed on purpose, not by a crash.
            self.workspace.write(drafts.editors_closed_cleanly)
        if self.settings_dialog is not None:
            self.settings_dialog.reject()
        self._close_about()
        self._close_ambito_settings()
        self._close_handoff()  # a running export or import still ends on the worker
        for page in self.pages:
            page.clear()
        # The next unlock reads Oggi's data behind the key only if Oggi is what it will show.
        self.workspace.prefetch_on_unlock = self.stack.currentWidget() is self.today_page
        remembered = self.case_file.case_id
        self.case_file.clear()
        self.case_file.case_id = remembered


def _focus_first(page: QWidget) -> None:
    """The focus on the page's own focus widget if it has one, else on its first widget that
    takes the focus by Tab."""
    own = page.focusWidget()
    if own is not None and own.isVisible() and own.isEnabled():
        own.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and page.isAncestorOf(widget):
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisible()
            and widget.isEnabled()
        ):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        widget = widget.nextInFocusChain()
    page.setFocus(Qt.FocusReason.OtherFocusReason)


def _alive(widget: Any) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))
