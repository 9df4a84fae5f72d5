"""Verification policies: which documents are accepted and how much each reason weighs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from idverify.errors import ConfigError
from idverify.models import Severity
from idverify.reasons import CODES

__all__ = ["DEFAULT_POLICY", "Policy", "get_policy", "policy_names"]

# Documents that carry the holder's photo: one of them suffices (seed 001, UPWARD).
PHOTO_ID_TYPES = frozenset({"drivers_license", "my_number_card", "passport", "residence_card"})


@dataclass(frozen=True, slots=True)
class Policy:
    """A named set of rules a verification is judged by."""

    name: str
    accepted_types: frozenset[str]
    photo_id_types: frozenset[str] = PHOTO_ID_TYPES
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    # Resident certificates and similar must be recent (seed policies: within 3 months).
    certificate_max_age_days: int = 92

    def severity(self, code: str) -> Severity:
        """The severity of ``code`` under this policy."""
        return self.severity_overrides.get(code, CODES[code].severity)


DEFAULT_POLICY = Policy(
    name="default",
    accepted_types=frozenset({"drivers_license", "my_number_card"}),
)

_POLICIES: dict[str, Policy] = {DEFAULT_POLICY.name: DEFAULT_POLICY}


def policy_names() -> list[str]:
    """The names of the known policies, sorted."""
    return sorted(_POLICIES)


def get_policy(name: str) -> Policy:
    """The policy called ``name``; :class:`ConfigError` listing the valid names otherwise."""
    try:
        return _POLICIES[name]
    except KeyError:
        raise ConfigError(
            f"unknown policy {name!r}; valid policies: {', '.join(policy_names())}"
        ) from None
