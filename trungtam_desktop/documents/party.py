"""The Party-format page shared by every document (Hướng dẫn 36-HD/VPTW on Party documents).

A4, portrait (margins top/bottom 20 mm, left 30 mm, right 15 mm) or landscape (top/bottom 20 mm, left
25 mm, right 15 mm). The first page opens with the header block::

        HUYỆN ỦY ĐỨC TRỌNG                       ĐẢNG CỘNG SẢN VIỆT NAM
       TRUNG TÂM CHÍNH TRỊ  (bold)               ──────────────────────  (rule as long as the text)
               *
         Số 12-DS/TTCT                 Đức Trọng, ngày 05 tháng 02 năm 2024  (italic)

then the document type (bold capitals), its sub-title and a short dash line, the body, and the signature
block (signer on the right, "Nơi nhận:" or a preparer on the left).

Page numbers, one convention for every document (the guideline's): Arabic numerals centred in the top
margin of each page's own width, from page 2 on; a one-page document has none.

Output is deterministic: documents are built with ReportLab's ``invariant`` flag, so the same input gives
the same bytes (certificate reprints rely on it).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from trungtam_desktop.documents.fonts import FONT, FONT_BOLD, register_fonts, string_width
from trungtam_desktop.documents.inputs import IssueInfo, Signer
from trungtam_desktop.documents.issuer import issuer_lines
from trungtam_desktop.documents.styles import para, party_styles
from trungtam_desktop.documents.table_flow import TableWithClosing
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.vietnamese import clean_text, format_place_date, nfc

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
CREATOR = "Phần mềm quản lý Trung tâm chính trị"
SIGNATURE_SPACE = 24 * mm  # room for the signature and the seal
_BLANK = "\u00a0" * 6  # a gap left for the pen in a date written by hand


@dataclass(frozen=True)
class PageLayout:
    """Paper size and margins in points."""

    pagesize: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.pagesize[1] - self.top - self.bottom

    @property
    def is_landscape(self) -> bool:
        return self.pagesize[0] > self.pagesize[1]


PORTRAIT = PageLayout(A4, top=20 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm)
LANDSCAPE = PageLayout(landscape(A4), top=20 * mm, bottom=20 * mm, left=25 * mm, right=15 * mm)


def document_number(sequence: int | str, type_code: str, centre: CentreIdentity) -> str:
    """The number of a Party document without "Số": ``document_number(12, "BC", centre)`` -> "12-BC/TTCT"."""
    return nfc(f"{sequence}-{type_code}/{centre.document_code}")


def place_date_line(centre: CentreIdentity, issue_date: date | None, year: int | None = None) -> str:
    """The place-date line, "Đức Trọng, ngày 05 tháng 02 năm 2024".

    With no date, the day and month (and the year when not known) are left blank for the pen.
    """
    if issue_date is not None:
        return format_place_date(centre.place_name, issue_date)
    year_text = str(year) if year is not None else _BLANK
    written = f"ngày {_BLANK} tháng {_BLANK} năm {year_text}"
    place = nfc(centre.place_name.strip())
    return f"{place}, {written}" if place else written[0].upper() + written[1:]


class RuledText(Flowable):
    """One line of centred text with a rule of exactly its length below ("ĐẢNG CỘNG SẢN VIỆT NAM")."""

    def __init__(self, text: str, font: str, size: float, gap: float = 3.0) -> None:
        super().__init__()
        self.text = nfc(text)
        self.font = font
        self.size = size
        self.gap = gap
        self._width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._width = availWidth
        return availWidth, self.size * 1.2 + self.gap + 1

    def draw(self) -> None:
        canvas = self.canv
        text_width = string_width(self.text, self.font, self.size)
        centre = self._width / 2
        rule_y = 0.5
        canvas.setFont(self.font, self.size)
        canvas.drawCentredString(centre, rule_y + self.gap + self.size * 0.22, self.text)
        canvas.setLineWidth(0.6)
        canvas.line(centre - text_width / 2, rule_y, centre + text_width / 2, rule_y)


def header_block(centre: CentreIdentity, layout: PageLayout, number: str | None, place_date: str) -> Table:
    """The header of the first page: issuing body top left, the Party's name top right, number and date."""
    styles = party_styles()
    left_width = min(0.44 * layout.frame_width, 90 * mm)
    right_width = min(layout.frame_width - left_width, 110 * mm)
    gap = layout.frame_width - left_width - right_width
    parent_body, centre_name = issuer_lines(centre)
    left = [
        para(parent_body, styles.header_body),
        para(centre_name, styles.header_centre),
        para("*", styles.header_body),
    ]
    right = [RuledText(PARTY_NAME, FONT_BOLD, 15)]
    number_cell = para(f"Số {number}", styles.number) if number else ""
    table = Table(
        [[left, "", right], [number_cell, "", para(place_date, styles.place_date)]],
        colWidths=[left_width, gap, right_width],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 14),  # plain cells too: never ReportLab's Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def title_block(title: str, subtitles: Sequence[str] = (), notes: Sequence[str] = ()) -> list[Flowable]:
    """The document type in bold capitals, bold sub-title lines, italic note lines and a short dash line."""
    styles = party_styles()
    flowables: list[Flowable] = [para(title.upper(), styles.title)]
    flowables += [para(line, styles.subtitle) for line in subtitles if line]
    flowables += [para(line, styles.subtitle_note) for line in notes if line]
    flowables.append(para("-----", styles.subtitle))
    flowables.append(Spacer(1, 6))
    return flowables


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """The "Nơi nhận:" entries as Party documents write them: "- Ban Tuyên giáo Huyện ủy," ... "- Lưu VP."."""
    cleaned = [line for line in (clean_text(r).rstrip(",.;") for r in recipients) if line]
    return [f"- {line}{'.' if i == len(cleaned) - 1 else ','}" for i, line in enumerate(cleaned)]


def _signature(signer: Signer, title_lines: int = 1) -> list[Flowable]:
    """Title lines (padded to ``title_lines`` so that side-by-side names line up), room, name."""
    styles = party_styles()
    lines = signer.title.upper().split("\n")
    lines += ["\u00a0"] * (title_lines - len(lines))
    return [
        para("\n".join(lines), styles.signer),
        Spacer(1, SIGNATURE_SPACE),
        para(signer.name, styles.signer),
    ]


def signature_block(centre: CentreIdentity, layout: PageLayout, issue: IssueInfo) -> Table:
    """Signer on the right (the director unless told otherwise); preparer or "Nơi nhận:" on the left."""
    styles = party_styles()
    signer = issue.signer or Signer(centre.director_title or "GIÁM ĐỐC", centre.director_name)
    right_width = min(0.5 * layout.frame_width, 95 * mm)
    title_lines = max(len(s.title.split("\n")) for s in (signer, issue.preparer) if s is not None)
    left: list[Flowable] | str = ""
    if issue.preparer is not None:
        left = _signature(issue.preparer, title_lines)
    elif issue.recipients:
        left = [Paragraph("<u>Nơi nhận:</u>", styles.recipients_label)]
        left += [para(line, styles.recipients) for line in recipient_lines(issue.recipients)]
    table = Table(
        [[left, _signature(signer, title_lines)]], colWidths=[layout.frame_width - right_width, right_width]
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 14),  # plain cells too: never ReportLab's Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


class NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the end, to number them knowing the total: "2", "3"...
    centred in the top margin of each page (portrait and landscape pages alike), none on page 1 and none
    on a one-page document."""

    def __init__(self, *args: Any, top_margin: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._top_margin = top_margin
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_number(number, total)
            super().showPage()
        super().save()

    def _draw_number(self, number: int, total: int) -> None:
        if total < 2 or number == 1:
            return
        width, height = self._pagesize
        self.setFont(FONT, party_styles().page_number_size)
        self.drawCentredString(width / 2, height - self._top_margin / 2 - 4, str(number))


@dataclass(frozen=True)
class DocumentInfo:
    """PDF metadata (shown by the PDF viewer's document properties)."""

    title: str
    subject: str = ""
    keywords: str = ""


def document_template(
    buffer: io.BytesIO, layout: PageLayout, info: DocumentInfo, centre: CentreIdentity
) -> BaseDocTemplate:
    """The document every Party renderer builds on: ``layout``'s page and margins, Vietnamese metadata,
    ``invariant`` (the same input gives the same bytes), compressed pages. Page templates come after."""
    return BaseDocTemplate(
        buffer,
        pagesize=layout.pagesize,
        leftMargin=layout.left,
        rightMargin=layout.right,
        topMargin=layout.top,
        bottomMargin=layout.bottom,
        title=nfc(info.title),
        author=nfc(f"{centre.centre_name} – {centre.parent_body}"),
        subject=nfc(info.subject),
        keywords=nfc(info.keywords),
        creator=CREATOR,
        lang="vi-VN",
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,
    )


def build_pdf(story: list[Flowable], layout: PageLayout, info: DocumentInfo, centre: CentreIdentity) -> bytes:
    """Lay ``story`` out on Party-format pages and return the PDF's bytes (deterministic)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = document_template(buffer, layout, info, centre)
    frame = Frame(
        layout.left,
        layout.bottom,
        layout.frame_width,
        layout.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="party", frames=[frame])])
    doc.build(story, canvasmaker=partial(NumberedCanvas, top_margin=layout.top))
    return buffer.getvalue()


class PartyRenderer:
    """Base of the renderers: holds the centre's identity and builds the common parts of a document."""

    def __init__(self, centre: CentreIdentity) -> None:
        self.centre = centre

    def opening(
        self,
        layout: PageLayout,
        issue: IssueInfo,
        title: str,
        subtitles: Sequence[str] = (),
        notes: Sequence[str] = (),
        year: int | None = None,
    ) -> list[Flowable]:
        """Header block and title: everything above the body."""
        place_date = place_date_line(self.centre, issue.issue_date, year)
        return [
            header_block(self.centre, layout, issue.number, place_date),
            *title_block(title, subtitles, notes),
        ]

    def closing(
        self,
        layout: PageLayout,
        issue: IssueInfo,
        keep_with: Sequence[Flowable] = (),
        after: Flowable | None = None,
        *,
        balance: bool = False,
    ) -> list[Flowable]:
        """The signature block, kept on one page with ``keep_with`` (the last lines before it) and, when
        ``after`` (the body's last table) is given, with that table's last rows: a signature never stands
        alone on a page. ``balance`` shares the table's rows evenly among its pages."""
        items = [*keep_with, signature_block(self.centre, layout, issue)]
        if after is None:
            return [KeepTogether(items)]
        return [TableWithClosing(after, items, layout.frame_height, balance=balance)]

    def build(self, story: list[Flowable], layout: PageLayout, info: DocumentInfo) -> bytes:
        return build_pdf(story, layout, info, self.centre)
