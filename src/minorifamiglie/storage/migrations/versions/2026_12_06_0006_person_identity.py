"""Persons: sex (F/M, as the codice fiscale has it), birthplace (the Belfiore code of a comune
or foreign state), citizenship (ISO 3166-1 alpha-2) and the flag of a minore straniero non
accompagnato (MSNA); and codici fiscali stored canonical.

The four columns are added with ALTER TABLE ADD COLUMN, nullable: no table is rebuilt, and a
person written before (by this device, a teammate's older version, a hand-off file) holds NULL,
which `check` reads as "never written" (models.ADDED_COLUMNS).

The codici fiscali typed with punctuation before this revision ("RTOGLI-20C55A794P", 17
characters in a 16-character column) are made canonical by a data step, not here: a rewrite in
plain SQL would log no operation, so `check` would read the rows as tampered with and teammates
would never receive the canonical code. This revision only marks the step as pending; the next
opening of the profile runs it through the ORM, logged and audited (storage/data_steps.py). A
value that is no valid code even then is kept as it is: the case file shows it as to verify.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PENDING_KEY = "pending_canonical_tax_codes"  # storage/data_steps.py


def upgrade() -> None:
    op.add_column(
        "persons",
        sa.Column(
            "sex",
            sa.Enum("F", "M", name="sex", native_enum=False, length=40, create_constraint=False),
            nullable=True,
        ),
    )
    op.add_column("persons", sa.Column("birthplace", sa.String(length=4), nullable=True))
    op.add_column("persons", sa.Column("citizenship", sa.String(length=2), nullable=True))
    op.add_column("persons", sa.Column("msna", sa.Boolean(), nullable=True))
    local_state = sa.table("local_state", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.execute(local_state.insert().values(key=PENDING_KEY, value=revision))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM local_state WHERE key = :key").bindparams(key=PENDING_KEY))
    with op.batch_alter_table("persons") as batch:
        for column in ("msna", "citizenship", "birthplace", "sex"):
            batch.drop_column(column)
