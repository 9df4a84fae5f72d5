"""The faint-value study (``bench.faint``) through the real engines: a certificate
whose 本籍 or 個人番号 is faded to 30 grey levels under the paper must not pass,
and the study reports it when it does."""

from __future__ import annotations

import pytest

from bench import faint
from idverify.documents import resident_certificate as certificate_module

ARGS = ["--doc", "resident_certificate", "--n", "1", "--contrast", "30", "--capture", "phone_easy"]


@pytest.mark.parametrize("checked", [True, False])
def test_a_faded_value_is_never_passed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], checked: bool
) -> None:
    # Without the faint-print check the same request passes (the stop-27 false
    # accept): the study exits 1 and names it by document type and index only.
    if not checked:
        monkeypatch.setattr(certificate_module, "_FAINT_MIN_INK", 1e9)
        monkeypatch.setattr(certificate_module, "_FAINT_LINE_MIN_RUN", 1e9)
    assert faint.main(ARGS) == (0 if checked else 1)
    out = capsys.readouterr().out
    assert ("passed with a legible value: 0 of 1" in out) is checked
    assert ("resident_certificate #0 contrast 30 phone_easy" in out) is not checked


def test_the_requests_are_those_a_genuine_requester_sends() -> None:
    uploads, claim = faint.request("health_insurance_card", 0, 30, "scan")
    # The card and the resident certificate a genuine requester sends with it.
    assert [u.filename.split("_")[1] for u in uploads] == ["0.png", "1.png"]
    assert "address" in claim
    _, passport_claim = faint.request("passport", 0, 30, "scan")
    assert "address" not in passport_claim
