"""The verifier: file bytes in, verdict out.

bytes → pages (:mod:`image_io`) → rectified document (:mod:`preprocess`) → OCR
(:mod:`ocr`) → type and fields (:mod:`documents`) → sensitive checks
(:mod:`redaction`) → :func:`verdict.decide`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from idverify.config import Settings
from idverify.doctypes import DOC_TYPES
from idverify.documents import DocumentModule, classify
from idverify.documents.base import Identification, find_anchors
from idverify.documents.my_number_card import MyNumberCard
from idverify.errors import ImageUnreadableError, OcrTimeoutError, OcrUnavailableError
from idverify.gazetteer import correct_address
from idverify.image_io import RgbImage, decode_upload
from idverify.line_model import LineReading, LineRecognizer, find_line_model
from idverify.models import (
    Box,
    Claim,
    DocumentReading,
    FieldReading,
    OcrLine,
    OcrResult,
    OcrWord,
    QualityIssue,
)
from idverify.ocr import OcrEngine, PageMode, TesseractEngine
from idverify.policy import DEFAULT_POLICY, Policy
from idverify.preprocess import (
    CARD_SIZE,
    FRAME_SIZES,
    Located,
    apply_affine,
    crop_for_ocr,
    gray_by_paper,
    gray_without_marks,
    has_marks,
    is_camera_frame,
    is_portrait,
    locate_by_sides,
    locate_document,
    locate_documents,
    quad_sides,
    rectified_corners,
    rectify,
    rectify_upright,
    register,
    rotate90,
    rotate_degrees,
    stretch_faint_print,
    text_skew_degrees,
    to_gray_for_ocr,
)
from idverify.quality import QualityMeasures, find_issues, measure
from idverify.redaction import find_domicile
from idverify.verdict import Decision, DocumentEvidence, decide

__all__ = ["DocumentResult", "Upload", "VerificationResult", "Verifier"]

log = logging.getLogger(__name__)

# A reading that found this many of its type's marks, with this mean confidence,
# is taken without trying the card the other way up (saves one OCR pass).
_SURE_MARKS = 4
_SURE_CONFIDENCE = 70.0
# Labels needed to register a card on its layout, and how far (share of the card's
# width) the farthest may sit from its place before registration is worth a pass.
_MIN_ANCHORS = 4
# A card found again inside its rectified image is only worth reading again when
# its outline there leaves out this share of the image at least (a band of cloth).
_REFOUND_MAX_SHARE = 0.9
# A character read alone is read at these scales (glyphs ~40 and ~60 px).
_CHAR_SCALES = (1.0, 1.5)
_ANCHOR_TOLERANCE = 0.02
# Text rows sloping less than this are left as they are: half a degree moves the
# end of a full-width row by 9 px, a quarter of a glyph.
_MIN_SKEW_DEGREES = 0.5
# On the OCR grey image (paper at 255), the level from which a page's pixels are
# background tint: printed strokes are under ~150, a tiled security tint ~240.
_TINT_GRAY = 215
# Paper left around a line for the second recogniser (it scales the line to 48 px).
_LINE_PAD = 4
# A passport data page's width over its height (ISO/IEC 7810 ID-3, 125 x 88 mm),
# and the ratios of an outline that has a card's shape rather than that (a card's
# is 1.59): drawn on from a narrower strip, an outline could reach a document
# lying below the page.
_PASSPORT_RATIO = 125 / 88
_CARD_LIKE_RATIOS = (1.5, 1.75)


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: its name (for the report only) and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One document side as read: the rectified image, the reading, the evidence."""

    file: str
    evidence: DocumentEvidence
    image: RgbImage | None = None
    error: str | None = None  # why the file could not be read, without personal data
    quality: QualityMeasures | None = None  # how the capture measured (no content)


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """The outcome of one verification request."""

    decision: Decision
    documents: tuple[DocumentResult, ...]
    elapsed_ms: int


class _RegionReader:
    """Reads regions of one rectified document (the :class:`FieldReader` of the
    document modules), mapping boxes back to document pixels."""

    def __init__(
        self,
        engine: OcrEngine,
        gray: npt.NDArray[np.uint8],
        scales: tuple[float, ...],
        name_readings: Sequence[tuple[str, OcrEngine, float]] = (),
        line_model: LineRecognizer | None = None,
    ) -> None:
        self._engine = engine
        self._gray = gray
        self._scales = scales
        self._name_readings = name_readings
        self._line_model = line_model
        self._lines: dict[Box, LineReading] = {}
        # Tesseract reads the same crop the same way: a region read again with the
        # same engine, scale and options (a date's main reading and its witness of
        # the same model and size, a row read for its date and for its text) is
        # answered from here. Measured: 94 of 1354 field reads of 22 dev requests.
        self._memo: dict[tuple[Box, float, bool, str | None, int], OcrResult] = {}

    def read(
        self,
        region: Box,
        *,
        block: bool = False,
        allowed: str | None = None,
        zoom: float = 1.0,
    ) -> OcrResult:
        """The most confident of the readings at each configured scale."""
        best: OcrResult | None = None
        for scale in self._scales:
            result = self._read_at(region, scale * zoom, block=block, allowed=allowed)
            if best is None or _reading_strength(result) > _reading_strength(best):
                best = result
        return best or OcrResult((), self._gray.shape[1], self._gray.shape[0])

    def read_char(self, region: Box) -> tuple[str, float] | None:
        """The most confident single-character reading of ``region`` at two scales."""
        best: tuple[str, float] | None = None
        for scale in _CHAR_SCALES:
            crop = crop_for_ocr(self._gray, region, scale=scale, pad=16)
            if crop is None:
                continue
            result = _read_or_nothing(self._engine, crop.image, PageMode.SINGLE_CHAR)
            words = [w for line in result.lines for w in line.words]
            single = len(words) == 1 and len(words[0].text) == 1
            if single and (best is None or words[0].confidence > best[1]):
                best = (words[0].text, words[0].confidence)
        return best

    def read_variants(self, region: Box) -> list[OcrResult]:
        """``region`` read by each (model, scale) of the name readings."""
        return [result for readings in self.read_by_model(region) for result in readings]

    def read_by_model(self, region: Box) -> list[list[OcrResult]]:
        """The readings of :meth:`read_variants`, one list per model."""
        by_model: dict[str, list[OcrResult]] = {}
        for model, engine, scale in self._name_readings:
            result = self._read_at(region, scale, block=False, allowed=None, engine=engine)
            by_model.setdefault(model, []).append(result)
        return list(by_model.values())

    def read_line(self, region: Box) -> LineReading | None:
        """``region`` read by the second recogniser, if it is installed."""
        if self._line_model is None:
            return None
        if region not in self._lines:
            # A few pixels of paper around the line, as the model saw in training
            # (Tesseract's crops get more: its line finder needs them).
            crop = crop_for_ocr(self._gray, region, pad=_LINE_PAD)
            self._lines[region] = (
                self._line_model.read(crop.image) if crop is not None else LineReading("", ())
            )
        return self._lines[region]

    def _read_at(
        self,
        region: Box,
        scale: float,
        *,
        block: bool,
        allowed: str | None,
        engine: OcrEngine | None = None,
    ) -> OcrResult:
        engine = engine or self._engine
        key = (region, scale, block, allowed, id(engine))
        if key not in self._memo:
            self._memo[key] = self._read_once(region, scale, block, allowed, engine)
        return self._memo[key]

    def _read_once(
        self, region: Box, scale: float, block: bool, allowed: str | None, engine: OcrEngine
    ) -> OcrResult:
        crop = crop_for_ocr(self._gray, region, scale=scale)
        if crop is None:
            return OcrResult((), self._gray.shape[1], self._gray.shape[0])
        mode = PageMode.SINGLE_BLOCK if block else PageMode.SINGLE_LINE
        result = _read_or_nothing(engine, crop.image, mode, allowed=allowed)
        if not result.lines and not block:
            # Tesseract's single-line mode returns nothing for some lines (measured:
            # 3 of 40 names, e.g. 渡邊 in Mincho); the raw-line mode still reads
            # some of them, the block mode others (高橋 彩 over a faint wave
            # pattern: block 91, raw line 0-59 garbage). The more confident counts.
            tries = [
                _read_or_nothing(engine, crop.image, fallback, allowed=allowed)
                for fallback in (PageMode.RAW_LINE, PageMode.SINGLE_BLOCK)
            ]
            result = max(tries, key=_reading_strength)
        lines = tuple(
            OcrLine(tuple(OcrWord(w.text, crop.to_source(w.box), w.confidence) for w in line.words))
            for line in result.lines
        )
        return OcrResult(lines, self._gray.shape[1], self._gray.shape[0])


def _read_or_nothing(
    engine: OcrEngine,
    image: npt.NDArray[np.uint8],
    mode: PageMode,
    *,
    allowed: str | None = None,
) -> OcrResult:
    """``engine``'s reading of ``image``, or an empty reading when Tesseract ran out
    of time on it.

    Every read here is one attempt among several (a candidate crop of the photo,
    a field at one scale or in one mode): a crop that took in a cluttered desk
    can keep the layout analysis busy past the timeout, and so can the raw-line
    mode on a noisy field (dev hard photos, seed 2801: 9 reads in 48 requests).
    Its timeout must not end the request; the other attempts may still read it,
    and a document read from none is judged as not recognised."""
    try:
        return engine.read(image, mode, allowed=allowed)
    except OcrTimeoutError:
        log.warning("an OCR read (mode %d) timed out; taken as unreadable", int(mode))
        h, w = image.shape[:2]
        return OcrResult((), w, h)


@dataclass(frozen=True, slots=True)
class _Source:
    """A candidate image of the document: where it was found, how often it was
    turned a quarter clockwise, and the page it came from (to rectify again)."""

    image: RgbImage
    place: Located
    turns: int
    origin: RgbImage


_Candidate = tuple[tuple[float, float], _Source, npt.NDArray[np.uint8], OcrResult]
# Share of a rectified card's width and height whitened before a second reading
# when nothing was recognised: the card's own print starts ~3.5 % in (3 mm).
_WHITE_BORDER = 0.03


def _frame_of(type_name: str) -> str:
    """The frame a document of ``type_name`` is read in (``DocType.frame``)."""
    return DOC_TYPES[type_name].frame if type_name in DOC_TYPES else "id1"


def _page_fits(frame: str, type_name: str) -> bool:
    """Whether a document of ``type_name`` may be taken as read in ``frame``: the
    portrait A4 frame holds only documents printed on such a page."""
    return frame != "page" or _frame_of(type_name) == "page"


def _sure(key: tuple[float, float]) -> bool:
    """Whether a reading scored ``key`` (marks, mean confidence) is certainly its type."""
    return key[0] >= _SURE_MARKS and key[1] >= _SURE_CONFIDENCE


def _turned(image: RgbImage, quarters: int) -> RgbImage:
    """``image`` turned ``quarters`` quarter turns clockwise."""
    for _ in range(quarters % 4):
        image = rotate90(image)
    return image


def _upright_corners(source: _Source) -> npt.NDArray[np.float32] | None:
    """The outline's corners in the page, in the document's reading order (TL, TR,
    BR, BL once the candidate is upright); ``None`` for a whole-image candidate."""
    corners = source.place.corners
    if corners is None:
        return None
    return np.roll(rectified_corners(corners, source.place.frame), source.turns, axis=0)


def _upright_turns(source: _Source) -> int:
    """The clockwise quarter turns that bring the page ``source`` was found on
    nearest to upright, judged by the outline's reading."""
    upright = _upright_corners(source)
    if upright is None:
        return source.turns
    tl, tr = upright[:2]
    dx, dy = float(tr[0] - tl[0]), float(tr[1] - tl[1])
    # A quarter turn clockwise takes a direction (dx, dy) to (-dy, dx): the turn
    # that makes the document's top edge run most nearly left to right.
    runs = [dx, -dy, -dx, dy]  # the x part of (dx, dy) after 0, 1, 2, 3 turns
    return int(np.argmax(runs))


# The share of a photo an A4 page lying sideways covers at least: a page is framed
# close to be legible (the benchmark's hard photos: 0.40-0.63), a card covers up
# to ~0.3 in a hard photo (35-60 % of the frame's long side) and ~0.47 in an easy.
_PAGE_SHARE = 0.35


def _as_pages(page: RgbImage, places: Sequence[Located]) -> list[_Source]:
    """Each outline among ``places`` that may be an A4 page but was not rectified as
    one, rectified so (both ways up): the candidates of a page taken for a card.

    A page may be an outline standing upright in the photo, or one lying
    landscape that covers :data:`_PAGE_SHARE` of it (a card, photographed
    landscape, covers less: read as a page it would cost a second for nothing)."""
    out: list[_Source] = []
    seen: list[npt.NDArray[np.float32]] = []
    area = page.shape[0] * page.shape[1]
    for place in places:
        quad = place.corners
        if quad is None or any(np.array_equal(quad, q) for q in seen):
            continue
        if not is_portrait(quad) and cv2.contourArea(quad) < _PAGE_SHARE * area:
            continue
        seen.append(quad)
        if any(
            p.frame == "page" and p.corners is not None and np.array_equal(p.corners, quad)
            for p in places
        ):
            continue
        located = Located(rectify(page, quad, "page"), quad, "page")
        out += [_Source(_turned(located.image, turns), located, turns, page) for turns in (0, 2)]
    return out


def _whiten_border(image: RgbImage) -> RgbImage:
    """``image`` with a white frame of :data:`_WHITE_BORDER` over its edges."""
    out = image.copy()
    h, w = out.shape[:2]
    bx, by = max(1, round(w * _WHITE_BORDER)), max(1, round(h * _WHITE_BORDER))
    out[:by] = 255
    out[-by:] = 255
    out[:, :bx] = 255
    out[:, -bx:] = 255
    return out


def _without_tint(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """``gray`` (an OCR grey image, paper at 255) with every pixel from
    :data:`_TINT_GRAY` up made paper: a page's tinted background pattern goes,
    print stays."""
    return np.where(gray >= _TINT_GRAY, 255, gray).astype(np.uint8)


def _reading_strength(result: OcrResult) -> float:
    """How much to trust a reading, independent of what it says: the mean word
    confidence. (Choosing by agreement with the claim would bias towards a pass.)"""
    return result.mean_confidence


class Verifier:
    """Verifies requests. Holds the OCR engine so that its model loads once."""

    def __init__(self, settings: Settings | None = None, engine: OcrEngine | None = None) -> None:
        self.settings = settings or Settings()
        self._engine = engine
        self._injected = engine is not None
        self._models: dict[str, OcrEngine | None] = {}
        self._line: LineRecognizer | None = None
        self._line_loaded = False

    @property
    def engine(self) -> OcrEngine:
        """The OCR engine, created on first use together with the name-reading
        models: loading a Tesseract model sets some of Tesseract's parameters
        process-wide (a model's own config), and the main engine then lays a page
        out a little differently (a certificate's mean confidence 92.0 before,
        93.5 after). Loaded together, every request is read the same way, the
        first one included."""
        if self._engine is None:
            self._engine = TesseractEngine(self.settings.ocr)
            self._name_readings()
            self._line_model()
        return self._engine

    def _name_readings(self) -> list[tuple[str, OcrEngine, float]]:
        """The (model, engine, scale) triples that vote on a name, engines loaded once.

        A model that is not installed (scripts/fetch_models.py not run) is left
        out with a warning: fewer opinions can send more names to review, never
        pass one. An injected engine (tests) reads every vote itself."""
        readings: list[tuple[str, OcrEngine, float]] = []
        for language, scale in self.settings.ocr.name_readings:
            engine = self._model(language)
            if engine is not None:
                readings.append((language, engine, scale))
        return readings

    def _line_model(self) -> LineRecognizer | None:
        """The second line recogniser (:mod:`idverify.line_model`), loaded once.

        Not installed (scripts/fetch_models.py not run), it is left out with a
        warning: what it would have confirmed or read right goes to review,
        none passes. An injected engine (tests of the logic) reads without it."""
        if not self._line_loaded:
            self._line_loaded = True
            path = None if self._injected else find_line_model(self.settings.ocr.line_model_dir)
            if path is None and not self._injected:
                log.warning("line model not installed: every field is read by Tesseract alone")
            self._line = LineRecognizer(path) if path is not None else None
        return self._line

    def _model(self, language: str) -> OcrEngine | None:
        if self._injected or language == self.settings.ocr.language:
            return self.engine
        if language not in self._models:
            try:
                settings = dataclasses.replace(self.settings.ocr, language=language)
                self._models[language] = TesseractEngine(settings)
            except OcrUnavailableError as exc:
                log.warning("name model left out of the vote: %s", exc)
                self._models[language] = None
        return self._models[language]

    def verify(
        self,
        uploads: Sequence[Upload],
        claim: Claim,
        *,
        policy: Policy = DEFAULT_POLICY,
        today: dt.date | None = None,
    ) -> VerificationResult:
        """Read every upload and judge the request."""
        started = time.perf_counter()
        today = today or dt.date.today()
        documents: list[DocumentResult] = []
        for upload in uploads:
            documents.extend(self._read_upload(upload))
        decision = decide([d.evidence for d in documents], claim, policy, today, self.settings)
        elapsed = int((time.perf_counter() - started) * 1000)
        log.info(
            "verified %d document(s): verdict=%s reasons=%s in %d ms",
            len(documents),
            decision.verdict.value,
            ",".join(r.code for r in decision.reasons),
            elapsed,
        )
        return VerificationResult(decision, tuple(documents), elapsed)

    def _read_upload(self, upload: Upload) -> list[DocumentResult]:
        try:
            pages = decode_upload(upload.data, self.settings.image)
        except ImageUnreadableError as exc:
            log.info("file %d bytes unreadable: %s", len(upload.data), exc)
            return [
                DocumentResult(
                    upload.filename, DocumentEvidence(None, unreadable=True), None, str(exc)
                )
            ]
        return [result for page in pages for result in self.read_documents(upload.filename, page)]

    def _deskew(
        self,
        module: DocumentModule,
        image: RgbImage,
        gray: npt.NDArray[np.uint8],
        ocr: OcrResult,
    ) -> tuple[RgbImage, npt.NDArray[np.uint8], OcrResult]:
        """Turn the card level when its text rows slope (an outline found a degree
        or two off): a sloping row drifts into the next row's region at its end."""
        angle = text_skew_degrees(ocr)
        if angle is None or abs(angle) < _MIN_SKEW_DEGREES:
            return image, gray, ocr
        repaired = self._if_it_reads_better(
            module, (image, gray, ocr), rotate_degrees(image, angle)
        )
        if repaired[0] is not image:
            log.info("card levelled by %.1f degrees", angle)
        return repaired

    def _if_it_reads_better(
        self,
        module: DocumentModule,
        current: tuple[RgbImage, npt.NDArray[np.uint8], OcrResult],
        repaired: RgbImage,
        *,
        need_confidence: bool = True,
        gray_of: Callable[[RgbImage], npt.NDArray[np.uint8]] = to_gray_for_ocr,
    ) -> tuple[RgbImage, npt.NDArray[np.uint8], OcrResult]:
        """``repaired`` with its OCR if it is still read as ``module``'s type and at
        least as confidently as ``current``; else ``current``. Levelling and
        registration are repairs: they must not make a card read worse.
        (Without ``need_confidence``, being read as the same type is enough: a
        page in its own shape is read right even where a squeezed one read
        more confidently.) ``gray_of`` makes the image Tesseract reads."""
        gray = gray_of(repaired)
        ocr = _read_or_nothing(self.engine, gray, PageMode.AUTO)
        again = classify(ocr)
        if again is None or again[0].type_name != module.type_name:
            return current
        if need_confidence and ocr.mean_confidence < current[2].mean_confidence:
            return current
        return repaired, gray, ocr

    def _found_again(
        self,
        module: DocumentModule,
        side: str,
        current: tuple[RgbImage, npt.NDArray[np.uint8], OcrResult],
    ) -> tuple[RgbImage, npt.NDArray[np.uint8], OcrResult]:
        """A card looked for again inside its own rectified image, when too few of its
        labels read for a registration: an outline found on a patterned cloth may
        take in a band of the cloth around a slanted card (dev hard photo, seed
        2968, request 43: a My Number card on a red check read at 39 % with one
        label found). Inside that image the card's own edges stand out; found
        there, it is kept if it reads as the same type at least as confidently."""
        image, _, ocr = current
        if _frame_of(module.type_name) != "id1":
            return current
        observed, _ = find_anchors(ocr, module.ANCHORS.get(side, {}), *CARD_SIZE)
        if len(observed) >= _MIN_ANCHORS:
            return current
        found = locate_document(image)
        if not found or found[0].corners is None:
            return current
        h, w = image.shape[:2]
        share = abs(float(cv2.contourArea(found[0].corners))) / (h * w)
        if share > _REFOUND_MAX_SHARE:
            return current  # the card already fills its image
        for gray_of in (to_gray_for_ocr, gray_by_paper):
            # Evened by the paper's level the card may read where the median's
            # evening did not: a card of ~800 px enlarged to its frame has bold
            # strokes wider than the median's reach (the same card: no type found
            # at 54 %, six labels of a My Number card at 69 %).
            repaired = self._if_it_reads_better(module, current, found[0].image, gray_of=gray_of)
            if repaired[0] is not image:
                log.info("card found again inside its outline (%.0f %% of it)", 100 * share)
                return repaired
        return current

    def _reader(self, gray: npt.NDArray[np.uint8]) -> _RegionReader:
        """The field reader of one document's OCR grey."""
        return _RegionReader(
            self.engine,
            gray,
            self.settings.ocr.field_scales,
            self._name_readings(),
            self._line_model(),
        )

    def _page_below(
        self, module: DocumentModule, side: str, source: _Source
    ) -> tuple[RgbImage, npt.NDArray[np.uint8], OcrResult, DocumentReading] | None:
        """A passport page whose zone was not read for sure ("uncertain"), read
        again with its outline drawn on down to a passport page's shape, where
        the outline found has a card's: the zone lies in a paler band across
        the page's foot, and an outline may stop at that band's edge (a dev hard photo, seed 2976,
        request 14: the outline at 1.59, the zone's second line cut off, "zone
        not found"). Kept only where its zone then checks; ``None`` otherwise."""
        upright = _upright_corners(source)
        if upright is None or _frame_of(module.type_name) != "iso":
            return None
        tl, tr, br, bl = upright
        width, height = quad_sides(upright)
        if height <= 0 or not _CARD_LIKE_RATIOS[0] <= width / height <= _CARD_LIKE_RATIOS[1]:
            return None
        stretch = width / _PASSPORT_RATIO / height
        longer = np.array(
            [tl, tr, tr + (br - tr) * stretch, tl + (bl - tl) * stretch], dtype=np.float32
        )
        image = rectify_upright(source.origin, longer, FRAME_SIZES["iso"])
        gray = to_gray_for_ocr(image)
        # Not classified again: a zone that checks is the surest mark of a passport.
        ocr = _read_or_nothing(self.engine, gray, PageMode.AUTO)
        reader = self._reader(gray)
        reading = module.extract(ocr, side, image, reader)
        if reading.mrz is None or reading.mrz.status != "valid":
            return None
        log.info("passport page read again down to its foot")
        return image, gray, ocr, reading

    def _register(
        self,
        module: DocumentModule,
        side: str,
        image: RgbImage,
        gray: npt.NDArray[np.uint8],
        ocr: OcrResult,
    ) -> tuple[RgbImage, npt.NDArray[np.uint8], OcrResult]:
        """Move the card onto its layout by its printed labels when they sit away
        from where the layout puts them (the outline search went wrong)."""
        h, w = image.shape[:2]
        observed, template = find_anchors(ocr, module.ANCHORS.get(side, {}), *CARD_SIZE)
        if len(observed) < _MIN_ANCHORS:
            return image, gray, ocr
        scale_x, scale_y = CARD_SIZE[0] / w, CARD_SIZE[1] / h
        offsets = [
            np.hypot(ox * scale_x - tx, oy * scale_y - ty)
            for (ox, oy), (tx, ty) in zip(observed, template, strict=True)
        ]
        if max(offsets) < _ANCHOR_TOLERANCE * CARD_SIZE[0]:
            return image, gray, ocr
        matrix = register(observed, template)
        if matrix is None:
            return image, gray, ocr
        repaired = self._if_it_reads_better(module, (image, gray, ocr), apply_affine(image, matrix))
        if repaired[0] is not image:
            log.info("card registered on its layout by %d labels", len(observed))
        return repaired

    def _best_candidate(
        self,
        candidates: Sequence[_Source],
        gray_of: Callable[[RgbImage], npt.NDArray[np.uint8]] = to_gray_for_ocr,
    ) -> _Candidate:
        """The candidate image that reads most like a known document: most of its
        type's marks, then the highest mean OCR confidence. ``gray_of`` makes the
        image Tesseract reads.

        Once a reading of a place finds :data:`_SURE_MARKS` of a type's marks, that
        place lies the right way up: its other turns are not read (a card upside
        down reads as garbage, never as four of its labels). Each such reading of
        a page or photo takes ~0.5 s; a dim or small card read under the sure
        confidence had all its turns read (44 dev requests, seed 1234: 18 of 160
        page readings saved, the same verdicts and reasons)."""
        best: _Candidate | None = None
        upright: set[int] = set()  # places a reading found the right way up
        for source in candidates:
            if id(source.place) in upright:
                continue
            gray = gray_of(source.image)
            ocr = _read_or_nothing(self.engine, gray, PageMode.AUTO)
            found = classify(ocr)
            if found is not None and not _page_fits(source.place.frame, found[0].type_name):
                # A passport page read sideways in the portrait A4 frame (the two
                # share √2): which way up it belongs is unknown there. The
                # passport's own frame reads it upright.
                found = None
            key = (found[1].score if found else 0.0, ocr.mean_confidence)
            if best is None or key > best[0]:
                best = (key, source, gray, ocr)
            if _sure(key):
                break
            if key[0] >= _SURE_MARKS:
                upright.add(id(source.place))
        assert best is not None  # there is always at least one candidate
        return best

    def _in_its_frame(
        self,
        module: DocumentModule,
        source: _Source,
        current: tuple[RgbImage, npt.NDArray[np.uint8], OcrResult],
    ) -> tuple[RgbImage, npt.NDArray[np.uint8], OcrResult]:
        """The document rectified to its own type's shape, when it was found as an
        outline and read in the other shape (a passport page read as a card)."""
        frame = _frame_of(module.type_name)
        upright = _upright_corners(source)
        if upright is None or source.place.frame in ("whole", frame):
            return current
        image = rectify_upright(source.origin, upright, FRAME_SIZES[frame])
        return self._if_it_reads_better(module, current, image, need_confidence=False)

    def _or_the_whole_page(self, page: RgbImage, best: _Candidate) -> _Candidate:
        """A certificate (an A4 page) found by an outline may have been found by a
        frame printed on the page (a resident certificate's table): the whole
        image, read as it is, then shows more of the document (its title and
        attestation, outside the table) and outscores the outline. (Not for a
        passport: its page's outline is the document's own edge.)"""
        found = classify(best[3])
        # An outline of a portrait page's shape is the page's own edge (a photo).
        if found is None or best[1].place.corners is None or best[1].place.frame == "page":
            return best
        doc_type = DOC_TYPES.get(found[0].type_name)
        if doc_type is None or not doc_type.certificate:
            return best
        whole = Located(page, None, "whole")
        # The outline's reading says which way up the document lies in the photo:
        # the whole page is read that way up only. (Each reading of a whole phone
        # photo of a page on a patterned cloth takes 15-60 s: dev hard photos,
        # seed 2801; four of them per request ran the benchmark over its budget.)
        turns = _upright_turns(best[1])
        alt = self._best_candidate([_Source(_turned(page, turns), whole, turns, page)])
        return alt if alt[0][0] > best[0][0] else best

    def read_documents(self, filename: str, page: RgbImage) -> list[DocumentResult]:
        """Every document on one page image: the main one (always, recognised or
        not), then each further outline that reads as a document of its own (a
        card's back scanned beside its front; two cards on one A4 page). An
        outline that reads as nothing is left out: a printed frame, a photo, an
        object beside the card."""
        groups = locate_documents(page)
        results = [self._read_places(filename, page, groups[0])]
        for places in groups[1:]:
            extra = self._read_places(filename, page, places, extra=True)
            if extra.evidence.reading is not None:
                results.append(extra)
        return results

    def read_page(self, filename: str, page: RgbImage) -> DocumentResult:
        """Locate, straighten, OCR and interpret the main document of one page image."""
        return self._read_places(filename, page, locate_document(page))

    def _read_places(
        self, filename: str, page: RgbImage, places: Sequence[Located], *, extra: bool = False
    ) -> DocumentResult:
        """Read the document found at ``places`` (its candidate rectifications).
        An ``extra`` document (a further outline) is not retried with its border
        whitened nor compared with the whole page: it is kept only if it reads."""
        candidates: list[_Source] = []
        for place in places:
            # A portrait image may hold a landscape card: try the quarter turns too.
            # (An outline is rectified in its frame's orientation: only upside
            # down is left to try.)
            portrait = place.corners is None and place.image.shape[0] > place.image.shape[1]
            for turns in (0, 2, 1, 3) if portrait else (0, 2):
                candidates.append(_Source(_turned(place.image, turns), place, turns, page))
        best = self._best_candidate(candidates)
        if best[0][0] == 0 and not extra:
            # Nothing recognised. An A4 page photographed at a slant, its near edge
            # longer, can have a card's proportions (dev hard photos: seed 2975, a
            # resident certificate's outline at 1.52, read squeezed as a card and
            # an ISO page, recognised as neither; seed 2976, one lying sideways).
            # Only for what nothing else recognised: two readings.
            pages = _as_pages(page, places)
            if pages:
                retry = self._best_candidate(pages)
                if retry[0][0] > 0:
                    best = retry
        if best[0][0] == 0 and not extra:
            # Nothing recognised. A crop that caught a strip of patterned cloth
            # along the card's edge can wreck Tesseract's layout analysis (whole
            # rows lost); with that strip whitened the card reads.
            retry = self._best_candidate(
                [dataclasses.replace(c, image=_whiten_border(c.image)) for c in candidates]
            )
            if retry[0] > best[0]:
                best = retry
        painted_as: tuple[DocumentModule, Identification] | None = None
        painted_source: _Source | None = None
        if best[0][0] == 0 and not extra:
            # Nothing still: a QR code's block, or a marker's block beside a
            # label, loses Tesseract the rows beside it; read with them painted
            # over (:func:`gray_without_marks`), the rows say what the document
            # is. Only the candidates that show either (most show neither: no
            # second reading). Its fields and sensitive values are then read from
            # the grey as it is, as every document's: painted, a legible number
            # beside a block could be hidden from the check that looks for it.
            # (Painted for every document, the readings of recognised ones
            # changed, their registration with them: a dev passport's blacked-out
            # 本籍 fell outside its region, review.)
            marked = [c for c in candidates if has_marks(c.image)]
            if marked:
                retry = self._best_candidate(marked, gray_without_marks)
                if retry[0] > best[0]:
                    painted_as, painted_source = classify(retry[3]), retry[1]
                    plain = to_gray_for_ocr(retry[1].image)
                    plain_ocr = _read_or_nothing(self.engine, plain, PageMode.AUTO)
                    best = (retry[0], retry[1], plain, plain_ocr)
        if best[0][0] == 0 and not extra and best[1].place.corners is not None:
            # Still nothing. Under blur, the median that evens the light out for
            # Tesseract follows a bold name's strokes and greys them out (dev hard
            # photos: 氏名 read as "ge", 住所 as 用所); evened by the paper's own
            # level instead, the labels read. Only the candidate that read most
            # confidently (the right shape and way up: its text was read), and
            # only an outline: a whole photo's reading takes seconds and finds no
            # card there anyway. (Retrying every candidate, up to six, took the
            # benchmark over its 15 minutes: captures too dark or cut off to read
            # at all are unrecognised too.)
            retry = self._best_candidate([best[1]], gray_by_paper)
            if retry[0] > best[0]:
                best = retry
        if best[0][0] == 0 and not extra:
            # Still nothing: the outline found may be a paper lying against the
            # document, or the two together. The document's own four straight
            # sides, read both ways up, are the last try. Only a recognised
            # reading replaces the first (any outline reads as something), and a
            # certificate only read in a page's shape: four straight edges inside
            # a page are its table (a dev hard photo, seed 2960: the table of a
            # resident certificate, read without its title, failed the request).
            tried = [c.place.corners for c in candidates if c.place.corners is not None]
            sides = [
                _Source(_turned(place.image, turns), place, turns, page)
                for place in locate_by_sides(page, tried)
                for turns in (0, 2)
            ]
            if sides:
                retry = self._best_candidate(sides)
                found = classify(retry[3])
                if found is not None and (
                    _frame_of(found[0].type_name) != "page" or retry[1].place.frame == "page"
                ):
                    best = retry
        if not extra:
            best = self._or_the_whole_page(page, best)
        _, source, gray, ocr = best
        image = source.image
        found = classify(ocr)
        if found is None and painted_as is not None and source is painted_source:
            found = painted_as
        if found is None:
            log.info("document not recognised (mean OCR confidence %.0f)", ocr.mean_confidence)
            frame = source.place.frame if source.place.frame in FRAME_SIZES else "id1"
            measures, issues = self._quality(
                page, source.place.corners, image, {}, frame, missing=True
            )
            if source.place.corners is None and is_camera_frame(page):
                # No outline in a photo, and nothing recognised in it whole: the
                # document was not found, not shown to be unsupported (a dev hard
                # photo, seed 2972: a residence card lying on a letter under a
                # glare failed as UNSUPPORTED_DOCUMENT). A retake, or a person's look.
                issues = (*issues, QualityIssue("not_found"))
            elif ocr.lines and ocr.mean_confidence < self.settings.quality.min_legible_confidence:
                # Text was there but read as guesses (a blurred card read at 25-46
                # where print reads at 90): what it is nobody can tell, not even
                # that it is unsupported. Nothing read at all is no document.
                issues = (*issues, QualityIssue("illegible"))
            return DocumentResult(
                filename, DocumentEvidence(None, quality_issues=issues), image, quality=measures
            )
        module, ident = found
        # The picture as read, for the cut-off measure: the repairs below may
        # replace it by the document alone.
        read_image, read_ocr = image, ocr
        image, gray, ocr = self._in_its_frame(module, source, (image, gray, ocr))
        image, gray, ocr = self._found_again(module, ident.side, (image, gray, ocr))
        image, gray, ocr = self._deskew(module, image, gray, ocr)
        image, gray, ocr = self._register(module, ident.side, image, gray, ocr)
        if _frame_of(module.type_name) == "page":
            # Certificates are printed on paper with a tinted background pattern
            # (the municipality's name tiled over the page): read field by field,
            # Tesseract reads the tint as text beside the value (省略 lost among
            # 世田谷区 read four times). The tint is paler than any print. What
            # print a photo's blur greyed is then given a sharp capture's contrast
            # back (after, not before: the tint's cut keeps bold names thin, and
            # stretched first 蓮 and 輔 filled in and were read as other kanji).
            gray = stretch_faint_print(_without_tint(gray))
        reader = self._reader(gray)
        reading = module.extract(ocr, ident.side, image, reader)
        if reading.mrz is not None and reading.mrz.status == "uncertain":
            # Not an invalid zone: a check digit failing on glyphs read clearly
            # is a sign of tampering, which no other reading may outvote.
            longer = self._page_below(module, ident.side, source)
            if longer is not None:
                image, gray, ocr, reading = longer
        if isinstance(module, MyNumberCard) and reading.side == "back" and has_marks(image):
            # A marker's block beside the number's last digits loses Tesseract
            # the row: a back with eight digits blacked out and four legible read
            # as nothing there and passed (found by a safety review). Read again
            # with the block painted over, every digit it shows is a finding too.
            again = _read_or_nothing(self.engine, gray_without_marks(image), PageMode.AUTO)
            found_again = module.number_findings(again)
            if found_again:
                reading = dataclasses.replace(reading, sensitive=(*reading.sensitive, *found_again))
        if "address" in reading.fields:
            fields = dict(reading.fields)
            fields["address"] = correct_address(fields["address"])
            reading = dataclasses.replace(reading, fields=fields)
        domicile = (
            []
            if any(f.kind.startswith("domicile") for f in reading.sensitive)
            else find_domicile(ocr)
        )
        if domicile:
            reading = dataclasses.replace(reading, sensitive=reading.sensitive + tuple(domicile))
        kind = DOC_TYPES[module.type_name]
        printed = {"name"} | ({"address"} if kind.shows_address else set())
        if kind.has_birth_date:
            printed.add("birth_date")
        missing = reading.side == kind.identity_side and not printed <= set(reading.fields)
        measures, issues = self._quality(
            page,
            source.place.corners,
            image,
            reading.fields,
            kind.frame,
            missing=missing,
            ocr=read_ocr,
            read_image=read_image,
        )
        log.info(
            "read %s/%s: fields=%s sensitive=%s quality=%s",
            reading.type,
            reading.side,
            ",".join(sorted(reading.fields)),
            ",".join(f.kind for f in reading.sensitive) or "-",
            ",".join(i.kind for i in issues) or "-",
        )
        return DocumentResult(
            filename, DocumentEvidence(reading, quality_issues=issues), image, quality=measures
        )

    def _quality(
        self,
        page: RgbImage,
        corners: npt.NDArray[np.float32] | None,
        image: RgbImage,
        fields: Mapping[str, FieldReading],
        frame: str,
        *,
        missing: bool,
        ocr: OcrResult | None = None,
        read_image: RgbImage | None = None,
    ) -> tuple[QualityMeasures, tuple[QualityIssue, ...]]:
        measures = measure(page, corners, image, fields, frame, ocr, read_image)
        issues = find_issues(measures, frame, self.settings.quality, field_missing=missing)
        return measures, issues
