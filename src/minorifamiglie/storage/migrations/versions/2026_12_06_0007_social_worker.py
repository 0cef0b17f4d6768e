"""The pieces of the case a Bergamo social worker expects (issue 14):

- cases: the comune of residence (Belfiore code) and the reason for closing;
- measures: the day a measure ended and how (expired, revoked, replaced, maggiore età);
- placements: why an affido ended;
- service_activations: the partner cooperative of a co-designed service;
- visits: the PEI goals worked on (chosen in the editor), the method behind the evaluations, and
  what the signed documents show, written once at close (a reprint reads the same forever);
- new synchronised tables: ambito_settings (dated rules and cooperative of an Ambito),
  communities and community_placements (comunità beside foster families), goal_actions (actions
  under PEI goals), court_reports (relazioni sent, completing their deadline), and
  community_projects with community_activities (welfare di comunità: hours and participant
  counts, no personal data).

Columns are added with ALTER TABLE ADD COLUMN, nullable: no table is rebuilt, and a row written
before (or by a teammate's older version, or a hand-off file) holds NULL there
(models.ADDED_COLUMNS). New tables start empty.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NEW_TABLES = (
    "goal_actions",
    "court_reports",
    "community_placements",
    "community_activities",
    "community_projects",
    "communities",
    "ambito_settings",
)  # children first, for the downgrade
ADDED = {
    "cases": ("closure_reason", "comune"),
    "measures": ("end_reason", "ended_on"),
    "placements": ("end_reason",),
    "service_activations": ("partner",),
    "visits": ("frozen", "evaluation_method", "goal_ids"),
}


def upgrade() -> None:
    op.create_table(
        "ambito_settings",
        sa.Column("ambito_id", sa.Uuid(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("count_missed", sa.Boolean(), nullable=False),
        sa.Column("count_phone_calls", sa.Boolean(), nullable=False),
        sa.Column("foster_review_months", sa.Integer(), nullable=False),
        sa.Column("placement_max_months", sa.Integer(), nullable=False),
        sa.Column("missing_pei_after_days", sa.Integer(), nullable=False),
        sa.Column("cooperative_name", sa.String(length=200), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ambito_id"], ["ambiti.id"], name=op.f("fk_ambito_settings_ambito_id_ambiti")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ambito_settings")),
    )
    op.create_index(
        op.f("ix_ambito_settings_ambito_id"), "ambito_settings", ["ambito_id"], unique=False
    )
    op.create_table(
        "communities",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "educativa",
                "familiare",
                "mamma-bambino",
                "autonomia",
                "pronto-intervento",
                name="communitykind",
                native_enum=False,
                length=40,
                create_constraint=False,
            ),
            nullable=False,
        ),
        sa.Column("comune", sa.String(length=120), nullable=False),
        sa.Column("ambito_id", sa.Uuid(), nullable=True),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ambito_id"], ["ambiti.id"], name=op.f("fk_communities_ambito_id_ambiti")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communities")),
    )
    op.create_index(op.f("ix_communities_ambito_id"), "communities", ["ambito_id"], unique=False)
    op.create_table(
        "community_projects",
        sa.Column("ambito_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("comune", sa.String(length=120), nullable=False),
        sa.Column("partners", sa.String(length=300), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ambito_id"], ["ambiti.id"], name=op.f("fk_community_projects_ambito_id_ambiti")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_projects")),
    )
    op.create_index(
        op.f("ix_community_projects_ambito_id"), "community_projects", ["ambito_id"], unique=False
    )
    op.create_table(
        "community_activities",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_community_activities_operator_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["community_projects.id"],
            name=op.f("fk_community_activities_project_id_community_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_activities")),
    )
    op.create_index(
        op.f("ix_community_activities_date"), "community_activities", ["date"], unique=False
    )
    op.create_index(
        op.f("ix_community_activities_operator_id"),
        "community_activities",
        ["operator_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_community_activities_project_id"),
        "community_activities",
        ["project_id"],
        unique=False,
    )
    op.create_table(
        "community_placements",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("minor_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column(
            "legal_basis",
            sa.Enum(
                "consensuale",
                "giudiziale",
                name="legalbasis",
                native_enum=False,
                length=40,
                create_constraint=False,
            ),
            nullable=False,
        ),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("planned_end_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "end_reason",
            sa.Enum(
                "rientro-famiglia",
                "adozione",
                "altro-affido",
                "comunita",
                "autonomia",
                "interruzione",
                "altro",
                name="placementend",
                native_enum=False,
                length=40,
                create_constraint=False,
            ),
            nullable=True,
        ),
        sa.Column("last_review_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_community_placements_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_community_placements_community_id_communities"),
        ),
        sa.ForeignKeyConstraint(
            ["minor_id"], ["persons.id"], name=op.f("fk_community_placements_minor_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_placements")),
    )
    op.create_index(
        op.f("ix_community_placements_case_id"), "community_placements", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_community_placements_community_id"),
        "community_placements",
        ["community_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_community_placements_minor_id"), "community_placements", ["minor_id"], unique=False
    )
    op.create_table(
        "court_reports",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("protocol", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_court_reports_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_court_reports_measure_id_measures")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_court_reports_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_reports")),
    )
    op.create_index(op.f("ix_court_reports_case_id"), "court_reports", ["case_id"], unique=False)
    op.create_index(
        op.f("ix_court_reports_measure_id"), "court_reports", ["measure_id"], unique=False
    )
    op.create_index(
        op.f("ix_court_reports_operator_id"), "court_reports", ["operator_id"], unique=False
    )
    op.create_table(
        "goal_actions",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("responsible", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_goal_actions_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_goal_actions_goal_id_goals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_actions")),
    )
    op.create_index(op.f("ix_goal_actions_case_id"), "goal_actions", ["case_id"], unique=False)
    op.create_index(op.f("ix_goal_actions_goal_id"), "goal_actions", ["goal_id"], unique=False)
    op.add_column("cases", sa.Column("comune", sa.String(length=4), nullable=True))
    op.add_column(
        "cases",
        sa.Column(
            "closure_reason",
            sa.Enum(
                "obiettivi-raggiunti",
                "archiviazione",
                "trasferimento-servizio",
                "cambio-residenza",
                "maggiore-eta",
                "adozione",
                "rinuncia",
                "altro",
                name="caseclosure",
                native_enum=False,
                length=40,
                create_constraint=False,
            ),
            nullable=True,
        ),
    )
    op.add_column("measures", sa.Column("ended_on", sa.Date(), nullable=True))
    op.add_column(
        "measures",
        sa.Column(
            "end_reason",
            sa.Enum(
                "scaduto",
                "revocato",
                "sostituito",
                "maggiore-eta",
                name="measureend",
                native_enum=False,
                length=40,
                create_constraint=False,
            ),
            nullable=True,
        ),
    )
    op.add_column(
        "placements",
        sa.Column(
            "end_reason",
            sa.Enum(
                "rientro-famiglia",
                "adozione",
                "altro-affido",
                "comunita",
                "autonomia",
                "interruzione",
                "altro",
                name="placementend",
                native_enum=False,
                length=40,
                create_constraint=False,
            ),
            nullable=True,
        ),
    )
    op.add_column("service_activations", sa.Column("partner", sa.String(length=200), nullable=True))
    op.add_column("visits", sa.Column("goal_ids", sa.Text(), nullable=True))
    op.add_column("visits", sa.Column("evaluation_method", sa.Text(), nullable=True))
    op.add_column("visits", sa.Column("frozen", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in NEW_TABLES:
        op.drop_table(table)
    for table, columns in ADDED.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
