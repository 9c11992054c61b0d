"""Add or edit one buổi of a class's timetable."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from trungtam_desktop.domain.classwork import ClassSessionInfo, SessionSaved
from trungtam_desktop.domain.enums import HalfDay
from trungtam_desktop.domain.models import Lecturer, Lesson
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.services.timetable import MAX_TIET
from trungtam_desktop.ui.classwork.page_support import use_one_column
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, enum_combo, enum_data, set_combo_data

FREE_TITLE = "(Không theo bài của chương trình)"
NO_LECTURER = "(Chưa phân công)"


class SessionDialog(FormDialog):
    """The buổi form: date, sáng/chiều, lesson of the programme (or a free title), lecturer, tiết.

    ``info`` is the buổi to edit, or a template for a new one (``id`` None). ``result_object`` is the
    ``SessionSaved`` returned by the service, with the lecturer clashes to warn about.
    """

    def __init__(
        self,
        services: Services,
        info: ClassSessionInfo,
        lessons: tuple[Lesson, ...],
        lecturers: list[Lecturer],
        parent: QWidget | None = None,
    ) -> None:
        editing = info.id is not None
        super().__init__("Sửa buổi học" if editing else "Thêm buổi học", parent)
        self._timetable = services.timetable
        self._info = info
        self._lessons = {lesson.id: lesson for lesson in lessons}
        self.day = self.add_row("date", "Ngày", DateField("date", "Ngày học", required=True), required=True)
        self.half_day = self.add_row("half_day", "Buổi", enum_combo(HalfDay), required=True)
        self.lesson = self.add_row("lesson_id", "Bài / chuyên đề", QComboBox())
        self.lesson.addItem(FREE_TITLE, None)
        for number, lesson in enumerate(lessons, start=1):
            self.lesson.addItem(f"{number}. {lesson.title} ({lesson.tiet} tiết)", lesson.id)
        self.lesson.setMinimumContentsLength(40)
        self.title = self.add_row("title", "Nội dung ghi trên lịch", QLineEdit(), required=True)
        self.title.setMaxLength(300)
        self.lecturer = self.add_row("lecturer_id", "Giảng viên", QComboBox())
        self.lecturer.addItem(NO_LECTURER, None)
        for lecturer in lecturers:
            suffix = "" if lecturer.active else " (đã ngừng giảng dạy)"
            self.lecturer.addItem(f"{lecturer.full_name}{suffix}", lecturer.id)
        self.tiet = self.add_row("tiet", "Số tiết", QSpinBox(), required=True)
        self.tiet.setRange(0, MAX_TIET)
        self.tiet.setSuffix(" tiết")
        self._load(info)
        self.lesson.currentIndexChanged.connect(lambda _index: self._lesson_chosen())
        use_one_column(self)
        self.setMinimumWidth(640)
        self.day.setFocus()

    def _load(self, info: ClassSessionInfo) -> None:
        self.day.set_date(info.date)
        set_combo_data(self.half_day, info.half_day)
        set_combo_data(self.lesson, info.lesson_id)
        self.title.setText(info.title)
        set_combo_data(self.lecturer, info.lecturer_id)
        self.tiet.setValue(info.tiet)

    def _lesson_chosen(self) -> None:
        """A lesson chosen from the programme gives its title (the clerk may still change it)."""
        lesson = self._lessons.get(self.lesson.currentData())
        if lesson is not None:
            self.title.setText(lesson.title)

    def collect(self) -> ClassSessionInfo:
        day: date | None = self.read(self.day.value, None)
        return dataclasses.replace(
            self._info,
            date=day,  # type: ignore[arg-type]  # required: value() raised if empty
            half_day=enum_data(self.half_day, HalfDay) or HalfDay.MORNING,
            lesson_id=self.lesson.currentData(),
            title=self.title.text(),
            lecturer_id=self.lecturer.currentData(),
            tiet=self.tiet.value(),
        )

    def save(self, info: ClassSessionInfo) -> SessionSaved:
        if info.id is None:
            return self._timetable.add_session(info)
        return self._timetable.update_session(info)
