"""The province's consolidated report (roll-up of the centres' packages): landscape Party-format PDF, and a
workbook with one sheet per table (per centre, per programme, quality, composition, communes, classes, and
the packages received or refused)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from trungtam_desktop.documents.inputs import IssueInfo, Signer
from trungtam_desktop.documents.party import LANDSCAPE, DocumentInfo, PartyRenderer
from trungtam_desktop.documents.report_pages import body, heading
from trungtam_desktop.documents.report_xlsx import SheetData, write_workbook
from trungtam_desktop.documents.styles import party_styles, resized
from trungtam_desktop.documents.tables import (
    Cell,
    fit_text,
    grid_table,
    header_cells,
    share_widths,
    total_row_commands,
)
from trungtam_desktop.documents.xlsx_tables import XlsxColumn
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.reports import ProgrammeLine, percent, percent_text
from trungtam_desktop.domain.rollup import Rollup
from trungtam_desktop.domain.vietnamese import format_date, format_int

TITLE = "Báo cáo tổng hợp"
SIZE = 11
SIGNER = "NGƯỜI TỔNG HỢP"


def subtitle(rollup: Rollup) -> str:
    return f"Kết quả đào tạo, bồi dưỡng của các trung tâm chính trị {rollup.title}"


def summary(rollup: Rollup) -> str:
    total = rollup.total()
    start, end = rollup.dates
    text = (
        f"Tổng hợp từ {format_int(len(rollup.centres))} gói báo cáo đã ký của các trung tâm (từ ngày "
        f"{format_date(start)} đến ngày {format_date(end)}): {format_int(total.classes)} lớp với "
        f"{format_int(total.places)} lượt học viên ({format_int(rollup.people)} người, cộng theo từng trung "
        f"tâm). Lũy kế từ đầu năm: {format_int(total.classes_ytd)} lớp với {format_int(total.places_ytd)} "
        "lượt học viên"
    )
    if total.planned_places:
        text += f", đạt {percent_text(total.places_percent)} kế hoạch năm về số học viên"
    text += "."
    if rollup.refused:
        text += f" {format_int(len(rollup.refused))} gói không được tổng hợp (xem mục 5)."
    return text


def _figures(line: ProgrammeLine) -> list[str]:
    return [
        format_int(line.classes),
        format_int(line.places),
        format_int(line.classes_ytd),
        format_int(line.places_ytd),
        format_int(line.planned_classes),
        format_int(line.planned_places),
        percent_text(line.classes_percent),
        percent_text(line.places_percent),
    ]


_FIGURE_HEADERS = [
    "Lớp trong kỳ",
    "Lượt HV trong kỳ",
    "Lớp lũy kế năm",
    "Lượt HV lũy kế năm",
    "Kế hoạch: lớp",
    "Kế hoạch: học viên",
    "Đạt % KH lớp",
    "Đạt % KH học viên",
]


class RollupRenderer(PartyRenderer):
    """``centre`` here is the province body that consolidates (the header's top left)."""

    def render(self, rollup: Rollup) -> bytes:
        issue = IssueInfo(number=None, issue_date=None, signer=Signer(SIGNER))
        start, end = rollup.dates
        notes = [f"(Từ ngày {format_date(start)} đến ngày {format_date(end)})"]
        story: list[Flowable] = self.opening(
            LANDSCAPE, issue, TITLE, [subtitle(rollup)], notes, year=rollup.year
        )
        story.append(body(summary(rollup)))
        story += heading("1. Số lớp và lượt học viên theo trung tâm")
        story.append(self._centre_table(rollup))
        story += heading("2. Số lớp và lượt học viên theo chương trình")
        story.append(self._kind_table(rollup))
        story += heading("3. Chất lượng và giấy chứng nhận")
        story.append(self._quality_table(rollup))
        story += heading("4. Thành phần học viên")
        story.append(self._composition_table(rollup))
        story += heading("5. Các gói không được tổng hợp")
        last = self._refused_table(rollup)
        story += self.closing(LANDSCAPE, issue, after=last)
        info = DocumentInfo(
            title=f"{TITLE} {rollup.title}", subject=subtitle(rollup), keywords="tổng hợp, báo cáo"
        )
        return self.build(story, LANDSCAPE, info)

    @staticmethod
    def _centre_table(rollup: Rollup) -> Flowable:
        widths = share_widths(LANDSCAPE.frame_width, [12 * mm, None] + [19 * mm] * 8)
        cell = resized(party_styles().cell, SIZE)
        rows: list[list[Cell]] = [header_cells(["STT", "Trung tâm", *_FIGURE_HEADERS], SIZE)]
        for index, centre in enumerate(rollup.centres, start=1):
            name = fit_text(centre.centre, cell, widths[1], max_lines=2).paragraph
            rows.append([str(index), name, *_figures(centre.total)])
        return _with_total(rows, widths, [*_figures(rollup.total())], 1, "Không có gói nào được tổng hợp.")

    @staticmethod
    def _kind_table(rollup: Rollup) -> Flowable:
        widths = share_widths(LANDSCAPE.frame_width, [12 * mm, None] + [19 * mm] * 8)
        cell = resized(party_styles().cell, SIZE)
        rows: list[list[Cell]] = [header_cells(["STT", "Chương trình", *_FIGURE_HEADERS], SIZE)]
        for index, line in enumerate(rollup.by_kind(), start=1):
            rows.append([str(index), fit_text(line.programme, cell, widths[1]).paragraph, *_figures(line)])
        return _with_total(rows, widths, _figures(rollup.total()), 1, "Không có số liệu.")

    @staticmethod
    def _quality_table(rollup: Rollup) -> Flowable:
        grades = [label for label, _count in rollup.grades()]
        labels = ["STT", "Trung tâm", *grades, "GCN cấp mới", "GCN cấp lại", "GCN hủy"]
        widths = share_widths(LANDSCAPE.frame_width, [12 * mm, None] + [18 * mm] * (len(labels) - 2))
        cell = resized(party_styles().cell, SIZE)
        rows: list[list[Cell]] = [header_cells(labels, SIZE)]
        for index, centre in enumerate(rollup.centres, start=1):
            counts = dict(centre.grades)
            c = centre.certificates
            rows.append(
                [
                    str(index),
                    fit_text(centre.centre, cell, widths[1], max_lines=2).paragraph,
                    *(format_int(counts.get(g, 0)) for g in grades),
                    *(format_int(n) for n in (c.issued, c.reissued, c.voided)),
                ]
            )
        c = rollup.certificates()
        totals = [
            *(format_int(n) for _g, n in rollup.grades()),
            *(format_int(n) for n in (c.issued, c.reissued, c.voided)),
        ]
        return _with_total(rows, widths, totals, 1, "Không có số liệu.")

    @staticmethod
    def _composition_table(rollup: Rollup) -> Flowable:
        widths = share_widths(LANDSCAPE.frame_width, [None, 35 * mm, 25 * mm, 30 * mm])
        places = rollup.total().places
        rows: list[list[Cell]] = [header_cells(["Tiêu chí", "Lượt học viên", "Tỷ lệ", "Số người"], SIZE)]
        for line in rollup.composition():
            rows.append(
                [
                    f"{line.group}: {line.label}",
                    format_int(line.places),
                    percent_text(percent(line.places, places)),
                    format_int(line.people),
                ]
            )
        return grid_table(rows, widths, font_size=SIZE, align={1: "RIGHT", 2: "RIGHT", 3: "RIGHT"},
                          empty_text="Không có số liệu.")  # fmt: skip

    @staticmethod
    def _refused_table(rollup: Rollup) -> Flowable:
        widths = share_widths(LANDSCAPE.frame_width, [12 * mm, 80 * mm, None])
        cell = resized(party_styles().cell, SIZE)
        rows: list[list[Cell]] = [header_cells(["STT", "Tệp", "Lý do"], SIZE)]
        for index, refusal in enumerate(rollup.refused, start=1):
            rows.append(
                [
                    str(index),
                    fit_text(refusal.file, cell, widths[1], max_lines=2).paragraph,
                    fit_text(
                        refusal.reason[:1].upper() + refusal.reason[1:], cell, widths[2], max_lines=3
                    ).paragraph,
                ]
            )
        return grid_table(rows, widths, font_size=SIZE, align={0: "CENTER"},
                          empty_text="Mọi gói nhận được đều hợp lệ.")  # fmt: skip


def _with_total(
    rows: list[list[Cell]], widths: Sequence[float], totals: Sequence[str], span_to: int, empty: str
) -> Flowable:
    commands: list[tuple[object, ...]] = []
    if len(rows) > 1:
        rows.append(["Tổng cộng", *([""] * span_to), *totals])
        commands = total_row_commands(len(rows) - 1, span_to)
    align = {0: "CENTER", **{i: "RIGHT" for i in range(span_to + 1, len(widths))}}
    return grid_table(rows, widths, font_size=SIZE, align=align, commands=commands, empty_text=empty)  # type: ignore[arg-type]


def rollup_renderer(parent_body: str, issuer: str, place: str) -> RollupRenderer:
    return RollupRenderer(CentreIdentity(parent_body, issuer, place, "", SIGNER, ""))


# -- the workbook ------------------------------------------------------------------------------------------


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value / 100.0, 4)


def _number_row(line: ProgrammeLine) -> list[object]:
    return [
        line.classes,
        line.places,
        line.classes_ytd,
        line.places_ytd,
        line.planned_classes,
        line.planned_places,
        _fraction(line.classes_percent),
        _fraction(line.places_percent),
    ]


def _number_columns() -> list[XlsxColumn]:
    n = XlsxColumn
    return [
        n("Số lớp trong kỳ", 12, "number"),
        n("Lượt học viên trong kỳ", 14, "number"),
        n("Số lớp lũy kế năm", 12, "number"),
        n("Lượt học viên lũy kế năm", 14, "number"),
        n("Kế hoạch năm: số lớp", 12, "number"),
        n("Kế hoạch năm: số học viên", 14, "number"),
        n("Đạt % kế hoạch: lớp", 12, "percent"),
        n("Đạt % kế hoạch: học viên", 12, "percent"),
    ]


def rollup_workbook(rollup: Rollup, heading_line: str = "") -> bytes:
    n = XlsxColumn
    start, end = rollup.dates
    head = [
        heading_line.upper() or TITLE.upper(),
        subtitle(rollup),
        f"Từ ngày {format_date(start)} đến ngày {format_date(end)}; "
        f"{format_int(len(rollup.centres))} trung tâm",
    ]
    total = rollup.total()
    grades = [label for label, _count in rollup.grades()]
    sheets = [
        SheetData(
            "Theo trung tâm",
            [n("Trung tâm", 40), n("Dấu vân tay khóa", 22), n("Số người", 10, "number"), *_number_columns()],
            [[c.centre, c.fingerprint, c.people, *_number_row(c.total)] for c in rollup.centres]
            + [["Tổng cộng", "", rollup.people, *_number_row(total)]],
            head,
        ),
        SheetData(
            "Theo chương trình",
            [n("Trung tâm", 40), n("Chương trình", 45), *_number_columns()],
            [
                [c.centre, line.programme, *_number_row(line)]
                for c in rollup.centres
                for _k, line in c.programmes
            ]
            + [["Tổng cộng", line.programme, *_number_row(line)] for line in rollup.by_kind()]
            + [["Tổng cộng", "", *_number_row(total)]],
            head,
        ),
        SheetData(
            "Chất lượng",
            [
                n("Trung tâm", 40),
                *(n(g, 11, "number") for g in grades),
                n("Lượt không đạt", 11, "number"),
                n("GCN cấp mới", 11, "number"),
                n("GCN cấp lại", 11, "number"),
                n("GCN hủy", 11, "number"),
            ],
            [
                [
                    c.centre,
                    *(dict(c.grades).get(g, 0) for g in grades),
                    c.not_passed,
                    c.certificates.issued,
                    c.certificates.reissued,
                    c.certificates.voided,
                ]
                for c in rollup.centres
            ]
            + [
                [
                    "Tổng cộng",
                    *(count for _g, count in rollup.grades()),
                    rollup.not_passed,
                    rollup.certificates().issued,
                    rollup.certificates().reissued,
                    rollup.certificates().voided,
                ]
            ],
            head,
        ),
        SheetData(
            "Thành phần học viên",
            [
                n("Trung tâm", 40),
                n("Nhóm", 14),
                n("Tiêu chí", 26),
                n("Lượt học viên", 14, "number"),
                n("Số người", 12, "number"),
            ],
            [[c.centre, x.group, x.label, x.places, x.people] for c in rollup.centres for x in c.composition]
            + [["Tổng cộng", x.group, x.label, x.places, x.people] for x in rollup.composition()],
            head,
        ),
        SheetData(
            "Theo xã, phường",
            [
                n("Trung tâm", 40),
                n("Xã, phường, đặc khu", 32),
                n("Số lớp", 10, "number"),
                n("Lượt học viên", 14, "number"),
                n("Ghi chú", 18),
            ],
            [[c.centre, x.commune, x.classes, x.places, x.note] for c in rollup.centres for x in c.communes],
            head,
        ),
        SheetData(
            "Danh sách lớp",
            [
                n("Trung tâm", 36),
                n("Mã lớp", 16),
                n("Tên lớp", 30),
                n("Chương trình", 36),
                n("Xã, phường", 20),
                n("Từ ngày", 12, "date"),
                n("Đến ngày", 12, "date"),
                n("Trạng thái", 14),
                n("Số học viên", 10, "number"),
                n("Hoàn thành", 10, "number"),
            ],
            [
                [
                    c.centre,
                    k.get("code"),
                    k.get("name"),
                    k.get("programme"),
                    k.get("commune"),
                    _date_of(k.get("start")),
                    _date_of(k.get("end")),
                    k.get("status"),
                    k.get("learners"),
                    k.get("completed"),
                ]
                for c in rollup.centres
                for k in c.classes
            ],
            head,
        ),
        SheetData(
            "Các gói",
            [n("Tệp", 50), n("Trung tâm", 40), n("Dấu vân tay khóa", 22), n("Lập lúc", 20), n("Kết quả", 60)],
            [[c.file, c.centre, c.fingerprint, _created(c.created), "Đã tổng hợp"] for c in rollup.centres]
            + [[r.file, "", "", "", f"Không tổng hợp: {r.reason}"] for r in rollup.refused],
            head,
        ),
    ]
    return write_workbook(sheets)


def _date_of(value: object) -> object:
    """An ISO date from a package as a date (Excel shows it dd/mm/yyyy); left as it is when not one."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return str(value or "")


def _created(value: str) -> str:
    """ "2024-10-05 09:12:30" as "05/10/2024 09:12:30"."""
    try:
        return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return value
