"""Create / edit a learner."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from trungtam_desktop.domain.enums import Gender, PartyStatus
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.reference import EDUCATION_LEVELS, ETHNIC_GROUPS, RELIGIONS, THEORY_LEVELS
from trungtam_desktop.domain.vietnamese import format_birth
from trungtam_desktop.services.learners import LearnerService
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, editable_combo, enum_combo, enum_data, set_combo_data
from trungtam_desktop.ui.common.messages import confirm


class LearnerDialog(FormDialog):
    """The learner form. ``learner`` None creates a new one (with the possible-duplicate warning)."""

    def __init__(
        self, service: LearnerService, learner: Learner | None = None, parent: QWidget | None = None
    ):
        super().__init__("Sửa thông tin học viên" if learner else "Thêm học viên", parent)
        self._service = service
        self._original = learner
        self.full_name = self.add_row("full_name", "Họ và tên", QLineEdit(), required=True)
        self.birth = self.add_row(
            "birth", "Ngày sinh", DateField("birth", "Ngày sinh", year_only_allowed=True)
        )
        self.gender = self.add_row(
            "gender", "Giới tính", enum_combo(Gender, allow_empty=True, empty_text="(chọn)"), required=True
        )
        self.ethnicity = self.add_row("ethnicity", "Dân tộc", editable_combo(ETHNIC_GROUPS))
        self.religion = self.add_row("religion", "Tôn giáo", editable_combo(RELIGIONS))
        self.cccd = self.add_row("cccd", "Số CCCD", QLineEdit())
        self.cccd.setPlaceholderText("12 chữ số")
        self.phone = self.add_row("phone", "Điện thoại", QLineEdit())
        self.phone.setPlaceholderText("10 chữ số, ví dụ 0912 345 678")
        self.hometown = self.add_row("hometown", "Quê quán", QLineEdit())
        self.address = self.add_row("address", "Nơi ở hiện nay", QLineEdit())
        self.education = self.add_row(
            "education", "Trình độ học vấn", editable_combo(("", *EDUCATION_LEVELS))
        )
        self.position = self.add_row("position", "Chức vụ", QLineEdit(), column=1)
        self.unit = self.add_row("unit", "Đơn vị công tác", QLineEdit(), column=1)
        self.party_cell = self.add_row("party_cell", "Chi bộ / Đảng bộ cơ sở", QLineEdit(), column=1)
        self.commune = self.add_row(
            "commune", "Xã / phường", editable_combo(("", *service.commune_choices())), column=1
        )
        self.commune.setToolTip("Chọn xã, phường trung tâm phục vụ, hoặc gõ tên nơi khác")
        self.party_status = self.add_row("party_status", "Đảng viên", enum_combo(PartyStatus), column=1)
        self.party_join = self.add_row(
            "party_join_date", "Ngày vào Đảng", DateField("party_join_date", "Ngày vào Đảng"), column=1
        )
        self.party_full = self.add_row(
            "party_full_date", "Ngày chính thức", DateField("party_full_date", "Ngày chính thức"), column=1
        )
        self.speciality = self.add_row("speciality", "Chuyên môn", QLineEdit(), column=1)
        self.theory = self.add_row(
            "theory_level", "Lý luận chính trị", editable_combo(("", *THEORY_LEVELS)), column=1
        )
        self.notes = self.add_row("notes", "Ghi chú", QPlainTextEdit(), column=1)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(54)
        if learner:
            self._load(learner)
        else:
            self.ethnicity.setCurrentText("Kinh")
            self.religion.setCurrentText("Không")
        self.full_name.setFocus()

    def _load(self, x: Learner) -> None:
        self.full_name.setText(x.full_name)
        self.birth.set_birth(x.birth_date, x.birth_year)
        set_combo_data(self.gender, x.gender)
        self.ethnicity.setCurrentText(x.ethnicity)
        self.religion.setCurrentText(x.religion)
        self.cccd.setText(x.cccd or "")
        self.phone.setText(x.phone)
        self.hometown.setText(x.hometown)
        self.address.setText(x.address)
        self.education.setCurrentText(x.education)
        self.position.setText(x.position)
        self.unit.setText(x.unit)
        self.party_cell.setText(x.party_cell)
        self.commune.setCurrentText(x.commune)
        set_combo_data(self.party_status, x.party_status)
        self.party_join.set_date(x.party_join_date)
        self.party_full.set_date(x.party_full_date)
        self.speciality.setText(x.speciality)
        self.theory.setCurrentText(x.theory_level)
        self.notes.setPlainText(x.notes)

    def collect(self) -> Learner:
        birth_date, birth_year = self.read(self.birth.birth, (None, None))
        values = {
            "full_name": self.full_name.text(),
            "birth_date": birth_date,
            "birth_year": birth_year,
            "gender": enum_data(self.gender, Gender),
            "ethnicity": self.ethnicity.currentText(),
            "religion": self.religion.currentText(),
            "cccd": self.cccd.text() or None,
            "phone": self.phone.text(),
            "hometown": self.hometown.text(),
            "address": self.address.text(),
            "education": self.education.currentText(),
            "position": self.position.text(),
            "unit": self.unit.text(),
            "party_cell": self.party_cell.text(),
            "commune": self.commune.currentText(),
            "party_status": enum_data(self.party_status, PartyStatus),
            "party_join_date": self.read(self.party_join.value, None),
            "party_full_date": self.read(self.party_full.value, None),
            "speciality": self.speciality.text(),
            "theory_level": self.theory.currentText(),
            "notes": self.notes.toPlainText(),
        }
        if self._original is not None:
            return dataclasses.replace(self._original, **values)
        return Learner(**values)

    def validate(self, learner: Learner) -> None:
        self._service.check(learner)

    def before_save(self, learner: Learner) -> bool:
        if self._original is not None:
            return True
        duplicates = self._service.possible_duplicates(learner)
        if not duplicates:
            return True
        lines = "\n".join(
            f"• {d.full_name}, sinh {format_birth(d.birth_date, d.birth_year) or 'không rõ'}"
            f"{', CCCD ' + d.cccd if d.cccd else ''}{', ' + d.unit if d.unit else ''}"
            for d in duplicates
        )
        return confirm(
            self,
            "Có thể học viên này đã có trong danh sách "
            f"(cùng họ tên và ngày sinh, hoặc cùng số CCCD):\n\n{lines}\n\n"
            "Một người chỉ nên có một hồ sơ. Vẫn thêm mới?",
            "Có thể trùng học viên",
            yes="Vẫn thêm mới",
            no="Quay lại",
        )

    def save(self, learner: Learner) -> Learner:
        if self._original is None:
            return self._service.create(learner)
        return self._service.update(learner)
