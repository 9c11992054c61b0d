"""Class documents from the database: the right people, marks and results, in the Party format."""

from __future__ import annotations

import io
import sqlite3
import unicodedata
from contextlib import closing

import pdfplumber
import pytest
from pypdf import PdfReader

from trungtam_desktop.documents.pdf_info import page_count
from trungtam_desktop.domain.errors import NotFoundError
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.vietnamese import person_sort_key
from trungtam_desktop.services.printing import (
    ClassDocument,
    ascii_file_part,
    default_file_name,
    document_title,
)
from trungtam_desktop.services.sample_class import FIRST_LEARNER, SampleClass, SampleClassService

CENTRE = CentreIdentity(
    parent_body="ĐẢNG ỦY XÃ HIỆP THẠNH",
    centre_name="TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG",
    place_name="Hiệp Thạnh",
    director_name="Lê Quang Đức",
    director_title="GIÁM ĐỐC",
    document_code="TTCT",
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Pdf:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))

    @property
    def pages(self) -> int:
        return len(self.reader.pages)

    def text(self) -> str:
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            return nfc("\n".join(page.extract_text() or "" for page in pdf.pages))

    def flat(self) -> str:
        return " ".join(self.text().split())

    def rows(self) -> list[list[str]]:
        """Every row of every ruled table, cell texts on one line."""
        rows = []
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            for page in pdf.pages:
                for table in page.extract_tables():
                    rows += [[" ".join(nfc(c or "").split()) for c in row] for row in table]
        return rows

    def row_of(self, name: str) -> list[str]:
        return next(row for row in self.rows() if name in row)

    def sizes_mm(self) -> set[tuple[int, int]]:
        return {
            (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
            for p in self.reader.pages
        }

    def fonts(self) -> list[dict]:  # type: ignore[type-arg]
        found = []
        for page in self.reader.pages:
            for ref in page["/Resources"].get_object().get("/Font", {}).values():
                font = ref.get_object()
                found.append(font)
                found += [d.get_object() for d in font.get("/DescendantFonts", [])]
        return found


@pytest.fixture
def sample(services) -> SampleClass:  # type: ignore[no-untyped-def]
    services.settings.save_centre(CENTRE)
    return SampleClassService(services.context).create_sample_class("NTVD-2024-15")


def test_filled_attendance_sheet_has_names_headers_and_centre(services, sample) -> None:  # type: ignore[no-untyped-def]
    pdf = Pdf(services.class_documents.attendance_sheet(sample.class_id, blank=False))
    assert pdf.sizes_mm() == {(297, 210)}
    text = pdf.flat()
    for expected in (
        "ĐẢNG ỦY XÃ HIỆP THẠNH",
        "TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hiệp Thạnh, ngày 14 tháng 06 năm 2024",  # the place from the settings, the class's last day
        "DANH SÁCH ĐIỂM DANH HỌC VIÊN",
        "Lớp mẫu NTVD-2024-15",  # the class's own name says what it is
        "GIẢNG VIÊN CHỦ NHIỆM LỚP",
        "Trần Thị Hạnh",
        "GIÁM ĐỐC",
        "Lê Quang Đức",
    ):
        assert expected in text, expected
    header = pdf.rows()[0]
    assert header[:4] == ["STT", "Họ và tên", "Năm sinh", "Đơn vị"] and header[-1] == "Số buổi vắng"
    for name in sample.learner_names:
        assert name in text
    assert pdf.row_of(sample.absentee)[-1].endswith("*")  # five of ten buổi missed: over 1/3


def test_late_joiner_is_not_absent_before_enrolling(services, sample) -> None:  # type: ignore[no-untyped-def]
    filled = Pdf(services.class_documents.attendance_sheet(sample.class_id, blank=False))
    row = filled.row_of(sample.late_joiner)
    marks = row[4:-1]
    assert marks[:2] == ["–", "–"]  # the first day's two buổi, before the enrolment
    assert "–" not in marks[2:]
    assert row[-1] == str(sum(1 for m in marks if m in ("P", "K")))
    blank = Pdf(services.class_documents.attendance_sheet(sample.class_id, blank=True))
    assert blank.row_of(sample.late_joiner)[4:6] == ["–", "–"]
    assert blank.row_of(FIRST_LEARNER)[4:-1] == [""] * sample.session_count
    assert "không phải ký" in blank.flat()


def test_withdrawn_learner_is_on_the_record_but_not_on_the_sign_in_sheet(services, sample) -> None:  # type: ignore[no-untyped-def]
    filled = Pdf(services.class_documents.attendance_sheet(sample.class_id, blank=False))
    marks = filled.row_of(sample.withdrawn)[4:-1]
    assert marks[-1] == "–" and marks[0] != "–"  # no longer expected after withdrawing
    blank = Pdf(services.class_documents.attendance_sheet(sample.class_id, blank=True))
    assert sample.withdrawn not in blank.flat()
    class_list = Pdf(services.class_documents.class_list(sample.class_id))
    assert "Thôi học ngày" in " ".join(class_list.row_of(sample.withdrawn))


def test_absences_exactly_at_the_limit_are_not_marked(services, sample, opened) -> None:  # type: ignore[no-untyped-def]
    """Three of ten buổi missed is within 1/3; a fourth goes over."""
    with closing(sqlite3.connect(opened.paths.database)) as conn, conn:
        enrolment = conn.execute(
            "SELECT e.id FROM enrolment e JOIN learner l ON l.id = e.learner_id "
            "WHERE e.class_id = ? AND l.full_name = ?",
            (sample.class_id, FIRST_LEARNER),
        ).fetchone()[0]
        conn.execute("UPDATE attendance SET status = 'co_mat' WHERE enrolment_id = ?", (enrolment,))
        conn.execute(
            "UPDATE attendance SET status = 'vang_khong_phep' WHERE enrolment_id = ? AND session_id IN "
            "(SELECT session_id FROM attendance WHERE enrolment_id = ? ORDER BY session_id LIMIT 3)",
            (enrolment, enrolment),
        )
    row = Pdf(services.class_documents.attendance_sheet(sample.class_id, blank=False)).row_of(FIRST_LEARNER)
    assert row[-1] == "3"
    results = Pdf(services.class_documents.results(sample.class_id))
    assert "Vắng quá" not in " ".join(results.row_of(FIRST_LEARNER))
    with closing(sqlite3.connect(opened.paths.database)) as conn, conn:
        conn.execute(
            "UPDATE attendance SET status = 'vang_co_phep' WHERE enrolment_id = ? AND status = 'co_mat' "
            "AND session_id = (SELECT max(session_id) FROM attendance WHERE enrolment_id = ?)",
            (enrolment, enrolment),
        )
    row = Pdf(services.class_documents.attendance_sheet(sample.class_id, blank=False)).row_of(FIRST_LEARNER)
    assert row[-1] == "4*"


def test_more_than_twelve_buoi_add_pages(services) -> None:  # type: ignore[no-untyped-def]
    maker = SampleClassService(services.context)
    short = maker.create_sample_class("NGAN-01", learners=12, sessions=10)
    wide = maker.create_sample_class("DAI-01", learners=12, sessions=16)
    documents = services.class_documents
    for blank in (True, False):
        short_pdf = Pdf(documents.attendance_sheet(short.class_id, blank=blank))
        wide_pdf = Pdf(documents.attendance_sheet(wide.class_id, blank=blank))
        assert wide_pdf.pages > short_pdf.pages
        assert wide_pdf.sizes_mm() == {(297, 210)}
        assert "(tiếp theo)" in wide_pdf.text() and "(tiếp theo)" not in short_pdf.text()


def test_class_list_is_in_vietnamese_order(services, sample) -> None:  # type: ignore[no-untyped-def]
    pdf = Pdf(services.class_documents.class_list(sample.class_id))
    listed = [row[1] for row in pdf.rows() if row and row[0].isdigit()]
    assert sorted(listed, key=person_sort_key) == listed
    assert set(listed) == set(sample.learner_names)
    assert pdf.sizes_mm() == {(210, 297)}
    assert f"Danh sách có {len(sample.learner_names)} học viên" in pdf.flat()


def test_results_sheet_uses_stored_results_and_eligibility(services, sample) -> None:  # type: ignore[no-untyped-def]
    pdf = Pdf(services.class_documents.results(sample.class_id))
    text = pdf.flat()
    assert "BẢNG ĐIỂM" in text and "TỔNG HỢP KẾT QUẢ XẾP LOẠI" in text
    header = ["Bài thu hoạch (100%)", "Điểm tổng kết", "Xếp loại", "Đủ điều kiện cấp GCN", "Ghi chú"]
    assert pdf.rows()[0][4:] == header
    assert pdf.sizes_mm() == {(297, 210)}  # landscape: the notes need their column
    absentee = pdf.row_of(sample.absentee)
    assert absentee[-2] == "Không" and "Vắng quá 1/3 (5/10 buổi)" in absentee[-1]
    withdrawn = pdf.row_of(sample.withdrawn)
    assert withdrawn[4] == "" and withdrawn[-2] == "Không" and "Thôi học ngày" in withdrawn[-1]
    first = pdf.row_of(FIRST_LEARNER)
    assert first[4] == first[5] and "," in first[5]  # one component: the final score is its score
    assert first[-2] == "Có"
    eligible = len(sample.learner_names) - 2
    assert f"Số học viên đủ điều kiện cấp giấy chứng nhận: {eligible}/{len(sample.learner_names)}" in text


def test_timetable_lists_buoi_with_lessons_and_lecturer(services, sample) -> None:  # type: ignore[no-untyped-def]
    pdf = Pdf(services.class_documents.timetable(sample.class_id))
    text = pdf.flat()
    assert "LỊCH HỌC" in text and pdf.rows()[1][0] == "Thứ Hai, 10/06/2024"
    assert "Chủ nghĩa Mác - Lênin" in text and "Trần Thị Hạnh" in text
    assert "Tổng số: 10 buổi, 50 tiết." in text
    sessions = [row for row in pdf.rows() if row and row[1] in ("Sáng", "Chiều")]
    assert [row[1] for row in sessions] == ["Sáng", "Chiều"] * 5


def test_every_document_embeds_its_fonts_and_counts_pages(services, sample) -> None:  # type: ignore[no-untyped-def]
    for kind in ClassDocument:
        for blank in (True, False):
            data = services.class_documents.render(kind, sample.class_id, blank=blank)
            pdf = Pdf(data)
            assert page_count(data) == pdf.pages >= 1
            fonts = pdf.fonts()
            assert fonts
            for font in fonts:
                if font.get("/Subtype") == "/Type0":
                    continue  # its descendant carries the descriptor
                descriptor = font["/FontDescriptor"].get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font
            raw = "".join(page.extract_text() for page in pdf.reader.pages)  # not normalised here
            assert "TRUNG TÂM CHÍNH TRỊ" in raw and unicodedata.is_normalized("NFC", raw)


def test_unknown_class_is_refused_in_vietnamese(services) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="Không tìm thấy lớp"):
        services.class_documents.class_list(987654)


def test_file_names_and_titles() -> None:
    assert default_file_name(ClassDocument.ATTENDANCE, "NTVD-2024-15") == "Diem danh - NTVD-2024-15.pdf"
    assert default_file_name(ClassDocument.ATTENDANCE, "X", blank=True) == "Diem danh de ky - X.pdf"
    assert default_file_name(ClassDocument.RESULTS, "Đợt 2/2024") == "Bang diem - Dot 2-2024.pdf"
    assert ascii_file_part('Lớp "Đặc biệt": Khóa 86?') == "Lop -Dac biet-- Khoa 86-"
    assert ascii_file_part(" Đợt 1 … ") == "Dot 1 -"
    assert document_title(ClassDocument.ATTENDANCE, blank=True) == "Danh sách điểm danh (bản để ký)"
    assert document_title(ClassDocument.TIMETABLE) == "Lịch học"


def test_a_new_empty_class_prints_every_document(services) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from trungtam_desktop.domain.models import TrainingClass

    programme = services.programmes.list()[0]
    klass = services.classes.create(
        TrainingClass(programme.id, "MOI-01", "Khóa 90", date(2024, 6, 10), date(2024, 7, 10))
    )
    documents = services.class_documents
    assert "Chưa có học viên." in Pdf(documents.attendance_sheet(klass.id, blank=True)).flat()
    assert "Chưa có học viên." in Pdf(documents.class_list(klass.id)).flat()
    results = Pdf(documents.results(klass.id)).flat()
    assert "Chưa có học viên." in results and "NGƯỜI LẬP BIỂU" in results  # no homeroom lecturer
    assert "Chưa xếp lịch học." in Pdf(documents.timetable(klass.id)).flat()
