"""A class's timetable: its buổi (half-day sessions), generated from the programme and then edited, and
the lecturers booked in two classes at once. Every write checks that the class is not locked."""

from __future__ import annotations

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session, aliased

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.classwork import (
    ClassSessionInfo,
    LecturerClash,
    SessionSaved,
    lesson_sessions,
    plan_timetable,
    session_order,
)
from trungtam_desktop.domain.enums import AuditAction, HalfDay
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, format_date, format_int
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.guards import class_row, require_unlocked
from trungtam_desktop.services.mappers import programme_to_domain

MAX_TIET = 10


def _values(row: orm.ClassSession) -> dict[str, object]:
    return {
        "class_id": row.class_id,
        "date": row.date,
        "half_day": row.half_day,
        "lesson_id": row.lesson_id,
        "title": row.title,
        "lecturer_id": row.lecturer_id,
        "tiet": row.tiet,
    }


def _info(
    row: orm.ClassSession, lecturer_name: str = "", attendance_count: int = 0, lesson_title: str = ""
) -> ClassSessionInfo:
    """A buổi as the domain sees it; an empty stored title means "the lesson's title" (it follows the
    programme when a lesson is renamed)."""
    return ClassSessionInfo(
        class_id=row.class_id,
        date=row.date,
        half_day=HalfDay(row.half_day),
        title=row.title or lesson_title,
        lesson_id=row.lesson_id,
        lecturer_id=row.lecturer_id,
        tiet=row.tiet,
        id=row.id,
        lecturer_name=lecturer_name,
        attendance_count=attendance_count,
    )


class TimetableService(Service):
    ENTITY = "class_session"

    # -- reading -------------------------------------------------------------------------------------
    def sessions(self, class_id: int) -> list[ClassSessionInfo]:
        """The class's buổi by date, the morning before the afternoon, with lecturer names and the number
        of attendance marks recorded for each."""
        with self._read() as session:
            class_row(session, class_id)
            return self._sessions(session, class_id)

    def needed_sessions(self, class_id: int) -> int:
        """How many buổi the class's programme needs (what ``generate`` lays out)."""
        with self._read() as session:
            klass = class_row(session, class_id)
            programme = programme_to_domain(klass.programme)
            return len(lesson_sessions(programme.lessons, programme.tiet_per_buoi))

    def lecturer_clashes(self, class_id: int) -> list[LecturerClash]:
        """The class's buổi whose lecturer also teaches another class on the same date and half-day."""
        with self._read() as session:
            class_row(session, class_id)
            rows = self._clash_rows(session, class_id)
            if not rows:  # the usual case: no need to read the buổi again
                return []
            by_id = {info.id: info for info in self._sessions(session, class_id)}
            return [
                LecturerClash(by_id[session_id], other_id, code, name)
                for session_id, other_id, code, name in rows
                if session_id in by_id
            ]

    # -- generating ----------------------------------------------------------------------------------
    def generate(
        self, class_id: int, *, skip_sundays: bool = True, replace: bool = False
    ) -> list[ClassSessionInfo]:
        """Lay the programme's lessons out as buổi over the class dates (sáng then chiều each day).

        An existing timetable is replaced. When attendance has been marked on it, ``replace=True`` is
        needed (the marks are deleted with it; the UI asks first). Lecturers already chosen for a lesson
        are kept for that lesson's new buổi.
        """
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            programme = programme_to_domain(klass.programme)
            plan = plan_timetable(
                programme.lessons,
                programme.tiet_per_buoi,
                klass.start_date,
                klass.end_date,
                skip_sundays=skip_sundays,
            )
            old = session.scalars(select(orm.ClassSession).where(orm.ClassSession.class_id == class_id)).all()
            old_ids = [row.id for row in old]
            marks = self._mark_count(session, old_ids)
            if marks and not replace:
                raise ConflictError(
                    f"Lịch học hiện có của lớp đã có {format_int(marks)} lượt điểm danh. Tạo lại lịch sẽ "
                    "xóa cả các lượt điểm danh đó; hãy xác nhận thay lịch cũ."
                )
            lecturers: dict[int, int] = {}
            for row in old:
                if row.lesson_id is not None and row.lecturer_id is not None:
                    lecturers.setdefault(row.lesson_id, row.lecturer_id)
            if old_ids:
                session.execute(delete(orm.Attendance).where(orm.Attendance.session_id.in_(old_ids)))
                session.execute(delete(orm.ClassSession).where(orm.ClassSession.id.in_(old_ids)))
            for day, half, lesson, tiet in plan:
                session.add(
                    orm.ClassSession(
                        class_id=class_id,
                        date=day,
                        half_day=half.value,
                        lesson_id=lesson.id,
                        title="",  # the lesson's own title
                        lecturer_id=lecturers.get(lesson.id) if lesson.id is not None else None,
                        tiet=tiet,
                    )
                )
            session.flush()
            replaced = f"; thay {len(old_ids)} buổi cũ, xóa {marks} lượt điểm danh" if old_ids else ""
            self._audit(
                session,
                "timetable",
                class_id,
                AuditAction.CREATE,
                {"sessions": [len(old_ids), len(plan)], "skip_sundays": [None, skip_sundays]},
                f"Lớp {klass.code}: tạo lịch học tự động, {len(plan)} buổi{replaced}",
            )
            return self._sessions(session, class_id)

    # -- editing one buổi ----------------------------------------------------------------------------
    def add_session(self, info: ClassSessionInfo) -> SessionSaved:
        """Add a buổi; returns it with the lecturer clashes it has (a warning, not a refusal)."""
        with self._write() as session:
            klass = require_unlocked(session, info.class_id)
            row = orm.ClassSession(class_id=klass.id)
            self._apply(session, klass, row, info, previous_lecturer=None)
            session.add(row)
            session.flush()
            self._audit(
                session,
                self.ENTITY,
                row.id,
                AuditAction.CREATE,
                diff({}, _values(row)),
                f"Lớp {klass.code}: thêm buổi {_info(row).slot_text}",
            )
            return self._saved(session, row)

    def update_session(self, info: ClassSessionInfo) -> SessionSaved:
        """Change a buổi (date, half-day, lesson, title, lecturer, tiết); returns it with its clashes."""
        if info.id is None:
            raise NotFoundError("Buổi học chưa được lưu nên không thể sửa.")
        with self._write() as session:
            row = self._row(session, info.id)
            klass = require_unlocked(session, row.class_id)
            before = _values(row)
            self._apply(session, klass, row, info, previous_lecturer=row.lecturer_id)
            session.flush()
            changes = diff(before, _values(row))
            if changes:
                self._audit(
                    session,
                    self.ENTITY,
                    row.id,
                    AuditAction.UPDATE,
                    changes,
                    f"Lớp {klass.code}: sửa buổi {_info(row).slot_text}",
                )
            return self._saved(session, row)

    def delete_session(self, session_id: int, *, force: bool = False) -> None:
        """Delete a buổi. One with attendance marks needs ``force=True`` (its marks go with it)."""
        with self._write() as session:
            row = self._row(session, session_id)
            klass = require_unlocked(session, row.class_id)
            slot = _info(row).slot_text
            marks = self._mark_count(session, [row.id])
            if marks and not force:
                raise ConflictError(
                    f"Buổi {slot} đã có {format_int(marks)} lượt điểm danh; xóa buổi sẽ xóa cả các lượt "
                    "điểm danh đó. Hãy xác nhận trước khi xóa."
                )
            session.execute(delete(orm.Attendance).where(orm.Attendance.session_id == row.id))
            self._audit(
                session,
                self.ENTITY,
                row.id,
                AuditAction.DELETE,
                diff(_values(row), {}),
                f"Lớp {klass.code}: xóa buổi {slot}" + (f" ({marks} lượt điểm danh)" if marks else ""),
            )
            session.delete(row)

    # -- helpers -------------------------------------------------------------------------------------
    @staticmethod
    def _row(session: Session, session_id: int) -> orm.ClassSession:
        row = session.get(orm.ClassSession, session_id)
        if row is None:
            raise NotFoundError("Không tìm thấy buổi học (có thể đã bị xóa).")
        return row

    @staticmethod
    def _lesson_title(session: Session, lesson_id: int | None) -> str:
        lesson = session.get(orm.ProgrammeLesson, lesson_id) if lesson_id is not None else None
        return lesson.title if lesson is not None else ""

    @staticmethod
    def _mark_count(session: Session, session_ids: list[int]) -> int:
        if not session_ids:
            return 0
        stmt = select(func.count()).where(orm.Attendance.session_id.in_(session_ids))
        return session.scalar(stmt) or 0

    @staticmethod
    def _apply(
        session: Session,
        klass: orm.TrainingClass,
        row: orm.ClassSession,
        info: ClassSessionInfo,
        previous_lecturer: int | None,
    ) -> None:
        """Validate ``info`` for ``klass`` and copy it onto ``row``; ValidationError names the field."""
        day = info.date
        if day is None:
            raise ValidationError("date", "Ngày học không được để trống.")
        if not klass.start_date <= day <= klass.end_date:
            raise ValidationError(
                "date",
                f"Ngày {format_date(day)} nằm ngoài thời gian của lớp "
                f"(từ {format_date(klass.start_date)} đến {format_date(klass.end_date)}).",
            )
        half = HalfDay(info.half_day)
        taken = select(orm.ClassSession.id).where(
            orm.ClassSession.class_id == klass.id,
            orm.ClassSession.date == day,
            orm.ClassSession.half_day == half.value,
        )
        if row.id is not None:
            taken = taken.where(orm.ClassSession.id != row.id)
        if session.scalar(taken) is not None:
            raise ValidationError(
                "half_day",
                f"Lớp đã có buổi {half.label.lower()} ngày {format_date(day)}; mỗi buổi chỉ xếp một lần.",
            )
        if not 0 <= info.tiet <= MAX_TIET:
            raise ValidationError("tiet", f"Số tiết phải từ 0 đến {MAX_TIET} (đã nhập: {info.tiet}).")
        lesson = None
        if info.lesson_id is not None:
            lesson = session.get(orm.ProgrammeLesson, info.lesson_id)
            if lesson is None or lesson.programme_id != klass.programme_id:
                raise ValidationError("lesson_id", "Bài học đã chọn không thuộc chương trình của lớp.")
        title = clean_text(info.title)
        if not title and lesson is None:
            raise ValidationError("title", "Hãy chọn bài học hoặc ghi nội dung của buổi học.")
        if len(title) > 300:
            raise ValidationError("title", "Nội dung buổi học dài quá 300 ký tự.")
        if lesson is not None and title == lesson.title:
            title = ""  # follow the lesson's title
        if info.lecturer_id is not None:
            lecturer = session.get(orm.Lecturer, info.lecturer_id)
            if lecturer is None:
                raise ValidationError("lecturer_id", "Giảng viên đã chọn không tồn tại (có thể đã bị xóa).")
            if not lecturer.active and lecturer.id != previous_lecturer:
                raise ValidationError(
                    "lecturer_id",
                    f"Giảng viên {lecturer.full_name} đã ngừng giảng dạy; hãy chọn giảng viên khác.",
                )
        row.date, row.half_day, row.tiet = day, half.value, info.tiet
        row.lesson_id, row.title, row.lecturer_id = info.lesson_id, title, info.lecturer_id

    def _sessions(self, session: Session, class_id: int) -> list[ClassSessionInfo]:
        marks = (
            select(orm.Attendance.session_id, func.count().label("n"))
            .join(orm.ClassSession, orm.Attendance.session_id == orm.ClassSession.id)
            .where(orm.ClassSession.class_id == class_id)
            .group_by(orm.Attendance.session_id)
            .subquery()
        )
        stmt = (
            select(
                orm.ClassSession,
                orm.Lecturer.full_name,
                func.coalesce(marks.c.n, 0),
                orm.ProgrammeLesson.title,
            )
            .outerjoin(orm.Lecturer, orm.ClassSession.lecturer_id == orm.Lecturer.id)
            .outerjoin(orm.ProgrammeLesson, orm.ClassSession.lesson_id == orm.ProgrammeLesson.id)
            .outerjoin(marks, marks.c.session_id == orm.ClassSession.id)
            .where(orm.ClassSession.class_id == class_id)
        )
        infos = [
            _info(row, name or "", count, lesson_title or "")
            for row, name, count, lesson_title in session.execute(stmt)
        ]
        return sorted(infos, key=session_order)

    @staticmethod
    def _clash_rows(
        session: Session, class_id: int, session_id: int | None = None
    ) -> list[tuple[int, int, str, str]]:
        """(buổi id, other class id, code, name) for each other class booking the same lecturer and slot."""
        mine, other = aliased(orm.ClassSession), aliased(orm.ClassSession)
        stmt = (
            select(mine.id, other.class_id, orm.TrainingClass.code, orm.TrainingClass.name)
            .join(
                other,
                and_(
                    other.lecturer_id == mine.lecturer_id,
                    other.date == mine.date,
                    other.half_day == mine.half_day,
                    other.class_id != mine.class_id,
                ),
            )
            .join(orm.TrainingClass, orm.TrainingClass.id == other.class_id)
            .where(mine.class_id == class_id, mine.lecturer_id.is_not(None))
            .order_by(mine.date, mine.half_day.desc(), orm.TrainingClass.code)
        )
        if session_id is not None:
            stmt = stmt.where(mine.id == session_id)
        return [tuple(r) for r in session.execute(stmt)]  # type: ignore[misc]

    def _saved(self, session: Session, row: orm.ClassSession) -> SessionSaved:
        name = session.scalar(select(orm.Lecturer.full_name).where(orm.Lecturer.id == row.lecturer_id)) or ""
        info = _info(
            row, name, self._mark_count(session, [row.id]), self._lesson_title(session, row.lesson_id)
        )
        clashes = tuple(
            LecturerClash(info, other_id, code, class_name)
            for _sid, other_id, code, class_name in self._clash_rows(session, row.class_id, row.id)
        )
        return SessionSaved(info, clashes)
