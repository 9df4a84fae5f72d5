"""Document types, one module each, registered explicitly in :data:`REGISTRY`."""

from __future__ import annotations

from idverify.documents.base import DocumentModule, Identification, reads_sideways
from idverify.documents.drivers_license import DriversLicense
from idverify.documents.health_insurance_card import HealthInsuranceCard
from idverify.documents.my_number_card import MyNumberCard
from idverify.documents.passport import Passport
from idverify.documents.residence_card import ResidenceCard
from idverify.documents.resident_certificate import ResidentCertificate
from idverify.models import OcrResult

__all__ = ["REGISTRY", "DocumentModule", "Identification", "classify", "module_for"]

# Order matters only for ties: the more specific type first.
REGISTRY: tuple[DocumentModule, ...] = (
    Passport(),
    ResidenceCard(),
    MyNumberCard(),
    DriversLicense(),
    HealthInsuranceCard(),
    ResidentCertificate(),
)


def classify(ocr: OcrResult) -> tuple[DocumentModule, Identification] | None:
    """The document type and side that ``ocr`` shows most convincingly, if any.

    None for a reading whose lines run down the image: read on its side, a
    document's lines come out as vertical text, and a label among them may be
    another document's mark (a resident certificate photographed sideways was
    taken for a license back by its 備考 row: dev hard photo, seed 2967, request
    47, whose 個人番号 row then went unchecked). Only a reading of the document
    upright may name its type."""
    if reads_sideways(ocr):
        return None
    best: tuple[DocumentModule, Identification] | None = None
    for module in REGISTRY:
        ident = module.identify(ocr)
        if ident is not None and (best is None or ident.score > best[1].score):
            best = (module, ident)
    return best


def module_for(type_name: str) -> DocumentModule:
    """The registered module of ``type_name``; ``ValueError`` listing the valid names."""
    for module in REGISTRY:
        if module.type_name == type_name:
            return module
    valid = ", ".join(m.type_name for m in REGISTRY)
    raise ValueError(f"unknown document type {type_name!r}; valid types: {valid}")
