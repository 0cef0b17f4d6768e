"""An unexpected error in the GUI is reported without its message (it may quote personal data)."""

from __future__ import annotations

import sys

import pytest

from minorifamiglie.ui.app import quiet_excepthook


def test_the_report_names_the_error_type_and_place_but_not_its_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given an error whose message quotes a row value
    try:
        raise ValueError("Mario Rossi RSSMRA80A01H501U")
    except ValueError:
        exc_type, exc, tb = sys.exc_info()
    # When the application's hook reports it
    assert exc_type is not None and exc is not None
    quiet_excepthook(exc_type, exc, tb)
    err = capsys.readouterr().err
    # Then the type and the code location are there, the data is not
    assert "ValueError" in err and "test_excepthook.py" in err
    assert "Mario" not in err and "RSSMRA" not in err
