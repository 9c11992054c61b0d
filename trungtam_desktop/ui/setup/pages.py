"""The pages of the first-run setup after the centre's identity: the registers' next numbers, the
programmes to start with, and what to do first."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.setup import MAX_REGISTER_NUMBER, ProgrammeChoice, RegisterStart
from trungtam_desktop.ui.common.forms import FieldErrors, error_label, with_error

HINT_STYLE = "color: #555;"


def _paragraph(text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet(style)
    return label


class RegistersPage(QWidget):
    """The next register number of each certificate kind this year (a paper register is continued)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.general_error = error_label()
        self.errors = FieldErrors(self.general_error)
        self.intro = _paragraph("")
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)
        self.spins: dict[str, QSpinBox] = {}
        self._starts: tuple[RegisterStart, ...] = ()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(self.grid)
        layout.addWidget(self.general_error)
        layout.addStretch(1)

    def load(self, starts: tuple[RegisterStart, ...]) -> None:
        self._starts = starts
        year = starts[0].year if starts else ""
        self.intro.setText(
            f"Mỗi loại giấy có một sổ cấp riêng cho từng năm; số vào sổ liên tiếp, không bỏ trống. Nếu năm "
            f"{year} trung tâm đã cấp giấy theo sổ giấy, hãy nhập <b>số tiếp theo</b> của sổ đó (đã cấp đến "
            "số 125 thì nhập 126): giấy đầu tiên cấp trong chương trình mang số này, các giấy sau nối tiếp. "
            "Trung tâm chưa cấp giấy nào trong năm thì để số 1."
        )
        for row, start in enumerate(starts):
            spin = QSpinBox()
            spin.setRange(1, MAX_REGISTER_NUMBER)
            spin.setValue(start.next_number)
            spin.setGroupSeparatorShown(True)
            spin.setMinimumWidth(110)
            spin.valueChanged.connect(self.changed)
            caption = QLabel(f"{start.kind.label} – số vào sổ tiếp theo năm {start.year}:")
            caption.setBuddy(spin)
            note = QLabel()
            note.setStyleSheet(HINT_STYLE)
            note.setWordWrap(True)
            if start.issued:
                spin.setEnabled(False)
                note.setText(
                    f"Đã cấp {format_int(start.issued)} giấy trong chương trình năm nay: số tiếp theo nối "
                    "tiếp các giấy đó, không đổi được."
                )
            self.grid.addWidget(caption, row, 0)
            self.grid.addWidget(with_error(spin, self.errors.add(start.register_field, spin)), row, 1)
            self.grid.addWidget(note, row, 2)
            self.spins[start.register_field] = spin

    def clear_errors(self) -> None:
        self.errors.clear()

    def starts(self) -> tuple[RegisterStart, ...]:
        return tuple(
            dataclasses.replace(start, next_number=self.spins[start.register_field].value())
            for start in self._starts
        )


class ProgrammesPage(QWidget):
    """The standard programmes: tick those the centre runs, correct their names."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.general_error = error_label()
        self.errors = FieldErrors(self.general_error)
        intro = _paragraph(
            "Đây là các chương trình thường có ở trung tâm chính trị. Bỏ chọn những chương trình trung tâm "
            "không mở lớp (bật lại được trong Cài đặt), sửa tên cho đúng cách gọi ở địa phương. Bài học, "
            "số tiết, cột điểm và mức xếp loại của từng chương trình sửa sau trong "
            "<b>Dữ liệu → Cài đặt → Chương trình đào tạo</b>."
        )
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addLayout(self.grid)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        self.rows: list[tuple[ProgrammeChoice, QCheckBox, QLineEdit]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.general_error)
        layout.addWidget(scroll, 1)

    def load(self, choices: tuple[ProgrammeChoice, ...]) -> None:
        for row, choice in enumerate(choices):
            check = QCheckBox()
            check.setChecked(choice.active)
            check.setToolTip("Trung tâm mở lớp chương trình này")
            name = QLineEdit(choice.name)
            name.setMaxLength(200)
            code = QLabel(choice.code)
            code.setStyleSheet(HINT_STYLE)
            check.toggled.connect(name.setEnabled)
            check.toggled.connect(self.changed)
            name.textChanged.connect(self.changed)
            name.setEnabled(choice.active)
            self.grid.addWidget(check, row, 0)
            self.grid.addWidget(with_error(name, self.errors.add(choice.field, name)), row, 1)
            self.grid.addWidget(code, row, 2)
            self.rows.append((choice, check, name))

    def clear_errors(self) -> None:
        self.errors.clear()

    def choices(self) -> tuple[ProgrammeChoice, ...]:
        return tuple(
            dataclasses.replace(choice, name=name.text(), active=check.isChecked())
            for choice, check, name in self.rows
        )


START_CLASS, START_IMPORT, START_DEMO = "class", "import", "demo"


class StartPage(QWidget):
    """After saving: the first things a new centre does, one button each."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = _paragraph(
            "<b>Đã lưu thiết lập.</b> Các giấy tờ in ra từ nay mang tên trung tâm, địa danh và người ký "
            "vừa nhập. Thông tin này sửa lại được trong <b>Dữ liệu → Cài đặt</b>; trang thiết lập này mở "
            "lại được từ <b>Dữ liệu → Thiết lập ban đầu</b>. Bắt đầu bằng việc nào?"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, hint in (
            (START_CLASS, "Mở lớp học đầu tiên…",
             "Chọn chương trình, đặt mã lớp, ngày học, địa điểm; rồi vào lớp để thêm học viên và xếp lịch."),
            (START_IMPORT, "Nhập danh sách học viên từ Excel…",
             "Danh sách các xã, đơn vị gửi lên (.xlsx hoặc .csv): chương trình tự nhận ra các cột và báo "
             "dòng nào có vấn đề trước khi ghi."),
            (START_DEMO, "Xem thử với dữ liệu mẫu",
             "Mở một cửa sổ riêng với dữ liệu của một trung tâm mẫu để làm quen; dữ liệu thật của trung tâm "
             "không bị ảnh hưởng, dữ liệu mẫu bị xóa khi đóng cửa sổ đó."),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
            hint_label = QLabel(hint)
            hint_label.setWordWrap(True)
            hint_label.setStyleSheet(HINT_STYLE)
            layout.addWidget(button)
            layout.addWidget(hint_label)
            layout.addSpacing(6)
            self.buttons[key] = button
        layout.addStretch(1)
