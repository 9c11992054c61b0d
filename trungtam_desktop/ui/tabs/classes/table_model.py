"""Columns of the class list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from trungtam_desktop.domain.models import TrainingClass
from trungtam_desktop.domain.vietnamese import format_date, format_int, name_sort_key
from trungtam_desktop.ui.common.table_model import Column

CLASS_COLUMNS: list[Column[TrainingClass]] = [
    Column("Mã lớp", lambda c: c.code, width=120),
    Column("Tên lớp", lambda c: c.name, tooltip=lambda c: c.name, width=240),
    Column("Chương trình", lambda c: c.programme_name, tooltip=lambda c: c.programme_name, width=230),
    Column("Từ ngày", lambda c: format_date(c.start_date), sort_key=lambda c: c.start_date, width=85),
    Column("Đến ngày", lambda c: format_date(c.end_date), sort_key=lambda c: c.end_date, width=85),
    Column("Địa điểm", lambda c: c.venue, tooltip=lambda c: c.venue, width=180),
    Column("Trạng thái", lambda c: c.status.label + (" (đã khóa)" if c.locked else ""), width=110),
    Column("Số học viên", lambda c: format_int(c.learner_count), sort_key=lambda c: c.learner_count,
           align=Qt.AlignmentFlag.AlignRight, width=85),
    Column("Chủ nhiệm lớp", lambda c: c.homeroom_lecturer_name,
           sort_key=lambda c: name_sort_key(c.homeroom_lecturer_name), width=160),
]  # fmt: skip
