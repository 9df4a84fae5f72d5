"""Encryption at rest: AES-256-GCM, each value bound to the row it belongs to.

The associated data names the table, row and column, so a ciphertext copied
into another row (another person's case) fails to decrypt instead of being
shown there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["DecryptionError", "Sealer"]

_VERSION = b"\x01"
_NONCE = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted (wrong key, or moved between rows)."""


class Sealer:
    """Seals and opens values with one AES-256-GCM key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("an AES-256 key is 32 bytes")
        self._aead = AESGCM(key)
        # A separate key for digests, so a digest never reveals the data key.
        self._mac_key = hmac.new(key, b"idverify digest", hashlib.sha256).digest()

    def seal(self, data: bytes, context: str) -> bytes:
        """``data`` encrypted, bound to ``context`` (e.g. ``"verification:<id>:result"``)."""
        nonce = secrets.token_bytes(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, data, context.encode())

    def open(self, blob: bytes, context: str) -> bytes:
        """The plaintext of :meth:`seal`'s ``blob`` for the same ``context``."""
        if len(blob) < 1 + _NONCE + 16 or blob[:1] != _VERSION:
            raise DecryptionError("not a sealed value")
        try:
            return self._aead.decrypt(blob[1 : 1 + _NONCE], blob[1 + _NONCE :], context.encode())
        except InvalidTag:
            raise DecryptionError("sealed value does not open here") from None

    def seal_json(self, value: Any, context: str) -> bytes:
        """:meth:`seal` of ``value`` as UTF-8 JSON."""
        return self.seal(json.dumps(value, ensure_ascii=False).encode(), context)

    def open_json(self, blob: bytes, context: str) -> Any:
        """The value :meth:`seal_json` sealed."""
        return json.loads(self.open(blob, context))

    def digest(self, data: bytes) -> str:
        """A keyed digest (HMAC-SHA256, hex): compares requests without keeping them,
        and cannot be recomputed from a guessed request without the key."""
        return hmac.new(self._mac_key, data, hashlib.sha256).hexdigest()
