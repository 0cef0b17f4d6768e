"""The frozen program ships only the Faker locales the demo uses (packaging/minorifamiglie.spec,
KEEP_LOCALES): a locale added to the demo's origins but left out of the build made
`demo-data` fail in the installed program only ("Invalid configuration for faker locale")."""

from __future__ import annotations

import ast
from pathlib import Path

from minorifamiglie.services.demo_names import ORIGINS

SPEC = Path(__file__).resolve().parents[2] / "packaging" / "minorifamiglie.spec"


def kept_locales() -> set[str]:
    for node in ast.walk(ast.parse(SPEC.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "KEEP_LOCALES" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError("no KEEP_LOCALES in the spec")


def test_every_locale_of_the_demo_ships_in_the_frozen_program() -> None:
    used = {"it_IT"} | {o.locale for o in ORIGINS.values() if o.locale is not None}
    assert used <= kept_locales(), used - kept_locales()
