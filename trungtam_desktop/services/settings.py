"""Business settings kept in the database: centre identity, quotas, rates, and keyed JSON values."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import delete, select

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.enums import AuditAction, LecturerType, StaffRole
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.validation import validate_centre
from trungtam_desktop.services.base import Service, diff
from trungtam_desktop.services.mappers import centre_to_domain


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


def _centre_dict(identity: dm.CentreIdentity) -> dict[str, object]:
    return {
        "parent_body": identity.parent_body,
        "centre_name": identity.centre_name,
        "place_name": identity.place_name,
        "director_name": identity.director_name,
        "director_title": identity.director_title,
        "document_code": identity.document_code,
    }


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
        with self._read() as session:
            row = session.get(orm.Centre, 1)
            return centre_to_domain(row) if row else dm.CentreIdentity()

    def save_centre(self, identity: dm.CentreIdentity) -> dm.CentreIdentity:
        self._require(Permission.SETTINGS)
        cleaned = validate_centre(identity)
        with self._write() as session:
            row = session.get(orm.Centre, 1)
            before = _centre_dict(centre_to_domain(row)) if row else {}
            if row is None:
                row = orm.Centre(id=1, **_centre_dict(cleaned))
                session.add(row)
            else:
                for name, value in _centre_dict(cleaned).items():
                    setattr(row, name, value)
            changes = diff(before, _centre_dict(cleaned))
            if changes:
                self._audit(session, self.ENTITY, 1, AuditAction.SETTINGS, changes, "Thông tin trung tâm")
            return cleaned

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
