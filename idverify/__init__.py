"""idverify: verify Japanese identity documents for data-subject access requests.

    >>> from idverify import Claim, Upload, Verifier
    >>> verifier = Verifier()                                  # doctest: +SKIP
    >>> result = verifier.verify([Upload("front.jpg", data)],  # doctest: +SKIP
    ...                          Claim(name="山田 太郎"))
    >>> result.decision.verdict                                # doctest: +SKIP
    <Verdict.PASS: 'pass'>

The library reads no environment and keeps no global state; the CLI
(:mod:`idverify.cli`) and the service build a :class:`Settings` and hand it over.
"""

from idverify.config import Settings
from idverify.errors import (
    ConfigError,
    IdVerifyError,
    ImageUnreadableError,
    OcrError,
    OcrTimeoutError,
    OcrUnavailableError,
)
from idverify.models import Claim, MatchOutcome, MatchResult, Reason, Severity, Verdict
from idverify.pipeline import DocumentResult, Upload, VerificationResult, Verifier
from idverify.policy import Policy, get_policy

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "ConfigError",
    "DocumentResult",
    "IdVerifyError",
    "ImageUnreadableError",
    "MatchOutcome",
    "MatchResult",
    "OcrError",
    "OcrTimeoutError",
    "OcrUnavailableError",
    "Policy",
    "Reason",
    "Settings",
    "Severity",
    "Upload",
    "Verdict",
    "VerificationResult",
    "Verifier",
    "get_policy",
]
