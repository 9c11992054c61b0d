"""Undoing a learner import: what the import wrote is in its audit entry; it can be taken back while
nothing else has touched those learners and enrolments since (no later audit entry, no other class, no
attendance, score or certificate)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.enums import AuditAction

IMPORT_ENTITY = "learner_import"
LEARNER_ENTITY, ENROLMENT_ENTITY = "learner", "enrolment"
_CHUNK = 500


def chunks(values: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:  # type: ignore[type-arg]
    """``values`` in slices small enough for an SQL ``IN (...)``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def undo_blocker(session: Session, entry: orm.AuditLog) -> str:
    """Why the import can no longer be undone ("" when it can)."""
    undone = session.scalar(
        select(func.count()).where(
            orm.AuditLog.entity == IMPORT_ENTITY,
            orm.AuditLog.entity_id == entry.id,
            orm.AuditLog.action == AuditAction.DELETE.value,
        )
    )
    if undone:
        return "đã được hoàn tác rồi."
    changes = json.loads(entry.changes or "{}")
    learner_ids, enrolment_ids = changes.get("learners", []), changes.get("enrolments", [])
    for entity, ids in ((LEARNER_ENTITY, learner_ids), (ENROLMENT_ENTITY, enrolment_ids)):
        for chunk in chunks(ids):
            later = session.execute(
                select(orm.AuditLog.entity_id, orm.AuditLog.summary)
                .where(
                    orm.AuditLog.entity == entity,
                    orm.AuditLog.entity_id.in_(chunk),
                    orm.AuditLog.id > entry.id,
                )
                .limit(1)
            ).first()
            if later is not None:
                what = "hồ sơ học viên" if entity == LEARNER_ENTITY else "danh sách lớp"
                return f"{what} đã được thay đổi sau khi nhập ({later[1]})."
    for chunk in chunks(learner_ids):
        other = session.scalar(
            select(func.count()).where(
                orm.Enrolment.learner_id.in_(chunk), orm.Enrolment.id.not_in(enrolment_ids or [-1])
            )
        )
        if other:
            return "có học viên vừa nhập đã được xếp vào lớp khác."
    for chunk in chunks(enrolment_ids):
        for table in (orm.Attendance, orm.Score, orm.Certificate):
            used = session.scalar(select(func.count()).where(table.enrolment_id.in_(chunk)))
            if used:
                return "lớp đã có điểm danh, điểm hoặc giấy chứng nhận của học viên vừa nhập."
    return ""
