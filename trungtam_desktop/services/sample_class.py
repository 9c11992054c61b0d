"""A small, complete class written in one transaction: for ``self-test`` and the printing tests.

Learners, a timetable, attendance and scores with their stored results, made through the ORM here because
the roster, timetable, attendance and results services are built separately; the rules (who is expected
at a buổi, the weighted result and its grade) still come from :mod:`trungtam_desktop.domain.grading`.

The class has a late joiner (enrolled after the first day: the buổi before are not theirs), a learner who
withdrew, and a learner absent for more than the programme's limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.classwork import half_days
from trungtam_desktop.domain.enums import (
    AttendanceStatus,
    AuditAction,
    EnrolmentStatus,
    Gender,
    HalfDay,
    LecturerType,
    PartyStatus,
)
from trungtam_desktop.domain.errors import NotFoundError
from trungtam_desktop.domain.grading import expected_at, outcome
from trungtam_desktop.domain.validation import validate_class, validate_learner, validate_lecturer
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.mappers import class_values, learner_values, lecturer_values
from trungtam_desktop.services.results import programme_rules, store_result

Rules = tuple[tuple[dm.AssessmentComponent, ...], tuple[dm.GradingBand, ...]]

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Võ", "Đỗ", "K'Brơi")
_MIDDLE = ("Thị", "Văn", "Minh", "Ngọc", "Quang", "Thu", "Hữu")
_GIVEN = ("An", "Bình", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Thảo", "Tuấn", "Yến", "Đức")
_UNITS = (
    "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh",
    "Đoàn Thanh niên thị trấn Liên Nghĩa",
    "Hội Liên hiệp Phụ nữ xã Ninh Gia",
    "Trường THCS Nguyễn Trãi",
)
FIRST_LEARNER = "Nguyễn Thị Mỵ"
LECTURER = "Trần Thị Hạnh"
LATE, WITHDRAWN, ABSENTEE = 1, 2, 3  # learner indexes with a part to play


@dataclass(frozen=True)
class SampleClass:
    """What was created: the class and the roles some of its learners play in the tests."""

    class_id: int
    code: str
    learner_names: tuple[str, ...]
    late_joiner: str
    withdrawn: str
    absentee: str
    session_count: int


def sample_name(index: int) -> str:
    if index == 0:
        return FIRST_LEARNER
    return f"{_FAMILY[index % len(_FAMILY)]} {_MIDDLE[index % len(_MIDDLE)]} {_GIVEN[index % len(_GIVEN)]}"


def _teaching_days(start: date, sessions: int) -> list[tuple[date, HalfDay]]:
    """``sessions`` buổi from ``start``, morning then afternoon, Sundays skipped (``sessions`` days always
    hold enough half-days)."""
    return half_days(start, start + timedelta(days=sessions))[:sessions]


def _mark(learner: int, session: int, absentee: int) -> AttendanceStatus:
    if learner == absentee:
        return AttendanceStatus.PRESENT if session % 2 else AttendanceStatus.UNEXCUSED
    if (learner + session) % 7 == 3:
        return AttendanceStatus.EXCUSED
    if (learner * 3 + session) % 11 == 5:
        return AttendanceStatus.LATE
    return AttendanceStatus.PRESENT


class SampleClassService(Service):
    """Writes a sample class of a programme with scored components (Bồi dưỡng nhận thức về Đảng)."""

    ENTITY = "class"

    def create_sample_class(
        self,
        code: str = "MAU-2024-01",
        *,
        learners: int = 6,
        sessions: int = 10,
        start: date = date(2024, 6, 10),
        programme_code: str = "NTVD",
    ) -> SampleClass:
        """Learners 1, 2 and 3 are the late joiner, the one who withdraws half-way, and the absentee."""
        if learners < 4:
            raise ValueError("a sample class needs at least four learners (late, withdrawn, absent, others)")
        slots = _teaching_days(start, max(sessions, 4))
        names = tuple(sample_name(i) for i in range(learners))
        with self._write() as session:
            programme = session.scalar(select(orm.Programme).where(orm.Programme.code == programme_code))
            if programme is None:
                raise NotFoundError(f"Không tìm thấy chương trình có mã “{programme_code}”.")
            class_row, timetable = self._class_with_timetable(session, programme, code, slots)
            rules = programme_rules(programme)
            second_day = next(day for day, _ in slots if day > slots[0][0])
            for i, name in enumerate(names):
                enrolment = self._enrol(
                    session,
                    class_row.id,
                    i,
                    name,
                    enrolled_on=second_day if i == LATE else slots[0][0],
                    withdrawn_on=slots[len(slots) // 2][0] if i == WITHDRAWN else None,
                )
                for s, row in enumerate(timetable):
                    if expected_at(row.date, enrolment.enrolled_on, enrolment.withdrawn_on):
                        status = _mark(i, s, ABSENTEE).value
                        session.add(
                            orm.Attendance(enrolment_id=enrolment.id, session_id=row.id, status=status)
                        )
                if enrolment.withdrawn_on is None:
                    self._score(session, rules, enrolment, i)
            self._audit(
                session,
                self.ENTITY,
                class_row.id,
                AuditAction.CREATE,
                summary=f"Lớp mẫu {code} (tự kiểm tra)",
            )
            return SampleClass(
                class_row.id, code, names, names[LATE], names[WITHDRAWN], names[ABSENTEE], len(slots)
            )

    @staticmethod
    def _class_with_timetable(
        session: Session, programme: orm.Programme, code: str, slots: list[tuple[date, HalfDay]]
    ) -> tuple[orm.TrainingClass, list[orm.ClassSession]]:
        """The class, its homeroom lecturer (who also teaches every buổi) and its buổi."""
        lecturer = orm.Lecturer(
            **lecturer_values(validate_lecturer(dm.Lecturer(LECTURER, LecturerType.FULL_TIME)))
        )
        session.add(lecturer)
        session.flush()
        klass = dm.TrainingClass(
            programme.id,
            code,
            f"Lớp mẫu {code}",
            slots[0][0],
            slots[-1][0],
            venue="Hội trường Trung tâm chính trị",
            homeroom_lecturer_id=lecturer.id,
        )
        class_row = orm.TrainingClass(**class_values(validate_class(klass)))
        session.add(class_row)
        session.flush()
        lessons = list(programme.lessons)
        timetable = [
            orm.ClassSession(
                class_id=class_row.id,
                date=day,
                half_day=half.value,
                lesson_id=lessons[i * len(lessons) // len(slots)].id if lessons else None,
                lecturer_id=lecturer.id,
                tiet=programme.tiet_per_buoi,
            )
            for i, (day, half) in enumerate(slots)
        ]
        session.add_all(timetable)
        session.flush()
        return class_row, timetable

    def _enrol(
        self,
        session: Session,
        class_id: int,
        index: int,
        name: str,
        *,
        enrolled_on: date,
        withdrawn_on: date | None,
    ) -> orm.Enrolment:
        learner = validate_learner(
            dm.Learner(
                name,
                birth_date=date(1985 + index % 15, index % 12 + 1, index % 27 + 1) if index % 5 else None,
                birth_year=1985 + index % 15,
                gender=Gender.FEMALE if index % 2 == 0 else Gender.MALE,
                unit=_UNITS[index % len(_UNITS)],
                party_status=PartyStatus.NONE,
            ),
            self._ctx.today(),
        )
        learner_row = orm.Learner(**learner_values(learner))
        session.add(learner_row)
        session.flush()
        enrolment = orm.Enrolment(
            class_id=class_id,
            learner_id=learner_row.id,
            enrolled_on=enrolled_on,
            status=(EnrolmentStatus.WITHDRAWN if withdrawn_on else EnrolmentStatus.ACTIVE).value,
            withdrawn_on=withdrawn_on,
            note="Vào học muộn" if index == LATE else "",
        )
        session.add(enrolment)
        session.flush()
        return enrolment

    @staticmethod
    def _score(session: Session, rules: Rules, enrolment: orm.Enrolment, index: int) -> None:
        """A score per component, and the result stored on the enrolment as the results service does."""
        components, bands = rules
        if not components:
            return
        scores = {c.id: round(5.5 + ((index * 7 + k * 3) % 45) / 10, 1) for k, c in enumerate(components)}
        for component_id, value in scores.items():
            session.add(orm.Score(enrolment_id=enrolment.id, component_id=component_id, value=value))
        store_result(enrolment, outcome(components, bands, scores))  # type: ignore[arg-type]
