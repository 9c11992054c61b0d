"""The printed sheets of one class: attendance sheet (blank or filled), class list, results, timetable.

Each method reads what its document needs in one read transaction (:mod:`class_snapshot`), maps it to the
renderers' input records and renders after the transaction has ended. Absence and eligibility rules come
from :mod:`trungtam_desktop.domain.grading`; results are the ones stored on the enrolments.

Who is printed where:

- the blank attendance sheet lists the learners still studying (a learner who withdrew has nothing to
  sign); a buổi before a learner enrolled (or after they withdrew) shows "–", not a box to sign;
- the filled sheet, the class list and the results sheet list everyone enrolled, a withdrawn learner with
  "Thôi học ngày dd/mm/yyyy" in the note, so that the record is complete.

Every document is dated today (the clerk prints and signs the same day), at the place named in the centre
settings, signed by the director (title and name from the settings); the attendance and results sheets
are prepared by the homeroom lecturer when the class has one, else by "NGƯỜI LẬP BIỂU".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date

from trungtam_desktop import documents  # renderers load on first use
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
from trungtam_desktop.domain.enums import CertificateKind, LabelledEnum
from trungtam_desktop.domain.grading import Outcome, certificate_eligibility, tally
from trungtam_desktop.domain.vietnamese import clean_text, format_birth, format_date
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.class_snapshot import ClassSnapshot, EnrolledLearner, load_class_snapshot

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


def document_title(kind: ClassDocument, *, blank: bool = False) -> str:
    """The document's Vietnamese name for window titles and messages."""
    return f"{kind.label} (bản để ký)" if kind is ClassDocument.ATTENDANCE and blank else kind.label


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


def default_file_name(kind: ClassDocument, class_code: str, *, blank: bool = False) -> str:
    """The file name offered when saving: "Diem danh - NTVD-2024-15.pdf" ("Diem danh de ky - ..." blank)."""
    stem = "Diem danh de ky" if kind is ClassDocument.ATTENDANCE and blank else _FILE_STEMS[kind]
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


class ClassDocumentService(Service):
    """Renders the sheets of one class to PDF bytes (no Qt; the preview window shows them)."""

    def attendance_sheet(self, class_id: int, *, blank: bool) -> bytes:
        """Blank sign-in sheet, or the sheet filled from recorded attendance (A4 landscape)."""
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id, marks=not blank)
        issue = self._issue(snapshot, prepared=True)
        data = attendance_data(snapshot, blank=blank, issue=issue)
        return documents.AttendanceSheetRenderer(snapshot.centre, filled=not blank).render(data)

    def class_list(self, class_id: int) -> bytes:
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id)
        learners = tuple(_learner_row(x) for x in snapshot.learners)
        data = ClassListData(_class_info(snapshot), learners, self._issue(snapshot, prepared=False))
        return documents.ClassListRenderer(snapshot.centre).render(data)

    def results(self, class_id: int) -> bytes:
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id, marks=True, scores=True)
        data = results_data(snapshot, self._issue(snapshot, prepared=True))
        # Only the landscape sheet has a "Ghi chú" column: use it whenever a row has something to say.
        landscape = True if any(row.note for row in data.rows) else None
        return documents.ResultsRenderer(snapshot.centre, landscape=landscape).render(data)

    def timetable(self, class_id: int) -> bytes:
        with self._read() as session:
            snapshot = load_class_snapshot(session, class_id, learners=False)
        data = TimetableData(
            _class_info(snapshot), _sessions(snapshot), self._issue(snapshot, prepared=False)
        )
        return documents.TimetableRenderer(snapshot.centre).render(data)

    def render(self, kind: ClassDocument, class_id: int, *, blank: bool = False) -> bytes:
        """One document by kind; ``blank`` only concerns the attendance sheet."""
        producers: dict[ClassDocument, Callable[[int], bytes]] = {
            ClassDocument.ATTENDANCE: lambda cid: self.attendance_sheet(cid, blank=blank),
            ClassDocument.CLASS_LIST: self.class_list,
            ClassDocument.RESULTS: self.results,
            ClassDocument.TIMETABLE: self.timetable,
        }
        return producers[kind](class_id)

    def _issue(self, s: ClassSnapshot, *, prepared: bool) -> IssueInfo:
        today: date = self._ctx.today()
        signer = Signer(s.centre.director_title or "GIÁM ĐỐC", s.centre.director_name)
        if not prepared:
            return IssueInfo(issue_date=today, signer=signer, recipients=RECIPIENTS)
        preparer = (
            Signer(PREPARER_HOMEROOM, s.homeroom_lecturer) if s.homeroom_lecturer else Signer(PREPARER_CLERK)
        )
        return IssueInfo(issue_date=today, signer=signer, preparer=preparer)
