"""Every verdict rule, on both sides, with hand-made readings (no OCR)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from idverify.config import Settings
from idverify.models import (
    Claim,
    DocumentReading,
    FieldReading,
    QualityIssue,
    Reason,
    SensitiveFinding,
    Severity,
    Verdict,
)
from idverify.policy import DEFAULT_POLICY, Policy
from idverify.verdict import DocumentEvidence, decide

TODAY = dt.date(2026, 11, 22)
NAME = "山田 太郎"
ADDRESS = "東京都千代田区丸の内一丁目4番1号"
CLAIM = Claim(name="山田 太郎", address="東京都千代田区丸の内1-4-1", birth_date=dt.date(1985, 4, 1))


def _f(value: str, confidence: float = 95.0) -> FieldReading:
    return FieldReading(value, None, confidence, tuple([confidence] * len(value)))


def license_front(**changes: object) -> DocumentReading:
    fields = {
        "name": _f(NAME),
        "address": _f(ADDRESS),
        "birth_date": _f("1985-04-01"),
        "expiry_date": _f("2028-05-01"),
    }
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        elif isinstance(value, FieldReading):
            fields[key] = value
        else:
            fields[key] = _f(str(value))
    return DocumentReading("drivers_license", "front", fields, has_photo=True)


def codes(reasons: tuple[Reason, ...]) -> list[str]:
    return sorted(r.code for r in reasons)


def run(
    *docs: DocumentEvidence | DocumentReading | None,
    claim: Claim = CLAIM,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[Verdict, list[str]]:
    evidence = [d if isinstance(d, DocumentEvidence) else DocumentEvidence(d) for d in docs]
    decision = decide(evidence, claim, policy, TODAY, Settings())
    return decision.verdict, codes(decision.reasons)


def test_genuine_license_passes() -> None:
    assert run(license_front()) == (Verdict.PASS, [])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": "山田 次郎"}, (Verdict.FAIL, ["NAME_MISMATCH"])),
        ({"name": "山田 太"}, (Verdict.FAIL, ["NAME_MISMATCH"])),
        ({"name": None}, (Verdict.REVIEW, ["NAME_UNCERTAIN"])),
        ({"address": "東京都千代田区丸の内一丁目4番2号"}, (Verdict.FAIL, ["ADDRESS_MISMATCH"])),
        ({"address": None}, (Verdict.REVIEW, ["ADDRESS_UNCERTAIN"])),
        ({"birth_date": "1985-04-02"}, (Verdict.FAIL, ["BIRTH_DATE_MISMATCH"])),
        # A differing birth date read with low confidence is a misread digit, not proof.
        ({"birth_date": _f("1931-04-01", 30.0)}, (Verdict.REVIEW, ["BIRTH_DATE_UNCERTAIN"])),
        ({"birth_date": None}, (Verdict.REVIEW, ["BIRTH_DATE_UNCERTAIN"])),
        # Expiry: the day before today is expired, today itself is still valid.
        ({"expiry_date": "2026-11-21"}, (Verdict.FAIL, ["DOCUMENT_EXPIRED"])),
        ({"expiry_date": "2026-11-22"}, (Verdict.PASS, [])),
        ({"expiry_date": _f("2028-05-01", 40.0)}, (Verdict.REVIEW, ["EXPIRY_UNCERTAIN"])),
        ({"expiry_date": _f("2028-05-01", 65.0)}, (Verdict.PASS, [])),
        ({"expiry_date": None}, (Verdict.REVIEW, ["EXPIRY_UNCERTAIN"])),
    ],
)
def test_license_front_rules(
    changes: dict[str, object], expected: tuple[Verdict, list[str]]
) -> None:
    assert run(license_front(**changes)) == expected


def test_birth_date_not_compared_when_not_claimed() -> None:
    claim = Claim(name=CLAIM.name, address=CLAIM.address)
    assert run(license_front(birth_date="1990-01-01"), claim=claim) == (Verdict.PASS, [])


def test_no_address_claimed_needs_no_address() -> None:
    claim = Claim(name=CLAIM.name)
    assert run(license_front(address=None), claim=claim) == (Verdict.PASS, [])


def test_missing_photo_goes_to_review() -> None:
    reading = license_front()
    no_photo = DocumentReading(reading.type, reading.side, reading.fields, has_photo=False)
    assert run(no_photo) == (Verdict.REVIEW, ["IMAGE_QUALITY_LOW"])


def test_newest_address_on_back_supersedes_front() -> None:
    back = DocumentReading(
        "drivers_license", "back", {"address": _f("東京都港区芝公園四丁目2番8号")}
    )
    moved = Claim(name=CLAIM.name, address="東京都港区芝公園4-2-8")
    assert run(license_front(), back, claim=moved) == (Verdict.PASS, [])
    # The old address no longer counts once the back shows a change.
    assert run(license_front(), back) == (Verdict.FAIL, ["ADDRESS_MISMATCH"])


@pytest.mark.parametrize(
    ("kind", "code", "verdict"),
    [
        ("individual_number", "INDIVIDUAL_NUMBER_VISIBLE", Verdict.FAIL),
        ("individual_number_uncertain", "SENSITIVE_FIELD_UNCERTAIN", Verdict.REVIEW),
        ("domicile", "DOMICILE_NOT_REDACTED", Verdict.FAIL),
    ],
)
def test_sensitive_findings(kind: str, code: str, verdict: Verdict) -> None:
    back = DocumentReading(
        "my_number_card", "back", {"name": _f(NAME)}, sensitive=(SensitiveFinding(kind),)
    )
    assert run(license_front(), back) == (verdict, [code])


def test_masked_my_number_back_is_fine() -> None:
    back = DocumentReading("my_number_card", "back", {"name": _f(NAME)})
    assert run(license_front(), back) == (Verdict.PASS, [])


def test_back_alone_is_insufficient() -> None:
    back = DocumentReading("my_number_card", "back", {"name": _f(NAME)})
    claim = Claim(name=CLAIM.name)
    assert run(back, claim=claim) == (Verdict.FAIL, ["INSUFFICIENT_DOCUMENTS"])


def test_unknown_and_unreadable_documents() -> None:
    assert run(license_front(), None) == (Verdict.FAIL, ["UNSUPPORTED_DOCUMENT"])
    unreadable = DocumentEvidence(None, unreadable=True)
    verdict, found = run(unreadable, claim=Claim(name=CLAIM.name))
    assert verdict is Verdict.FAIL and "IMAGE_UNREADABLE" in found


def test_documents_with_different_birth_dates_are_inconsistent() -> None:
    mn = DocumentReading(
        "my_number_card",
        "front",
        {
            "name": _f(NAME),
            "address": _f(ADDRESS),
            "birth_date": _f("1985-04-01"),
            "expiry_date": _f("2030-01-01"),
        },
        has_photo=True,
    )
    claim = Claim(name=CLAIM.name, address=CLAIM.address)
    assert run(license_front(), mn, claim=claim) == (Verdict.PASS, [])
    assert run(license_front(birth_date="1986-04-01"), mn, claim=claim) == (
        Verdict.FAIL,
        ["DOCUMENTS_INCONSISTENT"],
    )


def test_policy_can_soften_a_severity() -> None:
    soft = Policy(
        name="soft",
        accepted_types=DEFAULT_POLICY.accepted_types,
        severity_overrides={"DOMICILE_NOT_REDACTED": Severity.REVIEW},
    )
    front = license_front()
    with_domicile = DocumentReading(
        front.type,
        front.side,
        front.fields,
        has_photo=True,
        sensitive=(SensitiveFinding("domicile"),),
    )
    assert run(with_domicile, policy=soft) == (Verdict.REVIEW, ["DOMICILE_NOT_REDACTED"])


def test_pass_never_carries_review_or_fail_reasons() -> None:
    for doc in (license_front(), license_front(name="山田 次郎"), license_front(expiry_date=None)):
        decision = decide([DocumentEvidence(doc)], CLAIM, DEFAULT_POLICY, TODAY)
        if decision.verdict is Verdict.PASS:
            assert all(r.severity is Severity.INFO for r in decision.reasons)
        else:
            assert any(r.severity.value == decision.verdict.value for r in decision.reasons)


def test_messages_are_bilingual_and_carry_no_values() -> None:
    decision = decide(
        [DocumentEvidence(license_front(name="山田 次郎"))], CLAIM, DEFAULT_POLICY, TODAY
    )
    (reason,) = decision.reasons
    assert " / " in reason.message and "氏名" in reason.message and "name" in reason.message
    assert "次郎" not in reason.message and "太郎" not in reason.message


@pytest.mark.parametrize(
    ("confidence", "verdict", "code"),
    [
        (85.0, Verdict.FAIL, "NAME_MISMATCH"),  # at mismatch_min_confidence: trusted
        (84.9, Verdict.REVIEW, "NAME_UNCERTAIN"),  # just under: maybe a misreading
    ],
)
def test_a_name_difference_fails_only_when_read_with_confidence(
    confidence: float, verdict: Verdict, code: str
) -> None:
    assert run(license_front(name=_f("山田 次郎", confidence))) == (verdict, [code])


@pytest.mark.parametrize(
    ("confidence", "verdict", "code"),
    [
        (85.0, Verdict.FAIL, "ADDRESS_MISMATCH"),
        (84.9, Verdict.REVIEW, "ADDRESS_UNCERTAIN"),
    ],
)
def test_an_address_difference_fails_only_when_read_with_confidence(
    confidence: float, verdict: Verdict, code: str
) -> None:
    changed = _f("東京都千代田区丸の内一丁目4番2号", confidence)
    assert run(license_front(address=changed)) == (verdict, [code])


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (65.0, (Verdict.FAIL, ["BIRTH_DATE_MISMATCH"])),  # date_min_confidence
        (64.9, (Verdict.REVIEW, ["BIRTH_DATE_UNCERTAIN"])),
    ],
)
def test_birth_date_confidence_threshold(
    confidence: float, expected: tuple[Verdict, list[str]]
) -> None:
    # Two digits off the claim's 1985-04-01: another date, not a misread digit.
    assert run(license_front(birth_date=_f("1985-05-02", confidence))) == expected


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (85.0, (Verdict.FAIL, ["BIRTH_DATE_MISMATCH"])),  # mismatch_min_confidence
        (84.9, (Verdict.REVIEW, ["BIRTH_DATE_UNCERTAIN"])),
    ],
)
def test_a_birth_date_one_digit_off_fails_only_when_read_surely(
    confidence: float, expected: tuple[Verdict, list[str]]
) -> None:
    assert run(license_front(birth_date=_f("1985-04-02", confidence))) == expected


def test_a_doubted_birth_date_does_not_make_the_documents_inconsistent() -> None:
    # The certificate reads the claim's date; the passport, one digit off at 82.
    certificate = DocumentReading(
        "resident_certificate",
        "page",
        {
            "name": _f("山田 太郎"),
            "address": _f("東京都千代田区丸の内一丁目4番1号"),
            "birth_date": _f("1985-04-01"),
            "issue_date": _f("2026-11-01"),
        },
    )
    passport = license_front(birth_date=_f("1984-04-01", 82.0))
    verdict, found = run(certificate, passport)
    assert verdict is Verdict.REVIEW
    assert "BIRTH_DATE_UNCERTAIN" in found and "DOCUMENTS_INCONSISTENT" not in found


def _certificate(name: FieldReading, birth: str | None = "1985-04-01") -> DocumentReading:
    fields = {
        "name": name,
        "address": _f("東京都千代田区丸の内一丁目4番1号"),
        "issue_date": _f("2026-11-01"),
    }
    if birth is not None:
        fields["birth_date"] = _f(birth)
    return DocumentReading("resident_certificate", "page", fields)


@pytest.mark.parametrize("blurred", [True, False])
def test_a_difference_read_from_a_poor_capture_shows_no_second_person(blurred: bool) -> None:
    # Dev hard photo (seed 2979): a blurred card's 山田 太郎 read as 山田 (at 91),
    # beside a certificate read right. Doubted on the card, the difference is not
    # two people's documents either; read from a good capture, it is.
    issues = (QualityIssue("blur"),) if blurred else ()
    card = DocumentEvidence(license_front(name="山田"), quality_issues=issues)
    verdict, found = run(card, _certificate(_f("山田 太郎")))
    if blurred:
        assert verdict is Verdict.REVIEW and "DOCUMENTS_INCONSISTENT" not in found
    else:
        assert verdict is Verdict.FAIL and "DOCUMENTS_INCONSISTENT" in found


@pytest.mark.parametrize("blurred", [True, False])
def test_a_birth_date_read_from_a_poor_capture_shows_no_second_person(blurred: bool) -> None:
    issues = (QualityIssue("blur"),) if blurred else ()
    card = DocumentEvidence(license_front(birth_date="1985-04-02"), quality_issues=issues)
    verdict, found = run(card, _certificate(_f("山田 太郎")))
    assert ("DOCUMENTS_INCONSISTENT" in found) is not blurred
    assert verdict is (Verdict.REVIEW if blurred else Verdict.FAIL)


def test_where_poor_captures_are_only_noted_a_difference_still_shows_two_people() -> None:
    # A policy that makes IMAGE_QUALITY_LOW informative holds nothing for review:
    # a blurred card with another birth date beside a certificate, no birth date
    # claimed, is still two people's documents.
    info = dataclasses.replace(
        DEFAULT_POLICY, severity_overrides={"IMAGE_QUALITY_LOW": Severity.INFO}
    )
    card = DocumentEvidence(
        license_front(birth_date="1985-04-02"), quality_issues=(QualityIssue("blur"),)
    )
    claim = dataclasses.replace(CLAIM, birth_date=None)
    verdict, found = run(card, _certificate(_f("山田 太郎")), claim=claim, policy=info)
    assert verdict is Verdict.FAIL and "DOCUMENTS_INCONSISTENT" in found


def test_an_unreadable_name_on_a_back_does_not_matter() -> None:
    back = DocumentReading("my_number_card", "back", {"name": _f("山田 木郎", 30.0)})
    assert run(license_front(), back) == (Verdict.PASS, [])
    # ... but a back that clearly names someone else does: two people's documents.
    other = DocumentReading("my_number_card", "back", {"name": _f("佐藤 花子")})
    assert run(license_front(), other) == (
        Verdict.FAIL,
        ["DOCUMENTS_INCONSISTENT", "NAME_MISMATCH"],
    )


@pytest.mark.parametrize(
    ("observed", "expected"),
    [
        # A Latin letter inside a Japanese address is a misread glyph: review.
        ("東京都千代田区丸の内一E目4番1号", (Verdict.REVIEW, ["ADDRESS_UNCERTAIN"])),
        # A clean reading that differs is a mismatch.
        ("東京都千代田区大手町一丁目4番1号", (Verdict.FAIL, ["ADDRESS_MISMATCH"])),
    ],
)
def test_a_visibly_corrupt_reading_is_not_a_mismatch(
    observed: str, expected: tuple[Verdict, list[str]]
) -> None:
    assert run(license_front(address=observed)) == expected


def test_a_latin_letter_in_a_kanji_name_is_a_misreading() -> None:
    assert run(license_front(name="山田 太E")) == (Verdict.REVIEW, ["NAME_UNCERTAIN"])
    # A name written wholly in Latin letters is a name, and compared as such.
    claim = Claim(name="SMITH JOHN", address=CLAIM.address, birth_date=CLAIM.birth_date)
    assert run(license_front(name="SMITH JANE"), claim=claim) == (
        Verdict.FAIL,
        ["NAME_MISMATCH"],
    )


@pytest.mark.parametrize(
    ("claimed", "observed", "expected"),
    [
        # 4番| may be 4番1 with the 1 read as a bar: a claim of 1-4 must not pass.
        (
            "千代田区丸の内1-4",
            "東京都千代田区丸の内一丁目4番|",
            (Verdict.REVIEW, ["ADDRESS_UNCERTAIN"]),
        ),
        (
            "千代田区丸の内1-4",
            "東京都千代田区丸の内一丁目4番l",
            (Verdict.REVIEW, ["ADDRESS_UNCERTAIN"]),
        ),
        # A bar after 号 cannot hide a block number.
        ("千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番1号|", (Verdict.PASS, [])),
    ],
)
def test_a_bar_where_a_digit_may_be_is_not_proof(
    claimed: str, observed: str, expected: tuple[Verdict, list[str]]
) -> None:
    claim = Claim(name=CLAIM.name, address=claimed, birth_date=CLAIM.birth_date)
    assert run(license_front(address=observed), claim=claim) == expected


@pytest.mark.parametrize(
    ("claim_name", "claim_kana", "expected"),
    [
        # The requester typed the Latin name: compared letter by letter.
        ("NGUYEN VAN AN", "グエン ヴァン アン", Verdict.PASS),
        ("NGUYEN VAN ANH", "グエン ヴァン アン", Verdict.FAIL),
        # Katakana only: グエン romanises to GUEN, not NGUYEN — a person compares.
        ("グエン ヴァン アン", "グエン ヴァン アン", Verdict.REVIEW),
    ],
)
def test_residence_card_latin_name(claim_name: str, claim_kana: str, expected: Verdict) -> None:
    card = DocumentReading(
        "residence_card",
        "front",
        {
            "name": _f("NGUYEN VAN AN"),
            "address": _f(ADDRESS),
            "birth_date": _f("1985-04-01"),
            "expiry_date": _f("2028-05-01"),
        },
        has_photo=True,
    )
    claim = Claim(name=claim_name, kana=claim_kana, address=ADDRESS, birth_date=CLAIM.birth_date)
    verdict, reasons = run(card, claim=claim)
    assert verdict is expected, reasons
