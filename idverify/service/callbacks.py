"""Signed result callbacks to DSAR platforms.

The body is the verification's JSON (as ``GET /v1/verifications/{id}`` returns
it). Headers:

- ``X-Idverify-Timestamp``: Unix seconds when the attempt was signed;
- ``X-Idverify-Signature``: ``sha256=`` + hex HMAC-SHA256 over
  ``<timestamp>.<body>`` with the API key's callback secret (shown once, when the
  key was created). A receiver recomputes it, compares in constant time, and
  refuses timestamps more than a few minutes old (replays).

Non-2xx answers and network errors are retried with exponential backoff.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from urllib.parse import urlsplit

import httpx

__all__ = ["callback_url_problem", "deliver", "sign"]

log = logging.getLogger(__name__)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Idverify-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def callback_url_problem(url: str, allow_http: bool) -> str | None:
    """Why ``url`` cannot be a callback address, or None when it can."""
    if len(url) > 2000:
        return "callback_url is too long"
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes:
        return "callback_url must be an https URL"
    if not parts.hostname:
        return "callback_url has no host"
    if parts.username or parts.password:
        return "callback_url must not carry credentials"
    return None


async def deliver(
    url: str,
    body: bytes,
    secret: str,
    *,
    attempts: int,
    backoff_s: float,
    timeout_s: float,
    verification_id: str,
) -> tuple[bool, int, int | None]:
    """POST ``body`` to ``url`` until a 2xx answer: (delivered, attempts made,
    the last HTTP status or None). Never raises for the receiver's failures."""
    status: int | None = None
    async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client:
        for attempt in range(1, attempts + 1):
            timestamp = int(time.time())
            headers = {
                "Content-Type": "application/json",
                "X-Idverify-Id": verification_id,
                "X-Idverify-Timestamp": str(timestamp),
                "X-Idverify-Signature": sign(secret, timestamp, body),
            }
            try:
                response = await client.post(url, content=body, headers=headers)
                status = response.status_code
                if 200 <= status < 300:
                    return True, attempt, status
            except httpx.HTTPError as exc:
                status = None
                # The exception's text may hold the URL: only its type is logged.
                log.info("callback attempt %d failed: %s", attempt, type(exc).__name__)
            if attempt < attempts:
                await asyncio.sleep(backoff_s * 2 ** (attempt - 1))
    return False, attempts, status
