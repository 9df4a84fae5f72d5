"""Kana to the Hepburn spelling of Japanese passports (外務省ヘボン式).

Passport Hepburn differs from textbook Hepburn: long vowels are not marked (オオノ
→ ONO, サトウ → SATO, ユウコ → YUKO), ん before b, m and p is M (ナンバ → NAMBA),
っ doubles the next consonant (ハットリ → HATTORI) but is T before ch (ハッチ →
HATCHI). A holder may ask for a long o written OH (OHNO) or, where the kana is
オウ/オオ, OU/OO (SATOU, OONO): :func:`passport_spellings` gives every spelling a
passport may carry for a kana name.
"""

from __future__ import annotations

import itertools
import unicodedata

from idverify.normalize import to_katakana

__all__ = ["hepburn", "is_passport_hepburn", "passport_spellings"]

_BASE = {
    "ア": "A", "イ": "I", "ウ": "U", "エ": "E", "オ": "O",
    "カ": "KA", "キ": "KI", "ク": "KU", "ケ": "KE", "コ": "KO",
    "サ": "SA", "シ": "SHI", "ス": "SU", "セ": "SE", "ソ": "SO",
    "タ": "TA", "チ": "CHI", "ツ": "TSU", "テ": "TE", "ト": "TO",
    "ナ": "NA", "ニ": "NI", "ヌ": "NU", "ネ": "NE", "ノ": "NO",
    "ハ": "HA", "ヒ": "HI", "フ": "FU", "ヘ": "HE", "ホ": "HO",
    "マ": "MA", "ミ": "MI", "ム": "MU", "メ": "ME", "モ": "MO",
    "ヤ": "YA", "ユ": "YU", "ヨ": "YO",
    "ラ": "RA", "リ": "RI", "ル": "RU", "レ": "RE", "ロ": "RO",
    "ワ": "WA", "ヰ": "I", "ヱ": "E", "ヲ": "O", "ン": "N",
    "ガ": "GA", "ギ": "GI", "グ": "GU", "ゲ": "GE", "ゴ": "GO",
    "ザ": "ZA", "ジ": "JI", "ズ": "ZU", "ゼ": "ZE", "ゾ": "ZO",
    "ダ": "DA", "ヂ": "JI", "ヅ": "ZU", "デ": "DE", "ド": "DO",
    "バ": "BA", "ビ": "BI", "ブ": "BU", "ベ": "BE", "ボ": "BO",
    "パ": "PA", "ピ": "PI", "プ": "PU", "ペ": "PE", "ポ": "PO",
    "ヴ": "BU",
}  # fmt: skip
_YOON = {"ャ": "A", "ュ": "U", "ョ": "O"}
_SMALL_VOWELS = {"ァ": "A", "ィ": "I", "ゥ": "U", "ェ": "E", "ォ": "O"}


def _syllables(kana: str) -> list[str]:
    """Katakana split into syllables in Hepburn, long vowels still written out
    (オオ → O O), ッ as "Q", ー as "-"."""
    text = to_katakana(unicodedata.normalize("NFKC", kana))
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "ッ":
            out.append("Q")
        elif ch == "ー":
            out.append("-")
        elif ch in _BASE and nxt in _YOON:
            base = _BASE[ch]
            # キャ → KYA; シャ → SHA, チャ → CHA, ジャ → JA
            stem = {"SHI": "SH", "CHI": "CH", "JI": "J"}.get(base, base[:-1] + "Y")
            out.append(stem + _YOON[nxt])
            i += 1
        elif ch in _BASE and nxt in _SMALL_VOWELS:
            out.append(_BASE[ch][:-1] + _SMALL_VOWELS[nxt])  # フォ → FO
            i += 1
        elif ch in _BASE:
            out.append(_BASE[ch])
        elif ch in _SMALL_VOWELS:
            out.append(_SMALL_VOWELS[ch])
        else:
            raise ValueError(f"not kana: {ch!r}")
        i += 1
    return out


def _spell(syllables: list[str], long_o: str) -> str:
    """Join ``syllables``; ``long_o`` is how オウ/オオ after an o-syllable is
    written: "" (passport default), "H", or "U"/"O" (as the kana has it)."""
    out = ""
    for k, syl in enumerate(syllables):
        prev = syllables[k - 1] if k else ""
        nxt = syllables[k + 1] if k + 1 < len(syllables) else ""
        if syl == "Q":
            if nxt.startswith("CH"):
                out += "T"
            elif nxt:
                out += nxt[0]
            continue
        if syl == "-":
            continue  # a long-vowel mark is not written
        if syl == "N" and nxt[:1] in ("B", "M", "P"):
            out += "M"
            continue
        if prev.endswith("O") and syl in ("O", "U") and prev != "Q":
            # オオノ, サトウ: the long o is not written (or as the holder asked).
            if long_o == "H":
                out += "H"
            elif long_o == "KANA":
                out += syl
            continue
        if prev.endswith("U") and syl == "U":
            continue  # ユウコ → YUKO
        out += syl
    return out


def _parts(kana: str) -> list[str]:
    return unicodedata.normalize("NFKC", kana).split()


def hepburn(kana: str) -> str:
    """The passport spelling of a kana name, its parts (family, given) kept apart
    by one space: ``サトウ タロウ`` → ``SATO TARO``.

    Raises ValueError on anything that is not kana."""
    return " ".join(_spell(_syllables(part), "") for part in _parts(kana))


def passport_spellings(kana: str) -> frozenset[str]:
    """Every spelling a passport may carry for ``kana``: each part (family, given)
    in the standard spelling, or with its long o as OH, or as the kana writes it
    (OU, OO) — chosen part by part, as a holder does (SATOH TARO)."""
    options = [
        sorted({_spell(_syllables(part), mode) for mode in ("", "H", "KANA")})
        for part in _parts(kana)
    ]
    return frozenset(" ".join(combo) for combo in itertools.product(*options))


def _hepburn_syllables() -> frozenset[str]:
    """Every syllable passport Hepburn writes for one kana or a kana and its small
    companion (KYA, SHA, FA, TI …), ん and っ aside."""
    out = {v for k, v in _BASE.items() if k != "ン"}
    for base in _BASE.values():
        if base == "N":
            continue
        stem = {"SHI": "SH", "CHI": "CH", "JI": "J"}.get(base, base[:-1] + "Y")
        out.update(stem + v for v in _YOON.values())
        out.update(base[:-1] + v for v in _SMALL_VOWELS.values())
    return frozenset(s for s in out if s)


_SYLLABLES = _hepburn_syllables()
_VOWELS = frozenset("AIUEO")


def is_passport_hepburn(word: str) -> bool:
    """Whether ``word`` (capitals, one name part) can be spelled from kana in
    passport Hepburn: its syllables, ん as N (M before B, M, P), っ as a doubled
    consonant (T before CH), a long o as OH. INOE is; INOF and HASFGAWA are not.

    Used to tell a misread glyph in a passport's zone: a holder may ask for a
    non-Hepburn spelling (a foreign-born name), so a name that is not Hepburn is
    only ever a reason to look again, never to reject."""
    n = len(word)
    if n == 0:
        return False
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if not reach[i]:
            continue
        ch, nxt = word[i], word[i + 1 : i + 2]
        for length in range(1, min(3, n - i) + 1):
            if word[i : i + length] in _SYLLABLES:
                reach[i + length] = True
        if ch == "N" and nxt not in _VOWELS and nxt != "Y":
            reach[i + 1] = True
        if ch == "M" and nxt in ("B", "M", "P"):
            reach[i + 1] = True
        if ch == "H" and i > 0 and word[i - 1] == "O" and nxt not in _VOWELS:
            reach[i + 1] = True
        if ch not in _VOWELS and ch != "N" and (nxt == ch or (ch == "T" and nxt == "C")):
            reach[i + 1] = True
    return reach[n]
