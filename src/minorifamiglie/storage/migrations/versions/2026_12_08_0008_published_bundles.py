"""The bytes of every bundle this device publishes, kept in its own database (sync_published):
a bundle deleted or damaged on the share is put back by its device at its next sync, the very
same bytes, so the readers that had not read it yet go on (before, they waited for it for good:
each reader takes a device's bundles in turn). Bundles published before this revision were not
kept: one of them missing is said, not put back.

A new local table, and a nullable column of sync_bundles (the stamp of each own bundle's file
when last found intact): nothing is rebuilt, nothing synchronised.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_published",
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_sync_published")),
    )
    # the stamp of each own bundle's file, apart from the bytes (models.SyncBundleRow)
    op.add_column("sync_bundles", sa.Column("stamp", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_bundles") as batch:
        batch.drop_column("stamp")
    op.drop_table("sync_published")
