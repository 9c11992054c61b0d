"""A class's roster: enrol existing learners, quick-add a new one, withdraw, reinstate and remove. Every
write checks that the class is not locked and is audited. New learners and enrolments are written by the
one list writer (``list_writer``); a list pasted from Excel is an import into the class
(``LearnerImportService.check_pasted`` and ``apply``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.class_state import ended_status
from trungtam_desktop.domain.classwork import EnrolResult, RosterEntry, default_enrolment_date
from trungtam_desktop.domain.enums import AuditAction, EnrolmentStatus, Gender, PartyStatus
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.validation import validate_learner
from trungtam_desktop.domain.vietnamese import clean_text, format_date, person_sort_key
from trungtam_desktop.services.base import Service, ServiceContext, diff
from trungtam_desktop.services.guards import class_row, require_unlocked
from trungtam_desktop.services.learners import LearnerService
from trungtam_desktop.services.list_writer import ListWriter


def _entry(enrolment: orm.Enrolment, learner: orm.Learner, klass: orm.TrainingClass) -> RosterEntry:
    return RosterEntry(
        enrolment_id=enrolment.id,
        learner_id=learner.id,
        full_name=learner.full_name,
        birth_date=learner.birth_date,
        birth_year=learner.birth_year,
        gender=Gender(learner.gender) if learner.gender else None,
        unit=learner.unit,
        party_status=PartyStatus(learner.party_status),
        enrolled_on=enrolment.enrolled_on,
        status=EnrolmentStatus(enrolment.status),
        withdrawn_on=enrolment.withdrawn_on,
        note=enrolment.note,
        class_ended=ended_status(klass.status),
    )


def _sorted(entries: Iterable[RosterEntry]) -> list[RosterEntry]:
    return sorted(
        entries, key=lambda e: (person_sort_key(e.full_name, e.birth_date, e.birth_year), e.learner_id)
    )


def _added(session: Session, klass: orm.TrainingClass, enrolment_ids: list[int]) -> tuple[RosterEntry, ...]:
    """The roster entries of enrolments just written, in the Vietnamese order."""
    stmt = (
        select(orm.Enrolment, orm.Learner)
        .join(orm.Learner, orm.Enrolment.learner_id == orm.Learner.id)
        .where(orm.Enrolment.id.in_(enrolment_ids))
    )
    return tuple(_sorted(_entry(enrolment, learner, klass) for enrolment, learner in session.execute(stmt)))


class EnrolmentService(Service):
    ENTITY = "enrolment"

    def __init__(self, context: ServiceContext) -> None:
        super().__init__(context)
        self._writer = ListWriter(context)

    # -- reading -------------------------------------------------------------------------------------
    def roster(self, class_id: int) -> list[RosterEntry]:
        """The class's learners in the Vietnamese order (given name, rest of the name, birth)."""
        with self._read() as session:
            klass = class_row(session, class_id)
            stmt = (
                select(orm.Enrolment, orm.Learner)
                .join(orm.Learner, orm.Enrolment.learner_id == orm.Learner.id)
                .where(orm.Enrolment.class_id == class_id)
            )
            return _sorted(_entry(e, learner, klass) for e, learner in session.execute(stmt))

    def default_enrolled_on(self, class_id: int) -> date:
        """The date a learner added now joins (``default_enrolment_date``)."""
        with self._read() as session:
            return self._default_date(class_row(session, class_id))

    def recorded_marks(self, enrolment_id: int) -> int:
        """Attendance marks and scores recorded for an enrolment (what removing it would delete)."""
        with self._read() as session:
            marks = (
                session.scalar(select(func.count()).where(orm.Attendance.enrolment_id == enrolment_id)) or 0
            )
            scores = session.scalar(select(func.count()).where(orm.Score.enrolment_id == enrolment_id)) or 0
            return marks + scores

    # -- enrolling -----------------------------------------------------------------------------------
    def enrol(
        self, class_id: int, learner_ids: Sequence[int], enrolled_on: date | None = None
    ) -> EnrolResult:
        """Enrol learners already on file. Learners already in the class are skipped and reported;
        an archived learner refuses the whole call (nothing is written)."""
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            on = self._check_enrolled_on(klass, enrolled_on)
            names = self._writer.usable_learners(session, learner_ids)
            ids, already = self._writer.enrol(session, klass, names, on, self.new_batch_id())
            return EnrolResult(_added(session, klass, ids), tuple(already))

    def quick_add(self, class_id: int, learner: dm.Learner, enrolled_on: date | None = None) -> RosterEntry:
        """Create a new learner and enrol them, in one transaction."""
        cleaned = validate_learner(learner, self._ctx.today())
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            on = self._check_enrolled_on(klass, enrolled_on)
            LearnerService._check_cccd_free(session, cleaned.cccd, None)
            batch = self.new_batch_id()
            (learner_id,) = self._writer.create_learners(session, [cleaned], batch)
            ids, _already = self._writer.enrol(session, klass, {learner_id: cleaned.full_name}, on, batch)
            return _added(session, klass, ids)[0]

    # -- changing an enrolment -----------------------------------------------------------------------
    def withdraw(self, enrolment_id: int, on_date: date, reason: str) -> RosterEntry:
        """Mark a learner as having left the class on ``on_date`` (kept on the roster, marked)."""
        reason = clean_text(reason)
        if not reason:
            raise ValidationError("reason", "Lý do thôi học không được để trống.")
        if len(reason) > 300:
            raise ValidationError("reason", "Lý do thôi học dài quá 300 ký tự.")
        if on_date is None:
            raise ValidationError("on_date", "Ngày thôi học không được để trống.")
        with self._write() as session:
            enrolment, learner = self._enrolment(session, enrolment_id)
            klass = require_unlocked(session, enrolment.class_id)
            if enrolment.status == EnrolmentStatus.WITHDRAWN.value:
                raise ConflictError(f"Học viên {learner.full_name} đã thôi học từ trước.")
            if on_date < enrolment.enrolled_on or on_date > klass.end_date:
                raise ValidationError(
                    "on_date",
                    f"Ngày thôi học ({format_date(on_date)}) phải từ ngày vào lớp "
                    f"({format_date(enrolment.enrolled_on)}) đến ngày kết thúc lớp "
                    f"({format_date(klass.end_date)}).",
                )
            before = self._values(enrolment)
            enrolment.status = EnrolmentStatus.WITHDRAWN.value
            enrolment.withdrawn_on = on_date
            enrolment.note = reason
            self._audit(
                session,
                self.ENTITY,
                enrolment.id,
                AuditAction.UPDATE,
                diff(before, self._values(enrolment)),
                f"{learner.full_name} thôi học lớp {klass.code} từ {format_date(on_date)}: {reason}",
            )
            return _entry(enrolment, learner, klass)

    def reinstate(self, enrolment_id: int) -> RosterEntry:
        """Undo a withdrawal: the learner is studying again (the withdrawal reason is cleared)."""
        with self._write() as session:
            enrolment, learner = self._enrolment(session, enrolment_id)
            klass = require_unlocked(session, enrolment.class_id)
            if enrolment.status != EnrolmentStatus.WITHDRAWN.value:
                raise ConflictError(f"Học viên {learner.full_name} đang học, không cần cho học lại.")
            before = self._values(enrolment)
            enrolment.status = EnrolmentStatus.ACTIVE.value
            enrolment.withdrawn_on = None
            enrolment.note = ""
            self._audit(
                session,
                self.ENTITY,
                enrolment.id,
                AuditAction.RESTORE,
                diff(before, self._values(enrolment)),
                f"{learner.full_name} học lại lớp {klass.code}",
            )
            return _entry(enrolment, learner, klass)

    def remove(self, enrolment_id: int) -> None:
        """Delete an enrolment with its attendance marks and scores; refused once a certificate exists."""
        with self._write() as session:
            enrolment, learner = self._enrolment(session, enrolment_id)
            klass = require_unlocked(session, enrolment.class_id)
            certificate = session.scalar(
                select(orm.Certificate.id).where(orm.Certificate.enrolment_id == enrolment.id).limit(1)
            )
            if certificate is not None:
                raise ConflictError(
                    f"Học viên {learner.full_name} đã được cấp giấy chứng nhận của lớp này nên không thể "
                    "xóa khỏi lớp (giấy chứng nhận không bao giờ bị xóa). Có thể ghi “Thôi học” thay vào đó."
                )
            marks = session.execute(
                delete(orm.Attendance).where(orm.Attendance.enrolment_id == enrolment.id)
            ).rowcount
            scores = session.execute(delete(orm.Score).where(orm.Score.enrolment_id == enrolment.id)).rowcount
            before = self._values(enrolment)
            self._audit(
                session,
                self.ENTITY,
                enrolment.id,
                AuditAction.DELETE,
                diff(before, {}),
                f"Xóa {learner.full_name} khỏi lớp {klass.code} ({marks} lượt điểm danh, {scores} điểm)",
            )
            session.delete(enrolment)

    # -- helpers -------------------------------------------------------------------------------------
    def _default_date(self, klass: orm.TrainingClass) -> date:
        return default_enrolment_date(klass.start_date, klass.end_date, self._ctx.today())

    def _check_enrolled_on(self, klass: orm.TrainingClass, enrolled_on: date | None) -> date:
        if enrolled_on is None:
            return self._default_date(klass)
        if enrolled_on > klass.end_date:
            raise ValidationError(
                "enrolled_on",
                f"Ngày vào lớp ({format_date(enrolled_on)}) không được sau ngày kết thúc lớp "
                f"({format_date(klass.end_date)}).",
            )
        return enrolled_on

    @staticmethod
    def _enrolment(session: Session, enrolment_id: int) -> tuple[orm.Enrolment, orm.Learner]:
        enrolment = session.get(orm.Enrolment, enrolment_id)
        if enrolment is None:
            raise NotFoundError("Không tìm thấy học viên trong lớp (có thể đã bị xóa khỏi lớp).")
        return enrolment, enrolment.learner

    @staticmethod
    def _values(enrolment: orm.Enrolment) -> dict[str, object]:
        return {
            "class_id": enrolment.class_id,
            "learner_id": enrolment.learner_id,
            "enrolled_on": enrolment.enrolled_on,
            "status": enrolment.status,
            "withdrawn_on": enrolment.withdrawn_on,
            "note": enrolment.note,
        }
