"""Settings page 3 — Định mức và thù lao: yearly teaching quotas per staff role, and pay rates."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.enums import LecturerType, StaffRole
from trungtam_desktop.domain.vietnamese import format_money
from trungtam_desktop.services.settings import Quota, Rate
from trungtam_desktop.ui.common.forms import FieldErrors, error_label, with_error
from trungtam_desktop.ui.settings.editing import (
    ChoiceDelegate,
    EditableRowsModel,
    EditableTable,
    EditColumn,
    SpinDelegate,
    int_spin,
)

UNITS: tuple[tuple[str, str], ...] = (("tiết", "tiet"), ("buổi", "buoi"))
_UNIT_LABELS = {value: label for label, value in UNITS}
_RIGHT = Qt.AlignmentFlag.AlignRight
MAX_AMOUNT = 100_000_000
ALL_TITLES = "(mọi chức danh)"

RATE_COLUMNS: list[EditColumn[Rate]] = [
    EditColumn("Loại giảng viên", lambda r: r.lecturer_type.label, lambda r: r.lecturer_type,
               lambda r, v: dataclasses.replace(r, lecturer_type=LecturerType(v)), width=160),
    EditColumn("Chức danh", lambda r: r.title.strip() or ALL_TITLES, lambda r: r.title,
               lambda r, v: dataclasses.replace(r, title=str(v)), width=220,
               tooltip=lambda r: "Để trống nếu mức tiền áp dụng cho mọi chức danh của loại giảng viên này"),
    EditColumn("Đơn vị tính", lambda r: _UNIT_LABELS.get(r.unit, r.unit), lambda r: r.unit,
               lambda r, v: dataclasses.replace(r, unit=str(v)), width=90),
    EditColumn("Mức tiền (đồng)", lambda r: format_money(r.amount), lambda r: r.amount,
               lambda r, v: dataclasses.replace(r, amount=int(v)), align=_RIGHT, width=140),
]  # fmt: skip


class QuotasPage(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded_roles: set[StaffRole] = set()
        self._build_ui()
        self._connect_signals()

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.general_error = error_label()
        self.errors = FieldErrors(self.general_error)

        quotas_box = QGroupBox("Định mức giờ chuẩn một năm theo chức danh")
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for column, title in enumerate(("Chức danh", "Tổng giờ chuẩn", "Trong đó giờ giảng")):
            header = QLabel(f"<b>{title}</b>")
            grid.addWidget(header, 0, column, Qt.AlignmentFlag.AlignLeft if column == 0 else _RIGHT)
        self.quota_spins: dict[StaffRole, tuple[QSpinBox, QSpinBox]] = {}
        for row, role in enumerate(StaffRole, start=1):
            standard, lecturing = int_spin(0, 2000, " giờ"), int_spin(0, 2000, " giờ")
            standard.setMinimumWidth(110)
            lecturing.setMinimumWidth(110)
            caption = QLabel(f"{role.label}:")
            caption.setBuddy(standard)
            grid.addWidget(caption, row, 0)
            grid.addWidget(standard, row, 1)
            grid.addWidget(lecturing, row, 2)
            self.quota_spins[role] = (standard, lecturing)
        grid.setColumnStretch(3, 1)
        first_spin = self.quota_spins[StaffRole.DIRECTOR][0]
        quota_error = self.errors.add("quotas", first_spin)
        grid.addWidget(quota_error, len(StaffRole) + 1, 0, 1, 4)
        quota_note = QLabel("Để 0 nếu chức danh đó không có định mức.")
        quota_note.setStyleSheet("color: #555;")
        grid.addWidget(quota_note, len(StaffRole) + 2, 0, 1, 4)
        quotas_box.setLayout(grid)

        rates_box = QGroupBox("Mức thù lao giảng dạy")
        self.rates_model: EditableRowsModel[Rate] = EditableRowsModel(RATE_COLUMNS, self)
        self.rates_table = EditableTable(self.rates_model)
        self.rates_table.setItemDelegateForColumn(
            0, ChoiceDelegate([(t.label, t) for t in LecturerType], self.rates_table)
        )
        self.rates_table.setItemDelegateForColumn(2, ChoiceDelegate(UNITS, self.rates_table))
        self.rates_table.setItemDelegateForColumn(
            3, SpinDelegate(0, MAX_AMOUNT, step=10_000, grouped=True, parent=self.rates_table)
        )
        self.rates_table.stretch_column(1)
        self.add_rate = QPushButton("Thêm &mức thù lao")
        self.remove_rate = QPushButton("&Xóa mức đang chọn")
        for button in (self.add_rate, self.remove_rate):
            button.setAutoDefault(False)
        rates_caption = QLabel("&Bảng mức thù lao (gõ để sửa ô đang chọn, F2 hoặc nhấp đúp cũng được):")
        rates_caption.setBuddy(self.rates_table)
        rates_note = QLabel(
            "Chức danh để trống: mức tiền áp dụng cho mọi chức danh của loại giảng viên đó. "
            "Mức tiền tính theo từng tiết hoặc từng buổi giảng."
        )
        rates_note.setWordWrap(True)
        rates_note.setStyleSheet("color: #555;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_rate)
        buttons.addWidget(self.remove_rate)
        buttons.addStretch(1)
        rates_layout = QVBoxLayout(rates_box)
        rates_layout.addWidget(rates_caption)
        rates_layout.addWidget(with_error(self.rates_table, self.errors.add("rates", self.rates_table)), 1)
        rates_layout.addWidget(rates_note)
        rates_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(quotas_box)
        layout.addWidget(rates_box, 1)

    def _connect_signals(self) -> None:
        for standard, lecturing in self.quota_spins.values():
            standard.valueChanged.connect(self.changed)
            lecturing.valueChanged.connect(self.changed)
        self.rates_model.edited.connect(self.changed)
        self.add_rate.clicked.connect(self._on_add_rate)
        self.remove_rate.clicked.connect(self._on_remove_rate)

    # -- values --------------------------------------------------------------------------------------
    def load(self, quotas: list[Quota], rates: list[Rate]) -> None:
        by_role = {q.role: q for q in quotas}
        self._loaded_roles = set(by_role)
        for role, (standard, lecturing) in self.quota_spins.items():
            quota = by_role.get(role)
            standard.setValue(quota.standard_hours if quota else 0)
            lecturing.setValue(quota.lecturing_hours if quota else 0)
        self.rates_model.set_items(rates)

    def quotas(self) -> list[Quota]:
        """A quota for every role that had one, or now has non-zero hours."""
        result = []
        for role, (standard, lecturing) in self.quota_spins.items():
            if role in self._loaded_roles or standard.value() or lecturing.value():
                result.append(Quota(role, standard.value(), lecturing.value()))
        return result

    def rates(self) -> list[Rate]:
        return self.rates_model.items()

    def finish_editing(self) -> None:
        self.rates_table.finish_editing()

    # -- errors --------------------------------------------------------------------------------------
    def show_error(self, field: str, message: str) -> None:
        self.errors.show(field, message)

    def clear_errors(self) -> None:
        self.errors.clear()

    # -- slots ---------------------------------------------------------------------------------------
    def _on_add_rate(self) -> None:
        row = self.rates_model.append(Rate(LecturerType.GUEST, "", "tiet", 0))
        self.rates_table.edit_cell(row, 0)

    def _on_remove_rate(self) -> None:
        row = self.rates_table.current_row()
        if row >= 0:
            self.rates_model.remove(row)
            self.rates_table.select_row(min(row, self.rates_model.rowCount() - 1))
