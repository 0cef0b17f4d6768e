"""Alembic migrations, shipped inside the package and applied when a profile is unlocked."""
