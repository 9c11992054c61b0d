"""Results sheet: scores with a decimal comma, grade, eligibility, and the grade distribution."""

from __future__ import annotations

from dataclasses import replace

import pytest

from trungtam_desktop.documents import ResultRow, ResultsRenderer
from trungtam_desktop.documents.results import grade_distribution
from trungtam_desktop.domain.enums import Grade


def _rows(pdf) -> list[list[str]]:
    return [row for page in range(pdf.page_count) for table in pdf.tables(page) for row in table]


def test_one_component_is_portrait_and_several_are_landscape(samples, centre, read_pdf) -> None:
    assert set(read_pdf(ResultsRenderer(centre).render(samples.results(5, 1))).page_sizes_mm()) == {
        (210, 297)
    }
    assert set(read_pdf(ResultsRenderer(centre).render(samples.results(5, 3))).page_sizes_mm()) == {
        (297, 210)
    }
    forced = ResultsRenderer(centre, landscape=True).render(samples.results(5, 1))
    assert set(read_pdf(forced).page_sizes_mm()) == {(297, 210)}


def test_scores_grades_and_eligibility(samples, centre, read_pdf) -> None:
    data = samples.results(12, 3)
    rows = _rows(read_pdf(ResultsRenderer(centre).render(data)))
    header = rows[0]
    assert header[:4] == ["STT", "Họ và tên", "Ngày sinh", "Đơn vị"]
    assert header[4:7] == ["Kiểm tra lần 1 (30%)", "Kiểm tra lần 2 (30%)", "Bài thu hoạch cuối khóa (40%)"]
    assert header[7:] == ["Điểm tổng kết", "Xếp loại", "Đủ điều kiện cấp GCN", "Ghi chú"]
    my = next(r for r in rows if r[1] == samples.MY)
    first = data.rows[0]
    assert my[4:7] == [f"{s:.1f}".replace(".", ",") for s in first.scores]
    assert my[7] == f"{first.final_score:.1f}".replace(".", ",")
    assert my[8] == first.grade.label
    assert my[9] == ("Có" if first.eligible else "Không")
    assert next(r for r in rows if r[1] == samples.LONG_NAME)[3] == samples.LONG_UNIT


def test_grade_distribution_table(samples, centre, read_pdf) -> None:
    data = samples.results(40, 2)
    pdf = read_pdf(ResultsRenderer(centre).render(data))
    rows = _rows(pdf)
    start = rows.index(["Xếp loại", "Số học viên", "Tỷ lệ"])
    table = rows[start + 1 :]
    assert [r[0] for r in table] == ["Xuất sắc", "Giỏi", "Khá", "Trung bình", "Không đạt", "Tổng cộng"]
    counts = {g.label: sum(1 for r in data.rows if r.grade is g) for g in Grade}
    for label, count, share in table[:-1]:
        assert count == str(counts[label])
        assert share == f"{100 * counts[label] / 40:.1f}".replace(".", ",") + "%"
    assert table[-1] == ["Tổng cộng", "40", "100,0%"]
    assert "TỔNG HỢP KẾT QUẢ XẾP LOẠI" in pdf.text()
    eligible = sum(1 for r in data.rows if r.eligible)
    assert f"Số học viên đủ điều kiện cấp giấy chứng nhận: {eligible}/40." in pdf.flat_text()


def test_distribution_counts_learners_without_a_result(samples) -> None:
    rows = samples.results(4, 1).rows
    rows = (*rows[:3], replace(rows[3], grade=None, final_score=None))
    lines = grade_distribution(rows)
    assert lines[-1] == ("Chưa có kết quả", 1, 25.0)
    assert sum(n for _, n, _ in lines) == 4
    assert grade_distribution(()) == [(g.label, 0, 0.0) for g in Grade]


def test_missing_scores_print_blank(samples, centre, read_pdf) -> None:
    data = samples.results(1, 2)
    learner = data.rows[0].learner
    data = replace(data, rows=(ResultRow(learner, (8.5, None), None, None, None, None),))
    my = next(r for r in _rows(read_pdf(ResultsRenderer(centre).render(data))) if r[1] == samples.MY)
    assert my[4:9] == ["8,5", "", "", "", ""]


@pytest.mark.parametrize("count", [0, 130])
def test_empty_and_large_classes_render(samples, centre, read_pdf, count: int) -> None:
    pdf = read_pdf(ResultsRenderer(centre).render(samples.results(count, 2)))
    assert pdf.page_count >= (1 if count == 0 else 5)
    for page, text in enumerate(pdf.page_texts()):
        if pdf.tables(page):  # a page may hold only the closing lines and the signature
            assert "Họ và tên" in text or "Xếp loại" in text
    assert pdf.page_texts()[-1].rstrip().endswith("Nguyễn Văn Hùng")
