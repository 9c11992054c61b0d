"""Business settings kept in the database: centre identity, quotas, rates, and keyed JSON values."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.enums import AuditAction, LecturerType, StaffRole
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.validation import validate_centre
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.centre_identity import current_centre, row_values, stored_centre, write_centre


@dataclass(frozen=True)
class Quota:
    role: StaffRole
    standard_hours: int
    lecturing_hours: int


@dataclass(frozen=True)
class Rate:
    lecturer_type: LecturerType
    title: str
    unit: str  # "tiet" or "buoi"
    amount: int


def validate_quotas(quotas: list[Quota]) -> list[Quota]:
    roles = [q.role for q in quotas]
    if len(set(roles)) != len(roles):
        raise ValidationError("quotas", "Mỗi chức danh chỉ được khai báo định mức một lần.")
    for quota in quotas:
        if quota.standard_hours < 0 or quota.lecturing_hours < 0:
            raise ValidationError("quotas", f"Định mức giờ của {quota.role.label} không được âm.")
        if quota.lecturing_hours > quota.standard_hours:
            raise ValidationError(
                "quotas", f"Giờ giảng của {quota.role.label} không được lớn hơn tổng giờ chuẩn."
            )
    return quotas


def validate_rates(rates: list[Rate]) -> list[Rate]:
    keys = [(r.lecturer_type, r.title.strip()) for r in rates]
    if len(set(keys)) != len(keys):
        raise ValidationError("rates", "Mỗi loại giảng viên và chức danh chỉ được khai báo một mức thù lao.")
    for rate in rates:
        if rate.unit not in ("tiet", "buoi"):
            raise ValidationError("rates", "Đơn vị tính thù lao phải là “tiết” hoặc “buổi”.")
        if rate.amount < 0:
            raise ValidationError("rates", f"Mức thù lao của {rate.lecturer_type.label} không được âm.")
    return rates


class SettingsService(Service):
    ENTITY = "settings"

    def centre(self) -> dm.CentreIdentity:
        """The centre's identity as set, or the blank one before the centre is set up."""
        with self._read() as session:
            return current_centre(session)

    def centre_is_set_up(self) -> bool:
        """False on a new database until the first-run setup (or Cài đặt) saved the centre's identity."""
        with self._read() as session:
            return stored_centre(session) is not None

    def save_centre(self, identity: dm.CentreIdentity) -> dm.CentreIdentity:
        self._require(Permission.SETTINGS)
        cleaned = validate_centre(identity)
        with self._write() as session:
            self.write_centre(session, cleaned)
            return cleaned

    def write_centre(self, session: Session, cleaned: dm.CentreIdentity) -> None:
        """Store a validated identity inside the caller's transaction, with its audit line."""
        before = write_centre(session, cleaned)
        changes = diff(before, row_values(cleaned))
        if changes:
            self._audit(session, self.ENTITY, 1, AuditAction.SETTINGS, changes, "Thông tin trung tâm")

    def quotas(self) -> list[Quota]:
        with self._read() as session:
            rows = session.scalars(select(orm.LecturerQuota)).all()
            order = list(StaffRole)
            quotas = [Quota(StaffRole(r.role), r.standard_hours, r.lecturing_hours) for r in rows]
            return sorted(quotas, key=lambda q: order.index(q.role))

    def rates(self) -> list[Rate]:
        with self._read() as session:
            rows = session.scalars(select(orm.LecturerRate).order_by(orm.LecturerRate.id)).all()
            return [Rate(LecturerType(r.lecturer_type), r.title, r.unit, r.amount) for r in rows]

    def save_quotas_and_rates(self, quotas: list[Quota], rates: list[Rate]) -> None:
        """Replace both tables in one transaction (they are small and edited together)."""
        self._require(Permission.SETTINGS)
        validate_quotas(quotas)
        validate_rates(rates)
        before = {"quotas": [q.__dict__ for q in self.quotas()], "rates": [r.__dict__ for r in self.rates()]}
        with self._write() as session:
            session.execute(delete(orm.LecturerQuota))
            session.execute(delete(orm.LecturerRate))
            for q in quotas:
                session.add(
                    orm.LecturerQuota(
                        role=q.role.value, standard_hours=q.standard_hours, lecturing_hours=q.lecturing_hours
                    )
                )
            for r in rates:
                session.add(
                    orm.LecturerRate(
                        lecturer_type=r.lecturer_type.value,
                        title=r.title.strip(),
                        unit=r.unit,
                        amount=r.amount,
                    )
                )
            after = {"quotas": [q.__dict__ for q in quotas], "rates": [r.__dict__ for r in rates]}
            self._audit(
                session,
                self.ENTITY,
                None,
                AuditAction.SETTINGS,
                diff({"v": json.dumps(before, default=str)}, {"v": json.dumps(after, default=str)}),
                "Định mức giờ giảng và mức thù lao",
            )

    def value(self, key: str, default: object = None) -> object:
        with self._read() as session:
            row = session.get(orm.AppSetting, key)
            return json.loads(row.value) if row else default

    def set_value(self, key: str, value: object) -> None:
        self._require(Permission.SETTINGS)
        encoded = json.dumps(value, ensure_ascii=False)
        with self._write() as session:
            row = session.get(orm.AppSetting, key)
            old = row.value if row else None
            if row is None:
                session.add(orm.AppSetting(key=key, value=encoded))
            else:
                row.value = encoded
            if old != encoded:
                self._audit(session, self.ENTITY, None, AuditAction.SETTINGS, {key: [old, encoded]}, key)
