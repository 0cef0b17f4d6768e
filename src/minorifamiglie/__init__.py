"""Minori e Famiglie: offline, encrypted case files for child-protection and family services."""

__version__ = "0.1.0"
