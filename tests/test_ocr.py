"""The real Tesseract engine: it reads Japanese, reports boxes and confidences, and
turns its failures into the project's errors. Runs in CI (no skip)."""

from __future__ import annotations

import ctypes
import io
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from idverify import ocr
from idverify.config import OcrSettings
from idverify.errors import OcrTimeoutError, OcrUnavailableError
from idverify.models import Box, OcrLine, OcrResult, OcrWord
from idverify.ocr import (
    PageMode,
    TesseractEngine,
    _loaded_leptonica,
    find_tessdata,
    route_leptonica_messages,
)

FONT = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"


@pytest.fixture(scope="module")
def engine() -> TesseractEngine:
    return TesseractEngine()


def _line_image(text: str, size: int = 40) -> np.ndarray:
    font = ImageFont.truetype(FONT, size)
    img = Image.new("L", (60 + size * len(text), size * 2 + 20), 255)
    ImageDraw.Draw(img).text((20, 20), text, font=font, fill=0)
    return np.asarray(img)


def test_reads_a_japanese_line_with_boxes(engine: TesseractEngine) -> None:
    image = _line_image("住所 東京都千代田区丸の内一丁目4番1号")
    result = engine.read(image, PageMode.SINGLE_BLOCK)
    text = result.text.replace(" ", "")
    assert "東京都千代田区" in text
    assert result.mean_confidence > 70
    box = result.lines[0].box
    assert 0 <= box.x < 60 and box.w > 500 and 10 <= box.y <= 40


def test_reads_rgb_too(engine: TesseractEngine) -> None:
    gray = _line_image("氏名 山田 太郎")
    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    assert "山田" in engine.read(rgb).text.replace(" ", "")


def test_blank_image_reads_nothing(engine: TesseractEngine) -> None:
    result = engine.read(np.full((200, 300), 255, dtype=np.uint8))
    assert result.lines == () and result.mean_confidence == 0.0


def test_timeout_becomes_ocr_timeout_error() -> None:
    # 1 ms is too short for any page: Tesseract's own deadline fires.
    engine = TesseractEngine(OcrSettings(timeout_s=0.001))
    big = np.tile(_line_image("東京都千代田区丸の内一丁目4番1号" * 2), (12, 1))
    with pytest.raises(OcrTimeoutError):
        engine.read(big)


@pytest.mark.parametrize("mode", [PageMode.SINGLE_LINE, PageMode.RAW_LINE, PageMode.SINGLE_BLOCK])
def test_a_field_reading_has_its_own_shorter_timeout(mode: PageMode) -> None:
    line = _line_image("東京都千代田区丸の内一丁目4番1号")
    # The page's timeout does not apply to a field's reading, the field's does.
    engine = TesseractEngine(OcrSettings(timeout_s=0.001))
    assert engine.read(line, mode).lines
    engine = TesseractEngine(OcrSettings(field_timeout_s=0.001))
    with pytest.raises(OcrTimeoutError):
        engine.read(line, mode)
    assert engine.read(line, PageMode.AUTO).lines


def test_missing_language_is_ocr_unavailable() -> None:
    with pytest.raises(OcrUnavailableError, match="tesseract-ocr-xyz"):
        find_tessdata("xyz")
    with pytest.raises(OcrUnavailableError):
        TesseractEngine(OcrSettings(language="xyz"))


@pytest.mark.parametrize("language", ["jpn_best", "jpn_full"])
def test_the_fetched_name_models_are_installed_and_read(language: str) -> None:
    # scripts/setup.sh fetches them; the name vote is weaker without them.
    engine = TesseractEngine(OcrSettings(language=language))
    result = engine.read(_line_image("山田太郎"), PageMode.SINGLE_LINE)
    assert "山田太郎" in "".join(line.text for line in result.lines).replace(" ", "")


def test_a_missing_name_model_is_left_out_of_the_vote(caplog: pytest.LogCaptureFixture) -> None:
    from idverify.config import Settings
    from idverify.pipeline import Verifier

    settings = Settings(ocr=OcrSettings(name_readings=(("Japanese", 0.7), ("no_such_model", 0.7))))
    verifier = Verifier(settings)
    with caplog.at_level("WARNING"):
        readings = verifier._name_readings()
    assert [(model, scale) for model, _, scale in readings] == [("Japanese", 0.7)]
    assert "no_such_model" in caplog.text


class _CountingEngine:
    """Reads every crop as one word naming the engine; counts its reads."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.reads = 0

    def read(
        self, image: Any, mode: PageMode = PageMode.AUTO, *, allowed: str | None = None
    ) -> OcrResult:
        self.reads += 1
        word = OcrWord(self.name, Box(0, 0, image.shape[1], image.shape[0]), 90.0)
        return OcrResult((OcrLine((word,)),), image.shape[1], image.shape[0])


def test_region_reader_groups_witnesses_by_model_and_reads_a_crop_once() -> None:
    from idverify.pipeline import _RegionReader

    main, best = _CountingEngine("main"), _CountingEngine("best")
    gray = np.full((638, 1011), 255, dtype=np.uint8)
    readings = [("Japanese", main, 0.7), ("Japanese", main, 1.0), ("jpn_best", best, 0.7)]
    reader = _RegionReader(main, gray, (0.7, 1.0), readings)
    region = Box(100, 100, 300, 50)
    groups = reader.read_by_model(region)
    assert [[r.lines[0].words[0].text for r in g] for g in groups] == [["main", "main"], ["best"]]
    assert [r.lines[0].words[0].text for r in reader.read_variants(region)] == [
        "main", "main", "best"
    ]  # fmt: skip
    # The main model's reading at its field scales is the witnesses' at the same sizes.
    reader.read(region)
    assert (main.reads, best.reads) == (2, 1)
    reader.read(Box(100, 200, 300, 50))
    assert main.reads == 4


def _fetch_models_module() -> Any:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "fetch_models.py"
    spec = importlib.util.spec_from_file_location("fetch_models", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fetch_models_refuses_a_tarball_that_fails_its_integrity_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch = _fetch_models_module()

    class _Response(io.BytesIO):
        def __enter__(self) -> _Response:
            return self

        def __exit__(self, *args: object) -> None:
            return None

    monkeypatch.setattr(fetch.urllib.request, "urlopen", lambda *a, **k: _Response(b"tampered"))
    assert fetch.main(["fetch_models.py", str(tmp_path)]) == 1
    assert list(tmp_path.iterdir()) == []  # nothing unpacked


def test_leptonica_messages_go_to_the_debug_log_not_stderr(
    engine: TesseractEngine, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    # Leptonica prints through lept_stderr, which calls the handler the engine set:
    # the real library's own function, called as its error macros do.
    path = _loaded_leptonica()
    assert path is not None and route_leptonica_messages()
    library = ctypes.CDLL(path)
    with caplog.at_level(logging.DEBUG, logger="idverify.ocr"):
        library.lept_stderr(b"Error in boxClipToRectangle: %s\n", b"box outside rectangle")
    assert "leptonica: Error in boxClipToRectangle: box outside rectangle" in caplog.messages
    assert "boxClipToRectangle" not in capfd.readouterr().err


def test_without_leptonica_loaded_messages_are_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr, "_leptonica_handler", None)
    monkeypatch.setattr(ocr, "_loaded_leptonica", lambda: None)
    assert not route_leptonica_messages()
