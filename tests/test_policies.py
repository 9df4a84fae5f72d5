"""The multi-document rules of the seed policies, and policies as data. Each rule
on both sides, with document readings built by hand (no OCR)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from idverify.config import Settings
from idverify.errors import ConfigError
from idverify.models import Claim, DocumentReading, FieldReading, SensitiveFinding, Verdict
from idverify.policy import DEFAULT_POLICY, Policy, get_policy, load_policy, policy_names
from idverify.verdict import DocumentEvidence, add_months, decide

TODAY = dt.date(2026, 11, 22)
CLAIM = Claim(name="山田 太郎", address="東京都千代田区丸の内1-4-1", birth_date=dt.date(1985, 4, 1))
ADDRESS = "東京都千代田区丸の内一丁目4番1号"


def _f(value: str) -> FieldReading:
    return FieldReading(value, None, 95.0)


def _doc(doc_type: str, side: str, **fields: str) -> DocumentReading:
    values = {"name": "山田 太郎", "birth_date": "1985-04-01", **fields}
    return DocumentReading(
        doc_type,
        side,
        {k: _f(v) for k, v in values.items() if v},
        has_photo=doc_type in DEFAULT_POLICY.photo_id_types or None,
    )


def passport(**fields: str) -> DocumentReading:
    return _doc("passport", "photo_page", expiry_date="2030-01-01", **fields)


def insurance(**fields: str) -> DocumentReading:
    return _doc("health_insurance_card", "front", **fields)


def certificate(**fields: str) -> DocumentReading:
    values = {"address": ADDRESS, "issue_date": "2026-10-01", **fields}
    return _doc("resident_certificate", "page", **values)


def license_front(**fields: str) -> DocumentReading:
    values = {"address": ADDRESS, "expiry_date": "2030-01-01", **fields}
    return _doc("drivers_license", "front", **values)


def run(
    *docs: DocumentReading, claim: Claim = CLAIM, policy: Policy = DEFAULT_POLICY
) -> tuple[Verdict, list[str]]:
    decision = decide([DocumentEvidence(d) for d in docs], claim, policy, TODAY, Settings())
    return decision.verdict, sorted(r.code for r in decision.reasons)


NO_ADDRESS = Claim(name=CLAIM.name, birth_date=CLAIM.birth_date)


@pytest.mark.parametrize(
    ("docs", "claim", "expected"),
    [
        # One document with a photo suffices ...
        ((passport(),), NO_ADDRESS, (Verdict.PASS, [])),
        ((license_front(),), CLAIM, (Verdict.PASS, [])),
        # ... one without a photo does not; two of different types do.
        ((insurance(),), NO_ADDRESS, (Verdict.FAIL, ["INSUFFICIENT_DOCUMENTS"])),
        ((certificate(),), CLAIM, (Verdict.FAIL, ["INSUFFICIENT_DOCUMENTS"])),
        ((insurance(), certificate()), CLAIM, (Verdict.PASS, [])),
        ((insurance(), insurance()), NO_ADDRESS, (Verdict.FAIL, ["INSUFFICIENT_DOCUMENTS"])),
        # A passport alone never verifies an address; with a certificate it does.
        ((passport(),), CLAIM, (Verdict.FAIL, ["ADDRESS_NOT_VERIFIED"])),
        ((passport(), certificate()), CLAIM, (Verdict.PASS, [])),
        # No document may show a different current address.
        (
            (passport(), certificate(address="東京都千代田区丸の内一丁目4番2号")),
            CLAIM,
            (Verdict.FAIL, ["ADDRESS_MISMATCH"]),
        ),
        # The name must match on every document; two people's documents are inconsistent.
        (
            (license_front(), insurance(name="山田 次郎")),
            CLAIM,
            (Verdict.FAIL, ["DOCUMENTS_INCONSISTENT", "NAME_MISMATCH"]),
        ),
        (
            (license_front(), insurance(birth_date="1985-04-02")),
            Claim(name=CLAIM.name, address=CLAIM.address),
            (Verdict.FAIL, ["DOCUMENTS_INCONSISTENT"]),
        ),
    ],
)
def test_documents_together(
    docs: tuple[DocumentReading, ...], claim: Claim, expected: tuple[Verdict, list[str]]
) -> None:
    assert run(*docs, claim=claim) == expected


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ("2026-08-22", (Verdict.PASS, [])),  # exactly 3 months: still fine
        ("2026-08-21", (Verdict.FAIL, ["CERTIFICATE_TOO_OLD"])),  # a day more
    ],
)
def test_a_certificate_may_be_three_months_old(
    issued: str, expected: tuple[Verdict, list[str]]
) -> None:
    assert run(passport(), certificate(issue_date=issued)) == expected


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (65.0, (Verdict.FAIL, ["CERTIFICATE_TOO_OLD"])),
        # 10月 read as 1月 makes a recent certificate look old: not a fail.
        (64.9, (Verdict.REVIEW, ["EXPIRY_UNCERTAIN"])),
    ],
)
def test_a_doubtful_issue_date_neither_passes_nor_fails_a_certificate(
    confidence: float, expected: tuple[Verdict, list[str]]
) -> None:
    cert = certificate()
    fields = {**cert.fields, "issue_date": FieldReading("2026-01-20", None, confidence)}
    assert run(passport(), DocumentReading(cert.type, cert.side, fields)) == expected


def test_a_certificate_without_a_legible_issue_date_goes_to_review() -> None:
    assert run(passport(), certificate(issue_date="")) == (Verdict.REVIEW, ["EXPIRY_UNCERTAIN"])


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (65.0, (Verdict.PASS, [])),  # ReadingThresholds.date_min_confidence
        (64.9, (Verdict.REVIEW, ["EXPIRY_UNCERTAIN"])),  # a digit may be misread
    ],
)
def test_a_recent_issue_date_must_be_read_with_confidence(
    confidence: float, expected: tuple[Verdict, list[str]]
) -> None:
    cert = certificate()
    fields = {**cert.fields, "issue_date": FieldReading("2026-10-01", None, confidence)}
    doc = DocumentReading(cert.type, cert.side, fields)
    assert run(passport(), doc) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 22), 3, dt.date(2026, 11, 22)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),
        (dt.date(2026, 10, 31), 1, dt.date(2026, 11, 30)),
    ],
)
def test_add_months_clamps_to_the_months_end(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_passport_with_legible_domicile_fails_or_is_reviewed_by_policy(tmp_path: Path) -> None:
    shown = passport()
    with_domicile = DocumentReading(
        shown.type, shown.side, shown.fields, True, sensitive=(SensitiveFinding("domicile"),)
    )
    assert run(with_domicile, claim=NO_ADDRESS) == (Verdict.FAIL, ["DOMICILE_NOT_REDACTED"])
    lenient = tmp_path / "lenient.toml"
    lenient.write_text(
        'name = "lenient"\naccepted_types = ["passport"]\n'
        '[severity]\nDOMICILE_NOT_REDACTED = "review"\n',
        "utf-8",
    )
    policy = load_policy(lenient)
    assert run(with_domicile, claim=NO_ADDRESS, policy=policy) == (
        Verdict.REVIEW,
        ["DOMICILE_NOT_REDACTED"],
    )


def test_photo_id_only_refuses_documents_without_a_photo() -> None:
    strict = get_policy("photo_id_only")
    assert run(insurance(), certificate(), policy=strict) == (
        Verdict.FAIL,
        ["INSUFFICIENT_DOCUMENTS", "UNSUPPORTED_DOCUMENT", "UNSUPPORTED_DOCUMENT"],
    )
    assert run(license_front(), policy=strict) == (Verdict.PASS, [])


def test_packaged_policies_and_unknown_names() -> None:
    assert policy_names() == ["default", "photo_id_only"]
    assert get_policy("default") is DEFAULT_POLICY
    with pytest.raises(ConfigError, match="valid policies: default, photo_id_only"):
        get_policy("strictest")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('accepted_types = ["passport"]', "needs a name"),
        ('name = "x"\naccepted_types = ["library_card"]', "unknown document type"),
        ('name = "x"\naccepted_types = "passport"', "must be a list"),
        ('name = "x"\naccepted_types = []\n[severity]\nNO_SUCH = "fail"', "unknown reason code"),
        ('name = "x"\naccepted_types = []\n[severity]\nNAME_MISMATCH = "maybe"', "must be one of"),
        ('name = "x"\naccepted_types = []\ndocuments_without_photo = -1', "whole number"),
        ("name = ", "not valid TOML"),
    ],
)
def test_a_bad_policy_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=message):
        load_policy(path)


def test_a_missing_policy_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_policy(tmp_path / "none.toml")


def test_every_registered_document_module_has_its_facts() -> None:
    from idverify.doctypes import DOC_TYPES
    from idverify.documents import REGISTRY

    for module in REGISTRY:
        assert module.type_name in DOC_TYPES
        assert module.type_name in DEFAULT_POLICY.accepted_types


@pytest.mark.parametrize(
    ("printed", "kana", "expected"),
    [
        ("YAMADA TARO", "ヤマダ タロウ", (Verdict.PASS, [])),
        ("YAMADA TAROH", "ヤマダ タロウ", (Verdict.PASS, [])),  # OH as the holder asked
        ("YAMADA JIRO", "ヤマダ タロウ", (Verdict.FAIL, ["NAME_MISMATCH"])),
        ("YAMADA TARO", "", (Verdict.REVIEW, ["NAME_UNCERTAIN"])),  # no kana: no romaji
    ],
)
def test_a_passport_name_is_matched_through_the_claims_kana(
    printed: str, kana: str, expected: tuple[Verdict, list[str]]
) -> None:
    claim = Claim(name="山田 太郎", kana=kana or None, birth_date=CLAIM.birth_date)
    assert run(passport(name=printed), claim=claim) == expected


def test_latin_letters_read_from_a_kanji_card_are_a_misreading_not_a_romaji_name() -> None:
    claim = Claim(name="山田 太郎", kana="ヤマダ タロウ", address=CLAIM.address)
    garbled = license_front(name="SS")
    assert run(garbled, claim=claim) == (Verdict.REVIEW, ["NAME_UNCERTAIN"])
