"""The case file (cartella): header and tabs; see view.CaseFileView."""

from minorifamiglie.ui.case_file.view import CaseFileView

__all__ = ["CaseFileView"]
