"""The Party-format page: header, number and date lines, signer, page numbers, NFC and escaping."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import date

import pdfplumber

from trungtam_desktop.documents import (
    ClassListData,
    ClassListRenderer,
    IssueInfo,
    LearnerRow,
    Signer,
    TimetableRenderer,
    document_number,
)
from trungtam_desktop.documents.party import place_date_line, recipient_lines
from trungtam_desktop.domain.models import CentreIdentity


def test_document_number_uses_the_centre_code(centre) -> None:
    assert document_number(12, "BC", centre) == "12-BC/TTCT"
    assert document_number(3, "DS", replace(centre, document_code="TTCTX")) == "3-DS/TTCTX"


def test_place_date_line() -> None:
    centre = CentreIdentity(place_name="Đức Trọng")
    assert place_date_line(centre, date(2024, 2, 5)) == "Đức Trọng, ngày 05 tháng 02 năm 2024"
    blank = place_date_line(centre, None, 2024)
    assert blank.startswith("Đức Trọng, ngày ") and blank.endswith(" năm 2024") and "tháng" in blank
    assert place_date_line(CentreIdentity(place_name=""), None, 2024).startswith("Ngày ")


def test_recipients_end_with_commas_and_a_full_stop() -> None:
    assert recipient_lines(["Ban Tuyên giáo Huyện ủy", " Đảng ủy xã Hiệp Thạnh, ", "", "Lưu VP."]) == [
        "- Ban Tuyên giáo Huyện ủy,",
        "- Đảng ủy xã Hiệp Thạnh,",
        "- Lưu VP.",
    ]


def test_number_and_date_lines_are_printed(samples, centre, read_pdf) -> None:
    text = read_pdf(ClassListRenderer(centre).render(samples.class_list(3))).page_texts()[0]
    assert "Số 15-DS/TTCT" in text
    assert "Đức Trọng, ngày 10 tháng 06 năm 2024" in text
    assert "Nơi nhận:" in text and "- Lưu VP." in text


def test_deputy_signs_for_the_director_and_preparer_signs_on_the_left(samples, centre, read_pdf) -> None:
    issue = IssueInfo(
        signer=Signer("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Lê Thị Thu"),
        preparer=Signer("Người lập biểu", "Phạm Thị Lan"),
    )
    data = replace(samples.class_list(3), issue=issue)
    text = read_pdf(ClassListRenderer(centre).render(data)).text()
    for line in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Thu", "NGƯỜI LẬP BIỂU", "Phạm Thị Lan"):
        assert line in text
    assert "Số " not in text.split("DANH SÁCH")[0]  # no number given, no number line
    with pdfplumber.open(io.BytesIO(ClassListRenderer(centre).render(data))) as plumber:
        words = {w["text"]: w["top"] for w in plumber.pages[-1].extract_words()}
    assert abs(words["Lan"] - words["Thu"]) < 1  # the two names line up under titles of unequal length


def test_one_page_document_has_no_page_number(samples, centre, read_pdf) -> None:
    pdf = read_pdf(TimetableRenderer(centre).render(samples.timetable(6)))
    assert pdf.page_count == 1
    assert pdf.page_texts()[0].splitlines()[0].startswith("HUYỆN ỦY ĐỨC TRỌNG")


def test_party_page_numbers_from_page_two_centred_at_the_top(samples, centre, read_pdf) -> None:
    pdf = read_pdf(ClassListRenderer(centre).render(samples.class_list(120)))
    pages = pdf.page_texts()
    assert len(pages) >= 3
    assert pages[0].splitlines()[0].startswith("HUYỆN ỦY ĐỨC TRỌNG")  # none on the first page
    for number, text in enumerate(pages[1:], start=2):
        assert text.splitlines()[0] == str(number)
    page = pdf.reader.pages[1]
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        word = plumber.pages[1].extract_words()[0]
    assert word["text"] == "2"
    centre_x = (word["x0"] + word["x1"]) / 2
    assert abs(centre_x - float(page.mediabox.width) / 2) < 2
    assert word["bottom"] < 20 / 25.4 * 72  # inside the 20 mm top margin


def test_decomposed_input_is_printed_in_nfc(samples, centre, read_pdf) -> None:
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Mỵ")
    data = ClassListData(samples.class_info(), (LearnerRow(nfd_name, "1990"),))
    raw = read_pdf(ClassListRenderer(centre).render(data)).raw_text()
    assert "Nguyễn Thị Mỵ" in raw
    assert nfd_name not in raw


def test_markup_characters_are_printed_literally(samples, centre, read_pdf) -> None:
    data = ClassListData(
        samples.class_info(), (LearnerRow("Lê Văn Tám", "1990", unit="Phòng A & B <Kế toán>"),)
    )
    table = read_pdf(ClassListRenderer(centre).render(data)).tables(0)[0]
    assert table[1][5] == "Phòng A & B <Kế toán>"


def test_empty_class_still_renders(samples, centre, read_pdf) -> None:
    data = ClassListData(samples.class_info(), ())
    text = read_pdf(ClassListRenderer(centre).render(data)).text()
    assert "Chưa có học viên." in text
    assert "Danh sách có 0 học viên" in text
