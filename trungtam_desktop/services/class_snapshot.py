"""Everything the printed sheets of one class need, read in one transaction with a few set-based queries.

``load_class_snapshot`` runs inside the caller's read session and returns plain frozen records (no live
ORM rows), so rendering happens after the transaction has ended. Learners come in the Vietnamese order
(given name, then the rest of the name, then birth), buổi by date with the morning first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.classwork import HALF_DAY_ORDER
from trungtam_desktop.domain.enums import (
    AttendanceStatus,
    CertificateKind,
    EnrolmentStatus,
    Gender,
    Grade,
    HalfDay,
    PartyStatus,
)
from trungtam_desktop.domain.grading import AbsenceLimit, expected_at
from trungtam_desktop.domain.vietnamese import clean_text, person_sort_key
from trungtam_desktop.services.centre_identity import printed_centre
from trungtam_desktop.services.guards import class_row


@dataclass(frozen=True)
class SessionLine:
    """One buổi of the class's timetable."""

    id: int
    day: date
    half_day: HalfDay
    title: str
    lecturer_name: str
    tiet: int


@dataclass(frozen=True)
class EnrolledLearner:
    """One learner of the class with their enrolment and stored result."""

    enrolment_id: int
    learner_id: int
    full_name: str
    birth_date: date | None
    birth_year: int | None
    gender: Gender | None
    ethnicity: str
    unit: str
    party_status: PartyStatus
    position: str
    enrolled_on: date
    withdrawn_on: date | None
    status: EnrolmentStatus
    final_score: float | None
    grade: Grade | None
    passed: bool | None
    note: str

    @property
    def withdrawn(self) -> bool:
        return self.status is EnrolmentStatus.WITHDRAWN

    def expected_at(self, day: date) -> bool:
        """Was the learner in the class on that day (enrolled, not yet withdrawn)?"""
        return expected_at(day, self.enrolled_on, self.withdrawn_on if self.withdrawn else None)


@dataclass(frozen=True)
class ClassSnapshot:
    """One class as its documents print it."""

    centre: dm.CentreIdentity
    code: str
    name: str
    programme_name: str
    start_date: date
    end_date: date
    venue: str
    co_organiser: str
    homeroom_lecturer: str
    absence_limit: AbsenceLimit
    certificate_kind: CertificateKind
    components: tuple[dm.AssessmentComponent, ...]
    sessions: tuple[SessionLine, ...]
    learners: tuple[EnrolledLearner, ...]
    marks: dict[tuple[int, int], AttendanceStatus]  # (enrolment id, session id) -> status
    scores: dict[tuple[int, int], float]  # (enrolment id, component id) -> score

    def marks_of(self, learner: EnrolledLearner) -> list[AttendanceStatus | None]:
        """The recorded marks of the buổi the learner was expected at, in timetable order."""
        return [
            self.marks.get((learner.enrolment_id, s.id)) for s in self.sessions if learner.expected_at(s.day)
        ]


def load_class_snapshot(
    session: Session, class_id: int, *, learners: bool = True, marks: bool = False, scores: bool = False
) -> ClassSnapshot:
    """Read one class (raises NotFoundError when it does not exist); ``learners``, ``marks`` and ``scores``
    say which of the larger parts to read."""
    klass = session.scalars(
        select(orm.TrainingClass)
        .where(orm.TrainingClass.id == class_id)
        .options(
            joinedload(orm.TrainingClass.homeroom_lecturer),
            joinedload(orm.TrainingClass.programme).selectinload(orm.Programme.components),
        )
    ).one_or_none() or class_row(session, class_id)  # class_row raises the Vietnamese "not found"
    programme = klass.programme
    components = tuple(
        dm.AssessmentComponent(c.name, c.weight_percent, c.min_score, c.id) for c in programme.components
    )
    return ClassSnapshot(
        centre=printed_centre(session),
        code=klass.code,
        name=clean_text(klass.name),
        programme_name=clean_text(programme.name),
        start_date=klass.start_date,
        end_date=klass.end_date,
        venue=clean_text(klass.venue),
        co_organiser=clean_text(klass.co_organiser),
        homeroom_lecturer=clean_text(klass.homeroom_lecturer.full_name) if klass.homeroom_lecturer else "",
        absence_limit=AbsenceLimit(programme.absence_limit_num, programme.absence_limit_den),
        certificate_kind=CertificateKind(programme.certificate_kind),
        components=components,
        sessions=_sessions(session, class_id),
        learners=_learners(session, class_id) if learners else (),
        marks=_marks(session, class_id) if marks else {},
        scores=_scores(session, class_id) if scores else {},
    )


def _sessions(session: Session, class_id: int) -> tuple[SessionLine, ...]:
    stmt = (
        select(
            orm.ClassSession.id,
            orm.ClassSession.date,
            orm.ClassSession.half_day,
            orm.ClassSession.title,
            orm.ClassSession.tiet,
            orm.ProgrammeLesson.title,
            orm.Lecturer.full_name,
        )
        .outerjoin(orm.ProgrammeLesson, orm.ProgrammeLesson.id == orm.ClassSession.lesson_id)
        .outerjoin(orm.Lecturer, orm.Lecturer.id == orm.ClassSession.lecturer_id)
        .where(orm.ClassSession.class_id == class_id)
    )
    lines = [
        SessionLine(
            id=sid,
            day=day,
            half_day=HalfDay(half),
            title=clean_text(own_title) or clean_text(lesson_title),
            lecturer_name=clean_text(lecturer),
            tiet=tiet,
        )
        for sid, day, half, own_title, tiet, lesson_title, lecturer in session.execute(stmt)
    ]
    return tuple(sorted(lines, key=lambda s: (s.day, HALF_DAY_ORDER[s.half_day], s.id)))


def _learners(session: Session, class_id: int) -> tuple[EnrolledLearner, ...]:
    e, x = orm.Enrolment, orm.Learner
    stmt = (
        select(
            e.id,
            x.id,
            x.full_name,
            x.birth_date,
            x.birth_year,
            x.gender,
            x.ethnicity,
            x.unit,
            x.party_status,
            x.position,
            e.enrolled_on,
            e.withdrawn_on,
            e.status,
            e.final_score,
            e.grade,
            e.passed,
            e.note,
        )
        .join(x, x.id == e.learner_id)
        .where(e.class_id == class_id)
    )
    learners = [
        EnrolledLearner(
            enrolment_id=r[0],
            learner_id=r[1],
            full_name=clean_text(r[2]),
            birth_date=r[3],
            birth_year=r[4],
            gender=Gender(r[5]) if r[5] else None,
            ethnicity=clean_text(r[6]),
            unit=clean_text(r[7]),
            party_status=PartyStatus(r[8]),
            position=clean_text(r[9]),
            enrolled_on=r[10],
            withdrawn_on=r[11],
            status=EnrolmentStatus(r[12]),
            final_score=r[13],
            grade=Grade(r[14]) if r[14] else None,
            passed=r[15],
            note=clean_text(r[16]),
        )
        for r in session.execute(stmt)
    ]
    learners.sort(key=lambda x: (person_sort_key(x.full_name, x.birth_date, x.birth_year), x.learner_id))
    return tuple(learners)


def _marks(session: Session, class_id: int) -> dict[tuple[int, int], AttendanceStatus]:
    stmt = (
        select(orm.Attendance.enrolment_id, orm.Attendance.session_id, orm.Attendance.status)
        .join(orm.Enrolment, orm.Enrolment.id == orm.Attendance.enrolment_id)
        .where(orm.Enrolment.class_id == class_id)
    )
    return {(eid, sid): AttendanceStatus(status) for eid, sid, status in session.execute(stmt)}


def _scores(session: Session, class_id: int) -> dict[tuple[int, int], float]:
    stmt = (
        select(orm.Score.enrolment_id, orm.Score.component_id, orm.Score.value)
        .join(orm.Enrolment, orm.Enrolment.id == orm.Score.enrolment_id)
        .where(orm.Enrolment.class_id == class_id)
    )
    return {(eid, cid): value for eid, cid, value in session.execute(stmt)}
