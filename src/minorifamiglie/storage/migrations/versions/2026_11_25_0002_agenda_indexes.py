"""Indexes for the agenda: drafts by status and date, report and review due dates.

Measured on the 2,000-case demo profile: the drafts of Oggi took 350 ms scanning every visit
(their notes included); with (status, date) they are read from the index alone.
Indexes only: no table is rebuilt, so the visit-notes FTS triggers stay as they are.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_visits_status_date", "visits", ["status", "date"], unique=False)
    op.create_index("ix_measures_next_report_due", "measures", ["next_report_due"], unique=False)
    op.create_index("ix_goals_review_on", "goals", ["review_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_goals_review_on", table_name="goals")
    op.drop_index("ix_measures_next_report_due", table_name="measures")
    op.drop_index("ix_visits_status_date", table_name="visits")
