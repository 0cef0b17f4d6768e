"""PDF documents (reportlab) drawn from plain dataclasses: no database, no Qt
(docs/architecture.md §2)."""
