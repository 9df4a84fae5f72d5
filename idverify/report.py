"""The verdict as the JSON object of CONTRACT.md §1.

Only the fields the contract lists go out; sensitive values are never part of a
reading, so they cannot leak from here.
"""

from __future__ import annotations

from typing import Any

from idverify.pipeline import VerificationResult

__all__ = ["OUTPUT_FIELDS", "to_dict"]

# The extracted fields reported to the caller, in this order.
OUTPUT_FIELDS = ("name", "address", "birth_date", "expiry_date", "issue_date")


def to_dict(result: VerificationResult) -> dict[str, Any]:
    """The contract's JSON object for ``result``."""
    decision = result.decision
    documents: list[dict[str, Any]] = []
    for i, doc in enumerate(result.documents):
        reading = doc.evidence.reading
        entry: dict[str, Any] = {"file": doc.file}
        if reading is None:
            entry["type"] = "unknown"
            if doc.error:
                entry["error"] = doc.error
        else:
            entry["type"] = reading.type
            entry["side"] = reading.side
            if reading.has_photo is not None:
                entry["has_photo"] = reading.has_photo
            entry["fields"] = {
                key: reading.fields[key].value for key in OUTPUT_FIELDS if key in reading.fields
            }
            entry["scores"] = decision.scores.get(i, {})
        documents.append(entry)
    reasons = []
    for r in decision.reasons:
        reason: dict[str, Any] = {
            "code": r.code,
            "severity": r.severity.value,
            "message": r.message,
        }
        if r.document is not None:
            reason["document"] = r.document
        reasons.append(reason)
    return {
        "verdict": decision.verdict.value,
        "reasons": reasons,
        "documents": documents,
        "elapsed_ms": result.elapsed_ms,
    }
