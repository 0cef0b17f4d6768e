"""What the application is made of: its version and licence, the libraries it runs on and the
third-party components it ships, each with its licence (the Informazioni dialog).

Everything comes from the installed metadata: the version and licence from the distribution
built from pyproject.toml, the components by walking its runtime requirements (extras such as
[test] left out). Licence texts are read only when asked for."""

from __future__ import annotations

import platform
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from minorifamiglie.storage.database import library_versions

APP_DISTRIBUTION = "minorifamiglie"
APP_NAME = "Minori e Famiglie"
NO_LICENCE = "licenza non indicata"
NO_LICENCE_TEXT = "Il testo della licenza non è incluso nel pacchetto di questo componente."
LICENCE_NAMES = {"EUPL-1.2": "European Union Public Licence"}
MAX_TEXT_CHARS = 400_000  # per file: a licence, not a book

_RESOURCES = "minorifamiglie.resources"
_LGPL = ("licenses/LGPL-3.0.txt", "licenses/GPL-3.0.txt")
_DEJAVU_LICENCE = "fonts/LICENSE-DejaVu.txt"
_DEJAVU_FONT = "fonts/DejaVuSans.ttf"
# Distributions whose wheels carry no licence file, and the text that covers them.
_FALLBACK_TEXTS = {"pyside6-essentials": _LGPL, "pyside6-addons": _LGPL, "shiboken6": _LGPL}
_SHORT_LICENCE = 60  # a longer License field is the whole text, not a name

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA_MARKER = re.compile(r"""\bextra\s*==\s*['"]([^'"]+)['"]""")
_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_CODE_SUFFIXES = frozenset({".py", ".pyc", ".pyi", ".pyd", ".so", ".dll", ".dylib"})


@dataclass(frozen=True)
class Component:
    """A third-party part shipped with the application. Its licence text is found in the
    files of `distribution` (a Python distribution) or in `resources` (files shipped in
    minorifamiglie.resources), read by `licence_text`."""

    name: str
    version: str
    licence: str
    distribution: str | None = None
    resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class AboutInfo:
    name: str
    version: str
    licence: str  # SPDX expression, e.g. EUPL-1.2
    licence_name: str  # its full name, "" when unknown
    sqlcipher_version: str
    sqlite_version: str
    python_version: str
    python_implementation: str
    platform: str
    profile_dir: Path
    components: tuple[Component, ...]


def about(profile_dir: Path, qt_version: str = "") -> AboutInfo:
    """The application and what it runs on. `qt_version` comes from the GUI (the only layer
    that imports Qt); without it Qt is left out of the components."""
    app = metadata.distribution(APP_DISTRIBUTION)
    licence = _licence(app.metadata)
    sqlcipher, sqlite = library_versions()
    return AboutInfo(
        name=APP_NAME,
        version=app.version,
        licence=licence,
        licence_name=LICENCE_NAMES.get(licence, ""),
        sqlcipher_version=sqlcipher,
        sqlite_version=sqlite,
        python_version=platform.python_version(),
        python_implementation=platform.python_implementation(),
        platform=f"{platform.system()} {platform.release()} ({platform.machine()})",
        profile_dir=profile_dir,
        components=components(sqlcipher, qt_version),
    )


def components(sqlcipher_version: str = "", qt_version: str = "") -> tuple[Component, ...]:
    """The runtime requirements of the application, recursively, and the parts that are not
    Python distributions (Qt, SQLCipher, the DejaVu fonts), sorted by name."""
    found = [distribution_component(dist) for dist in runtime_distributions(APP_DISTRIBUTION)]
    if qt_version:
        found.append(Component("Qt", qt_version, "LGPL-3.0-only", resources=_LGPL))
    found.append(
        Component(
            "SQLCipher",
            sqlcipher_version.split(" ", maxsplit=1)[0] if sqlcipher_version else "",
            "BSD-3-Clause (Zetetic LLC)",
            resources=("licenses/SQLCipher.txt",),
        )
    )
    found.append(
        Component(
            "DejaVu fonts",
            _font_version(_DEJAVU_FONT),
            "Bitstream Vera Fonts Copyright, Arev Fonts Copyright",
            resources=(_DEJAVU_LICENCE,),
        )
    )
    return tuple(sorted(found, key=lambda c: c.name.casefold()))


def licence_text(component: Component) -> str:
    """The licence texts of a component, read now (the files may be large: call it off the
    GUI thread). Never fails: what cannot be read is said in one line."""
    parts: list[tuple[str, str]] = []
    if component.distribution is not None:
        parts = _distribution_texts(component.distribution)
        if not parts:
            fallback = _FALLBACK_TEXTS.get(_normalise(component.distribution), ())
            parts = _resource_texts(fallback)
    else:
        parts = _resource_texts(component.resources)
    if not parts:
        return NO_LICENCE_TEXT
    if len(parts) == 1:
        return parts[0][1]
    return "\n\n".join(f"===== {title} =====\n\n{text}" for title, text in parts)


# ------------------------------------------------------------------------ requirements
def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str) -> Iterator[metadata.Distribution]:
    """Every installed distribution `root` needs at run time, `root` excluded. A requirement
    guarded by an extra is followed only when that extra was asked for; one that is not
    installed (another platform's, another Python's) is skipped."""
    extras_seen: dict[str, frozenset[str]] = {}
    pending: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    found: dict[str, metadata.Distribution] = {}
    while pending:
        name, extras = pending.pop()
        key = _normalise(name)
        seen = extras_seen.get(key)
        if seen is not None and extras <= seen:
            continue
        extras_seen[key] = (seen or frozenset()) | extras
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if key != _normalise(root):
            found[key] = dist
        pending.extend(_requirements(dist, extras))
    return iter(found.values())


def _requirements(
    dist: metadata.Distribution, extras: frozenset[str]
) -> Iterator[tuple[str, frozenset[str]]]:
    for line in dist.requires or ():
        spec, _, marker = line.partition(";")
        wanted = {_normalise(e) for e in _EXTRA_MARKER.findall(marker)}
        if wanted and not wanted & {_normalise(e) for e in extras}:
            continue
        match = _REQUIREMENT.match(spec)
        if match is None:
            continue
        asked = frozenset(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
        yield match.group(1), asked


# ------------------------------------------------------------------------ licences
def distribution_component(dist: metadata.Distribution) -> Component:
    meta = dist.metadata
    name = _field(meta, "Name").strip() or "?"
    return Component(
        name=name,
        version=dist.version or "",
        licence=_licence(meta),
        distribution=name,
    )


def _licence(meta: metadata.PackageMetadata) -> str:
    """License-Expression, else a short License field, else the licence classifiers."""
    expression = _field(meta, "License-Expression").strip()
    if expression:
        return expression
    field = _field(meta, "License").strip()
    if field and len(field) <= _SHORT_LICENCE and "\n" not in field and field != "UNKNOWN":
        return field
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and not c.endswith(":: OSI Approved")
    ]
    return ", ".join(classifiers) if classifiers else NO_LICENCE


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    values = meta.get_all(key) or []
    return str(values[0]) if values else ""


def _distribution_texts(name: str) -> list[tuple[str, str]]:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return []
    files = [
        f
        for f in dist.files or ()
        if f.suffix.lower() not in _CODE_SUFFIXES
        and (
            _LICENCE_FILE.match(f.name)
            or any(part.lower() in {"licenses", "licences"} for part in f.parts[:-1])
        )
    ]
    # The dist-info's own licence first, then its notices, then the rest (bundled parts).
    files.sort(
        key=lambda f: (
            ".dist-info" not in str(f),
            not re.match(r"^(LICEN[CS]E|COPYING)", f.name, re.IGNORECASE),
            str(f),
        )
    )
    texts = []
    for f in files:
        text = _read(Path(str(f.locate())))
        if text:
            texts.append((f.name, text))
    return texts


def _resource_texts(names: tuple[str, ...]) -> list[tuple[str, str]]:
    texts = []
    root = resources.files(_RESOURCES)
    for name in names:
        try:
            text = root.joinpath(name).read_bytes()[:MAX_TEXT_CHARS].decode("utf-8", "replace")
        except OSError:
            continue
        if text.strip():
            texts.append((name.rsplit("/", 1)[-1], text))
    return texts


def _read(path: Path) -> str:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_TEXT_CHARS)
    except OSError:
        return ""
    return data.decode("utf-8", "replace").strip()


def _font_version(name: str) -> str:
    """fontRevision of the font's `head` table (16.16 fixed point), e.g. "2.37"."""
    try:
        data = resources.files(_RESOURCES).joinpath(name).read_bytes()
        (tables,) = struct.unpack_from(">H", data, 4)
        for i in range(tables):
            tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            if tag == b"head":
                (revision,) = struct.unpack_from(">i", data, offset + 4)
                return f"{revision / 65536:.2f}"
    except (OSError, struct.error):
        return ""
    return ""
