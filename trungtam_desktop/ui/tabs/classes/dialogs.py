"""Create / edit a class; the next round of a class is a new class pre-filled (written only on Lưu)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from trungtam_desktop.domain.enums import ClassMode, ClassStatus
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import Lecturer, Programme, TrainingClass
from trungtam_desktop.services.classes import ClassService
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, editable_combo, enum_combo, enum_data, set_combo_data


class ClassDialog(FormDialog):
    def __init__(
        self,
        service: ClassService,
        programmes: list[Programme],
        lecturers: list[Lecturer],
        training_class: TrainingClass | None = None,
        parent: QWidget | None = None,
        *,
        draft: TrainingClass | None = None,
    ) -> None:
        """``training_class`` is edited; without it a new class is made, pre-filled from ``draft`` (the
        next round of a class) when given."""
        title = "Sửa thông tin lớp" if training_class else "Tạo đợt tiếp theo" if draft else "Mở lớp mới"
        super().__init__(title, parent)
        self._service = service
        self._original = training_class
        self.programme = QComboBox()
        for programme in programmes:
            self.programme.addItem(programme.name, programme.id)
        self.programme = self.add_row("programme_id", "Chương trình", self.programme, required=True)
        self.code = self.add_row("code", "Mã lớp", QLineEdit(), required=True)
        self.code.setPlaceholderText("ví dụ NTVD-2024-03")
        self.name = self.add_row("name", "Tên lớp (khóa, đợt)", QLineEdit(), required=True)
        self.name.setPlaceholderText("ví dụ Đợt 3/2024 hoặc Khóa 86")
        start_field = DateField("start_date", "Ngày bắt đầu", required=True)
        self.start = self.add_row("start_date", "Từ ngày", start_field, required=True)
        end_field = DateField("end_date", "Ngày kết thúc", required=True)
        self.end = self.add_row("end_date", "Đến ngày", end_field, required=True)
        self.venue = self.add_row("venue", "Địa điểm", QLineEdit(), column=1)
        self.commune = self.add_row(
            "commune", "Tổ chức tại xã, phường", editable_combo(("", *service.commune_choices())), column=1
        )
        self.commune.lineEdit().setPlaceholderText("để trống: tại trung tâm")
        self.mode = self.add_row("mode", "Hình thức", enum_combo(ClassMode), column=1)
        self.co_organiser = self.add_row("co_organiser", "Đơn vị phối hợp", QLineEdit(), column=1)
        self.homeroom = QComboBox()
        self.homeroom.addItem("(chưa phân công)", None)
        for lecturer in lecturers:
            self.homeroom.addItem(f"{lecturer.full_name} — {lecturer.lecturer_type.label}", lecturer.id)
        self.homeroom = self.add_row("homeroom_lecturer_id", "Chủ nhiệm lớp", self.homeroom, column=1)
        self.status = self.add_row("status", "Trạng thái", enum_combo(ClassStatus), column=1)
        self.notes = self.add_row("notes", "Ghi chú", QPlainTextEdit(), column=1)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(54)
        if training_class or draft:
            self._load(training_class or draft)  # type: ignore[arg-type]
        else:
            self.programme.setCurrentIndex(-1)
            self.programme.currentIndexChanged.connect(self._suggest_code)
            self.start.changed.connect(self._suggest_code)
        self.programme.setFocus()

    def _load(self, c: TrainingClass) -> None:
        set_combo_data(self.programme, c.programme_id)
        self.code.setText(c.code)
        self.name.setText(c.name)
        self.start.set_date(c.start_date)
        self.end.set_date(c.end_date)
        self.venue.setText(c.venue)
        self.commune.setCurrentText(c.commune)
        set_combo_data(self.mode, c.mode)
        self.co_organiser.setText(c.co_organiser)
        set_combo_data(self.homeroom, c.homeroom_lecturer_id)
        set_combo_data(self.status, c.status)
        self.notes.setPlainText(c.notes)

    def _suggest_code(self) -> None:
        """Propose the next free code once programme and start date are known.

        Only while the clerk has not typed a code of their own.
        """
        if self.code.isModified() or self.programme.currentData() is None:
            return
        try:
            start = self.start.value()
        except ValidationError:
            return
        if start is not None:
            self.code.setText(self._service.suggest_code(self.programme.currentData(), start.year))

    def collect(self) -> TrainingClass:
        programme_id = self.programme.currentData()
        if programme_id is None:
            self.read(self._no_programme, None)
        values = {
            "programme_id": programme_id,
            "code": self.code.text(),
            "name": self.name.text(),
            "start_date": self.read(self.start.value, None),
            "end_date": self.read(self.end.value, None),
            "venue": self.venue.text(),
            "commune": self.commune.currentText(),
            "mode": enum_data(self.mode, ClassMode),
            "co_organiser": self.co_organiser.text(),
            "homeroom_lecturer_id": self.homeroom.currentData(),
            "status": enum_data(self.status, ClassStatus),
            "notes": self.notes.toPlainText(),
        }
        if self._original is not None:
            return dataclasses.replace(self._original, **values)
        return TrainingClass(**values)

    @staticmethod
    def _no_programme() -> None:
        raise ValidationError("programme_id", "Hãy chọn chương trình của lớp.")

    def validate(self, training_class: TrainingClass) -> None:
        self._service.check(training_class)

    def save(self, training_class: TrainingClass) -> TrainingClass:
        if self._original is None:
            return self._service.create(training_class)
        return self._service.update(training_class)
