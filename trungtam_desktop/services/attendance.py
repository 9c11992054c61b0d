"""Attendance (điểm danh): the learners × buổi grid of a class, marks set a few cells at a time, and
"everyone present" for a buổi. Every write refuses a locked class and is audited; a bad cell writes nothing.

Reading a class uses a handful of set-based queries (``load_class_snapshot``): a class of 120 learners and
12 buổi reads in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.class_results import (
    AttendanceGrid,
    ClassLearner,
    GridSession,
    build_attendance_grid,
)
from trungtam_desktop.domain.enums import AttendanceStatus, AuditAction, EnrolmentStatus, HalfDay
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, format_date, format_int
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.class_snapshot import ClassSnapshot, load_class_snapshot
from trungtam_desktop.services.guards import class_row, require_unlocked

MarkChanges = Mapping[tuple[int, int], AttendanceStatus | str | None]

_ATTENDANCE = orm.Attendance.__table__


def class_learners(snapshot: ClassSnapshot) -> list[ClassLearner]:
    """The snapshot's learners (already in the Vietnamese order) as the grid's input records."""
    return [
        ClassLearner(
            enrolment_id=x.enrolment_id,
            learner_id=x.learner_id,
            full_name=x.full_name,
            birth_date=x.birth_date,
            birth_year=x.birth_year,
            unit=x.unit,
            enrolled_on=x.enrolled_on,
            withdrawn_on=x.withdrawn_on,
            withdrawn=x.withdrawn,
        )
        for x in snapshot.learners
    ]


def grid_from_snapshot(class_id: int, locked: bool, snapshot: ClassSnapshot) -> AttendanceGrid:
    sessions = [GridSession(s.id, s.day, s.half_day, s.title) for s in snapshot.sessions]
    return build_attendance_grid(
        class_id, locked, snapshot.absence_limit, sessions, class_learners(snapshot), snapshot.marks
    )


def load_grid(session: Session, class_id: int) -> AttendanceGrid:
    """The class's grid read inside the caller's transaction (raises NotFoundError for a missing class)."""
    snapshot = load_class_snapshot(session, class_id, marks=True)
    return grid_from_snapshot(class_id, class_row(session, class_id).locked, snapshot)


def _status(value: AttendanceStatus | str | None) -> AttendanceStatus | None:
    """A status from the enum or its stored code (Qt hands enum members back as plain strings)."""
    if value is None:
        return None
    try:
        return AttendanceStatus(value)
    except ValueError:
        raise ValidationError("attendance", f"Trạng thái điểm danh “{value}” không hợp lệ.") from None


def _slot(day: object, half_day: str) -> str:
    return f"{HalfDay(half_day).label.lower()} {format_date(day)}"  # type: ignore[arg-type]


class AttendanceService(Service):
    ENTITY = "attendance"

    def grid(self, class_id: int) -> AttendanceGrid:
        """Learners (Vietnamese order) × buổi (by date, morning first) with their marks and totals."""
        with self._read() as session:
            return load_grid(session, class_id)

    def set_marks(self, class_id: int, changes: MarkChanges) -> AttendanceGrid:
        """Set (or, with None, clear) the marks of some cells ``(enrolment id, buổi id)``; one transaction.

        Refused, with nothing written, when the class is locked, a cell belongs to another class, or a mark
        is set for a buổi before the learner enrolled (or after they withdrew). A buổi still to come may be
        marked (an excused absence is often known in advance). Returns the new grid; one audit line
        (entity "attendance", the class id) lists the cells that changed.
        """
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            wanted = {cell: _status(value) for cell, value in changes.items()}
            learners = self._learners(session, class_id, {e for e, _ in wanted})
            sessions = self._sessions(session, class_id, {s for _, s in wanted})
            for (enrolment_id, session_id), status in wanted.items():
                learner = learners.get(enrolment_id)
                if learner is None:
                    raise ValidationError("attendance", "Có học viên không thuộc lớp này; chưa ghi gì.")
                if session_id not in sessions:
                    raise ValidationError("attendance", "Có buổi học không thuộc lớp này; chưa ghi gì.")
                day = sessions[session_id][0]
                if status is not None and not learner.expected_at(day):
                    raise ValidationError("attendance", learner.not_expected_reason(day))
            before = self._current(session, wanted)
            upserts = [
                {"enrolment_id": e, "session_id": s, "status": status.value}
                for (e, s), status in wanted.items()
                if status is not None and before.get((e, s)) != status.value
            ]
            deletes = [
                {"e": e, "s": s} for (e, s), status in wanted.items() if status is None and (e, s) in before
            ]
            self._upsert(session, upserts)
            if deletes:
                session.connection().execute(
                    delete(_ATTENDANCE).where(
                        _ATTENDANCE.c.enrolment_id == bindparam("e"),
                        _ATTENDANCE.c.session_id == bindparam("s"),
                    ),
                    deletes,
                )
            audit = {
                f"{learners[e].full_name} – {_slot(*sessions[s])}": [
                    before.get((e, s)),
                    status.value if status else None,
                ]
                for (e, s), status in wanted.items()
                if before.get((e, s)) != (status.value if status else None)
            }
            if audit:
                self._audit(
                    session,
                    self.ENTITY,
                    class_id,
                    AuditAction.UPDATE,
                    audit,
                    f"Điểm danh lớp {klass.code}: {format_int(len(audit))} ô",
                )
            return load_grid(session, class_id)

    def mark_session_present(self, class_id: int, session_id: int) -> AttendanceGrid:
        """Mark "có mặt" for every learner expected at the buổi who has no mark yet; the marks already
        there (the exceptions) stay. Returns the new grid."""
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            sessions = self._sessions(session, class_id, {session_id})
            if session_id not in sessions:
                raise ValidationError("attendance", "Buổi học không thuộc lớp này.")
            day, half_day = sessions[session_id]
            marked = set(
                session.scalars(
                    select(orm.Attendance.enrolment_id).where(orm.Attendance.session_id == session_id)
                )
            )
            learners = self._learners(session, class_id, None)
            rows = [
                {"enrolment_id": e, "session_id": session_id, "status": AttendanceStatus.PRESENT.value}
                for e, learner in learners.items()
                if e not in marked and learner.expected_at(day)
            ]
            self._upsert(session, rows)
            if rows:
                self._audit(
                    session,
                    self.ENTITY,
                    class_id,
                    AuditAction.UPDATE,
                    {"session_id": session_id, "present": len(rows)},
                    f"Điểm danh lớp {klass.code}: cả buổi {_slot(day, half_day)} có mặt "
                    f"({format_int(len(rows))} học viên)",
                )
            return load_grid(session, class_id)

    # -- helpers -------------------------------------------------------------------------------------
    @staticmethod
    def _learners(session: Session, class_id: int, ids: set[int] | None) -> dict[int, ClassLearner]:
        """Enrolments of the class (all, or those of ``ids``) with what decides the buổi they attend."""
        e = orm.Enrolment
        stmt = (
            select(e.id, e.learner_id, orm.Learner.full_name, e.enrolled_on, e.withdrawn_on, e.status)
            .join(orm.Learner, orm.Learner.id == e.learner_id)
            .where(e.class_id == class_id)
        )
        if ids is not None:
            stmt = stmt.where(e.id.in_(ids))
        return {
            eid: ClassLearner(
                enrolment_id=eid,
                learner_id=lid,
                full_name=clean_text(name),
                birth_date=None,
                birth_year=None,
                unit="",
                enrolled_on=enrolled_on,
                withdrawn_on=withdrawn_on,
                withdrawn=status == EnrolmentStatus.WITHDRAWN.value,
            )
            for eid, lid, name, enrolled_on, withdrawn_on, status in session.execute(stmt)
        }

    @staticmethod
    def _sessions(session: Session, class_id: int, ids: set[int]) -> dict[int, tuple[object, str]]:
        s = orm.ClassSession
        stmt = select(s.id, s.date, s.half_day).where(s.class_id == class_id, s.id.in_(ids))
        return {sid: (day, half) for sid, day, half in session.execute(stmt)}

    @staticmethod
    def _current(session: Session, cells: Mapping[tuple[int, int], object]) -> dict[tuple[int, int], str]:
        if not cells:
            return {}
        a = orm.Attendance
        stmt = select(a.enrolment_id, a.session_id, a.status).where(
            a.enrolment_id.in_({e for e, _ in cells}), a.session_id.in_({s for _, s in cells})
        )
        return {(e, s): status for e, s, status in session.execute(stmt) if (e, s) in cells}

    @staticmethod
    def _upsert(session: Session, rows: list[dict[str, object]]) -> None:
        if not rows:
            return
        stmt = sqlite_insert(_ATTENDANCE)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_ATTENDANCE.c.enrolment_id, _ATTENDANCE.c.session_id],
            set_={"status": stmt.excluded.status},
        )
        session.connection().execute(stmt, rows)
