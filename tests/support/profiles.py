"""Real SQLCipher profiles for the tests, made with a cheap KDF.

Making a profile costs about 0.3 s (the schema's migrations, most of it); copying one costs a
few milliseconds. `ProfileCopies` keeps one template per (operator, role, device name), made
the first time a test asks for it in the session, and copies it into the test's folder.

A copy keeps the template's identity: its device id, operator id and master key. Copies of
different templates may meet in one test (a team, a hand-off): every template is a device of
its own, and no two share a device tag (the coordinator refuses a second device with the same
tag, rightly: their case codes could collide). A second copy of the same template in one test
is refused: such a test makes the other profile with `fresh_profile`."""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.services.case_refs import device_tag
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.profile import OpenProfile

PASSPHRASE = "cavallo batteria graffetta"
# Cheap Argon2id for the tests that are not about the KDF; the real parameters are tested apart.
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)

OPERATOR = "Giulia Bianchi"
DEVICE = "portatile-test"

_Key = tuple[str, Role, str]


def fresh_profile(
    root: Path,
    operator: str = OPERATOR,
    role: Role = Role.EDUCATOR,
    device: str = DEVICE,
    passphrase: str = PASSPHRASE,
) -> Path:
    """A new profile at `root`, with a device id, an operator id and a master key of its own."""
    profiles.init_profile(root, passphrase, operator, role, device, kdf=FAST_KDF)
    return root


class ProfileTemplates:
    """The session's templates, made on first use under `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[_Key, Path] = {}
        self._tags: set[str] = set()

    def template(self, key: _Key) -> Path:
        if key not in self._made:
            operator, role, device = key
            root = self.folder / f"template-{len(self._made)}"
            while True:
                info = profiles.init_profile(root, PASSPHRASE, operator, role, device, kdf=FAST_KDF)
                tag = device_tag(info.device_id)
                if tag not in self._tags:
                    break
                shutil.rmtree(root)
            self._tags.add(tag)
            self._made[key] = root
        return self._made[key]


_SESSION: list[ProfileTemplates] = []


def session_templates() -> ProfileTemplates:
    """The templates of this test process (each xdist worker has its own), in a temporary
    folder removed when the process ends; the `profile_templates` fixture is this."""
    if not _SESSION:
        folder = Path(tempfile.mkdtemp(prefix="minorifamiglie-templates-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _SESSION.append(ProfileTemplates(folder))
    return _SESSION[0]


def template_copy(
    root: Path, operator: str = OPERATOR, role: Role = Role.EDUCATOR, device: str = DEVICE
) -> Path:
    """A copy at `root` of the session's template for (operator, role, device): for a fixture
    of a module or of the session, which `profile_copy` (one test's) cannot serve. Copies of
    the same template share its identity: one per test folder, as `ProfileCopies` says."""
    shutil.copytree(session_templates().template((operator, role, device)), root, symlinks=True)
    return root


@contextlib.contextmanager
def scene_profile(factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, OpenProfile]]:
    """`with scene_profile(tmp_path_factory, "check") as (root, opened):` a copy of the
    session's usual template, unlocked while a module's fixture writes its scene into it
    through the services, closed after. Each test then works on its own copy of `root`."""
    root = template_copy(factory.mktemp(name) / "profilo")
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        yield root, opened
    finally:
        opened.close()


class ProfileCopies:
    """`copies(root, operator, role, device)`: a copy of the template at `root` (which must not
    hold anything yet), for one test. The same template twice in one test is refused: the two
    profiles would be the same device (use `fresh_profile` for the second)."""

    def __init__(self, templates: ProfileTemplates) -> None:
        self.templates = templates
        self._given: set[_Key] = set()

    def __call__(
        self,
        root: Path,
        operator: str = OPERATOR,
        role: Role = Role.EDUCATOR,
        device: str = DEVICE,
    ) -> Path:
        key = (operator, role, device)
        assert key not in self._given, (
            f"a second copy of the profile {key} in one test would share its device id and "
            "master key with the first: make it with support.profiles.fresh_profile"
        )
        self._given.add(key)
        if root.exists():
            assert not any(root.iterdir()), f"{root} is not empty"
            root.rmdir()
        shutil.copytree(self.templates.template(key), root, symlinks=True)
        return root
