"""Issue 16, class documents: dated by the class (never today), the results of a programme without scores,
subtitles an official would write, one page-number convention, balanced attendance blocks."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from tests.classwork_builder import build_class
from tests.documents.conftest import ReadPdf
from trungtam_desktop.cli import main
from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.enums import AttendanceStatus
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.services.printing import ClassDocument

# build_class: 10 buổi from Monday 10/06/2024 (Sunday skipped): the class runs 10/06 – 14/06/2024
START, END = "ngày 10 tháng 06 năm 2024", "ngày 14 tháng 06 năm 2024"


def _flat(pdf: bytes) -> str:
    return " ".join(ReadPdf(pdf).flat_text().split())


@pytest.fixture
def built(opened):  # type: ignore[no-untyped-def]
    return build_class(opened.database, learners=4, sessions=10)


# -- 5. dated by the class, or as the clerk says -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "blank", "expected"),
    [
        (ClassDocument.CLASS_LIST, False, START),
        (ClassDocument.ATTENDANCE, True, START),
        (ClassDocument.TIMETABLE, False, START),
        (ClassDocument.ATTENDANCE, False, END),
        (ClassDocument.RESULTS, False, END),
    ],
)
def test_documents_are_dated_by_the_class_not_today(services, built, kind, blank, expected) -> None:  # type: ignore[no-untyped-def]
    services.context.today = lambda: date(2026, 12, 4)  # printed two years later
    text = _flat(services.class_documents.render(kind, built.class_id, blank=blank))
    assert f"Đức Trọng, {expected}" in text
    assert "năm 2026" not in text
    about = services.class_documents.describe(kind, built.class_id, blank=blank)
    assert about.rule_date == (date(2024, 6, 10) if expected == START else date(2024, 6, 14))


def test_the_clerk_may_set_the_date_or_leave_it_for_the_pen(services, built) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.services.printing import IssueDate

    documents = services.class_documents
    dated = documents.render(ClassDocument.CLASS_LIST, built.class_id, dated=IssueDate(day=date(2024, 6, 7)))
    assert "Đức Trọng, ngày 07 tháng 06 năm 2024" in _flat(dated)
    by_hand = _flat(documents.render(ClassDocument.RESULTS, built.class_id, dated=IssueDate(by_hand=True)))
    assert re.search(r"Đức Trọng, ngày\s+tháng\s+năm 2024", by_hand)
    assert IssueDate.parse("trong") == IssueDate(by_hand=True) == IssueDate.parse("Trống")
    assert IssueDate.parse(None) == IssueDate()
    with pytest.raises(ValidationError, match="Ngày ghi trên tài liệu"):
        IssueDate.parse("31/02/2024")


def test_print_command_takes_a_date(data_paths, opened, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-77", learners=3, sessions=4)
    root = str(data_paths.root)
    out = tmp_path / "ds.pdf"
    args = ["print", "class-list", "--class", built.code, "--out", str(out), "--data-dir", root]
    assert main([*args, "--date", "05/06/2024"]) == 0
    assert "Đức Trọng, ngày 05 tháng 06 năm 2024" in _flat(out.read_bytes())
    assert "ngày 05/06/2024" in capsys.readouterr().out
    assert main([*args, "--date", "trong"]) == 0
    assert "để trống ngày cho ghi tay" in capsys.readouterr().out
    assert main(args) == 0
    assert "Đức Trọng, ngày 10 tháng 06 năm 2024" in _flat(out.read_bytes())
    assert main([*args, "--date", "32/13/2024"]) == 1
    assert "Ngày ghi trên tài liệu" in capsys.readouterr().err


# -- 6. a programme without assessment: the attendance summary, or the reason ----------------------------


def test_results_of_a_briefing_are_its_attendance(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="HNQT-2024-77", programme_code="HNQT", learners=5, sessions=2)
    documents = services.class_documents
    with pytest.raises(ValidationError, match=r"không chấm điểm.*chưa điểm danh"):
        documents.results(built.class_id)  # nothing recorded: refused with the reason
    marks = {(e, s): AttendanceStatus.PRESENT for e in built.enrolment_ids for s in built.session_ids}
    marks[(built.enrolment_ids[0], built.session_ids[1])] = AttendanceStatus.UNEXCUSED
    services.attendance.set_marks(built.class_id, marks)
    text = _flat(documents.results(built.class_id))
    assert "BẢNG TỔNG HỢP CHUYÊN CẦN" in text and "BẢNG ĐIỂM" not in text
    assert "Tỷ lệ có mặt chung: 90,0% (9/10 lượt buổi đã điểm danh)." in text
    assert "Chưa có kết quả" not in text and "Điểm tổng kết" not in text
    assert "50,0%" in text  # the learner who missed one buổi of two
    about = documents.describe(ClassDocument.RESULTS, built.class_id)
    assert about.title == "Bảng tổng hợp chuyên cần" and not about.assessed
    assert about.file_name == "Bang tong hop chuyen can - HNQT-2024-77.pdf"


# -- 7. subtitles as an official writes them -------------------------------------------------------------


def test_subtitles_read_as_one_official_phrase(services, opened) -> None:  # type: ignore[no-untyped-def]
    graded = build_class(opened.database, code="NTVD-2024-78", learners=2, sessions=2)
    briefing = build_class(opened.database, code="HNQT-2024-78", programme_code="HNQT", learners=2, sessions=2)
    update = build_class(opened.database, code="CNKT-2024-78", programme_code="CNKT", learners=2, sessions=2)
    with opened.database.write_sessions.begin() as session:
        for class_id, name in (
            (graded.class_id, "Đợt 3/2024"),
            (briefing.class_id, "Đợt 2/2024"),
            (update.class_id, "Cập nhật kiến thức cho cán bộ diện Ban Thường vụ quản lý"),
        ):
            session.get(orm.TrainingClass, class_id).name = name
    services.attendance.set_marks(
        briefing.class_id,
        {(e, s): AttendanceStatus.PRESENT for e in briefing.enrolment_ids for s in briefing.session_ids},
    )
    documents = services.class_documents
    expected = {
        graded.class_id: "Lớp bồi dưỡng nhận thức về Đảng đợt 3/2024",
        briefing.class_id: "Hội nghị quán triệt nghị quyết đợt 2/2024",
        update.class_id: "Lớp cập nhật kiến thức cho cán bộ diện Ban Thường vụ quản lý",
    }
    for class_id, heading in expected.items():
        for kind in (ClassDocument.CLASS_LIST, ClassDocument.TIMETABLE, ClassDocument.RESULTS):
            if kind is ClassDocument.RESULTS and class_id == update.class_id:
                continue  # no attendance recorded: refused (test above)
            text = _flat(documents.render(kind, class_id))
            assert heading in text, (kind, heading)
            for awkward in ("Kết quả học tập lớp", "Lớp Hội nghị", "Lớp Cập nhật", "Lớp Bồi dưỡng"):
                assert awkward not in text, (kind, awkward)


# -- 8. one page-number convention ------------------------------------------------------------------------


def test_every_class_document_numbers_pages_the_same_way(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-79", learners=60, sessions=10)
    documents = services.class_documents
    for kind, blank in [
        (ClassDocument.ATTENDANCE, True),
        (ClassDocument.ATTENDANCE, False),
        (ClassDocument.CLASS_LIST, False),
        (ClassDocument.RESULTS, False),
    ]:
        pdf = documents.render(kind, built.class_id, blank=blank)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            assert len(document.pages) > 1, kind
            for number, page in enumerate(document.pages, start=1):
                top = [w["text"] for w in page.extract_words() if w["top"] < 20 * 72 / 25.4]
                assert top == ([] if number == 1 else [str(number)]), (kind, blank, number, top)


# -- 9. balanced attendance blocks -----------------------------------------------------------------------


def test_a_long_grid_is_cut_into_even_blocks_and_pages(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="SCLLCT-2024-79", programme_code="SCLLCT", learners=44, sessions=53)
    services.attendance.set_marks(
        built.class_id,
        {(e, s): AttendanceStatus.PRESENT for e in built.enrolment_ids for s in built.session_ids},
    )
    pdf = services.class_documents.attendance_sheet(built.class_id, blank=False)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        blocks: list[list[int]] = []  # per block, the number of learner rows on each of its pages
        buoi: list[int] = []
        for page in document.pages:
            text = page.extract_text() or ""
            caption = re.search(r"Buổi (\d+) đến buổi (\d+)", text)
            if caption:
                buoi.append(int(caption.group(2)) - int(caption.group(1)) + 1)
                blocks.append([])
            rows = [w for w in page.extract_words() if w["x0"] < 100 and w["text"].isdigit() and w["top"] > 60]
            blocks[-1].append(len(rows))
    assert sum(buoi) == 53 and max(buoi) - min(buoi) <= 2, buoi  # 53 buổi of two a day: 12/10/10/10/11
    for pages in blocks:
        # the block's learners are shared among its pages: never a page of one row and the totals
        later = pages[1:] if len(pages) > 1 else pages
        assert min(later) >= 5, blocks
