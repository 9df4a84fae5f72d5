"""The service's storage on both back ends: SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from idverify.service.crypto import DecryptionError, Sealer
from idverify.service.db import make_engine, migrate, utcnow, verifications
from idverify.service.store import IdempotencyConflictError, Store
from tests.service_support import database_urls

CLAIM = {"name": "山田 太郎", "address": "東京都千代田区丸の内一丁目4番1号", "birth_date": None}
RESULT = {
    "verdict": "review",
    "reasons": [{"code": "ADDRESS_UNCERTAIN", "severity": "review", "message": "m"}],
    "documents": [{"file": "a.png", "type": "drivers_license", "fields": {"name": "山田 太郎"}}],
    "elapsed_ms": 5,
}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    for url in database_urls(tmp_path_factory, request.param):
        engine = make_engine(url)
        migrate(engine)
        yield Store(engine, Sealer(secrets.token_bytes(32)))
        engine.dispose()


def test_migrations_run_twice_without_harm(store: Store) -> None:
    migrate(store.engine)
    with store.engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "0001"


def test_api_keys_are_stored_hashed_and_can_be_revoked(store: Store) -> None:
    record, key, secret = store.create_key("dsar-portal")
    assert store.key_for(key) == store.key_for(key) and store.key_for(key) is not None
    assert store.key_for(key + "x") is None and store.key_for("not-a-key") is None
    assert store.callback_secret(record.id) == secret
    with store.engine.connect() as conn:
        dump = " ".join(
            str(v) for row in conn.execute(sa.text("SELECT * FROM api_keys")) for v in row
        )
    assert key not in dump and secret not in dump
    assert store.revoke_key(record.prefix)
    assert store.key_for(key) is None
    assert not store.revoke_key(record.id)  # already revoked


def test_a_verification_is_sealed_at_rest_and_opens_whole(store: Store) -> None:
    record, _, _ = store.create_key("k")
    vid, created = store.start(record.id, CLAIM, callback_url="https://example.org/cb")
    assert created
    store.finish(vid, RESULT, [(0, b"\x89PNG fake image bytes")])
    got = store.get(vid, record.id)
    assert got is not None and got.status == "done" and got.verdict == "review"
    assert got.result == RESULT and got.claim == CLAIM and got.images == (0,)
    assert got.reason_codes == ("ADDRESS_UNCERTAIN",)
    assert store.image(vid, 0) == b"\x89PNG fake image bytes"
    assert store.callback_url(vid) == "https://example.org/cb"
    assert store.get(vid, "another key") is None
    with store.engine.connect() as conn:
        raw = conn.execute(sa.select(verifications).where(verifications.c.id == vid)).first()
    assert raw is not None
    blob = b"".join(v for v in raw if isinstance(v, bytes | memoryview) for v in [bytes(v)])
    for plain in ("山田", "丸の内", "example.org", "PNG fake"):
        assert plain.encode() not in blob


def test_a_sealed_value_moved_to_another_row_does_not_open(store: Store) -> None:
    record, _, _ = store.create_key("k")
    a, _ = store.start(record.id, CLAIM)
    b, _ = store.start(record.id, {"name": "other"})
    with store.engine.begin() as conn:
        blob = conn.execute(
            sa.select(verifications.c.claim).where(verifications.c.id == a)
        ).scalar()
        conn.execute(verifications.update().where(verifications.c.id == b).values(claim=blob))
    with pytest.raises(DecryptionError):
        store.get(b)


def test_idempotency_same_request_same_id_other_request_conflict(store: Store) -> None:
    record, _, _ = store.create_key("k")
    other, _, _ = store.create_key("k2")
    vid, created = store.start(record.id, CLAIM, idempotency_key="abc", digest="d1")
    again, created_again = store.start(record.id, CLAIM, idempotency_key="abc", digest="d1")
    assert created and not created_again and again == vid
    with pytest.raises(IdempotencyConflictError):
        store.start(record.id, CLAIM, idempotency_key="abc", digest="d2")
    # Keys are scoped to the API key that used them.
    theirs, created_theirs = store.start(other.id, CLAIM, idempotency_key="abc", digest="d2")
    assert created_theirs and theirs != vid


def test_delete_erases_everything_but_the_audit_trail(store: Store) -> None:
    record, _, _ = store.create_key("k")
    vid, _ = store.start(record.id, CLAIM, idempotency_key="abc", digest="d1")
    store.finish(vid, RESULT, [(0, b"png")])
    assert store.decide(vid, "pass", "looked at the photo", "alice")
    assert store.delete(vid, f"api_key:{record.id}", record.id)
    got = store.get(vid)
    assert got is not None and got.status == "deleted"
    assert got.result is None and got.claim is None and got.images == ()
    assert store.image(vid, 0) is None and store.callback_url(vid) is None
    events = store.events(vid)
    assert [e.event for e in events] == ["created", "verdict", "decided", "deleted"]
    assert events[2].detail == {"decision": "pass"} and events[2].note is None  # note erased
    assert not store.delete(vid, "x")  # once
    # The Idempotency-Key is free again once its request is erased.
    assert store.start(record.id, CLAIM, idempotency_key="abc", digest="d9")[1]


def test_purge_keeps_what_is_inside_the_retention_period(store: Store) -> None:
    record, _, _ = store.create_key("k")
    old, _ = store.start(record.id, CLAIM)
    young, _ = store.start(record.id, CLAIM)
    store.finish(old, RESULT, [(0, b"png")])
    store.finish(young, RESULT, [(0, b"png")])
    now = utcnow()
    with store.engine.begin() as conn:
        for vid, age in ((old, 31), (young, 29)):
            conn.execute(
                verifications.update()
                .where(verifications.c.id == vid)
                .values(created_at=now - dt.timedelta(days=age))
            )
    assert store.purge(30, now) == 1
    old_row, young_row = store.get(old), store.get(young)
    assert old_row is not None and old_row.status == "purged" and old_row.result is None
    assert young_row is not None and young_row.status == "done" and young_row.result == RESULT
    assert store.image(old, 0) is None and store.image(young, 0) == b"png"
    assert store.events(old)[-1].event == "purged"
    assert store.purge(30, now) == 0


def test_the_audit_trail_refuses_updates_and_deletes(store: Store) -> None:
    record, _, _ = store.create_key("k")
    vid, _ = store.start(record.id, CLAIM)
    for statement in (
        "UPDATE audit_events SET actor = 'someone else'",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(DBAPIError), store.engine.begin() as conn:
            conn.execute(sa.text(statement))
    assert [e.actor for e in store.events(vid)] == [f"api_key:{record.id}"]


def test_audit_events_hold_no_personal_data(store: Store) -> None:
    record, _, _ = store.create_key("k")
    vid, _ = store.start(record.id, CLAIM)
    store.finish(vid, RESULT, [])
    store.decide(vid, "fail", "山田さんの写真が別人", "bob")
    store.viewed(vid, "reviewer:bob", "case")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM audit_events")).all()
        note_blob = conn.execute(sa.text("SELECT note FROM notes")).scalar()
    text = " ".join(str(v) for row in rows for v in row)
    assert "山田" not in text and "丸の内" not in text
    assert "山田".encode() not in bytes(note_blob)
    assert store.events(vid)[2].note == "山田さんの写真が別人"  # opened for the reviewer


def test_only_old_unfinished_verifications_are_abandoned(store: Store) -> None:
    record, _, _ = store.create_key("k")
    stale, _ = store.start(record.id, CLAIM)
    busy, _ = store.start(record.id, CLAIM)
    with store.engine.begin() as conn:
        conn.execute(
            verifications.update()
            .where(verifications.c.id == stale)
            .values(created_at=utcnow() - dt.timedelta(hours=2))
        )
    assert store.abandon_unfinished() == 1
    stale_row, busy_row = store.get(stale), store.get(busy)
    assert stale_row is not None and stale_row.status == "error"
    assert stale_row.error_code == "INTERRUPTED"
    assert busy_row is not None and busy_row.status == "processing"


def test_reviewer_sign_in_sessions_and_disabling(store: Store) -> None:
    store.add_reviewer("alice", "correct horse battery")
    assert store.sign_in("alice", "wrong password!", 8) is None
    assert store.sign_in("nobody", "correct horse battery", 8) is None
    found = store.sign_in("alice", "correct horse battery", 8)
    assert found is not None
    token, csrf = found
    assert store.session(token) == ("alice", csrf)
    assert store.session(token + "x") is None
    with store.engine.connect() as conn:
        dump = " ".join(
            str(v) for row in conn.execute(sa.text("SELECT * FROM reviewers")) for v in row
        )
        dump += " ".join(
            str(v) for row in conn.execute(sa.text("SELECT * FROM sessions")) for v in row
        )
    assert "correct horse" not in dump and token not in dump
    assert store.disable_reviewer("alice")
    assert store.session(token) is None
    assert store.sign_in("alice", "correct horse battery", 8) is None


def test_decisions_only_on_finished_verifications(store: Store) -> None:
    record, _, _ = store.create_key("k")
    vid, _ = store.start(record.id, CLAIM)
    assert not store.decide(vid, "pass", "", "alice")  # still processing
    store.finish(vid, RESULT, [])
    assert store.decide(vid, "pass", "", "alice")
    got = store.get(vid)
    assert got is not None and got.decision == "pass" and got.decided_by == "alice"
    queue = store.queue(status="decided")
    assert [v.id for v in queue] == [vid] and queue[0].result is None
    assert store.queue(status="undecided") == []
    assert [v.id for v in store.queue(verdict="review", status="")] == [vid]
    assert store.queue(verdict="pass", status="") == []


def test_the_migration_builds_exactly_the_tables_the_code_uses(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from idverify.service.db import METADATA

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), METADATA)
    assert diff == []
