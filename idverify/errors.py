"""The exceptions idverify raises when it cannot produce a verdict.

A mismatch is never an exception: it is a reason in the verdict. Exceptions are
for what prevents a verdict at all. The tree::

    IdVerifyError
    ├── ImageUnreadableError     the bytes are not a decodable image or PDF, or too large
    ├── OcrError                 the OCR engine failed
    │   ├── OcrUnavailableError  Tesseract or its Japanese model is not installed
    │   └── OcrTimeoutError      recognition took longer than allowed
    └── ConfigError              an unknown policy or a bad configuration value
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "IdVerifyError",
    "ImageUnreadableError",
    "OcrError",
    "OcrTimeoutError",
    "OcrUnavailableError",
]


class IdVerifyError(Exception):
    """Base of every error idverify raises on purpose."""


class ImageUnreadableError(IdVerifyError):
    """The upload is not a readable image or PDF (or is too large to read safely)."""


class OcrError(IdVerifyError):
    """The OCR engine failed to recognise an image."""


class OcrUnavailableError(OcrError):
    """Tesseract or its Japanese model is missing."""


class OcrTimeoutError(OcrError):
    """Recognition did not finish within the configured time."""


class ConfigError(IdVerifyError, ValueError):
    """A configuration value or a policy name is not valid."""
