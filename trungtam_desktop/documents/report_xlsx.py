"""The periodic report and the pay list as workbooks: one sheet per table, numbers as numbers.

Headers are bold, shaded, bordered and frozen (as in :mod:`trungtam_desktop.documents.xlsx_tables`);
dates are Excel dates shown dd/mm/yyyy; percentages are Excel percentages (0.7 shown "70.0%" or "70,0%"
by the reader's locale), left empty where there is no plan or quota; amounts are whole đồng shown with
thousands separators.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from trungtam_desktop.documents.issuer import issuer_lines
from trungtam_desktop.documents.xlsx_tables import DATE_FORMAT, XlsxColumn, thin_border, write_heading
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.number_words import amount_in_words
from trungtam_desktop.domain.reports import (
    ALL_PLACES_LABEL,
    GRADED_TOTAL_LABEL,
    PayList,
    PeriodReport,
    ReportDraft,
    percent,
)
from trungtam_desktop.domain.vietnamese import format_date, format_int, nfc

PERCENT_FORMAT = "0.0%"
TOTAL_LABELS = frozenset(("Tổng cộng", "Tổng số", GRADED_TOTAL_LABEL, ALL_PLACES_LABEL))  # rows set in bold
MONEY_FORMAT = "#,##0"


@dataclass(frozen=True)
class SheetData:
    title: str
    columns: Sequence[XlsxColumn]
    rows: Sequence[Sequence[object]]
    title_lines: Sequence[str] = ()
    footer: Sequence[str] = ()


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value / 100.0, 4)


def write_workbook(sheets: Sequence[SheetData]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    border = thin_border()
    for data in sheets:
        sheet = workbook.create_sheet(data.title[:31])
        header_row = write_heading(sheet, data.columns, data.title_lines)
        for values in data.rows:
            sheet.append([nfc(v) if isinstance(v, str) else v for v in values])
            row = sheet.max_row
            total = bool(values) and values[0] in TOTAL_LABELS
            for index, column in enumerate(data.columns, start=1):
                cell = sheet.cell(row, index)
                cell.border = border
                if total:
                    cell.font = Font(bold=True)
                if column.kind == "date" and isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
                elif column.kind == "percent":
                    cell.number_format = PERCENT_FORMAT
                elif column.kind == "money":
                    cell.number_format = MONEY_FORMAT
        for line in data.footer:
            sheet.append([nfc(line)])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(centre: CentreIdentity, *lines: str) -> list[str]:
    """The title rows of a sheet: the parent body, the centre (as the PDF's header prints them), then
    ``lines`` (the document's title, its period)."""
    return [*issuer_lines(centre), *lines]


def period_report_workbook(report: PeriodReport, draft: ReportDraft, centre: CentreIdentity) -> bytes:
    title = f"Báo cáo kết quả công tác đào tạo, bồi dưỡng {report.title}"
    head = _heading(
        centre, title, f"Từ ngày {format_date(report.start)} đến ngày {format_date(report.end)}"
    )
    n, p = XlsxColumn, "percent"
    programmes = [*report.programmes, report.total()]
    sheets = [
        SheetData(
            "Lớp và học viên",
            [
                n("Chương trình", 45),
                n("Số lớp trong kỳ", 12, "number"),
                n("Lượt học viên trong kỳ", 14, "number"),
                n("Số lớp lũy kế năm", 12, "number"),
                n("Lượt học viên lũy kế năm", 14, "number"),
                n("Kế hoạch năm: số lớp", 12, "number"),
                n("Kế hoạch năm: số học viên", 14, "number"),
                n("Đạt % kế hoạch: lớp", 12, p),
                n("Đạt % kế hoạch: học viên", 12, p),
            ],
            [
                [
                    x.programme,
                    x.classes,
                    x.places,
                    x.classes_ytd,
                    x.places_ytd,
                    x.planned_classes,
                    x.planned_places,
                    _fraction(x.classes_percent),
                    _fraction(x.places_percent),
                ]
                for x in programmes
            ],
            head,
        ),
        SheetData(
            "Thành phần học viên",
            [
                n("Nhóm", 14),
                n("Tiêu chí", 26),
                n("Lượt học viên", 14, "number"),
                n("Tỷ lệ", 10, p),
                n("Số người", 12, "number"),
            ],
            [
                [c.group, c.label, c.places, _fraction(percent(c.places, report.places)), c.people]
                for c in report.composition
            ]
            + [
                [
                    "Tổng số",
                    "",
                    report.places,
                    _fraction(percent(report.places, report.places)),
                    report.people,
                ]
            ],
            head,
        ),
        SheetData(
            "Chất lượng",
            [n("Chỉ tiêu", 36), n("Số lượng", 12, "number"), n("Tỷ lệ", 10, p)],
            [
                *([line.label, line.places, _fraction(line.share)] for line in report.quality.lines()),
                [
                    "Số lượt học viên không đạt",
                    report.not_passed,
                    _fraction(report.quality.share(report.not_passed)),
                ],
                ["Giấy chứng nhận cấp mới", report.certificates.issued, None],
                ["Giấy chứng nhận cấp lại", report.certificates.reissued, None],
                ["Giấy chứng nhận hủy", report.certificates.voided, None],
            ],
            head,
            [report.quality.note()],
        ),
        SheetData(
            "Giảng dạy",
            [
                n("Loại giảng viên", 16),
                n("Họ và tên", 28),
                n("Chức vụ", 20),
                n("Tiết trong kỳ", 10, "number"),
                n("Buổi trong kỳ", 10, "number"),
                n("Tiết lũy kế năm", 12, "number"),
                n("Định mức năm (tiết)", 12, "number"),
                n("Đạt định mức", 10, p),
            ],
            [
                [
                    x.lecturer_type,
                    x.name,
                    x.position,
                    x.tiet,
                    x.buoi,
                    x.tiet_ytd,
                    x.quota,
                    _fraction(x.quota_percent),
                ]
                for x in report.lecturers
            ]
            + [
                [
                    "Tổng cộng",
                    "",
                    "",
                    sum(x.tiet for x in report.lecturers),
                    sum(x.buoi for x in report.lecturers),
                    sum(x.tiet_ytd for x in report.lecturers),
                    None,
                    None,
                ]
            ],
            head,
        ),
        SheetData(
            "Danh sách lớp",
            [
                n("Mã lớp", 16),
                n("Tên lớp", 30),
                n("Chương trình", 36),
                n("Từ ngày", 12, "date"),
                n("Đến ngày", 12, "date"),
                n("Trạng thái", 14),
                n("Số học viên", 10, "number"),
                n("Hoàn thành", 10, "number"),
            ],
            [
                [c.code, c.name, c.programme, c.start, c.end, c.status, c.learners, c.completed]
                for c in report.classes
            ]
            + [
                [
                    "Tổng cộng",
                    f"{format_int(len(report.classes))} lớp",
                    "",
                    None,
                    None,
                    "",
                    sum(c.learners for c in report.classes),
                    sum(c.completed for c in report.classes),
                ]
            ],
            head,
        ),
        SheetData(
            "Nhận xét",
            [n("Phần", 24), n("Nội dung", 100)],
            [["Hạn chế", draft.limitations], ["Phương hướng, nhiệm vụ", draft.directions]],
            head,
        ),
    ]
    return write_workbook(sheets)


def pay_list_workbook(pay: PayList, centre: CentreIdentity) -> bytes:
    n = XlsxColumn
    sheet = SheetData(
        "Thù lao giảng dạy",
        [
            n("Họ và tên", 28),
            n("Loại giảng viên", 16),
            n("Chức vụ", 20),
            n("Số buổi", 10, "number"),
            n("Số tiết", 10, "number"),
            n("Mức thù lao (đồng)", 16, "money"),
            n("Tính theo", 10),
            n("Thành tiền (đồng)", 18, "money"),
        ],
        [
            [
                x.name,
                x.lecturer_type,
                x.position,
                x.buoi,
                x.tiet,
                x.rate if x.unit else None,
                x.unit_label,
                x.amount,
            ]
            for x in pay.lines
        ]
        + [["Tổng cộng", "", "", pay.total_buoi, pay.total_tiet, None, "", pay.total]],
        _heading(
            centre,
            f"Bảng kê giờ giảng và thù lao giảng viên {pay.title}",
            f"Từ ngày {format_date(pay.start)} đến ngày {format_date(pay.end)}",
        ),
        [f"Bằng chữ: {amount_in_words(pay.total)}."],
    )
    return write_workbook([sheet])
