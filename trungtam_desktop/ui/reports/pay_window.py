"""Báo cáo → Bảng kê giờ giảng và thù lao: per lecturer for a period, then PDF or Excel."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from trungtam_desktop.domain.number_words import amount_in_words
from trungtam_desktop.domain.reports import PayList
from trungtam_desktop.domain.vietnamese import format_date, format_money
from trungtam_desktop.services.report_documents import OutputFormat, ReportDocumentService, file_stem
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.preview import show_document
from trungtam_desktop.ui.reports.common import (
    PeriodPicker,
    default_period,
    figure_table,
    fill_table,
    output_buttons,
    save_as,
)


class PayListWindow(QDialog):
    def __init__(
        self, documents: ReportDocumentService, parent: QWidget | None = None, *, today: date
    ) -> None:
        super().__init__(parent)
        self.documents = documents
        self.pay: PayList | None = None
        self._tasks: list[object] = []
        self.setWindowTitle("Bảng kê giờ giảng và thù lao giảng viên")
        self.resize(900, 520)
        year, period = default_period(today)
        self.picker = PeriodPicker(year, period, self)
        self.period_label = QLabel(self)
        self.table = figure_table(
            [
                "Họ và tên",
                "Loại giảng viên",
                "Chức vụ",
                "Số buổi",
                "Số tiết",
                "Mức thù lao (đồng)",
                "Thành tiền (đồng)",
            ],
            self,
        )
        self.total = QLabel(self)
        self.total.setWordWrap(True)
        self.pdf_button, self.xlsx_button, bottom = output_buttons(self, self.preview_pdf, self.export_xlsx)
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addSpacing(12)
        top.addWidget(self.period_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(bottom)
        self.picker.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        year, period = self.picker.value()
        pay = run_guarded(self, lambda: self.documents.reports.pay_list(year, period))
        if pay is None:
            return
        self.pay = pay
        self.period_label.setText(f"Từ ngày {format_date(pay.start)} đến ngày {format_date(pay.end)}")
        rows = [
            [
                x.name,
                x.lecturer_type,
                x.position,
                format_money(x.buoi),
                format_money(x.tiet),
                x.rate_text,
                format_money(x.amount),
            ]
            for x in pay.lines
        ]
        rows.append(
            [
                "Tổng cộng",
                "",
                "",
                format_money(pay.total_buoi),
                format_money(pay.total_tiet),
                "",
                format_money(pay.total),
            ]
        )
        fill_table(self.table, rows, bold_last=True)
        self.total.setText(
            f"Tổng số tiền: {format_money(pay.total)} đồng. Bằng chữ: {amount_in_words(pay.total)}."
        )
        self.pdf_button.setEnabled(bool(pay.lines))
        self.xlsx_button.setEnabled(bool(pay.lines))

    def _shown_pay(self) -> PayList | None:
        """The pay list on screen when it is the picked period's (a failed refresh leaves an older one)."""
        pay = self.pay
        return pay if pay is not None and (pay.year, pay.period) == self.picker.value() else None

    def preview_pdf(self) -> None:
        year, period = self.picker.value()
        pay = self._shown_pay()
        title = f"Bảng kê thù lao {pay.title}" if pay else "Bảng kê thù lao"
        self._tasks.append(
            show_document(
                self,
                title,
                lambda: self.documents.pay_list(year, period, OutputFormat.PDF, pay=pay),
                f"{file_stem('Thu lao giang day', year, period)}.pdf",
            )
        )

    def export_xlsx(self) -> None:
        year, period = self.picker.value()
        pay = self._shown_pay()
        data = run_guarded(self, lambda: self.documents.pay_list(year, period, OutputFormat.XLSX, pay=pay))
        if data is not None:
            name = f"{file_stem('Thu lao giang day', year, period)}.xlsx"
            path = run_guarded(self, lambda: save_as(self, "Lưu bảng kê thù lao ra Excel", name, data))
            if path is not None:
                self.period_label.setText(f"Đã ghi {path.name}.")
