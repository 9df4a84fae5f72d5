"""A second text-line recogniser: PaddleOCR's PP-OCRv6 small line model on ONNX Runtime.

Tesseract's LSTM reads grey levels, and a phone photo's blur and glare thin the
strokes of light print until it guesses (``2029年11月27日`` read as ``2029生11明27日``
on a dev hard photo; 大野明美 as 大野明英, 那覇市 as 政琉市). PP-OCRv6's recogniser
was trained on photographed text and reads those same crops right. Its alphabet
(18,708 characters) holds kana, digits, Latin and the Japanese kanji forms beside
the Chinese ones; it sometimes answers with a Chinese form (那霸 for 那覇, 豐 for
豊). It is a *witness*, never the only reader: see
:func:`idverify.documents.fields.read_date` (dates) and
:func:`idverify.documents.fields.fuse_line` (names and addresses).

The model (``PP-OCRv6_rec_small.onnx``, Apache-2.0, PaddleOCR's weights as
converted by the RapidOCR project) is fetched by ``scripts/fetch_models.py``;
without it the witness is absent and every reading is Tesseract's alone.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

__all__ = ["LineReading", "LineRecognizer", "find_line_model"]

MODEL_FILE = "PP-OCRv6_rec_small.onnx"
# The network's input height, and the narrowest input it was trained on (320 px:
# shorter lines are padded to it, as PaddleOCR does).
_HEIGHT = 48
_MIN_WIDTH = 320
# A line longer than this many heights is no field (a whole page row): squeezed.
_MAX_RATIO = 40


@dataclass(frozen=True, slots=True)
class LineReading:
    """One line as the model read it: its characters and each one's probability."""

    text: str
    probabilities: tuple[float, ...]


def find_line_model(configured: str | None = None) -> str | None:
    """The path of the line model, or ``None`` when it is not installed."""
    for directory in (configured, os.path.join(sys.prefix, "share", "ppocr")):
        if directory and os.path.isfile(os.path.join(directory, MODEL_FILE)):
            return os.path.join(directory, MODEL_FILE)
    return None


class LineRecognizer:
    """Reads one text line from a greyscale crop (dark print on light paper)."""

    def __init__(self, path: str) -> None:
        import onnxruntime as ort  # imported here: only a verifier with the model needs it

        options = ort.SessionOptions()
        # One thread: the verifier already runs one request per core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            path, sess_options=options, providers=["CPUExecutionProvider"]
        )
        meta = self._session.get_modelmeta().custom_metadata_map
        # Index 0 is the CTC blank; the alphabet is stored in the model itself,
        # and a space follows it.
        self._alphabet = ["", *meta["character"].splitlines(), " "]
        self._input = self._session.get_inputs()[0].name
        # ONNX Runtime sessions may be shared between threads for run(); the
        # lock only keeps two requests of one worker from doubling its memory.
        self._lock = threading.Lock()

    def read(self, gray: npt.NDArray[np.uint8]) -> LineReading:
        """The line in ``gray``, greedily decoded (repeats merged, blanks dropped)."""
        h, w = gray.shape[:2]
        if h < 4 or w < 4:
            return LineReading("", ())
        width = int(np.ceil(_HEIGHT * min(w / h, _MAX_RATIO)))
        resized = cv2.resize(gray, (width, _HEIGHT), interpolation=cv2.INTER_LINEAR)
        x = resized.astype(np.float32) / 127.5 - 1.0
        batch = np.zeros((1, 3, _HEIGHT, max(width, _MIN_WIDTH)), dtype=np.float32)
        batch[0, :, :, :width] = x[None, :, :]
        with self._lock:
            (out,) = self._session.run(None, {self._input: batch})
        steps = np.asarray(out)[0]
        best = steps.argmax(axis=1)
        probs = steps.max(axis=1)
        chars: list[str] = []
        runs: list[list[float]] = []
        previous = 0
        for index, p in zip(best.tolist(), probs.tolist(), strict=True):
            if index != 0 and index == previous and runs:
                runs[-1].append(float(p))
            elif index != 0 and index < len(self._alphabet):
                chars.append(self._alphabet[index])
                runs.append([float(p)])
            previous = index
        # A character held over several frames scores their mean: its surest frame
        # alone would let one sure frame outweigh two unsure ones (0.35, 0.36, 0.95).
        confidences = [sum(run) / len(run) for run in runs]
        return LineReading("".join(chars), tuple(confidences))
