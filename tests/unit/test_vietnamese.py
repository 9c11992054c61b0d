"""Tests of the Vietnamese text rules: clean-up, folding, sorting, dates and numbers."""

from __future__ import annotations

import ast
import random
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trungtam_desktop.domain import vietnamese as vn
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import (
    body_name_in_sentence,
    clean_name,
    clean_text,
    fold,
    format_birth,
    format_date,
    format_date_long,
    format_decimal,
    format_int,
    format_money,
    format_percent,
    format_place_date,
    given_name,
    name_sort_key,
    nfc,
    parse_birth,
    parse_date,
    person_sort_key,
    sort_string,
)

PROPERTY = settings(max_examples=300, deadline=None, database=None)

VIETNAMESE_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIETNAMESE_LETTERS = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


vietnamese_words = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=8)
vietnamese_names = st.lists(vietnamese_words, min_size=1, max_size=4).map(" ".join)
any_text = st.text(max_size=40)


# --------------------------------------------------------------------------------------------------------
# Module boundaries
# --------------------------------------------------------------------------------------------------------


def test_domain_text_modules_import_only_stdlib_and_domain_siblings() -> None:
    allowed = {
        "trungtam_desktop.domain.errors",
        "trungtam_desktop.domain.legacy_encodings",
        "trungtam_desktop.domain.number_words",
    }
    folder = Path(vn.__file__).parent
    for name in ("vietnamese.py", "legacy_encodings.py", "number_words.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("trungtam"):
                assert node.module in allowed, (name, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("trungtam") for a in node.names), name


def test_every_public_name_is_exported() -> None:
    for name in vn.__all__:
        assert callable(getattr(vn, name)), name
    assert vn.amount_in_words(21) == "Hai mươi mốt đồng"
    assert vn.fix_legacy_text("NguyÔn ThÞ Mþ") == ("Nguyễn Thị Mỵ", "tcvn3")


# --------------------------------------------------------------------------------------------------------
# nfc, clean_text, clean_name, fold, given_name
# --------------------------------------------------------------------------------------------------------


def test_nfc_composes_decomposed_letters() -> None:
    assert nfc(nfd("Nguyễn Thị Mỵ")) == "Nguyễn Thị Mỵ"
    assert len(nfc(nfd("ệ"))) == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  Nguyễn   Thị\tMỵ \n", "Nguyễn Thị Mỵ"),
        ("Nguyễn\u00a0Thị\u202fMỵ", "Nguyễn Thị Mỵ"),
        ("Đức\u3000Trọng\r\nLâm Đồng", "Đức Trọng Lâm Đồng"),
        ("Ng\u200buyễn\ufeff", "Nguyễn"),
        (nfd("Trần Thị Thu Hà"), "Trần Thị Thu Hà"),
        ("Tr\xadêng", "Tr\xadêng"),  # a soft hyphen is TCVN3 "ư": kept for legacy detection
    ],
)
def test_clean_text(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


@PROPERTY
@given(any_text)
def test_clean_text_is_idempotent_nfc_and_tidy(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert not any(c.isspace() and c != " " for c in cleaned)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("nguyễn thị mỵ", "Nguyễn Thị Mỵ"),
        ("ĐẶNG VĂN ĐỨC", "Đặng Văn Đức"),
        ("  trần   thị ánh  ", "Trần Thị Ánh"),
        (nfd("LÊ VĂN ỨNG"), "Lê Văn Ứng"),
        ("K'BREL", "K'Brel"),
        ("ka sô liễng", "Ka Sô Liễng"),
        ("nguyễn-phạm an", "Nguyễn-Phạm An"),
        ("Nguyễn thị Mỵ", "Nguyễn thị Mỵ"),  # mixed case: kept as typed
        ("McDonald", "McDonald"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_name(raw: str | None, expected: str) -> None:
    assert clean_name(raw) == expected


@PROPERTY
@given(vietnamese_names)
def test_clean_name_is_idempotent(name: str) -> None:
    assert clean_name(clean_name(name)) == clean_name(name)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Thị Mỵ", "nguyen thi my"),
        ("ĐẶNG VĂN ĐỨC", "dang van duc"),
        ("Trường Sơn", "truong son"),
        ("  Ủy   ban ", "uy ban"),
        ("Ðức", "duc"),  # Icelandic eth typed for Đ
        ("ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự", "aaaaa aaaaa eeeee ooooo ooooo uuuuu"),
        (None, ""),
    ],
)
def test_fold(raw: str | None, expected: str) -> None:
    assert fold(raw) == expected
    assert fold(nfd(raw or "")) == expected


@PROPERTY
@given(any_text)
def test_fold_is_idempotent_and_normalisation_blind(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold(nfc(text)) == fold(nfd(text))


@PROPERTY
@given(vietnamese_names)
def test_fold_of_vietnamese_is_lower_ascii(name: str) -> None:
    folded = fold(name)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded) == len(name)


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [("Nguyễn Thị Mỵ", "Mỵ"), ("  Lê   Văn Bình ", "Bình"), ("An", "An"), ("", ""), (None, "")],
)
def test_given_name(full_name: str | None, expected: str) -> None:
    assert given_name(full_name) == expected


# --------------------------------------------------------------------------------------------------------
# Sorting
# --------------------------------------------------------------------------------------------------------

GIVEN_NAMES_IN_ORDER = [
    "An", "Ánh", "Ẩn", "Bảo", "Bình", "Chi", "Cúc", "Dũng", "Duy", "Đào", "Đức", "Em", "Ê", "Giang", "Hà",
    "Hải", "Hạnh", "Hòa", "Hồng", "Hùng", "Hưng", "Khoa", "Lan", "Loan", "Mai", "Minh", "My", "Mỵ", "Nam",
    "Ngọc", "Nhung", "Oanh", "Ơn", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Uyên", "Ưng", "Vân",
    "Xuân", "Yến",
]  # fmt: skip


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


def test_given_names_follow_the_vietnamese_alphabet() -> None:
    shuffled = GIVEN_NAMES_IN_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sort_names(shuffled) == GIVEN_NAMES_IN_ORDER


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("An", "Ánh"),
        ("Ánh", "Bình"),
        ("Dũng", "Đức"),
        ("Dzung", "Đa"),  # every d before any đ
        ("Az", "Ăn"),
        ("Ăn", "Ân"),
        ("Ân", "Ba"),
        ("Nguyễn Văn An", "Trần Thị An"),
        ("Trần Thị An", "Lê Văn Bình"),
        ("Mạ", "Mac"),  # tones only after the base letters
        ("Án", "Anh"),
        ("Ê", "Fa"),
        ("Fa", "Ga"),
        ("Ích", "Jim"),
        ("Jim", "Kim"),
        ("Vy", "Wan"),
        ("Wan", "Xuân"),
        ("Yến", "Zin"),
        ("Lê An", "Lê Văn An"),  # fewer words first
        ("Lê Thị An", "Lê Thị Ánh"),
        ("Nguyễn An", "Lê Án"),  # the given name, tone included, comes before the family name
        ("Cạ", "Ça"),  # a letter with a foreign mark sorts as its base letter, after its tones
        ("Ça", "Cb"),
        ("Zoe", "Ωmega"),  # letters of other scripts after the Latin ones
        ("K'Brel", "Ka"),  # punctuation before letters
        ("Văn 9", "Văn A"),  # digits before letters
    ],
)
def test_name_order(before: str, after: str) -> None:
    assert name_sort_key(before) < name_sort_key(after)
    assert sort_string(before) < sort_string(after)


def test_tones_break_ties_in_order_none_huyen_sac_hoi_nga_nang() -> None:
    tones = ["Ma", "Mà", "Má", "Mả", "Mã", "Mạ"]
    assert sort_names(tones[::-1]) == tones


def test_case_and_normal_form_do_not_change_the_collation() -> None:
    name = "Đặng Thị Ánh Tuyết"
    keys = [name_sort_key(v)[0] for v in (name, name.upper(), name.lower(), nfd(name), f"  {name}  ")]
    assert len(set(keys)) == 1
    assert name_sort_key("nguyễn văn an") < name_sort_key("Nguyễn Văn An")  # case only breaks ties


def test_unusual_characters_sort_without_error() -> None:
    names = ["K'Brel", "Kbrel", "Nguyễn Văn 2", "Ça Va", "山田", "Anh-Thư", ""]
    ordered = sort_names(names)
    assert ordered[0] == ""
    assert sorted(ordered) == sorted(names)


@PROPERTY
@given(st.lists(any_text | vietnamese_names, max_size=12), st.randoms(use_true_random=False))
def test_name_sort_key_is_a_total_order_consistent_with_sorting(names: list[str], rnd: random.Random) -> None:
    ordered = sort_names(names)
    keys = [name_sort_key(n) for n in ordered]
    assert keys == sorted(keys)
    shuffled = names[:]
    rnd.shuffle(shuffled)
    assert [clean_text(n) for n in sort_names(shuffled)] == [clean_text(n) for n in ordered]
    for a in names[:4]:
        for b in names[:4]:
            assert (name_sort_key(a) == name_sort_key(b)) == (clean_text(a) == clean_text(b))


@PROPERTY
@given(st.lists(vietnamese_names, min_size=2, max_size=8))
def test_sorting_does_not_depend_on_case(names: list[str]) -> None:
    by_lower = [n.lower() for n in sort_names([n.lower() for n in names])]
    by_upper = [n.lower() for n in sort_names([n.upper() for n in names])]
    by_typed = [n.lower() for n in sort_names(names)]
    assert by_lower == by_upper == by_typed


def test_person_sort_key_orders_same_names_by_birth() -> None:
    people = [
        ("Trần Văn An", None, None),
        ("Nguyễn Văn An", None, None),
        ("Nguyễn Văn An", None, 1985),
        ("Nguyễn Văn An", date(1985, 1, 1), None),
        ("nguyễn văn an", date(1970, 6, 1), None),
        ("Nguyễn Văn Ánh", date(1960, 1, 1), None),
    ]
    expected = [people[4], people[3], people[2], people[1], people[0], people[5]]
    assert sorted(people, key=lambda p: person_sort_key(*p)) == expected
    assert sorted(people, key=lambda p: sort_string(*p)) == expected


def test_person_sort_key_prefers_the_full_date_and_copes_with_odd_years() -> None:
    assert person_sort_key("An", date(1990, 5, 2), 1990) == person_sort_key("An", date(1990, 5, 2))
    assert person_sort_key("An", None, 99999) > person_sort_key("An", date(9999, 1, 1))
    assert sort_string("An", None, -5) < sort_string("An", date(1, 1, 1))


births = st.one_of(
    st.tuples(st.none(), st.none()),
    st.tuples(st.dates(date(1900, 1, 1), date(2030, 12, 31)), st.none()),
    st.tuples(st.none(), st.integers(1900, 2030)),
)
people = st.tuples(st.sampled_from(["An", "an", "Ánh", "Lê Văn An", "Nguyễn An"]) | vietnamese_names, births)


@PROPERTY
@given(people, people)
def test_sort_string_agrees_with_person_sort_key(a: tuple, b: tuple) -> None:
    (name_a, (date_a, year_a)), (name_b, (date_b, year_b)) = a, b
    key_a, key_b = person_sort_key(name_a, date_a, year_a), person_sort_key(name_b, date_b, year_b)
    string_a, string_b = sort_string(name_a, date_a, year_a), sort_string(name_b, date_b, year_b)
    if key_a < key_b:
        assert string_a <= string_b
    if string_a < string_b:
        assert key_a < key_b
    if string_a == string_b:
        assert key_a[:2] == key_b[:2]
        assert key_a[2][0] == key_b[2][0]


@PROPERTY
@given(any_text, births)
def test_sort_string_is_storable(name: str, birth: tuple) -> None:
    key = sort_string(name, *birth)
    key.encode("utf-8")  # no surrogates
    assert "\x00" not in key


@PROPERTY
@given(vietnamese_names, births)
def test_sort_string_takes_about_three_characters_per_letter(name: str, birth: tuple) -> None:
    assert len(sort_string(name, *birth)) <= 3 * len(clean_text(name)) + 12


def test_sort_string_of_a_long_real_name_fits_the_column() -> None:
    assert len(sort_string("Tôn Nữ Thị Hoàng Phương Quỳnh Anh Nguyễn Phước", date(1990, 1, 1))) < 300


# --------------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------------


def test_format_dates() -> None:
    d = date(2024, 2, 5)
    assert format_date(d) == "05/02/2024"
    assert format_date(None) == ""
    assert format_date(date(987, 1, 1)) == "01/01/0987"
    assert format_date_long(d) == "ngày 05 tháng 02 năm 2024"
    assert format_place_date("Đức Trọng", d) == "Đức Trọng, ngày 05 tháng 02 năm 2024"
    assert format_place_date(" Đức  Trọng ", date(2024, 12, 14)) == "Đức Trọng, ngày 14 tháng 12 năm 2024"
    assert format_place_date("", d) == "Ngày 05 tháng 02 năm 2024"


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "expected"),
    [(date(1990, 2, 5), 1990, "05/02/1990"), (None, 1990, "1990"), (None, None, "")],
)
def test_format_birth(birth_date: date | None, birth_year: int | None, expected: str) -> None:
    assert format_birth(birth_date, birth_year) == expected


@pytest.mark.parametrize(
    "text",
    [
        "05/02/2024", "5/2/2024", "05-02-2024", "05.02.2024", " 05 / 02 / 2024 ", "5 -2- 2024", "5.2.2024",
        "2024-02-05", "2024 - 2 - 5",
    ],
)  # fmt: skip
def test_parse_date_accepts_common_forms(text: str) -> None:
    assert parse_date(text) == date(2024, 2, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Ngày vào Đảng: chưa nhập ngày (ghi theo dạng ngày/tháng/năm, ví dụ 05/02/2024)."),
        (None, "Ngày vào Đảng: chưa nhập ngày (ghi theo dạng ngày/tháng/năm, ví dụ 05/02/2024)."),
        ("hôm qua", "Ngày vào Đảng: “hôm qua” không đúng dạng ngày/tháng/năm (ví dụ 05/02/2024)."),
        ("05/02", "Ngày vào Đảng: “05/02” không đúng dạng ngày/tháng/năm (ví dụ 05/02/2024)."),
        ("05022024", "Ngày vào Đảng: “05022024” không đúng dạng ngày/tháng/năm (ví dụ 05/02/2024)."),
        ("05/02/24", "Ngày vào Đảng: năm phải ghi đủ bốn chữ số (ví dụ 05/02/2024)."),
        ("05/02/02024", "Ngày vào Đảng: năm phải ghi đủ bốn chữ số (ví dụ 05/02/2024)."),
        ("31/02/2024", "Ngày vào Đảng: ngày 31/02/2024 không tồn tại."),
        ("29/02/2023", "Ngày vào Đảng: ngày 29/02/2023 không tồn tại."),
        ("0/1/2024", "Ngày vào Đảng: ngày 00/01/2024 không tồn tại."),
        (
            "12/31/2024",
            "Ngày vào Đảng: không có tháng 31 (ngày ghi theo thứ tự ngày/tháng/năm, ví dụ 05/02/2024).",
        ),
        ("٠٥/٠٢/٢٠٢٤", "Ngày vào Đảng: “٠٥/٠٢/٢٠٢٤” không đúng dạng ngày/tháng/năm (ví dụ 05/02/2024)."),
    ],
)
def test_parse_date_refusals_name_the_field(text: str | None, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, field="party_date", label="Ngày vào Đảng")
    assert caught.value.field == "party_date"
    assert caught.value.message == message


def test_parse_date_default_field_and_label() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date("31/04/2024")
    assert caught.value.field == "ngay"
    assert caught.value.message == "Ngày: ngày 31/04/2024 không tồn tại."
    assert parse_date("29/02/2024") == date(2024, 2, 29)


@PROPERTY
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.sampled_from(["/", "-", ".", " / "]))
def test_format_and_parse_date_round_trip(d: date, separator: str) -> None:
    assert parse_date(format_date(d)) == d
    assert parse_date(f"{d.day}{separator}{d.month}{separator}{d.year}") == d


TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990", (None, 1990)),
        (" 1900 ", (None, 1900)),
        ("2025", (None, 2025)),
        ("05/02/1990", (date(1990, 2, 5), 1990)),
        ("5-2-1990", (date(1990, 2, 5), 1990)),
        ("15/06/2025", (TODAY, 2025)),
    ],
)
def test_parse_birth_accepts_a_date_or_a_year(text: str, expected: tuple[date | None, int]) -> None:
    assert parse_birth(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Năm sinh: chưa nhập (ghi ngày/tháng/năm, hoặc chỉ năm, ví dụ 1990)."),
        ("90", "Năm sinh: năm phải ghi đủ bốn chữ số (ví dụ 1990)."),
        ("19900", "Năm sinh: năm phải ghi đủ bốn chữ số (ví dụ 1990)."),
        ("1899", "Năm sinh: năm 1899 không hợp lệ (phải từ năm 1900 trở đi)."),
        ("31/12/1899", "Năm sinh: năm 1899 không hợp lệ (phải từ năm 1900 trở đi)."),
        ("2026", "Năm sinh: năm 2026 chưa đến, không thể là năm sinh."),
        ("16/06/2025", "Năm sinh: ngày 16/06/2025 chưa đến, không thể là ngày sinh."),
        ("05/02/90", "Năm sinh: năm phải ghi đủ bốn chữ số (ví dụ 05/02/2024)."),
        ("30/02/1990", "Năm sinh: ngày 30/02/1990 không tồn tại."),
        ("năm 1990", "Năm sinh: “năm 1990” không đúng dạng ngày/tháng/năm (ví dụ 05/02/2024)."),
    ],
)
def test_parse_birth_refusals_name_the_field(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_birth(text, field="birth_year", label="Năm sinh", today=TODAY)
    assert caught.value.field == "birth_year"
    assert caught.value.message == message


def test_parse_birth_defaults_to_the_real_today() -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        parse_birth(format_date(tomorrow))
    assert caught.value.field == "birth"
    assert caught.value.message.startswith("Ngày sinh: ")
    assert parse_birth(format_date(date.today())) == (date.today(), date.today().year)


@PROPERTY
@given(st.dates(date(1900, 1, 1), TODAY))
def test_format_birth_and_parse_birth_round_trip(d: date) -> None:
    assert parse_birth(format_birth(d, d.year), today=TODAY) == (d, d.year)
    assert parse_birth(format_birth(None, d.year), today=TODAY) == (None, d.year)


# --------------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (16837, "16.837"), (-1000, "-1.000"),
     (-999, "-999"), (1_500_000, "1.500.000"), (10**12, "1.000.000.000.000")],
)  # fmt: skip
def test_format_int(n: int, expected: str) -> None:
    assert format_int(n) == expected


def test_format_int_refuses_non_integers() -> None:
    with pytest.raises(TypeError):
        format_int(1234.5)  # type: ignore[arg-type]


@PROPERTY
@given(st.integers(-(10**15), 10**15))
def test_format_int_reads_back(n: int) -> None:
    text = format_int(n)
    assert int(text.replace(".", "")) == n
    assert all(len(group) == 3 for group in text.lstrip("-").split(".")[1:])


@pytest.mark.parametrize(
    ("x", "places", "expected"),
    [
        (8.5, 1, "8,5"),
        (10, 1, "10,0"),
        (10.0, 1, "10,0"),
        (8.25, 1, "8,3"),
        (8.35, 1, "8,4"),
        (8.24, 1, "8,2"),
        (2.675, 2, "2,68"),
        (-8.25, 1, "-8,3"),
        (-0.04, 1, "0,0"),
        (0, 1, "0,0"),
        (9.95, 1, "10,0"),
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (7.6, 0, "8"),
        (Decimal("8.45"), 1, "8,5"),
        (Decimal("1E+3"), 1, "1.000,0"),
        (None, 1, ""),
    ],
)
def test_format_decimal(x: float | Decimal | None, places: int, expected: str) -> None:
    assert format_decimal(x, places) == expected


@pytest.mark.parametrize("x", [float("nan"), float("inf"), Decimal("-Infinity")])
def test_format_decimal_refuses_non_finite(x: float | Decimal) -> None:
    with pytest.raises(ValueError):
        format_decimal(x)


@PROPERTY
@given(st.decimals(-(10**9), 10**9, places=3), st.integers(0, 3))
def test_format_decimal_reads_back_to_the_half_up_rounding(x: Decimal, places: int) -> None:
    text = format_decimal(x, places)
    back = Decimal(text.replace(".", "").replace(",", "."))
    assert abs(back - x) <= Decimal(5) / 10 ** (places + 1)
    assert text.count(",") == (1 if places else 0)


def test_format_percent_and_money() -> None:
    assert format_percent(117.0) == "117,0%"
    assert format_percent(95.55) == "95,6%"
    assert format_percent(33.333, places=0) == "33%"
    assert format_percent(None) == ""
    assert format_money(1_500_000) == "1.500.000"
    assert format_money(0) == "0"


@pytest.mark.parametrize(
    ("capitals", "in_sentence"),
    [
        ("HUYỆN ỦY ĐỨC TRỌNG", "Huyện ủy Đức Trọng"),
        ("ĐẢNG ỦY XÃ HIỆP THẠNH", "Đảng ủy xã Hiệp Thạnh"),
        ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "Đảng bộ tỉnh Lâm Đồng"),
        ("ĐẢNG ỦY THỊ TRẤN LIÊN NGHĨA", "Đảng ủy thị trấn Liên Nghĩa"),
        ("THÀNH ỦY ĐÀ LẠT", "Thành ủy Đà Lạt"),
        ("ĐẢNG ỦY PHƯỜNG HIỆP THÀNH", "Đảng ủy phường Hiệp Thành"),
        ("", ""),
    ],
)
def test_body_name_in_sentence(capitals: str, in_sentence: str) -> None:
    assert body_name_in_sentence(capitals) == in_sentence
