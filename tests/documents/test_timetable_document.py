"""Timetable: the day written out once per date, buổi, lesson, lecturer, tiết and their total."""

from __future__ import annotations

from datetime import date

from trungtam_desktop.documents import TimetableRenderer
from trungtam_desktop.documents.tables import weekday_date


def test_weekday_date() -> None:
    assert weekday_date(date(2024, 6, 10)) == "Thứ Hai, 10/06/2024"
    assert weekday_date(date(2024, 6, 15)) == "Thứ Bảy, 15/06/2024"
    assert weekday_date(date(2024, 6, 16)) == "Chủ nhật, 16/06/2024"


def test_timetable_rows_and_total(samples, centre, read_pdf) -> None:
    data = samples.timetable(10)
    pdf = read_pdf(TimetableRenderer(centre).render(data))
    assert pdf.page_count == 1
    assert set(pdf.page_sizes_mm()) == {(210, 297)}
    table = pdf.tables(0)[0]
    assert table[0] == ["Ngày", "Buổi", "Nội dung", "Giảng viên", "Số tiết"]
    assert table[1][:2] == ["Thứ Hai, 10/06/2024", "Sáng"]
    assert table[2][:2] == ["", "Chiều"]  # one date cell spans the day's two buổi
    assert table[1][2] == data.sessions[0].lesson_title
    assert table[3][3] == "Lê Quang Đức (Phó Bí thư Thường trực Huyện ủy)"  # wrapped, not cut
    assert table[-1] == ["Tổng cộng", "", "", "", "50"]
    assert "LỊCH HỌC" in pdf.text()
    assert "Tổng số: 10 buổi, 50 tiết." in pdf.flat_text()


def test_long_timetable_repeats_its_header(samples, centre, read_pdf) -> None:
    pdf = read_pdf(TimetableRenderer(centre).render(samples.timetable(60)))
    assert pdf.page_count >= 3
    pages_with_table = [page for page in range(pdf.page_count) if pdf.tables(page)]
    assert len(pages_with_table) >= 3
    for page in pages_with_table:
        assert pdf.tables(page)[0][0] == ["Ngày", "Buổi", "Nội dung", "Giảng viên", "Số tiết"]
    assert "Tổng số: 60 buổi, 300 tiết." in pdf.flat_text()


def test_empty_timetable(samples, centre, read_pdf) -> None:
    pdf = read_pdf(TimetableRenderer(centre).render(samples.timetable(0)))
    assert "Chưa xếp lịch học." in pdf.text()
