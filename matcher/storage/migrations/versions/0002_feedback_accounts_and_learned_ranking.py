"""feedback, accounts and learned ranking

Level evidence and level changes awaiting validation, learned criteria weights per
collective, per-member proposal details and mission outcomes, TOTP and API tokens.
Existing rows get empty defaults (no outcome, no detail).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 16:21:18.318113
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ranking_models",
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_ranking_models_collective_id_collectives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collective_id", name=op.f("pk_ranking_models")),
    )
    op.create_table(
        "level_changes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=False),
        sa.Column("to_level", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("evidence_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_level_changes_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_changes")),
    )
    with op.batch_alter_table("level_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_level_changes_status"), ["status"], unique=False)

    op.create_table(
        "level_evidence",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("earned_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_level_evidence_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_evidence")),
    )
    with op.batch_alter_table("level_evidence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_level_evidence_member_id_skill_id", ["member_id", "skill_id"], unique=False
        )

    with op.batch_alter_table("mission_members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("outcome", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("hours_worked", sa.Double(), nullable=True))

    with op.batch_alter_table("proposal_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("detail", sa.JSON(), nullable=False, server_default="{}"))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("api_token_hash", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("api_token_hash")
        batch_op.drop_column("totp_secret")

    with op.batch_alter_table("proposal_members", schema=None) as batch_op:
        batch_op.drop_column("detail")

    with op.batch_alter_table("mission_members", schema=None) as batch_op:
        batch_op.drop_column("hours_worked")
        batch_op.drop_column("outcome")

    with op.batch_alter_table("level_evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_level_evidence_member_id_skill_id")

    op.drop_table("level_evidence")
    with op.batch_alter_table("level_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_level_changes_status"))

    op.drop_table("level_changes")
    op.drop_table("ranking_models")
