"""The pre-Unicode Vietnamese encodings still found in old spreadsheets: TCVN3 (ABC) and VNI.

Such text reaches us as Latin-1 characters that only looked Vietnamese through a special font.

* **TCVN3** (TCVN 5712:1993 VN3, the ".VnTime" fonts): one byte per letter. VN3 has codes for every lower
  case letter but, for capitals, only Ă Â Ê Ô Ơ Ư Đ. A toned capital was typed with the lower-case code
  in a capitals font (".VnTimeH"), so the text itself says nothing about its case. We convert toned
  letters to lower case, except that (1) a word whose plain letters are all capitals (two or more, or one
  in a text whose plain letters are all capitals) is upper-cased whole: "NGUYÔN" -> "NGUYỄN", but
  "Hå" -> "Hồ"; (2) a word starting with a toned letter gets a capital when it starts the text, or when
  every word of the text starts with a capital (a name): "Ph¹m Ngäc ¸nh" -> "Phạm Ngọc Ánh".
* **VNI** (VNI-Windows, "VNI-Times" fonts): a base letter followed by a mark character: "aù" = "á",
  "aâ" = "â", "aá" = "ấ", "aé" = "ắ"; "ô" = "ơ", "ö" = "ư", "ñ" = "đ"; "ỉ ĩ ị ỵ" are single characters
  ("æ ó ò î"). Capitals use the capital forms ("AÙ" = "Á"); a mark of the other case is accepted too.

Detection reads the text each way and checks that the words come out as possible Vietnamese syllables.
It is deliberately cautious: text that already reads as valid Unicode Vietnamese is never flagged, so a
single short word (VNI "Sôn" for "Sơn") can pass unnoticed; callers should detect on a whole column.
"""

from __future__ import annotations

import re
import string
import unicodedata

ENCODINGS = ("tcvn3", "vni")

# fmt: off
# Per vowel: the letter with no tone, huyền, sắc, hỏi, ngã, nặng.
_VOWEL_ROWS = (
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
    "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
)
_TCVN3_ROWS = (
    "aµ¸¶·¹", "¨»¾¼½Æ", "©ÇÊÈÉË", "eÌÐÎÏÑ", "ªÒÕÓÔÖ", "i×ÝØÜÞ",
    "oßãáâä", "«åèæçé", "¬êíëìî", "uïóñòô", "\xadõøö÷ù", "yúýûüþ",
)
_TCVN3_CAPITALS = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

# VNI: base written for each vowel, and the mark strings for no tone, huyền, sắc, hỏi, ngã, nặng.
_VNI_PLAIN_MARKS = ("", "ø", "ù", "û", "õ", "ï")
_VNI_BREVE_MARKS = ("ê", "è", "é", "ú", "ü", "ë")
_VNI_HAT_MARKS = ("â", "à", "á", "å", "ã", "ä")
_VNI_ROWS = {
    "a": ("a", _VNI_PLAIN_MARKS), "ă": ("a", _VNI_BREVE_MARKS), "â": ("a", _VNI_HAT_MARKS),
    "e": ("e", _VNI_PLAIN_MARKS), "ê": ("e", _VNI_HAT_MARKS),
    "o": ("o", _VNI_PLAIN_MARKS), "ô": ("o", _VNI_HAT_MARKS), "ơ": ("ô", _VNI_PLAIN_MARKS),
    "u": ("u", _VNI_PLAIN_MARKS), "ư": ("ö", _VNI_PLAIN_MARKS), "y": ("y", _VNI_PLAIN_MARKS),
}
_VNI_SINGLE = {"ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î", "đ": "ñ"}
# fmt: on


def _build_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Unicode -> legacy tables of both encodings for every non-ASCII Vietnamese letter."""
    tcvn3 = {"đ": "®"}
    vni = {}
    for row, codes in zip(_VOWEL_ROWS, _TCVN3_ROWS, strict=True):
        tcvn3.update(zip(row, codes, strict=True))
        if row[0] in _VNI_ROWS:
            base, marks = _VNI_ROWS[row[0]]
            vni.update({letter: base + mark for letter, mark in zip(row, marks, strict=True)})
    vni.update(_VNI_SINGLE)
    # Toned capitals have no TCVN3 code: the capitals fonts draw the lower-case code as a capital.
    tcvn3.update({letter.upper(): code for letter, code in tcvn3.items()})
    tcvn3.update(_TCVN3_CAPITALS)
    vni.update({letter.upper(): code.upper() for letter, code in vni.items()})
    return (
        {k: v for k, v in tcvn3.items() if not k.isascii()},
        {k: v for k, v in vni.items() if k != v and not k.isascii()},
    )


_TO_TCVN3, _TO_VNI = _build_tables()
_FROM_TCVN3 = {
    code: letter for letter, code in _TO_TCVN3.items() if letter.islower() or letter in _TCVN3_CAPITALS
}
# VNI is also read with a mark of the other case ("Aù", "aÙ"); the letter takes the case of its base.
_FROM_VNI = {code[0] + code[1].swapcase(): letter for letter, code in _TO_VNI.items() if len(code) == 2} | {
    code: letter for letter, code in _TO_VNI.items()
}
_VNI_SEQUENCE = re.compile("|".join(sorted(map(re.escape, _FROM_VNI), key=len, reverse=True)))
# Case evidence in TCVN3 text: letters that exist in both cases, and toned letters (lower case only).
_TCVN3_CAPITAL = frozenset(string.ascii_uppercase + "".join(_TCVN3_CAPITALS.values()))
_TCVN3_SMALL = frozenset(string.ascii_lowercase + "".join(_TO_TCVN3[c.lower()] for c in _TCVN3_CAPITALS))
_TCVN3_TONED = frozenset(_FROM_TCVN3) - _TCVN3_CAPITAL - _TCVN3_SMALL


def unicode_to_legacy(text: str, encoding: str) -> str:
    """Write Unicode text in a legacy encoding (for tests and for re-creating old files).

    Toned capitals become their lower-case codes in TCVN3, as the capitals fonts expect.
    """
    table = _TO_TCVN3 if _check(encoding) == "tcvn3" else _TO_VNI
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


def legacy_to_unicode(text: str, encoding: str) -> str:
    """Convert text typed in ``encoding`` ("tcvn3" or "vni") to Unicode NFC."""
    if _check(encoding) == "vni":
        return _VNI_SEQUENCE.sub(lambda m: _FROM_VNI[m.group()], text)
    return _tcvn3_to_unicode(text)


def _check(encoding: str) -> str:
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")
    return encoding


def _initial_is_capital(word: str) -> bool | None:
    """Case of the first letter of a TCVN3 word; ``None`` if it has no letter or starts with a toned one."""
    for char in word:
        if char in _TCVN3_CAPITAL:
            return True
        if char in _TCVN3_SMALL:
            return False
        if char in _TCVN3_TONED:
            return None
    return None


def _tcvn3_to_unicode(text: str) -> str:
    """TCVN3 to Unicode, guessing the case of toned letters as the module docstring explains."""
    parts = re.split(r"(\s+)", text)  # words at even positions, spaces at odd ones
    evidence = [c for c in text if c in _TCVN3_CAPITAL or c in _TCVN3_SMALL]
    capitals_text = len(evidence) >= 2 and all(c in _TCVN3_CAPITAL for c in evidence)
    initials = [_initial_is_capital(word) for word in parts[::2]]
    title_text = True in initials and False not in initials
    first_word = next((i for i in range(0, len(parts), 2) if parts[i]), None)
    for i in range(0, len(parts), 2):
        word = parts[i]
        converted = "".join(_FROM_TCVN3.get(c, c) for c in word)
        word_evidence = [c for c in word if c in _TCVN3_CAPITAL or c in _TCVN3_SMALL]
        if all(c in _TCVN3_CAPITAL for c in word_evidence) and (len(word_evidence) >= 2 or capitals_text):
            converted = converted.upper()
        elif (i == first_word or title_text) and word and _initial_is_capital(word) is None:
            start = next((k for k, c in enumerate(word) if c in _TCVN3_TONED), None)
            if start is not None:
                converted = converted[:start] + converted[start].upper() + converted[start + 1 :]
        parts[i] = converted
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")  # huyền, sắc, hỏi, ngã, nặng
_STOP_TONES = frozenset("\u0301\u0323")  # the only tones after a final c, ch, p, t
_SYLLABLE = re.compile(r"([bcdđghklmnpqrstvxfjwz']*)([aăâeêioôơuưy]+)(c|ch|m|n|ng|nh|p|t)?")
# Vowel groups of Vietnamese syllables; the first never takes a final consonant, the second always does.
# fmt: off
_OPEN_ONLY = frozenset({
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi",
    "ưu", "uơ", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu",
})
_CLOSED_ONLY = frozenset({"iê", "yê", "uô", "ươ", "uyê", "oo", "oă", "uă", "uâ"})
_ANY = frozenset({"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy"})
# fmt: on
_VOWEL_BASES = frozenset("aeiouy")
_PUNCTUATION = "\"'()[]{}.,;:!?…“”‘’«»-–—/"


def _is_syllable(part: str) -> bool:
    """True if ``part`` (lower case, NFC) could be one Vietnamese syllable, ethnic names included."""
    tones = ""
    letters = ""
    base = ""
    for char in unicodedata.normalize("NFD", part):
        if char in _TONE_MARKS:
            if base not in _VOWEL_BASES:  # a tone sits on a vowel: "Ñ" (VNI's Đ) is not an "n" with ngã
                return False
            tones += char
        else:
            letters += char
            if not unicodedata.combining(char):
                base = char
    match = _SYLLABLE.fullmatch(unicodedata.normalize("NFC", letters))
    if match is None or len(tones) > 1:
        return False
    onset, vowels, final = match.group(1), match.group(2), match.group(3) or ""
    if final in ("c", "ch", "p", "t") and tones and tones not in _STOP_TONES:
        return False
    candidates = [vowels]
    if onset.endswith(("g", "q")) and len(vowels) > 1 and vowels[0] in "iu":
        candidates.append(vowels[1:])  # "gi" and "qu" are onsets: "giữa", "quang"
    return any(
        v in _ANY or (v in _OPEN_ONLY and not final) or (v in _CLOSED_ONLY and final) for v in candidates
    )


def _plausible(word: str) -> bool:
    """True if every part of ``word`` between hyphens or slashes reads as a Vietnamese syllable."""
    parts = re.split(r"[-/]", word.strip(_PUNCTUATION).lower())
    return all(_is_syllable(part) for part in parts if part)


def detect_legacy_encoding(text: str) -> str | None:
    """Return "tcvn3" or "vni" when ``text`` looks typed in that legacy encoding, else ``None``.

    Only words holding a letter and a character from U+0080 to U+00FF are examined ("½ kg" is not). The
    text is left alone (``None``) when it has any letter beyond Latin-1 (it is Unicode already), when those
    words already read as Vietnamese, or when no encoding turns at least two thirds of them into Vietnamese
    syllables. If both encodings qualify, the one with more valid words wins; a tie gives ``None``.
    """
    if any(ord(c) > 0xFF and unicodedata.category(c)[0] in "LM" for c in text):
        return None
    words = [
        w for w in text.split() if any(0x80 <= ord(c) <= 0xFF for c in w) and any(c.isalpha() for c in w)
    ]
    if all(_plausible(unicodedata.normalize("NFC", w)) for w in words):
        return None
    scores = {}
    for encoding in ENCODINGS:
        good = sum(_plausible(legacy_to_unicode(w, encoding)) for w in words)
        bad = len(words) - good
        if good >= 2 * bad:
            scores[encoding] = good - bad
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def fix_legacy_text(text: str) -> tuple[str, str | None]:
    """Convert ``text`` to Unicode if it is in a legacy encoding: ``(text, encoding or None)``."""
    encoding = detect_legacy_encoding(text)
    return (text, None) if encoding is None else (legacy_to_unicode(text, encoding), encoding)
