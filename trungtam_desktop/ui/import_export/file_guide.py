"""The import wizard's first page guide: which files work, what columns are read, and the template."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.sheet_columns import (
    BIRTH_FEMALE,
    BIRTH_MALE,
    FAMILY,
    FIELD_LABELS,
    GIVEN,
    IGNORED,
    NAME,
)
from trungtam_desktop.services.bundle import Services

TEMPLATE_NAME = "Mẫu danh sách học viên.xlsx"


def guide_html() -> str:
    named = (IGNORED, NAME, FAMILY, GIVEN, BIRTH_MALE, BIRTH_FEMALE)  # said in the sentence itself
    columns = ", ".join(label for key, label in FIELD_LABELS.items() if key not in named)
    return (
        "<b>Những tệp dùng được</b><ul style='margin-left: -20px'>"
        "<li>Tệp Excel <b>.xlsx</b> hoặc <b>.csv</b>. Tệp <b>.xls</b> cũ: mở bằng Excel, chọn "
        "<i>Lưu thành… → Sổ làm việc Excel (.xlsx)</i> rồi chọn tệp mới.</li>"
        "<li>Để nguyên như khi nhận: tên cơ quan ở đầu trang, dòng “Tổng cộng” và phần chữ ký ở cuối được "
        "bỏ qua; tiêu đề hai dòng (“Năm sinh: Nam | Nữ”) cũng đọc được.</li>"
        "<li>Chữ gõ bằng phông cũ .VnTime (TCVN3) hoặc VNI-Times được tự đổi sang chữ Unicode.</li>"
        "<li>Mỗi dòng một học viên. Cần có cột <b>Họ và tên</b> (hoặc hai cột Họ và đệm, Tên); các cột "
        f"khác có thì nhập: {columns}. Năm sinh cũng có thể chia hai cột Nam, Nữ.</li>"
        "<li>Chưa có gì được ghi cho đến khi bấm “Nhập” ở bước 3; bước 2 và 3 cho xem trước từng dòng.</li>"
        "</ul>"
    )


class FileGuide(QFrame):
    """What the clerk needs before choosing a file, and the template to send to the communes."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setObjectName("file_guide")
        self.setStyleSheet("#file_guide { background: palette(base); border: 1px solid palette(mid); }")
        text = QLabel(guide_html())
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.template_button = QPushButton("Tải mẫu danh sách để nhập…")
        self.template_button.setToolTip(
            "Tệp Excel trống có sẵn các cột chương trình nhận ra, để gửi cho các xã, đơn vị điền"
        )
        self.template_button.setAutoDefault(False)
        self.template_button.clicked.connect(self.save_template)
        template_note = QLabel("Chưa có danh sách? Gửi mẫu này cho các xã, đơn vị điền rồi nhập lại.")
        template_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.template_button)
        row.addWidget(template_note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)

    def save_template(self) -> None:
        from trungtam_desktop.ui.import_export.menu import save_export

        save_export(self, "Mẫu danh sách học viên", TEMPLATE_NAME, self._services.exports.template_xlsx)
