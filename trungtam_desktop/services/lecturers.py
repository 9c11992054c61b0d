"""Lecturers: full-time, part-time, reporters and guests."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.errors import NotFoundError
from trungtam_desktop.domain.validation import validate_lecturer
from trungtam_desktop.domain.vietnamese import fold
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.mappers import lecturer_to_domain, lecturer_values


class LecturerService(Service):
    ENTITY = "lecturer"

    def list(self, query: str = "", *, active_only: bool = False) -> list[dm.Lecturer]:
        """All lecturers (a centre has tens, not thousands), in Vietnamese name order."""
        with self._read() as session:
            stmt = select(orm.Lecturer).order_by(orm.Lecturer.sort_key, orm.Lecturer.id)
            if active_only:
                stmt = stmt.where(orm.Lecturer.active.is_(True))
            key = fold(query)
            if key:
                pattern = f"%{key}%"
                stmt = stmt.where(
                    or_(orm.Lecturer.name_key.like(pattern), orm.Lecturer.unit.like(f"%{query}%"))
                )
            return [lecturer_to_domain(row) for row in session.scalars(stmt)]

    def get(self, lecturer_id: int) -> dm.Lecturer:
        with self._read() as session:
            return lecturer_to_domain(self._row(session, lecturer_id))

    def check(self, lecturer: dm.Lecturer) -> dm.Lecturer:
        """The lecturer as ``create``/``update`` would clean it, or ``ValidationError``; nothing written."""
        return validate_lecturer(lecturer, self._ctx.today())

    def create(self, lecturer: dm.Lecturer) -> dm.Lecturer:
        cleaned = validate_lecturer(lecturer, self._ctx.today())
        with self._write() as session:
            values = lecturer_values(cleaned)
            row = orm.Lecturer(**values)
            session.add(row)
            session.flush()
            self._audit(session, self.ENTITY, row.id, AuditAction.CREATE, diff({}, values), cleaned.full_name)
            return lecturer_to_domain(row)

    def update(self, lecturer: dm.Lecturer) -> dm.Lecturer:
        if lecturer.id is None:
            raise NotFoundError("Giảng viên chưa được lưu nên không thể sửa.")
        cleaned = validate_lecturer(lecturer, self._ctx.today())
        with self._write() as session:
            row = self._row(session, lecturer.id)
            before = lecturer_values(lecturer_to_domain(row))
            after = lecturer_values(cleaned)
            for name, value in after.items():
                setattr(row, name, value)
            changes = diff(before, after)
            if changes:
                self._audit(session, self.ENTITY, row.id, AuditAction.UPDATE, changes, cleaned.full_name)
            return lecturer_to_domain(row)

    def set_active(self, lecturer_id: int, active: bool) -> dm.Lecturer:
        """Deactivate (kept for history and reports) or reactivate a lecturer."""
        with self._write() as session:
            row = self._row(session, lecturer_id)
            if row.active != active:
                row.active = active
                action = AuditAction.RESTORE if active else AuditAction.ARCHIVE
                self._audit(
                    session, self.ENTITY, row.id, action, {"active": [not active, active]}, row.full_name
                )
            return lecturer_to_domain(row)

    @staticmethod
    def _row(session: Session, lecturer_id: int) -> orm.Lecturer:
        row = session.get(orm.Lecturer, lecturer_id)
        if row is None:
            raise NotFoundError(f"Không tìm thấy giảng viên (mã {lecturer_id}).")
        return row
