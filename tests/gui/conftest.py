"""GUI fixtures: real widgets offscreen over a real SQLCipher profile, through the real worker."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.ui.qt_gc import QtThreadCollector
from qt_sql_guard import QtThreadSqlGuard
from support.profiles import PASSPHRASE, ProfileCopies, template_copy

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
def gui_profile(
    request: pytest.FixtureRequest, tmp_path: Path, profile_copy: ProfileCopies
) -> Path:
    """Giulia Bianchi's profile (an educator), copied from the session's template; in a test
    of `team_of_two`, copied from the session's team instead (her device the coordinator's)."""
    if TEAM_OF_TWO in request.fixturenames:
        team: TeamTemplate = request.getfixturevalue("team_template")
        share: Path = request.getfixturevalue("share")
        return team.copy(team.giulia, tmp_path / "profilo", share)
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
def share(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The team's shared folder (a network share, a synchronised folder, a USB stick): empty,
    or in a test of `team_of_two` a copy of the session's team folder."""
    folder = tmp_path / "condivisa"
    if TEAM_OF_TWO in request.fixturenames:
        team: TeamTemplate = request.getfixturevalue("team_template")
        shutil.copytree(team.share, folder, symlinks=True)
    else:
        folder.mkdir()
    return folder


@pytest.fixture
def colleague(
    request: pytest.FixtureRequest, tmp_path: Path, profile_copy: ProfileCopies
) -> Iterator[object]:
    """Marco's laptop: another real profile (another device), used directly from the test
    (not by the GUI); in a test of `team_of_two`, his copy of the session's team."""
    if TEAM_OF_TWO in request.fixturenames:
        team: TeamTemplate = request.getfixturevalue("team_template")
        share: Path = request.getfixturevalue("share")
        root = team.copy(team.marco, tmp_path / "collega", share)
    else:
        root = profile_copy(
            tmp_path / "collega", "Marco Locatelli", Role.EDUCATOR, "portatile-marco"
        )
    opened = profiles.unlock(root, PASSPHRASE)
    yield opened
    opened.close()


TEAM_OF_TWO = "team_of_two"
TEAM_NAME = "Équipe Valle Brembana"


@dataclass(frozen=True)
class TeamTemplate:
    """Giulia's and Marco's profiles and their team's folder, made once in the session."""

    giulia: Path
    marco: Path
    share: Path

    def copy(self, profile: Path, root: Path, share: Path) -> Path:
        """A copy of `profile` at `root`, its team's folder now `share` (a copy of the
        template's: `share`'s fixture made it)."""
        from minorifamiglie.services import team

        shutil.copytree(profile, root, symlinks=True)
        opened = profiles.unlock(root, PASSPHRASE)
        try:
            team.set_share(opened, share.resolve())
        finally:
            opened.close()
        return root


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> TeamTemplate:
    """Giulia (copied from the session's template, as `gui_profile`) coordinates a team on a
    folder of its own; Marco's device (as `colleague`) asked to join, was admitted, and both
    synchronised once: the steps `team_of_two` used to take in every test, through the same
    services, in the same order. Each test copies the three folders."""
    from minorifamiglie.services import syncing, team

    folder = tmp_path_factory.mktemp("team-of-two")
    share = folder / "condivisa"
    share.mkdir()
    giulia = template_copy(folder / "profilo")
    marco = template_copy(folder / "collega", "Marco Locatelli", Role.EDUCATOR, "portatile-marco")
    coordinator = profiles.unlock(giulia, PASSPHRASE)
    try:
        other = profiles.unlock(marco, PASSPHRASE)
        try:
            team.create_team(coordinator, TEAM_NAME, share)
            team.join_team(other, share)
            team.admit(coordinator, other.device_id)
            syncing.sync(coordinator)
            syncing.sync(other)
        finally:
            other.close()
    finally:
        coordinator.close()
    return TeamTemplate(giulia, marco, share)


@pytest.fixture
def team_of_two(workspace, share: Path, colleague):
    """Giulia's profile (the GUI's) coordinates a team on `share`; Marco's device asked to join,
    was admitted, and both synchronised once: copies of the session's `team_template`, which
    `gui_profile`, `share` and `colleague` give in a test of this fixture."""
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
