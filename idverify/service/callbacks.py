"""Signed result callbacks to DSAR platforms.

The body is the verification's JSON (as ``GET /v1/verifications/{id}`` returns
it). Headers:

- ``X-Idverify-Timestamp``: Unix seconds when the attempt was signed;
- ``X-Idverify-Signature``: ``sha256=`` + hex HMAC-SHA256 over
  ``<timestamp>.<body>`` with the API key's callback secret (shown once, when the
  key was created). A receiver recomputes it, compares in constant time, and
  refuses timestamps more than a few minutes old (replays).

Non-2xx answers and network errors are retried with exponential backoff. A
callback address must resolve to public addresses only (no loopback, private,
link-local or reserved ones: the service must not be made to probe its own
network), checked when the request arrives and again at each delivery, where
the connection is pinned to the address checked (DNS cannot change it between).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
import socket
import time
from urllib.parse import urlsplit

import httpx

__all__ = ["CallbackRefusedError", "callback_url_problem", "deliver", "resolve_public", "sign"]

log = logging.getLogger(__name__)


class CallbackRefusedError(Exception):
    """The callback address is not one the service may call."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Idverify-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def callback_url_problem(url: str, allow_http: bool) -> str | None:
    """Why ``url`` cannot be a callback address (its form only), or None."""
    if len(url) > 2000:
        return "callback_url is too long"
    if not url.isascii() or not url.isprintable() or " " in url:
        return "callback_url must be a plain ASCII URL (IDNs in punycode)"
    try:
        parts = urlsplit(url)
        port = parts.port
        httpx.URL(url)
    except ValueError:
        return "callback_url is not a valid URL"
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes:
        return "callback_url must be an https URL"
    if not parts.hostname:
        return "callback_url has no host"
    if parts.username or parts.password:
        return "callback_url must not carry credentials"
    if port == 0:
        return "callback_url has no valid port"
    return None


def resolve_public(url: str, allow_private: bool) -> str:
    """The address to connect to for ``url``: every address its host resolves to
    must be public (unless ``allow_private``, for local set-ups and tests)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise CallbackRefusedError("callback host does not resolve") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise CallbackRefusedError("callback host does not resolve")
    if not allow_private:
        for address in addresses:
            mapped = getattr(address, "ipv4_mapped", None) or address
            if not mapped.is_global or mapped.is_multicast:
                raise CallbackRefusedError("callback host is not a public address")
    return str(addresses[0])


def _pinned(url: str, address: str) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """``url`` with its host replaced by ``address``; the Host header and TLS
    server name keep the real host (the certificate is checked against it)."""
    original = httpx.URL(url)
    pinned = original.copy_with(host=address)
    host_header = original.host if original.port is None else f"{original.host}:{original.port}"
    extensions = {"sni_hostname": original.host} if original.scheme == "https" else {}
    return pinned, {"Host": host_header}, extensions


async def deliver(
    url: str,
    body: bytes,
    secret: str,
    *,
    attempts: int,
    backoff_s: float,
    timeout_s: float,
    verification_id: str,
    allow_private: bool = False,
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
                address = await asyncio.to_thread(resolve_public, url, allow_private)
                target, host, extensions = _pinned(url, address)
                response = await client.post(
                    target, content=body, headers={**headers, **host}, extensions=extensions
                )
                status = response.status_code
                if 200 <= status < 300:
                    return True, attempt, status
            except CallbackRefusedError:
                log.warning("callback refused: the host is not a public address")
                return False, attempt, None
            except Exception as exc:  # the receiver's failure, whatever its kind
                status = None
                # The exception's text may hold the URL: only its type is logged.
                log.info("callback attempt %d failed: %s", attempt, type(exc).__name__)
            if attempt < attempts:
                await asyncio.sleep(backoff_s * 2 ** (attempt - 1))
    return False, attempts, status
