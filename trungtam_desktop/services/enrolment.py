"""A class's roster: enrol existing learners, quick-add a new one, paste a list from Excel, withdraw,
reinstate and remove. Every write checks that the class is not locked and is audited."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.classwork import EnrolResult, MatchStatus, PastedList, PastedRow, RosterEntry
from trungtam_desktop.domain.enums import AuditAction, ClassStatus, EnrolmentStatus, Gender, PartyStatus
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.pasted_list import parse_pasted_text
from trungtam_desktop.domain.validation import validate_learner, validate_listed_learner
from trungtam_desktop.domain.vietnamese import clean_text, fold, format_date, person_sort_key
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.guards import class_row, require_unlocked
from trungtam_desktop.services.learners import LearnerService
from trungtam_desktop.services.mappers import learner_to_domain, learner_values


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
        class_ended=klass.status in (ClassStatus.FINISHED.value, ClassStatus.CLOSED.value),
    )


def _sorted(entries: Iterable[RosterEntry]) -> list[RosterEntry]:
    return sorted(
        entries, key=lambda e: (person_sort_key(e.full_name, e.birth_date, e.birth_year), e.learner_id)
    )


class EnrolmentService(Service):
    ENTITY = "enrolment"

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
        """The date a learner added now joins: today while the class runs, else its first day.

        Before the class starts everybody joins from the start. After it ended the clerk is entering the
        roster after the fact, and the learners did attend from the start too.
        """
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

    def parse_pasted(self, text: str, class_id: int | None = None) -> PastedList:
        """Read a list pasted from Excel and match each row against the learners on file.

        Same folded name and birth (date, or year when only the year is known on either side) → that
        learner; several → ambiguous (the clerk chooses); none → a new record. A row without a birth
        matches by name alone and is ambiguous when anybody has that name. With ``class_id``, rows of
        learners already in that class are flagged (enrolling skips them).
        """
        parsed = parse_pasted_text(text, self._ctx.today())
        with self._read() as session:
            enrolled: set[int] = set()
            if class_id is not None:
                class_row(session, class_id)
                enrolled = set(
                    session.scalars(
                        select(orm.Enrolment.learner_id).where(orm.Enrolment.class_id == class_id)
                    )
                )
            rows = tuple(self._match(session, row, enrolled) for row in parsed.rows)
        return PastedList(rows, parsed.columns, parsed.has_header, parsed.encoding)

    # -- enrolling -----------------------------------------------------------------------------------
    def enrol(
        self, class_id: int, learner_ids: Sequence[int], enrolled_on: date | None = None
    ) -> EnrolResult:
        """Enrol learners already on file. Learners already in the class are skipped and reported;
        an archived learner refuses the whole call (nothing is written)."""
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            on = self._check_enrolled_on(klass, enrolled_on)
            batch = self.new_batch_id()
            learners = [self._learner(session, learner_id) for learner_id in dict.fromkeys(learner_ids)]
            return self._enrol_rows(session, klass, learners, on, batch)

    def quick_add(self, class_id: int, learner: dm.Learner, enrolled_on: date | None = None) -> RosterEntry:
        """Create a new learner and enrol them, in one transaction."""
        cleaned = validate_learner(learner, self._ctx.today())
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            on = self._check_enrolled_on(klass, enrolled_on)
            batch = self.new_batch_id()
            row = self._create_learner(session, cleaned, batch)
            return self._enrol_rows(session, klass, [row], on, batch, created=1).enrolled[0]

    def enrol_pasted(
        self, class_id: int, rows: Sequence[PastedRow], enrolled_on: date | None = None
    ) -> EnrolResult:
        """Create the new learners of a pasted list and enrol every row, all in one transaction.

        Any row in error, or still ambiguous, refuses the whole list: nothing is written.
        """
        if not rows:
            raise ValidationError("rows", "Danh sách dán vào chưa có dòng nào.")
        errors = [row.error for row in rows if row.error]
        if errors:
            more = f" (và {len(errors) - 1} dòng lỗi khác)" if len(errors) > 1 else ""
            raise ValidationError("rows", errors[0] + more)
        for row in rows:
            if not row.ready:
                raise ValidationError(
                    "rows",
                    f"Dòng {row.line}: có nhiều hồ sơ cùng họ tên “{row.full_name}”; hãy chọn đúng người "
                    "hoặc chọn tạo hồ sơ mới.",
                )
        today = self._ctx.today()
        with self._write() as session:
            klass = require_unlocked(session, class_id)
            on = self._check_enrolled_on(klass, enrolled_on)
            batch = self.new_batch_id()
            learners, created = [], 0
            for row in rows:
                if row.match is MatchStatus.NEW:
                    values = dm.Learner(
                        row.full_name,
                        birth_date=row.birth_date,
                        birth_year=row.birth_year,
                        gender=row.gender,
                        unit=row.unit,
                    )
                    try:
                        cleaned = validate_listed_learner(values, today)
                    except ValidationError as exc:
                        raise ValidationError("rows", f"Dòng {row.line}: {exc.message}") from None
                    learners.append(self._create_learner(session, cleaned, batch, "dán từ Excel"))
                    created += 1
                else:
                    assert row.learner_id is not None  # guaranteed by row.ready
                    learners.append(self._learner(session, row.learner_id))
            return self._enrol_rows(session, klass, learners, on, batch, created=created)

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
        today = self._ctx.today()
        return today if klass.start_date <= today <= klass.end_date else klass.start_date

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
    def _learner(session: Session, learner_id: int) -> orm.Learner:
        learner = session.get(orm.Learner, learner_id)
        if learner is None:
            raise NotFoundError(f"Không tìm thấy học viên (mã {learner_id}).")
        if learner.archived:
            raise ValidationError(
                "learner_ids",
                f"Học viên {learner.full_name} đã được lưu trữ; hãy khôi phục hồ sơ trước khi xếp vào lớp.",
            )
        return learner

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

    def _create_learner(
        self, session: Session, cleaned: dm.Learner, batch: str, origin: str = ""
    ) -> orm.Learner:
        LearnerService._check_cccd_free(session, cleaned.cccd, None)
        values = learner_values(cleaned)
        row = orm.Learner(**values)
        session.add(row)
        session.flush()
        summary = f"{cleaned.full_name} ({origin})" if origin else cleaned.full_name
        self._audit(
            session, LearnerService.ENTITY, row.id, AuditAction.CREATE, diff({}, values), summary, batch
        )
        return row

    def _enrol_rows(
        self,
        session: Session,
        klass: orm.TrainingClass,
        learners: list[orm.Learner],
        on: date,
        batch: str,
        *,
        created: int = 0,
    ) -> EnrolResult:
        existing = set(
            session.scalars(select(orm.Enrolment.learner_id).where(orm.Enrolment.class_id == klass.id))
        )
        added, skipped = [], []
        for learner in learners:
            if learner.id in existing:
                skipped.append(learner.full_name)
                continue
            existing.add(learner.id)
            enrolment = orm.Enrolment(
                class_id=klass.id, learner_id=learner.id, enrolled_on=on, status=EnrolmentStatus.ACTIVE.value
            )
            session.add(enrolment)
            session.flush()
            self._audit(
                session,
                self.ENTITY,
                enrolment.id,
                AuditAction.CREATE,
                diff({}, self._values(enrolment)),
                f"{learner.full_name} vào lớp {klass.code} từ {format_date(on)}",
                batch,
            )
            added.append(_entry(enrolment, learner, klass))
        return EnrolResult(tuple(_sorted(added)), tuple(skipped), created)

    @staticmethod
    def _match(session: Session, row: PastedRow, enrolled: set[int]) -> PastedRow:
        if row.error:
            return row
        same_name = orm.Learner.name_key == fold(row.full_name)
        if row.birth_date is not None:
            same_birth = or_(
                orm.Learner.birth_date == row.birth_date,
                and_(orm.Learner.birth_date.is_(None), orm.Learner.birth_year == row.birth_year),
            )
            stmt = select(orm.Learner).where(same_name, same_birth)
        elif row.birth_year is not None:
            stmt = select(orm.Learner).where(same_name, orm.Learner.birth_year == row.birth_year)
        else:
            stmt = select(orm.Learner).where(same_name)
        found = session.scalars(stmt.order_by(orm.Learner.sort_key, orm.Learner.id).limit(20)).all()
        candidates = tuple(learner_to_domain(learner) for learner in found)
        if not found:
            return dataclasses.replace(row, match=MatchStatus.NEW)
        if len(found) == 1 and (row.birth_date is not None or row.birth_year is not None):
            learner = found[0]
            if learner.archived:
                return dataclasses.replace(
                    row,
                    error=f"Dòng {row.line}: học viên {learner.full_name} đã được lưu trữ; "
                    "hãy khôi phục hồ sơ (trang Học viên) trước khi xếp vào lớp.",
                    candidates=candidates,
                )
            return dataclasses.replace(
                row,
                match=MatchStatus.EXISTING,
                learner_id=learner.id,
                candidates=candidates,
                in_class=learner.id in enrolled,
            )
        return dataclasses.replace(row, match=MatchStatus.AMBIGUOUS, candidates=candidates)
