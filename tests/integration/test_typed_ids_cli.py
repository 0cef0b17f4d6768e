"""A record's id typed on the command line becomes an id of its kind in one place,
services/case_refs.typed_id (issue 15, point 7): text that is no id is refused as before, in
one line that says what was expected and does not repeat what was typed (it may be a name)."""

from __future__ import annotations

import pytest

from cli_runner import Cli

pytestmark = pytest.mark.usefixtures("ready")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("measure", "end", "Luca Rota", "--reason", "revocato"), "Identificativo non valido"),
        (("measure", "report-sent", "Luca Rota", "--on", "02/03/2026"),
         "Provvedimento: identificativo non valido"),
        (("goal", "action", "done", "Luca Rota"), "Identificativo non valido"),
        (("activation", "edit", "Luca Rota", "--hours", "3"), "Identificativo non valido"),
        (("community", "end", "Luca Rota", "--reason", "altro"), "Identificativo non valido"),
    ],
)  # fmt: skip
def test_text_that_is_no_id_is_refused_in_one_line(
    cli: Cli, argv: tuple[str, ...], says: str
) -> None:
    line = cli.fails(1, *argv)
    assert says in line
    assert "Luca" not in line
