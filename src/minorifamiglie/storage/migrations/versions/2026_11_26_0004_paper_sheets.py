"""Paper sheets: every blank visit sheet printed for a case, so the handwritten sheet is matched
to its case by the id in its QR code, and followed until it is transcribed into the diary or
destroyed. A synchronised table: the équipe sees which sheets are still around.

A new table only: nothing is rebuilt.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXED = ("case_id", "printed_by", "transcribed_visit_id")


def upgrade() -> None:
    op.create_table(
        "paper_sheets",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "stampata",
                "trascritta",
                "distrutta",
                name="sheetstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("printed_by", sa.Uuid(), nullable=False),
        sa.Column("transcribed_visit_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_paper_sheets_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["printed_by"], ["operators.id"], name=op.f("fk_paper_sheets_printed_by_operators")
        ),
        sa.ForeignKeyConstraint(
            ["transcribed_visit_id"],
            ["visits.id"],
            name=op.f("fk_paper_sheets_transcribed_visit_id_visits"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_sheets")),
    )
    for column in INDEXED:
        op.create_index(f"ix_paper_sheets_{column}", "paper_sheets", [column], unique=False)


def downgrade() -> None:
    for column in INDEXED:
        op.drop_index(f"ix_paper_sheets_{column}", table_name="paper_sheets")
    op.drop_table("paper_sheets")
