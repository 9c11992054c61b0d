"""DANH SÁCH giấy chứng nhận sắp hết hiệu lực (for a commune or a chi bộ): landscape Party-format PDF, and
the same table as a workbook."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.inputs import IssueInfo
from trungtam_desktop.documents.party import LANDSCAPE, DocumentInfo, PartyRenderer
from trungtam_desktop.documents.styles import para, party_styles
from trungtam_desktop.documents.tables import Column, column_table, numbered
from trungtam_desktop.documents.xlsx_tables import XlsxColumn, write_table
from trungtam_desktop.domain.validity import ExpiringList, HeldCertificate
from trungtam_desktop.domain.vietnamese import format_date, format_int

TITLE = "Danh sách"

COLUMNS: tuple[Column[tuple[int, HeldCertificate]], ...] = (
    Column("STT", 10 * mm, lambda r: str(r[0])),
    Column("Họ và tên", 42 * mm, lambda r: r[1].full_name, "LEFT", wrap=True),
    Column("Ngày sinh", 22 * mm, lambda r: r[1].birth),
    Column("Chi bộ", None, lambda r: r[1].party_cell, "LEFT", wrap=True, max_lines=3),
    Column("Xã, phường", 30 * mm, lambda r: r[1].commune, "LEFT", wrap=True),
    Column("Chương trình", 40 * mm, lambda r: r[1].programme, "LEFT", wrap=True, max_lines=3),
    Column("Số giấy", 20 * mm, lambda r: r[1].register_number),
    Column("Ngày cấp", 22 * mm, lambda r: format_date(r[1].issued_on)),
    Column("Hiệu lực đến", 22 * mm, lambda r: format_date(r[1].until)),
)


def subtitle(data: ExpiringList) -> str:
    return f"Giấy chứng nhận sắp hết hiệu lực ({data.scope})"


def note(data: ExpiringList) -> str:
    return f"(Hết hiệu lực từ ngày {format_date(data.start)} đến ngày {format_date(data.end)})"


class ExpiringListRenderer(PartyRenderer):
    def render(self, data: ExpiringList, issue: IssueInfo) -> bytes:
        story: list[Flowable] = self.opening(LANDSCAPE, issue, TITLE, [subtitle(data)], [note(data)])
        table = column_table(
            numbered(data.lines),
            COLUMNS,
            LANDSCAPE.frame_width,
            font_size=11,
            header_size=11,
            empty_text="Không có giấy chứng nhận nào hết hiệu lực trong thời gian này.",
        )
        tail = [
            Spacer(1, 6),
            para(
                f"Danh sách có {format_int(len(data.lines))} giấy chứng nhận. Hiệu lực tính theo ngày cấp "
                "giấy đầu tiên (cấp lại không kéo dài thời hạn).",
                party_styles().body,
            ),
        ]
        story += self.closing(LANDSCAPE, issue, keep_with=tail, after=table)
        info = DocumentInfo(title=subtitle(data), subject="Giấy chứng nhận sắp hết hiệu lực")
        return self.build(story, LANDSCAPE, info)


def expiring_workbook(data: ExpiringList, centre_name: str) -> bytes:
    n = XlsxColumn
    return write_table(
        "Sắp hết hiệu lực",
        [
            n("STT", 6, "number"),
            n("Họ và tên", 26),
            n("Ngày sinh", 12),
            n("Số CCCD", 15),
            n("Chi bộ", 36),
            n("Xã, phường", 20),
            n("Chương trình", 36),
            n("Lớp", 24),
            n("Số giấy", 12),
            n("Ngày cấp", 12, "date"),
            n("Hiệu lực đến", 12, "date"),
        ],
        (
            [
                i,
                h.full_name,
                h.birth,
                h.cccd,
                h.party_cell,
                h.commune,
                h.programme,
                h.class_name,
                h.register_number,
                h.issued_on,
                h.until,
            ]
            for i, h in numbered(data.lines)
        ),
        title_lines=[centre_name.upper(), subtitle(data), note(data)],
    )
