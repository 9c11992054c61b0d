"""Tests of TCVN3 and VNI detection and conversion."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trungtam_desktop.domain.legacy_encodings import (
    detect_legacy_encoding,
    fix_legacy_text,
    legacy_to_unicode,
    unicode_to_legacy,
)

PROPERTY = settings(max_examples=300, deadline=None, database=None)

VOWELS = {
    "a": "aàáảãạ", "ă": "ăằắẳẵặ", "â": "âầấẩẫậ", "e": "eèéẻẽẹ", "ê": "êềếểễệ", "i": "iìíỉĩị",
    "o": "oòóỏõọ", "ô": "ôồốổỗộ", "ơ": "ơờớởỡợ", "u": "uùúủũụ", "ư": "ưừứửữự", "y": "yỳýỷỹỵ",
}  # fmt: skip
LOWER = "".join(VOWELS.values()) + "đ"
NON_ASCII_LOWER = [c for c in LOWER if not c.isascii()]
NON_ASCII_UPPER = [c.upper() for c in NON_ASCII_LOWER]


def test_letter_sets_are_complete() -> None:
    assert len(NON_ASCII_LOWER) == 67
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in NON_ASCII_LOWER + NON_ASCII_UPPER)


# --------------------------------------------------------------------------------------------------------
# Tables, checked against the published code charts
# --------------------------------------------------------------------------------------------------------

TCVN3_CHART = {
    "à": "µ", "á": "¸", "ả": "¶", "ã": "·", "ạ": "¹",
    "ă": "¨", "ằ": "»", "ắ": "¾", "ẳ": "¼", "ẵ": "½", "ặ": "Æ",
    "â": "©", "ầ": "Ç", "ấ": "Ê", "ẩ": "È", "ẫ": "É", "ậ": "Ë",
    "đ": "®", "è": "Ì", "é": "Ð", "ẻ": "Î", "ẽ": "Ï", "ẹ": "Ñ",
    "ê": "ª", "ề": "Ò", "ế": "Õ", "ể": "Ó", "ễ": "Ô", "ệ": "Ö",
    "ì": "×", "í": "Ý", "ỉ": "Ø", "ĩ": "Ü", "ị": "Þ",
    "ò": "ß", "ó": "ã", "ỏ": "á", "õ": "â", "ọ": "ä",
    "ô": "«", "ồ": "å", "ố": "è", "ổ": "æ", "ỗ": "ç", "ộ": "é",
    "ơ": "¬", "ờ": "ê", "ớ": "í", "ở": "ë", "ỡ": "ì", "ợ": "î",
    "ù": "ï", "ú": "ó", "ủ": "ñ", "ũ": "ò", "ụ": "ô",
    "ư": "\xad", "ừ": "õ", "ứ": "ø", "ử": "ö", "ữ": "÷", "ự": "ù",
    "ỳ": "ú", "ý": "ý", "ỷ": "û", "ỹ": "ü", "ỵ": "þ",
    "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
}  # fmt: skip

VNI_CHART = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "đ": "ñ", "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "Á": "AÙ", "Ặ": "AË", "Ấ": "AÁ", "Đ": "Ñ", "Ị": "Ò", "Ỉ": "Æ", "Ơ": "Ô", "Ớ": "ÔÙ", "Ư": "Ö",
    "Ự": "ÖÏ", "Ỵ": "Î", "Ễ": "EÃ",
}  # fmt: skip


@pytest.mark.parametrize(("letter", "code"), TCVN3_CHART.items())
def test_tcvn3_chart(letter: str, code: str) -> None:
    assert unicode_to_legacy(letter, "tcvn3") == code
    # Behind "x": the first letter of a text would get a capital.
    assert legacy_to_unicode(f"x {code}", "tcvn3") == f"x {letter}"


@pytest.mark.parametrize(("letter", "code"), VNI_CHART.items())
def test_vni_chart(letter: str, code: str) -> None:
    assert unicode_to_legacy(letter, "vni") == code
    assert legacy_to_unicode(code, "vni") == letter


def test_the_charts_cover_every_lower_case_letter() -> None:
    assert set(NON_ASCII_LOWER) <= set(TCVN3_CHART) & set(VNI_CHART)
    assert len(set(TCVN3_CHART.values())) == len(TCVN3_CHART)  # no code used twice


# --------------------------------------------------------------------------------------------------------
# Round trips of every letter
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("letter", NON_ASCII_LOWER)
def test_every_lower_case_letter_round_trips(encoding: str, letter: str) -> None:
    legacy = unicode_to_legacy(letter, encoding)
    assert legacy != letter or (encoding, letter) in {("vni", "ì"), ("vni", "í"), ("tcvn3", "ý")}
    for text in (f"x {letter}", f"th{letter}nh", f"th{letter}nh {letter}nh"):
        assert legacy_to_unicode(unicode_to_legacy(text, encoding), encoding) == text


@pytest.mark.parametrize("letter", NON_ASCII_UPPER)
def test_every_capital_round_trips_in_vni(letter: str) -> None:
    assert legacy_to_unicode(unicode_to_legacy(letter, "vni"), "vni") == letter
    word = f"TH{letter}NH"
    assert legacy_to_unicode(unicode_to_legacy(word, "vni"), "vni") == word


@pytest.mark.parametrize("letter", NON_ASCII_UPPER)
def test_every_capital_round_trips_in_tcvn3_inside_a_capitals_word(letter: str) -> None:
    word = f"TH{letter}NH"
    assert legacy_to_unicode(unicode_to_legacy(word, "tcvn3"), "tcvn3") == word


def test_tcvn3_toned_capitals_have_no_code_of_their_own() -> None:
    assert unicode_to_legacy("Ễ", "tcvn3") == "Ô"
    assert legacy_to_unicode("vÔ", "tcvn3") == "vễ"
    assert legacy_to_unicode("§", "tcvn3") == "Đ"  # the seven plain capitals have codes of their own


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("NguyÔn ThÞ Mþ", "Nguyễn Thị Mỵ"),
        ("NGUYÔN V¡N AN", "NGUYỄN VĂN AN"),  # .VnTimeH: plain letters typed as capitals
        ("TRÇN V¡N L£", "TRẦN VĂN LÊ"),
        ("NGUYÔN V¡N Hå", "NGUYỄN VĂN HỒ"),  # a word with one plain letter follows the all-capitals text
        ("Ph¹m Ngäc ¸nh", "Phạm Ngọc Ánh"),  # a toned capital in a text where every word is capitalised
        ("ñy ban nh©n d©n x·", "Ủy ban nhân dân xã"),  # ...or starting the text
        ("Nhµ v¨n hãa th«n ¸nh S¸ng", "Nhà văn hóa thôn ánh Sáng"),  # otherwise it stays lower case
        ("HuyÖn ñy §øc Träng", "Huyện Ủy Đức Trọng"),  # the price of rule (2): "Ủy" where "ủy" was meant
        ("¸nh", "Ánh"),
        ("x ¸nh", "x ánh"),
        ("nguyÔn thÞ mþ", "nguyễn thị mỵ"),
        ("Hå ChÝ Minh", "Hồ Chí Minh"),  # one capital is not evidence of a capitals font
        ("§¶ng bé x· HiÖp Th¹nh, huyÖn §øc Träng", "Đảng bộ xã Hiệp Thạnh, huyện Đức Trọng"),
        ("Tr\xadêng Trung häc c¬ së", "Trường Trung học cơ sở"),
    ],
)
def test_tcvn3_text(legacy: str, expected: str) -> None:
    assert legacy_to_unicode(legacy, "tcvn3") == expected


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Nguyeãn Thò Mî", "Nguyễn Thị Mỵ"),
        ("Nguyeãn Thò Myõ", "Nguyễn Thị Mỹ"),  # "yõ" is ỹ (ngã); ỵ is the single character "î"
        ("NGUYEÃN VAÊN ÑÖÙC", "NGUYỄN VĂN ĐỨC"),
        ("Trung taâm chính trò huyeän Ñöùc Troïng", "Trung tâm chính trị huyện Đức Trọng"),
        ("Tröôøng", "Trường"),
        ("Aù Ñoâng, aÙ", "Á Đông, á"),  # a mark of the other case takes the case of its base
        ("iù ñ", "iù đ"),  # a mark after a letter that cannot carry it is left alone
    ],
)
def test_vni_text(legacy: str, expected: str) -> None:
    assert legacy_to_unicode(legacy, "vni") == expected


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError):
        legacy_to_unicode("abc", "viqr")
    with pytest.raises(ValueError):
        unicode_to_legacy("abc", "VNI")


vietnamese_text = st.text(alphabet=LOWER + "bcdghklmnpqrstvx 0123456789,.-()'/", max_size=40)
vietnamese_any_case = st.text(alphabet=LOWER + LOWER.upper() + "bcdghBCDGH 0123456789,.-()", max_size=40)


@PROPERTY
@given(vietnamese_text)
def test_tcvn3_round_trip_of_lower_case_text(text: str) -> None:
    text = "x " + text  # a text starting with a toned letter would get a capital
    assert legacy_to_unicode(unicode_to_legacy(text, "tcvn3"), "tcvn3") == text


@PROPERTY
@given(vietnamese_any_case)
def test_vni_round_trip_of_any_text(text: str) -> None:
    assert legacy_to_unicode(unicode_to_legacy(text, "vni"), "vni") == text


@PROPERTY
@given(vietnamese_any_case)
def test_conversion_gives_nfc(text: str) -> None:
    for encoding in ("tcvn3", "vni"):
        converted = legacy_to_unicode(
            unicode_to_legacy(unicodedata.normalize("NFD", text), encoding), encoding
        )
        assert unicodedata.is_normalized("NFC", converted)


# --------------------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------------------

UNICODE_VIETNAMESE = [
    "Nguyễn Thị Mỵ", "Đặng Văn Đức", "Trần Thị Thu Hà", "Lê Văn Bình", "Phạm Ngọc Ánh", "Hoàng Thị Hòa",
    "Võ Văn Tâm", "K'Brel", "Ka Sô Liễng", "Ha Brăn", "Tôn Nữ Thị Hoàng Phương Quỳnh Anh",
    "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh", "Huyện ủy Đức Trọng", "Trung tâm chính trị",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Hội Liên hiệp Phụ nữ", "Ủy ban nhân dân xã N'Thol Hạ",
    "Bồi dưỡng nhận thức về Đảng",
    # Only Latin-1 letters: the hard cases, since every character is also a TCVN3 or VNI code.
    "Lâm Hà", "Hà", "Lê", "Tâm", "Trí", "Hòa", "Châu", "Vân", "Hùng", "Thúy", "Thuý", "Tú", "Lý Thái Tông",
    "Mê Linh", "Quý", "Giàu", "Cà Mau", "Ngô Tùng Châu", "Bùi Xuân", "Tân Hà", "Chiêm", "Giáp", "Tài",
    "Hoài", "LÂM HÀ", "Sùng A Páo", "Lò Thị Mùa",
]  # fmt: skip

FOREIGN = [
    "café crème", "Hélène Gérard", "Noël", "Müller", "São Paulo", "François", "naïve", "Señor", "Ångström",
    "Björk", "Zoë", "crêpe", "déjà vu", "à la carte", "Hôtel de Ville", "Côte d'Ivoire", "Renée", "Chloé",
    "résumé", "garçon", "Curaçao", "Gödel", "über", "Straße", "Jalapeño", "São Tomé", "Bogotá", "José",
    "Mañana", "L’Oréal", "« Bonjour »", "© 2024 ®", "½ kg", "10 °C", "± 5 %", "¿Qué?", "¡Hola!", "Øystein",
    "Þór", "Æsir", "Iñárritu", "Pelé", "Dalí", "Ibáñez",
]  # fmt: skip


@pytest.mark.parametrize("text", UNICODE_VIETNAMESE)
def test_unicode_vietnamese_is_not_flagged(text: str) -> None:
    assert detect_legacy_encoding(text) is None
    assert detect_legacy_encoding(unicodedata.normalize("NFD", text)) is None
    assert fix_legacy_text(text) == (text, None)


@pytest.mark.parametrize("text", FOREIGN)
def test_foreign_latin_1_words_are_not_flagged(text: str) -> None:
    assert detect_legacy_encoding(text) is None


@pytest.mark.parametrize("text", ["", "   ", "Nguyen Van An", "UBND xa Hiep Thanh", "0912 345 678", "12/12"])
def test_ascii_is_not_flagged(text: str) -> None:
    assert detect_legacy_encoding(text) is None


LEGACY_SAMPLES = [
    "Nguyễn Thị Mỵ", "Đặng Văn Đức", "Trần Thị Thu Hà", "Phạm Ngọc Ánh", "Lê Văn Bình", "Hoàng Thị Hòa",
    "Trường Trung học cơ sở Liên Nghĩa", "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh", "Ban Tuyên giáo Huyện ủy",
    "Bồi dưỡng nhận thức về Đảng", "Sơ cấp lý luận chính trị", "Hội Cựu chiến binh", "Ủy ban nhân dân",
    "Kră Jăn Đa Liễng", "K'Brăn", "Tôn Nữ Thị Hoàng Phương Quỳnh Anh", "Cập nhật kiến thức",
    "Nguyễn Văn Khuyến", "Giữa", "Quảng Ngãi", "ĐẶNG VĂN ĐỨC",
]  # fmt: skip


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", LEGACY_SAMPLES)
def test_legacy_text_is_detected_and_fixed(encoding: str, text: str) -> None:
    legacy = unicode_to_legacy(text, encoding)
    assert detect_legacy_encoding(legacy) == encoding
    assert fix_legacy_text(legacy) == (text, encoding)


def test_a_whole_column_decides_what_one_short_cell_cannot() -> None:
    # VNI "Sôn" (Sơn) also reads as a possible Unicode syllable: alone it is left as it is...
    assert detect_legacy_encoding("Sôn") is None
    # ...but the column it comes from is plainly VNI.
    column = ["Sôn", "Nguyeãn Vaên Sôn", "Leâ Thò Hoa"]
    assert detect_legacy_encoding("\n".join(column)) == "vni"


def test_text_with_letters_beyond_latin_1_is_already_unicode() -> None:
    assert detect_legacy_encoding("NguyÔn ThÞ Mþ ă") is None
    assert detect_legacy_encoding("NguyÔn ThÞ Mþ – 2024 “x”") == "tcvn3"  # punctuation does not count
