"""Classes (lớp, khóa, đợt): create, edit, close, delete one made by mistake, list with filters, and the
next round of a class (proposed, written only when the clerk saves it)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session, joinedload

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.class_rounds import bump_number, round_key
from trungtam_desktop.domain.class_state import check_unlocked
from trungtam_desktop.domain.enums import AuditAction, ClassStatus
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.validation import validate_class
from trungtam_desktop.domain.vietnamese import fold, format_int
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.mappers import class_to_domain, class_values
from trungtam_desktop.services.organisation import OrganisationService


class ClassService(Service):
    ENTITY = "class"

    def list(
        self,
        *,
        year: int | None = None,
        programme_id: int | None = None,
        status: ClassStatus | None = None,
        query: str = "",
    ) -> list[dm.TrainingClass]:
        """Classes matching the filters, newest first, with their learner counts."""
        with self._read() as session:
            counts = (
                select(orm.Enrolment.class_id, func.count().label("n"))
                .group_by(orm.Enrolment.class_id)
                .subquery()
            )
            stmt = (
                select(orm.TrainingClass, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.class_id == orm.TrainingClass.id)
                .options(
                    joinedload(orm.TrainingClass.programme), joinedload(orm.TrainingClass.homeroom_lecturer)
                )
                .order_by(orm.TrainingClass.start_date.desc(), orm.TrainingClass.code)
            )
            if year is not None:
                stmt = stmt.where(
                    or_(
                        extract("year", orm.TrainingClass.start_date) == year,
                        extract("year", orm.TrainingClass.end_date) == year,
                    )
                )
            if programme_id is not None:
                stmt = stmt.where(orm.TrainingClass.programme_id == programme_id)
            if status is not None:
                stmt = stmt.where(orm.TrainingClass.status == status.value)
            rows = session.execute(stmt).all()
            result = [class_to_domain(row, count) for row, count in rows]
        key = fold(query)
        if key:
            result = [c for c in result if key in fold(f"{c.code} {c.name} {c.programme_name} {c.venue}")]
        return result

    def commune_choices(self) -> list[str]:
        """The communes served today, where a class may be held ("" in the form: at the centre)."""
        return OrganisationService(self._ctx).commune_choices()

    def years(self) -> list[int]:
        """The years that have classes, newest first."""
        with self._read() as session:
            stmt = select(extract("year", orm.TrainingClass.start_date)).distinct()
            return sorted((int(y) for y in session.scalars(stmt) if y is not None), reverse=True)

    def count(self) -> int:
        with self._read() as session:
            return session.scalar(select(func.count()).select_from(orm.TrainingClass)) or 0

    def suggest_code(self, programme_id: int, year: int) -> str:
        """The next free code for a class of this programme and year, e.g. "NTVD-2024-03"."""
        with self._read() as session:
            programme = session.get(orm.Programme, programme_id)
            if programme is None:
                raise NotFoundError("Không tìm thấy chương trình.")
            prefix = f"{programme.code}-{year}-"
            used = set(
                session.scalars(
                    select(orm.TrainingClass.code).where(orm.TrainingClass.code.like(f"{prefix}%"))
                )
            )
            number = len(used) + 1
            while f"{prefix}{number:02d}" in used:
                number += 1
            return f"{prefix}{number:02d}"

    def get(self, class_id: int) -> dm.TrainingClass:
        with self._read() as session:
            return self._domain(session, self._row(session, class_id))

    def get_by_code(self, code: str) -> dm.TrainingClass:
        with self._read() as session:
            row = session.scalar(select(orm.TrainingClass).where(orm.TrainingClass.code == code.strip()))
            if row is None:
                raise NotFoundError(f"Không tìm thấy lớp có mã “{code}”.")
            return self._domain(session, row)

    def check(self, training_class: dm.TrainingClass) -> dm.TrainingClass:
        """The class as ``create``/``update`` would take it (fields, programme, code and khóa/đợt number
        free), or ``ValidationError``; nothing is written (the form checks early with it)."""
        cleaned = validate_class(training_class)
        with self._read() as session:
            self._check_references(session, cleaned)
        return cleaned

    def create(self, training_class: dm.TrainingClass) -> dm.TrainingClass:
        cleaned = validate_class(training_class)
        with self._write() as session:
            self._check_references(session, cleaned)
            values = class_values(cleaned)
            row = orm.TrainingClass(**values)
            session.add(row)
            session.flush()
            self._audit(session, self.ENTITY, row.id, AuditAction.CREATE, diff({}, values), cleaned.name)
            return self._domain(session, row)

    def update(self, training_class: dm.TrainingClass) -> dm.TrainingClass:
        if training_class.id is None:
            raise NotFoundError("Lớp chưa được lưu nên không thể sửa.")
        cleaned = validate_class(training_class)
        with self._write() as session:
            row = self._row(session, training_class.id)
            check_unlocked(row.locked, row.code, row.name)
            self._check_references(session, cleaned)
            before = class_values(class_to_domain(row))
            after = class_values(cleaned)
            for name, value in after.items():
                setattr(row, name, value)
            changes = diff(before, after)
            if changes:
                self._audit(session, self.ENTITY, row.id, AuditAction.UPDATE, changes, cleaned.name)
            session.flush()
            session.refresh(row)
            return self._domain(session, row)

    def set_status(self, class_id: int, status: ClassStatus) -> dm.TrainingClass:
        """Open, finish or close a class (closing is how a clerk puts a finished class away)."""
        with self._write() as session:
            row = self._row(session, class_id)
            if row.status != status.value:
                self._audit(
                    session,
                    self.ENTITY,
                    row.id,
                    AuditAction.UPDATE,
                    {"status": [row.status, status.value]},
                    row.name,
                )
                row.status = status.value
            return self._domain(session, row)

    def next_round_draft(self, class_id: int) -> dm.TrainingClass:
        """The next round of a class as "Tạo đợt tiếp theo" proposes it: same programme and details, code
        and khóa/đợt number one more (the next free ones), a week after this one ends, planned. Nothing is
        written: the clerk saves it with ``create`` (or cancels)."""
        with self._read() as session:
            source = self._domain(session, self._row(session, class_id))
            code = bump_number(source.code, last=True)
            while self._code_taken(session, code):
                code = bump_number(code, last=True)
            start = source.end_date + timedelta(days=7)
            name = bump_number(source.name, last=False)
            for _ in range(1000):  # the next number nobody uses (a later round may exist already)
                if self._round_clash(session, source.programme_id, name, start.year, None) is None:
                    break
                name = bump_number(name, last=False)
            return dataclasses.replace(
                source,
                id=None,
                code=code,
                name=name,
                start_date=start,
                end_date=start + (source.end_date - source.start_date),
                status=ClassStatus.PLANNED,
                locked=False,
                notes="",
                learner_count=0,
            )

    def why_not_delete(self, class_id: int) -> str:
        """ "" when the class may be deleted (it holds no attendance, scores or certificates, and is not
        locked); otherwise why not, and what to do instead (close it)."""
        with self._read() as session:
            return self._why_not_delete(session, self._row(session, class_id))

    def delete(self, class_id: int) -> dm.TrainingClass:
        """Delete a class made by mistake, with its roster and timetable, in one audited step. Refused (with
        the reason) once the class holds attendance, scores or certificates: such a class is closed
        instead. Returns the class as it was."""
        with self._write() as session:
            row = self._row(session, class_id)
            why_not = self._why_not_delete(session, row)
            if why_not:
                raise ConflictError(why_not)
            gone = self._domain(session, row)
            enrolments = session.scalars(
                select(orm.Enrolment).where(orm.Enrolment.class_id == class_id)
            ).all()
            sessions = session.scalars(
                select(orm.ClassSession).where(orm.ClassSession.class_id == class_id)
            ).all()
            before = class_values(gone)
            before["learners"] = [e.learner_id for e in enrolments]
            before["sessions"] = len(sessions)
            for child in [*enrolments, *sessions]:
                session.delete(child)
            session.flush()
            session.delete(row)
            self._audit(
                session,
                self.ENTITY,
                class_id,
                AuditAction.DELETE,
                diff(before, {}),
                f"Xóa lớp {gone.code} – {gone.name} (tạo nhầm; {format_int(len(enrolments))} học viên trong "
                f"danh sách, {format_int(len(sessions))} buổi trong lịch học)",
            )
            return gone

    @staticmethod
    def _why_not_delete(session: Session, row: orm.TrainingClass) -> str:
        enrolment_ids = select(orm.Enrolment.id).where(orm.Enrolment.class_id == row.id)
        held = {
            "ô điểm danh": session.scalar(
                select(func.count()).where(orm.Attendance.enrolment_id.in_(enrolment_ids))
            ),
            "điểm": session.scalar(select(func.count()).where(orm.Score.enrolment_id.in_(enrolment_ids))),
            "giấy chứng nhận": session.scalar(
                select(func.count()).where(orm.Certificate.enrolment_id.in_(enrolment_ids))
            ),
        }
        found = [f"{format_int(n)} {what}" for what, n in held.items() if n]
        if not found and not row.locked:
            return ""
        what = ", ".join(found) if found else "kết quả đã khóa"
        return (
            f"Không xóa được lớp “{row.code} – {row.name}” vì lớp đã có {what}: đó là hồ sơ thật của "
            "trung tâm, xóa đi sẽ mất dấu vết. Nếu lớp không còn dùng, hãy đóng lớp (Chuyển trạng thái → "
            "Đóng lớp): lớp được cất đi, vẫn giữ nguyên hồ sơ và có thể mở lại."
        )

    @staticmethod
    def _check_references(session: Session, training_class: dm.TrainingClass) -> None:
        programme_id = training_class.programme_id
        if programme_id is None or session.get(orm.Programme, programme_id) is None:
            raise ValidationError("programme_id", "Hãy chọn chương trình của lớp.")
        lecturer_id = training_class.homeroom_lecturer_id
        if lecturer_id is not None and session.get(orm.Lecturer, lecturer_id) is None:
            raise ValidationError("homeroom_lecturer_id", "Giảng viên chủ nhiệm không tồn tại.")
        stmt = select(orm.TrainingClass.id).where(orm.TrainingClass.code == training_class.code)
        other = session.scalar(stmt)
        if other is not None and other != training_class.id:
            raise ValidationError("code", f"Mã lớp “{training_class.code}” đã được dùng cho lớp khác.")
        stored = session.get(orm.TrainingClass, training_class.id) if training_class.id else None
        if stored is not None and (
            (stored.programme_id, round_key(stored.name, stored.start_date.year))
            == (training_class.programme_id, round_key(training_class.name, training_class.start_date.year))
        ):
            return  # the round number is unchanged: a clash already on file is not the clerk's edit
        clash = ClassService._round_clash(
            session,
            training_class.programme_id,
            training_class.name,
            training_class.start_date.year,
            training_class.id,
        )
        if clash is not None:
            raise ValidationError(
                "name",
                f"Chương trình này đã có lớp “{clash.name}” (mã {clash.code}); hai lớp của một chương trình "
                "không được trùng số khóa/đợt. Hãy sửa tên lớp, hoặc mở lớp đã có.",
            )

    @staticmethod
    def _code_taken(session: Session, code: str) -> bool:
        return session.scalar(select(orm.TrainingClass.id).where(orm.TrainingClass.code == code)) is not None

    @staticmethod
    def _round_clash(
        session: Session, programme_id: int, name: str, start_year: int, class_id: int | None
    ) -> orm.TrainingClass | None:
        """Another class of the programme with the same khóa/đợt number as ``name`` (domain/class_rounds)."""
        key = round_key(name, start_year)
        if key is None:
            return None
        stmt = select(orm.TrainingClass).where(orm.TrainingClass.programme_id == programme_id)
        if class_id is not None:
            stmt = stmt.where(orm.TrainingClass.id != class_id)
        return next(
            (row for row in session.scalars(stmt) if round_key(row.name, row.start_date.year) == key), None
        )

    @staticmethod
    def _row(session: Session, class_id: int) -> orm.TrainingClass:
        row = session.get(orm.TrainingClass, class_id)
        if row is None:
            raise NotFoundError(f"Không tìm thấy lớp (mã {class_id}).")
        return row

    @staticmethod
    def _domain(session: Session, row: orm.TrainingClass) -> dm.TrainingClass:
        count = session.scalar(select(func.count()).where(orm.Enrolment.class_id == row.id)) or 0
        return class_to_domain(row, count)
