"""Verification policies: which documents are accepted and how much each reason weighs.

Policies are data: TOML files (``idverify/data/policies/*.toml`` ship with the
package: ``default`` and the stricter ``photo_id_only``), selected by name with
``--policy``. A deployment may load its own file with :func:`load_policy`. A file
that names an unknown document type, reason code or severity is refused with a
:class:`ConfigError` that says what is wrong.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from idverify.doctypes import DOC_TYPES
from idverify.errors import ConfigError
from idverify.models import Severity
from idverify.reasons import CODES

__all__ = ["DEFAULT_POLICY", "Policy", "get_policy", "load_policy", "policy_names"]

# Documents that carry the holder's photo: one of them suffices (seed 001, UPWARD).
PHOTO_ID_TYPES = frozenset(t.name for t in DOC_TYPES.values() if t.has_photo)


@dataclass(frozen=True, slots=True)
class Policy:
    """A named set of rules a verification is judged by."""

    name: str
    accepted_types: frozenset[str]
    photo_id_types: frozenset[str] = PHOTO_ID_TYPES
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    # Without a photo ID, this many accepted documents of different types prove
    # identity (0: never enough).
    documents_without_photo: int = 2
    # Resident certificates and similar must be recent (seed policies: 3 months).
    certificate_max_age_months: int = 3
    description: str = ""

    def severity(self, code: str) -> Severity:
        """The severity of ``code`` under this policy."""
        return self.severity_overrides.get(code, CODES[code].severity)


def _types(value: Any, key: str, source: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: {key} must be a list of document type names")
    unknown = sorted(set(value) - set(DOC_TYPES))
    if unknown:
        raise ConfigError(
            f"{source}: unknown document type(s) {', '.join(unknown)} in {key}; "
            f"known: {', '.join(sorted(DOC_TYPES))}"
        )
    return frozenset(value)


def _int(data: Mapping[str, Any], key: str, default: int, source: str) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{source}: {key} must be a whole number >= 0")
    return value


def policy_from_mapping(data: Mapping[str, Any], source: str) -> Policy:
    """A :class:`Policy` from parsed TOML; ``source`` names it in error messages."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{source}: a policy needs a name")
    accepted = _types(data.get("accepted_types"), "accepted_types", source)
    photo = _types(data.get("photo_id_types", sorted(PHOTO_ID_TYPES)), "photo_id_types", source)
    overrides: dict[str, Severity] = {}
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f'{source}: [severity] must be a table of CODE = "severity"')
    for code, level in severity.items():
        if code not in CODES:
            raise ConfigError(f"{source}: unknown reason code {code!r} in [severity]")
        try:
            overrides[code] = Severity(level)
        except ValueError:
            valid = ", ".join(s.value for s in Severity)
            raise ConfigError(f"{source}: severity of {code} must be one of {valid}") from None
    description = data.get("description", "")
    return Policy(
        name=name,
        accepted_types=accepted,
        photo_id_types=photo,
        severity_overrides=overrides,
        documents_without_photo=_int(data, "documents_without_photo", 2, source),
        certificate_max_age_months=_int(data, "certificate_max_age_months", 3, source),
        description=description if isinstance(description, str) else "",
    )


def load_policy(path: str | Path) -> Policy:
    """The policy in the TOML file at ``path``."""
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read the policy file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    return policy_from_mapping(data, source)


@functools.cache
def _packaged() -> Mapping[str, Policy]:
    policies: dict[str, Policy] = {}
    folder = resources.files("idverify").joinpath("data/policies")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            source = f"idverify/data/policies/{entry.name}"
            policy = policy_from_mapping(tomllib.loads(entry.read_text("utf-8")), source)
            policies[policy.name] = policy
    return policies


def policy_names() -> list[str]:
    """The names of the packaged policies, sorted."""
    return sorted(_packaged())


def get_policy(name: str) -> Policy:
    """The packaged policy called ``name``; :class:`ConfigError` listing the valid
    names otherwise."""
    try:
        return _packaged()[name]
    except KeyError:
        raise ConfigError(
            f"unknown policy {name!r}; valid policies: {', '.join(policy_names())}"
        ) from None


DEFAULT_POLICY = get_policy("default")
