"""GUI fixtures: real widgets offscreen over a real SQLCipher profile, through the real worker."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.ui.qt_gc import QtThreadCollector
from qt_sql_guard import QtThreadSqlGuard
from support.profiles import PASSPHRASE, ProfileCopies

ALLOW_SQL_MARK = "sql_on_qt_thread"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{ALLOW_SQL_MARK}(reason): the test drives SQL through the screens' code on the Qt "
        "thread on purpose; the reason says why",
    )


@pytest.fixture(autouse=True)
def collect_on_qt_thread(qapp: object) -> Iterator[None]:
    """As in the application (ui/qt_gc.py): no cycle is collected on a worker thread while a
    test runs (a widget freed there corrupts the heap); a timer collects on the Qt thread, and
    the test's end collects what is due, on this thread, after every other fixture's end."""
    collector = QtThreadCollector()
    collector.start()
    try:
        yield
    finally:
        collector.stop()


@pytest.fixture(autouse=True)
def sql_guard(request: pytest.FixtureRequest) -> Iterator[QtThreadSqlGuard]:
    """Fails the test when the screens ran SQL on the Qt thread (qt_sql_guard.py): a slot or an
    event handler must go through the worker. The test's own set-up may call the services
    directly. A test that means it is marked `sql_on_qt_thread(reason)`."""
    guard = QtThreadSqlGuard()
    guard.install()
    try:
        yield guard
    finally:
        guard.remove()
    marker = request.node.get_closest_marker(ALLOW_SQL_MARK)
    if marker is not None:
        assert marker.args and str(marker.args[0]).strip(), "say why SQL runs on the Qt thread"
        return
    if guard.violations:
        seen = sorted({str(v) for v in guard.violations})
        pytest.fail(
            "SQL executed on the Qt thread by the screens (move it onto the worker):\n  "
            + "\n  ".join(seen),
            pytrace=False,
        )


@pytest.fixture
def gui_profile(tmp_path: Path, profile_copy: ProfileCopies) -> Path:
    """Giulia Bianchi's profile (an educator), copied from the session's template."""
    return profile_copy(tmp_path / "profilo")


@pytest.fixture
def workspace(qtbot, gui_profile: Path) -> Iterator[object]:
    """An unlocked Workspace on its own TaskRunner; tasks finished when `wait_tasks` returns."""
    from minorifamiglie.ui.tasks import TaskRunner
    from minorifamiglie.ui.workspace import Workspace

    runner = TaskRunner()
    ws = Workspace(gui_profile, runner)
    done: list[object] = []
    ws.unlock(PASSPHRASE, done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert ws.unlocked, done
    yield ws
    ws.lock()
    runner.wait_idle()
    runner.shutdown()


@pytest.fixture
def wait_tasks(qtbot, workspace):
    """Call it to wait until the worker and the file checks are idle and every result was
    delivered on the Qt thread."""

    def wait() -> None:
        from PySide6.QtWidgets import QApplication

        from minorifamiglie.ui.tasks import file_tasks

        files = file_tasks()  # the checks of a folder or a file, which may lead to the worker
        qtbot.waitUntil(lambda: not workspace.runner.busy and not files.busy, timeout=15_000)
        # The layouts the results asked for: a click then lands where the widget is drawn.
        QApplication.processEvents()

    return wait


# The day the screens' tests stand on: the main window's "today" (`main`).
SCREEN_TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def main(qtbot, workspace, wait_tasks, on_worker):
    """The main window over the unlocked workspace, 1280x720, on SCREEN_TODAY, its first
    screens loaded; locked at the end."""
    from minorifamiglie.ui.main_window import MainWindow

    window = MainWindow(workspace, on_worker(profiles.info), today=lambda: SCREEN_TODAY)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.after_unlock()
    wait_tasks()
    yield window
    window.before_lock()
    wait_tasks()


@pytest.fixture(autouse=True)
def settings_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The application's QSettings (idle lock, language) live in a temporary folder: no test
    reads or writes the real home."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder / scope.name))
    return folder


# ---------------------------------------------------------------------------------- teams
@pytest.fixture
def on_worker(qtbot, workspace, wait_tasks):
    """Run `fn(opened)` on the GUI profile, through the worker as the screens do; its result."""

    def run(fn):
        out: list[object] = []
        workspace.call(fn, out.append, out.append)
        wait_tasks()
        assert out and not isinstance(out[0], BaseException), out
        return out[0]

    return run


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """The team's shared folder (a network share, a synchronised folder, a USB stick)."""
    folder = tmp_path / "condivisa"
    folder.mkdir()
    return folder


@pytest.fixture
def colleague(tmp_path: Path, profile_copy: ProfileCopies) -> Iterator[object]:
    """Marco's laptop: another real profile (another device), used directly from the test
    (not by the GUI)."""
    root = profile_copy(tmp_path / "collega", "Marco Locatelli", Role.EDUCATOR, "portatile-marco")
    opened = profiles.unlock(root, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def team_of_two(on_worker, share: Path, colleague):
    """Giulia's profile (the GUI's) coordinates a team on `share`; Marco's device asked to join,
    was admitted, and both synchronised once."""
    from minorifamiglie.services import syncing, team

    on_worker(lambda opened: team.create_team(opened, "Équipe Valle Brembana", share))
    team.join_team(colleague, share)
    on_worker(lambda opened: team.admit(opened, colleague.device_id))
    on_worker(syncing.sync)
    syncing.sync(colleague)
    return colleague


@pytest.fixture
def italian(qapp):
    """The application's Italian translation installed, as the GUI runs for educators."""
    from PySide6.QtCore import QLocale

    from minorifamiglie.ui import i18n, labels

    before = QLocale()
    installed = i18n.install(qapp, "it")
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)
    labels.reset()
