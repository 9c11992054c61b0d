"""Tra cứu / xác minh giấy chứng nhận: check a typed code, a register number or a scanned QR text."""

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

from trungtam_desktop.services.certificates import CertificateService
from trungtam_desktop.ui.common.forms import run_guarded

GOOD_STYLE = "color: #1f5f1f; background: #eaf6ea; border: 1px solid #8cc08c; padding: 6px;"
BAD_STYLE = "color: #8b0000; background: #fdecec; border: 1px solid #e0a0a0; padding: 6px;"


class LookupDialog(QDialog):
    """A scanner types the QR text followed by Enter, so Enter checks at once."""

    def __init__(self, service: CertificateService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.setWindowTitle("Tra cứu, xác minh giấy chứng nhận")
        intro = QLabel(
            "Gõ mã xác minh in ở chân giấy chứng nhận (ví dụ 7K3QX-9MP2A), hoặc quét mã QR bằng máy quét "
            "cầm tay vào ô dưới đây, rồi bấm Enter."
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.check_button.clicked.connect(self.check)
        self.code.returnPressed.connect(self.check)

    def check(self) -> None:
        answer = run_guarded(self, lambda: self._service.verify(self.code.text()))
        if answer is None:
            return
        self.result.setText(("✔ " if answer.genuine else "✘ ") + answer.message)
        self.result.setStyleSheet(GOOD_STYLE if answer.genuine else BAD_STYLE)
        self.result.show()
        self.adjustSize()
        self.code.selectAll()
