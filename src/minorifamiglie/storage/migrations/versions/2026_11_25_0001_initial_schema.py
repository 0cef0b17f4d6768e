"""Initial schema: the whole first data model (docs/architecture.md §3), the 14 Ambiti and the visit-notes index.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 14:30:04.001432
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

# Frozen copy of the seed: migrations never import the live domain, which will change.
SEED_NAMESPACE = uuid.UUID("6f1d4c2e-3b0a-4e8f-9a51-2c7d8e9f0b13")
SEED_HLC = "000000000000000:000000:" + "0" * 32
AMBITI = (
    ("BG", "Bergamo"),
    ("DAL", "Dalmine"),
    ("SER", "Seriate"),
    ("GRU", "Grumello del Monte"),
    ("VCA", "Valle Cavallina"),
    ("MBS", "Monte Bronzone e Basso Sebino"),
    ("ASE", "Alto Sebino"),
    ("VSE", "Valle Seriana"),
    ("VSS", "Valle Seriana Superiore e Valle di Scalve"),
    ("VBR", "Valle Brembana"),
    ("VIM", "Valle Imagna e Villa d'Almè"),
    ("ISO", "Isola Bergamasca e Bassa Val San Martino"),
    ("TRE", "Treviglio"),
    ("ROM", "Romano di Lombardia"),
)
FTS_COLUMNS = "notes, facts, statements, evaluations, next_steps"
NEW = ", ".join("new." + c for c in FTS_COLUMNS.split(", "))
OLD = ", ".join("old." + c for c in FTS_COLUMNS.split(", "))

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ambiti",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ambiti")),
        sa.UniqueConstraint("code", name=op.f("uq_ambiti_code")),
    )
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(
                "view",
                "create",
                "update",
                "delete",
                "close",
                "amend",
                "export",
                "print",
                "unlock",
                "unlock-failed",
                "passphrase-changed",
                "profile-created",
                name="auditaction",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("insert", "update", "tombstone", name="opkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("replaces", sa.Uuid(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_changes")),
        sa.UniqueConstraint("op_id", name=op.f("uq_changes_op_id")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_entity", ["entity", "entity_id", "seq"], unique=False)

    op.create_table(
        "conflicts",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("field_name", sa.String(length=60), nullable=False),
        sa.Column("local_value", sa.Text(), nullable=False),
        sa.Column("remote_value", sa.Text(), nullable=False),
        sa.Column("local_hlc", sa.String(length=64), nullable=False),
        sa.Column("remote_hlc", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum("aperto", "risolto", name="conflictstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_table(
        "local_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_state")),
    )
    op.create_table(
        "operators",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "educatore",
                "assistente-sociale",
                "coordinatore",
                "psicologo",
                name="role",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operators")),
    )
    op.create_table(
        "persons",
        sa.Column("first_name", sa.String(length=120), nullable=False),
        sa.Column("last_name", sa.String(length=120), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("tax_code", sa.String(length=16), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_tax_code"), ["tax_code"], unique=False)

    op.create_table(
        "cases",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("ambito_id", sa.Uuid(), nullable=False),
        sa.Column(
            "service",
            sa.Enum(
                "tutela",
                "affido",
                "adm",
                "tutoring",
                "incontri-facilitati",
                "neomaggiorenni",
                "famiglie-fragili",
                name="service",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("aperta", "sospesa", "chiusa", name="casestatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "referral_source",
            sa.Enum(
                "autorita-giudiziaria",
                "scuola",
                "servizi-sanitari",
                "forze-ordine",
                "famiglia",
                "servizi-sociali",
                "altro",
                name="referralsource",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ambito_id"], ["ambiti.id"], name=op.f("fk_cases_ambito_id_ambiti")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_ambito_id"), ["ambito_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_code"), ["code"], unique=False)

    op.create_table(
        "devices",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_devices_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
    )
    op.create_table(
        "foster_families",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("comune", sa.String(length=120), nullable=False),
        sa.Column("ambito_id", sa.Uuid(), nullable=True),
        sa.Column(
            "availability",
            sa.Enum(
                "residenziale",
                "part-time",
                "diurno",
                "pronta-accoglienza",
                name="availability",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "in-formazione",
                "in-valutazione",
                "idonea",
                "impegnata",
                "sospesa",
                "ritirata",
                name="fosterfamilystatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("training_completed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ambito_id"], ["ambiti.id"], name=op.f("fk_foster_families_ambito_id_ambiti")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_foster_families")),
    )
    op.create_table(
        "case_members",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "minore",
                "madre",
                "padre",
                "tutore",
                "curatore-speciale",
                "affidatario",
                "fratello-sorella",
                "altro",
                name="memberrole",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_members_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_case_members_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_members")),
    )
    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_members_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_members_person_id"), ["person_id"], unique=False)

    op.create_table(
        "case_operators",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_operators_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_case_operators_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_operators")),
    )
    with op.batch_alter_table("case_operators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_operators_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_operators_operator_id"), ["operator_id"], unique=False
        )

    op.create_table(
        "deadlines",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "relazione-tribunale",
                "verifica-progetto",
                "verifica-semestrale-affido",
                "fine-affido",
                "pei-mancante",
                "manuale",
                name="deadlinekind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_deadlines_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadlines_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadlines_due_on"), ["due_on"], unique=False)

    op.create_table(
        "goals",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "plan",
            sa.Enum("pei", "progetto-quadro", name="plankind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "in-corso",
                "raggiunto",
                "parzialmente-raggiunto",
                "non-raggiunto",
                "sospeso",
                name="goalstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_goals_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goals_case_id"), ["case_id"], unique=False)

    op.create_table(
        "measures",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "authority",
            sa.Enum(
                "tribunale-minorenni",
                "tribunale-ordinario",
                "giudice-tutelare",
                "consensuale",
                name="authority",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "affidamento-servizi",
                "limitazione-responsabilita",
                "decadenza-responsabilita",
                "collocamento-comunita",
                "collocamento-affido",
                "regolamentazione-incontri",
                "art-403",
                "prosieguo-amministrativo",
                "altro",
                name="measurekind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("docket_number", sa.String(length=60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("prescriptions", sa.Text(), nullable=False),
        sa.Column("next_report_due", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_measures_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
    )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measures_case_id"), ["case_id"], unique=False)

    op.create_table(
        "placements",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("minor_id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column(
            "legal_basis",
            sa.Enum("consensuale", "giudiziale", name="legalbasis", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "etero-familiare",
                "intra-familiare",
                name="placementkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "schedule",
            sa.Enum(
                "residenziale",
                "part-time",
                "diurno",
                "pronta-accoglienza",
                name="availability",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("planned_end_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("last_review_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_placements_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["foster_families.id"],
            name=op.f("fk_placements_family_id_foster_families"),
        ),
        sa.ForeignKeyConstraint(
            ["minor_id"], ["persons.id"], name=op.f("fk_placements_minor_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placements_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_family_id"), ["family_id"], unique=False)

    op.create_table(
        "service_activations",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "service",
            sa.Enum(
                "tutela",
                "affido",
                "adm",
                "tutoring",
                "incontri-facilitati",
                "neomaggiorenni",
                "famiglie-fragili",
                name="service",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("authorised_hours", sa.Float(), nullable=False),
        sa.Column(
            "hours_period",
            sa.Enum("settimana", "mese", name="hoursperiod", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_service_activations_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_service_activations_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_activations")),
    )
    with op.batch_alter_table("service_activations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_activations_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "visits",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("activation_id", sa.Uuid(), nullable=True),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "visita-domiciliare",
                "incontro-facilitato",
                "colloquio",
                "accompagnamento",
                "scuola",
                "telefonata",
                "riunione-equipe",
                "stesura-relazione",
                name="visitkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "svolta",
                "annullata-famiglia",
                "annullata-servizio",
                "assenza-non-comunicata",
                name="visitoutcome",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("present_person_ids", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("statements", sa.Text(), nullable=False),
        sa.Column("evaluations", sa.Text(), nullable=False),
        sa.Column("observations", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("bozza", "chiusa", name="visitstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activation_id"],
            ["service_activations.id"],
            name=op.f("fk_visits_activation_id_service_activations"),
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_visits_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_visits_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_date"), ["date"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_attachments_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_attachments_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_case_id"), ["case_id"], unique=False)

    op.create_table(
        "visit_amendments",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_hlc", sa.String(length=64), nullable=False),
        sa.Column("origin_device", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_visit_amendments_operator_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_visit_amendments_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_amendments")),
    )
    with op.batch_alter_table("visit_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_amendments_visit_id"), ["visit_id"], unique=False
        )

    _seed_ambiti()
    _create_visit_index()


def _seed_ambiti() -> None:
    """Every device seeds the same ids, so ambiti never need to sync."""
    table = sa.table(
        "ambiti",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("name", sa.String()),
        sa.column("created_at", sa.String()),
        sa.column("updated_at", sa.String()),
        sa.column("version_hlc", sa.String()),
        sa.column("origin_device", sa.Uuid()),
    )
    epoch = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat(timespec="microseconds")
    op.bulk_insert(
        table,
        [
            {
                "id": uuid.uuid5(SEED_NAMESPACE, f"ambito:{code}"),
                "code": code,
                "name": name,
                "created_at": epoch,
                "updated_at": epoch,
                "version_hlc": SEED_HLC,
                "origin_device": SEED_NAMESPACE,
            }
            for code, name in AMBITI
        ],
    )


def _create_visit_index() -> None:
    """FTS5 over the visit texts, inside the encrypted database (SQLite only, by design).

    A later migration that rebuilds `visits` (batch mode) must recreate these triggers and run
    `INSERT INTO visit_fts(visit_fts) VALUES ('rebuild')`."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        f"CREATE VIRTUAL TABLE visit_fts USING fts5({FTS_COLUMNS}, content='visits', "
        "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER visits_fts_ai AFTER INSERT ON visits BEGIN "
        f"INSERT INTO visit_fts(rowid, {FTS_COLUMNS}) VALUES (new.rowid, {NEW}); END"
    )
    op.execute(
        f"CREATE TRIGGER visits_fts_ad AFTER DELETE ON visits BEGIN "
        f"INSERT INTO visit_fts(visit_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', old.rowid, {OLD}); END"
    )
    op.execute(
        f"CREATE TRIGGER visits_fts_au AFTER UPDATE ON visits BEGIN "
        f"INSERT INTO visit_fts(visit_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', old.rowid, {OLD}); "
        f"INSERT INTO visit_fts(rowid, {FTS_COLUMNS}) VALUES (new.rowid, {NEW}); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("visits_fts_ai", "visits_fts_ad", "visits_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS visit_fts")
    with op.batch_alter_table("visit_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_amendments_visit_id"))

    op.drop_table("visit_amendments")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_case_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_date"))
        batch_op.drop_index(batch_op.f("ix_visits_case_id"))

    op.drop_table("visits")
    with op.batch_alter_table("service_activations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_activations_case_id"))

    op.drop_table("service_activations")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placements_family_id"))
        batch_op.drop_index(batch_op.f("ix_placements_case_id"))

    op.drop_table("placements")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measures_case_id"))

    op.drop_table("measures")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goals_case_id"))

    op.drop_table("goals")
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadlines_due_on"))
        batch_op.drop_index(batch_op.f("ix_deadlines_case_id"))

    op.drop_table("deadlines")
    with op.batch_alter_table("case_operators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_operators_operator_id"))
        batch_op.drop_index(batch_op.f("ix_case_operators_case_id"))

    op.drop_table("case_operators")
    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_members_person_id"))
        batch_op.drop_index(batch_op.f("ix_case_members_case_id"))

    op.drop_table("case_members")
    op.drop_table("foster_families")
    op.drop_table("devices")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_code"))
        batch_op.drop_index(batch_op.f("ix_cases_ambito_id"))

    op.drop_table("cases")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_tax_code"))

    op.drop_table("persons")
    op.drop_table("operators")
    op.drop_table("local_state")
    op.drop_table("conflicts")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index("ix_changes_entity")

    op.drop_table("changes")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_case_id"))

    op.drop_table("audit_events")
    op.drop_table("ambiti")
