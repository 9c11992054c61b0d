"""The periodic report and the pay list as PDF and XLSX (figures of tests/report_fixture.py)."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.documents.conftest import ReadPdf, make_centre
from tests.report_fixture import build_report_database
from trungtam_desktop.documents.pay_list import PayListRenderer, total_in_words
from trungtam_desktop.documents.period_report import PeriodReportRenderer, summary_sentence
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.reports import (
    CertificateCounts,
    ClassBasis,
    PayLine,
    PayList,
    Period,
    PeriodReport,
    ProgrammeLine,
    Quality,
    ReportDraft,
)
from trungtam_desktop.services.files import save_file
from trungtam_desktop.services.report_documents import (
    OutputFormat,
    ReportDocumentService,
    format_for,
)

A4_PORTRAIT, A4_LANDSCAPE = (210, 297), (297, 210)


@pytest.fixture
def documents(opened) -> ReportDocumentService:  # type: ignore[no-untyped-def]
    build_report_database(opened.database)
    service = opened.services.report_documents
    service.reports.save_draft(
        2024, Period.Q3, ReportDraft("12", date(2024, 10, 5), "Một lớp mở chậm.", "Mở thêm hai lớp sơ cấp.")
    )
    return service


def test_period_report_pdf(documents: ReportDocumentService) -> None:
    pdf = ReadPdf(documents.period_report(2024, Period.Q3, OutputFormat.PDF))
    text = pdf.flat_text()
    for expected in (
        "BÁO CÁO",
        "Số 12-BC/TTCT",
        "ngày 05 tháng 10 năm 2024",
        "Kết quả công tác đào tạo, bồi dưỡng quý III năm 2024",
        "I. KẾT QUẢ MỞ LỚP, HỌC VIÊN",
        "Trung tâm tổ chức 2 lớp với 5 lượt học viên (4 người)",
        "đạt 60,0% kế hoạch năm về số lớp và 70,0% về số học viên",
        "II. CHẤT LƯỢNG ĐÀO TẠO, BỒI DƯỠNG",
        "cấp mới 3, cấp lại 1, hủy 1",
        "III. CÔNG TÁC GIẢNG DẠY",
        "Nguyễn Văn An",
        "46,7%",
        "66,7%",
        "IV. HẠN CHẾ",
        "Một lớp mở chậm.",
        "Mở thêm hai lớp sơ cấp.",
        "GIÁM ĐỐC",
        "PHỤ LỤC",
        "LOP-A",
    ):
        assert expected in text, expected
    sizes = pdf.page_sizes_mm()
    assert sizes[0] == A4_PORTRAIT
    assert sizes[-1] == A4_LANDSCAPE  # the annex of classes
    assert "GIÁM ĐỐC" in pdf.page_texts()[-2]  # the signer comes before the annex
    assert "English" not in text


def test_empty_draft_leaves_lines_for_the_pen(documents: ReadPdf) -> None:
    pdf = ReadPdf(documents.period_report(2024, Period.YEAR, OutputFormat.PDF))  # type: ignore[attr-defined]
    text = pdf.flat_text()
    assert "Số -BC/TTCT" in " ".join(text.replace("\u00a0", " ").split())
    assert "........" in text
    assert "năm 2024" in text


def test_large_figures_are_written_the_vietnamese_way() -> None:
    line = ProgrammeLine("Sơ cấp lý luận chính trị", 63, 16_837, 63, 16_837, 54, 14_390)
    report = PeriodReport(
        2024, Period.YEAR, ClassBasis.END, date(2024, 1, 1), date(2024, 12, 31), [line], [], 16_837, 12_001,
        Quality(), CertificateCounts(), [], [],
    )  # fmt: skip
    sentence = summary_sentence(report)
    assert "63 lớp với 16.837 lượt học viên (12.001 người)" in sentence
    assert "đạt 116,7% kế hoạch năm về số lớp và 117,0% về số học viên" in sentence
    pdf = ReadPdf(PeriodReportRenderer(make_centre()).render(report, ReportDraft()))
    assert "16.837" in pdf.flat_text() and "117,0%" in pdf.flat_text()


def test_period_report_xlsx(documents: ReportDocumentService) -> None:
    data = documents.period_report(2024, Period.Q3, OutputFormat.XLSX)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Lớp và học viên",
        "Thành phần học viên",
        "Chất lượng",
        "Giảng dạy",
        "Danh sách lớp",
        "Nhận xét",
    ]
    sheet = book["Lớp và học viên"]
    header = [c.value for c in sheet[5]]
    assert header[0] == "Chương trình" and header[-1] == "Đạt % kế hoạch: học viên"
    assert sheet["A5"].font.bold
    so_cap = [c.value for c in sheet[6]]
    assert so_cap == ["Sơ cấp lý luận chính trị", 1, 3, 1, 3, 2, 10, 0.5, 0.3]
    assert sheet["H6"].number_format == "0.0%"
    nhan_thuc = [c.value for c in sheet[7]]
    assert nhan_thuc[-1] is None  # zero plan: no percentage
    total = [c.value for c in sheet[sheet.max_row]]
    assert total == ["Tổng cộng", 2, 5, 3, 7, 5, 10, 0.6, 0.7]
    assert all(isinstance(v, int) for v in total[1:7])
    teaching = book["Giảng dạy"]
    assert [c.value for c in teaching[6]] == [
        "Chuyên trách",
        "Nguyễn Văn An",
        "Giám đốc",
        9,
        2,
        14,
        30,
        0.467,
    ]
    classes = book["Danh sách lớp"]
    assert classes["D6"].value == datetime(2024, 6, 20) and classes["D6"].number_format == "DD/MM/YYYY"
    assert book["Nhận xét"]["B6"].value == "Một lớp mở chậm."
    assert book["Chất lượng"]["A6"].value == "Xuất sắc" and book["Chất lượng"]["B6"].value == 1


def test_pay_list_pdf_and_xlsx(documents: ReportDocumentService) -> None:
    pdf = ReadPdf(documents.pay_list(2024, Period.Q3, OutputFormat.PDF))
    text = pdf.flat_text()
    for expected in (
        "BẢNG KÊ GIỜ GIẢNG VÀ THÙ LAO GIẢNG VIÊN",
        "Quý III năm 2024",
        "300.000/buổi",
        "150.000/tiết",
        "1.500.000",
        "Chưa có mức",
        "Tổng số tiền: 2.100.000 đồng.",
        "Bằng chữ: Hai triệu một trăm nghìn đồng.",
        "NGƯỜI LẬP BIỂU",
        "GIÁM ĐỐC",
    ):
        assert expected in text, expected
    assert set(pdf.page_sizes_mm()) == {A4_LANDSCAPE}
    book = load_workbook(io.BytesIO(documents.pay_list(2024, Period.Q3, OutputFormat.XLSX)))
    sheet = book.active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert rows[0] == ["Nguyễn Văn An", "Chuyên trách", "Giám đốc", 2, 9, 300_000, "buổi", 600_000]
    assert rows[2][5] is None and rows[2][7] == 0  # no rate for báo cáo viên
    assert rows[3] == ["Tổng cộng", None, None, 5, 22, None, None, 2_100_000]
    assert rows[4][0] == "Bằng chữ: Hai triệu một trăm nghìn đồng."
    assert sheet["H6"].number_format == "#,##0"


@pytest.mark.parametrize(
    ("amounts", "words"),
    [
        ([1_000_000, 5], "Bằng chữ: Một triệu không trăm linh năm đồng."),
        ([10_000_000, 5_000_000], "Bằng chữ: Mười lăm triệu đồng."),
        ([21], "Bằng chữ: Hai mươi mốt đồng."),
        ([100, 5], "Bằng chữ: Một trăm linh năm đồng."),
    ],
)
def test_pay_total_in_words(amounts: list[int], words: str) -> None:
    lines = [PayLine("Kiêm chức", f"Giảng viên {i}", "", 1, 1, "tiet", a, a) for i, a in enumerate(amounts)]
    pay = PayList(2024, Period.Q1, date(2024, 1, 1), date(2024, 3, 31), lines)
    assert total_in_words(pay) == words
    assert words in ReadPdf(PayListRenderer(make_centre()).render(pay)).flat_text()


def test_empty_pay_list_renders() -> None:
    pay = PayList(2024, Period.Q1, date(2024, 1, 1), date(2024, 3, 31), [])
    text = ReadPdf(PayListRenderer(make_centre()).render(pay)).flat_text()
    assert "Không có giảng viên nào giảng dạy trong kỳ." in text and "Không đồng" in text


def test_output_format_by_suffix() -> None:
    assert format_for(Path("a.PDF")) is OutputFormat.PDF
    assert format_for(Path("b.xlsx")) is OutputFormat.XLSX
    with pytest.raises(ValidationError):
        format_for(Path("c.docx"))


def test_unwritable_output_is_explained_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    out = blocker / "bao-cao.pdf"  # its "folder" is a file: cannot be created
    with pytest.raises(ValidationError, match=r"Không ghi được tệp .*bao-cao\.pdf"):
        save_file(out, b"%PDF")
    save_file(tmp_path / "ok" / "bao-cao.pdf", b"%PDF")
    assert sorted(p.name for p in (tmp_path / "ok").iterdir()) == ["bao-cao.pdf"]
