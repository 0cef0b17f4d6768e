"""`gui`: the application (the default command), its demo profile and its self-test."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from minorifamiglie.cli.common import add_output_argument, profile_dir, read_passphrase
from minorifamiglie.domain.errors import DomainError


def cmd_gui(args: argparse.Namespace) -> int:
    from minorifamiglie import portable

    if portable.no_display():
        raise DomainError(
            "Nessuno schermo disponibile (né DISPLAY né WAYLAND_DISPLAY): l'applicazione si apre "
            "solo su un desktop; da qui si usano i comandi (minorifamiglie --help)"
        )
    # The demo service (Faker, the whole storage stack: 0.6 s of imports) only for --demo: the
    # unlock screen is drawn before the database layers are imported.
    root = profile_dir(args)
    hint = None
    if args.demo:
        from minorifamiglie.config import demo_profile_dir
        from minorifamiglie.services import demo

        root, hint = demo_profile_dir(), demo.DEMO_PASSPHRASE
        if not (root / "profile.json").exists():
            demo.ensure_demo_profile(root)
    if args.self_test:
        if not (root / "profile.json").exists():
            raise DomainError(f"Nessun profilo in {root}: la prova di funzionamento ne vuole uno")
        passphrase = hint or read_passphrase(args)
        from minorifamiglie.ui import self_test

        return self_test.run(root, passphrase, Path(args.self_test), args.language or "it")
    from minorifamiglie.ui.app import run

    return run(root, language=args.language, demo_hint=hint)


def add_commands(sub: Any) -> None:
    s = sub.add_parser("gui", help="apre l'applicazione (comando predefinito)")
    s.add_argument("--demo", action="store_true", help="apre il profilo dimostrativo")
    add_output_argument(
        s,
        "--self-test",
        dest="self_test",
        metavar="DIR",
        help="prova di funzionamento: sblocca, apre l'anteprima di stampa di una visita chiusa "
        "e scrive in DIR le schermate e report.json, poi esce (0 se tutto funziona)",
    )
    s.add_argument(
        "--language", choices=["it", "en"], help="lingua (altrimenti quella delle impostazioni)"
    )
    s.set_defaults(handler=cmd_gui)
