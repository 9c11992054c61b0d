"""Paragraph styles of the Party format and the one way text becomes a paragraph (NFC, escaped).

Sizes follow Hướng dẫn 36-HD/VPTW: body 14pt, the document type 15pt bold capitals, "ĐẢNG CỘNG SẢN
VIỆT NAM" 15pt bold; tables are set smaller (12pt, or 11pt for the wide attendance grid).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from trungtam_desktop.documents.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts
from trungtam_desktop.domain.vietnamese import nfc

LEADING_FACTOR = 1.2


@dataclass(frozen=True)
class PartyStyles:
    """The named paragraph styles every document uses."""

    body: ParagraphStyle
    header_body: ParagraphStyle  # parent body, top left: upright, upper case
    header_centre: ParagraphStyle  # the centre's name: bold
    number: ParagraphStyle  # "Số 12-DS/TTCT"
    place_date: ParagraphStyle  # italic
    title: ParagraphStyle  # "DANH SÁCH"
    subtitle: ParagraphStyle
    subtitle_note: ParagraphStyle
    signer: ParagraphStyle
    recipients_label: ParagraphStyle
    recipients: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_header: ParagraphStyle
    page_number_size: float = 14


def _style(
    name: str, font: str = FONT, size: float = 14, align: int = TA_LEFT, **extra: object
) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=round(size * LEADING_FACTOR, 1), alignment=align, **extra
    )


@cache
def party_styles() -> PartyStyles:
    """The styles, built once (after the fonts are registered)."""
    register_fonts()
    return PartyStyles(
        body=_style("body", align=TA_JUSTIFY),
        header_body=_style("header_body", align=TA_CENTER),
        header_centre=_style("header_centre", FONT_BOLD, align=TA_CENTER),
        number=_style("number", align=TA_CENTER, spaceBefore=2),
        place_date=_style("place_date", FONT_ITALIC, align=TA_CENTER, spaceBefore=2),
        title=_style("title", FONT_BOLD, 15, TA_CENTER, spaceBefore=16, spaceAfter=2),
        subtitle=_style("subtitle", FONT_BOLD, 14, TA_CENTER),
        subtitle_note=_style("subtitle_note", FONT_ITALIC, 14, TA_CENTER),
        signer=_style("signer", FONT_BOLD, 14, TA_CENTER),
        recipients_label=_style("recipients_label", FONT, 14),
        recipients=_style("recipients", FONT, 12),
        note=_style("note", FONT_ITALIC, 12, TA_JUSTIFY),
        cell=_style("cell", FONT, 12),
        cell_centre=_style("cell_centre", FONT, 12, TA_CENTER),
        cell_header=_style("cell_header", FONT_BOLD, 12, TA_CENTER),
    )


@cache
def resized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    """``style`` at another font size (leading scaled alike); cached so tables reuse the same objects."""
    if size == style.fontSize:
        return style
    return ParagraphStyle(
        f"{style.name}@{size:g}", parent=style, fontSize=size, leading=round(size * LEADING_FACTOR, 1)
    )


def markup(text: str) -> str:
    """Text made safe for paragraph markup: NFC, XML-escaped, line breaks kept as <br/>."""
    return "<br/>".join(escape(nfc(line)) for line in text.split("\n"))


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (never markup) in ``style``."""
    return Paragraph(markup(text), style)
