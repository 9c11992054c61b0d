"""Attendance sheet: landscape grid, blank and filled versions, column groups, totals and limits."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pdfplumber
import pytest

from trungtam_desktop.documents import NOT_ENROLLED, AttendanceRow, AttendanceSheetRenderer
from trungtam_desktop.documents.attendance import absences, column_groups, is_over_limit
from trungtam_desktop.domain.enums import AttendanceStatus

P, K, X = AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED, AttendanceStatus.PRESENT


def _row(table: list[list[str]], name: str) -> list[str]:
    return next(row for row in table if name in row)


def _all_rows(pdf) -> list[list[str]]:
    """The rows of every table on every page."""
    return [row for page in range(pdf.page_count) for table in pdf.tables(page) for row in table]


@pytest.mark.parametrize(
    ("count", "per_page", "sizes"),
    [
        (0, 12, [0]),
        (10, 12, [10]),
        (12, 12, [12]),
        (13, 12, [7, 6]),
        (20, 12, [10, 10]),
        (30, 12, [10, 10, 10]),
    ],
)
def test_column_groups_are_even(count: int, per_page: int, sizes: list[int]) -> None:
    groups = column_groups(count, per_page)
    assert [len(g) for g in groups] == sizes
    assert [i for g in groups for i in g] == list(range(count))


def test_column_groups_keep_a_day_together(samples) -> None:
    days = [s.day for s in samples.sessions(14)]  # seven days, two buổi each
    groups = column_groups(14, 12, days)
    assert [len(g) for g in groups] in ([6, 8], [8, 6])
    for group in groups[1:]:
        assert days[group.start] != days[group.start - 1]
    odd = [s.day for s in samples.sessions(25)]  # no cut may push a group over the page width
    assert all(len(g) <= 12 for g in column_groups(25, 12, odd))


def test_absences_and_limit(samples) -> None:
    row = AttendanceRow(samples.learners(1)[0], (NOT_ENROLLED, NOT_ENROLLED, P, K, X, X, X))
    assert absences(row) == 2
    assert is_over_limit(row, (1, 3))  # 2 of the 5 buổi after enrolling
    assert not is_over_limit(replace(row, marks=(X, X, P, K, X, X, X)), (1, 3))  # 2 of 7
    assert not is_over_limit(replace(row, over_limit=False), (1, 3))  # the service's verdict wins


def test_120_learners_blank_sheet_repeats_header_and_numbers_pages_as_every_document(
    samples, centre, read_pdf
) -> None:
    pdf = read_pdf(AttendanceSheetRenderer(centre).render(samples.attendance(120, 12, recorded=False)))
    pages = pdf.page_texts()
    assert len(pages) >= 6
    assert set(pdf.page_sizes_mm()) == {(297, 210)}
    for number, text in enumerate(pages, start=1):
        # one convention for every document: a bare number from page 2 (36-HD/VPTW), none on page 1
        first = text.splitlines()[0]
        assert first == str(number) if number > 1 else first.startswith("HUYỆN ỦY")
        assert not re.search(r"Trang \d+/\d+", text)
        assert "Họ và tên" and "Đơn vị" in text and "Sáng" in text and "Chiều" in text
    assert "(tiếp theo)" not in pdf.text()  # 12 buổi fit across one page
    header = pdf.tables(0)[0][0]
    assert header[:4] == ["STT", "Họ và tên", "Năm sinh", "Đơn vị"]
    assert [c for c in header[4:] if c][:6] == ["10/06", "11/06", "12/06", "13/06", "14/06", "17/06"]
    assert header[-1] == "Số buổi vắng"
    every_name = pdf.flat_text()
    for learner in samples.learners(120)[2:]:
        assert learner.full_name in every_name


def test_blank_sheet_has_empty_signature_boxes(samples, centre, read_pdf) -> None:
    pdf = read_pdf(AttendanceSheetRenderer(centre).render(samples.attendance(5, 10, recorded=False)))
    table = pdf.tables(0)[0]
    my_row = _row(table, samples.MY)
    assert my_row[4:] == [""] * 11  # ten buổi and the total, all blank
    assert "Học viên ký tên vào ô của buổi học." in pdf.flat_text()


def test_filled_sheet_shows_symbols_totals_and_over_limit_mark(samples, centre, read_pdf) -> None:
    data = samples.attendance(10, 10)
    pdf = read_pdf(AttendanceSheetRenderer(centre, filled=True).render(data))
    table = _all_rows(pdf)
    # learner 4 (index 3) misses every buổi: 10 absences, marked with "*"
    absent = _row(table, data.rows[3].learner.full_name)
    assert absent[4:14] == ["P", "K"] * 5
    assert absent[14] == "10*"
    # learner 5 (index 4) joined after two buổi: "–", not counted as absences
    late_joiner = _row(table, data.rows[4].learner.full_name)
    assert late_joiner[4:6] == ["–", "–"]
    assert late_joiner[14] == str(absences(data.rows[4]))
    assert "*" not in late_joiner[14]
    present = _row(table, "Số học viên có mặt")
    expected = [sum(1 for r in data.rows if r.marks[i] in (X, AttendanceStatus.LATE)) for i in range(10)]
    assert present[4:14] == [str(n) for n in expected]
    text = pdf.flat_text()
    assert "x = có mặt; P = vắng có phép; K = vắng không phép; M = đi muộn" in text
    assert "(*) Vắng quá 1/3 số buổi học" in text


def test_over_limit_cell_is_shaded(samples, centre) -> None:
    data = samples.attendance(6, 10)
    pdf = AttendanceSheetRenderer(centre, filled=True).render(data)
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        # Phạm Xuân Nga (10 absences) may be among the last rows, printed with the signature.
        page = next(p for p in plumber.pages if any(w["text"] == "10*" for w in p.extract_words()))
        shaded = [r for r in page.rects if r.get("non_stroking_color") not in (None, (0,), (1,), [0], [1])]
        total = next(w for w in page.extract_words() if w["text"] == "10*")
    assert shaded
    assert any(r["x0"] <= total["x0"] and total["x1"] <= r["x1"] and r["top"] <= total["top"] for r in shaded)


def test_twenty_buoi_split_into_column_groups(samples, centre, read_pdf) -> None:
    renderer = AttendanceSheetRenderer(centre, filled=True)
    ten = read_pdf(renderer.render(samples.attendance(40, 10)))
    twenty = read_pdf(renderer.render(samples.attendance(40, 20)))
    assert twenty.page_count > ten.page_count
    text = twenty.text()
    assert "DANH SÁCH ĐIỂM DANH HỌC VIÊN (tiếp theo)" in text
    assert "Buổi 1 đến buổi 10" in text and "Buổi 11 đến buổi 20" in text
    assert twenty.flat_text().count(samples.MY) == 2  # each group repeats the learners
    pages = twenty.page_texts()
    second_group = next(i for i, t in enumerate(pages) if "(tiếp theo)" in t)
    assert all("17/06" not in t for t in pages[:second_group])
    assert "17/06" in pages[second_group]
    for text in pages:
        assert "Họ và tên" in text and "STT" in text
    # the absence total closes the last group only, counting all twenty buổi
    assert "Số buổi vắng" not in "".join(pages[:second_group])
    last_table = twenty.tables(second_group)[0]
    assert _row(last_table, "Phạm Xuân Nga")[-1] == "20*"


def test_long_names_and_units_are_never_cut(samples, centre, read_pdf) -> None:
    for filled in (False, True):
        pdf = read_pdf(
            AttendanceSheetRenderer(centre, filled=filled).render(samples.attendance(3, 12, recorded=filled))
        )
        rows = [row for page in range(pdf.page_count) for table in pdf.tables(page) for row in table]
        row = _row(rows, samples.LONG_NAME)
        assert row[3] == samples.LONG_UNIT


def test_marks_must_match_sessions(samples, centre) -> None:
    data = samples.attendance(2, 4)
    bad = replace(data, rows=(replace(data.rows[0], marks=(X,)),))
    with pytest.raises(ValueError, match="1 marks for 4 sessions"):
        AttendanceSheetRenderer(centre, filled=True).render(bad)


def test_class_without_sessions_or_learners_renders(samples, centre, read_pdf) -> None:
    data = replace(samples.attendance(0, 0), rows=())
    pdf = read_pdf(AttendanceSheetRenderer(centre, filled=True).render(data))
    assert pdf.page_count == 1
    assert "Chưa có học viên." in pdf.text()


def test_blank_sheet_marks_buoi_before_enrolment_only(samples, centre, read_pdf) -> None:
    data = samples.attendance(6, 10)  # recorded marks: learner 5 (index 4) joined after two buổi
    pdf = read_pdf(AttendanceSheetRenderer(centre).render(data))
    table = [row for page in range(pdf.page_count) for t in pdf.tables(page) for row in t]
    late_joiner = _row(table, data.rows[4].learner.full_name)
    assert late_joiner[4:15] == ["–", "–"] + [""] * 9  # recorded statuses are not printed on the blank
    absent = _row(table, data.rows[3].learner.full_name)
    assert absent[4:15] == [""] * 11
    assert "chưa vào lớp ở buổi học đó, không phải ký" in pdf.flat_text()
    plain = read_pdf(AttendanceSheetRenderer(centre).render(samples.attendance(6, 10, recorded=False)))
    assert "không phải ký" not in plain.flat_text()


def test_present_count_is_blank_for_a_buoi_with_nothing_recorded(samples, centre, read_pdf) -> None:  # type: ignore[no-untyped-def]
    """A class still running: the last buổi are not held yet, so their "present" count is left empty
    rather than printed as 0."""
    data = samples.attendance(4, 6)
    rows = tuple(replace(r, marks=(*r.marks[:4], None, None)) for r in data.rows)
    pdf = read_pdf(AttendanceSheetRenderer(centre, filled=True).render(replace(data, rows=rows)))
    table = [row for page in range(pdf.page_count) for t in pdf.tables(page) for row in t]
    present = _row(table, "Số học viên có mặt")
    counts = present[4:10]  # label, three spanned cells, then one count per buổi
    assert all(c.isdigit() for c in counts[:4]) and counts[4:] == ["", ""]
