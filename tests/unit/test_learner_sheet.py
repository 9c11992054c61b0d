"""Header finding, row parsing and end-of-list detection of learner lists (no Qt, no database)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.learner_match import find_duplicates
from trungtam_desktop.domain.learner_sheet import (
    BIRTH,
    BIRTH_FEMALE,
    BIRTH_MALE,
    CCCD,
    GENDER,
    IGNORED,
    NAME,
    ParsedRow,
    find_header,
    parse_row,
    read_rows,
)
from trungtam_desktop.domain.legacy_encodings import unicode_to_legacy
from trungtam_desktop.domain.sheet_columns import caption_kind, cell_text

TODAY = date(2024, 11, 20)
COLUMNS = (IGNORED, NAME, BIRTH, GENDER, "unit", CCCD)


def row(*cells: object) -> ParsedRow:
    return parse_row(list(cells), COLUMNS, 7, TODAY)


@pytest.mark.parametrize(
    ("caption", "kind"),
    [
        ("Họ và tên", NAME),
        ("HỌ VÀ TÊN", NAME),
        ("Họ tên", NAME),
        ("Ho va ten", NAME),
        ("Ngày sinh", BIRTH),
        ("Ngày, tháng, năm sinh", BIRTH),
        ("Năm sinh", BIRTH),
        ("Đơn vị công tác", "unit"),
        ("Chức vụ, đơn vị", "unit"),
        ("Số CCCD", CCCD),
        ("CCCD/CMND", CCCD),
        ("Số căn cước công dân", CCCD),
        ("Giới tính", GENDER),
        ("STT", "stt"),
        ("Chức vụ", "position"),
        ("Nơi sinh", None),
        ("DANH SÁCH HỌC VIÊN", None),
        (None, None),
    ],
)
def test_captions_in_their_many_spellings(caption: str | None, kind: str | None) -> None:
    assert caption_kind(caption) == kind


def test_header_below_title_rows_and_blank_rows() -> None:
    rows = [
        ["HUYỆN ỦY ĐỨC TRỌNG", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
        [None],
        ["DANH SÁCH", "DANH SÁCH", "DANH SÁCH", "DANH SÁCH"],  # a merged title, filled across
        ["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Đơn vị công tác"],
        [1, "Nguyễn Văn An", "05/03/1990", "Thôn 1"],
    ]
    layout = find_header(rows)
    assert layout.header_rows == (4,)
    assert layout.data_start == 4
    assert layout.columns == (IGNORED, NAME, BIRTH, "unit")


def test_two_row_header_nam_nu_with_column_numbers() -> None:
    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Năm sinh", "Đơn vị"],  # "Năm sinh" merged over two columns
        ["STT", "Họ và tên", "Nam", "Nữ", "Đơn vị"],  # vertical merges repeat the captions
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [1, "Nguyễn Văn An", 1990, None, "Thôn 1"],
    ]
    layout = find_header(rows)
    assert layout.header_rows == (1, 2)
    assert layout.data_start == 3
    assert layout.columns == (IGNORED, NAME, BIRTH_MALE, BIRTH_FEMALE, "unit")


def test_two_row_header_without_merges_as_csv_gives_it() -> None:
    rows = [
        ["TT", "Họ tên", "Năm sinh", "", "CCCD/CMND"],
        ["", "", "Nam", "Nữ", ""],
        ["1", "Lê Thị Hoa", "", "12/4/1992", "079192000123"],
    ]
    layout = find_header(rows)
    assert layout.columns == (IGNORED, NAME, BIRTH_MALE, BIRTH_FEMALE, CCCD)
    reading = read_rows(rows, layout, TODAY)
    learner = reading.rows[0].learner
    assert learner is not None and learner.gender is Gender.FEMALE and learner.birth_date == date(1992, 4, 12)


def test_name_split_into_family_and_given_columns() -> None:
    rows = [
        ["TT", "Họ và đệm", "Tên", "Sinh ngày", "Quê quán"],
        [1, "Nguyễn Thị", "Mỵ", "05/03/1990", "Lâm Đồng"],
    ]
    layout = find_header(rows)
    assert layout.columns == (IGNORED, "family", "given", BIRTH, "hometown")
    learner = read_rows(rows, layout, TODAY).rows[0].learner
    assert learner is not None and learner.full_name == "Nguyễn Thị Mỵ" and learner.hometown == "Lâm Đồng"


def test_no_header_is_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="Không tìm thấy dòng tiêu đề"):
        find_header([["a", "b"], [1, 2], ["Nguyễn Văn An", "1990"]])
    with pytest.raises(ValidationError):
        find_header([])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(1990, 3, 5), (date(1990, 3, 5), 1990)),
        (date(1990, 3, 5), (date(1990, 3, 5), 1990)),
        (32937, (date(1990, 3, 5), 1990)),  # Excel serial
        (32937.0, (date(1990, 3, 5), 1990)),
        ("05/03/1990", (date(1990, 3, 5), 1990)),
        ("5/3/1990", (date(1990, 3, 5), 1990)),
        ("05-03-1990", (date(1990, 3, 5), 1990)),
        (" 05.03.1990 ", (date(1990, 3, 5), 1990)),
        ("1990", (None, 1990)),
        (1990, (None, 1990)),
        (1990.0, (None, 1990)),
    ],
)
def test_births_in_every_form(value: object, expected: tuple[date | None, int]) -> None:
    parsed = row(1, "Nguyễn Văn An", value)
    assert parsed.error == ""
    assert parsed.learner is not None
    assert (parsed.learner.birth_date, parsed.learner.birth_year) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/1990", "Dòng 7: Ngày sinh: ngày 31/02/1990 không tồn tại."),
        ("5/3/90", "Dòng 7: Ngày sinh: năm phải ghi đủ bốn chữ số"),
        ("2030", "Dòng 7: Ngày sinh: năm 2030 chưa đến"),
        (1850, "Dòng 7: Ngày sinh:"),
        (12.5, "Dòng 7: Ngày sinh: “12.5” không phải ngày hay năm sinh."),
        (True, "Dòng 7: Ngày sinh:"),
        (time(8, 30), "Dòng 7: Ngày sinh:"),
        (datetime(2031, 1, 1), "Dòng 7: Ngày sinh: ngày 01/01/2031 không thể là ngày sinh."),
    ],
)
def test_bad_births_name_the_row_and_field(value: object, message: str) -> None:
    parsed = row(1, "Nguyễn Văn An", value)
    assert parsed.learner is None
    assert parsed.error.startswith(message)


@pytest.mark.parametrize(
    ("text", "gender"),
    [("Nam", Gender.MALE), ("NỮ", Gender.FEMALE), ("nu", Gender.FEMALE), ("nữ", Gender.FEMALE)],
)
def test_genders_in_any_case_with_or_without_tone_marks(text: str, gender: Gender) -> None:
    parsed = row(1, "Nguyễn Văn An", "1990", text)
    assert parsed.learner is not None and parsed.learner.gender is gender


def test_unknown_gender_is_an_error_naming_the_field() -> None:
    assert row(1, "Nguyễn Văn An", "1990", "Trai").error == (
        "Dòng 7: Giới tính “Trai” không hợp lệ (ghi Nam hoặc Nữ)."
    )


def test_nam_nu_columns_give_gender_and_refuse_both() -> None:
    columns = (NAME, BIRTH_MALE, BIRTH_FEMALE)
    male = parse_row(["Trần Văn Bảo", 1980, None], columns, 3, TODAY)
    female = parse_row(["Trần Thị Cúc", None, "x"], columns, 4, TODAY)
    both = parse_row(["Trần Thị Dạ", 1980, 1981], columns, 5, TODAY)
    assert male.learner is not None and male.learner.gender is Gender.MALE and male.learner.birth_year == 1980
    assert female.learner is not None and female.learner.gender is Gender.FEMALE
    assert female.learner.birth_year is None
    assert both.error == "Dòng 5: ghi năm sinh ở cả cột Nam và cột Nữ; chỉ được ghi ở một cột."


def test_names_are_cleaned_nfc_and_title_cased() -> None:
    parsed = row(1, "  pha\u0323m   thi\u0323 dung ", "1988")
    assert parsed.learner is not None and parsed.learner.full_name == "Phạm Thị Dung"
    assert row(1, None, "1990").error == "Dòng 7: thiếu họ và tên."
    assert "chữ số" in row(1, "Nguyễn Văn 2", "1990").error


def test_cccd_typed_as_a_number_gets_its_leading_zero_back() -> None:
    parsed = row(1, "Nguyễn Văn An", "1990", "Nam", "Thôn 1", 79090001234)
    assert parsed.learner is not None and parsed.learner.cccd == "079090001234"
    spaced = row(1, "Nguyễn Văn An", "1990", "Nam", "Thôn 1", "079 090 001 234")
    assert spaced.learner is not None and spaced.learner.cccd == "079090001234"
    assert "12 chữ số" in row(1, "Nguyễn Văn An", "1990", "Nam", "", "12345").error


def test_old_nine_digit_cmnd_is_kept_as_a_note() -> None:
    parsed = row(1, "Nguyễn Văn An", "1990", "Nam", "", "250123456")
    assert parsed.learner is not None and parsed.learner.cccd is None
    assert parsed.learner.notes == "Số CMND cũ: 250123456"


def test_end_of_list_group_headings_hidden_rows() -> None:
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Đơn vị"],
        ["I. Chi bộ thôn 1", "I. Chi bộ thôn 1", "I. Chi bộ thôn 1", "I. Chi bộ thôn 1"],
        [1, "Nguyễn Văn An", "05/03/1990", "Thôn 1"],
        [None, None, None, None],
        [2, "Lê Thị Bé", "1991", "Thôn 1"],
        [3, "Hàng Bị Ẩn", "1991", "Thôn 1"],
        [4, None, None, None],
        ["Tổng cộng: 3 người", None, None, None],
        [None, "Nguyễn Văn Lập", None, None],
    ]
    reading = read_rows(rows, find_header(rows), TODAY, hidden=frozenset({6}))
    assert [r.full_name for r in reading.rows] == ["Nguyễn Văn An", "Lê Thị Bé"]
    assert reading.end_note == "Danh sách kết thúc ở dòng 7 (dòng 8: “Tổng cộng: 3 người”)."
    assert any("Dòng 2:" in note and "tiêu đề nhóm" in note for note in reading.skipped)
    assert "Dòng 6: dòng bị ẩn trong Excel, không nhập." in reading.skipped
    assert "Dòng 7: chỉ có số thứ tự, không nhập." in reading.skipped


@pytest.mark.parametrize(
    "footer",
    [
        [None, "Người lập biểu", None, "T/M ĐẢNG ỦY"],
        [None, None, None, "Hiệp Thạnh, ngày 05 tháng 02 năm 2024"],
        [None, None, None, None],  # three blank rows end the list too
        ["Cộng: 1 người", None, None, None],
    ],
)
def test_signature_blocks_and_blank_rows_end_the_list(footer: list[object]) -> None:
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Đơn vị"],
        [1, "Nguyễn Văn An", "05/03/1990", "Thôn 1"],
        footer,
        [None, None, None, None],
        [None, None, None, None],
        [None, "Nguyễn Văn Ký", None, "Bí thư"],
    ]
    reading = read_rows(rows, find_header(rows), TODAY)
    assert [r.full_name for r in reading.rows] == ["Nguyễn Văn An"]


def test_a_name_that_starts_like_a_total_is_a_learner() -> None:
    rows = [["STT", "Họ và tên", "Năm sinh"], [1, "Công Văn Minh", 1990], [2, "Cộng Thị Hà", 1991]]
    reading = read_rows(rows, find_header(rows), TODAY)
    assert [r.full_name for r in reading.rows] == ["Công Văn Minh", "Cộng Thị Hà"]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_text_is_converted_and_shown(encoding: str) -> None:
    names = ["Phạm Ngọc Ánh", "Đặng Văn Đức", "Lê Thị Hồng Nhung"]
    rows: list[list[object]] = [["STT", "Họ và tên", "Năm sinh", "Đơn vị"]]
    rows += [[n, unicode_to_legacy(name, encoding), 1980 + n, unicode_to_legacy("Hội nông dân xã", encoding)]
             for n, name in enumerate(names, start=1)]  # fmt: skip
    reading = read_rows(rows, find_header(rows), TODAY)
    assert reading.encoding == encoding
    assert [r.full_name for r in reading.rows] == names
    assert all(r.learner is not None and r.learner.unit == "Hội nông dân xã" for r in reading.rows)
    assert reading.conversions[0] == (unicode_to_legacy(names[0], encoding), names[0])


def test_duplicates_inside_the_file() -> None:
    columns = (NAME, BIRTH, CCCD)
    rows = [
        parse_row(["Nguyễn Văn An", "05/03/1990", None], columns, 2, TODAY),
        parse_row(["NGUYỄN VĂN AN", "5-3-1990", None], columns, 3, TODAY),
        parse_row(["Lê Thị Bé", "1991", "079191000001"], columns, 4, TODAY),
        parse_row(["Lê Thị Bé Hai", "1992", "079191000001"], columns, 5, TODAY),
        parse_row(["Trần Văn Cư", None, None], columns, 6, TODAY),
        parse_row(["Trần Văn Cư", None, None], columns, 7, TODAY),  # no birth: not provably the same
    ]
    assert find_duplicates(rows) == {
        3: "trùng với dòng 2 (cùng họ tên và ngày sinh)",
        5: "trùng với dòng 4 (cùng số CCCD 079191000001)",
    }


def test_cell_text() -> None:
    assert cell_text(1990.0) == "1990"
    assert cell_text(datetime(2024, 2, 5)) == "05/02/2024"
    assert cell_text(float("nan")) == ""
    assert cell_text(" a\u00a0 b ") == "a b"


cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(["Nam", "Nữ", "x", "31/02/1990", "1990", "079090001234", "Tổng cộng", "Ph¹m Ngäc"]),
)
kinds = st.sampled_from(
    [IGNORED, NAME, "family", "given", BIRTH, BIRTH_MALE, BIRTH_FEMALE, GENDER, CCCD, "unit"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(cells, max_size=8), st.lists(kinds, max_size=8), st.integers(1, 100_000))
def test_row_parser_returns_a_row_or_an_error_never_raises(
    values: list[object], columns: list[str], number: int
) -> None:
    parsed = parse_row(values, columns, number, TODAY)
    assert isinstance(parsed, ParsedRow)
    assert (parsed.learner is None) == bool(parsed.error)
    if parsed.error:
        assert parsed.error.startswith(f"Dòng {number}: ")
    else:
        assert parsed.learner is not None and parsed.learner.full_name


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cells, max_size=6), max_size=12))
def test_header_search_and_reading_never_crash(rows: list[list[object]]) -> None:
    table = [["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "CCCD"], *rows]
    reading = read_rows(table, find_header(table), TODAY)
    assert all(isinstance(r, ParsedRow) for r in reading.rows)


def test_a_list_without_gender_is_imported_but_the_other_learner_rules_hold() -> None:
    """Many commune lists have no gender column: such rows are kept (gender left to complete in the form),
    while the rules the form applies (phone, Party dates) refuse the row with its reason."""
    columns = (NAME, BIRTH, "phone")
    plain = parse_row(["Lò Thị Mai", 1999, None], columns, 3, TODAY)
    assert plain.error == "" and plain.learner is not None and plain.learner.gender is None
    phoned = parse_row(["Lò Thị Mai", 1999, "0912.345.678"], columns, 4, TODAY)
    assert phoned.learner is not None and phoned.learner.phone == "0912.345.678"
    bad = parse_row(["Lò Thị Mai", 1999, "09xy"], columns, 5, TODAY)
    assert bad.learner is None and "Dòng 5" in bad.error and "10 chữ số" in bad.error
