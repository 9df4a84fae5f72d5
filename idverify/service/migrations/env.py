"""Alembic environment: migrations run on the connection the service hands over."""

from __future__ import annotations

from alembic import context

from idverify.service.db import METADATA

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through idverify.service.db.migrate
    raise RuntimeError("run migrations through idverify.service.db.migrate")
context.configure(connection=connection, target_metadata=METADATA)
with context.begin_transaction():
    context.run_migrations()
