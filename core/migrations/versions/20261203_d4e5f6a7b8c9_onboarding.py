"""Onboarding: programmes, eligibility rules, applications, history, outbox

Programme tables, not workspace tables: plain ids, no row-level security.
Seeds the default programme and its eligibility rules.

Revision ID: d4e5f6a7b8c9
Revises: e5f6a7b8c9d0
Create Date: 2026-12-03 18:30:28.926029
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from core.ids import new_id

revision = "d4e5f6a7b8c9"
down_revision = "e5f6a7b8c9d0"
branch_labels = None
depends_on = None

STATUSES = (
    "APPLIED",
    "ELIGIBLE",
    "INELIGIBLE",
    "APPROVED",
    "REJECTED",
    "PROVISIONED",
    "TRAINED",
    "ACTIVE",
    "GRADUATED",
    "DROPPED",
)
OPEN_STIR_WHERE = sa.text("status <> 'REJECTED'")

# The default programme's rules as they stood when this migration was
# written; later changes are data, made in the console or by a migration.
DEFAULT_RULES = [
    ("stir_format", {}),
    ("max_employees", {"max": 100}),
    ("max_turnover", {"max": 10_000_000_000}),
    ("allowed_sectors", {"codes": list("ACEFGHIJLMNPQRS")}),
    (
        "allowed_regions",
        {
            "codes": [
                "UZ-AN",
                "UZ-BU",
                "UZ-JI",
                "UZ-QA",
                "UZ-NW",
                "UZ-NG",
                "UZ-SA",
                "UZ-SU",
                "UZ-SI",
                "UZ-TK",
                "UZ-TO",
                "UZ-FA",
                "UZ-XO",
                "UZ-QR",
            ]
        },
    ),
    (
        "allowed_legal_forms",
        {"codes": ["yatt", "mchj", "ok", "xk", "fermer", "dehqon", "kooperativ"]},
    ),
]


def _status(nullable: bool, name: str) -> sa.Column:
    return sa.Column(
        name,
        sa.Enum(*STATUSES, name="applicationstatus", native_enum=False, length=20),
        nullable=nullable,
    )


def upgrade():
    op.create_table(
        "programmes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("code", name=op.f("uq_programmes_code")),
    )

    op.create_table(
        "applications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("business_name", sa.String(length=200), nullable=False),
        sa.Column("stir", sa.String(length=9), nullable=False),
        sa.Column("legal_form", sa.String(length=20), nullable=False),
        sa.Column("sector", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("district", sa.String(length=10), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("turnover", sa.BigInteger(), nullable=False),
        sa.Column("owner_name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        _status(False, "status"),
        sa.Column("assigned_consultant_id", sa.Uuid(), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_consultant_id"],
            ["users.id"],
            name=op.f("fk_applications_assigned_consultant_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_applications_programme_id_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_applications_tenant_id_tenants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("reference", name=op.f("uq_applications_reference")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        for column in (
            "assigned_consultant_id",
            "district",
            "programme_id",
            "sector",
            "stir",
        ):
            batch_op.create_index(
                batch_op.f(f"ix_applications_{column}"), [column], unique=False
            )
        batch_op.create_index(
            "ix_applications_status_region", ["status", "region"], unique=False
        )
        batch_op.create_index(
            "ix_applications_created_at", ["created_at"], unique=False
        )
        # A firm may apply again only once its earlier application was rejected.
        batch_op.create_index(
            "uq_applications_open_stir",
            ["stir"],
            unique=True,
            sqlite_where=OPEN_STIR_WHERE,
            postgresql_where=OPEN_STIR_WHERE,
        )

    rules = op.create_table(
        "eligibility_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_eligibility_rules_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_rules")),
    )
    with op.batch_alter_table("eligibility_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_eligibility_rules_programme_id"),
            ["programme_id"],
            unique=False,
        )

    op.create_table(
        "eligibility_results",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.String(length=80), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_eligibility_results_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["eligibility_rules.id"],
            name=op.f("fk_eligibility_results_rule_id_eligibility_rules"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_results")),
    )
    with op.batch_alter_table("eligibility_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_eligibility_results_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "status_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        _status(True, "from_status"),
        _status(False, "to_status"),
        sa.Column("by_user_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_status_changes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_status_changes_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_changes_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "invitations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("sets_password", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_invitations_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_invitations_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_invitations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitations_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column(
            "channel",
            sa.Enum("EMAIL", "SMS", name="channel", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "SENT",
                "FAILED",
                name="deliverystatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_outbox_application_id_applications"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_status"), ["status"], unique=False)

    _seed_default_programme(rules)


def _seed_default_programme(rules: sa.Table) -> None:
    programmes = sa.table(
        "programmes",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("name", sa.String()),
        sa.column("active", sa.Boolean()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    programme_id = new_id()
    op.bulk_insert(
        programmes,
        [
            {
                "id": programme_id,
                "code": "raqamli-biznes",
                "name": "Raqamli biznes",
                "active": True,
                "created_at": datetime.now(UTC),
            }
        ],
    )
    op.bulk_insert(
        rules,
        [
            {
                "id": new_id(),
                "programme_id": programme_id,
                "kind": kind,
                "parameters": parameters,
                "order": (n + 1) * 10,
                "active": True,
            }
            for n, (kind, parameters) in enumerate(DEFAULT_RULES)
        ],
    )


def downgrade():
    op.drop_table("outbox")
    op.drop_table("invitations")
    op.drop_table("status_changes")
    op.drop_table("eligibility_results")
    op.drop_table("eligibility_rules")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_applications_open_stir",
            sqlite_where=OPEN_STIR_WHERE,
            postgresql_where=OPEN_STIR_WHERE,
        )
    op.drop_table("applications")
    op.drop_table("programmes")
