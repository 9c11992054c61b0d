"""Báo cáo → Báo cáo định kỳ: pick the year and period, review the figures, type the free text, produce.

The free text (number, date, hạn chế, phương hướng) is a draft kept in the database per year and period:
it is saved when the clerk clicks "Lưu bản nháp", before each PDF or Excel file, when another period is
chosen and when the window closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.reports import ClassBasis, PeriodReport, ReportDraft, percent, percent_text
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.report_documents import OutputFormat, ReportDocumentService, file_stem
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.preview import show_document
from trungtam_desktop.ui.reports.common import (
    PeriodPicker,
    default_period,
    figure,
    figure_table,
    fill_table,
    output_buttons,
    save_as,
)

PROGRAMME_HEADERS = [
    "Chương trình",
    "Lớp\ntrong kỳ",
    "Học viên\ntrong kỳ",
    "Lớp\nlũy kế năm",
    "Học viên\nlũy kế năm",
    "Kế hoạch\nsố lớp",
    "Kế hoạch\nsố học viên",
    "Đạt %\n(lớp)",
    "Đạt %\n(học viên)",
]


def programme_rows(report: PeriodReport) -> list[list[str]]:
    rows = []
    for x in [*report.programmes, report.total()]:
        counts = (x.classes, x.places, x.classes_ytd, x.places_ytd, x.planned_classes, x.planned_places)
        rows.append(
            [
                x.programme,
                *map(figure, counts),
                percent_text(x.classes_percent),
                percent_text(x.places_percent),
            ]
        )
    return rows


def composition_rows(report: PeriodReport) -> list[list[str]]:
    share = lambda n: percent_text(percent(n, report.places))  # noqa: E731
    rows = [
        [f"{c.group}: {c.label}", figure(c.places), share(c.places), figure(c.people)]
        for c in report.composition
    ]
    rows.append(["Tổng số", figure(report.places), share(report.places), figure(report.people)])
    return rows


def quality_rows(report: PeriodReport) -> list[list[str]]:
    quality = report.quality
    certificates = report.certificates
    rows = [[line.label, figure(line.places), percent_text(line.share)] for line in quality.lines()]
    rows += [
        [
            "Lượt học viên không đạt",
            figure(quality.not_passed),
            percent_text(quality.share(quality.not_passed)),
        ],
        ["Giấy chứng nhận cấp mới", figure(certificates.issued), ""],
        ["Giấy chứng nhận cấp lại", figure(certificates.reissued), ""],
        ["Giấy chứng nhận đã hủy", figure(certificates.voided), ""],
    ]
    return rows


def teaching_rows(report: PeriodReport) -> list[list[str]]:
    return [
        [
            x.name,
            x.lecturer_type,
            figure(x.tiet),
            figure(x.buoi),
            figure(x.tiet_ytd),
            figure(x.quota) if x.quota else "Không có",
            percent_text(x.quota_percent),
        ]
        for x in report.lecturers
    ]


def class_rows(report: PeriodReport) -> list[list[str]]:
    return [
        [
            c.name,
            c.code,
            c.programme,
            format_date(c.start),
            format_date(c.end),
            c.status,
            figure(c.learners),
            figure(c.completed),
        ]
        for c in report.classes
    ]


class PeriodReportWindow(QDialog):
    def __init__(
        self,
        documents: ReportDocumentService,
        parent: QWidget | None = None,
        *,
        today: date,
        now: Callable[[], datetime],
    ) -> None:
        super().__init__(parent)
        self.documents = documents
        self.reports = documents.reports
        self.report: PeriodReport | None = None
        self._tasks: list[object] = []
        self.setWindowTitle("Báo cáo định kỳ")
        self.resize(1000, 640)
        self._now = now
        year, period = default_period(today)
        self.picker = PeriodPicker(year, period, self)
        self._shown = (year, period)
        self.basis = QComboBox(self)
        self.basis.addItem("ngày kết thúc", ClassBasis.END.value)
        self.basis.addItem("ngày khai giảng", ClassBasis.START.value)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.programmes = figure_table(PROGRAMME_HEADERS, self)
        self.composition = figure_table(["Tiêu chí", "Lượt học viên", "Tỷ lệ", "Số người"], self)
        self.quality = figure_table(["Chỉ tiêu", "Số lượng", "Tỷ lệ"], self)
        self.teaching = figure_table(
            ["Họ và tên", "Loại giảng viên", "Tiết trong kỳ", "Buổi trong kỳ", "Tiết lũy kế năm",
             "Định mức năm (tiết)", "Đạt định mức"], self
        )  # fmt: skip
        self.classes = figure_table(
            [
                "Tên lớp",
                "Mã lớp",
                "Chương trình",
                "Từ ngày",
                "Đến ngày",
                "Trạng thái",
                "Học viên",
                "Hoàn thành",
            ],
            self,
        )
        self.tabs.addTab(self.programmes, "1. Lớp và học viên")
        self.tabs.addTab(self.composition, "2. Thành phần học viên")
        self.tabs.addTab(self.quality, "3. Chất lượng")
        self.tabs.addTab(self.teaching, "4. Giảng dạy")
        self.tabs.addTab(self.classes, "5. Danh sách lớp")
        self.tabs.addTab(self._text_page(), "6. Nhận xét (hạn chế, phương hướng)")
        self._build_layout()
        self.picker.changed.connect(self._period_changed)
        self.basis.currentIndexChanged.connect(self.refresh)
        self._load_draft()
        self.refresh()

    def _text_page(self) -> QWidget:
        page = QWidget(self)
        self.number = QLineEdit(page)
        self.number.setMaxLength(30)
        self.number.setPlaceholderText("để trống để ghi tay")
        self.issue_date = DateField("issue_date", "Ngày báo cáo", parent=page)
        self.limitations = QPlainTextEdit(page)
        self.limitations.setPlaceholderText(
            "Mỗi dòng là một đoạn. Để trống thì bản in chừa dòng chấm để viết tay."
        )
        self.directions = QPlainTextEdit(page)
        self.directions.setPlaceholderText("Mỗi dòng là một đoạn.")
        save = QPushButton("&Lưu bản nháp", page)
        save.clicked.connect(self.save_draft)
        self.draft_status = QLabel(page)
        form = QFormLayout(page)
        form.addRow("Số văn bản (…-BC):", self.number)
        form.addRow("Ngày báo cáo:", self.issue_date)
        form.addRow("IV. Hạn chế:", self.limitations)
        form.addRow("V. Phương hướng, nhiệm vụ:", self.directions)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(self.draft_status, 1)
        form.addRow("", row)
        return page

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addSpacing(12)
        top.addWidget(QLabel("Xếp lớp vào kỳ theo:", self))
        top.addWidget(self.basis)
        top.addStretch(1)
        self.pdf_button, self.xlsx_button, bottom = output_buttons(self, self.preview_pdf, self.export_xlsx)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    # -- figures -----------------------------------------------------------------------------------------
    def _basis(self) -> ClassBasis:
        return ClassBasis(self.basis.currentData())

    def refresh(self) -> None:
        year, period = self.picker.value()
        report = run_guarded(self, lambda: self.reports.period_report(year, period, self._basis()))
        if report is None:
            return
        self.report = report
        total = report.total()
        self.summary.setText(
            f"Báo cáo {report.title} (từ {format_date(report.start)} đến {format_date(report.end)}): "
            f"{format_int(total.classes)} lớp, {format_int(total.places)} lượt học viên "
            f"({format_int(report.people)} người); lũy kế năm {format_int(total.classes_ytd)} lớp, "
            f"{format_int(total.places_ytd)} lượt học viên, "
            f"đạt {percent_text(total.places_percent)} kế hoạch học viên."
        )
        fill_table(self.programmes, programme_rows(report), bold_last=True)
        fill_table(self.composition, composition_rows(report), bold_last=True)
        fill_table(self.quality, quality_rows(report))
        fill_table(self.teaching, teaching_rows(report))
        fill_table(self.classes, class_rows(report))

    # -- the draft ---------------------------------------------------------------------------------------
    def _load_draft(self) -> None:
        year, period = self._shown
        draft = run_guarded(self, lambda: self.reports.draft(year, period)) or ReportDraft()
        self.number.setText(draft.number)
        self.issue_date.set_date(draft.issue_date)
        self.limitations.setPlainText(draft.limitations)
        self.directions.setPlainText(draft.directions)
        self.draft_status.setText("")

    def current_draft(self) -> ReportDraft:
        """What is typed; raises ValidationError for a bad date."""
        return ReportDraft(
            self.number.text(),
            self.issue_date.value(),
            self.limitations.toPlainText(),
            self.directions.toPlainText(),
        )

    def save_draft(self) -> ReportDraft | None:
        year, period = self._shown
        saved = run_guarded(self, lambda: self.reports.save_draft(year, period, self.current_draft()))
        if saved is not None:
            self.draft_status.setText(f"Đã lưu bản nháp lúc {self._now():%H:%M}.")
        return saved

    def _period_changed(self) -> None:
        if self.save_draft() is None:  # a bad date: stay on the period so that nothing typed is lost
            year, period = self._shown
            self.picker.blockSignals(True)
            self.picker.year.setValue(year)
            self.picker.set_period(period)
            self.picker.blockSignals(False)
            return
        self._shown = self.picker.value()
        self._load_draft()
        self.refresh()

    # -- output ------------------------------------------------------------------------------------------
    def _produce(self, output: OutputFormat):  # type: ignore[no-untyped-def]
        draft = self.save_draft()
        if draft is None:
            return None
        year, period = self._shown
        basis = self._basis()
        report = self.report  # the figures on screen; recomputed if a failed refresh left another period's
        if report is not None and (report.year, report.period, report.basis) != (year, period, basis):
            report = None
        return lambda: self.documents.period_report(
            year, period, output, draft=draft, basis=basis, report=report
        )

    def preview_pdf(self) -> None:
        produce = self._produce(OutputFormat.PDF)
        if produce is not None:
            year, period = self._shown
            title = f"Báo cáo {self.report.title}" if self.report else "Báo cáo"
            self._tasks.append(
                show_document(self, title, produce, f"{file_stem('Bao cao', year, period)}.pdf")
            )

    def export_xlsx(self) -> None:
        produce = self._produce(OutputFormat.XLSX)
        if produce is None:
            return
        year, period = self._shown
        data = run_guarded(self, produce)
        if data is not None:
            path = run_guarded(
                self,
                lambda: save_as(
                    self, "Lưu báo cáo ra Excel", f"{file_stem('Bao cao', year, period)}.xlsx", data
                ),
            )
            if path is not None:
                self.draft_status.setText(f"Đã ghi {path.name}.")

    def reject(self) -> None:
        """Closing (Đóng, Esc or the window's X) keeps the draft."""
        self.save_draft()
        super().reject()
