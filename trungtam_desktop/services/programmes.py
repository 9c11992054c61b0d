"""Programmes (chương trình): lessons, assessment components, grading bands, absence limit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from trungtam_desktop.domain.validation import validate_programme
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.mappers import programme_to_domain

_SCALARS = ("code", "name", "tiet_per_buoi", "absence_limit_num", "absence_limit_den", "active")


def _load():  # type: ignore[no-untyped-def]
    return (
        selectinload(orm.Programme.lessons),
        selectinload(orm.Programme.components),
        selectinload(orm.Programme.bands),
    )


class ProgrammeService(Service):
    ENTITY = "programme"

    def list(self, *, active_only: bool = False) -> list[dm.Programme]:
        with self._read() as session:
            stmt = select(orm.Programme).options(*_load()).order_by(orm.Programme.id)
            if active_only:
                stmt = stmt.where(orm.Programme.active.is_(True))
            return [programme_to_domain(row) for row in session.scalars(stmt)]

    def get(self, programme_id: int) -> dm.Programme:
        with self._read() as session:
            return programme_to_domain(self._row(session, programme_id))

    def create(self, programme: dm.Programme) -> dm.Programme:
        self._require(Permission.SETTINGS)
        cleaned = validate_programme(programme)
        with self._write() as session:
            self._check_code(session, cleaned)
            row = orm.Programme(
                kind=cleaned.kind.value,
                certificate_kind=cleaned.certificate_kind.value,
                **{k: getattr(cleaned, k) for k in _SCALARS},
            )
            session.add(row)
            self._sync_children(session, row, cleaned)
            session.flush()
            self._audit(
                session, self.ENTITY, row.id, AuditAction.CREATE, {"name": [None, row.name]}, row.name
            )
            return programme_to_domain(row)

    def update(self, programme: dm.Programme) -> dm.Programme:
        """Save a programme; lessons and components keep their identity (by id) so scores stay linked."""
        self._require(Permission.SETTINGS)
        if programme.id is None:
            raise NotFoundError("Chương trình chưa được lưu nên không thể sửa.")
        cleaned = validate_programme(programme)
        with self._write() as session:
            row = self._row(session, programme.id)
            self._check_code(session, cleaned)
            before = programme_to_domain(row)
            for key in _SCALARS:
                setattr(row, key, getattr(cleaned, key))
            row.kind = cleaned.kind.value
            row.certificate_kind = cleaned.certificate_kind.value
            self._sync_children(session, row, cleaned)
            session.flush()
            session.refresh(row)
            after = programme_to_domain(row)
            if before != after:
                self._audit(
                    session,
                    self.ENTITY,
                    row.id,
                    AuditAction.UPDATE,
                    {"programme": [repr(before), repr(after)]},
                    row.name,
                )
            return after

    def _sync_children(self, session: Session, row: orm.Programme, programme: dm.Programme) -> None:
        existing_lessons = {lesson.id: lesson for lesson in row.lessons}
        kept: list[orm.ProgrammeLesson] = []
        for position, lesson in enumerate(programme.lessons, start=1):
            target = existing_lessons.pop(lesson.id, None) if lesson.id else None
            if target is None:
                target = orm.ProgrammeLesson()
            target.position, target.title, target.tiet = -position, lesson.title, lesson.tiet
            kept.append(target)
        row.lessons = kept

        existing = {c.id: c for c in row.components}
        components: list[orm.AssessmentComponent] = []
        for position, comp in enumerate(programme.components, start=1):
            target = existing.pop(comp.id, None) if comp.id else None
            if target is None:
                target = orm.AssessmentComponent()
            target.position, target.name = -position, comp.name
            target.weight_percent, target.min_score = comp.weight_percent, comp.min_score
            components.append(target)
        if existing and row.id is not None:
            scored = session.scalar(
                select(func.count()).select_from(orm.Score).where(orm.Score.component_id.in_(list(existing)))
            )
            if scored:
                names = ", ".join(c.name for c in existing.values())
                raise ConflictError(f"Không thể xóa cột điểm đã có điểm của học viên: {names}.")
        row.components = components
        # Positions were written negative first so that reordering never collides with the unique index.
        session.flush()
        for position, lesson in enumerate(row.lessons, start=1):
            lesson.position = position
        for position, comp in enumerate(row.components, start=1):
            comp.position = position

        bands = {band.grade: band for band in row.bands}
        new_bands = []
        for band in programme.bands:
            target = bands.pop(band.grade.value, None) or orm.GradingBand(grade=band.grade.value)
            target.min_score = band.min_score
            new_bands.append(target)
        row.bands = new_bands

    @staticmethod
    def _check_code(session: Session, programme: dm.Programme) -> None:
        other = session.scalar(select(orm.Programme.id).where(orm.Programme.code == programme.code))
        if other is not None and other != programme.id:
            raise ValidationError("code", f"Mã chương trình “{programme.code}” đã được dùng.")

    @staticmethod
    def _row(session: Session, programme_id: int) -> orm.Programme:
        row = session.scalar(select(orm.Programme).options(*_load()).where(orm.Programme.id == programme_id))
        if row is None:
            raise NotFoundError(f"Không tìm thấy chương trình (mã {programme_id}).")
        return row
