"""Sample data and PDF inspection helpers for the document tests (no Qt, no database)."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from trungtam_desktop.documents.inputs import (
    NOT_ENROLLED,
    AttendanceMark,
    AttendanceRow,
    AttendanceSheetData,
    ClassInfo,
    ClassListData,
    ComponentInfo,
    IssueInfo,
    LearnerRow,
    ResultRow,
    ResultsData,
    Session,
    TimetableData,
)
from trungtam_desktop.domain.enums import AttendanceStatus, Gender, Grade, HalfDay, PartyStatus
from trungtam_desktop.domain.models import CentreIdentity

MY = "Nguyễn Thị Mỵ"
LONG_NAME = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh"
LONG_UNIT = (
    "Chi bộ Thôn Đa Rờ Sa, Đảng bộ xã Hiệp Thạnh, Ban Chấp hành Đảng bộ huyện Đức Trọng, "
    "tỉnh Lâm Đồng (đơn vị phối hợp: Hội Liên hiệp Phụ nữ xã)"
)
_FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "K'Brơi",
    "Ka",
)
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quang", "Thu", "Xuân", "Thị Kim", "Văn Quốc")
_GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuấn",
    "Uyên",
    "Việt",
    "Yến",
    "Đông",
    "Ơn",
)
_UNITS = (
    "UBND xã Hiệp Thạnh",
    "Đoàn Thanh niên thị trấn Liên Nghĩa",
    "Trường THCS Nguyễn Trãi",
    "Hội Liên hiệp Phụ nữ xã Ninh Gia",
    "Chi bộ thôn Phú Trung, Đảng bộ xã Phú Hội",
    "Công an xã Tà Năng",
    "Hội Nông dân xã Đà Loan",
    "Trạm Y tế xã N'Thol Hạ",
)
_ETHNIC = ("Kinh", "Kinh", "Kinh", "K'Ho", "Kinh", "Chu Ru", "Tày")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def make_centre() -> CentreIdentity:
    return CentreIdentity(
        parent_body="HUYỆN ỦY ĐỨC TRỌNG",
        centre_name="TRUNG TÂM CHÍNH TRỊ",
        place_name="Đức Trọng",
        director_name="Nguyễn Văn Hùng",
        director_title="GIÁM ĐỐC",
        document_code="TTCT",
    )


def make_class_info() -> ClassInfo:
    return ClassInfo(
        class_name="Đợt 2/2024",
        programme_name="Bồi dưỡng nhận thức về Đảng",
        start_date=date(2024, 6, 10),
        end_date=date(2024, 6, 14),
        class_code="NTD-02-2024",
        venue="Hội trường Trung tâm chính trị huyện",
        homeroom_lecturer="Trần Thị Hạnh",
    )


def make_learners(count: int) -> tuple[LearnerRow, ...]:
    """``count`` learners; the first is Nguyễn Thị Mỵ, the second has a very long name and unit."""
    rows = []
    for i in range(count):
        if i == 0:
            name, unit = MY, _UNITS[0]
        elif i == 1:
            name, unit = LONG_NAME, LONG_UNIT
        else:
            name = f"{_FAMILY[i % len(_FAMILY)]} {_MIDDLE[(i * 7) % len(_MIDDLE)]} {_GIVEN[(i * 5) % len(_GIVEN)]}"
            unit = _UNITS[i % len(_UNITS)]
        birth = f"{(i % 28) + 1:02d}/{(i % 12) + 1:02d}/{1970 + i % 35}" if i % 9 else str(1970 + i % 35)
        rows.append(
            LearnerRow(
                full_name=name,
                birth=birth,
                gender=Gender.FEMALE if i % 3 == 0 else Gender.MALE,
                ethnicity=_ETHNIC[i % len(_ETHNIC)],
                unit=unit,
                party_status=PartyStatus.NONE,
                note="Vào học muộn" if i == 4 else "",
            )
        )
    return tuple(rows)


def make_sessions(count: int, start: date = date(2024, 6, 10)) -> tuple[Session, ...]:
    """``count`` buổi, morning and afternoon on weekdays from ``start``."""
    lessons = (
        "Bài 1: Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh",
        "Bài 2: Đảng Cộng sản Việt Nam",
        "Bài 3: Mục tiêu, lý tưởng của Đảng",
        "Bài 4: Điều lệ Đảng",
        "Bài 5: Phấn đấu trở thành đảng viên",
        "Thảo luận, ôn tập",
        "Viết bài thu hoạch",
    )
    lecturers = ("Trần Thị Hạnh", "Nguyễn Văn Hùng", "Lê Quang Đức (Phó Bí thư Thường trực Huyện ủy)")
    sessions, day = [], start
    while len(sessions) < count:
        if day.weekday() < 5:
            for half in (HalfDay.MORNING, HalfDay.AFTERNOON):
                if len(sessions) < count:
                    k = len(sessions)
                    sessions.append(
                        Session(day, half, lessons[k % len(lessons)], lecturers[k % len(lecturers)], 5)
                    )
        day += timedelta(days=1)
    return tuple(sessions)


def _mark(i: int, s: int) -> AttendanceMark:
    if i == 4 and s < 2:
        return NOT_ENROLLED
    if i % 17 == 3:  # a learner who misses a lot
        return AttendanceStatus.UNEXCUSED if s % 2 else AttendanceStatus.EXCUSED
    if (i + s) % 13 == 0:
        return AttendanceStatus.EXCUSED
    if (i + s) % 19 == 0:
        return AttendanceStatus.LATE
    return AttendanceStatus.PRESENT


def make_attendance(learners: int, sessions: int, *, recorded: bool = True) -> AttendanceSheetData:
    rows = tuple(
        AttendanceRow(learner, tuple(_mark(i, s) for s in range(sessions)) if recorded else ())
        for i, learner in enumerate(make_learners(learners))
    )
    return AttendanceSheetData(
        class_info=make_class_info(),
        sessions=make_sessions(sessions),
        rows=rows,
        issue=IssueInfo(issue_date=date(2024, 6, 14)),
    )


def make_class_list(count: int) -> ClassListData:
    return ClassListData(
        make_class_info(),
        make_learners(count),
        IssueInfo(
            number="15-DS/TTCT",
            issue_date=date(2024, 6, 10),
            recipients=("Ban Tuyên giáo Huyện ủy", "Lưu VP"),
        ),
    )


def make_results(count: int, components: int = 2) -> ResultsData:
    names = ("Kiểm tra lần 1", "Kiểm tra lần 2", "Bài thu hoạch cuối khóa", "Kiểm tra lần 3", "Thực tế")
    comps = tuple(ComponentInfo(names[i], 30 if i < components - 1 else 40) for i in range(components))
    rows = []
    for i, learner in enumerate(make_learners(count)):
        scores = tuple(round(4.5 + ((i * 7 + c * 3) % 55) / 10, 1) for c in range(components))
        final = round(sum(scores) / len(scores), 1) if scores else None
        grade = None
        if final is not None:
            grade = (
                Grade.EXCELLENT
                if final >= 9
                else Grade.VERY_GOOD
                if final >= 8
                else Grade.GOOD
                if final >= 7
                else Grade.AVERAGE
                if final >= 5
                else Grade.FAIL
            )
        passed = grade is not None and grade is not Grade.FAIL and min(scores) >= 5
        rows.append(ResultRow(learner, scores, final, grade, passed, passed and i % 17 != 3))
    return ResultsData(
        make_class_info(), comps, tuple(rows), IssueInfo(number="16-KQ/TTCT", issue_date=date(2024, 6, 14))
    )


def make_timetable(count: int) -> TimetableData:
    return TimetableData(
        make_class_info(), make_sessions(count), IssueInfo(number="12-LH/TTCT", issue_date=date(2024, 6, 3))
    )


# ---------------------------------------------------------------------------------------------------------
# Reading PDFs back
# ---------------------------------------------------------------------------------------------------------


@dataclass
class ReadPdf:
    """A rendered PDF opened for checking."""

    data: bytes

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    def page_texts(self) -> list[str]:
        """NFC text of each page, as pdfplumber extracts it."""
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            return [nfc(page.extract_text() or "") for page in pdf.pages]

    def raw_text(self) -> str:
        """Extracted text exactly as stored (not normalised): checks that the PDF itself holds NFC text."""
        return "\n".join(page.extract_text() or "" for page in self.reader.pages)

    def tables(self, page: int) -> list[list[list[str]]]:
        """The ruled tables of one page: rows of cell texts (NFC, lines joined by spaces, "" for spans).

        A cell's text is what lies inside its borders: text that overflowed or was cut would be missing.
        """
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            found = pdf.pages[page].extract_tables()
        return [[[" ".join(nfc(c or "").split()) for c in row] for row in table] for table in found]

    def text(self) -> str:
        return "\n".join(self.page_texts())

    def flat_text(self) -> str:
        """All text with line breaks as spaces (a wrapped name reads as one string)."""
        return " ".join(self.text().split())

    @property
    def page_count(self) -> int:
        return len(self.reader.pages)

    def page_sizes_mm(self) -> list[tuple[float, float]]:
        return [
            (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
            for p in self.reader.pages
        ]

    def fonts(self) -> Iterator[DictionaryObject]:
        """Every font dictionary used by a page (descendants of composite fonts included)."""
        for page in self.reader.pages:
            resources = page["/Resources"].get_object()
            font_dict = resources.get("/Font")
            if font_dict is None:
                continue
            for ref in font_dict.get_object().values():
                font = ref.get_object()
                yield font
                for descendant in font.get("/DescendantFonts", []):
                    yield descendant.get_object()


@pytest.fixture
def centre() -> CentreIdentity:
    return make_centre()


class Samples:
    """The sample builders, handed to tests through the ``samples`` fixture."""

    MY = MY
    LONG_NAME = LONG_NAME
    LONG_UNIT = LONG_UNIT

    centre = staticmethod(make_centre)
    class_info = staticmethod(make_class_info)
    learners = staticmethod(make_learners)
    sessions = staticmethod(make_sessions)
    attendance = staticmethod(make_attendance)
    class_list = staticmethod(make_class_list)
    results = staticmethod(make_results)
    timetable = staticmethod(make_timetable)


@pytest.fixture
def samples() -> type[Samples]:
    return Samples


@pytest.fixture
def read_pdf() -> type[ReadPdf]:
    return ReadPdf
