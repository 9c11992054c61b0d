"""The editor for one programme: its settings, lessons, assessment components and grading bands.

Rows of the lessons and components tables are the programme's own ``Lesson`` / ``AssessmentComponent``
objects, edited with ``dataclasses.replace``, so their ids go back to the service and scores stay linked.
"""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.enums import CertificateKind, Grade, ProgrammeKind
from trungtam_desktop.domain.models import DEFAULT_BANDS, AssessmentComponent, GradingBand, Lesson, Programme
from trungtam_desktop.domain.vietnamese import format_decimal, format_int, format_percent
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.forms import (
    ERROR_STYLE,
    FieldErrors,
    enum_combo,
    enum_data,
    error_label,
    set_combo_data,
    with_error,
)
from trungtam_desktop.ui.settings.editing import (
    EditableRowsModel,
    EditableTable,
    EditColumn,
    ScoreDelegate,
    SpinDelegate,
    int_spin,
    score_spin,
)

BAND_GRADES = (Grade.EXCELLENT, Grade.VERY_GOOD, Grade.GOOD, Grade.AVERAGE)
_RIGHT = Qt.AlignmentFlag.AlignRight

LESSON_COLUMNS: list[EditColumn[Lesson]] = [
    EditColumn("Tên bài / chuyên đề", lambda x: x.title, lambda x: x.title,
               lambda x, v: dataclasses.replace(x, title=str(v)), width=300, tooltip=lambda x: x.title),
    EditColumn("Số tiết", lambda x: str(x.tiet), lambda x: x.tiet,
               lambda x, v: dataclasses.replace(x, tiet=int(v)), align=_RIGHT, width=60),
]  # fmt: skip
COMPONENT_COLUMNS: list[EditColumn[AssessmentComponent]] = [
    EditColumn("Cột điểm", lambda x: x.name, lambda x: x.name,
               lambda x, v: dataclasses.replace(x, name=str(v)), width=150),
    EditColumn("Trọng số", lambda x: f"{x.weight_percent}%", lambda x: x.weight_percent,
               lambda x, v: dataclasses.replace(x, weight_percent=int(v)), align=_RIGHT, width=70,
               tooltip=lambda x: "Phần trăm của cột điểm trong điểm tổng kết"),
    EditColumn("Điểm tối thiểu", lambda x: format_decimal(x.min_score), lambda x: x.min_score,
               lambda x, v: dataclasses.replace(x, min_score=round(float(v), 1)), align=_RIGHT, width=95,
               tooltip=lambda x: "Điểm phải đạt ở cột này để được công nhận hoàn thành"),
]  # fmt: skip


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _button(text: str, tooltip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.setAutoDefault(False)
    return button


class ProgrammeEditor(QWidget):
    """Edits one programme in memory; ``changed`` fires after every edit, ``programme()`` reads it back."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original: Programme | None = None
        self._loading = False
        self._build_ui()
        self._connect_signals()

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.general_error = error_label()
        self.errors = FieldErrors(self.general_error)

        self.code = QLineEdit()
        self.code.setMaxLength(30)
        self.code.setPlaceholderText("ví dụ: NTVD")
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.kind = enum_combo(ProgrammeKind)
        self.certificate = enum_combo(CertificateKind)
        self.tiet_per_buoi = int_spin(1, 10, " tiết")
        self.tiet_per_buoi.setMaximumWidth(90)
        self.absence_num = int_spin(0, 99)
        self.absence_den = int_spin(1, 99)
        self.absence_percent = QLabel()
        self.active = QCheckBox("Đ&ang dùng")
        self.active.setToolTip("Chỉ chương trình đang dùng mới được chọn khi mở lớp mới")

        absence = QWidget()
        row = QHBoxLayout(absence)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("tối đa"))
        row.addWidget(self.absence_num)
        row.addWidget(QLabel("/"))
        row.addWidget(self.absence_den)
        row.addWidget(QLabel("số buổi"))
        row.addWidget(self.absence_percent)
        row.addStretch(1)

        top = QGridLayout()
        top.setHorizontalSpacing(8)
        top.setVerticalSpacing(4)
        top.addWidget(_caption("&Mã:", self.code), 0, 0)
        top.addWidget(with_error(self.code, self.errors.add("code", self.code)), 0, 1)
        top.addWidget(_caption("Tê&n chương trình:", self.name), 0, 2)
        top.addWidget(with_error(self.name, self.errors.add("name", self.name)), 0, 3)
        top.addWidget(_caption("&Loại:", self.kind), 1, 0)
        top.addWidget(self.kind, 1, 1)
        top.addWidget(_caption("&Văn bằng cấp:", self.certificate), 1, 2)
        top.addWidget(self.certificate, 1, 3)
        top.addWidget(_caption("&Số tiết mỗi buổi:", self.tiet_per_buoi), 2, 0)
        tiet_error = self.errors.add("tiet_per_buoi", self.tiet_per_buoi)
        top.addWidget(with_error(self.tiet_per_buoi, tiet_error), 2, 1)
        top.addWidget(_caption("&Giới hạn vắng:", self.absence_num), 2, 2)
        top.addWidget(with_error(absence, self.errors.add("absence_limit", self.absence_num)), 2, 3)
        top.addWidget(self.active, 3, 1)
        top.setColumnStretch(1, 2)
        top.setColumnStretch(3, 3)
        for r in range(3):
            top.itemAtPosition(r, 0).setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            top.itemAtPosition(r, 2).setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        lessons_box = self._build_lessons()
        assessment_box = self._build_assessment()
        bottom = QHBoxLayout()
        bottom.addWidget(lessons_box, 11)
        bottom.addWidget(assessment_box, 9)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.general_error)
        layout.addLayout(top)
        layout.addLayout(bottom, 1)

    def _build_lessons(self) -> QGroupBox:
        box = QGroupBox("Các bài học")
        self.lessons_model: EditableRowsModel[Lesson] = EditableRowsModel(LESSON_COLUMNS, self)
        self.lessons = EditableTable(self.lessons_model)
        self.lessons.setItemDelegateForColumn(1, SpinDelegate(0, 200, parent=self.lessons))
        self.lessons.stretch_column(0)
        self.lessons.setToolTip("Gõ để sửa ô đang chọn (F2 hoặc nhấp đúp cũng được)")
        self.add_lesson = _button("Thêm &bài", "Thêm một bài vào cuối danh sách")
        self.remove_lesson = _button("Xóa bài", "Xóa bài đang chọn")
        self.lesson_up = _button("▲ Lên", "Chuyển bài đang chọn lên trên")
        self.lesson_down = _button("▼ Xuống", "Chuyển bài đang chọn xuống dưới")
        self.lessons_total = QLabel()
        buttons = QHBoxLayout()
        for button in (self.add_lesson, self.remove_lesson, self.lesson_up, self.lesson_down):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(with_error(self.lessons, self.errors.add("lessons", self.lessons)), 1)
        layout.addWidget(self.lessons_total)
        layout.addLayout(buttons)
        return box

    def _build_assessment(self) -> QGroupBox:
        box = QGroupBox("Đánh giá kết quả")
        self.components_model: EditableRowsModel[AssessmentComponent] = EditableRowsModel(
            COMPONENT_COLUMNS, self
        )
        self.components = EditableTable(self.components_model)
        self.components.setItemDelegateForColumn(1, SpinDelegate(0, 100, parent=self.components))
        self.components.setItemDelegateForColumn(2, ScoreDelegate(self.components))
        self.components.stretch_column(0)
        self.components.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.add_component = _button("Thêm cộ&t điểm", "Thêm một cột điểm")
        self.remove_component = _button("Xóa", "Xóa cột điểm đang chọn")
        self.component_up = _button("▲", "Chuyển cột điểm đang chọn lên trên")
        self.component_down = _button("▼", "Chuyển cột điểm đang chọn xuống dưới")
        for button in (self.component_up, self.component_down):
            button.setFixedWidth(32)
        self.weights_total = QLabel()
        self.weights_total.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_component, self.remove_component, self.component_up, self.component_down):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.bands_box = QGroupBox("Xếp loại theo điểm tổng kết (từ … điểm trở lên)")
        self.band_spins: dict[Grade, QDoubleSpinBox] = {}
        bands = QFormLayout()
        bands.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        band_row = QGridLayout()
        for position, grade in enumerate(BAND_GRADES):
            spin = score_spin()
            spin.setSingleStep(0.1)
            self.band_spins[grade] = spin
            band_row.addWidget(
                _caption(f"{grade.label}:", spin),
                position // 2,
                (position % 2) * 2,
                Qt.AlignmentFlag.AlignRight,
            )
            band_row.addWidget(spin, position // 2, (position % 2) * 2 + 1)
        below = QLabel(f"Dưới mức {Grade.AVERAGE.label}: {Grade.FAIL.label}.")
        below.setStyleSheet("color: #555;")
        bands.addRow(band_row)
        bands.addRow(below)
        self.bands_box.setLayout(bands)
        self.errors.add("bands", self.band_spins[Grade.EXCELLENT], self._band_error())

        layout = QVBoxLayout(box)
        layout.addWidget(with_error(self.components, self.errors.add("components", self.components)), 1)
        layout.addWidget(self.weights_total)
        layout.addLayout(buttons)
        layout.addWidget(self.bands_box)
        return box

    def _band_error(self) -> QLabel:
        label = error_label()
        layout = self.bands_box.layout()
        assert isinstance(layout, QFormLayout)
        layout.addRow(label)
        return label

    def _connect_signals(self) -> None:
        for edit in (self.code, self.name):
            edit.textChanged.connect(self._on_edited)
        for combo in (self.kind, self.certificate):
            combo.currentIndexChanged.connect(self._on_edited)
        for spin in (self.tiet_per_buoi, self.absence_num, self.absence_den, *self.band_spins.values()):
            spin.valueChanged.connect(self._on_edited)
        self.active.toggled.connect(self._on_edited)
        self.lessons_model.edited.connect(self._on_edited)
        self.components_model.edited.connect(self._on_edited)
        self.add_lesson.clicked.connect(self._on_add_lesson)
        self.remove_lesson.clicked.connect(self._on_remove_lesson)
        self.lesson_up.clicked.connect(lambda: self._move(self.lessons, -1))
        self.lesson_down.clicked.connect(lambda: self._move(self.lessons, +1))
        self.add_component.clicked.connect(self._on_add_component)
        self.remove_component.clicked.connect(self._on_remove_component)
        self.component_up.clicked.connect(lambda: self._move(self.components, -1))
        self.component_down.clicked.connect(lambda: self._move(self.components, +1))

    # -- values --------------------------------------------------------------------------------------
    def load(self, programme: Programme) -> None:
        self._loading = True
        try:
            self._original = programme
            self.code.setText(programme.code)
            self.name.setText(programme.name)
            set_combo_data(self.kind, programme.kind)
            set_combo_data(self.certificate, programme.certificate_kind)
            self.tiet_per_buoi.setValue(programme.tiet_per_buoi)
            self.absence_den.setValue(programme.absence_limit_den)
            self.absence_num.setValue(programme.absence_limit_num)
            self.active.setChecked(programme.active)
            self.lessons_model.set_items(programme.lessons)
            self.components_model.set_items(programme.components)
            defaults = {band.grade: band.min_score for band in DEFAULT_BANDS}
            scores = {band.grade: band.min_score for band in programme.bands}
            for grade, spin in self.band_spins.items():
                spin.setValue(scores.get(grade, defaults[grade]))
        finally:
            self._loading = False
        self.clear_errors()
        self._update_totals()

    def programme(self) -> Programme:
        """The programme as edited (unvalidated); lessons and components keep their ids."""
        assert self._original is not None, "load() a programme first"
        return dataclasses.replace(
            self._original,
            code=self.code.text(),
            name=self.name.text(),
            kind=enum_data(self.kind, ProgrammeKind),
            certificate_kind=enum_data(self.certificate, CertificateKind),
            tiet_per_buoi=self.tiet_per_buoi.value(),
            absence_limit_num=self.absence_num.value(),
            absence_limit_den=self.absence_den.value(),
            lessons=tuple(self.lessons_model.items()),
            components=tuple(self.components_model.items()),
            bands=tuple(GradingBand(g, round(self.band_spins[g].value(), 1)) for g in BAND_GRADES),
            active=self.active.isChecked(),
        )

    def finish_editing(self) -> None:
        self.lessons.finish_editing()
        self.components.finish_editing()

    # -- errors --------------------------------------------------------------------------------------
    def show_error(self, field: str, message: str) -> None:
        self.errors.show(field, message)

    def clear_errors(self) -> None:
        self.errors.clear()

    # -- slots ---------------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self._update_totals()
        if not self._loading:
            self.changed.emit()

    def _update_totals(self) -> None:
        lessons = self.lessons_model.items()
        total = sum(lesson.tiet for lesson in lessons)
        per_buoi = self.tiet_per_buoi.value()
        self.lessons_total.setText(
            f"Tổng cộng: {len(lessons)} bài, {format_int(total)} tiết "
            f"(khoảng {format_int(math.ceil(total / per_buoi))} buổi)"
        )
        num, den = self.absence_num.value(), self.absence_den.value()
        self.absence_percent.setText(f"({format_percent(100 * num / den)})" if den else "")
        components = self.components_model.items()
        weight = sum(c.weight_percent for c in components)
        if not components:
            self.weights_total.setText("Không chấm điểm (chưa có cột điểm nào).")
            self.weights_total.setStyleSheet("color: #555;")
        elif weight != 100:
            self.weights_total.setText(f"Tổng trọng số: {weight}% — phải bằng 100%.")
            self.weights_total.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        else:
            self.weights_total.setText(f"Tổng trọng số: {weight}%.")
            self.weights_total.setStyleSheet("")
        self.bands_box.setEnabled(bool(components))

    def _on_add_lesson(self) -> None:
        row = self.lessons_model.append(Lesson(title="", tiet=self.tiet_per_buoi.value()))
        self.lessons.edit_cell(row, 0)

    def _on_remove_lesson(self) -> None:
        row = self.lessons.current_row()
        if row < 0:
            return
        lesson = self.lessons_model.item(row)
        title = lesson.title.strip() or f"số {row + 1}"
        if not messages.confirm(
            self, f"Xóa bài “{title}” khỏi chương trình?", "Xóa bài", yes="Xóa", no="Không xóa"
        ):
            return
        self.lessons_model.remove(row)
        self.lessons.select_row(min(row, self.lessons_model.rowCount() - 1))

    def _on_add_component(self) -> None:
        remaining = max(0, 100 - sum(c.weight_percent for c in self.components_model.items()))
        row = self.components_model.append(AssessmentComponent(name="", weight_percent=remaining))
        self.components.edit_cell(row, 0)

    def _on_remove_component(self) -> None:
        row = self.components.current_row()
        if row < 0:
            return
        name = self.components_model.item(row).name.strip() or f"số {row + 1}"
        text = (
            f"Xóa cột điểm “{name}”?\n\nNếu lớp nào đã nhập điểm cho cột này thì chương trình sẽ "
            "không cho lưu thay đổi."
        )
        if not messages.confirm(self, text, "Xóa cột điểm", yes="Xóa", no="Không xóa"):
            return
        self.components_model.remove(row)
        self.components.select_row(min(row, self.components_model.rowCount() - 1))

    @staticmethod
    def _move(table: EditableTable, delta: int) -> None:
        row = table.current_row()
        if row < 0:
            return
        column = max(table.currentIndex().column(), 0)
        table.select_row(table.rows_model().move(row, delta), column)
        table.setFocus()
