"""Shared by the periodic report and the pay list: portrait and landscape pages in one PDF, section
headings, figure cells and the text the clerk typed.

A story switches to landscape pages with ``landscape_break()`` (a page break onto the landscape
template). Page numbers follow the one rule of :class:`~trungtam_desktop.documents.party.NumberedCanvas`.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from reportlab.platypus import (
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from trungtam_desktop.documents.fonts import register_fonts
from trungtam_desktop.documents.party import (
    LANDSCAPE,
    PORTRAIT,
    DocumentInfo,
    NumberedCanvas,
    PageLayout,
    document_template,
)
from trungtam_desktop.documents.styles import para, party_styles, resized
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.vietnamese import format_int

PEN_LINE = "." * 120  # a dotted line left for the pen where the clerk typed nothing


def _template(name: str, layout: PageLayout) -> PageTemplate:
    frame = Frame(
        layout.left,
        layout.bottom,
        layout.frame_width,
        layout.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=f"body-{name}",
    )
    return PageTemplate(id=name, frames=[frame], pagesize=layout.pagesize)


def landscape_break() -> list[Flowable]:
    return [NextPageTemplate("landscape"), PageBreak()]


def build_mixed(story: list[Flowable], info: DocumentInfo, centre: CentreIdentity) -> bytes:
    """Lay ``story`` out starting on a portrait page; deterministic like every Party document."""
    register_fonts()
    buffer = io.BytesIO()
    doc = document_template(buffer, PORTRAIT, info, centre)
    doc.addPageTemplates([_template("portrait", PORTRAIT), _template("landscape", LANDSCAPE)])
    doc.build(story, canvasmaker=partial(NumberedCanvas, top_margin=PORTRAIT.top))
    return buffer.getvalue()


def heading(text: str) -> list[Flowable]:
    """A section heading: bold, left, with a little room above."""
    style = resized(party_styles().signer, 14)
    return [Spacer(1, 8), para(text, left_aligned(style)), Spacer(1, 4)]


def left_aligned(style: Any) -> Any:
    """``style`` aligned left (the Party signer and body styles are centred or justified)."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}-left", parent=style, alignment=TA_LEFT)


def body(text: str) -> Flowable:
    """A justified body paragraph with a first-line indent, as Party documents are written."""
    from reportlab.lib.styles import ParagraphStyle

    style = party_styles().body
    indented = ParagraphStyle("body-indent", parent=style, firstLineIndent=28, spaceAfter=3)
    return para(text, indented)


def typed_text(text: str) -> list[Flowable]:
    """The clerk's paragraphs (one per line); dotted lines for the pen when nothing was typed."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return [para(PEN_LINE, party_styles().body) for _ in range(3)]
    return [body(line) for line in lines]


def number(n: int) -> str:
    return format_int(n)
