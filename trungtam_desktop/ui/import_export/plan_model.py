"""Table models of a learner list: the file's first rows (column mapping) and the checked rows (the import
wizard's check step and the pasted list alike)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from trungtam_desktop.domain.import_plan import PlanRow, RowStatus
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel

STATUS_BRUSHES = {
    RowStatus.NEW: QBrush(QColor("#e8f5e9")),
    RowStatus.EXISTING: QBrush(QColor("#e3f2fd")),
    RowStatus.DUPLICATE: QBrush(QColor("#fff4e0")),
    RowStatus.AMBIGUOUS: QBrush(QColor("#fff4e0")),
    RowStatus.ERROR: QBrush(QColor("#fde7e9")),
}
ERROR_BRUSH = QBrush(QColor("#b00020"))

PLAN_COLUMNS: list[Column[PlanRow]] = [
    Column("Dòng", lambda r: str(r.number), sort_key=lambda r: r.number, align=Qt.AlignmentFlag.AlignRight,
           width=50),
    Column("Họ và tên", lambda r: r.full_name, width=180),
    Column("Tình trạng", lambda r: r.status_text,
           sort_key=lambda r: (list(RowStatus).index(r.status), r.number), width=215),
    Column("Ngày sinh", lambda r: r.birth_text, align=Qt.AlignmentFlag.AlignCenter, width=85),
    Column("Giới tính", lambda r: r.gender_text, width=65),
    Column("Đơn vị", lambda r: r.unit, tooltip=lambda r: r.unit, width=170),
    Column("Chi bộ", lambda r: r.learner.party_cell if r.learner else "",
           tooltip=lambda r: r.learner.party_cell if r.learner else "", width=150),
    Column("Đảng viên", lambda r: r.party_text, tooltip=lambda r: r.party_text, width=200),
    Column("Lý do, hồ sơ trùng", lambda r: r.reason, tooltip=lambda r: r.reason, width=420),
]  # fmt: skip


class PlanModel(ObjectTableModel[PlanRow]):
    """The dry run: one line per row of the file, tinted by status; errors in red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PLAN_COLUMNS, parent)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            return STATUS_BRUSHES.get(self.item(index.row()).status)
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            return ERROR_BRUSH if self.item(index.row()).status is RowStatus.ERROR else None
        return super().data(index, role)


def preview_model(captions: list[str], parent: Any = None) -> ObjectTableModel[list[str]]:
    """The file's first rows as they are, under the file's own captions."""
    columns = [
        Column(caption or f"Cột {i + 1}", lambda row, i=i: row[i] if i < len(row) else "", width=120)
        for i, caption in enumerate(captions)
    ]
    return ObjectTableModel(columns, parent)
