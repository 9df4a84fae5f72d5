"""The HTTP service of CONTRACT.md §3 (FastAPI).

Uploads live in memory only: the request body is read under a size limit and
parsed without spooling to disk (Starlette spools a file part over 1 MiB to a
temporary file by default), and the verifier reads them in process (tesserocr,
no temporary image files). Only the verdict, the extracted non-sensitive fields
and the masked reviewer images are stored, sealed (:mod:`idverify.service.crypto`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from idverify.errors import ConfigError, IdVerifyError, OcrError
from idverify.image_io import sniff_kind
from idverify.models import Claim
from idverify.pipeline import Upload
from idverify.policy import get_policy
from idverify.service.callbacks import (
    CallbackRefusedError,
    callback_url_problem,
    deliver,
    resolve_public,
)
from idverify.service.config import ServiceConfig
from idverify.service.crypto import Sealer
from idverify.service.db import make_engine, migrate
from idverify.service.errors import ApiError, check_id
from idverify.service.review import reviewer_for_api
from idverify.service.review import router as review_router
from idverify.service.runner import Runner
from idverify.service.store import ApiKey, IdempotencyConflictError, Store

__all__ = ["create_app"]

log = logging.getLogger("idverify.service")

_FIELDS = ("name", "kana", "address", "birth_date", "policy", "callback_url")
_MAX_FIELD_CHARS = 500
_IDEMPOTENCY_MAX = 200
_DECISION_BYTES = 8 * 1024


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


class _InMemoryParser(MultiPartParser):
    """Starlette's multipart parser with file parts kept in memory: its spool
    never rolls over to disk because the whole body is already under the limit."""

    def __init__(self, headers: Headers, body: bytes, limit: int, max_files: int) -> None:
        async def stream() -> AsyncGenerator[bytes, None]:
            yield body
            yield b""

        super().__init__(
            headers,
            stream(),
            max_files=max_files,
            max_fields=20,
            max_part_size=_MAX_FIELD_CHARS * 4,
        )
        self.spool_max_size = limit + 1


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", f"the request is over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "PAYLOAD_TOO_LARGE", f"the request is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class _Service:
    """What the routes share: configuration, store, runner, background tasks."""

    def __init__(self, config: ServiceConfig, store: Store, runner: Runner) -> None:
        self.config = config
        self.store = store
        self.runner = runner
        self.tasks: set[asyncio.Task[None]] = set()
        self.pending = 0  # requests holding uploads in memory, running or waiting

    def api_key(self, request: Request) -> ApiKey:
        token = _bearer(request)
        if token is None:
            raise ApiError(401, "UNAUTHORIZED", "send Authorization: Bearer <API key>")
        key = self.store.key_for(token)
        if key is None:
            raise ApiError(401, "UNAUTHORIZED", "unknown or revoked API key")
        return key

    async def parse(self, request: Request) -> tuple[dict[str, str], list[Upload], str]:
        """The claim fields and the uploads of a POST, and the request's digest."""
        ctype = request.headers.get("content-type", "")
        if ctype.lower().startswith("application/x-www-form-urlencoded"):
            # A form without any file part: the fields may be right, the files missing.
            raise ApiError(
                422, "INVALID_FIELD", "at least one file is required (multipart/form-data)"
            )
        if not ctype.lower().startswith("multipart/form-data"):
            raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "send multipart/form-data")
        body = await _body(request, self.config.max_request_bytes)
        try:
            form: FormData = await _InMemoryParser(
                request.headers, body, self.config.max_request_bytes, self.config.max_files
            ).parse()
        except MultiPartException as exc:
            raise ApiError(422, "INVALID_FORM", str(exc)) from None
        fields: dict[str, str] = {}
        uploads: list[Upload] = []
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key != "files":
                    raise ApiError(422, "INVALID_FIELD", f"unexpected file field {key!r}")
                data = await value.read()
                await value.close()
                uploads.append(self._checked_upload(value.filename or "upload", data, len(uploads)))
            elif key in _FIELDS:
                if key in fields:
                    raise ApiError(422, "INVALID_FIELD", f"{key} given twice")
                if len(value) > _MAX_FIELD_CHARS:
                    raise ApiError(422, "INVALID_FIELD", f"{key} is too long")
                if not value.isprintable():
                    raise ApiError(422, "INVALID_FIELD", f"{key} holds control characters")
                fields[key] = value.strip()
            elif key == "files":
                raise ApiError(422, "INVALID_FIELD", "files must be file parts")
            else:
                raise ApiError(422, "INVALID_FIELD", f"unknown field {key!r}")
        if not uploads:
            raise ApiError(422, "INVALID_FIELD", "at least one file is required (field 'files')")
        digest = hashlib.sha256(json.dumps(sorted(fields.items())).encode())
        for upload in uploads:
            digest.update(hashlib.sha256(upload.data).digest())
        return fields, uploads, self.store.sealer.digest(digest.digest())

    def _checked_upload(self, filename: str, data: bytes, index: int) -> Upload:
        if not data:
            raise ApiError(422, "INVALID_FIELD", f"file {index} is empty")
        if sniff_kind(data) is None:
            raise ApiError(
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                f"file {index} is not JPEG, PNG, TIFF, WebP, HEIC/HEIF or PDF",
            )
        # A client's file name is shown back to it; keep it short and plain.
        name = "".join(ch for ch in filename[-100:] if ch.isprintable()) or "upload"
        return Upload(name, data)

    def claim(self, fields: dict[str, str]) -> Claim:
        name = fields.get("name", "")
        if not name:
            raise ApiError(422, "INVALID_FIELD", "name is required")
        birth = fields.get("birth_date") or None
        born: dt.date | None = None
        if birth is not None:
            try:
                born = dt.date.fromisoformat(birth)
            except ValueError:
                raise ApiError(422, "INVALID_FIELD", "birth_date must be YYYY-MM-DD") from None
        return Claim(
            name=name,
            kana=fields.get("kana") or None,
            address=fields.get("address") or None,
            birth_date=born,
        )

    async def run(
        self, vid: str, uploads: list[Upload], claim: Claim, policy_name: str
    ) -> dict[str, Any] | None:
        """Verify and store; the stored JSON, or None when no verdict came."""
        try:
            outcome = await run_in_threadpool(
                self.runner.verify, uploads, claim, get_policy(policy_name), dt.date.today()
            )
        except OcrError as exc:
            log.error("verification %s: OCR unavailable (%s)", vid, type(exc).__name__)
            await run_in_threadpool(self.store.fail, vid, "OCR_UNAVAILABLE")
            return None
        except IdVerifyError as exc:
            log.warning("verification %s: no verdict (%s)", vid, type(exc).__name__)
            await run_in_threadpool(self.store.fail, vid, type(exc).__name__)
            return None
        except Exception as exc:  # never let one request's bug leave it processing
            log.error("verification %s: internal error (%s)", vid, type(exc).__name__)
            await run_in_threadpool(self.store.fail, vid, "INTERNAL")
            return None
        finally:
            uploads.clear()  # the originals go as soon as they are read
        await run_in_threadpool(self.store.finish, vid, outcome.result, outcome.pngs)
        stored = await run_in_threadpool(self.store.get, vid)
        return stored.as_json() if stored is not None else None

    async def run_async(
        self, vid: str, key_id: str, uploads: list[Upload], claim: Claim, policy: str
    ) -> None:
        try:
            await self.run(vid, uploads, claim, policy)
        finally:
            self.pending -= 1
        try:
            await self._call_back(vid, key_id)
        except Exception as exc:  # a callback's failure must not go unrecorded or loud
            log.error("callback for %s failed: %s", vid, type(exc).__name__)
            await run_in_threadpool(self.store.callback_event, vid, False, 0, None)

    async def _call_back(self, vid: str, key_id: str) -> None:
        url = await run_in_threadpool(self.store.callback_url, vid)
        stored = await run_in_threadpool(self.store.get, vid)
        if url is None or stored is None:
            return
        body = json.dumps(stored.as_json(), ensure_ascii=False).encode()
        secret = await run_in_threadpool(self.store.callback_secret, key_id)
        delivered, attempts, status = await deliver(
            url,
            body,
            secret,
            attempts=self.config.callback_attempts,
            backoff_s=self.config.callback_backoff_s,
            timeout_s=self.config.callback_timeout_s,
            verification_id=vid,
            allow_private=self.config.callback_allow_private,
        )
        log.info("callback for %s: delivered=%s after %d attempt(s)", vid, delivered, attempts)
        await run_in_threadpool(self.store.callback_event, vid, delivered, attempts, status)

    def spawn(self, coro: Any) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


def create_app(
    config: ServiceConfig | None = None,
    runner: Runner | None = None,
    *,
    run_migrations: bool = True,
) -> FastAPI:
    """The service. ``config`` defaults to the environment's, ``runner`` to real OCR."""
    config = config or ServiceConfig.from_env()
    engine = make_engine(config.database_url)
    if run_migrations:
        migrate(engine)
    store = Store(engine, Sealer(config.encryption_key))
    service = _Service(config, store, runner or Runner(config.concurrency))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async def purge_periodically() -> None:
            while True:
                try:
                    n = await run_in_threadpool(store.purge, config.retention_days)
                    stale = await run_in_threadpool(store.abandon_unfinished)
                    if n or stale:
                        log.info("retention purge: %d erased, %d interrupted", n, stale)
                except Exception as exc:  # a database hiccup must not end the loop
                    log.error("retention purge failed: %s", type(exc).__name__)
                await asyncio.sleep(config.purge_interval_s)

        purger = asyncio.get_running_loop().create_task(purge_periodically())
        try:
            yield
        finally:
            purger.cancel()
            # Running verifications finish; callbacks still retrying are given up
            # (their results stay retrievable by id).
            if service.tasks:
                await asyncio.wait(list(service.tasks), timeout=10)
            for task in list(service.tasks):
                task.cancel()
            engine.dispose()

    app = FastAPI(
        title="idverify",
        version="0.1.0",
        description="Verifies Japanese identity documents for data-subject access requests.",
        lifespan=lifespan,
    )
    app.state.service = service

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 401: "UNAUTHORIZED"}
        return _error(exc.status_code, codes.get(exc.status_code, "HTTP_ERROR"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        return _error(422, "INVALID_FIELD", f"invalid request: {where}")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # The text of an unexpected error could quote input: only its type is logged.
        log.error("internal error on %r: %s", request.url.path[:200], type(exc).__name__)
        return _error(500, "INTERNAL", "internal error")

    form_schema = {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["files", "name"],
                        "properties": {
                            "files": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            },
                            "name": {"type": "string"},
                            "kana": {"type": "string"},
                            "address": {"type": "string"},
                            "birth_date": {"type": "string", "format": "date"},
                            "policy": {"type": "string", "default": "default"},
                            "callback_url": {"type": "string", "format": "uri"},
                        },
                    }
                }
            },
        }
    }

    @app.post(
        "/v1/verifications",
        status_code=201,
        openapi_extra=form_schema,
        responses={202: {"description": "accepted; the result follows by callback"}},
    )
    async def create_verification(request: Request, mode: str = "sync") -> Response:
        """Verify a request: one or more document files plus the claim."""
        key = service.api_key(request)
        idem = request.headers.get("idempotency-key")
        if idem is not None and not (0 < len(idem) <= _IDEMPOTENCY_MAX):
            raise ApiError(422, "INVALID_FIELD", "Idempotency-Key must be 1-200 characters")
        if mode not in ("sync", "async"):
            raise ApiError(422, "INVALID_FIELD", "mode must be sync or async")
        if service.pending >= config.max_pending:
            return JSONResponse(
                {"error": {"code": "BUSY", "message": "too many requests in progress; retry"}},
                status_code=503,
                headers={"Retry-After": "5"},
            )
        service.pending += 1
        handed_over = False
        try:
            response, handed_over = await _create(request, key, idem, mode)
        finally:
            if not handed_over:
                service.pending -= 1
        return response

    async def _create(
        request: Request, key: ApiKey, idem: str | None, mode: str
    ) -> tuple[Response, bool]:
        """The work of a POST; whether a background task took over the request."""
        fields, uploads, digest = await service.parse(request)
        claim = service.claim(fields)
        policy = fields.get("policy") or "default"
        try:
            get_policy(policy)
        except ConfigError as exc:
            raise ApiError(422, "INVALID_FIELD", str(exc)) from None
        callback = fields.get("callback_url") or None
        if callback is not None:
            problem = callback_url_problem(callback, config.callback_allow_http)
            if problem:
                raise ApiError(422, "INVALID_FIELD", problem)
            try:
                await run_in_threadpool(resolve_public, callback, config.callback_allow_private)
            except CallbackRefusedError as exc:
                raise ApiError(422, "INVALID_FIELD", f"callback_url: {exc}") from None
        stored_claim = {
            "name": claim.name,
            "kana": claim.kana,
            "address": claim.address,
            "birth_date": claim.birth_date.isoformat() if claim.birth_date else None,
            "policy": policy,
        }
        try:
            vid, created = await run_in_threadpool(
                lambda: store.start(
                    key.id,
                    stored_claim,
                    callback_url=callback,
                    idempotency_key=idem,
                    digest=digest,
                )
            )
        except IdempotencyConflictError:
            raise ApiError(
                409, "IDEMPOTENCY_CONFLICT", "this Idempotency-Key was used with another request"
            ) from None
        if not created:
            uploads.clear()
            stored = await run_in_threadpool(store.get, vid, key.id)
            if stored is None or stored.status in ("deleted", "purged"):
                raise ApiError(409, "IDEMPOTENCY_CONFLICT", "that request was erased")
            code = 202 if stored.status == "processing" else 201
            return JSONResponse(stored.as_json(), status_code=code), False
        if callback is not None or mode == "async":
            service.spawn(service.run_async(vid, key.id, uploads, claim, policy))
            stored = await run_in_threadpool(store.get, vid)
            assert stored is not None
            return JSONResponse(stored.as_json(), status_code=202), True
        result = await service.run(vid, uploads, claim, policy)
        if result is None:
            stored = await run_in_threadpool(store.get, vid)
            if stored is not None and stored.error_code == "OCR_UNAVAILABLE":
                raise ApiError(
                    503, "OCR_UNAVAILABLE", "the OCR engine is not available; retry later"
                )
            raise ApiError(422, "NO_VERDICT", "no verdict could be produced for these files")
        return JSONResponse(result, status_code=201), False

    def _own(vid: str, key: ApiKey) -> None:
        if not store.exists(vid, key.id):
            raise ApiError(404, "NOT_FOUND", "no such verification")

    @app.get("/v1/verifications/{vid}")
    async def get_verification(vid: str, request: Request) -> JSONResponse:
        """The stored result, with its reviewer decision and audit trail."""
        key = service.api_key(request)
        check_id(vid)
        stored = await run_in_threadpool(store.get, vid, key.id)
        if stored is None:
            raise ApiError(404, "NOT_FOUND", "no such verification")
        await run_in_threadpool(store.viewed, vid, f"api_key:{key.id}", "result")
        body = stored.as_json()
        # Reviewers' notes are theirs (free text that may name people): shown on
        # the reviewer page only.
        events = await run_in_threadpool(store.events, vid)
        body["audit"] = [e.as_json(with_note=False) for e in events]
        return JSONResponse(body)

    @app.get(
        "/v1/verifications/{vid}/documents/{n}/annotated.png",
        response_class=Response,
        responses={200: {"content": {"image/png": {}}}},
    )
    async def get_image(vid: str, n: int, request: Request) -> Response:
        """The reviewer image of document ``n``: fields boxed, sensitive fields masked."""
        key = service.api_key(request)
        check_id(vid, n)
        await run_in_threadpool(_own, vid, key)
        png = await run_in_threadpool(store.image, vid, n)
        if png is None:
            raise ApiError(404, "NOT_FOUND", "no such document image")
        await run_in_threadpool(store.viewed, vid, f"api_key:{key.id}", f"image {n}")
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    @app.post("/v1/verifications/{vid}/decision")
    async def decide(vid: str, request: Request) -> JSONResponse:
        """A reviewer's decision (reviewer session only; an API key is refused)."""
        if _bearer(request) is not None:
            raise ApiError(403, "FORBIDDEN", "deciding is a reviewer's action, not an API key's")
        reviewer = reviewer_for_api(request, store)
        check_id(vid)
        raw = await _body(request, _DECISION_BYTES)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            raise ApiError(422, "INVALID_FIELD", "send JSON") from None
        if not isinstance(body, dict) or body.get("decision") not in ("pass", "fail"):
            raise ApiError(422, "INVALID_FIELD", 'decision must be "pass" or "fail"')
        note = body.get("note") or ""
        if not isinstance(note, str) or len(note) > 2000:
            raise ApiError(422, "INVALID_FIELD", "note must be text of at most 2000 characters")
        ok = await run_in_threadpool(store.decide, vid, body["decision"], note, reviewer)
        if not ok:
            if not await run_in_threadpool(store.exists, vid):
                raise ApiError(404, "NOT_FOUND", "no such verification")
            raise ApiError(409, "NOT_DECIDABLE", "only a finished verification can be decided")
        stored = await run_in_threadpool(store.get, vid)
        assert stored is not None
        return JSONResponse(stored.as_json())

    @app.delete("/v1/verifications/{vid}", status_code=204, response_class=Response)
    async def delete_verification(vid: str, request: Request) -> Response:
        """Erase everything stored for the request except its audit trail."""
        key = service.api_key(request)
        check_id(vid)
        await run_in_threadpool(_own, vid, key)
        await run_in_threadpool(store.delete, vid, f"api_key:{key.id}", key.id)
        return Response(status_code=204)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        """Readiness: the database answers and the OCR engine is loaded."""
        checks: dict[str, str] = {}
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = type(exc).__name__
        try:
            await run_in_threadpool(service.runner.load)
            checks["ocr"] = "ok"
        except Exception as exc:
            checks["ocr"] = type(exc).__name__
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status_code=200 if ready else 503,
        )

    app.include_router(review_router)
    return app
