"""The periodic report (BÁO CÁO kết quả công tác đào tạo, bồi dưỡng quý / 6 tháng / 9 tháng / năm).

A4 portrait: header block with "Số ..-BC/TTCT" and the place-date line, the title, then

I. Kết quả mở lớp: a summary sentence and the table of classes and learner places by programme (in the
   period, year to date, annual plan, % of plan), then the composition of the learners;
II. Chất lượng: grades, not passed, certificates issued / re-issued / voided;
III. Giảng dạy: tiết per lecturer by type against the yearly quota;
IV. Hạn chế and V. Phương hướng: the clerk's text;

the signer block (GIÁM ĐỐC) and, on landscape pages, the annex listing the classes of the period.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.fonts import FONT_BOLD
from trungtam_desktop.documents.inputs import IssueInfo
from trungtam_desktop.documents.party import LANDSCAPE, PORTRAIT, DocumentInfo, PartyRenderer, document_number
from trungtam_desktop.documents.report_pages import (
    body,
    build_mixed,
    heading,
    landscape_break,
    number,
    typed_text,
)
from trungtam_desktop.documents.styles import para, party_styles, resized
from trungtam_desktop.documents.tables import (
    Cell,
    fit_text,
    grid_table,
    header_cells,
    share_widths,
    total_row_commands,
)
from trungtam_desktop.domain.reports import Period, PeriodReport, ReportDraft, percent, percent_text
from trungtam_desktop.domain.vietnamese import body_name_in_sentence, format_date

TITLE = "Báo cáo"
BLANK_NUMBER = "\u00a0" * 5
TABLE_SIZE = 11


def report_subtitle(report: PeriodReport) -> str:
    return f"Kết quả công tác đào tạo, bồi dưỡng {report.title}"


def summary_sentence(report: PeriodReport) -> str:
    """ "Trong quý III năm 2024 (...), Trung tâm tổ chức 2 lớp với 5 lượt học viên (4 người). Lũy kế từ
    đầu năm: 3 lớp với 7 lượt học viên, đạt 60,0% kế hoạch năm về số lớp và 70,0% về số học viên."."""
    total = report.total()
    text = (
        f"Trong {report.title} (từ ngày {format_date(report.start)} đến ngày {format_date(report.end)}), "
        f"Trung tâm tổ chức {number(total.classes)} lớp với {number(total.places)} lượt học viên "
        f"({number(report.people)} người)"
    )
    if report.period is not Period.YEAR:
        ytd = f"{number(total.classes_ytd)} lớp với {number(total.places_ytd)} lượt học viên"
        text += f". Lũy kế từ đầu năm: {ytd}"
    plans = [
        f"{percent_text(total.classes_percent)} kế hoạch năm về số lớp" if total.planned_classes else "",
        f"{percent_text(total.places_percent)} kế hoạch năm về số học viên" if total.planned_places else "",
    ]
    plans = [p for p in plans if p]
    if len(plans) == 2:
        plans[1] = plans[1].replace(" kế hoạch năm", "")
    if plans:
        return text + ", đạt " + " và ".join(plans) + "."
    return text + "; chưa có kế hoạch năm để so sánh."


class PeriodReportRenderer(PartyRenderer):
    def render(self, report: PeriodReport, draft: ReportDraft, annexes: Sequence[Flowable] = ()) -> bytes:
        """``annexes``: pages of other sections (per commune served) added after the class annex."""
        issue = IssueInfo(
            number=document_number(draft.number or BLANK_NUMBER, "BC", self.centre),
            issue_date=draft.issue_date,
            recipients=(self._parent_recipient(), "Lưu VP"),
        )
        story: list[Flowable] = self.opening(PORTRAIT, issue, TITLE, [report_subtitle(report)])
        story += heading("I. KẾT QUẢ MỞ LỚP, HỌC VIÊN")
        story.append(body(summary_sentence(report)))
        story += heading("1. Số lớp và lượt học viên theo chương trình")
        story.append(self._programme_table(report))
        story += heading("2. Thành phần học viên")
        story.append(self._composition_table(report))
        story += heading("II. CHẤT LƯỢNG ĐÀO TẠO, BỒI DƯỠNG")
        story.append(self._grade_table(report))
        story.append(para(report.quality.note(), party_styles().note))
        story.append(Spacer(1, 6))
        c = report.certificates
        story.append(
            body(
                f"Số lượt học viên không đạt: {number(report.not_passed)}. Giấy chứng nhận: cấp mới "
                f"{number(c.issued)}, cấp lại {number(c.reissued)}, hủy {number(c.voided)}."
            )
        )
        story += heading("III. CÔNG TÁC GIẢNG DẠY")
        story.append(self._teaching_table(report))
        story += heading("IV. HẠN CHẾ")
        story += typed_text(draft.limitations)
        story += heading("V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
        last = typed_text(draft.directions)
        story += last[:-1]
        story += self.closing(PORTRAIT, issue, keep_with=last[-1:])
        story += landscape_break()
        story += self._annex(report)
        story += annexes
        info = DocumentInfo(
            title=f"Báo cáo {report.title}",
            subject=report_subtitle(report),
            keywords="báo cáo, đào tạo, bồi dưỡng",
        )
        return build_mixed(story, info, self.centre)

    def _parent_recipient(self) -> str:
        parent = body_name_in_sentence(self.centre.parent_body)
        return f"Thường trực {parent} (b/c)" if parent else "Cấp ủy cấp trên (b/c)"

    @staticmethod
    def _programme_table(report: PeriodReport) -> Flowable:
        widths = share_widths(PORTRAIT.frame_width, [10 * mm, None] + [15 * mm] * 8)
        cell = resized(party_styles().cell, TABLE_SIZE)
        head = header_cells(
            [
                "STT",
                "Chương trình",
                "Trong kỳ",
                "",
                "Lũy kế năm",
                "",
                "Kế hoạch năm",
                "",
                "Đạt % kế hoạch",
                "",
            ],
            TABLE_SIZE,
        )
        sub = header_cells(["", ""] + ["Lớp", "Học viên"] * 4, TABLE_SIZE)
        rows: list[list[Cell]] = [head, sub]
        lines = [*report.programmes, report.total()]
        for index, line in enumerate(lines, start=1):
            is_total = index == len(lines)
            rows.append(
                [
                    "" if is_total else str(index),
                    fit_text(line.programme, cell, widths[1], max_lines=3).paragraph
                    if not is_total
                    else line.programme,
                    number(line.classes),
                    number(line.places),
                    number(line.classes_ytd),
                    number(line.places_ytd),
                    number(line.planned_classes),
                    number(line.planned_places),
                    percent_text(line.classes_percent),
                    percent_text(line.places_percent),
                ]
            )
        last = len(rows) - 1
        commands = [
            ("SPAN", (0, 0), (0, 1)),
            ("SPAN", (1, 0), (1, 1)),
            *[("SPAN", (c, 0), (c + 1, 0)) for c in (2, 4, 6, 8)],
            ("FONT", (0, last), (-1, last), FONT_BOLD),
            ("ALIGN", (1, last), (1, last), "CENTER"),
        ]
        align = {0: "CENTER", **{c: "RIGHT" for c in range(2, 10)}}
        return grid_table(rows, widths, header_rows=2, font_size=TABLE_SIZE, align=align, commands=commands)

    @staticmethod
    def _composition_table(report: PeriodReport) -> Flowable:
        widths = share_widths(PORTRAIT.frame_width, [None, 32 * mm, 28 * mm, 32 * mm])
        rows: list[list[Cell]] = [
            header_cells(["Tiêu chí", "Lượt học viên", "Tỷ lệ", "Số người"], TABLE_SIZE)
        ]
        commands: list[tuple[object, ...]] = []
        group = None
        for line in report.composition:
            if line.group != group:
                group = line.group
                rows.append([group, "", "", ""])
                row = len(rows) - 1
                commands += [("SPAN", (0, row), (-1, row)), ("FONT", (0, row), (-1, row), FONT_BOLD)]
            rows.append(
                [
                    f"- {line.label}",
                    number(line.places),
                    percent_text(percent(line.places, report.places)),
                    number(line.people),
                ]
            )
        rows.append(
            [
                "Tổng số",
                number(report.places),
                percent_text(percent(report.places, report.places)),
                number(report.people),
            ]
        )
        last = len(rows) - 1
        commands.append(("FONT", (0, last), (-1, last), FONT_BOLD))
        return grid_table(
            rows,
            widths,
            font_size=TABLE_SIZE,
            align={1: "RIGHT", 2: "RIGHT", 3: "RIGHT"},
            commands=commands,  # type: ignore[arg-type]
        )

    @staticmethod
    def _grade_table(report: PeriodReport) -> Flowable:
        widths = share_widths(PORTRAIT.frame_width, [None, 40 * mm, 35 * mm])
        rows: list[list[Cell]] = [header_cells(["Xếp loại", "Số lượt học viên", "Tỷ lệ"], TABLE_SIZE)]
        commands: list[tuple[object, ...]] = []
        for line in report.quality.lines():
            rows.append([line.label, number(line.places), percent_text(line.share)])
            if line.total:
                commands.append(("FONT", (0, len(rows) - 1), (-1, len(rows) - 1), FONT_BOLD))
        return grid_table(
            rows,
            widths,
            font_size=TABLE_SIZE,
            align={1: "RIGHT", 2: "RIGHT"},
            commands=commands,  # type: ignore[arg-type]
        )

    @staticmethod
    def _teaching_table(report: PeriodReport) -> Flowable:
        widths = share_widths(
            PORTRAIT.frame_width, [11 * mm, None, 17 * mm, 15 * mm, 19 * mm, 21 * mm, 19 * mm]
        )
        cell = resized(party_styles().cell, TABLE_SIZE)
        labels = [
            "STT",
            "Họ và tên",
            "Tiết trong kỳ",
            "Buổi trong kỳ",
            "Tiết lũy kế năm",
            "Định mức năm (tiết)",
            "Đạt định mức",
        ]
        rows: list[list[Cell]] = [header_cells(labels, TABLE_SIZE)]
        commands: list[tuple[object, ...]] = []
        group = None
        for index, line in enumerate(report.lecturers, start=1):
            if line.lecturer_type != group:
                group = line.lecturer_type
                rows.append([group, "", "", "", "", "", ""])
                row = len(rows) - 1
                commands += [("SPAN", (0, row), (-1, row)), ("FONT", (0, row), (-1, row), FONT_BOLD)]
            rows.append(
                [
                    str(index),
                    fit_text(line.name, cell, widths[1], max_lines=2).paragraph,
                    number(line.tiet),
                    number(line.buoi),
                    number(line.tiet_ytd),
                    number(line.quota) if line.quota else "Không có",
                    percent_text(line.quota_percent),
                ]
            )
        if report.lecturers:
            rows.append(
                [
                    "Tổng cộng",
                    "",
                    number(sum(x.tiet for x in report.lecturers)),
                    number(sum(x.buoi for x in report.lecturers)),
                    number(sum(x.tiet_ytd for x in report.lecturers)),
                    "",
                    "",
                ]
            )
            last = len(rows) - 1
            commands += [("SPAN", (0, last), (1, last)), ("FONT", (0, last), (-1, last), FONT_BOLD)]
        return grid_table(
            rows,
            widths,
            font_size=TABLE_SIZE,
            align={0: "CENTER", 2: "RIGHT", 3: "RIGHT", 4: "RIGHT", 5: "RIGHT", 6: "RIGHT"},
            commands=commands,  # type: ignore[arg-type]
            empty_text="Không có giảng viên nào giảng dạy trong năm.",
        )

    @staticmethod
    def _annex(report: PeriodReport) -> list[Flowable]:
        styles = party_styles()
        widths = share_widths(
            LANDSCAPE.frame_width,
            [10 * mm, 30 * mm, None, 52 * mm, 23 * mm, 23 * mm, 22 * mm, 19 * mm, 22 * mm],
        )
        cell = resized(styles.cell, TABLE_SIZE)
        labels = [
            "STT",
            "Mã lớp",
            "Tên lớp",
            "Chương trình",
            "Từ ngày",
            "Đến ngày",
            "Trạng thái",
            "Số học viên",
            "Hoàn thành",
        ]
        rows: list[list[Cell]] = [header_cells(labels, TABLE_SIZE)]
        for index, c in enumerate(report.classes, start=1):
            rows.append(
                [
                    str(index),
                    fit_text(c.code, cell, widths[1], max_lines=1).paragraph,
                    fit_text(c.name, cell, widths[2], max_lines=3).paragraph,
                    fit_text(c.programme, cell, widths[3], max_lines=2).paragraph,
                    format_date(c.start),
                    format_date(c.end),
                    c.status,
                    number(c.learners),
                    number(c.completed),
                ]
            )
        commands: list[tuple[object, ...]] = []
        if report.classes:
            rows.append(
                [
                    "Tổng cộng",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    number(sum(c.learners for c in report.classes)),
                    number(sum(c.completed for c in report.classes)),
                ]
            )
            commands += total_row_commands(len(rows) - 1, 6)
        basis = "kết thúc" if report.basis.value == "end" else "khai giảng"
        return [
            para("PHỤ LỤC", styles.title),
            para(f"Danh sách các lớp {report.title}", styles.subtitle),
            para(
                f"(Các lớp {basis} từ ngày {format_date(report.start)} đến ngày {format_date(report.end)})",
                styles.subtitle_note,
            ),
            Spacer(1, 8),
            grid_table(
                rows,
                widths,
                font_size=TABLE_SIZE,
                align={0: "CENTER", 4: "CENTER", 5: "CENTER", 6: "CENTER", 7: "RIGHT", 8: "RIGHT"},
                commands=commands,  # type: ignore[arg-type]
                empty_text="Không có lớp nào trong kỳ.",
            ),
        ]
