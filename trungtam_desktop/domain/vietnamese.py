"""Vietnamese text rules: clean-up, search keys, name sorting, dates and numbers.

Everything here is pure Python (standard library only). Text is stored in Unicode NFC; search compares
folded keys (no case, no tone marks, "đ" as "d"); people sort the Vietnamese way, by given name (the last
word) first. Dates are written dd/mm/yyyy, numbers with "." for thousands and "," for decimals.

Conversion of the old TCVN3/VNI encodings lives in ``legacy_encodings`` and the reading of amounts in
``number_words``; both are re-exported here so callers have one import point for Vietnamese text rules.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.legacy_encodings import (
    detect_legacy_encoding,
    fix_legacy_text,
    legacy_to_unicode,
    unicode_to_legacy,
)
from trungtam_desktop.domain.number_words import amount_in_words

__all__ = [
    "amount_in_words",
    "clean_name",
    "clean_text",
    "detect_legacy_encoding",
    "fix_legacy_text",
    "fold",
    "format_birth",
    "format_date",
    "format_date_long",
    "format_decimal",
    "format_int",
    "format_money",
    "format_percent",
    "format_place_date",
    "given_name",
    "legacy_to_unicode",
    "name_sort_key",
    "nfc",
    "parse_birth",
    "parse_date",
    "person_sort_key",
    "sort_string",
    "unicode_to_legacy",
]

# ---------------------------------------------------------------------------------------------------------
# Clean-up and search keys
# ---------------------------------------------------------------------------------------------------------

# Invisible characters that Word, Excel and web pages leave in copied text. The soft hyphen (U+00AD) is
# deliberately not here: in TCVN3 text it is the letter "ư", and legacy detection must still see it.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_HAS_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # searching is 4x cheaper than translate
_WORD_START = re.compile(r"(^|[\s\-'\u2019\u2018])(\w)")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C (precomposed letters, as stored in the database)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str | None) -> str:
    """Tidy typed or pasted text: NFC, every kind of space/tab/newline as one plain space, stripped.

    Zero-width characters are removed. ``None`` gives "".
    """
    if text is None:
        return ""
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return " ".join(nfc(text).split())


def clean_name(text: str | None) -> str:
    """Clean a person's name; a name typed ALL lower or ALL UPPER case is title-cased word by word.

    "nguyễn thị mỵ" -> "Nguyễn Thị Mỵ", "ĐẶNG VĂN ĐỨC" -> "Đặng Văn Đức". A letter after a hyphen or an
    apostrophe also starts a word ("K'BREL" -> "K'Brel"). Mixed case is kept exactly as typed.
    """
    name = clean_text(text)
    if name not in (name.lower(), name.upper()):
        return name
    return _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), name.lower())


def fold(text: str | None) -> str:
    """Search key: lower case, no tone marks or diacritics, "đ" as "d" ("Nguyễn Thị Mỵ" -> "nguyen thi my").

    Works the same on NFC and NFD input and is idempotent. The Icelandic eth ("Ð", "ð"), which old
    converters sometimes produced instead of "Đ", also folds to "d".
    """
    text = clean_text(text).casefold().replace("đ", "d").replace("ð", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return clean_text(stripped)


def given_name(full_name: str | None) -> str:
    """The given name (tên): the last word of the full name; "" for an empty name."""
    return clean_text(full_name).split(" ")[-1]


# ---------------------------------------------------------------------------------------------------------
# Sorting by the Vietnamese alphabet
# ---------------------------------------------------------------------------------------------------------

# f, j, w and z are not Vietnamese letters; they sit at their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Primary weights are code points so that ``sort_string`` can write them out as characters unchanged:
# punctuation and symbols all weigh "$", digits "0".."9", Vietnamese letters from "A" on (33 of them, up
# to "a"), Latin letters with other marks as their base letter, other letters after them by code point.
_SYMBOL_WEIGHT = 0x24
_LETTER_WEIGHTS = {letter: 0x41 + i for i, letter in enumerate(_ALPHABET)}
_FOREIGN_LETTER_BASE = 0x10000
# Tone marks in the order they break ties: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_OTHER_MARKS = 6  # "ç", "ü": sorted as their base letter, after all its Vietnamese tones
# Separators of ``sort_string``; each is below every weight character that can meet it.
_END = "!"
_WORD_SEPARATOR = "#"
_UNKNOWN_BIRTH = "~"

WordKey = tuple[tuple[int, ...], tuple[int, ...]]
BirthKey = tuple[int, int, int, int, int]
TieBreak = tuple[tuple[bool, ...], str]
NameKey = tuple[tuple[WordKey, ...], TieBreak]
PersonKey = tuple[tuple[WordKey, ...], BirthKey, TieBreak]


@lru_cache(maxsize=4096)
def _char_weight(char: str) -> tuple[int, int]:
    """(primary weight, tone) of one lower-case character."""
    decomposed = unicodedata.normalize("NFD", char)
    base, tone, letter_marks, vietnamese = decomposed[0], 0, "", True
    for mark in decomposed[1:]:
        if mark in _TONES and tone == 0:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
        else:
            vietnamese = False  # a second tone, or a mark Vietnamese does not use ("ç", "ü")
    letter = nfc(base + letter_marks)
    if letter in _LETTER_WEIGHTS:
        return _LETTER_WEIGHTS[letter], tone if vietnamese else _OTHER_MARKS
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return ord("0") + digit, 0
    if char.isalpha():
        return _FOREIGN_LETTER_BASE + ord(char), 0
    return _SYMBOL_WEIGHT, 0


def _word_key(word: str) -> WordKey:
    weights = [_char_weight(c) for c in word.lower()]
    return tuple(w for w, _ in weights), tuple(t for _, t in weights)


def _ordered_words(name: str) -> list[str]:
    words = name.split(" ") if name else []
    return words[-1:] + words[:-1]


def _collation(name: str) -> tuple[WordKey, ...]:
    return tuple(_word_key(word) for word in _ordered_words(name))


def _tie_break(name: str) -> TieBreak:
    return tuple(c.isupper() for c in "".join(_ordered_words(name))), name


def _birth_key(birth_date: date | None, birth_year: int | None) -> BirthKey:
    if birth_date is not None:
        return 0, birth_date.year, birth_date.month, birth_date.day, 0
    if birth_year is not None:
        return 0, min(max(birth_year, 0), 9999), 1, 1, 1
    return 1, 0, 0, 0, 0


def name_sort_key(full_name: str | None) -> NameKey:
    """Key sorting names the Vietnamese way.

    Words are compared given name first, then the other words in order (family name, middle names). Each
    word compares its letters by the Vietnamese alphabet (a ă â b c d đ e ê ... ư v x y) ignoring case,
    then its tone marks (none, huyền, sắc, hỏi, ngã, nặng). Case only breaks ties between otherwise equal
    names (lower case first), and the cleaned name itself makes the order total.
    """
    name = clean_text(full_name)
    return _collation(name), _tie_break(name)


def person_sort_key(
    full_name: str | None, birth_date: date | None = None, birth_year: int | None = None
) -> PersonKey:
    """``name_sort_key`` refined by birth: same names sort by date of birth, unknown births last.

    A birth known only by its year sorts as 1 January of that year, just after a full date on that day.
    The birth date compares before the case tie-break of ``name_sort_key``.
    """
    name = clean_text(full_name)
    return _collation(name), _birth_key(birth_date, birth_year), _tie_break(name)


def sort_string(full_name: str | None, birth_date: date | None = None, birth_year: int | None = None) -> str:
    """``person_sort_key`` written as a string, to store in an indexed column and ``ORDER BY`` in SQL.

    Plain code-point (binary) comparison of two such strings agrees with ``person_sort_key`` except for the
    final tie-break on the exact spelling, which SQL queries replace by the row id. Its length is at most
    three times the length of the cleaned name plus 12 for Vietnamese names.
    """
    name = clean_text(full_name)
    words = [
        "".join(map(chr, primary)) + _WORD_SEPARATOR + "".join(chr(ord("0") + t) for t in tones)
        for primary, tones in _collation(name)
    ]
    unknown, year, month, day, year_only = _birth_key(birth_date, birth_year)
    birth = _UNKNOWN_BIRTH if unknown else f"{year:04d}{month:02d}{day:02d}{year_only}"
    case = "".join("1" if upper else "0" for upper in _tie_break(name)[0])
    return _WORD_SEPARATOR.join(words) + _END + birth + _END + case


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2}) ?[/.\-] ?(\d{1,2}) ?[/.\-] ?(\d+)", re.ASCII)
_YMD = re.compile(r"(\d{4}) ?- ?(\d{1,2}) ?- ?(\d{1,2})", re.ASCII)
_YEAR = re.compile(r"\d+", re.ASCII)
_EXAMPLE = "ví dụ 05/02/2024"
MIN_BIRTH_YEAR = 1900


# Words of an organ's or a place's kind, written in lower case inside a sentence ("Huyện ủy Đức Trọng").
_KIND_WORDS = frozenset({"ủy", "uỷ", "bộ", "xã", "phường", "huyện", "tỉnh", "quận"})
_KIND_PAIRS = frozenset({("thị", "trấn"), ("thị", "xã"), ("thành", "phố"), ("thị", "ủy"), ("thành", "ủy")})


def body_name_in_sentence(text: str | None) -> str:
    """An organ's name as printed in capitals ("HUYỆN ỦY ĐỨC TRỌNG", "ĐẢNG ỦY XÃ HIỆP THẠNH") written as
    inside a sentence: "Huyện ủy Đức Trọng", "Đảng ủy xã Hiệp Thạnh"."""
    words = clean_text(text).lower().split()
    result = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        previous = words[i - 1] if i else ""
        kind = word in _KIND_WORDS or (word, following) in _KIND_PAIRS or (previous, word) in _KIND_PAIRS
        result.append(word if i and kind else word[:1].upper() + word[1:])
    return " ".join(result)


def format_date(d: date | None) -> str:
    """The short date: "05/02/2024"; ``None`` gives ""."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_long(d: date) -> str:
    """The date as written in documents: "ngày 05 tháng 02 năm 2024"."""
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year:04d}"


def format_place_date(place: str | None, d: date) -> str:
    """The place-date line: "Đức Trọng, ngày 05 tháng 02 năm 2024" ("Ngày 05 tháng ..." with no place)."""
    place = clean_text(place)
    long_date = format_date_long(d)
    return f"{place}, {long_date}" if place else long_date[0].upper() + long_date[1:]


def format_birth(birth_date: date | None, birth_year: int | None) -> str:
    """The birth as shown in lists: "05/02/1990", or "1990" when only the year is known, or ""."""
    if birth_date is not None:
        return format_date(birth_date)
    return "" if birth_year is None else str(birth_year)


def parse_date(text: str | None, field: str = "ngay", label: str = "Ngày") -> date:
    """Read a date typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd).

    Spaces around the separators are tolerated; the year must have four digits. Raises ``ValidationError``
    with a Vietnamese message that starts with ``label``.
    """
    cleaned = clean_text(text)
    if not cleaned:
        raise ValidationError(field, f"{label}: chưa nhập ngày (ghi theo dạng ngày/tháng/năm, {_EXAMPLE}).")
    if match := _DMY.fullmatch(cleaned):
        day_text, month_text, year_text = match.groups()
    elif match := _YMD.fullmatch(cleaned):
        year_text, month_text, day_text = match.groups()
    else:
        raise ValidationError(field, f"{label}: “{cleaned}” không đúng dạng ngày/tháng/năm ({_EXAMPLE}).")
    if len(year_text) != 4:
        raise ValidationError(field, f"{label}: năm phải ghi đủ bốn chữ số ({_EXAMPLE}).")
    day, month, year = int(day_text), int(month_text), int(year_text)
    if not 1 <= month <= 12:
        raise ValidationError(
            field, f"{label}: không có tháng {month} (ngày ghi theo thứ tự ngày/tháng/năm, {_EXAMPLE})."
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            field, f"{label}: ngày {day:02d}/{month:02d}/{year:04d} không tồn tại."
        ) from None


def parse_birth(
    text: str | None, field: str = "birth", label: str = "Ngày sinh", today: date | None = None
) -> tuple[date | None, int]:
    """Read a birth typed as a full date (see ``parse_date``) or as a year alone ("1990").

    Returns ``(date or None, year)``. Years before 1900 and births after ``today`` (default: the real
    today) are refused with a Vietnamese message that starts with ``label``.
    """
    today = today or date.today()
    cleaned = clean_text(text)
    if not cleaned:
        raise ValidationError(field, f"{label}: chưa nhập (ghi ngày/tháng/năm, hoặc chỉ năm, ví dụ 1990).")
    if _YEAR.fullmatch(cleaned):
        if len(cleaned) != 4:
            raise ValidationError(field, f"{label}: năm phải ghi đủ bốn chữ số (ví dụ 1990).")
        birth_date, year = None, int(cleaned)
    else:
        birth_date = parse_date(cleaned, field, label)
        year = birth_date.year
    if year < MIN_BIRTH_YEAR:
        raise ValidationError(
            field, f"{label}: năm {year} không hợp lệ (phải từ năm {MIN_BIRTH_YEAR} trở đi)."
        )
    if year > today.year:
        raise ValidationError(field, f"{label}: năm {year} chưa đến, không thể là năm sinh.")
    if birth_date is not None and birth_date > today:
        raise ValidationError(
            field, f"{label}: ngày {format_date(birth_date)} chưa đến, không thể là ngày sinh."
        )
    return birth_date, year


# ---------------------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------------------


def format_int(n: int) -> str:
    """An integer with "." between thousands: "16.837", "-1.000", "0"."""
    if not isinstance(n, int):
        raise TypeError(f"format_int expects an int, not {type(n).__name__}")
    return f"{n:,}".replace(",", ".")


def format_decimal(x: float | Decimal | None, places: int = 1) -> str:
    """A number with ``places`` decimals, "," as decimal mark and "." between thousands: "8,5", "1.234,0".

    Rounds half up, away from zero, on the number as written: a float is taken by its shortest repr, so
    8.25 -> "8,3" and 2.675 -> "2,68". ``None`` gives "". Infinities and NaN raise ``ValueError``.
    """
    if x is None:
        return ""
    value = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if not value.is_finite():
        raise ValueError(f"cannot format {x!r}")
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + places + 2)
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""  # a result rounded to zero shows no sign
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = sign + format_int(int(whole))
    return f"{text},{fraction}" if fraction else text


def format_percent(x: float | Decimal | None, places: int = 1) -> str:
    """A percentage: 117.0 -> "117,0%"; ``None`` gives ""."""
    return "" if x is None else format_decimal(x, places) + "%"


def format_money(amount: int) -> str:
    """An amount of đồng (no decimals): "1.500.000"."""
    return format_int(amount)
