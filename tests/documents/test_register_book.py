"""Register book (sổ cấp giấy chứng nhận): columns, repeated header, page numbers, opening and totals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from trungtam_desktop.documents import RegisterBookRenderer
from trungtam_desktop.documents.certificate_inputs import (
    LINE_REISSUE,
    LINE_REPLACED,
    LINE_VOID,
    RegisterBookData,
    RegisterLine,
)
from trungtam_desktop.documents.register_book import COLUMNS, totals_line

HEADERS = [c[0] for c in COLUMNS]
LONG_UNIT = (
    "Chi bộ Thôn Đa Rờ Sa, Đảng bộ xã Hiệp Thạnh, Ban Chấp hành Đảng bộ huyện Đức Trọng, tỉnh Lâm Đồng"
)


def make_lines(count: int) -> list[RegisterLine]:
    names = ("Nguyễn Thị Mỵ", "Trần Văn An", "K'Brơi Thị Hạnh", "Lê Quang Đức", "Đỗ Thu Hương")
    return [
        RegisterLine(
            register_number=f"{i + 1}/2024",
            serial=f"AA {12345 + i:07d}",
            full_name=names[i % len(names)] if i else "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh",
            birth=f"{i % 28 + 1:02d}/03/19{70 + i % 30}",
            gender="Nữ" if i % 2 else "Nam",
            unit=LONG_UNIT if i % 7 == 1 else "UBND xã Hiệp Thạnh",
            class_name="Đợt 2/2024 – Bồi dưỡng nhận thức về Đảng",
            study_period="10/06/2024 – 14/06/2024",
            grade=("Giỏi", "Khá", "Trung bình")[i % 3],
            issued_on=date(2024, 6, 14) + timedelta(days=i // 20),
        )
        for i in range(count)
    ]


def make_book(count: int = 60) -> RegisterBookData:
    lines = make_lines(count)
    if count >= 60:
        lines[7] = replace(lines[7], status=LINE_VOID, note="Đã hủy: ghi sai tên")
        lines[20] = replace(lines[20], status=LINE_VOID)  # no note: the status's label is printed
        lines[9] = replace(lines[9], status=LINE_REPLACED, note="Đã được cấp lại bằng số 58/2024")
        lines[57] = replace(lines[57], status=LINE_REISSUE, note="Cấp lại thay số 10/2024")
    return RegisterBookData("SỔ CẤP GIẤY CHỨNG NHẬN", "Năm 2024", tuple(lines), closed_on=date(2024, 12, 31))


@pytest.fixture
def book(centre) -> bytes:
    return RegisterBookRenderer(centre).render(make_book())


def test_every_page_repeats_the_header_and_is_numbered(book, read_pdf) -> None:
    pdf = read_pdf(book)
    pages = pdf.page_texts()
    assert len(pages) >= 3
    assert set(pdf.page_sizes_mm()) == {(297, 210)}
    for number, text in enumerate(pages, start=1):
        first_line = text.splitlines()[0]  # numbered as every document: from page 2, a bare number
        assert first_line == str(number) if number > 1 else first_line.startswith("HUYỆN ỦY")
        header = pdf.tables(number - 1)[0][0]
        assert header == HEADERS
    first = pages[0]
    assert "HUYỆN ỦY ĐỨC TRỌNG" in first and "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "SỔ CẤP GIẤY CHỨNG NHẬN" in first and "Năm 2024" in first
    assert f"Sổ này có {len(pages)} trang." in first
    assert "Đức Trọng, ngày 31 tháng 12 năm 2024" in first


def test_every_line_is_in_the_table_with_its_columns(book, read_pdf) -> None:
    pdf = read_pdf(book)
    rows = [row for page in range(pdf.page_count) for table in pdf.tables(page) for row in table[1:]]
    assert [row[0] for row in rows] == [str(i) for i in range(1, 61)]
    first = rows[0]
    assert first[1:6] == [
        "1/2024",
        "AA 0012345",
        "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh",
        "01/03/1970",
        "Nam",
    ]
    assert first[7:12] == [
        "Đợt 2/2024 – Bồi dưỡng nhận thức về Đảng",
        "10/06/2024 – 14/06/2024",
        "Giỏi",
        "14/06/2024",
        "",  # the receiver signs here
    ]
    assert rows[1][6] == LONG_UNIT  # wrapped or shrunk inside its cell, never cut
    assert rows[7][12] == "Đã hủy: ghi sai tên"
    assert rows[20][12] == "Đã hủy"
    assert rows[57][12] == "Cấp lại thay số 10/2024"


def test_closing_lines_count_from_the_status(book, read_pdf) -> None:
    pdf = read_pdf(book)
    last = pdf.page_texts()[-1]
    flat = " ".join(last.split())
    assert (
        "Sổ này ghi 60 giấy chứng nhận, từ số 1/2024 đến số 60/2024; trong đó cấp lại: 1; đã hủy: 2; "
        "đã được cấp lại (thay bằng số khác): 1; còn giá trị: 57." in flat
    )
    assert "NGƯỜI GHI SỔ" in last and "GIÁM ĐỐC" in last and "Nguyễn Văn Hùng" in last
    # The signatures stand with the table's last rows.
    assert "60/2024" in last


def test_totals_ignore_the_free_text_notes() -> None:
    lines = [replace(line, note="Đã hủy: nhầm") for line in make_lines(3)]  # notes alone count nothing
    assert "cấp lại: 0; đã hủy: 0;" in totals_line(lines)
    assert totals_line([]) == "Sổ này chưa ghi giấy chứng nhận nào."


def test_empty_register_and_keeper(centre, read_pdf) -> None:
    data = RegisterBookData("SỔ CẤP GIẤY CHỨNG NHẬN", "Năm 2025", keeper="Trần Thị Hạnh")
    pdf = read_pdf(RegisterBookRenderer(centre).render(data))
    text = pdf.text()
    assert pdf.page_count == 1
    assert "Chưa cấp giấy chứng nhận nào." in text and "Sổ này chưa ghi giấy chứng nhận nào." in text
    assert "Sổ này có 1 trang" in text and "Trần Thị Hạnh" in text
    assert "ngày" in text and "tháng" in text  # no closing date: left blank for the pen


def test_same_data_gives_the_same_bytes(centre, book) -> None:
    assert RegisterBookRenderer(centre).render(make_book()) == book


def test_fonts_are_embedded_truetype(book, read_pdf) -> None:
    for font in read_pdf(book).fonts():
        if font.get("/Subtype") == "/Type0":
            continue
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
