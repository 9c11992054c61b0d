"""Teaching hours and pay list (bảng kê giờ giảng và thù lao giảng viên) for a period, A4 landscape.

One line per lecturer who taught in the period: buổi, tiết, the rate (per tiết or per buổi, from the
settings), the amount and a box for the signature on receipt; then the total, the total in words
("Bằng chữ: ...") and the preparer's and the director's signatures.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.inputs import IssueInfo, Signer
from trungtam_desktop.documents.party import LANDSCAPE, DocumentInfo, PartyRenderer
from trungtam_desktop.documents.report_pages import left_aligned
from trungtam_desktop.documents.styles import para, party_styles, resized
from trungtam_desktop.documents.tables import (
    Cell,
    fit_text,
    grid_table,
    header_cells,
    share_widths,
    total_row_commands,
)
from trungtam_desktop.domain.number_words import amount_in_words
from trungtam_desktop.domain.reports import PayList
from trungtam_desktop.domain.vietnamese import format_date, format_money

TITLE = "Bảng kê giờ giảng và thù lao giảng viên"
SIZE = 12
SIGN_ROW_HEIGHT = 10 * mm  # the least height of a lecturer's row: room to sign on receipt


def total_in_words(pay: PayList) -> str:
    return f"Bằng chữ: {amount_in_words(pay.total)}."


class PayListRenderer(PartyRenderer):
    def render(self, pay: PayList) -> bytes:
        issue = IssueInfo(preparer=Signer("NGƯỜI LẬP BIỂU"))
        notes = [f"(Từ ngày {format_date(pay.start)} đến ngày {format_date(pay.end)})"]
        story: list[Flowable] = self.opening(
            LANDSCAPE, issue, TITLE, [pay.title[0].upper() + pay.title[1:]], notes, pay.year
        )
        story.append(self._table(pay))
        styles = party_styles()
        bold = resized(styles.signer, 14)
        words = [
            Spacer(1, 6),
            para(f"Tổng số tiền: {format_money(pay.total)} đồng.", left_aligned(bold)),
            para(total_in_words(pay), styles.body),
        ]
        story += self.closing(LANDSCAPE, issue, keep_with=words, after=story.pop())
        info = DocumentInfo(title=f"{TITLE} – {pay.title}", subject="Thù lao giảng dạy", keywords="thù lao")
        return self.build(story, LANDSCAPE, info)

    @staticmethod
    def _table(pay: PayList) -> Flowable:
        widths = share_widths(
            LANDSCAPE.frame_width,
            [11 * mm, 48 * mm, 30 * mm, None, 16 * mm, 16 * mm, 32 * mm, 30 * mm, 25 * mm],
        )
        cell = resized(party_styles().cell, SIZE)
        right = ParagraphStyle("pay-right", parent=cell, alignment=TA_RIGHT)
        labels = [
            "STT",
            "Họ và tên",
            "Loại giảng viên",
            "Chức vụ",
            "Số buổi",
            "Số tiết",
            "Mức thù lao (đồng)",
            "Thành tiền (đồng)",
            "Ký nhận",
        ]
        rows: list[list[Cell]] = [header_cells(labels, SIZE)]
        heights: list[float | None] = [None]
        for index, line in enumerate(pay.lines, start=1):
            texts = [
                fit_text(line.name, cell, widths[1]),
                fit_text(line.lecturer_type, cell, widths[2]),
                fit_text(line.position, cell, widths[3], max_lines=3),
                fit_text(line.rate_text, right, widths[6], max_lines=2),
            ]
            rows.append(
                [
                    str(index),
                    texts[0].paragraph,
                    texts[1].paragraph,
                    texts[2].paragraph,
                    format_money(line.buoi),
                    format_money(line.tiet),
                    texts[3].paragraph,
                    format_money(line.amount),
                    "",
                ]
            )
            # room to sign on receipt, and more when a cell's text takes more lines: a row grows with its
            # text, never lets it cross the rules
            heights.append(max(SIGN_ROW_HEIGHT, *(t.height for t in texts)))
        commands: list[tuple[object, ...]] = []
        if pay.lines:
            rows.append(
                [
                    "Tổng cộng",
                    "",
                    "",
                    "",
                    format_money(pay.total_buoi),
                    format_money(pay.total_tiet),
                    "",
                    format_money(pay.total),
                    "",
                ]
            )
            commands += total_row_commands(len(rows) - 1, 3)
            heights.append(None)
        return grid_table(
            rows,
            widths,
            font_size=SIZE,
            row_heights=heights if pay.lines else None,
            align={0: "CENTER", 4: "RIGHT", 5: "RIGHT", 7: "RIGHT"},
            commands=commands,  # type: ignore[arg-type]
            empty_text="Không có giảng viên nào giảng dạy trong kỳ.",
        )
