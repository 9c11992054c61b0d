"""Columns of the lecturer list."""

from __future__ import annotations

from trungtam_desktop.domain.models import Lecturer
from trungtam_desktop.domain.vietnamese import format_date, name_sort_key
from trungtam_desktop.ui.common.table_model import Column

LECTURER_COLUMNS: list[Column[Lecturer]] = [
    Column("Họ và tên", lambda x: x.full_name, sort_key=lambda x: name_sort_key(x.full_name), width=170),
    Column("Loại", lambda x: x.lecturer_type.label, width=105),
    Column("Chức vụ", lambda x: x.position or (x.role.label if x.role.value != "khac" else ""),
           tooltip=lambda x: x.position, width=250),
    Column("Đơn vị", lambda x: x.unit, tooltip=lambda x: x.unit, width=220),
    Column("Trình độ", lambda x: ", ".join(v for v in (x.qualification, x.theory_level) if v),
           tooltip=lambda x: "\n".join(v for v in (x.qualification, x.theory_level) if v), width=250),
    Column("Quyết định công nhận",
           lambda x: " ngày ".join(v for v in (x.appointment_decision, format_date(x.appointment_date)) if v),
           width=200),
    Column("Tình trạng", lambda x: "Đang giảng dạy" if x.active else "Ngừng", width=100),
]  # fmt: skip
