"""Shared fixtures of the service tests: a database per test on each back end."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

PG_HOST = os.environ.get("IDVERIFY_TEST_PG_HOST", "127.0.0.1")


def _pg_admin() -> object | None:
    try:
        import pg8000.native

        return pg8000.native.Connection("postgres", host=PG_HOST, database="test", timeout=5)
    except Exception:
        return None


def database_urls(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[str]:
    """A fresh, empty database of ``backend`` (``sqlite`` or ``postgresql``),
    dropped afterwards. PostgreSQL is required in CI (a skipped back end there
    would hide a failure); elsewhere a machine without it skips those tests."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'idverify.db'}"
        return
    admin = _pg_admin()
    if admin is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is required in CI")
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    name = "idverify_test_" + secrets.token_hex(6)
    admin.run(f"CREATE DATABASE {name}")  # type: ignore[attr-defined]
    try:
        yield f"postgresql://postgres@{PG_HOST}:5432/{name}"
    finally:
        admin.run(  # type: ignore[attr-defined]
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n", n=name
        )
        admin.run(f"DROP DATABASE IF EXISTS {name}")  # type: ignore[attr-defined]
        admin.close()  # type: ignore[attr-defined]
