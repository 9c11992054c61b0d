"""Tra cứu / xác minh giấy chứng nhận: check a typed code or a scanned QR text against the register, and
list the certificates found by register number, name (without tone marks) or blank serial."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.certificate_books import CertificateBooks
from trungtam_desktop.services.certificate_records import CertificateLine
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView

FOUND_COLUMNS: list[Column[CertificateLine]] = [
    Column("Số vào sổ", lambda c: c.register_number, width=80),
    Column("Họ và tên", lambda c: c.full_name, width=180),
    Column("Ngày sinh", lambda c: c.birth, width=85),
    Column("Lớp", lambda c: f"{c.class_name} ({c.class_code})", width=200),
    Column("Ngày cấp", lambda c: format_date(c.issued_on), width=85),
    Column("Tình trạng", lambda c: c.status_text, tooltip=lambda c: c.status_text, width=200),
]
LIMIT = 200

GOOD_STYLE = "color: #1f5f1f; background: #eaf6ea; border: 1px solid #8cc08c; padding: 6px;"
BAD_STYLE = "color: #8b0000; background: #fdecec; border: 1px solid #e0a0a0; padding: 6px;"


class LookupDialog(QDialog):
    """A scanner types the QR text followed by Enter, so Enter checks at once."""

    def __init__(self, service: CertificateBooks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.setWindowTitle("Tra cứu, xác minh giấy chứng nhận")
        intro = QLabel(
            "Gõ mã xác minh in ở chân giấy chứng nhận (ví dụ 7K3QX-9MP2A), hoặc quét mã QR bằng máy quét "
            "cầm tay vào ô dưới đây, rồi bấm Enter. Cũng tìm được theo số vào sổ (125/2024), họ tên "
            "(gõ không dấu được) hoặc số hiệu phôi."
        )
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setPlaceholderText("Mã xác minh hoặc nội dung mã QR")
        self.check_button = QPushButton("&Kiểm tra")
        self.check_button.setDefault(True)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()
        self.model: ObjectTableModel[CertificateLine] = ObjectTableModel(FOUND_COLUMNS, self)
        self.table = ObjectTableView("certificate_lookup", self)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(240)
        self.found = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.found)
        layout.addWidget(buttons)
        self.resize(900, 480)
        self.check_button.clicked.connect(self.check)
        self.code.returnPressed.connect(self.check)

    def check(self) -> None:
        text = self.code.text().strip()
        if not text:
            return
        answer = run_guarded(self, lambda: self._service.verify(text))
        found = run_guarded(self, lambda: self._service.list(search=text))
        if answer is None or found is None:
            return
        looks_like_code = answer.certificate is not None or not found
        self.result.setVisible(looks_like_code)
        if looks_like_code:
            self.result.setText(("✔ " if answer.genuine else "✘ ") + answer.message)
            self.result.setStyleSheet(GOOD_STYLE if answer.genuine else BAD_STYLE)
        self.model.set_items(found[:LIMIT])
        self.found.setText(
            f"Tìm thấy {format_int(len(found))} giấy chứng nhận"
            + (f" (hiện {format_int(LIMIT)} giấy đầu)." if len(found) > LIMIT else ".")
            if found
            else ""
        )
        self.code.selectAll()
