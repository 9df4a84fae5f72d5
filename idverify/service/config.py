"""The service's configuration, read from the environment once at start-up.

Every setting has a default that works with no set-up: an SQLite file and a
generated encryption key in a data directory. A deployment sets at least
``IDVERIFY_ENCRYPTION_KEY`` from its secret store (the generated key file sits
beside the database it protects, which guards against a copied database, not
against a copied disk).
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from idverify.errors import ConfigError

__all__ = ["ServiceConfig"]

_KEY_FILE = "encryption.key"


def _int(env: dict[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return value


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive")
    return value


def _flag(env: dict[str, str], name: str) -> bool:
    return env.get(name, "").lower() in ("1", "true", "yes")


def _decode_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (ValueError, TypeError):
        raise ConfigError("IDVERIFY_ENCRYPTION_KEY must be base64 (32 bytes)") from None
    if len(key) != 32:
        raise ConfigError("IDVERIFY_ENCRYPTION_KEY must decode to 32 bytes (AES-256)")
    return key


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """What the service needs to run; :meth:`from_env` builds it."""

    data_dir: Path
    database_url: str
    encryption_key: bytes
    # APPI asks for data to be kept no longer than needed; 30 days covers a DSAR's
    # statutory answer period with a margin for a reviewer's second look.
    retention_days: int = 30
    # The purge also runs inside the server, this often.
    purge_interval_s: float = 3600.0
    # A request body over this is refused with 413 before it is parsed: six
    # documents at the library's 25 MiB per file would be far past any DSAR.
    max_request_bytes: int = 40 * 1024 * 1024
    max_files: int = 8
    # Callbacks: attempts and the first pause (doubled after each failure).
    callback_attempts: int = 6
    callback_backoff_s: float = 2.0
    callback_timeout_s: float = 10.0
    # Plain http callbacks leak the verdict on the wire; only for local set-ups.
    callback_allow_http: bool = False
    # Callbacks to loopback or private addresses: only for local set-ups and tests
    # (otherwise a caller could make the service probe its own network).
    callback_allow_private: bool = False
    # Verifications run at once per process (each holds ~1.5 GiB of OCR models).
    concurrency: int = 1
    # Requests held in memory per process, running or waiting; past it 503 with
    # Retry-After (each holds its uploads: 8 x 40 MiB at most).
    max_pending: int = 8
    session_hours: int = 8
    # Mark the reviewer's cookie Secure even when the request came in as http (TLS
    # ended at a proxy in front of the service).
    secure_cookies: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServiceConfig:
        """The configuration from ``IDVERIFY_*`` variables (``environ`` for tests)."""
        env = dict(os.environ if environ is None else environ)
        data_dir = Path(env.get("IDVERIFY_DATA_DIR") or "./idverify-data").resolve()
        url = env.get("IDVERIFY_DATABASE_URL") or f"sqlite:///{data_dir / 'idverify.db'}"
        raw_key = env.get("IDVERIFY_ENCRYPTION_KEY")
        key = _decode_key(raw_key) if raw_key else _key_file(data_dir)
        return cls(
            data_dir=data_dir,
            database_url=url,
            encryption_key=key,
            retention_days=_int(env, "IDVERIFY_RETENTION_DAYS", 30, minimum=1),
            purge_interval_s=_float(env, "IDVERIFY_PURGE_INTERVAL_S", 3600.0),
            max_request_bytes=_int(
                env, "IDVERIFY_MAX_REQUEST_BYTES", 40 * 1024 * 1024, minimum=1024
            ),
            max_files=_int(env, "IDVERIFY_MAX_FILES", 8, minimum=1),
            callback_attempts=_int(env, "IDVERIFY_CALLBACK_ATTEMPTS", 6, minimum=1),
            callback_backoff_s=_float(env, "IDVERIFY_CALLBACK_BACKOFF_S", 2.0),
            callback_timeout_s=_float(env, "IDVERIFY_CALLBACK_TIMEOUT_S", 10.0),
            callback_allow_http=_flag(env, "IDVERIFY_CALLBACK_ALLOW_HTTP"),
            callback_allow_private=_flag(env, "IDVERIFY_CALLBACK_ALLOW_PRIVATE"),
            concurrency=_int(env, "IDVERIFY_CONCURRENCY", 1, minimum=1),
            max_pending=_int(env, "IDVERIFY_MAX_PENDING", 8, minimum=1),
            session_hours=_int(env, "IDVERIFY_SESSION_HOURS", 8, minimum=1),
            secure_cookies=_flag(env, "IDVERIFY_SECURE_COOKIES"),
        )


def _key_file(data_dir: Path) -> bytes:
    """The data directory's own key, created on first use (mode 0600)."""
    path = data_dir / _KEY_FILE
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        key = base64.urlsafe_b64encode(secrets.token_bytes(32))
        # O_EXCL: two workers starting together must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(key)
    return _decode_key(path.read_text())
