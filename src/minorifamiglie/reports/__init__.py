"""PDF documents (reportlab) drawn from plain dataclasses: no database, no Qt (DESIGN 2)."""
