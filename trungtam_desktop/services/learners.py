"""Learners: create, read, update, archive, search, and possible duplicates."""

from __future__ import annotations

import re

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.certificates import format_number
from trungtam_desktop.domain.class_state import ended_status
from trungtam_desktop.domain.enums import AuditAction, CertificateStatus, EnrolmentStatus, Grade
from trungtam_desktop.domain.errors import NotFoundError, ValidationError
from trungtam_desktop.domain.validation import validate_learner
from trungtam_desktop.domain.vietnamese import fold
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.mappers import learner_to_domain, learner_values
from trungtam_desktop.services.organisation import OrganisationService
from trungtam_desktop.services.validity import ValidityService

_DIGITS = re.compile(r"^\d+$")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_filter(query: str) -> list:  # type: ignore[type-arg]
    """SQL conditions for a typed search: folded name or unit substring, CCCD digits, birth year."""
    conditions = []
    words: list[str] = []
    for token in fold(query).split():
        if _DIGITS.match(token) and len(token) == 4 and 1900 <= int(token) <= 2100:
            conditions.append(
                or_(orm.Learner.birth_year == int(token), orm.Learner.cccd.like(_like(token), "\\"))
            )
        elif _DIGITS.match(token) and len(token) >= 5:
            conditions.append(orm.Learner.cccd.like(_like(token), "\\"))
        else:
            words.append(token)
    if words:
        pattern = _like(" ".join(words))
        conditions.append(
            or_(orm.Learner.name_key.like(pattern, "\\"), orm.Learner.unit_key.like(pattern, "\\"))
        )
    return conditions


# Orders the learner list can be sorted by, each ending with the Vietnamese name order as tie-break.
ORDERS = {
    "name": (orm.Learner.sort_key,),
    "birth": (func.coalesce(orm.Learner.birth_date, func.printf("%04d-12-31", orm.Learner.birth_year)),),
    "gender": (orm.Learner.gender,),
    "ethnicity": (orm.Learner.ethnicity,),
    "unit": (orm.Learner.unit_key,),
    "party_status": (orm.Learner.party_status,),
}


def _certificate_text(number: int, register: orm.CertificateRegister, status: str) -> str:
    """The learner's latest certificate of a class: "125/2024", "125/2024 (đã hủy)"."""
    text = format_number(register.number_format, number, register.year)
    return f"{text} (đã hủy)" if status == CertificateStatus.VOID.value else text


class LearnerService(Service):
    ENTITY = "learner"

    def search(
        self,
        query: str = "",
        *,
        offset: int = 0,
        limit: int = 100,
        include_archived: bool = False,
        order: str = "name",
        descending: bool = False,
    ) -> dm.Page[dm.Learner]:
        """One page of learners matching ``query``, in Vietnamese name order (or by ``order``)."""
        if order not in ORDERS:
            raise ValueError(f"unknown learner order {order!r}")
        conditions = search_filter(query)
        if not include_archived:
            conditions.append(orm.Learner.archived.is_(False))
        where = and_(*conditions) if conditions else None
        with self._read() as session:
            keys = [k.desc() if descending else k for k in ORDERS[order]]
            if order != "name":
                keys.append(orm.Learner.sort_key)
            stmt: Select = select(orm.Learner).order_by(*keys, orm.Learner.id)
            count_stmt = select(func.count()).select_from(orm.Learner)
            if where is not None:
                stmt, count_stmt = stmt.where(where), count_stmt.where(where)
            rows = session.scalars(stmt.offset(offset).limit(limit)).all()
            total = session.scalar(count_stmt) or 0
            counts = self._class_counts(session, [row.id for row in rows])
            items = tuple(learner_to_domain(row, counts.get(row.id, 0)) for row in rows)
        return dm.Page(items=items, total=total, offset=offset, limit=limit)

    def count(self, *, include_archived: bool = False) -> int:
        with self._read() as session:
            stmt = select(func.count()).select_from(orm.Learner)
            if not include_archived:
                stmt = stmt.where(orm.Learner.archived.is_(False))
            return session.scalar(stmt) or 0

    def get(self, learner_id: int) -> dm.Learner:
        with self._read() as session:
            row = self._row(session, learner_id)
            return learner_to_domain(row, self._class_counts(session, [row.id]).get(row.id, 0))

    def possible_duplicates(self, learner: dm.Learner) -> list[dm.Learner]:
        """Existing learners with the same CCCD, or the same folded name and birth date (or year)."""
        cleaned = validate_learner(learner, self._ctx.today())
        with self._read() as session:
            conditions = []
            if cleaned.cccd:
                conditions.append(orm.Learner.cccd == cleaned.cccd)
            same_name = orm.Learner.name_key == fold(cleaned.full_name)
            if cleaned.birth_date is not None:
                conditions.append(
                    and_(
                        same_name,
                        or_(
                            orm.Learner.birth_date == cleaned.birth_date,
                            and_(
                                orm.Learner.birth_date.is_(None), orm.Learner.birth_year == cleaned.birth_year
                            ),
                        ),
                    )
                )
            elif cleaned.birth_year is not None:
                conditions.append(and_(same_name, orm.Learner.birth_year == cleaned.birth_year))
            if not conditions:
                return []
            stmt = select(orm.Learner).where(or_(*conditions))
            if cleaned.id is not None:
                stmt = stmt.where(orm.Learner.id != cleaned.id)
            rows = session.scalars(stmt.order_by(orm.Learner.sort_key).limit(20)).all()
            return [learner_to_domain(row) for row in rows]

    def check(self, learner: dm.Learner) -> dm.Learner:
        """The learner as ``create``/``update`` would clean it, or ``ValidationError`` with every problem;
        nothing is read or written (the form checks early with it)."""
        return validate_learner(learner, self._ctx.today())

    def create(self, learner: dm.Learner) -> dm.Learner:
        cleaned = validate_learner(learner, self._ctx.today())
        with self._write() as session:
            self._check_cccd_free(session, cleaned.cccd, None)
            row = orm.Learner(**learner_values(cleaned))
            session.add(row)
            session.flush()
            self._audit(
                session,
                self.ENTITY,
                row.id,
                AuditAction.CREATE,
                diff({}, learner_values(cleaned)),
                cleaned.full_name,
            )
            return learner_to_domain(row)

    def update(self, learner: dm.Learner) -> dm.Learner:
        if learner.id is None:
            raise NotFoundError("Học viên chưa được lưu nên không thể sửa.")
        cleaned = validate_learner(learner, self._ctx.today())
        with self._write() as session:
            row = self._row(session, learner.id)
            self._check_cccd_free(session, cleaned.cccd, row.id)
            before = learner_values(learner_to_domain(row))
            after = learner_values(cleaned)
            for name, value in after.items():
                setattr(row, name, value)
            changes = diff(before, after)
            if changes:
                self._audit(session, self.ENTITY, row.id, AuditAction.UPDATE, changes, cleaned.full_name)
            session.flush()
            return learner_to_domain(row, self._class_counts(session, [row.id]).get(row.id, 0))

    def set_archived(self, learner_id: int, archived: bool = True) -> dm.Learner:
        """Archive (hide from lists) or bring back a learner; people with history are never deleted."""
        with self._write() as session:
            row = self._row(session, learner_id)
            if row.archived != archived:
                row.archived = archived
                action = AuditAction.ARCHIVE if archived else AuditAction.RESTORE
                self._audit(
                    session,
                    self.ENTITY,
                    row.id,
                    action,
                    {"archived": [not archived, archived]},
                    row.full_name,
                )
            return learner_to_domain(row)

    def commune_choices(self) -> list[str]:
        """The communes served today, offered in the form (another commune may still be typed)."""
        return OrganisationService(self._ctx).commune_choices()

    def history(self, learner_id: int) -> list[dm.LearnerEnrolment]:
        """Every class the learner attended, newest first, with result, certificate number and validity."""
        validity: dict[int, str] = {}
        for held in ValidityService(self._ctx).certificates_of(learner_id):  # newest first
            validity.setdefault(held.enrolment_id, held.validity.text(self._ctx.today()))
        with self._read() as session:
            self._row(session, learner_id)
            stmt = (
                select(orm.Enrolment, orm.TrainingClass, orm.Programme)
                .join(orm.TrainingClass, orm.Enrolment.class_id == orm.TrainingClass.id)
                .join(orm.Programme, orm.TrainingClass.programme_id == orm.Programme.id)
                .where(orm.Enrolment.learner_id == learner_id)
                .order_by(orm.TrainingClass.start_date.desc())
            )
            result = []
            for enrolment, klass, programme in session.execute(stmt):
                cert = session.execute(
                    select(orm.Certificate.number, orm.CertificateRegister, orm.Certificate.status)
                    .join(orm.CertificateRegister, orm.Certificate.register_id == orm.CertificateRegister.id)
                    .where(orm.Certificate.enrolment_id == enrolment.id)
                    .order_by(orm.Certificate.id.desc())
                ).first()
                result.append(
                    dm.LearnerEnrolment(
                        class_id=klass.id,
                        class_code=klass.code,
                        class_name=klass.name,
                        programme_name=programme.name,
                        start_date=klass.start_date,
                        end_date=klass.end_date,
                        status=EnrolmentStatus(enrolment.status),
                        final_score=enrolment.final_score,
                        grade=Grade(enrolment.grade) if enrolment.grade else None,
                        certificate=_certificate_text(*cert) if cert else "",
                        class_ended=ended_status(klass.status),
                        certificate_validity=validity.get(enrolment.id, ""),
                    )
                )
            return result

    @staticmethod
    def _row(session: Session, learner_id: int) -> orm.Learner:
        row = session.get(orm.Learner, learner_id)
        if row is None:
            raise NotFoundError(f"Không tìm thấy học viên (mã {learner_id}).")
        return row

    @staticmethod
    def _class_counts(session: Session, ids: list[int]) -> dict[int, int]:
        if not ids:
            return {}
        stmt = (
            select(orm.Enrolment.learner_id, func.count())
            .where(orm.Enrolment.learner_id.in_(ids))
            .group_by(orm.Enrolment.learner_id)
        )
        return {learner_id: count for learner_id, count in session.execute(stmt)}

    @staticmethod
    def _check_cccd_free(session: Session, cccd: str | None, own_id: int | None) -> None:
        if not cccd:
            return
        stmt = select(orm.Learner.id, orm.Learner.full_name).where(orm.Learner.cccd == cccd)
        for other_id, other_name in session.execute(stmt):
            if other_id != own_id:
                raise ValidationError("cccd", f"Số CCCD {cccd} đã được dùng cho học viên {other_name}.")
