"""The benchmark's bookkeeping and the baseline's decision, with fakes (no OCR)."""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

from bench.baseline import THRESHOLD, Baseline, baseline_verdict, page_text
from bench.evaluate import FIELDS
from bench.run import Row, at_risk, correct, markdown, plan, summarise
from idverify.models import Box, Claim, OcrLine, OcrResult, OcrWord
from idverify.ocr import PageMode
from samples.build import CONDITIONS, DOC_TYPES


def _row(
    *,
    condition: str = "scan",
    doc_type: str = "drivers_license",
    genuine: bool = True,
    readable: bool = True,
    verdict: str = "pass",
    codes: tuple[str, ...] = (),
    baseline: str | None = "pass",
    seconds: float = 1.0,
    name_right: bool | None = True,
) -> Row:
    expected = "pass" if genuine else "fail"
    if not readable:
        expected = "review"
    fields: dict[str, bool | None] = dict.fromkeys(FIELDS, None)
    fields["name"] = name_right
    return Row(
        id="x",
        condition=condition,
        doc_type=doc_type,
        genuine=genuine,
        readable=readable,
        severity=None,
        detail="",
        expected_verdict=expected,
        expected_reasons=(),
        verdict=verdict,
        codes=codes,
        seconds=seconds,
        fields_right=fields,
        baseline_verdict=baseline,
        baseline_seconds=seconds / 2 if baseline else None,
    )


def test_plan_spreads_conditions_and_types() -> None:
    tasks = plan(len(CONDITIONS), 5)
    assert [t.condition for t in tasks] == list(CONDITIONS)
    # One request per condition already covers every document type.
    assert {t.doc_types[t.index % 6] for t in tasks} == set(DOC_TYPES)
    full = plan(len(CONDITIONS) * 6 * 2, 5)
    pairs = {(t.condition, t.doc_types[t.index % 6]) for t in full}
    assert len(pairs) == len(CONDITIONS) * len(DOC_TYPES)
    assert [t.condition for t in plan(4, 5, ["blur", "pdf"])] == ["blur", "pdf"] * 2
    with pytest.raises(ValueError):
        plan(3, 5, [])


def test_what_counts_as_correct() -> None:
    genuine, negative = _row(), _row(genuine=False, verdict="fail")
    poor = _row(readable=False, verdict="review")
    assert correct(genuine, "pass") and not correct(genuine, "review")
    assert correct(negative, "fail") and not correct(negative, "pass")
    # Too poor to verify: fail, or review that says why; never pass.
    assert correct(poor, "fail")
    assert correct(poor, "review", ["IMAGE_QUALITY_LOW", "NAME_UNCERTAIN"])
    assert not correct(poor, "review", ["NAME_UNCERTAIN"])
    assert not correct(poor, "pass")
    assert not at_risk(genuine) and at_risk(negative) and at_risk(poor)


def test_summary_side_by_side() -> None:
    rows = [
        _row(verdict="pass", baseline="pass"),
        _row(verdict="review", codes=("NAME_UNCERTAIN",), baseline="fail", name_right=False),
        _row(verdict="fail", codes=("UNSUPPORTED_DOCUMENT",), baseline="pass", seconds=3.0),
        _row(genuine=False, verdict="fail", baseline="pass", condition="blur"),
        _row(readable=False, verdict="review", codes=("NAME_UNCERTAIN",), condition="blur"),
        _row(readable=False, verdict="fail", baseline="fail", condition="blur", name_right=False),
    ]
    s = summarise(rows)
    everything = s["all"]
    assert (everything["cases"], everything["genuine_readable"], everything["at_risk"]) == (6, 3, 3)
    ours, base = everything["ours"], everything["baseline"]
    assert ours["false_accepts"] == 0 and ours["false_accept_rate"] == 0.0
    assert base["false_accepts"] == 2 and base["false_accept_rate"] == pytest.approx(2 / 3, 1e-3)
    assert (base["negatives_passed"], base["unreadable_passed"]) == (1, 1)
    assert ours["false_rejects"] == 1 and ours["false_reject_rate"] == pytest.approx(1 / 3, 1e-3)
    assert ours["genuine_pass"] == 1 and ours["genuine_review"] == 1
    # Ours: pass, fail (negative), fail (unreadable) right; a review without
    # IMAGE_QUALITY_LOW of an unreadable capture is not. The baseline: two genuine
    # passes and the unreadable fail.
    assert ours["correct"] == 3 and base["correct"] == 3
    assert ours["latency_p50_s"] == 1.0 and ours["latency_p95_s"] == 3.0
    # Field accuracy over readable requests only: 3 of 4 names right.
    assert everything["field_accuracy"]["name"] == 0.75
    assert everything["field_accuracy"]["address"] is None
    reasons = everything["genuine_non_pass_reasons"]
    assert reasons == {"NAME_UNCERTAIN": 1, "UNSUPPORTED_DOCUMENT": 1}
    assert set(s) >= {"condition/scan", "condition/blur", "type/drivers_license"}
    assert "condition/blur/unreadable" in s and "condition/scan/readable" not in s
    table = markdown(s, {"ours_worker_max_rss_kib": 2048, "parent_max_rss_kib": 1024})
    assert "| **all** | 6 (3 / 1 / 2) | 3/6 (50 %) | 3/6 (50 %) | 0/3 (0 %) | 2/3 (67 %)" in table
    assert "blur (graded): unreadable" in table
    assert "- flat scan: review 1, fail 1 — `NAME_UNCERTAIN` 1, `UNSUPPORTED_DOCUMENT` 1" in table


def test_summary_without_baseline() -> None:
    s = summarise([_row(baseline=None)])
    assert s["all"]["baseline"]["judged"] == 0
    assert s["all"]["baseline"]["verdict_accuracy"] is None
    assert "| **all** | 1 (1 / 0 / 0) | 1/1 (100 %) | – |" in markdown(s, {})


def test_baseline_decision() -> None:
    text = "運転免許証氏名山田太郎住所東京都千代田区丸の内一丁目4番1号"
    ok = baseline_verdict(text, "山田 太郎", "東京都千代田区丸の内一丁目4番1号")
    assert ok.verdict == "pass" and ok.name_score == 100.0
    assert baseline_verdict(text, "山田 太郎", None).address_score is None
    # One kanji of four differs: partial_ratio 75, under the threshold.
    assert baseline_verdict(text, "山田 次郎", None).verdict == "fail"
    assert baseline_verdict(text, "山田 太郎", "大阪府大阪市北区梅田二丁目5番9号").verdict == "fail"
    assert baseline_verdict("", "山田 太郎", None).verdict == "fail"
    # The naive part: a near-miss address passes (one digit in 30 characters).
    near = baseline_verdict(text, "山田 太郎", "東京都千代田区丸の内一丁目4番7号")
    assert near.verdict == "pass" and near.address_score is not None
    assert near.address_score >= THRESHOLD


class _FakeEngine:
    def __init__(self, text: str) -> None:
        self.text = text
        self.calls: list[tuple[tuple[int, ...], PageMode]] = []

    def read(
        self,
        image: npt.NDArray[np.uint8],
        mode: PageMode = PageMode.AUTO,
        *,
        allowed: str | None = None,
    ) -> OcrResult:
        self.calls.append((image.shape, mode))
        words = tuple(OcrWord(ch, Box(0, 0, 1, 1), 90.0) for ch in self.text)
        return OcrResult((OcrLine(words),), image.shape[1], image.shape[0])


def _png(size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "PNG")
    return buf.getvalue()


def test_baseline_reads_the_whole_first_file_only() -> None:
    engine = _FakeEngine("氏名 山田 太郎")
    baseline = Baseline(engine)
    result = baseline.verify([_png((300, 200)), b"not read"], Claim(name="山田太郎"))
    assert result.verdict == "pass"
    assert engine.calls == [((200, 300, 3), PageMode.AUTO)]
    assert baseline.verify([b"not an image"], Claim(name="山田 太郎")).verdict == "fail"
    assert baseline.verify([], Claim(name="山田 太郎")).verdict == "fail"
    assert page_text(engine.read(np.zeros((5, 5), np.uint8))) == "氏名山田太郎"
