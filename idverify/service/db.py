"""The database: tables (SQLAlchemy Core), the engine, and migrations (Alembic).

Personal data is only ever stored sealed (:mod:`idverify.service.crypto`):
the plain columns hold ids, times, statuses, verdicts and reason codes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine, make_url

__all__ = ["METADATA", "make_engine", "migrate", "utc", "utcnow"]

METADATA = sa.MetaData()

api_keys = sa.Table(
    "api_keys",
    METADATA,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("callback_secret", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

reviewers = sa.Table(
    "reviewers",
    METADATA,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled_at", sa.DateTime(timezone=True)),
)

sessions = sa.Table(
    "sessions",
    METADATA,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("reviewer_id", sa.String(32), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

verifications = sa.Table(
    "verifications",
    METADATA,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("api_key_id", sa.String(32), nullable=False, index=True),
    # processing | done | error | deleted | purged
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("verdict", sa.String(8), index=True),
    sa.Column("reason_codes", sa.String(400)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("completed_at", sa.DateTime(timezone=True)),
    sa.Column("idempotency_key", sa.String(200)),
    sa.Column("request_digest", sa.String(64)),
    sa.Column("result", sa.LargeBinary),  # sealed JSON: the verdict of CONTRACT §1
    sa.Column("claim", sa.LargeBinary),  # sealed JSON: what the requester claimed
    sa.Column("callback_url", sa.LargeBinary),  # sealed
    sa.Column("error_code", sa.String(40)),
    sa.Column("decision", sa.String(8)),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    sa.Column("decided_by", sa.String(100)),
    sa.UniqueConstraint("api_key_id", "idempotency_key", name="uq_idempotency"),
)

images = sa.Table(
    "images",
    METADATA,
    sa.Column("verification_id", sa.String(32), primary_key=True),
    sa.Column("n", sa.Integer, primary_key=True),
    sa.Column("png", sa.LargeBinary, nullable=False),  # sealed, sensitive fields masked
)

notes = sa.Table(
    "notes",
    METADATA,
    sa.Column("event_id", sa.Integer, primary_key=True),
    sa.Column("verification_id", sa.String(32), nullable=False, index=True),
    sa.Column("note", sa.LargeBinary, nullable=False),  # sealed: a reviewer's free text
)

audit_events = sa.Table(
    "audit_events",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("verification_id", sa.String(32), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("event", sa.String(16), nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("detail", sa.String(400), nullable=False, default="{}"),  # codes only
)


def utcnow() -> dt.datetime:
    """Now, in UTC, to the second (what the API shows)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def utc(value: dt.datetime) -> dt.datetime:
    """``value`` as an aware UTC time (SQLite hands back naive ones)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def make_engine(url: str) -> Engine:
    """An engine for ``url``. ``postgresql://`` goes through pg8000 (BSD licence;
    psycopg is LGPL) unless the URL names a driver."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+pg8000")
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            # Owner only: the database is sealed, but its metadata (times, verdicts) is not.
            Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return sa.create_engine(parsed, connect_args={"timeout": 30})
    return sa.create_engine(parsed, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent; safe from several
    workers: Alembic's version table serialises them on PostgreSQL, and SQLite
    locks the file)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
