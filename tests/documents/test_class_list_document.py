"""Class list: portrait, one row per learner, header row on every page, total line."""

from __future__ import annotations

from trungtam_desktop.documents import ClassListRenderer
from trungtam_desktop.documents.class_list import total_line

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Đơn vị công tác", "Ghi chú"]


def test_120_learners_over_several_pages_with_the_header_row_on_each(samples, centre, read_pdf) -> None:
    data = samples.class_list(120)
    pdf = read_pdf(ClassListRenderer(centre).render(data))
    assert pdf.page_count >= 4
    assert set(pdf.page_sizes_mm()) == {(210, 297)}
    for page in range(pdf.page_count):
        tables = pdf.tables(page)
        if tables:
            assert tables[0][0] == HEADER, page
    rows = [row for page in range(pdf.page_count) for table in pdf.tables(page) for row in table[1:]]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 121)]
    assert [row[1] for row in rows] == [learner.full_name for learner in data.learners]
    assert "Danh sách có 120 học viên (nam: 80, nữ: 40)." in pdf.flat_text()


def test_row_content(samples, centre, read_pdf) -> None:
    data = samples.class_list(10)
    table = read_pdf(ClassListRenderer(centre).render(data)).tables(0)[0]
    assert table[1] == ["1", "Nguyễn Thị Mỵ", "1970", "Nữ", "Kinh", "UBND xã Hiệp Thạnh", ""]
    assert table[2][1:6] == [samples.LONG_NAME, "02/02/1971", "Nam", "Kinh", samples.LONG_UNIT]  # never cut
    assert table[5][6] == "Vào học muộn"


def test_total_line_counts_men_and_women(samples) -> None:
    assert total_line(samples.learners(4)) == "Danh sách có 4 học viên (nam: 2, nữ: 2)."
