"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 14:00:10.779389
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("detail", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "networks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_networks")),
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("label_fr", sa.String(length=1000), nullable=False),
        sa.Column("label_en", sa.String(length=1000), nullable=False),
        sa.Column("synonyms_fr", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("domain", sa.String(length=64), nullable=False),
        sa.Column("parent", sa.String(length=64), nullable=True),
        sa.Column("esco_uri", sa.String(length=255), nullable=True),
        sa.Column("rome_code", sa.String(length=16), nullable=True),
        sa.Column("hazards", sa.JSON(), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
    )
    op.create_table(
        "collectives",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("network_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("territory", sa.String(length=255), nullable=False),
        sa.Column("season", sa.String(length=255), nullable=False),
        sa.Column("fairness_policy", sa.String(length=32), nullable=False),
        sa.Column("default_weekly_hour_cap", sa.Double(), nullable=False),
        sa.Column("licences", sa.JSON(), nullable=False),
        sa.Column("honorability_required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_collectives_network_id_networks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collectives")),
    )
    op.create_table(
        "batch_runs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=True),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("code_version", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("duration_seconds", sa.Double(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_batch_runs_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_runs")),
    )
    with op.batch_alter_table("batch_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_batch_runs_week"), ["week"], unique=False)

    op.create_table(
        "members",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("contract_start", sa.Date(), nullable=True),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("home_zone", sa.String(length=64), nullable=False),
        sa.Column("mobility", sa.String(length=32), nullable=False),
        sa.Column("max_travel_minutes", sa.Integer(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("desired_hours_min", sa.Double(), nullable=False),
        sa.Column("desired_hours_max", sa.Double(), nullable=False),
        sa.Column("accommodations", sa.JSON(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"], ["collectives.id"], name=op.f("fk_members_collective_id_collectives")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_members_collective_id"), ["collective_id"], unique=False
        )

    op.create_table(
        "requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.String(length=5000), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("estimated_person_hours", sa.Double(), nullable=True),
        sa.Column("team_size_min", sa.Integer(), nullable=False),
        sa.Column("team_size_max", sa.Integer(), nullable=False),
        sa.Column("learning_slots", sa.Integer(), nullable=False),
        sa.Column("hazards", sa.JSON(), nullable=False),
        sa.Column("licence_required", sa.String(length=64), nullable=True),
        sa.Column("private_home", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_requests_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
    )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_requests_collective_id"), ["collective_id"], unique=False
        )

    op.create_table(
        "availabilities",
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("weekday", sa.String(length=3), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_availabilities_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_availabilities")),
    )
    with op.batch_alter_table("availabilities", schema=None) as batch_op:
        batch_op.create_index("ix_availabilities_member_id", ["member_id"], unique=False)

    op.create_table(
        "learning_wishes",
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_learning_wishes_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "skill_id", name=op.f("pk_learning_wishes")),
    )
    with op.batch_alter_table("learning_wishes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_wishes_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "member_private",
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("legal_name", sa.String(length=255), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("contact", sa.String(length=255), nullable=False),
        sa.Column("parental_authorisation_date", sa.Date(), nullable=True),
        sa.Column("parental_authorisation_ref", sa.String(length=255), nullable=False),
        sa.Column("honorability_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_private_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_private")),
    )
    op.create_table(
        "member_skills",
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.String(length=32), nullable=False),
        sa.Column("evidence_ref", sa.String(length=255), nullable=False),
        sa.Column("last_practised", sa.Date(), nullable=True),
        sa.Column("validated_by", sa.String(length=64), nullable=True),
        sa.Column("validated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_skills_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "skill_id", name=op.f("pk_member_skills")),
    )
    with op.batch_alter_table("member_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "pairs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("mentor_id", sa.String(length=64), nullable=False),
        sa.Column("learner_id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("sessions_held", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["members.id"],
            name=op.f("fk_pairs_learner_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["members.id"],
            name=op.f("fk_pairs_mentor_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairs")),
    )
    op.create_table(
        "passions",
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_passions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_passions")),
    )
    with op.batch_alter_table("passions", schema=None) as batch_op:
        batch_op.create_index("ix_passions_member_id", ["member_id"], unique=False)

    op.create_table(
        "proposals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("batch_run_id", sa.String(length=64), nullable=True),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("score_breakdown", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_run_id"], ["batch_runs.id"], name=op.f("fk_proposals_batch_run_id_batch_runs")
        ),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_proposals_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_proposals_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposals_collective_id"), ["collective_id"], unique=False
        )

    op.create_table(
        "request_sessions",
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_sessions_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_request_sessions")),
    )
    with op.batch_alter_table("request_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_sessions_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_request_sessions_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "required_skills",
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("min_level", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("optional", sa.Boolean(), nullable=False),
        sa.Column("hazards", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_required_skills_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "skill_id", name=op.f("pk_required_skills")),
    )
    op.create_table(
        "unavailabilities",
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=True),
        sa.Column("end", sa.Time(), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_unavailabilities_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_unavailabilities")),
    )
    with op.batch_alter_table("unavailabilities", schema=None) as batch_op:
        batch_op.create_index("ix_unavailabilities_member_id", ["member_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("login", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("collective_id", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"], ["collectives.id"], name=op.f("fk_users_collective_id_collectives")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_users_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    )
    op.create_table(
        "missions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_missions_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_missions_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missions")),
    )
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_missions_request_id"), ["request_id"], unique=False)

    op.create_table(
        "proposal_members",
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_proposal_members_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_members_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "member_id", name=op.f("pk_proposal_members")),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=5000), nullable=False),
        sa.Column("mission_id", sa.String(length=64), nullable=True),
        sa.Column("pair_id", sa.String(length=64), nullable=True),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_feedback_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_feedback_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_feedback_pair_id_pairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_table(
        "hours",
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("mission_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_hours_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"], ["missions.id"], name=op.f("fk_hours_mission_id_missions")
        ),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_hours")),
    )
    with op.batch_alter_table("hours", schema=None) as batch_op:
        batch_op.create_index("ix_hours_member_id_date", ["member_id", "date"], unique=False)

    op.create_table(
        "mission_members",
        sa.Column("mission_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_mission_members_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_mission_members_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mission_id", "member_id", name=op.f("pk_mission_members")),
    )


def downgrade() -> None:
    op.drop_table("mission_members")
    with op.batch_alter_table("hours", schema=None) as batch_op:
        batch_op.drop_index("ix_hours_member_id_date")

    op.drop_table("hours")
    op.drop_table("feedback")
    op.drop_table("proposal_members")
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missions_request_id"))

    op.drop_table("missions")
    op.drop_table("users")
    with op.batch_alter_table("unavailabilities", schema=None) as batch_op:
        batch_op.drop_index("ix_unavailabilities_member_id")

    op.drop_table("unavailabilities")
    op.drop_table("required_skills")
    with op.batch_alter_table("request_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_sessions_request_id"))
        batch_op.drop_index(batch_op.f("ix_request_sessions_date"))

    op.drop_table("request_sessions")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_collective_id"))

    op.drop_table("proposals")
    with op.batch_alter_table("passions", schema=None) as batch_op:
        batch_op.drop_index("ix_passions_member_id")

    op.drop_table("passions")
    op.drop_table("pairs")
    with op.batch_alter_table("member_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_skills_skill_id"))

    op.drop_table("member_skills")
    op.drop_table("member_private")
    with op.batch_alter_table("learning_wishes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_wishes_skill_id"))

    op.drop_table("learning_wishes")
    with op.batch_alter_table("availabilities", schema=None) as batch_op:
        batch_op.drop_index("ix_availabilities_member_id")

    op.drop_table("availabilities")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requests_collective_id"))

    op.drop_table("requests")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_collective_id"))

    op.drop_table("members")
    with op.batch_alter_table("batch_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batch_runs_week"))

    op.drop_table("batch_runs")
    op.drop_table("collectives")
    op.drop_table("skills")
    op.drop_table("networks")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
