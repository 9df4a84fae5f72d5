"""Build the committed sample set, and generate labelled evaluation cases of any size.

``python -m samples.build [--out samples/images] [--seed 7]`` writes the images, PDF and
non-image file of the committed set, ``samples/manifest.json`` (one entry per case: files,
claim, ``today``, expected verdict and reasons, how it was made, what it tests) and
``samples/README.md``, whose table is generated from the manifest so it cannot drift.

Every file is drawn from its own ``random.Random`` seeded with ``"<seed>:<file name>"``,
so adding a case never changes the bytes of the others.

``iter_eval_cases`` yields in-memory cases for evaluation: random people, one capture
style, and about a quarter negatives (a ``near_miss`` claim against a genuine document,
or one of ``NEGATIVES``). The capture style is one of ``CONDITIONS``: the ``CAPTURES``
(scan, easy and hard phone photos) or a benchmark condition (glare, graded blur, any
rotation, low resolution, two cards on an A4 scan, a multi-page PDF, too little light,
a document cut off by the photo's edge), some of whose
cases are deliberately too poor to verify (``EvalCase.readable``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import Image

from idverify.match import PREFECTURES
from idverify.romaji import hepburn, passport_spellings
from samples import capture as capture_sim
from samples import render, render_certificate, render_insurance, render_residence
from samples.people import Person, hyphen_notation, near_miss, random_person, split_building
from samples.render import RenderedDocument

__all__ = [
    "CAPTURES",
    "CONDITIONS",
    "DOC_TYPES",
    "TODAY",
    "EvalCase",
    "build",
    "claim_for",
    "drivers_license_for",
    "eval_case",
    "iter_eval_cases",
    "main",
    "my_number_card_for",
]

TODAY = dt.date(2026, 11, 22)
"""The ``--today`` every committed case is judged against."""

DOC_TYPES = (
    "drivers_license",
    "my_number_card",
    "passport",
    "residence_card",
    "health_insurance_card",
    "resident_certificate",
)
CAPTURES = ("scan", "phone_easy", "phone_hard")
# Capture conditions of the benchmark beyond CAPTURES (see ``_condition_files``).
CONDITIONS = (
    *CAPTURES,
    "glare",
    "blur",
    "rotation",
    "lowres",
    "a4_two_cards",
    "pdf",
    "dark",
    "cut_off",
)

# Fixed (not random) people for the committed set, so that a reader of the manifest can
# see at once what each file should say. All invented.
YAMADA = Person(
    "山田", "太郎", "ヤマダ", "タロウ", dt.date(1985, 4, 1),
    "東京都千代田区丸の内一丁目4番1号 メゾン桜203号室", "男",
)  # fmt: skip
TAKAHASHI = Person(
    "髙橋", "美咲", "タカハシ", "ミサキ", dt.date(1992, 11, 3),
    "神奈川県横浜市港北区日吉四丁目7番12号", "女",
)  # fmt: skip
SASAKI = Person(
    "佐々木", "健一", "ササキ", "ケンイチ", dt.date(1978, 7, 21),
    "大阪府大阪市北区梅田二丁目5番9号", "男",
)  # fmt: skip
WATANABE = Person(
    "渡邊", "陽子", "ワタナベ", "ヨウコ", dt.date(1969, 2, 14),
    "愛知県名古屋市中区栄三丁目15番3号", "女",
)  # fmt: skip
NAKAMURA = Person(
    "中村", "翔太", "ナカムラ", "ショウタ", dt.date(1990, 9, 9),
    "福岡県福岡市博多区博多駅前二丁目1番23号", "男",
)  # fmt: skip
NAKAMURA_NEW_ADDRESS = "埼玉県さいたま市大宮区桜木町二丁目5番8号"
NGUYEN = render_residence.ForeignResident(
    "NGUYEN", "VAN AN", "グエン", "ヴァン アン", dt.date(1994, 8, 12),
    "東京都新宿区大久保二丁目3番15号 グリーンハイツ102号室", "男", "ベトナム",
)  # fmt: skip
NGUYEN_NEW_ADDRESS = "東京都豊島区池袋三丁目8番2号"
YAMASAKI = Person(
    "山﨑", "恵子", "ヤマザキ", "ケイコ", dt.date(1958, 12, 25),
    "北海道札幌市中央区北一条西七丁目3番地", "女",
)  # fmt: skip
SAITO = Person(
    "齋藤", "大輔", "サイトウ", "ダイスケ", dt.date(1983, 5, 17),
    "東京都世田谷区三軒茶屋二丁目11番6号 コーポ青葉305号室", "男",
)  # fmt: skip


# ------------------------------------------------------------------------ documents


def _birthday_in(person: Person, year: int) -> dt.date:
    """The person's birthday in a given year (29 February falls back to the 28th)."""
    b = person.birth_date
    return dt.date(year, b.month, 28 if (b.month, b.day) == (2, 29) else b.day)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def drivers_license_for(
    person: Person,
    rng: random.Random,
    *,
    today: dt.date = TODAY,
    expired: bool = False,
) -> RenderedDocument:
    """A license front for ``person`` with plausible dates relative to ``today``.

    A license runs to one month after the birthday three or five years after issue, so
    the expiry is computed that way; ``expired`` picks an issue date that makes it lapse
    before ``today``.
    """
    term = rng.choice((3, 5))
    for _ in range(100):
        back = (
            rng.randint(term * 365 + 40, term * 365 + 700)
            if expired
            else rng.randint(30, term * 365 - 120)
        )
        issue = today - dt.timedelta(days=back)
        expiry = _birthday_in(person, issue.year + term) + dt.timedelta(days=30)
        if (expiry < today) == expired and issue > person.birth_date:
            break
    return render.drivers_license_front(
        person,
        issue_date=issue,
        expiry_date=expiry,
        license_number=rng.choice(("30", "44", "62", "91")) + _digits(rng, 10),
        rng=rng,
        conditions=rng.choice(("眼鏡等", "眼鏡等", "なし", "AT車に限る")),
    )


def my_number_card_for(
    person: Person, rng: random.Random, *, today: dt.date = TODAY
) -> RenderedDocument:
    """A My Number card front valid until the 10th birthday after a recent issue."""
    issue_year = today.year - rng.randint(0, 8)
    return render.my_number_card_front(
        person, expiry_date=_birthday_in(person, issue_year + 10), rng=rng
    )


def passport_for(
    person: Person,
    rng: random.Random,
    *,
    today: dt.date = TODAY,
    expired: bool = False,
    domicile_masked: bool = True,
    broken_check: int | None = None,
) -> RenderedDocument:
    """A passport photo page for ``person``: ten-year validity from a recent issue
    (lapsed before ``today`` when ``expired``), the name in passport Hepburn (an OH
    spelling now and then, as holders may ask for), 本籍 a random prefecture."""
    spellings = sorted(passport_spellings(person.kana))
    plain = hepburn(person.kana)
    spelling = plain if rng.random() < 0.8 else rng.choice(spellings)
    surname, given = spelling.split(" ", 1)
    if expired:
        issue = today - dt.timedelta(days=rng.randint(3700, 4500))
    else:
        issue = today - dt.timedelta(days=rng.randint(30, 3400))
    expiry = dt.date(issue.year + 10, issue.month, min(issue.day, 28)) - dt.timedelta(days=1)
    return render.passport_photo_page(
        person,
        romaji=(surname, given),
        number=rng.choice(("TK", "TR", "TZ", "MZ", "TH")) + _digits(rng, 7),
        domicile=rng.choice(PREFECTURES),
        issue_date=issue,
        expiry_date=expiry,
        rng=rng,
        domicile_masked=domicile_masked,
        broken_check=broken_check,
    )


def claim_for(person: Person, *, address: str | None = None) -> dict[str, str]:
    """The request-form claim a genuine requester would make for ``person``."""
    return {
        "name": person.name,
        "kana": person.kana,
        "address": person.address if address is None else address,
        "birth_date": person.birth_date.isoformat(),
    }


# ------------------------------------------------------------------------- encoding


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _jpeg(img: Image.Image, quality: int = 88) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _pdf(img: Image.Image) -> bytes:
    """A one-page PDF as a scanner writes it (JPEG inside), with fixed metadata dates."""
    fixed = time.struct_time((2026, 11, 20, 9, 30, 0, 4, 324, 0))
    buf = io.BytesIO()
    img.save(
        buf, "PDF", resolution=200.0, quality=85, title="scan", creationDate=fixed, modDate=fixed
    )
    return buf.getvalue()


# ---------------------------------------------------------------------- committed set


@dataclass(frozen=True)
class _Case:
    id: str
    files: tuple[str, ...]
    claim: dict[str, str]
    expected_verdict: str
    expected_reasons: tuple[str, ...]
    how: str
    tests: str
    policy: str = "default"


def _committed_files(seed: int) -> dict[str, tuple[bytes, str]]:
    """Every committed file: name → (bytes, how it was made)."""

    def rng(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    files: dict[str, tuple[bytes, str]] = {}

    def add(name: str, data: bytes, how: str) -> None:
        files[name] = (data, how)

    r = rng("dl_yamada")
    yamada = drivers_license_for(YAMADA, r)
    add("dl_yamada_front_scan.png", _png(capture_sim.flat_scan(yamada, r)),
        "license front, flatbed scan at 300 dpi")  # fmt: skip
    how = "the same license photocopied on an A4 page at 200 dpi, saved by Pillow as PDF"
    add("dl_yamada_front_scan.pdf", _pdf(capture_sim.a4_page([yamada], r)), how)

    for name, person, rotation, how in (
        ("dl_takahashi_front_photo.jpg", TAKAHASHI, 0, "license front, phone photo (easy)"),
        ("dl_sasaki_front_photo_rot180.jpg", SASAKI, 180,
         "license front, phone photo (easy) upside down"),
        ("dl_watanabe_front_photo_rot90.jpg", WATANABE, 90,
         "license front, phone photo (easy) turned a quarter, portrait frame"),
    ):  # fmt: skip
        r = rng(name)
        doc = drivers_license_for(person, r)
        add(name, _jpeg(capture_sim.phone_photo(doc, r, difficulty="easy", rotation=rotation)), how)

    r = rng("dl_nakamura")
    front = drivers_license_for(NAKAMURA, r)
    add("dl_nakamura_front_scan.png", _png(capture_sim.flat_scan(front, r)),
        "license front (old address), flatbed scan")  # fmt: skip
    back = render.drivers_license_back(
        NAKAMURA, changes=[(dt.date(2024, 3, 15), NAKAMURA_NEW_ADDRESS)], rng=r
    )
    add("dl_nakamura_back_scan.png", _png(capture_sim.flat_scan(back, r)),
        "license back with one 記載事項変更 row giving the new address, flatbed scan")  # fmt: skip

    r = rng("dl_yamasaki")
    expired = drivers_license_for(YAMASAKI, r, expired=True)
    add("dl_yamasaki_front_expired_scan.png", _png(capture_sim.flat_scan(expired, r)),
        "license front whose validity ended before today, flatbed scan")  # fmt: skip

    r = rng("mn_saito")
    front = my_number_card_for(SAITO, r)
    add("mn_saito_front_scan.png", _png(capture_sim.flat_scan(front, r)),
        "My Number card front, flatbed scan")  # fmt: skip
    add("mn_saito_front_photo.jpg", _jpeg(capture_sim.phone_photo(front, r, rotation=0)),
        "My Number card front, phone photo (easy)")  # fmt: skip
    number = "8" + _digits(r, 11)
    open_back = render.my_number_card_back(SAITO, individual_number=number, rng=r, redacted=False)
    add("mn_saito_back_scan.png", _png(capture_sim.flat_scan(open_back, r)),
        "My Number card back with the 12-digit number legible, flatbed scan")  # fmt: skip
    masked = render.my_number_card_back(SAITO, individual_number=number, rng=r, redacted=True)
    add("mn_saito_back_redacted_scan.png", _png(capture_sim.flat_scan(masked, r)),
        "My Number card back with the number blacked out by hand, flatbed scan")  # fmt: skip

    # Passport, residence card, health insurance card, resident certificate.
    r = rng("pp_yamada")
    passport = passport_for(YAMADA, r, domicile_masked=True)
    add("pp_yamada_scan.png", _png(capture_sim.flat_scan(passport, r)),
        "passport photo page, 本籍 blacked out, flatbed scan")  # fmt: skip
    add("pp_yamada_photo.jpg", _jpeg(capture_sim.phone_photo(passport, r, rotation=0)),
        "the same passport page, phone photo (easy)")  # fmt: skip
    r = rng("pp_yamada_domicile")
    open_domicile = passport_for(YAMADA, r, domicile_masked=False)
    add("pp_yamada_domicile_scan.png", _png(capture_sim.flat_scan(open_domicile, r)),
        "passport photo page with the 本籍 legible, flatbed scan")  # fmt: skip
    r = rng("pp_yamada_broken")
    broken = passport_for(YAMADA, r, broken_check=19)
    add("pp_yamada_broken_mrz_scan.png", _png(capture_sim.flat_scan(broken, r)),
        "passport photo page whose MRZ birth-date check digit is wrong, flatbed scan")  # fmt: skip
    r = rng("rc_yamada")
    certificate = render_certificate.resident_certificate_for(YAMADA, r)
    add("rc_yamada_scan.png", _png(render_certificate.page_scan(certificate, r)),
        "resident certificate (住民票の写し), A4 page scan, nothing sensitive printed")  # fmt: skip
    add("rc_yamada_scan.pdf", _pdf(render_certificate.page_scan(certificate, r)),
        "the same certificate scanned to PDF")  # fmt: skip
    choices: tuple[tuple[str, render_certificate.SensitiveChoice,
                         render_certificate.SensitiveChoice, str], ...] = (
        ("rc_yamada_domicile_scan.png", "legible", "none",
         "resident certificate printed with the 本籍 and 筆頭者, legible"),
        ("rc_yamada_number_scan.png", "none", "legible",
         "resident certificate printed with the 12-digit 個人番号, legible"),
        ("rc_yamada_masked_scan.png", "masked", "masked",
         "resident certificate with the 本籍 and 個人番号 blacked out"),
    )  # fmt: skip
    for name, domicile, number, how in choices:
        r = rng(name)
        page = render_certificate.resident_certificate_for(
            YAMADA, r, domicile=domicile, number=number
        )
        add(name, _png(render_certificate.page_scan(page, r)), how)
    r = rng("hi_yamada")
    card = render_insurance.health_insurance_card_for(
        YAMADA, r, masked=frozenset({"symbol_number", "insurer_number"})
    )
    add("hi_yamada_masked_scan.png", _png(capture_sim.flat_scan(card, r)),
        "health insurance card with 記号・番号 and 保険者番号 masked, flatbed scan")  # fmt: skip
    r = rng("hi_takahashi")
    card = render_insurance.health_insurance_card_for(
        TAKAHASHI, r, masked=frozenset({"symbol_number", "insurer_number"})
    )
    add("hi_takahashi_masked_scan.png", _png(capture_sim.flat_scan(card, r)),
        "health insurance card with 記号・番号 and 保険者番号 masked, flatbed scan")  # fmt: skip
    open_card = render_insurance.health_insurance_card_for(TAKAHASHI, r)
    add("hi_takahashi_numbers_scan.png", _png(capture_sim.flat_scan(open_card, r)),
        "health insurance card with the numbers legible, flatbed scan")  # fmt: skip
    certificate = render_certificate.resident_certificate_for(TAKAHASHI, r)
    add("rc_takahashi_scan.png", _png(render_certificate.page_scan(certificate, r)),
        "resident certificate of the same person, A4 page scan")  # fmt: skip
    r = rng("zc_nguyen")
    zairyu = render_residence.residence_card_for(NGUYEN, r)
    add("zc_nguyen_front_scan.png", _png(capture_sim.flat_scan(zairyu, r)),
        "residence card (在留カード) front, flatbed scan")  # fmt: skip
    back = render_residence.residence_card_back(
        NGUYEN, changes=[(dt.date(2025, 6, 1), NGUYEN_NEW_ADDRESS)], rng=r
    )
    add("zc_nguyen_back_scan.png", _png(capture_sim.flat_scan(back, r)),
        "residence card back recording a move (住居地記載欄), flatbed scan")  # fmt: skip
    add("zc_nguyen_front_photo.jpg", _jpeg(capture_sim.phone_photo(zairyu, r, rotation=0)),
        "residence card front, phone photo (easy)")  # fmt: skip
    r = rng("letter_yamada")
    add("letter_yamada_scan.png", _png(render.letter_page(YAMADA, rng=r).image),
        "a utility bill addressed to the requester: not an identity document")  # fmt: skip

    add("not_an_image.jpg",
        "これは画像ではありません。This is a text file with a .jpg name.\n".encode(),
        "a UTF-8 text file named .jpg")  # fmt: skip
    return files


def _committed_cases() -> list[_Case]:
    """The committed cases; verdicts follow: agree + nothing sensitive + valid → pass."""
    yamada_street, _ = split_building(YAMADA.address)
    passport_claim = {k: v for k, v in claim_for(YAMADA).items() if k != "address"}
    return [
        _Case("dl_scan_pass", ("dl_yamada_front_scan.png",), claim_for(YAMADA), "pass", (),
              "genuine license scan, claim identical to the card",
              "the basic path: locate, OCR, extract all fields, match"),
        _Case("dl_photo_easy_pass", ("dl_takahashi_front_photo.jpg",), claim_for(TAKAHASHI),
              "pass", (), "genuine license phone photo, variant kanji 髙 in the family name",
              "perspective rectification of a phone photo; 髙橋 read and matched"),
        _Case("dl_photo_rot180_pass", ("dl_sasaki_front_photo_rot180.jpg",), claim_for(SASAKI),
              "pass", (), "genuine license photographed upside down",
              "orientation detection (180°)"),
        _Case("dl_photo_rot90_pass", ("dl_watanabe_front_photo_rot90.jpg",),
              claim_for(WATANABE), "pass", (), "genuine license turned 90°, portrait frame",
              "orientation detection (90°); variant kanji 邊"),
        _Case("dl_back_new_address_pass",
              ("dl_nakamura_front_scan.png", "dl_nakamura_back_scan.png"),
              claim_for(NAKAMURA, address=NAKAMURA_NEW_ADDRESS), "pass", (),
              "front shows the old address, back records a move; claim gives the new one",
              "the newest address on the back wins over the front; a 大字 village address"),
        _Case("dl_back_old_address_fail",
              ("dl_nakamura_front_scan.png", "dl_nakamura_back_scan.png"),
              claim_for(NAKAMURA), "fail", ("ADDRESS_MISMATCH",),
              "same files; claim gives the old (front) address",
              "an address superseded on the back no longer verifies"),
        _Case("dl_name_jiro_fail", ("dl_yamada_front_scan.png",),
              claim_for(replace(YAMADA, given_name="次郎", given_kana="ジロウ")), "fail",
              ("NAME_MISMATCH",), "card says 山田 太郎, claim says 山田 次郎",
              "one-kanji name difference is a different person, not a fuzzy match"),
        _Case("dl_expired_fail", ("dl_yamasaki_front_expired_scan.png",), claim_for(YAMASAKI),
              "fail", ("DOCUMENT_EXPIRED",), "license whose validity date is before today",
              "expiry from the 令和 validity band; variant kanji 﨑"),
        _Case("dl_birth_date_fail", ("dl_yamada_front_scan.png",),
              {**claim_for(YAMADA), "birth_date": "1985-04-10"}, "fail",
              ("BIRTH_DATE_MISMATCH",), "card says 昭和60年4月1日, claim says 1985-04-10",
              "昭和 era conversion and birth-date comparison"),
        _Case("mn_front_scan_pass", ("mn_saito_front_scan.png",), claim_for(SAITO), "pass", (),
              "genuine My Number front scan, address wraps over lines",
              "My Number front layout, western-year validity, multi-line address"),
        _Case("mn_front_photo_pass", ("mn_saito_front_photo.jpg",), claim_for(SAITO), "pass",
              (), "genuine My Number front, phone photo", "My Number card from a photo"),
        _Case("mn_back_visible_fail", ("mn_saito_front_scan.png", "mn_saito_back_scan.png"),
              claim_for(SAITO), "fail", ("INDIVIDUAL_NUMBER_VISIBLE",),
              "front plus an unredacted back", "the 12-digit number is detected, never output"),
        _Case("mn_back_redacted_pass",
              ("mn_saito_front_scan.png", "mn_saito_back_redacted_scan.png"),
              claim_for(SAITO), "pass", (), "front plus a back with the number blacked out",
              "a properly masked number is not flagged"),
        _Case("dl_building_omitted_pass", ("dl_yamada_front_scan.png",),
              claim_for(YAMADA, address=yamada_street), "pass", (),
              "claim leaves out 'メゾン桜203号室'",
              "building and room may be omitted from the claim"),
        _Case("dl_hyphen_notation_pass", ("dl_yamada_front_scan.png",),
              claim_for(YAMADA, address=hyphen_notation(YAMADA.address)), "pass", (),
              "claim written 丸の内1-4-1, card prints 丸の内一丁目4番1号",
              "address notation normalisation (kanji 丁目, 番/号 vs hyphens)"),
        _Case("dl_pdf_pass", ("dl_yamada_front_scan.pdf",), claim_for(YAMADA), "pass", (),
              "the license photocopied onto an A4 page, submitted as PDF",
              "PDF input; a small card on a large page"),
        _Case("passport_scan_pass", ("pp_yamada_scan.png",), passport_claim, "pass", (),
              "genuine passport page scan, 本籍 blacked out; the claim states no address",
              "MRZ read and checked (7-3-1); YAMADA TARO matched with the claim's kana"),
        _Case("passport_photo_pass", ("pp_yamada_photo.jpg",), passport_claim, "pass", (),
              "the same passport, phone photo", "a passport page (ISO shape) found in a photo"),
        _Case("passport_address_not_verified_fail", ("pp_yamada_scan.png",), claim_for(YAMADA),
              "fail", ("ADDRESS_NOT_VERIFIED",), "passport alone, claim with an address",
              "a passport shows no address: it cannot verify one"),
        _Case("passport_certificate_pass", ("pp_yamada_scan.png", "rc_yamada_scan.png"),
              claim_for(YAMADA), "pass", (), "passport plus a resident certificate",
              "the certificate verifies the address the passport cannot"),
        _Case("passport_domicile_fail", ("pp_yamada_domicile_scan.png",), passport_claim,
              "fail", ("DOMICILE_NOT_REDACTED",), "passport with the 本籍 legible",
              "the registered domicile must be blacked out"),
        _Case("passport_broken_mrz_fail", ("pp_yamada_broken_mrz_scan.png",), passport_claim,
              "fail", ("MRZ_INVALID",), "passport whose MRZ birth-date check digit is wrong",
              "check digits of the machine-readable zone"),
        _Case("passport_other_reading_fail", ("pp_yamada_scan.png",),
              {**passport_claim, "name": "山田 次郎", "kana": "ヤマダ ジロウ"}, "fail",
              ("NAME_MISMATCH",), "passport says YAMADA TARO, claim says 山田 次郎 (JIRO)",
              "romaji from the claim's kana: another reading is another person"),
        _Case("certificate_alone_fail", ("rc_yamada_scan.png",), claim_for(YAMADA), "fail",
              ("INSUFFICIENT_DOCUMENTS",), "a resident certificate alone",
              "a document without a photo needs a second one"),
        _Case("certificate_insurance_pass",
              ("rc_yamada_scan.png", "hi_yamada_masked_scan.png"), claim_for(YAMADA),
              "pass", (), "resident certificate plus a masked health insurance card",
              "two documents without a photo suffice; both name the claimant"),
        _Case("insurance_numbers_fail",
              ("rc_takahashi_scan.png", "hi_takahashi_numbers_scan.png"), claim_for(TAKAHASHI),
              "fail", ("INSURER_NUMBER_VISIBLE",), "certificate plus an unmasked insurance card",
              "記号・番号 and 保険者番号 must be masked"),
        _Case("insurance_photo_id_only_fail",
              ("rc_yamada_scan.png", "hi_yamada_masked_scan.png"), claim_for(YAMADA),
              "fail", ("INSUFFICIENT_DOCUMENTS",), "the pass case above under the stricter policy",
              "policy photo_id_only (idverify/data/policies) wants a photo ID", "photo_id_only"),
        _Case("certificate_domicile_fail", ("pp_yamada_scan.png", "rc_yamada_domicile_scan.png"),
              claim_for(YAMADA), "fail", ("DOMICILE_NOT_REDACTED",),
              "passport plus a certificate printed with a legible 本籍",
              "本籍 on a certificate must be blacked out"),
        _Case("certificate_number_fail", ("pp_yamada_scan.png", "rc_yamada_number_scan.png"),
              claim_for(YAMADA), "fail", ("INDIVIDUAL_NUMBER_VISIBLE",),
              "passport plus a certificate printed with a legible 個人番号",
              "a printed individual number must not be collected"),
        _Case("certificate_masked_pass", ("pp_yamada_scan.png", "rc_yamada_masked_scan.png"),
              claim_for(YAMADA), "pass", (),
              "passport plus a certificate with 本籍 and 個人番号 blacked out",
              "properly masked rows are not flagged"),
        _Case("certificate_pdf_pass", ("pp_yamada_scan.png", "rc_yamada_scan.pdf"),
              claim_for(YAMADA), "pass", (), "passport plus the certificate as a PDF",
              "an A4 page in a PDF"),
        _Case("documents_inconsistent_fail", ("dl_yamada_front_scan.png", "rc_takahashi_scan.png"),
              claim_for(YAMADA), "fail", ("DOCUMENTS_INCONSISTENT",),
              "a license of the claimant plus someone else's certificate",
              "documents that describe different people"),
        _Case("residence_card_pass", ("zc_nguyen_front_scan.png",), claim_for(NGUYEN), "pass",
              (), "residence card front scan; claim in Latin letters with katakana",
              "在留カード layout, Latin name family-first, western dates"),
        _Case("residence_card_photo_pass", ("zc_nguyen_front_photo.jpg",), claim_for(NGUYEN),
              "pass", (), "residence card front, phone photo", "a residence card from a photo"),
        _Case("residence_back_new_address_pass",
              ("zc_nguyen_front_scan.png", "zc_nguyen_back_scan.png"),
              claim_for(NGUYEN, address=NGUYEN_NEW_ADDRESS), "pass", (),
              "front plus a back recording a move; claim gives the new address",
              "the back's newest 住居地 wins"),
        _Case("residence_name_fail", ("zc_nguyen_front_scan.png",),
              claim_for(replace(NGUYEN, given_name="VAN ANH")), "fail", ("NAME_MISMATCH",),
              "card says NGUYEN VAN AN, claim says NGUYEN VAN ANH",
              "one letter more is another person"),
        _Case("letter_unsupported_fail", ("letter_yamada_scan.png",), claim_for(YAMADA), "fail",
              ("UNSUPPORTED_DOCUMENT",), "a utility bill instead of an identity document",
              "anything that is not an accepted document type"),
        _Case("not_an_image_fail", ("not_an_image.jpg",), claim_for(YAMADA), "fail",
              ("IMAGE_UNREADABLE",), "a text file with a .jpg extension",
              "content sniffing, not trusting the extension; a verdict, not a crash"),
    ]  # fmt: skip


def _readme(manifest: list[dict[str, Any]], files: dict[str, tuple[bytes, str]]) -> str:
    lines = [
        "# Sample documents",
        "",
        "Synthetic Japanese ID documents of invented people (real municipalities, invented",
        "block numbers, invented card numbers). Generated by `python -m samples.build`; do",
        "not edit by hand — this file and `manifest.json` are rewritten from the same data.",
        f"Every case is judged with `--today {TODAY.isoformat()}`.",
        "",
        "## Cases",
        "",
        "| case | files | how it was made | what it tests | expected verdict |",
        "|---|---|---|---|---|",
    ]
    for case in manifest:
        names = "<br>".join(f"`{Path(f).name}`" for f in case["files"])
        verdict = case["expected_verdict"]
        if case["expected_reasons"]:
            verdict += " (" + ", ".join(case["expected_reasons"]) + ")"
        lines.append(f"| `{case['id']}` | {names} | {case['how']} | {case['tests']} | {verdict} |")
    lines += ["", "## Files", "", "| file | how it was made | size |", "|---|---|---|"]
    for name, (data, how) in files.items():
        lines.append(f"| `{name}` | {how} | {len(data) // 1024} KiB |")
    lines += [
        "",
        "## Regenerating and evaluation corpora",
        "",
        "`python -m samples.build --seed 7` rewrites everything here byte for byte (given the",
        "same fonts and Pillow/libjpeg). For larger labelled sets use",
        '`samples.build.iter_eval_cases(seed, n, capture="phone_easy")`, which yields',
        "in-memory cases with about 25 % impostor claims (`samples.people.near_miss`).",
        "",
    ]
    return "\n".join(lines)


def build(out: Path, seed: int = 7, manifest_path: Path | None = None) -> list[dict[str, Any]]:
    """Write the committed set to ``out``, plus ``manifest.json`` and ``README.md``.

    The manifest and README go to ``manifest_path`` (default: ``out``'s parent); file
    paths in the manifest are relative to the manifest's folder. Returns the manifest.
    """
    manifest_path = manifest_path or out.parent / "manifest.json"
    out.mkdir(parents=True, exist_ok=True)
    files = _committed_files(seed)
    for name, (data, _) in files.items():
        (out / name).write_bytes(data)
    rel = Path(os.path.relpath(out, manifest_path.parent))
    manifest: list[dict[str, Any]] = []
    for case in _committed_cases():
        missing = [f for f in case.files if f not in files]
        if missing:
            raise ValueError(f"case {case.id} names files that are not built: {missing}")
        manifest.append(
            {
                "id": case.id,
                "files": [(rel / f).as_posix() for f in case.files],
                "claim": case.claim,
                "today": TODAY.isoformat(),
                "expected_verdict": case.expected_verdict,
                "expected_reasons": list(case.expected_reasons),
                "policy": case.policy,
                "how": case.how,
                "tests": case.tests,
            }
        )
    manifest_path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (manifest_path.parent / "README.md").write_text(_readme(manifest, files), encoding="utf-8")
    return manifest


# ------------------------------------------------------------------ evaluation corpus


@dataclass(frozen=True)
class EvalCase:
    """One labelled evaluation case, held in memory.

    ``files`` are encoded images (JPEG for phone photos, PNG for scans) named in
    ``file_names``; ``truth`` is what the document really says (ISO dates), for scoring
    field extraction; ``genuine`` is False when the claim is a ``near_miss`` impostor.
    """

    id: str
    doc_type: str
    capture: str
    files: tuple[bytes, ...]
    file_names: tuple[str, ...]
    claim: dict[str, str]
    truth: dict[str, str]
    today: str
    expected_verdict: str
    expected_reasons: tuple[str, ...]
    genuine: bool
    # How bad the capture condition is, 0 (mild) to 1 (worst), where it is graded
    # (glare, blur, rotation, lowres, dark, cut_off); None for the others.
    severity: float | None = None
    # False when the capture is deliberately too poor to verify (strong blur, a tiny
    # card, glare over the name or address, far too dark, cut off): then
    # ``expected_verdict`` is review with IMAGE_QUALITY_LOW, and fail is right too;
    # pass never is.
    readable: bool = True
    # What was done, without personal data (e.g. "glare on name", "motion"), for
    # breakdowns.
    detail: str = ""


def _claim_notation(person: Person, rng: random.Random) -> str:
    """The address as a genuine requester might write it: as printed, hyphenated, or
    without the building."""
    street, building = split_building(person.address)
    roll = rng.random()
    if roll < 0.2:
        return hyphen_notation(person.address)
    if roll < 0.35 and building is not None:
        return street
    return person.address


def iter_eval_cases(
    seed: int,
    n: int,
    doc_types: Sequence[str] = DOC_TYPES,
    capture: str = "phone_easy",
    *,
    impostor_rate: float = 0.25,
) -> Iterator[EvalCase]:
    """Yield ``n`` labelled cases: one document front each, captured as ``capture``.

    ``capture`` is any of :data:`CONDITIONS` (see ``_condition_files`` for the ones
    beyond :data:`CAPTURES`). Documents are always valid on ``TODAY`` unless the case
    is a negative. Genuine claims may use another address
    notation (hyphens, building omitted) and expect ``pass``; impostor claims come from
    ``near_miss`` and expect ``fail`` with NAME_MISMATCH or ADDRESS_MISMATCH.
    Deterministic in (seed, index): case i is the same whatever n is.
    """
    unknown = [d for d in doc_types if d not in DOC_TYPES]
    if unknown or not doc_types:
        raise ValueError(f"doc_types must be drawn from {list(DOC_TYPES)}, got {list(doc_types)}")
    if capture not in CONDITIONS:
        raise ValueError(f"capture must be one of {list(CONDITIONS)}, got {capture!r}")
    for i in range(n):
        yield eval_case(seed, i, doc_types, capture, impostor_rate=impostor_rate)


# Ways a request can be wrong, by the document type they apply to: another person
# claiming (every type), an expired document, a legible value that must be masked,
# a broken machine-readable zone, a certificate issued too long ago.
NEGATIVES: dict[str, tuple[str, ...]] = {
    "drivers_license": ("impostor", "impostor", "expired"),
    "my_number_card": ("impostor", "impostor", "expired"),
    "passport": ("impostor", "expired", "sensitive", "broken_mrz"),
    "residence_card": ("impostor", "impostor", "expired"),
    "health_insurance_card": ("impostor", "sensitive", "sensitive"),
    "resident_certificate": ("impostor", "sensitive", "too_old"),
}
_NEGATIVE_REASONS = {
    "expired": "DOCUMENT_EXPIRED",
    "broken_mrz": "MRZ_INVALID",
    "too_old": "CERTIFICATE_TOO_OLD",
}
# What a genuine requester submits with a document that cannot identify alone:
# a health insurance card goes with a resident certificate (two documents without
# a photo), a resident certificate with a passport (the passport shows no address).
COMPANIONS = {"health_insurance_card": "resident_certificate", "resident_certificate": "passport"}


def document_for(
    doc_type: str, person: Person, rng: random.Random, variant: str = "genuine"
) -> RenderedDocument:
    """A document of ``doc_type`` for ``person``, valid on :data:`TODAY` unless
    ``variant`` is ``expired``, ``sensitive`` (a value that must be masked left
    legible), ``broken_mrz`` or ``too_old``."""
    if doc_type == "drivers_license":
        return drivers_license_for(person, rng, expired=variant == "expired")
    if doc_type == "my_number_card":
        if variant == "expired":
            issue_year = TODAY.year - rng.randint(11, 14)
            return render.my_number_card_front(
                person, expiry_date=_birthday_in(person, issue_year + 10), rng=rng
            )
        return my_number_card_for(person, rng)
    if doc_type == "passport":
        return passport_for(
            person,
            rng,
            expired=variant == "expired",
            domicile_masked=variant != "sensitive",
            broken_check=rng.choice((9, 19, 27, 43)) if variant == "broken_mrz" else None,
        )
    if doc_type == "residence_card":
        return render_residence.residence_card_for(person, rng, expired=variant == "expired")
    if doc_type == "health_insurance_card":
        legible = variant == "sensitive"
        masked = frozenset() if legible else frozenset({"symbol_number", "insurer_number"})
        return render_insurance.health_insurance_card_for(person, rng, masked=masked)
    if doc_type == "resident_certificate":
        sensitive = rng.choice(("domicile", "number")) if variant == "sensitive" else None
        return render_certificate.resident_certificate_for(
            person,
            rng,
            age_days=rng.randint(100, 300) if variant == "too_old" else None,
            domicile="legible" if sensitive == "domicile" else rng.choice(("none", "masked")),
            number="legible" if sensitive == "number" else rng.choice(("none", "masked")),
        )
    raise ValueError(f"unknown document type {doc_type!r}")


def _capture(
    doc: RenderedDocument, rng: random.Random, capture: str, stem: str
) -> tuple[bytes, str]:
    """``doc`` as the requester sends it: a flat scan (PNG) or a phone photo (JPEG)."""
    if capture == "scan":
        if doc.doc_type == "resident_certificate":
            return _png(render_certificate.page_scan(doc, rng)), f"{stem}.png"
        return _png(capture_sim.flat_scan(doc, rng)), f"{stem}.png"
    difficulty: capture_sim.Difficulty = "easy" if capture == "phone_easy" else "hard"
    img = capture_sim.phone_photo(doc, rng, difficulty=difficulty)
    return _jpeg(img, rng.randint(80, 92)), f"{stem}.jpg"


# ------------------------------------------------------------- capture conditions


@dataclass(frozen=True)
class _Degraded:
    """The files of one request under a capture condition, and how bad it is."""

    files: tuple[bytes, ...] = ()
    names: tuple[str, ...] = ()
    severity: float | None = None
    readable: bool = True
    detail: str = ""


# The fields a glare may wash out to make a request unverifiable, by document type.
# Not a passport's name (its MRZ repeats it), not an insurance card's address (its
# companion certificate shows it), not a certificate's name (the passport with it
# names the requester): over those a reader may rightly still pass the request.
_GLARE_TARGETS: dict[str, tuple[str, ...]] = {
    "drivers_license": ("name", "address"),
    "my_number_card": ("name", "address"),
    "residence_card": ("name", "address"),
    "health_insurance_card": ("name",),
    "resident_certificate": ("address",),
    "passport": (),
}
# Graded conditions draw their severity from two bands with a gap between them, so
# that every label is clear: readable (a person reads every field) or too poor.
_READABLE_SHARE = 0.7
_BLUR_BANDS = ((0.05, 0.3), (0.7, 1.0))  # radius = severity x 0.4 x the name's height
_LOWRES_BANDS = ((400.0, 500.0), (250.0, 320.0))  # the card's width in pixels
# The share of the light a photo needed that it got: a dim room (0.45-0.8: the
# paper still ~90-180 grey) or one too dark to take a document in (the paper under
# ~40 grey, the print a few levels under it in the noise).
_DARK_BANDS = ((0.45, 0.8), (0.08, 0.16))
# How much of the document's extent the photo's edge cuts off (a side of a card's
# labels or values, or its photo, is missing): never readable as a whole document.
_CUT_SHARE = (0.12, 0.35)
_CARD_MM, _PAGE_MM = 85.6, 210.0


def _is_page(doc: RenderedDocument) -> bool:
    """Whether ``doc`` is printed on an A4 page (portrait) rather than a card."""
    return doc.image.height > doc.image.width


def _back(doc_type: str, person: Person, rng: random.Random) -> RenderedDocument:
    """The back of a card of ``doc_type``, recording no change of address (and for a
    My Number card with the individual number blacked out, as a requester must)."""
    if doc_type == "drivers_license":
        return render.drivers_license_back(person, changes=[], rng=rng)
    if doc_type == "my_number_card":
        return render.my_number_card_back(
            person, individual_number=_digits(rng, 12), rng=rng, redacted=True
        )
    if doc_type == "residence_card":
        return render_residence.residence_card_back_for(person, rng, moves=0)
    raise ValueError(f"no back for {doc_type!r}")


def _partners(
    condition: str, first: RenderedDocument, person: Person, rng: random.Random
) -> list[RenderedDocument]:
    """The documents submitted with ``first`` under ``condition``: its companion for a
    photo condition; for ``a4_two_cards`` its back or a second document of the same
    person on the same page; for ``pdf`` the next pages of the file."""
    doc_type = first.doc_type
    if condition == "a4_two_cards":
        if doc_type == "resident_certificate":
            # A page cannot share an A4 sheet: the two cards go on a sheet of their own.
            return [
                document_for("passport", person, rng),
                document_for("health_insurance_card", person, rng),
            ]
        if doc_type in ("passport", "health_insurance_card"):
            return [document_for("drivers_license", person, rng)]
        if doc_type == "residence_card" or rng.random() < 0.5:
            return [_back(doc_type, person, rng)]
        return [document_for("health_insurance_card", person, rng)]
    if condition == "pdf":
        if doc_type in ("drivers_license", "my_number_card", "residence_card"):
            return [_back(doc_type, person, rng)]
        other = "passport" if doc_type == "resident_certificate" else "resident_certificate"
        return [document_for(other, person, rng)]
    companion = COMPANIONS.get(doc_type)
    return [document_for(companion, person, rng)] if companion is not None else []


def _pdf_pages(pages: Sequence[Image.Image]) -> bytes:
    """A multi-page PDF as a scanner writes it: one JPEG page per image, fixed dates."""
    fixed = time.struct_time((2026, 11, 20, 9, 30, 0, 4, 324, 0))
    buf = io.BytesIO()
    first, *rest = [p.convert("RGB") for p in pages]
    first.save(
        buf,
        "PDF",
        resolution=200.0,
        quality=85,
        save_all=True,
        append_images=rest,
        title="scan",
        creationDate=fixed,
        modDate=fixed,
    )
    return buf.getvalue()


def _band(rng: random.Random, bands: tuple[tuple[float, float], tuple[float, float]]) -> float:
    readable, poor = bands
    lo, hi = readable if rng.random() < _READABLE_SHARE else poor
    return rng.uniform(lo, hi)


def _boxes_apart(a: tuple[float, float, float, float], b: tuple[int, int, int, int]) -> bool:
    return a[0] + a[2] < b[0] or b[0] + b[2] < a[0] or a[1] + a[3] < b[1] or b[1] + b[3] < a[1]


def _glare_spot(
    doc: RenderedDocument, rng: random.Random
) -> tuple[tuple[float, float], tuple[float, float], float, str]:
    """Where a glare goes on ``doc`` (centre and radii in document pixels), its
    severity and what it covers: half the time over a field in :data:`_GLARE_TARGETS`
    (its middle, 36-60 % of its first line burnt out), otherwise clear of every field
    and sensitive value (it may cover labels, the portrait or the background print)."""
    targets = [k for k in _GLARE_TARGETS.get(doc.doc_type, ()) if k in doc.fields]
    if targets and rng.random() < 0.5:
        key = rng.choice(targets)
        x, y, w, h = doc.fields[key]
        line = min(h, 50)  # a wrapped address: burn out the middle of its first line
        rx = w * rng.uniform(0.18, 0.3)
        return (x + w * rng.uniform(0.35, 0.65), y + line / 2), (rx, line), 2 * rx / w, key
    width, height = doc.image.size
    boxes = [*doc.fields.values(), *doc.sensitive.values()]
    for attempt in range(200):
        # Smaller spots after many tries: a dense page leaves little room.
        rx = width * rng.uniform(0.06, 0.14) * (0.5 if attempt >= 100 else 1.0)
        ry = rx * rng.uniform(0.6, 1.0)
        cx, cy = rng.uniform(0.05, 0.95) * width, rng.uniform(0.05, 0.95) * height
        # The fade reaches about 1.6 radii before it is faint.
        reach = (cx - 1.6 * rx, cy - 1.6 * ry, 3.2 * rx, 3.2 * ry)
        if all(_boxes_apart(reach, b) for b in boxes):
            return (cx, cy), (rx, ry), rx / (0.14 * width), "elsewhere"
    return (0.03 * width, 0.03 * height), (0.03 * width, 0.03 * width), 0.2, "elsewhere"


def _degraded_photo(
    condition: str, doc: RenderedDocument, rng: random.Random
) -> tuple[Image.Image, float, bool, str]:
    """An easy phone photo of ``doc`` degraded by ``condition``: the image, its
    severity (0-1), whether it is readable, and a detail without personal data."""
    angle = rng.uniform(0.0, 360.0) if condition == "rotation" else None
    img, corners = capture_sim.phone_photo_with_corners(doc, rng, difficulty="easy", angle=angle)
    if angle is not None:
        off_axis = min(angle % 90, 90 - angle % 90)
        return img, off_axis / 45, True, "off axis >= 20 deg" if off_axis >= 20 else "near axis"
    if condition == "glare":
        centre, radii, severity, covers = _glare_spot(doc, rng)
        img = capture_sim.add_glare(img, doc, corners, centre=centre, radii=radii)
        return img, min(severity, 1.0), covers == "elsewhere", f"glare on {covers}"
    scale = capture_sim.document_width(doc, corners) / doc.image.width
    if condition == "blur":
        severity = _band(rng, _BLUR_BANDS)
        name_height = doc.fields["name"][3] if "name" in doc.fields else 0.04 * doc.image.width
        radius = max(0.5, severity * 0.4 * name_height * scale)
        motion = rng.random() < 0.5
        img = capture_sim.blur_photo(
            img, radius=radius, motion_angle=rng.uniform(0.0, 180.0) if motion else None
        )
        readable = severity <= _BLUR_BANDS[0][1]
        return img, severity, readable, "motion" if motion else "defocus"
    if condition == "lowres":
        card_px = _band(rng, _LOWRES_BANDS)
        # A page at the same resolution (dots per mm) as a card of that width.
        target = card_px * (_PAGE_MM / _CARD_MM if _is_page(doc) else 1.0)
        img = capture_sim.downscale(img, target / (scale * doc.image.width))
        lo, hi = _LOWRES_BANDS[0][0], _LOWRES_BANDS[0][1]
        readable = card_px >= lo
        return img, (hi - card_px) / (hi - _LOWRES_BANDS[1][0]), readable, f"card {card_px:.0f} px"
    if condition == "dark":
        gain = _band(rng, _DARK_BANDS)
        img = capture_sim.underexpose(img, gain, rng)
        lo, hi = _DARK_BANDS[0]
        readable = gain >= lo
        return img, (hi - gain) / (hi - _DARK_BANDS[1][0]), readable, f"light {gain:.2f}"
    if condition == "cut_off":
        side = rng.choice(("left", "right", "top", "bottom"))
        share = rng.uniform(*_CUT_SHARE)
        img = capture_sim.cut_off(img, corners, side, share)
        return img, share / _CUT_SHARE[1], False, f"cut off {side}"
    raise ValueError(f"unknown capture condition {condition!r}")


# The conditions made by degrading an easy phone photo of the first document.
_PHOTO_CONDITIONS = ("glare", "blur", "rotation", "lowres", "dark", "cut_off")


def _condition_files(
    condition: str, documents: list[RenderedDocument], rng: random.Random, stem: str
) -> _Degraded:
    """The files of a request under a condition beyond :data:`CAPTURES`.

    - ``glare``, ``blur``, ``rotation``, ``lowres``, ``dark``, ``cut_off``: the first
      document as an easy phone photo so degraded (JPEG); a companion as a plain easy
      photo;
    - ``a4_two_cards``: the first two cards on one A4 scan (JPEG), a certificate as a
      page scan of its own before the sheet of the two cards that go with it;
    - ``pdf``: one PDF, a page per document (a card photocopied on A4, a certificate
      scanned as it is).
    """
    first = documents[0]
    if condition in _PHOTO_CONDITIONS:
        img, severity, readable, detail = _degraded_photo(condition, first, rng)
        files = [_jpeg(img, rng.randint(80, 92))]
        names = [f"{stem}_0_{first.doc_type}.jpg"]
        for k, doc in enumerate(documents[1:], start=1):
            data, name = _capture(doc, rng, "phone_easy", f"{stem}_{k}_{doc.doc_type}")
            files.append(data)
            names.append(name)
        return _Degraded(tuple(files), tuple(names), severity, readable, detail)
    if condition == "a4_two_cards":
        if _is_page(first):
            page = _jpeg(render_certificate.page_scan(first, rng), 92)
            sheet = _jpeg(capture_sim.a4_page(documents[1:3], rng), 92)
            return _Degraded(
                (page, sheet),
                (f"{stem}_0_{first.doc_type}.jpg", f"{stem}_1_two_cards.jpg"),
                detail=f"certificate + {documents[1].doc_type}/{documents[2].doc_type}",
            )
        second = documents[1]
        pair = "front and back" if second.doc_type == first.doc_type else second.doc_type
        sheet = _jpeg(capture_sim.a4_page(documents[:2], rng), 92)
        return _Degraded((sheet,), (f"{stem}_0_two_cards.jpg",), detail=pair)
    if condition == "pdf":
        pages = [
            render_certificate.page_scan(doc, rng)
            if _is_page(doc)
            else capture_sim.a4_page([doc], rng)
            for doc in documents
        ]
        second = documents[1]
        pair = "front and back" if second.doc_type == first.doc_type else second.doc_type
        return _Degraded((_pdf_pages(pages),), (f"{stem}_0_{first.doc_type}.pdf",), detail=pair)
    raise ValueError(f"unknown capture condition {condition!r}")


def _impostor(person: Person, rng: random.Random, *, foreign: bool, by_reading: bool) -> Person:
    """A near-miss of ``person``. With ``by_reading``, one whose name is spelled
    differently in passport Hepburn: a passport prints no kanji, so 伊藤 and 伊東
    (both イトウ, ITO) cannot be told apart by it, and nor can an address it
    does not show."""
    for _ in range(50):
        other = (
            render_residence.foreign_near_miss(person, rng)
            if isinstance(person, render_residence.ForeignResident)
            else near_miss(person, rng)
        )
        if not by_reading or foreign or hepburn(other.kana) != hepburn(person.kana):
            return other
    raise AssertionError("no near-miss with another reading")  # pragma: no cover


def eval_case(
    seed: int,
    i: int,
    doc_types: Sequence[str] = DOC_TYPES,
    capture: str = "phone_easy",
    *,
    impostor_rate: float = 0.25,
) -> EvalCase:
    """Case ``i`` of :func:`iter_eval_cases` (the same case, built alone).

    The document under test comes first; a type that cannot identify alone is
    submitted with its :data:`COMPANIONS` document (captured the same way). A
    negative case (``impostor_rate``) is one of the type's :data:`NEGATIVES`."""
    if capture not in CONDITIONS:
        raise ValueError(f"capture must be one of {list(CONDITIONS)}, got {capture!r}")
    rng = random.Random(f"eval:{seed}:{capture}:{i}")
    doc_type = doc_types[i % len(doc_types)]
    foreign = doc_type == "residence_card"
    person = render_residence.random_foreign_resident(rng) if foreign else random_person(rng)
    # Which requests are negative comes from a stream of its own, so that the
    # documents and captures of the license and My Number cases stay those of
    # earlier revisions (regression cases refer to them by seed and index).
    choice = random.Random(f"variant:{seed}:{capture}:{i}")
    genuine = choice.random() >= impostor_rate
    variant = "genuine" if genuine else choice.choice(NEGATIVES[doc_type])
    documents = [
        document_for(doc_type, person, rng, "genuine" if variant == "impostor" else variant)
    ]
    files, names = [], []
    degraded = _Degraded()
    if capture in CAPTURES:
        companion = COMPANIONS.get(doc_type)
        if companion is not None:
            documents.append(document_for(companion, person, rng))
        for k, doc in enumerate(documents):
            data, name = _capture(doc, rng, capture, f"{i:05d}_{k}_{doc.doc_type}")
            files.append(data)
            names.append(name)
    else:
        documents += _partners(capture, documents[0], person, rng)
        degraded = _condition_files(capture, documents, rng, f"{i:05d}")
        files, names = list(degraded.files), list(degraded.names)
    rng.random()  # where earlier revisions drew the impostor choice: claims stay the same
    # Only a document that shows an address can prove a claimed one: a passport
    # holder's request states no address.
    shows_address = any(d.doc_type != "passport" for d in documents)
    address = _claim_notation(person, rng) if shows_address else None
    reasons: tuple[str, ...]
    if variant == "impostor":
        other = _impostor(person, rng, foreign=foreign, by_reading=not shows_address)
        claim = claim_for(other)
        reason = "NAME_MISMATCH" if other.name != person.name else "ADDRESS_MISMATCH"
        verdict, reasons = "fail", (reason,)
    else:
        claim = claim_for(person, address=address)
        if variant == "genuine":
            verdict, reasons = "pass", ()
        else:
            verdict = "fail"
            reasons = (_NEGATIVE_REASONS.get(variant, "sensitive"),)
    if not shows_address:
        del claim["address"]
    if not degraded.readable:
        verdict, reasons = "review", ("IMAGE_QUALITY_LOW",)
    return EvalCase(
        id=f"{seed}-{capture}-{i:05d}",
        doc_type=doc_type,
        capture=capture,
        files=tuple(files),
        file_names=tuple(names),
        claim=claim,
        truth=dict(documents[0].values),
        today=TODAY.isoformat(),
        expected_verdict=verdict,
        expected_reasons=reasons,
        genuine=variant == "genuine",
        severity=degraded.severity,
        readable=degraded.readable,
        detail=degraded.detail,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: build the committed set."""
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(prog="python -m samples.build", description=__doc__)
    parser.add_argument("--out", type=Path, default=here / "images")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--manifest", type=Path, default=here / "manifest.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = build(args.out, args.seed, args.manifest)
    total = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(
        f"{len(manifest)} cases, {total / 1e6:.2f} MB in {args.out}, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
