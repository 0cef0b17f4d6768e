"""Minori e Famiglie: offline, encrypted case files for child-protection and family services."""

# pyproject.toml is the one place the version is written; the package is always installed
# (editable in development, with its dist-info in the frozen build). Read when first asked for:
# importlib.metadata (with the email parser) costs every command line call a tenth of a second.


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        found = globals()["__version__"] = version("minorifamiglie")
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
