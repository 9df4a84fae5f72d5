"""The service's data layer: keys, reviewers and their sessions, verifications,
masked images, and the append-only audit trail.

What is personal data is sealed before it reaches the database (the claim, the
verdict's fields, the callback address, the masked images, reviewers' notes);
audit events hold ids, times, verdicts, decisions and reason codes only.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from idverify.service.crypto import Sealer
from idverify.service.db import (
    api_keys,
    audit_events,
    images,
    notes,
    reviewers,
    sessions,
    utc,
    utcnow,
    verifications,
)

__all__ = [
    "ApiKey",
    "Event",
    "IdempotencyConflictError",
    "Store",
    "StoredVerification",
]

_KEY_PREFIX = "idv_"
# scrypt at n=2**14, r=8: ~50 ms and 16 MiB per check (OWASP's floor for scrypt).
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


class IdempotencyConflictError(Exception):
    """The Idempotency-Key was used before with another request."""


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key's record (never the key itself)."""

    id: str
    name: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Event:
    """One audit event."""

    id: int
    at: dt.datetime
    event: str
    actor: str
    detail: dict[str, Any]
    note: str | None = None

    def as_json(self, *, with_note: bool = True) -> dict[str, Any]:
        """The event as JSON (a reviewer's note only ``with_note``)."""
        out: dict[str, Any] = {
            "at": self.at.isoformat(),
            "event": self.event,
            "actor": self.actor,
            **self.detail,
        }
        if with_note and self.note is not None:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class StoredVerification:
    """A verification as stored, opened."""

    id: str
    api_key_id: str
    status: str
    verdict: str | None
    reason_codes: tuple[str, ...]
    created_at: dt.datetime
    completed_at: dt.datetime | None
    result: dict[str, Any] | None
    claim: dict[str, Any] | None
    error_code: str | None
    decision: str | None
    decided_at: dt.datetime | None
    decided_by: str | None
    images: tuple[int, ...] = ()  # the documents with a stored reviewer image

    def as_json(self) -> dict[str, Any]:
        """The API's view: the verdict of CONTRACT §1 plus id, status, created_at."""
        out: dict[str, Any] = dict(self.result or {})
        out.update(id=self.id, status=self.status, created_at=self.created_at.isoformat())
        if self.error_code:
            out["error"] = {"code": self.error_code, "message": "the verification did not finish"}
        if self.decision:
            out["review"] = {
                "decision": self.decision,
                "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            }
        return out


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one :func:`hash_password` hashed (constant time)."""
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(
            password.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
            dklen=len(digest) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def _settle(conn: Connection, vid: str, **values: Any) -> bool:
    """End a verification still processing with ``values``; False when it is not
    processing any more (deleted or purged while it ran)."""
    updated = conn.execute(
        verifications.update()
        .where(verifications.c.id == vid)
        .where(verifications.c.status == "processing")
        .values(completed_at=utcnow(), **values)
    )
    return bool(updated.rowcount)


class Store:
    """Everything the service keeps, behind one engine and one sealing key."""

    def __init__(self, engine: Engine, sealer: Sealer) -> None:
        self.engine = engine
        self.sealer = sealer

    # ----------------------------------------------------------------- API keys

    def create_key(self, name: str) -> tuple[ApiKey, str, str]:
        """A new key: its record, the key (shown once) and its callback signing secret."""
        key_id = uuid.uuid4().hex
        token = _KEY_PREFIX + secrets.token_urlsafe(32)
        secret = secrets.token_urlsafe(32)
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                api_keys.insert().values(
                    id=key_id,
                    name=name,
                    prefix=token[:10],
                    # A 256-bit random key needs no slow hash: SHA-256 cannot be
                    # searched back to it.
                    key_hash=_sha256(token),
                    callback_secret=self.sealer.seal(secret.encode(), f"api_key:{key_id}"),
                    created_at=now,
                )
            )
        return ApiKey(key_id, name, token[:10], now, None), token, secret

    def api_keys(self) -> list[ApiKey]:
        """Every key's record, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.created_at)).all()
        return [
            ApiKey(
                r.id,
                r.name,
                r.prefix,
                utc(r.created_at),
                utc(r.revoked_at) if r.revoked_at else None,
            )
            for r in rows
        ]

    def revoke_key(self, key_id: str) -> bool:
        """Revoke a key by id or prefix; whether one was revoked."""
        match = sa.or_(api_keys.c.id == key_id, api_keys.c.prefix == key_id)
        with self.engine.begin() as conn:
            ids = (
                conn.execute(
                    sa.select(api_keys.c.id).where(match).where(api_keys.c.revoked_at.is_(None))
                )
                .scalars()
                .all()
            )
            if len(ids) != 1:  # none, or a prefix two keys share: name it by id
                return False
            conn.execute(
                api_keys.update().where(api_keys.c.id == ids[0]).values(revoked_at=utcnow())
            )
        return True

    def key_for(self, token: str) -> ApiKey | None:
        """The live key ``token`` is, or None."""
        if not token.startswith(_KEY_PREFIX):
            return None
        with self.engine.connect() as conn:
            r = conn.execute(
                sa.select(api_keys).where(api_keys.c.key_hash == _sha256(token))
            ).first()
        if r is None or r.revoked_at is not None:
            return None
        return ApiKey(r.id, r.name, r.prefix, utc(r.created_at), None)

    def callback_secret(self, key_id: str) -> str:
        """The secret callbacks for ``key_id`` are signed with."""
        with self.engine.connect() as conn:
            blob = conn.execute(
                sa.select(api_keys.c.callback_secret).where(api_keys.c.id == key_id)
            ).scalar_one()
        return self.sealer.open(blob, f"api_key:{key_id}").decode()

    # ---------------------------------------------------------------- reviewers

    def add_reviewer(self, username: str, password: str) -> None:
        """Create a reviewer, or set an existing one's password (and enable it)."""
        hashed = hash_password(password)
        with self.engine.begin() as conn:
            updated = conn.execute(
                reviewers.update()
                .where(reviewers.c.username == username)
                .values(password_hash=hashed, disabled_at=None)
            )
            if updated.rowcount == 0:
                conn.execute(
                    reviewers.insert().values(
                        id=uuid.uuid4().hex,
                        username=username,
                        password_hash=hashed,
                        created_at=utcnow(),
                    )
                )

    def disable_reviewer(self, username: str) -> bool:
        """Disable a reviewer and end their sessions; whether one was found."""
        with self.engine.begin() as conn:
            rid = conn.execute(
                sa.select(reviewers.c.id).where(reviewers.c.username == username)
            ).scalar()
            if rid is None:
                return False
            conn.execute(
                reviewers.update().where(reviewers.c.id == rid).values(disabled_at=utcnow())
            )
            conn.execute(sessions.delete().where(sessions.c.reviewer_id == rid))
        return True

    def sign_in(self, username: str, password: str, hours: int) -> tuple[str, str] | None:
        """A new session (token, CSRF token) for a right password, else None."""
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(reviewers).where(reviewers.c.username == username)).first()
        # A missing user costs the same one hash check, so timing does not tell
        # who exists.
        stored = r.password_hash if r is not None else _dummy_hash()
        if not check_password(password, stored) or r is None or r.disabled_at is not None:
            return None
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        with self.engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.expires_at < utcnow()))
            conn.execute(
                sessions.insert().values(
                    token_hash=_sha256(token),
                    reviewer_id=r.id,
                    csrf=csrf,
                    expires_at=utcnow() + dt.timedelta(hours=hours),
                )
            )
        return token, csrf

    def session(self, token: str) -> tuple[str, str] | None:
        """(reviewer's username, CSRF token) of a live session, else None."""
        with self.engine.connect() as conn:
            r = conn.execute(
                sa.select(sessions.c.expires_at, sessions.c.csrf, reviewers.c.username)
                .join(reviewers, reviewers.c.id == sessions.c.reviewer_id)
                .where(sessions.c.token_hash == _sha256(token))
                .where(reviewers.c.disabled_at.is_(None))
            ).first()
        if r is None or utc(r.expires_at) < utcnow():
            return None
        return r.username, r.csrf

    def sign_out(self, token: str) -> None:
        """End a session."""
        with self.engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.token_hash == _sha256(token)))

    # ------------------------------------------------------------ verifications

    def start(
        self,
        key_id: str,
        claim: dict[str, Any],
        *,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
        digest: str | None = None,
    ) -> tuple[str, bool]:
        """Record a new verification as processing: (id, created). With an
        Idempotency-Key seen before for the same request: (its id, False); for
        another request: :class:`IdempotencyConflictError`."""
        if idempotency_key is not None:
            found = self._by_idempotency(key_id, idempotency_key, digest)
            if found is not None:
                return found, False
        vid = uuid.uuid4().hex
        now = utcnow()
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    verifications.insert().values(
                        id=vid,
                        api_key_id=key_id,
                        status="processing",
                        created_at=now,
                        idempotency_key=idempotency_key,
                        request_digest=digest,
                        claim=self.sealer.seal_json(claim, f"verification:{vid}:claim"),
                        callback_url=(
                            self.sealer.seal(callback_url.encode(), f"verification:{vid}:callback")
                            if callback_url
                            else None
                        ),
                    )
                )
                self._event(conn, vid, "created", f"api_key:{key_id}", {})
        except IntegrityError:
            # Two requests with one key raced; the other one was first.
            if idempotency_key is None:
                raise
            found = self._by_idempotency(key_id, idempotency_key, digest)
            if found is None:
                raise
            return found, False
        return vid, True

    def _by_idempotency(self, key_id: str, idem: str, digest: str | None) -> str | None:
        with self.engine.connect() as conn:
            r = conn.execute(
                sa.select(verifications.c.id, verifications.c.request_digest)
                .where(verifications.c.api_key_id == key_id)
                .where(verifications.c.idempotency_key == idem)
            ).first()
        if r is None:
            return None
        if not hmac.compare_digest(r.request_digest or "", digest or ""):
            raise IdempotencyConflictError
        return str(r.id)

    def finish(self, vid: str, result: dict[str, Any], pngs: Sequence[tuple[int, bytes]]) -> None:
        """Store a verdict and its masked images; the audit trail gets ``verdict``."""
        codes = sorted({r["code"] for r in result.get("reasons", [])})
        with self.engine.begin() as conn:
            if not _settle(
                conn,
                vid,
                status="done",
                verdict=result["verdict"],
                reason_codes=",".join(codes)[:400],
                result=self.sealer.seal_json(result, f"verification:{vid}:result"),
            ):
                return  # deleted while it ran: keep nothing
            for n, png in pngs:
                conn.execute(
                    images.insert().values(
                        verification_id=vid,
                        n=n,
                        png=self.sealer.seal(png, f"verification:{vid}:image:{n}"),
                    )
                )
            self._event(
                conn, vid, "verdict", "system", {"verdict": result["verdict"], "reasons": codes}
            )

    def fail(self, vid: str, error_code: str) -> None:
        """Mark a verification that produced no verdict (the code names why)."""
        with self.engine.begin() as conn:
            # No result to replay: the Idempotency-Key is freed so that a retry
            # (after an OCR outage, say) verifies again.
            if _settle(
                conn,
                vid,
                status="error",
                error_code=error_code,
                idempotency_key=None,
                request_digest=None,
            ):
                self._event(conn, vid, "error", "system", {"error": error_code})

    def abandon_unfinished(self, older_than: dt.timedelta = dt.timedelta(hours=1)) -> int:
        """Mark verifications still processing long after any verification ends
        (a stopped server's: their uploads were only in its memory) as errors; how
        many. Only old ones: another server on the same database may be busy with
        a recent one."""
        cutoff = utcnow() - older_than
        with self.engine.connect() as conn:
            ids = (
                conn.execute(
                    sa.select(verifications.c.id)
                    .where(verifications.c.status == "processing")
                    .where(verifications.c.created_at < cutoff)
                )
                .scalars()
                .all()
            )
        for vid in ids:
            self.fail(vid, "INTERRUPTED")
        return len(ids)

    def get(self, vid: str, key_id: str | None = None) -> StoredVerification | None:
        """A verification (only the key's own when ``key_id`` is given)."""
        query = sa.select(verifications).where(verifications.c.id == vid)
        if key_id is not None:
            query = query.where(verifications.c.api_key_id == key_id)
        with self.engine.connect() as conn:
            r = conn.execute(query).first()
            shown = (
                conn.execute(
                    sa.select(images.c.n)
                    .where(images.c.verification_id == vid)
                    .order_by(images.c.n)
                )
                .scalars()
                .all()
            )
        if r is None:
            return None
        return self._open(r, tuple(shown))

    def _open(
        self, r: Any, shown: tuple[int, ...] = (), *, sealed: bool = True
    ) -> StoredVerification:
        """A row as a record; with ``sealed`` False the row has no sealed columns."""
        return StoredVerification(
            id=r.id,
            api_key_id=r.api_key_id,
            status=r.status,
            verdict=r.verdict,
            reason_codes=tuple(c for c in (r.reason_codes or "").split(",") if c),
            created_at=utc(r.created_at),
            completed_at=utc(r.completed_at) if r.completed_at else None,
            result=(
                self.sealer.open_json(r.result, f"verification:{r.id}:result")
                if sealed and r.result
                else None
            ),
            claim=(
                self.sealer.open_json(r.claim, f"verification:{r.id}:claim")
                if sealed and r.claim
                else None
            ),
            error_code=r.error_code,
            decision=r.decision,
            decided_at=utc(r.decided_at) if r.decided_at else None,
            decided_by=r.decided_by,
            images=shown,
        )

    def callback_url(self, vid: str) -> str | None:
        """Where the result of ``vid`` is to be posted, if anywhere."""
        with self.engine.connect() as conn:
            blob = conn.execute(
                sa.select(verifications.c.callback_url).where(verifications.c.id == vid)
            ).scalar()
        return self.sealer.open(blob, f"verification:{vid}:callback").decode() if blob else None

    def queue(
        self, *, verdict: str | None = None, status: str | None = None, limit: int = 200
    ) -> list[StoredVerification]:
        """Verifications for the reviewer page, newest first; claims and results
        are not opened (the queue shows ids, verdicts and codes)."""
        query = sa.select(
            *[c for c in verifications.c if c.name not in ("result", "claim", "callback_url")]
        ).order_by(verifications.c.created_at.desc(), verifications.c.id)
        if verdict:
            query = query.where(verifications.c.verdict == verdict)
        if status == "undecided":
            query = query.where(verifications.c.decision.is_(None)).where(
                verifications.c.status == "done"
            )
        elif status == "decided":
            query = query.where(verifications.c.decision.is_not(None))
        elif status:
            query = query.where(verifications.c.status == status)
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(limit)).all()
        return [self._open(r, sealed=False) for r in rows]

    def image(self, vid: str, n: int) -> bytes | None:
        """The masked annotated PNG of document ``n``."""
        with self.engine.connect() as conn:
            blob = conn.execute(
                sa.select(images.c.png)
                .where(images.c.verification_id == vid)
                .where(images.c.n == n)
            ).scalar()
        return self.sealer.open(blob, f"verification:{vid}:image:{n}") if blob else None

    def decide(self, vid: str, decision: str, note: str, reviewer: str) -> bool:
        """Record a reviewer's decision; False when there is no finished case."""
        with self.engine.begin() as conn:
            updated = conn.execute(
                verifications.update()
                .where(verifications.c.id == vid)
                .where(verifications.c.status == "done")
                .values(decision=decision, decided_at=utcnow(), decided_by=reviewer)
            )
            if updated.rowcount == 0:
                return False
            event_id = self._event(
                conn, vid, "decided", f"reviewer:{reviewer}", {"decision": decision}
            )
            if note:
                conn.execute(
                    notes.insert().values(
                        event_id=event_id,
                        verification_id=vid,
                        note=self.sealer.seal(note.encode(), f"note:{event_id}"),
                    )
                )
        return True

    def callback_event(self, vid: str, delivered: bool, attempts: int, status: int | None) -> None:
        """Audit a callback's delivery (or its giving up)."""
        with self.engine.begin() as conn:
            self._event(
                conn,
                vid,
                "callback",
                "system",
                {"delivered": delivered, "attempts": attempts, "http_status": status},
            )

    def viewed(self, vid: str, actor: str, what: str) -> None:
        """Audit that ``actor`` looked at ``vid`` (``what``: result, image n, page)."""
        with self.engine.begin() as conn:
            self._event(conn, vid, "viewed", actor, {"what": what})

    def delete(self, vid: str, actor: str, key_id: str | None = None) -> bool:
        """Erase a verification at once except its audit trail; False if unknown."""
        return self._erase(vid, "deleted", actor, key_id)

    def purge(self, retention_days: int, now: dt.datetime | None = None) -> int:
        """Erase every verification older than the retention period; how many."""
        cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
        with self.engine.connect() as conn:
            ids = (
                conn.execute(
                    sa.select(verifications.c.id)
                    .where(verifications.c.created_at < cutoff)
                    .where(verifications.c.status.not_in(("deleted", "purged")))
                )
                .scalars()
                .all()
            )
        return sum(self._erase(vid, "purged", "system") for vid in ids)

    def _erase(self, vid: str, status: str, actor: str, key_id: str | None = None) -> bool:
        query = verifications.update().where(verifications.c.id == vid)
        if key_id is not None:
            query = query.where(verifications.c.api_key_id == key_id)
        with self.engine.begin() as conn:
            updated = conn.execute(
                query.where(verifications.c.status.not_in(("deleted", "purged"))).values(
                    status=status,
                    result=None,
                    claim=None,
                    callback_url=None,
                    request_digest=None,
                    idempotency_key=None,
                )
            )
            if updated.rowcount == 0:
                return False
            conn.execute(images.delete().where(images.c.verification_id == vid))
            conn.execute(notes.delete().where(notes.c.verification_id == vid))
            self._event(conn, vid, status, actor, {})
        return True

    def exists(self, vid: str, key_id: str | None = None) -> bool:
        """Whether ``vid`` is known (to ``key_id``, when given), erased or not."""
        query = sa.select(verifications.c.id).where(verifications.c.id == vid)
        if key_id is not None:
            query = query.where(verifications.c.api_key_id == key_id)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    # -------------------------------------------------------------------- audit

    def _event(
        self, conn: Connection, vid: str, event: str, actor: str, detail: dict[str, Any]
    ) -> int:
        result = conn.execute(
            audit_events.insert().values(
                verification_id=vid,
                at=dt.datetime.now(dt.UTC),
                event=event,
                actor=actor,
                detail=json.dumps(detail, sort_keys=True),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def events(self, vid: str) -> list[Event]:
        """The audit trail of ``vid``, oldest first, with reviewers' notes opened."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(audit_events, notes.c.note)
                .outerjoin(notes, notes.c.event_id == audit_events.c.id)
                .where(audit_events.c.verification_id == vid)
                .order_by(audit_events.c.id)
            ).all()
        return [
            Event(
                r.id,
                utc(r.at),
                r.event,
                r.actor,
                json.loads(r.detail),
                self.sealer.open(r.note, f"note:{r.id}").decode() if r.note else None,
            )
            for r in rows
        ]
