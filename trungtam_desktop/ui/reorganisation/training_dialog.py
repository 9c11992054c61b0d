"""Dữ liệu → Quá trình bồi dưỡng: the training records of the selected learner, a chi bộ's members, a pasted
list of CCCD numbers or a list file; to Excel for the national cadre database, or as the Party-format PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.training_record import RecordSet, TrainingLine, TrainingRecord
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.training_records import TrainingRecordService
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.import_export.menu import save_export
from trungtam_desktop.ui.preview import show_document
from trungtam_desktop.ui.reorganisation import files


@dataclass(frozen=True)
class Row:
    record: TrainingRecord
    line: TrainingLine | None  # None: the person has no completed class


ROW_COLUMNS: list[Column[Row]] = [
    Column("Họ và tên", lambda r: r.record.full_name, width=150),
    Column("Số CCCD", lambda r: r.record.cccd, width=100),
    Column("Chương trình", lambda r: r.line.programme if r.line else "(chưa có khóa học nào)",
           tooltip=lambda r: r.line.programme if r.line else "", width=200),
    Column("Lớp", lambda r: r.line.class_name if r.line else "", width=80),
    Column("Thời gian", lambda r: _dates(r.line), width=160),
    Column("Kết quả", lambda r: r.line.result if r.line else "", width=70),
    Column("Văn bằng, chứng chỉ", lambda r: f"{r.line.certificate_kind} {r.line.certificate_number}".strip()
           if r.line else "", width=180),
]  # fmt: skip


def _dates(line: TrainingLine | None) -> str:
    return f"{format_date(line.start)} – {format_date(line.end)}" if line else ""


def rows_of(records: RecordSet) -> list[Row]:
    rows: list[Row] = []
    for record in records.records:
        rows += [Row(record, line) for line in record.lines] or [Row(record, None)]
    return rows


class TrainingRecordDialog(QDialog):
    def __init__(
        self, service: TrainingRecordService, parent: QWidget | None = None, *, learner: Learner | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._learner = learner
        self._file: Path | None = None
        self._tasks: list[object] = []
        self.records: RecordSet | None = None
        self.setWindowTitle("Quá trình bồi dưỡng (xuất cho cơ sở dữ liệu cán bộ)")
        self._build_ui()
        self.resize(1000, 620)

    def _build_ui(self) -> None:
        self.choice = QButtonGroup(self)
        self.selected = QRadioButton(
            f"Học viên đang chọn: {self._learner.full_name}"
            if self._learner
            else "Học viên đang chọn (chưa chọn ai)",
            self,
        )
        self.selected.setEnabled(self._learner is not None)
        self.by_cell = QRadioButton("Các học viên của chi &bộ:", self)
        self.cell = QLineEdit(self)
        self.cell.setPlaceholderText("một phần tên chi bộ, ví dụ “Chi bộ thôn 3” (gõ không dấu được)")
        self.by_paste = QRadioButton("Danh sách số CCCD &dán vào (mỗi người một dòng):", self)
        self.pasted = QPlainTextEdit(self)
        self.pasted.setPlaceholderText("Dán từ Excel: cột số CCCD ở đâu cũng được; dòng tiêu đề được bỏ qua.")
        self.pasted.setTabChangesFocus(True)
        self.pasted.setMaximumHeight(90)
        self.by_file = QRadioButton("Danh sách từ &tệp (.xlsx, .csv) có cột số CCCD:", self)
        self.file_button = QPushButton("Chọn tệp…", self)
        self.file_label = QLabel("(chưa chọn tệp)", self)
        for index, button in enumerate((self.selected, self.by_cell, self.by_paste, self.by_file)):
            self.choice.addButton(button, index)
        (self.selected if self._learner else self.by_cell).setChecked(True)
        self.show_button = QPushButton("&Xem", self)
        self.show_button.setDefault(True)
        grid = QGridLayout()
        grid.addWidget(self.selected, 0, 0, 1, 2)
        grid.addWidget(self.by_cell, 1, 0)
        grid.addWidget(self.cell, 1, 1)
        grid.addWidget(self.by_paste, 2, 0)
        grid.addWidget(self.pasted, 2, 1)
        grid.addWidget(self.by_file, 3, 0)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_button)
        file_row.addWidget(self.file_label, 1)
        grid.addLayout(file_row, 3, 1)
        grid.setColumnStretch(1, 1)
        top = QHBoxLayout()
        top.addLayout(grid, 1)
        top.addWidget(self.show_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model: ObjectTableModel[Row] = ObjectTableModel(ROW_COLUMNS, self)
        self.table = ObjectTableView("training_records", self)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)
        self.xlsx_button = QPushButton("Xuất &Excel cho CSDL cán bộ…", self)
        self.pdf_button = QPushButton("Xem trước, in &PDF “Quá trình bồi dưỡng”…", self)
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(self.pdf_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.show_button.clicked.connect(self.load)
        self.cell.returnPressed.connect(self.load)
        self.cell.textEdited.connect(lambda _t: self.by_cell.setChecked(True))
        self.pasted.textChanged.connect(
            lambda: self.by_paste.setChecked(True) if self.pasted.toPlainText() else None
        )
        self.file_button.clicked.connect(self.choose_file)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.pdf_button.clicked.connect(self.preview_pdf)

    def choose_file(self) -> None:
        path = files.choose_list_file(self)
        if path is not None:
            self._file = path
            self.file_label.setText(str(path))
            self.by_file.setChecked(True)

    def _read(self) -> RecordSet:
        choice = self.choice.checkedId()
        if choice == 0 and self._learner is not None and self._learner.id is not None:
            return self._service.for_learners([self._learner.id])
        if choice == 1:
            return self._service.for_party_cell(self.cell.text())
        if choice == 2:
            return self._service.for_pasted(self.pasted.toPlainText())
        if self._file is None:
            raise ValidationError("file", "Hãy chọn tệp danh sách trước.")
        return self._service.for_file(self._file)

    def load(self) -> None:
        records = run_guarded(self, self._read)
        if records is None:
            return
        self.records = records
        self.model.set_items(rows_of(records))
        people, lines = format_int(len(records.records)), format_int(records.line_count)
        parts = [f"{people} người, {lines} khóa học đã hoàn thành."]
        if records.not_found:
            parts.append(f"Không có trong sổ của trung tâm: {', '.join(records.not_found)}.")
        if records.refused:
            parts.append(" ".join(records.refused))
        self.summary.setText(" ".join(parts))
        self.summary.setStyleSheet("color: #8b0000;" if records.not_found or records.refused else "")
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(bool(records.records))

    def export_xlsx(self) -> None:
        records = self.records
        if records is not None:
            save_export(
                self,
                "Xuất quá trình bồi dưỡng",
                "Qua trinh boi duong.xlsx",
                lambda: self._service.workbook(records),
            )

    def preview_pdf(self) -> None:
        records = self.records
        if records is not None:
            self._tasks.append(
                show_document(
                    self, "Quá trình bồi dưỡng", lambda: self._service.pdf(records), "Qua trinh boi duong.pdf"
                )
            )
