"""What the renderers print: frozen plain-Python records that the service layer fills.

Text fields hold the text as it should appear (the renderers normalise it to NFC and escape it). Rows are
printed in the order given, numbered 1, 2, 3... (STT) by the renderer, so the service sorts them the
Vietnamese way before handing them over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from trungtam_desktop.domain.enums import AttendanceStatus, Gender, Grade, HalfDay, PartyStatus
from trungtam_desktop.domain.grading import AttendanceTally


class NotEnrolled(Enum):
    """The mark of a buổi held before the learner joined the class (or after they withdrew): never counted
    as an absence."""

    NOT_ENROLLED = "chua_vao_hoc"


NOT_ENROLLED = NotEnrolled.NOT_ENROLLED

# One cell of the attendance grid: a recorded status, "not yet enrolled", or None (nothing recorded).
AttendanceMark = AttendanceStatus | NotEnrolled | None


@dataclass(frozen=True)
class Signer:
    """A signature block: the title lines (upper case; "\\n" separates "KT. GIÁM ĐỐC" from "PHÓ GIÁM ĐỐC")
    and the signer's name (may be empty: the clerk writes it by hand)."""

    title: str
    name: str = ""


@dataclass(frozen=True)
class IssueInfo:
    """How one printed document is issued.

    ``number`` is the full document number without "Số" ("12-DS/TTCT"; see ``party.document_number``);
    None prints no number line. ``issue_date`` None leaves the day, month and year blank for the pen.
    ``signer`` None signs as the centre's director. ``preparer`` (e.g. "NGƯỜI LẬP BIỂU") signs on the
    left; otherwise ``recipients`` (the "Nơi nhận:" list) go there.
    """

    number: str | None = None
    issue_date: date | None = None
    signer: Signer | None = None
    preparer: Signer | None = None
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassInfo:
    """The class a document is about."""

    class_name: str  # "Đợt 2/2024", "Khóa 86"
    programme_name: str  # "Bồi dưỡng nhận thức về Đảng"
    start_date: date
    end_date: date
    class_code: str = ""
    venue: str = ""
    homeroom_lecturer: str = ""
    co_organiser: str = ""


@dataclass(frozen=True)
class LearnerRow:
    """One learner as listed on a class document."""

    full_name: str
    birth: str = ""  # already written: "05/03/1990", or "1990" when only the year is known
    gender: Gender | None = None
    ethnicity: str = ""
    unit: str = ""  # đơn vị công tác
    party_status: PartyStatus | None = None
    position: str = ""  # chức vụ
    note: str = ""

    @property
    def birth_year(self) -> str:
        """The year part of ``birth`` ("1990"), for the narrow "Năm sinh" column."""
        return self.birth.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Session:
    """One buổi of a class's timetable (also a column of the attendance sheet)."""

    day: date
    half_day: HalfDay
    lesson_title: str = ""
    lecturer_name: str = ""
    tiet: int = 5
    note: str = ""


@dataclass(frozen=True)
class AttendanceRow:
    """One learner's line on the attendance sheet: one mark per session, in the sheet's session order.

    ``over_limit`` comes from the eligibility rule of the service; None lets the renderer apply the
    sheet's ``absence_limit`` fraction to the buổi the learner was enrolled for.
    """

    learner: LearnerRow
    marks: tuple[AttendanceMark, ...] = ()
    over_limit: bool | None = None


@dataclass(frozen=True)
class AttendanceSheetData:
    class_info: ClassInfo
    sessions: tuple[Session, ...]
    rows: tuple[AttendanceRow, ...]
    issue: IssueInfo = field(default_factory=IssueInfo)
    absence_limit: tuple[int, int] = (1, 3)  # at most 1/3 of the buổi may be missed


@dataclass(frozen=True)
class ClassListData:
    class_info: ClassInfo
    learners: tuple[LearnerRow, ...]
    issue: IssueInfo = field(default_factory=IssueInfo)


@dataclass(frozen=True)
class ComponentInfo:
    """An assessment component heading a column of the results sheet."""

    name: str  # "Kiểm tra 1", "Bài thu hoạch"
    weight_percent: int | None = None


@dataclass(frozen=True)
class ResultRow:
    """One learner's results: one score per component (None: not taken), in the sheet's component order."""

    learner: LearnerRow
    scores: tuple[float | None, ...] = ()
    final_score: float | None = None
    grade: Grade | None = None
    passed: bool | None = None
    eligible: bool | None = None  # đủ điều kiện cấp giấy chứng nhận
    note: str = ""


@dataclass(frozen=True)
class ResultsData:
    class_info: ClassInfo
    components: tuple[ComponentInfo, ...]
    rows: tuple[ResultRow, ...]
    issue: IssueInfo = field(default_factory=IssueInfo)


@dataclass(frozen=True)
class AttendanceSummaryRow:
    """One learner's attendance over the buổi they were expected at (a programme without scores)."""

    learner: LearnerRow
    attendance: AttendanceTally
    eligible: bool | None = None  # None: the programme gives no certificate

    @property
    def attended(self) -> int:
        return self.attendance.present + self.attendance.late

    @property
    def marked(self) -> int:
        return self.attendance.sessions - self.attendance.unmarked


@dataclass(frozen=True)
class AttendanceSummaryData:
    """The "results" of a class whose programme gives no scores: who attended how much."""

    class_info: ClassInfo
    sessions: int  # buổi in the timetable
    rows: tuple[AttendanceSummaryRow, ...]
    issue: IssueInfo = field(default_factory=IssueInfo)
    absence_limit: tuple[int, int] = (1, 3)


@dataclass(frozen=True)
class TimetableData:
    class_info: ClassInfo
    sessions: tuple[Session, ...]
    issue: IssueInfo = field(default_factory=IssueInfo)
