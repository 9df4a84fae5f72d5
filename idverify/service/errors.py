"""What the API and the reviewer page share: the API's error and the check of
ids and document numbers taken from a URL."""

from __future__ import annotations

import re

__all__ = ["ApiError", "check_id", "valid_id"]

_ID = re.compile(r"[0-9a-f]{32}")
_MAX_DOCUMENT = 1000  # document numbers in image URLs (a request holds far fewer)


class ApiError(Exception):
    """An error the API answers with ``{"error": {"code", "message"}}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def valid_id(vid: str, n: int = 0) -> bool:
    """Whether ``vid`` and document number ``n`` can exist. Checked before any
    query: a NUL or a 20-digit number must not reach the database driver."""
    return _ID.fullmatch(vid) is not None and 0 <= n < _MAX_DOCUMENT


def check_id(vid: str, n: int = 0) -> None:
    """:func:`valid_id`, as a 404 :class:`ApiError`."""
    if not valid_id(vid, n):
        raise ApiError(404, "NOT_FOUND", "no such verification")
