"""The first schema: keys, reviewers, sessions, verifications, images, notes, audit.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table; the audit table refuses updates and deletes."""
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("callback_secret", sa.LargeBinary, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS),
    )
    op.create_table(
        "reviewers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("disabled_at", _TS),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("reviewer_id", sa.String(32), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
    )
    op.create_table(
        "verifications",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("api_key_id", sa.String(32), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("verdict", sa.String(8), index=True),
        sa.Column("reason_codes", sa.String(400)),
        sa.Column("created_at", _TS, nullable=False, index=True),
        sa.Column("completed_at", _TS),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("request_digest", sa.String(64)),
        sa.Column("result", sa.LargeBinary),
        sa.Column("claim", sa.LargeBinary),
        sa.Column("callback_url", sa.LargeBinary),
        sa.Column("error_code", sa.String(40)),
        sa.Column("decision", sa.String(8)),
        sa.Column("decided_at", _TS),
        sa.Column("decided_by", sa.String(100)),
        sa.UniqueConstraint("api_key_id", "idempotency_key", name="uq_idempotency"),
    )
    op.create_table(
        "images",
        sa.Column("verification_id", sa.String(32), primary_key=True),
        sa.Column("n", sa.Integer, primary_key=True),
        sa.Column("png", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "notes",
        sa.Column("event_id", sa.Integer, primary_key=True),
        sa.Column("verification_id", sa.String(32), nullable=False, index=True),
        sa.Column("note", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("verification_id", sa.String(32), nullable=False, index=True),
        sa.Column("at", _TS, nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("detail", sa.String(400), nullable=False),
    )
    # Append-only in the database itself, not only in the code that writes it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_no_{action.lower()} BEFORE {action} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
            )


def downgrade() -> None:
    """Drop everything (the audit trail included: only for a fresh start)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
    for table in (
        "audit_events",
        "notes",
        "images",
        "verifications",
        "sessions",
        "reviewers",
        "api_keys",
    ):
        op.drop_table(table)
