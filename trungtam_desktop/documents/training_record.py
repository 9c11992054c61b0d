"""Training records: the workbook for the national cadre database and the Party-format "Quá trình bồi dưỡng".

Workbook (one row per completed class, people in the order asked; documented in the README):

    STT | Số định danh cá nhân (CCCD) | Họ và tên | Ngày sinh | Giới tính | Loại hình (Đào tạo / Bồi dưỡng) |
    Lĩnh vực | Tên khóa học, chương trình | Tên lớp | Trình độ đạt được | Cơ sở đào tạo, bồi dưỡng | Từ ngày |
    Đến ngày | Hình thức đào tạo | Kết quả (xếp loại) | Văn bằng, chứng chỉ | Số hiệu văn bằng, chứng chỉ |
    Ngày cấp

with a second sheet listing the CCCDs not found and the input refused. Dates are Excel dates shown
dd/mm/yyyy; the CCCD is text (its leading zero kept).

PDF: one A4 portrait document per person (header block, "QUÁ TRÌNH BỒI DƯỠNG", the person, a table in the
columns of the Party's curriculum vitae form 2C — tên trường, ngành học hoặc tên lớp học, thời gian,
hình thức học, văn bằng chứng chỉ — and the director's signature).
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from trungtam_desktop.documents.inputs import IssueInfo
from trungtam_desktop.documents.party import PORTRAIT, DocumentInfo, PartyRenderer, document_number
from trungtam_desktop.documents.report_pages import body
from trungtam_desktop.documents.styles import para, party_styles
from trungtam_desktop.documents.tables import Column, column_table, numbered
from trungtam_desktop.documents.xlsx_tables import XlsxColumn
from trungtam_desktop.domain.training_record import RecordSet, TrainingLine, TrainingRecord
from trungtam_desktop.domain.vietnamese import format_date, format_int

TITLE = "Quá trình bồi dưỡng"
BLANK_NUMBER = "\u00a0" * 5

XLSX_COLUMNS = (
    XlsxColumn("STT", 6, "number"),
    XlsxColumn("Số định danh cá nhân (CCCD)", 16),
    XlsxColumn("Họ và tên", 26),
    XlsxColumn("Ngày sinh", 12),
    XlsxColumn("Giới tính", 8),
    XlsxColumn("Loại hình", 11),
    XlsxColumn("Lĩnh vực", 18),
    XlsxColumn("Tên khóa học, chương trình", 40),
    XlsxColumn("Tên lớp", 20),
    XlsxColumn("Trình độ đạt được", 22),
    XlsxColumn("Cơ sở đào tạo, bồi dưỡng", 34),
    XlsxColumn("Từ ngày", 12, "date"),
    XlsxColumn("Đến ngày", 12, "date"),
    XlsxColumn("Hình thức đào tạo", 15),
    XlsxColumn("Kết quả (xếp loại)", 14),
    XlsxColumn("Văn bằng, chứng chỉ", 26),
    XlsxColumn("Số hiệu văn bằng, chứng chỉ", 14),
    XlsxColumn("Ngày cấp", 12, "date"),
)


def workbook_rows(records: RecordSet) -> list[list[object]]:
    rows: list[list[object]] = []
    for record in records.records:
        for line in record.lines:
            rows.append(
                [
                    len(rows) + 1,
                    record.cccd,
                    record.full_name,
                    record.birth,
                    record.gender,
                    line.category,
                    line.field,
                    line.programme,
                    line.class_name,
                    line.level,
                    line.institution,
                    line.start,
                    line.end,
                    line.mode,
                    line.result,
                    line.certificate_kind,
                    line.certificate_number,
                    line.certificate_date,
                ]
            )
    return rows


def training_workbook(records: RecordSet, centre_name: str, today: date) -> bytes:
    """The sheet "Đào tạo, bồi dưỡng" (and "Không tìm thấy" when something was not matched)."""
    import io

    from openpyxl import load_workbook

    from trungtam_desktop.documents.xlsx_tables import write_table

    data = write_table(
        "Đào tạo, bồi dưỡng",
        XLSX_COLUMNS,
        workbook_rows(records),
        title_lines=[
            centre_name.upper(),
            "Quá trình đào tạo, bồi dưỡng (nhóm thông tin đào tạo, bồi dưỡng của cơ sở dữ liệu cán bộ)",
            f"Lập ngày {format_date(today)}: {format_int(len(records.records))} người, "
            f"{format_int(records.line_count)} khóa học",
        ],
    )
    missing = [
        [cccd, "Không có học viên mang số CCCD này trong sổ của trung tâm."] for cccd in records.not_found
    ]
    missing += [["", reason] for reason in records.refused]
    missing += [
        [r.cccd, f"{r.full_name}: chưa có khóa học nào đã hoàn thành."]
        for r in records.records
        if not r.lines
    ]
    if not missing:
        return data
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.create_sheet("Không tìm thấy")
    sheet.append(["Số CCCD", "Ghi chú"])
    for cccd, reason in missing:
        sheet.append([cccd, reason])
        sheet.cell(sheet.max_row, 1).number_format = "@"
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


COLUMNS: tuple[Column[tuple[int, TrainingLine]], ...] = (
    Column("STT", 10 * mm, lambda r: str(r[0])),
    Column("Tên trường, cơ sở đào tạo", 34 * mm, lambda r: r[1].institution, "LEFT", wrap=True, max_lines=3),
    Column("Ngành học hoặc tên lớp học", None, lambda r: _course(r[1]), "LEFT", wrap=True, max_lines=4),
    Column(
        "Thời gian học", 24 * mm, lambda r: f"{format_date(r[1].start)} – {format_date(r[1].end)}", wrap=True
    ),
    Column("Hình thức học", 20 * mm, lambda r: r[1].mode, wrap=True),
    Column("Văn bằng, chứng chỉ, kết quả", 34 * mm, lambda r: _diploma(r[1]), "LEFT", wrap=True, max_lines=4),
)


def _course(line: TrainingLine) -> str:
    return f"{line.programme} ({line.class_name})" if line.class_name else line.programme


def _diploma(line: TrainingLine) -> str:
    parts = [line.certificate_kind, f"số {line.certificate_number}" if line.certificate_number else ""]
    if line.certificate_date:
        parts.append(f"ngày {format_date(line.certificate_date)}")
    text = " ".join(p for p in parts if p)
    return f"{text}; {line.result}" if text else line.result


class TrainingRecordRenderer(PartyRenderer):
    def render(self, records: RecordSet, issue_date: date) -> bytes:
        number = document_number(BLANK_NUMBER, "XN", self.centre)
        story: list[Flowable] = []
        for index, record in enumerate(records.records):
            if index:
                story.append(PageBreak())
            recipients = (f"Đồng chí {record.full_name}", "Lưu VP")
            story += self._person(
                record, IssueInfo(number=number, issue_date=issue_date, recipients=recipients)
            )
        if not story:
            issue = IssueInfo(number=number, issue_date=issue_date)
            story = [*self.opening(PORTRAIT, issue, TITLE), body("Danh sách không có ai.")]
        names = ", ".join(r.full_name for r in records.records[:3])
        info = DocumentInfo(title=f"{TITLE} – {names}", subject="Quá trình đào tạo, bồi dưỡng")
        return self.build(story, PORTRAIT, info)

    def _person(self, record: TrainingRecord, issue: IssueInfo) -> list[Flowable]:
        story = self.opening(PORTRAIT, issue, TITLE, [f"của đồng chí {record.full_name}"])
        facts = [
            ("Ngày sinh", record.birth),
            ("Số định danh cá nhân (CCCD)", record.cccd),
            ("Chức vụ", record.position),
            ("Đơn vị công tác", record.unit),
            ("Chi bộ", record.party_cell),
        ]
        style = party_styles().body
        for label, value in facts:
            if value:
                story.append(para(f"{label}: {value}", style))
        story.append(Spacer(1, 4))
        story.append(body("Đã học các lớp đào tạo, bồi dưỡng sau tại Trung tâm (theo sổ của Trung tâm):"))
        table = column_table(
            numbered(record.lines),
            COLUMNS,
            PORTRAIT.frame_width,
            font_size=11,
            header_size=11,
            empty_text="Chưa có khóa học nào đã hoàn thành tại Trung tâm.",
        )
        story += self.closing(PORTRAIT, issue, after=table)
        return story
