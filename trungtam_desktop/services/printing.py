"""The printed sheets of one class: attendance sheet (blank or filled), class list, results, timetable.

Each method reads what its document needs in one read transaction (:mod:`class_snapshot`), maps it to the
renderers' input records and renders after the transaction has ended. Absence and eligibility rules come
from :mod:`trungtam_desktop.domain.grading`; results are the ones stored on the enrolments.

Who is printed where:

- the blank attendance sheet lists the learners still studying (a learner who withdrew has nothing to
  sign); a buổi before a learner enrolled (or after they withdrew) shows "–", not a box to sign;
- the filled sheet, the class list and the results sheet list everyone enrolled, a withdrawn learner with
  "Thôi học ngày dd/mm/yyyy" in the note, so that the record is complete.

How a document is dated (never "today": a sheet reprinted two years later must read as it did):

- the documents a class opens with, the class list, the blank attendance sheet to sign and the timetable,
  are dated by the class's first day (ngày khai giảng);
- the documents of its outcome, the filled attendance sheet and the results sheet, by its last day;
- the clerk may set another day, or leave "ngày … tháng … năm" to fill by hand (:class:`IssueDate`; the
  preview window's date bar, ``print --date dd/mm/yyyy`` or ``--date trong``).

They are dated at the place named in the centre settings and signed by the director (title and name from
the settings); the attendance and results sheets are prepared by the homeroom lecturer when the class has
one, else by "NGƯỜI LẬP BIỂU".

A programme that gives no scores (a briefing, a knowledge update) has no results sheet to print: its
"results" document is the attendance summary (:mod:`trungtam_desktop.documents.attendance_summary`),
what such a class has to show (attendance per learner and the class's rate); before any attendance is
recorded it is refused with the reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from trungtam_desktop import documents  # renderers load on first use
from trungtam_desktop.db import models as orm
from trungtam_desktop.documents import (
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
    Signer,
    TimetableData,
)
from trungtam_desktop.documents.inputs import AttendanceSummaryData, AttendanceSummaryRow
from trungtam_desktop.domain.enums import CertificateKind, LabelledEnum
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.grading import Outcome, certificate_eligibility, tally
from trungtam_desktop.domain.vietnamese import clean_text, fold, format_birth, format_date, parse_date
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.class_snapshot import ClassSnapshot, EnrolledLearner, load_class_snapshot
from trungtam_desktop.services.guards import class_row

PREPARER_HOMEROOM = "GIẢNG VIÊN CHỦ NHIỆM LỚP"
PREPARER_CLERK = "NGƯỜI LẬP BIỂU"
RECIPIENTS = ("Lưu VP",)
_FORBIDDEN_IN_FILE_NAMES = str.maketrans(dict.fromkeys('<>:"/\\|?*', "-"))


class ClassDocument(LabelledEnum):
    """A printed sheet of one class; the value is its name on the command line."""

    ATTENDANCE = "attendance", "Danh sách điểm danh"
    CLASS_LIST = "class-list", "Danh sách học viên"
    RESULTS = "results", "Bảng điểm"
    TIMETABLE = "timetable", "Lịch học"


def document_title(kind: ClassDocument, *, blank: bool = False, assessed: bool = True) -> str:
    """The document's Vietnamese name for window titles and messages (``assessed`` False: the class's
    programme gives no scores, and its "results" are the attendance summary)."""
    if kind is ClassDocument.RESULTS and not assessed:
        return SUMMARY_TITLE
    return f"{kind.label} (bản để ký)" if kind is ClassDocument.ATTENDANCE and blank else kind.label


class DatedBy(LabelledEnum):
    """Which day of the class dates a document by default."""

    START = "start", "ngày khai giảng"
    END = "end", "ngày kết thúc lớp"


def dated_by(kind: ClassDocument, *, blank: bool = False) -> DatedBy:
    """The rule of the module's description: the opening documents by the first day, the outcome's by the
    last."""
    if kind is ClassDocument.RESULTS or (kind is ClassDocument.ATTENDANCE and not blank):
        return DatedBy.END
    return DatedBy.START


def rule_date(kind: ClassDocument, start: date, end: date, *, blank: bool = False) -> date:
    return end if dated_by(kind, blank=blank) is DatedBy.END else start


@dataclass(frozen=True)
class IssueDate:
    """The date a class document carries: by the rule (the default), ``day``, or blank for the pen."""

    day: date | None = None
    by_hand: bool = False

    def resolve(self, rule: date) -> date | None:
        """The date to print (None: "ngày … tháng … năm" for the pen)."""
        if self.by_hand:
            return None
        return self.day or rule

    @classmethod
    def parse(cls, text: str | None) -> IssueDate:
        """``--date``: "dd/mm/yyyy", or "trong"/"trống"/"-" for the pen; nothing: the rule."""
        if text is None or not text.strip():
            return cls()
        if fold(text) in BY_HAND_WORDS:
            return cls(by_hand=True)
        return cls(day=parse_date(text, "date", "Ngày ghi trên tài liệu"))


BY_HAND_WORDS = frozenset(("trong", "-", "de trong", "ghi tay"))
SUMMARY_TITLE = "Bảng tổng hợp chuyên cần"


def ascii_file_part(text: str) -> str:
    """``text`` without diacritics ("Điểm danh" -> "Diem danh") and without characters Windows forbids.

    File names stay ASCII because they travel: zipped, e-mailed, copied to USB sticks and print shops,
    where older tools still mangle Vietnamese file names.
    """
    text = clean_text(text).replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    ascii_only = "".join(c if c.isascii() and c.isprintable() else "-" for c in bare)
    return ascii_only.translate(_FORBIDDEN_IN_FILE_NAMES).strip(" .")


_FILE_STEMS = {
    ClassDocument.ATTENDANCE: "Diem danh",
    ClassDocument.CLASS_LIST: "Danh sach hoc vien",
    ClassDocument.RESULTS: "Bang diem",
    ClassDocument.TIMETABLE: "Lich hoc",
}


def default_file_name(
    kind: ClassDocument, class_code: str, *, blank: bool = False, assessed: bool = True
) -> str:
    """The file name offered when saving: "Diem danh - NTVD-2024-15.pdf" ("Diem danh de ky - ..." blank)."""
    stem = "Diem danh de ky" if kind is ClassDocument.ATTENDANCE and blank else _FILE_STEMS[kind]
    if kind is ClassDocument.RESULTS and not assessed:
        stem = ascii_file_part(SUMMARY_TITLE)
    code = ascii_file_part(class_code)
    return f"{stem} - {code}.pdf" if code else f"{stem}.pdf"


def _class_info(s: ClassSnapshot) -> ClassInfo:
    return ClassInfo(
        class_name=s.name,
        programme_name=s.programme_name,
        start_date=s.start_date,
        end_date=s.end_date,
        class_code=s.code,
        venue=s.venue,
        homeroom_lecturer=s.homeroom_lecturer,
        co_organiser=s.co_organiser,
    )


def _learner_note(x: EnrolledLearner) -> str:
    if x.withdrawn:
        return f"Thôi học ngày {format_date(x.withdrawn_on)}" if x.withdrawn_on else "Thôi học"
    return x.note


def _learner_row(x: EnrolledLearner, note: str | None = None) -> LearnerRow:
    return LearnerRow(
        full_name=x.full_name,
        birth=format_birth(x.birth_date, x.birth_year),
        gender=x.gender,
        ethnicity=x.ethnicity,
        unit=x.unit,
        party_status=x.party_status,
        position=x.position,
        note=_learner_note(x) if note is None else note,
    )


def _sessions(s: ClassSnapshot) -> tuple[Session, ...]:
    return tuple(
        Session(line.day, line.half_day, line.title, line.lecturer_name, line.tiet) for line in s.sessions
    )


def _over_limit(s: ClassSnapshot, x: EnrolledLearner) -> bool:
    """Absences over the programme's limit, counted over the buổi the learner was expected at."""
    attendance = tally(s.marks_of(x))
    return s.absence_limit.exceeded(attendance.absences, attendance.sessions)


def attendance_data(s: ClassSnapshot, *, blank: bool, issue: IssueInfo) -> AttendanceSheetData:
    """The sheet's rows: one mark per buổi, "not enrolled" for a buổi outside the learner's enrolment."""
    rows = []
    for x in s.learners:
        if blank and x.withdrawn:
            continue
        marks: tuple[AttendanceMark, ...] = tuple(
            (None if blank else s.marks.get((x.enrolment_id, line.id)))
            if x.expected_at(line.day)
            else NOT_ENROLLED
            for line in s.sessions
        )
        rows.append(AttendanceRow(_learner_row(x), marks, None if blank else _over_limit(s, x)))
    limit = (s.absence_limit.numerator, s.absence_limit.denominator)
    return AttendanceSheetData(_class_info(s), _sessions(s), tuple(rows), issue, limit)


def _result_row(s: ClassSnapshot, x: EnrolledLearner) -> ResultRow:
    scores = tuple(s.scores.get((x.enrolment_id, c.id)) for c in s.components)  # type: ignore[arg-type]
    result = Outcome(x.final_score, x.grade, x.passed) if x.final_score is not None else None
    attendance = tally(s.marks_of(x))
    eligible: bool | None = None
    if s.certificate_kind is not CertificateKind.NONE:
        eligible = certificate_eligibility(
            attendance, s.absence_limit, result, withdrawn=x.withdrawn, assessed=bool(s.components)
        ).eligible
    # The note explains what the row does not show by itself: withdrawal, late enrolment, absences.
    notes = [_learner_note(x)]
    if s.absence_limit.exceeded(attendance.absences, attendance.sessions):
        limit, absent, held = s.absence_limit, attendance.absences, attendance.sessions
        notes.append(f"Vắng quá {limit.numerator}/{limit.denominator} ({absent}/{held} buổi)")
    note = "; ".join(n for n in notes if n)
    return ResultRow(_learner_row(x, note), scores, x.final_score, x.grade, x.passed, eligible, note)


def results_data(s: ClassSnapshot, issue: IssueInfo) -> ResultsData:
    components = tuple(ComponentInfo(c.name, c.weight_percent) for c in s.components)
    rows = tuple(_result_row(s, x) for x in s.learners)
    return ResultsData(_class_info(s), components, rows, issue)


def attendance_summary_data(s: ClassSnapshot, issue: IssueInfo) -> AttendanceSummaryData:
    """Attendance per learner over the buổi they were expected at, for a programme with no scores."""
    rows = []
    for x in s.learners:
        attendance = tally(s.marks_of(x))
        eligible: bool | None = None
        if s.certificate_kind is not CertificateKind.NONE:
            eligible = certificate_eligibility(
                attendance, s.absence_limit, None, withdrawn=x.withdrawn, assessed=False
            ).eligible
        notes = [_learner_note(x)]
        if s.absence_limit.exceeded(attendance.absences, attendance.sessions):
            limit = s.absence_limit
            notes.append(f"Vắng quá {limit.numerator}/{limit.denominator}")
        note = "; ".join(n for n in notes if n)
        rows.append(AttendanceSummaryRow(_learner_row(x, note), attendance, eligible))
    limit = (s.absence_limit.numerator, s.absence_limit.denominator)
    return AttendanceSummaryData(_class_info(s), len(s.sessions), tuple(rows), issue, limit)


@dataclass(frozen=True)
class ClassDocumentInfo:
    """What a class document will be, before it is made: its name, file name and default date."""

    title: str
    file_name: str
    rule_date: date
    dated_by: DatedBy
    assessed: bool


class ClassDocumentService(Service):
    """Renders the sheets of one class to PDF bytes (no Qt; the preview window shows them)."""

    def describe(self, kind: ClassDocument, class_id: int, *, blank: bool = False) -> ClassDocumentInfo:
        """The document's title, file name and the date it carries unless told otherwise."""
        with self._read() as session:
            klass = class_row(session, class_id)
            assessed = _assessed(session, klass.programme_id)
            code, start, end = klass.code, klass.start_date, klass.end_date
        return ClassDocumentInfo(
            document_title(kind, blank=blank, assessed=assessed),
            default_file_name(kind, code, blank=blank, assessed=assessed),
            rule_date(kind, start, end, blank=blank),
            dated_by(kind, blank=blank),
            assessed,
        )

    def attendance_sheet(self, class_id: int, *, blank: bool, dated: IssueDate = IssueDate()) -> bytes:
        """Blank sign-in sheet, or the sheet filled from recorded attendance (A4 landscape)."""
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id, marks=not blank)
        kind = ClassDocument.ATTENDANCE
        issue = self._issue(snapshot, dated, rule_date(kind, *_dates(snapshot), blank=blank), prepared=True)
        data = attendance_data(snapshot, blank=blank, issue=issue)
        return documents.AttendanceSheetRenderer(snapshot.centre, filled=not blank).render(data)

    def class_list(self, class_id: int, *, dated: IssueDate = IssueDate()) -> bytes:
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id)
        learners = tuple(_learner_row(x) for x in snapshot.learners)
        rule = rule_date(ClassDocument.CLASS_LIST, *_dates(snapshot))
        issue = self._issue(snapshot, dated, rule, prepared=False)
        data = ClassListData(_class_info(snapshot), learners, issue)
        return documents.ClassListRenderer(snapshot.centre).render(data)

    def results(self, class_id: int, *, dated: IssueDate = IssueDate()) -> bytes:
        """The results sheet; for a programme without scores, the attendance summary (refused, with the
        reason, while no attendance is recorded)."""
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id, marks=True, scores=True)
        rule = rule_date(ClassDocument.RESULTS, *_dates(snapshot))
        issue = self._issue(snapshot, dated, rule, prepared=True)
        if not snapshot.components:
            if snapshot.learners and not snapshot.marks:
                raise ValidationError(
                    "results",
                    f"Lớp {snapshot.code} thuộc chương trình “{snapshot.programme_name}”, không chấm điểm, "
                    "xếp loại: kết quả của lớp là kết quả tham dự, mà lớp chưa điểm danh buổi nào. Hãy "
                    "điểm danh (trang Điểm danh của lớp) rồi in lại; trước đó có thể in danh sách điểm "
                    "danh để học viên ký.",
                )
            summary = attendance_summary_data(snapshot, issue)
            return documents.AttendanceSummaryRenderer(snapshot.centre).render(summary)
        data = results_data(snapshot, issue)
        # Only the landscape sheet has a "Ghi chú" column: use it whenever a row has something to say.
        landscape = True if any(row.note for row in data.rows) else None
        return documents.ResultsRenderer(snapshot.centre, landscape=landscape).render(data)

    def timetable(self, class_id: int, *, dated: IssueDate = IssueDate()) -> bytes:
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id, learners=False)
        rule = rule_date(ClassDocument.TIMETABLE, *_dates(snapshot))
        data = TimetableData(
            _class_info(snapshot), _sessions(snapshot), self._issue(snapshot, dated, rule, prepared=False)
        )
        return documents.TimetableRenderer(snapshot.centre).render(data)

    def render(
        self, kind: ClassDocument, class_id: int, *, blank: bool = False, dated: IssueDate = IssueDate()
    ) -> bytes:
        """One document by kind; ``blank`` only concerns the attendance sheet."""
        producers: dict[ClassDocument, Callable[[int], bytes]] = {
            ClassDocument.ATTENDANCE: lambda cid: self.attendance_sheet(cid, blank=blank, dated=dated),
            ClassDocument.CLASS_LIST: lambda cid: self.class_list(cid, dated=dated),
            ClassDocument.RESULTS: lambda cid: self.results(cid, dated=dated),
            ClassDocument.TIMETABLE: lambda cid: self.timetable(cid, dated=dated),
        }
        return producers[kind](class_id)

    @staticmethod
    def _issue(s: ClassSnapshot, dated: IssueDate, rule: date, *, prepared: bool) -> IssueInfo:
        on = dated.resolve(rule)
        signer = Signer(s.centre.director_title or "GIÁM ĐỐC", s.centre.director_name)
        if not prepared:
            return IssueInfo(issue_date=on, signer=signer, recipients=RECIPIENTS)
        preparer = (
            Signer(PREPARER_HOMEROOM, s.homeroom_lecturer) if s.homeroom_lecturer else Signer(PREPARER_CLERK)
        )
        return IssueInfo(issue_date=on, signer=signer, preparer=preparer)


def _dates(s: ClassSnapshot) -> tuple[date, date]:
    return s.start_date, s.end_date


def _assessed(session: DbSession, programme_id: int) -> bool:
    """Does the programme give scores (has assessment components)?"""
    component = orm.AssessmentComponent
    found = session.scalar(select(component.id).where(component.programme_id == programme_id).limit(1))
    return found is not None
