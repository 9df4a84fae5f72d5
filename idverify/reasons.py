"""Reason codes, their default severities and their bilingual messages.

The codes of ``CONTRACT.md`` §2 plus a few of the project's own (marked below);
a policy may change any severity.
"""

from __future__ import annotations

from dataclasses import dataclass

from idverify.models import QualityIssue, Severity

__all__ = ["CODES", "ReasonSpec", "message_for", "quality_hints"]


@dataclass(frozen=True, slots=True)
class ReasonSpec:
    """A reason code's default severity and its message in Japanese and English."""

    severity: Severity
    ja: str
    en: str


CODES: dict[str, ReasonSpec] = {
    "NAME_MISMATCH": ReasonSpec(
        Severity.FAIL, "氏名が申請内容と一致しません", "The name does not match the request"
    ),
    "NAME_UNCERTAIN": ReasonSpec(
        Severity.REVIEW,
        "氏名を確実に読み取れませんでした",
        "The name could not be read or matched with confidence",
    ),
    "ADDRESS_MISMATCH": ReasonSpec(
        Severity.FAIL, "住所が申請内容と一致しません", "The address does not match the request"
    ),
    "ADDRESS_UNCERTAIN": ReasonSpec(
        Severity.REVIEW,
        "住所を確実に読み取れませんでした",
        "The address could not be read or matched with confidence",
    ),
    "ADDRESS_NOT_VERIFIED": ReasonSpec(
        Severity.FAIL,
        "住所を確認できる書類がありません",
        "An address was claimed but no submitted document shows an address",
    ),
    "BIRTH_DATE_MISMATCH": ReasonSpec(
        Severity.FAIL,
        "生年月日が申請内容と一致しません",
        "The birth date differs from the request",
    ),
    # Project code: the printed birth date could not be read with confidence.
    "BIRTH_DATE_UNCERTAIN": ReasonSpec(
        Severity.REVIEW,
        "生年月日を確実に読み取れませんでした",
        "The birth date could not be read with confidence",
    ),
    "DOMICILE_NOT_REDACTED": ReasonSpec(
        Severity.FAIL,
        "本籍が黒塗りされていません",
        "The registered domicile (honseki) is legible and must be blacked out",
    ),
    "INDIVIDUAL_NUMBER_VISIBLE": ReasonSpec(
        Severity.FAIL,
        "個人番号（マイナンバー）が読み取れる状態です",
        "The 12-digit individual number (My Number) is legible and must be masked",
    ),
    # Project code: a sensitive field's area is neither blacked out nor legibly empty.
    "SENSITIVE_FIELD_UNCERTAIN": ReasonSpec(
        Severity.REVIEW,
        "個人番号・本籍等が黒塗りされているか確認できません",
        "Could not confirm that a sensitive field (number, registered domicile) is masked",
    ),
    "INSURER_NUMBER_VISIBLE": ReasonSpec(
        Severity.FAIL,
        "保険者番号・被保険者記号番号が読み取れる状態です",
        "A health-insurance symbol/number or insurer number is legible",
    ),
    "DOCUMENT_EXPIRED": ReasonSpec(
        Severity.FAIL, "書類の有効期限が切れています", "The document has expired"
    ),
    # Project code: the validity date could not be read, so expiry is unknown.
    "EXPIRY_UNCERTAIN": ReasonSpec(
        Severity.REVIEW,
        "有効期限を確実に読み取れませんでした",
        "The validity date could not be read with confidence",
    ),
    "CERTIFICATE_TOO_OLD": ReasonSpec(
        Severity.FAIL,
        "証明書の発行日が古すぎます",
        "The certificate was issued too long ago",
    ),
    "MRZ_INVALID": ReasonSpec(
        Severity.FAIL,
        "機械読取領域（MRZ）が不正です",
        "The machine-readable zone fails its check digits or contradicts the printed fields",
    ),
    # Project code: the zone was not found, or a check failed on a doubtful glyph.
    "MRZ_UNCERTAIN": ReasonSpec(
        Severity.REVIEW,
        "機械読取領域（MRZ）を確実に読み取れませんでした",
        "The machine-readable zone could not be read with confidence",
    ),
    "UNSUPPORTED_DOCUMENT": ReasonSpec(
        Severity.FAIL,
        "対応していない書類です",
        "The document type is not recognised or not accepted",
    ),
    "INSUFFICIENT_DOCUMENTS": ReasonSpec(
        Severity.FAIL,
        "本人確認書類が不足しています",
        "More documents are needed to verify identity",
    ),
    "DOCUMENTS_INCONSISTENT": ReasonSpec(
        Severity.FAIL,
        "提出書類の記載内容が互いに一致しません",
        "The submitted documents describe different people",
    ),
    "IMAGE_QUALITY_LOW": ReasonSpec(
        Severity.REVIEW,
        "画像の品質が低く、読み取りが不確実です",
        "Blur, glare, low resolution or a cut-off card makes the reading unreliable",
    ),
    "IMAGE_UNREADABLE": ReasonSpec(
        Severity.FAIL,
        "画像またはPDFとして読み込めません",
        "The file is not a readable image or PDF",
    ),
}


def message_for(code: str, detail: str = "", *, detail_ja: str | None = None) -> str:
    """The bilingual message of ``code``, with an optional detail in parentheses
    (``detail_ja`` in the Japanese half when given, else ``detail`` in both).

    A detail must never contain personal data: it names components, not values.
    """
    spec = CODES[code]
    ja = detail if detail_ja is None else detail_ja
    ja_suffix = f" ({ja})" if ja else ""
    suffix = f" ({detail})" if detail else ""
    return f"{spec.ja}{ja_suffix} / {spec.en}{suffix}"


# What the requester should do about each capture defect: (Japanese, English).
_QUALITY_HINTS: dict[str, tuple[str, str]] = {
    "low_resolution": (
        "書類が小さく写っています。書類を画面いっぱいに近づけて撮り直してください",
        "the document is too small in the picture: retake it closer, filling the frame",
    ),
    "blur": (
        "ピントが合っていません。手ぶれしないようにして撮り直してください",
        "the picture is blurred: retake it in focus, holding the camera still",
    ),
    "dark": (
        "暗すぎます。明るい場所で撮り直してください",
        "the picture is too dark: retake it in better light",
    ),
    "not_found": (
        "写真の中に書類が見つかりません。無地の背景の上に書類だけを置き、全体が写るように撮り直してください",
        "the document could not be found in the picture: retake it alone on a plain surface, "
        "all of it in view",
    ),
    "illegible": (
        "文字が読み取れません。ピントを合わせ、明るい場所で反射が入らないように撮り直してください",
        "the text could not be read: retake it in focus, in good light, without glare",
    ),
    "cut_off": (
        "書類の端が切れています。四隅がすべて写るように撮り直してください",
        "the document is cut off at the edge: retake it with all four corners in the picture",
    ),
}
_GLARE_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "name": ("氏名", "the name"),
    "address": ("住所", "the address"),
    "birth_date": ("生年月日", "the birth date"),
    "expiry_date": ("有効期限", "the validity date"),
    "issue_date": ("交付日", "the issue date"),
}


def quality_hints(issues: tuple[QualityIssue, ...]) -> tuple[str, str]:
    """What to fix, in Japanese and in English ("retake without glare over the name")."""
    ja: list[str] = []
    en: list[str] = []
    for issue in issues:
        if issue.kind == "glare":
            where_ja, where_en = _GLARE_FIELD_NAMES.get(issue.field or "", ("文字", "the text"))
            ja.append(f"{where_ja}に光が反射しています。反射が入らないように撮り直してください")
            en.append(f"retake without glare over {where_en}")
        else:
            hint_ja, hint_en = _QUALITY_HINTS[issue.kind]
            ja.append(hint_ja)
            en.append(hint_en)
    return "。".join(ja), "; ".join(en)
