"""Minori e Famiglie: offline, encrypted case files for child-protection and family services."""

from importlib.metadata import version as _version

# pyproject.toml is the one place the version is written; the package is always installed
# (editable in development, with its dist-info in the frozen build).
__version__ = _version("minorifamiglie")
