"""The register book (sổ cấp giấy chứng nhận): A4 landscape, one line per certificate number.

Opens with the Party header, the book's title and period, and a line saying how many pages the book has
(counted by laying the book out once before the final layout). The table repeats its header row; pages
are numbered as every document's (from page 2, centred at the top). The book closes with its totals,
counted from each line's status::

    Sổ này ghi 350 giấy chứng nhận, từ số 1/2024 đến số 350/2024; trong đó cấp lại: 3; đã hủy: 2;
    đã được cấp lại (thay bằng số khác): 3.

then the place-date line and the signatures (the keeper of the book on the left, the director on the
right), kept on the page of the table's last rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.certificate_inputs import (
    LINE_REISSUE,
    LINE_REPLACED,
    LINE_STATUS_LABELS,
    LINE_VOID,
    RegisterBookData,
    RegisterLine,
)
from trungtam_desktop.documents.inputs import IssueInfo, Signer
from trungtam_desktop.documents.party import LANDSCAPE, DocumentInfo, PageLayout, PartyRenderer
from trungtam_desktop.documents.pdf_info import page_count
from trungtam_desktop.documents.styles import para, party_styles, resized
from trungtam_desktop.documents.tables import Cell, fit_text, grid_table, header_cells, share_widths
from trungtam_desktop.domain.vietnamese import clean_text, format_date, format_int

TABLE_SIZE = 9.5
MIN_SIZE = 9.0  # a bound book must stay readable: long texts wrap onto more lines, never shrink below this
ROW_HEIGHT = 9 * mm  # room for the receiver's signature
EMPTY_TEXT = "Chưa cấp giấy chứng nhận nào."
KEEPER_TITLE = "NGƯỜI GHI SỔ"

# (header, width or None for the rest, alignment, wrapped text (True) or a short one that never wraps)
COLUMNS: tuple[tuple[str, float | None, str, bool], ...] = (
    ("STT", 9 * mm, "CENTER", False),
    ("Số vào sổ", 15 * mm, "CENTER", True),
    ("Số hiệu phôi", 17 * mm, "CENTER", True),
    ("Họ và tên", 32 * mm, "LEFT", True),
    ("Ngày sinh", 17 * mm, "CENTER", False),
    ("Giới tính", 10 * mm, "CENTER", False),
    ("Đơn vị", None, "LEFT", True),
    ("Lớp/khóa", 32 * mm, "LEFT", True),
    ("Thời gian học", 19 * mm, "CENTER", True),
    ("Xếp loại", 13 * mm, "CENTER", True),
    ("Ngày cấp", 17 * mm, "CENTER", False),
    ("Chữ ký người nhận", 17 * mm, "CENTER", False),
    ("Ghi chú", 28 * mm, "LEFT", True),
)


def line_values(number: int, line: RegisterLine) -> list[str]:
    """The texts of one line, column by column."""
    note = clean_text(line.note) or LINE_STATUS_LABELS.get(line.status, "")
    return [
        str(number),
        line.register_number,
        line.serial,
        line.full_name,
        line.birth,
        line.gender,
        line.unit,
        line.class_name,
        line.study_period,
        line.grade,
        format_date(line.issued_on),
        "",  # signed by the receiver
        note,
    ]


def totals_line(lines: Sequence[RegisterLine]) -> str:
    """The closing count, from the lines' status."""
    if not lines:
        return "Sổ này chưa ghi giấy chứng nhận nào."
    first, last = clean_text(lines[0].register_number), clean_text(lines[-1].register_number)
    reissued = sum(1 for line in lines if line.status == LINE_REISSUE)
    void = sum(1 for line in lines if line.status == LINE_VOID)
    replaced = sum(1 for line in lines if line.status == LINE_REPLACED)
    in_force = len(lines) - void - replaced
    return (
        f"Sổ này ghi {format_int(len(lines))} giấy chứng nhận, từ số {first} đến số {last}; "
        f"trong đó cấp lại: {format_int(reissued)}; đã hủy: {format_int(void)}; "
        f"đã được cấp lại (thay bằng số khác): {format_int(replaced)}; "
        f"còn giá trị: {format_int(in_force)}."
    )


def pages_line(pages: int) -> str:
    return f"Sổ này có {format_int(pages)} trang."


class RegisterBookRenderer(PartyRenderer):
    """Renders the register book of one register (or a date range of it)."""

    def render(self, data: RegisterBookData) -> bytes:
        layout = LANDSCAPE
        # Laid out twice: the first time to count the pages that the opening line announces.
        draft = self._build(data, layout, pages=None)
        return self._build(data, layout, pages=page_count(draft))

    def _issue(self, data: RegisterBookData) -> IssueInfo:
        keeper = Signer(KEEPER_TITLE, clean_text(data.keeper) or "\u00a0")
        return IssueInfo(issue_date=data.closed_on, preparer=keeper)

    def _build(self, data: RegisterBookData, layout: PageLayout, pages: int | None) -> bytes:
        years = [line.issued_on.year for line in data.lines]
        issue = self._issue(data)
        story: list[Flowable] = self.opening(
            layout, issue, clean_text(data.title), [clean_text(data.subtitle)], year=max(years, default=None)
        )
        styles = party_styles()
        story.append(para(pages_line(pages or 0) if pages else "\u00a0", styles.subtitle_note))
        story.append(Spacer(1, 6))
        table = self._table(data.lines, layout.frame_width)
        tail: list[Flowable] = [Spacer(1, 6), para(totals_line(data.lines), styles.body)]
        story += self.closing(layout, issue, keep_with=tail, after=table)
        info = DocumentInfo(
            title=f"{clean_text(data.title).capitalize()} – {clean_text(data.subtitle)}",
            subject="Sổ cấp giấy chứng nhận",
        )
        return self.build(story, layout, info)

    @staticmethod
    def _table(lines: Sequence[RegisterLine], frame_width: float) -> Flowable:
        widths = share_widths(frame_width, [c[1] for c in COLUMNS])
        styles = party_styles()
        left, centred = resized(styles.cell, TABLE_SIZE), resized(styles.cell_centre, TABLE_SIZE)
        rows: list[list[Cell]] = [header_cells([c[0] for c in COLUMNS], TABLE_SIZE)]
        heights: list[float | None] = [None]
        for number, line in enumerate(lines, start=1):
            row: list[Cell] = []
            height = ROW_HEIGHT
            for (_label, _w, align, wraps), width, text in zip(
                COLUMNS, widths, line_values(number, line), strict=True
            ):
                if wraps:  # as many lines as the text needs at a readable size; the row grows with it
                    style = centred if align == "CENTER" else left
                    fitted = fit_text(text, style, width, max_lines=1, min_size=MIN_SIZE)
                    row.append(fitted.paragraph)
                    height = max(height, fitted.height)
                else:
                    row.append(clean_text(text))
            rows.append(row)
            heights.append(height)
        align = {i: c[2] for i, c in enumerate(COLUMNS) if not c[3]}
        return grid_table(
            rows,
            widths,
            header_rows=1,
            font_size=TABLE_SIZE,
            row_heights=heights,
            align=align,
            empty_text=EMPTY_TEXT,
        )
