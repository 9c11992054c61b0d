"""Checks shared by the services that write a class's work (roster, timetable, attendance, results)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.class_state import check_unlocked
from trungtam_desktop.domain.errors import NotFoundError


def class_row(session: Session, class_id: int) -> orm.TrainingClass:
    row = session.get(orm.TrainingClass, class_id)
    if row is None:
        raise NotFoundError("Không tìm thấy lớp học (có thể đã bị xóa).")
    return row


def require_unlocked(session: Session, class_id: int) -> orm.TrainingClass:
    """The class row, or a Vietnamese refusal when its results are locked (final)."""
    row = class_row(session, class_id)
    check_unlocked(row.locked, row.code, row.name)
    return row
