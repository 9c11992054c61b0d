"""Issue 16, reports: quality over graded learners only, period wording without "năm năm", pay list rows
that grow with their text, the workbook's totals and headings (figures of tests/report_fixture.py)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.documents.conftest import ReadPdf
from tests.report_fixture import build_report_database
from trungtam_desktop.app import open_services
from trungtam_desktop.cli import main
from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.enums import ProgrammeKind
from trungtam_desktop.domain.reports import Period, period_title
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.report_documents import OutputFormat, ReportDocumentService

NAM_NAM = re.compile(r"năm\s+năm\s+\d{4}")
LONG_POSITION = "Trưởng Ban Tuyên giáo Huyện ủy, Giám đốc Trung tâm Chính trị"


def _add_briefing(database) -> None:  # type: ignore[no-untyped-def]
    """A resolution briefing (a programme never graded) ending in Q3 2024 with X1 and X2 of the fixture."""
    with database.write_sessions.begin() as session:
        programme = session.scalar(
            select(orm.Programme).where(orm.Programme.kind == ProgrammeKind.BRIEFING.value)
        )
        assert programme is not None and not programme.components  # seeded without assessment
        klass = orm.TrainingClass(
            programme_id=programme.id,
            code="HNQT-E",
            name="Hội nghị quán triệt E",
            start_date=date(2024, 9, 10),
            end_date=date(2024, 9, 10),
            status="da_ket_thuc",
        )
        session.add(klass)
        session.flush()
        learners = session.scalars(select(orm.Learner).order_by(orm.Learner.id)).all()
        for learner in learners[:2]:
            session.add(
                orm.Enrolment(class_id=klass.id, learner_id=learner.id, enrolled_on=date(2024, 9, 1))
            )


@pytest.fixture
def documents(opened) -> ReportDocumentService:  # type: ignore[no-untyped-def]
    build_report_database(opened.database)
    _add_briefing(opened.database)
    return opened.services.report_documents


def _flat(pdf: bytes) -> str:
    return " ".join(ReadPdf(pdf).flat_text().split())


# -- 1. quality percentages over graded learners only ---------------------------------------------------


def test_grade_shares_are_taken_over_graded_places_and_the_ungraded_are_counted_apart(documents) -> None:  # type: ignore[no-untyped-def]
    report = documents.reports.period_report(2024, Period.Q3)
    quality = report.quality
    # Q3: A (X1 Khá, X2 Giỏi, X3 Không đạt), B (X1 Xuất sắc, X4 Trung bình), E (briefing: X1, X2)
    assert report.places == 7
    assert (quality.graded, quality.waiting, quality.not_graded) == (5, 0, 2)
    lines = {line.label: (line.places, line.share) for line in quality.lines()}
    assert lines["Giỏi"] == (1, 20.0)  # 1 of the 5 graded, not 1 of all 7 places (14,3%)
    assert lines["Không đánh giá xếp loại"] == (2, None)
    assert lines["Chưa có kết quả"] == (0, None)
    text = _flat(documents.period_report(2024, Period.Q3, OutputFormat.PDF))
    assert "Giỏi 1 20,0%" in text and "14,3%" not in text.split("II. CHẤT LƯỢNG")[1].split("III.")[0]
    assert "Không đánh giá xếp loại 2 –" in text
    assert "Cộng số lượt đã xếp loại 5 100,0%" in text
    assert "Tổng số lượt học viên 7" in text
    sheet = load_workbook(io.BytesIO(documents.period_report(2024, Period.Q3, OutputFormat.XLSX)))["Chất lượng"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=6, values_only=True) if row[0]}
    assert rows["Giỏi"] == (1, 0.2)
    assert rows["Không đánh giá xếp loại"] == (2, None)
    assert rows["Số lượt học viên không đạt"] == (1, 0.2)


def test_graded_programme_waiting_for_scores_is_chua_co_ket_qua(documents) -> None:  # type: ignore[no-untyped-def]
    quality = documents.reports.period_report(2024, Period.Q4).quality  # D: X3, graded, no result yet
    assert (quality.graded, quality.waiting, quality.not_graded) == (0, 1, 0)
    assert {line.label: line.share for line in quality.lines()}["Xuất sắc"] is None  # nothing graded yet


# -- 2. no "năm năm" in any period wording, anywhere ----------------------------------------------------


@pytest.mark.parametrize("period", list(Period))
def test_no_period_wording_says_nam_nam(documents, period: Period) -> None:  # type: ignore[no-untyped-def]
    title = period_title(2024, period)
    assert "năm năm" not in title and title.endswith("2024")
    report_pdf = documents.period_report(2024, period, OutputFormat.PDF)
    pay_pdf = documents.pay_list(2024, period, OutputFormat.PDF)
    for pdf in (report_pdf, pay_pdf):
        text = _flat(pdf)
        # ("kế năm" and "năm (tiết)" sit side by side in the teaching table's header: a year must follow)
        assert not NAM_NAM.search(text.lower())
        meta = ReadPdf(pdf).reader.metadata
        assert "năm năm" not in (meta.title or "") and "năm năm" not in (meta.subject or "")
    report_text = _flat(report_pdf)
    assert f"bồi dưỡng {title}" in report_text  # the report's title line
    assert f"Trong {title} (từ ngày" in report_text  # the body sentence
    assert f"Danh sách các lớp {title}" in report_text  # the annex
    assert title[0].upper() + title[1:] in _flat(pay_pdf)  # the pay list's subtitle
    for data in (
        documents.period_report(2024, period, OutputFormat.XLSX),
        documents.pay_list(2024, period, OutputFormat.XLSX),
    ):
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows(max_row=4, values_only=True):
                assert all("năm năm" not in str(v) for v in row if v)


@pytest.mark.parametrize("period", list(Period))
def test_command_line_says_the_period_once(data_paths: DataPaths, tmp_path: Path, capsys, period) -> None:  # type: ignore[no-untyped-def]
    opened = open_services(data_paths)
    build_report_database(opened.database)
    opened.close()
    for kind in ("period", "pay"):
        out = tmp_path / f"{kind}-{period.value}.pdf"
        args = ["report", kind, "--year", "2024", "--period", period.value, "--out", str(out)]
        assert main([*args, "--data-dir", str(data_paths.root)]) == 0
        printed = capsys.readouterr().out
        assert period_title(2024, period) in printed and not NAM_NAM.search(printed)


def test_six_and_nine_months_read_naturally() -> None:
    assert period_title(2024, Period.H1) == "6 tháng đầu năm 2024"
    assert period_title(2024, Period.M9) == "9 tháng đầu năm 2024"
    assert period_title(2024, Period.YEAR) == "năm 2024"
    assert period_title(2024, Period.Q3) == "quý III năm 2024"


# -- 3. pay list rows grow with their text ------------------------------------------------------------


def test_pay_list_rows_grow_with_a_three_line_position(opened) -> None:  # type: ignore[no-untyped-def]
    build_report_database(opened.database)
    with opened.database.write_sessions.begin() as session:
        for lecturer in session.scalars(select(orm.Lecturer)):
            lecturer.position = LONG_POSITION
    pdf = opened.services.report_documents.pay_list(2024, Period.Q3, OutputFormat.PDF)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        table = page.find_tables()[0]
        rules = sorted({round(edge["top"], 1) for edge in page.horizontal_edges if edge["x0"] < table.bbox[2]})
        words = [w for w in page.extract_words() if table.bbox[1] < w["top"] < table.bbox[3]]
        assert any("Chính" in w["text"] for w in words)
        for word in words:  # no word is crossed by a row's rule
            assert not any(word["top"] + 0.5 < rule < word["bottom"] - 0.5 for rule in rules), word["text"]


# -- 4. the workbook: totals and the parent body in every heading ------------------------------------------


def test_workbook_sheets_carry_the_parent_body_and_totals(documents) -> None:  # type: ignore[no-untyped-def]
    centre = documents.reports.centre()
    book = load_workbook(io.BytesIO(documents.period_report(2024, Period.Q3, OutputFormat.XLSX)))
    pay = load_workbook(io.BytesIO(documents.pay_list(2024, Period.Q3, OutputFormat.XLSX)))
    for sheet in [*book.worksheets, *pay.worksheets]:
        heading = [sheet.cell(row, 1).value for row in (1, 2)]
        assert heading == [centre.parent_body.upper(), centre.centre_name.upper()], sheet.title
    teaching = [list(r) for r in book["Giảng dạy"].iter_rows(min_row=6, values_only=True)]
    assert teaching[-1][:6] == ["Tổng cộng", None, None, 22, 5, 32]
    assert book["Giảng dạy"].cell(book["Giảng dạy"].max_row, 1).font.bold
    classes = [list(r) for r in book["Danh sách lớp"].iter_rows(min_row=6, values_only=True)]
    assert classes[-1][0] == "Tổng cộng" and classes[-1][-2:] == [7, 6]
    assert re.fullmatch(r"3 lớp", classes[-1][1])


