"""Create / edit a lecturer."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from trungtam_desktop.domain.enums import LecturerType, StaffRole
from trungtam_desktop.domain.models import Lecturer
from trungtam_desktop.domain.reference import THEORY_LEVELS
from trungtam_desktop.services.lecturers import LecturerService
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, editable_combo, enum_combo, enum_data, set_combo_data


class LecturerDialog(FormDialog):
    def __init__(
        self, service: LecturerService, lecturer: Lecturer | None = None, parent: QWidget | None = None
    ):
        super().__init__("Sửa thông tin giảng viên" if lecturer else "Thêm giảng viên", parent)
        self._service = service
        self._original = lecturer
        self.full_name = self.add_row("full_name", "Họ và tên", QLineEdit(), required=True)
        self.lecturer_type = self.add_row(
            "lecturer_type", "Loại giảng viên", enum_combo(LecturerType), required=True
        )
        self.role = self.add_row("role", "Chức danh tại trung tâm", enum_combo(StaffRole))
        self.position = self.add_row("position", "Chức vụ", QLineEdit())
        self.unit = self.add_row("unit", "Đơn vị công tác", QLineEdit())
        self.phone = self.add_row("phone", "Điện thoại", QLineEdit())
        self.qualification = self.add_row("qualification", "Trình độ chuyên môn", QLineEdit(), column=1)
        self.theory = self.add_row(
            "theory_level", "Lý luận chính trị", editable_combo(("", *THEORY_LEVELS)), column=1
        )
        self.decision = self.add_row("appointment_decision", "Số quyết định công nhận", QLineEdit(), column=1)
        self.decision.setPlaceholderText("ví dụ 123-QĐ/HU")
        self.decision_date = self.add_row(
            "appointment_date", "Ngày quyết định", DateField("appointment_date", "Ngày quyết định"), column=1
        )
        self.active = self.add_row("active", "Tình trạng", QCheckBox("Đang giảng dạy"), column=1)
        self.notes = self.add_row("notes", "Ghi chú", QPlainTextEdit(), column=1)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(54)
        self.active.setChecked(True)
        if lecturer:
            self._load(lecturer)
        else:
            set_combo_data(self.lecturer_type, LecturerType.PART_TIME)
            set_combo_data(self.role, StaffRole.OTHER)
        self.full_name.setFocus()

    def _load(self, x: Lecturer) -> None:
        self.full_name.setText(x.full_name)
        set_combo_data(self.lecturer_type, x.lecturer_type)
        set_combo_data(self.role, x.role)
        self.position.setText(x.position)
        self.unit.setText(x.unit)
        self.phone.setText(x.phone)
        self.qualification.setText(x.qualification)
        self.theory.setCurrentText(x.theory_level)
        self.decision.setText(x.appointment_decision)
        self.decision_date.set_date(x.appointment_date)
        self.active.setChecked(x.active)
        self.notes.setPlainText(x.notes)

    def collect(self) -> Lecturer:
        values = {
            "full_name": self.full_name.text(),
            "lecturer_type": enum_data(self.lecturer_type, LecturerType),
            "role": enum_data(self.role, StaffRole),
            "position": self.position.text(),
            "unit": self.unit.text(),
            "phone": self.phone.text(),
            "qualification": self.qualification.text(),
            "theory_level": self.theory.currentText(),
            "appointment_decision": self.decision.text(),
            "appointment_date": self.read(self.decision_date.value, None),
            "active": self.active.isChecked(),
            "notes": self.notes.toPlainText(),
        }
        if self._original is not None:
            return dataclasses.replace(self._original, **values)
        return Lecturer(**values)

    def validate(self, lecturer: Lecturer) -> None:
        self._service.check(lecturer)

    def save(self, lecturer: Lecturer) -> Lecturer:
        if self._original is None:
            return self._service.create(lecturer)
        return self._service.update(lecturer)
