"""What each supported document type shows: the facts the verdict's rules need.

From ``shared/domain/japanese-id-documents.md``: which side identifies the holder,
whether it carries a photo, an address, a validity date and a birth date, and
whether it is a certificate dated by its issue (a resident certificate must be
recent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["DOC_TYPES", "DocType"]


@dataclass(frozen=True, slots=True)
class DocType:
    """One document type's facts."""

    name: str
    identity_side: str  # the side that names the holder (and carries the photo)
    has_photo: bool
    shows_address: bool
    has_expiry: bool
    has_birth_date: bool
    certificate: bool = False  # judged by its issue date (CERTIFICATE_TOO_OLD)
    latin_name: bool = False  # prints the name in Latin letters (passport Hepburn)
    # The shape it is rectified to: "id1" (a card, 85.60 × 53.98 mm), "iso" (√2,
    # landscape: a passport's photo page) or "page" (A4 portrait: a certificate).
    frame: str = "id1"


DOC_TYPES: Mapping[str, DocType] = MappingProxyType(
    {
        t.name: t
        for t in (
            DocType("drivers_license", "front", True, True, True, True),
            DocType("my_number_card", "front", True, True, True, True),
            # A passport shows no address (the holder writes it in by hand, if at all).
            DocType(
                "passport", "photo_page", True, False, True, True, latin_name=True, frame="iso"
            ),
            # A residence card prints the holder's name in Latin letters, family first.
            DocType("residence_card", "front", True, True, True, True, latin_name=True),
            # Health insurance cards (and the successor 資格確認書) carry no photo.
            DocType("health_insurance_card", "front", False, False, False, True),
            DocType(
                "resident_certificate",
                "page",
                False,
                True,
                False,
                True,
                certificate=True,
                frame="page",
            ),
        )
    }
)
