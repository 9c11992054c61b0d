"""Certificates on pre-printed blanks (phôi): the fields only, each in its box, and the calibration page.

Each :class:`FieldBox` is measured in millimetres from the sheet's top-left corner and shifted by the
template's printer offset. A text is shrunk to its box's width (down to the box's ``min_font_size``), then
narrowed (down to half its width), then, only if it still does not fit, shrunk further: it never wraps or
overflows. Lines are centred vertically in the box.

:func:`calibration_page` prints a millimetre grid, every box outlined with its label and a sample text, and
the offset in force with how to measure and correct it, all shifted by the offset exactly as in print, so
that the clerk can hold the page against a blank.

The page size, text fitting and canvas helpers here are shared with the whole certificate
(:mod:`trungtam_desktop.documents.certificate`).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from trungtam_desktop.documents.fonts import (
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
    register_fonts,
    string_width,
)
from trungtam_desktop.documents.party import CREATOR
from trungtam_desktop.domain.certificate_layout import (
    FIELD_LABELS,
    Align,
    CertificateFace,
    CertificateTemplate,
    FieldBox,
    PaperSize,
    birth_on_blank,
)
from trungtam_desktop.domain.vietnamese import clean_text, nfc

PAGE_SIZES: dict[PaperSize, tuple[float, float]] = {
    PaperSize.A4: landscape(A4),
    PaperSize.A5: landscape(A5),
}
PAPER_NAMES = {PaperSize.A4: "A4 ngang", PaperSize.A5: "A5 ngang"}
LEADING = 1.2
BOX_PADDING = 0.5 * mm  # room kept free at the left and right of a field box
MIN_HORIZ_SCALE = 50.0  # a text is narrowed at most to half its width (below its box's smallest size)
DESCENT = 0.216  # the serif's descent (fraction of the size): the bottom of a glyph box below the baseline
LEGIBLE_SIZE = 8.0  # the verification code is typed by whoever checks the certificate: at least 8 pt
LEGIBLE_KEYS = frozenset(("verify_code",))


def page_size(paper: PaperSize) -> tuple[float, float]:
    """Width and height in points of the landscape sheet."""
    return PAGE_SIZES[paper]


def fit_size(text: str, font: str, size: float, width: float, min_size: float = 0.0) -> float:
    """The largest size, at most ``size`` and not below ``min_size``, at which ``text`` is ``width`` wide
    or less (``min_size`` when even that is too wide)."""
    natural = string_width(text, font, size)
    if natural <= width or natural <= 0:
        return size
    fitted = math.floor(size * width / natural * 10) / 10  # widths grow linearly with the size
    return max(fitted, min_size)


def format_offset(value_mm: float) -> str:
    """An offset as the calibration page writes it: "+1,5 mm", "−2,0 mm", "0,0 mm"."""
    rounded = round(value_mm, 1)
    sign = "+" if rounded > 0 else "\u2212" if rounded < 0 else ""
    return f"{sign}{abs(rounded):.1f}".replace(".", ",") + " mm"


def offset_caption(template: CertificateTemplate) -> str:
    """ "Độ lệch máy in: ngang +1,5 mm, dọc −2,0 mm"."""
    return (
        f"Độ lệch máy in: ngang {format_offset(template.offset_x_mm)}, "
        f"dọc {format_offset(template.offset_y_mm)}"
    )


def new_canvas(buffer: io.BytesIO, paper: PaperSize, title: str, subject: str) -> Canvas:
    register_fonts()
    canvas = Canvas(
        buffer,
        pagesize=page_size(paper),
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,
        lang="vi-VN",
    )
    canvas.setTitle(nfc(title))
    canvas.setSubject(nfc(subject))
    canvas.setCreator(CREATOR)
    canvas.setAuthor(CREATOR)
    return canvas


def draw_scaled(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, horiz_scale: float
) -> None:
    """``text`` from (x, y), narrowed to ``horiz_scale`` per cent of its width."""
    obj = canvas.beginText(x, y)
    obj.setFont(font, size)
    obj.setHorizScale(horiz_scale)
    obj.textOut(text)
    obj.setHorizScale(100)  # the scale is part of the PDF's text state: later text must not inherit it
    canvas.drawText(obj)


# ---------------------------------------------------------------------------------------------------------
# Fields only, onto a pre-printed blank
# ---------------------------------------------------------------------------------------------------------


def box_font(box: FieldBox) -> str:
    if box.bold and box.italic:
        return FONT_BOLD_ITALIC
    if box.bold:
        return FONT_BOLD
    return FONT_ITALIC if box.italic else FONT


def field_text(face: CertificateFace, box: FieldBox, template: CertificateTemplate | None = None) -> str:
    """The text a box prints: the face's field, tidied line by line, in capitals when the box says so; a
    birth known by its year alone as ``template`` fills the blank's "Sinh ngày" in."""
    raw = str(getattr(face, box.key, "") or "")
    if box.key == "birth" and template is not None:
        raw = birth_on_blank(raw, template.year_only_birth)
    lines = [clean_text(line) for line in raw.split("\n")]
    text = "\n".join(line for line in lines if line)
    return text.upper() if box.upper else text


@dataclass(frozen=True)
class PlacedLine:
    """One line of a field, placed on the sheet: baseline origin in points (from the bottom-left)."""

    text: str
    x: float
    y: float
    size: float
    horiz_scale: float  # per cent; 100 unless the text had to be narrowed


def place_field(text: str, box: FieldBox, template: CertificateTemplate) -> list[PlacedLine]:
    """Where each line of ``text`` goes in ``box`` (the template's offset applied): shrunk to the box's
    width (not below ``min_font_size``, then narrowed) and height, centred vertically."""
    lines = text.split("\n") if text else []
    if not lines:
        return []
    font = box_font(box)
    _width, height = page_size(template.paper)
    left = (box.x_mm + template.offset_x_mm) * mm
    top = height - (box.y_mm + template.offset_y_mm) * mm
    box_w, box_h = box.width_mm * mm, box.height_mm * mm
    room = max(box_w - 2 * BOX_PADDING, 1.0)
    count = len(lines)
    # The size that lets the lines stand in the box's height: (count - 1) leadings plus one glyph box.
    size = min(box.font_size, box_h / (1 + (count - 1) * LEADING))
    min_size = min(box.min_font_size, size)
    if box.key in LEGIBLE_KEYS:  # read by a person checking the certificate: never below 8 pt
        size, min_size = max(size, LEGIBLE_SIZE), max(min_size, LEGIBLE_SIZE)
    size = min(fit_size(line, font, size, room, min_size) for line in lines)
    widest = max(string_width(line, font, size) for line in lines)
    if widest * MIN_HORIZ_SCALE / 100 > room and box.key not in LEGIBLE_KEYS:  # too long even narrowed
        size = math.floor(size * room / (widest * MIN_HORIZ_SCALE / 100) * 10) / 10
    block = size + (count - 1) * size * LEADING
    first_top = top - (box_h - block) / 2  # the top of the first line's glyph box
    placed = []
    for i, line in enumerate(lines):
        baseline = first_top - i * size * LEADING - size * (1 - DESCENT)
        natural = string_width(line, font, size)
        scale = 100.0
        if natural > room:
            scale = max(MIN_HORIZ_SCALE, math.floor(room / natural * 1000) / 10)
        used = natural * scale / 100
        if box.align is Align.CENTRE:
            x = left + (box_w - used) / 2
        elif box.align is Align.RIGHT:
            x = left + box_w - BOX_PADDING - used
        else:
            x = left + BOX_PADDING
        placed.append(PlacedLine(line, x, baseline, size, scale))
    return placed


def _draw_box_text(canvas: Canvas, text: str, box: FieldBox, template: CertificateTemplate) -> None:
    font = box_font(box)
    for line in place_field(text, box, template):
        if line.horiz_scale < 100:
            draw_scaled(canvas, line.x, line.y, line.text, font, line.size, line.horiz_scale)
        else:
            canvas.setFont(font, line.size)
            canvas.drawString(line.x, line.y, line.text)


def draw_fields(canvas: Canvas, template: CertificateTemplate, face: CertificateFace) -> None:
    """Every field of ``face`` that has a box and a value, in its box; nothing else."""
    canvas.setFillColor(black)
    for box in template.boxes:
        text = field_text(face, box, template)
        if text:
            _draw_box_text(canvas, text, box, template)


# ---------------------------------------------------------------------------------------------------------
# Calibration page
# ---------------------------------------------------------------------------------------------------------

SAMPLE_FACE = CertificateFace(
    parent_body="HUYỆN ỦY ĐỨC TRỌNG",
    centre_name="TRUNG TÂM CHÍNH TRỊ",
    title="GIẤY CHỨNG NHẬN",
    certifier="GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG CHỨNG NHẬN",
    full_name="Nguyễn Thị Mỵ",
    birth="05/03/1990",
    unit="Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh",
    programme="Bồi dưỡng nhận thức về Đảng",
    class_line="Đợt 2/2024, từ ngày 10/6/2024 đến ngày 14/6/2024",
    grade="Giỏi",
    register_number="125/2024",
    document_number="Số 125-GCN/TTCT",
    serial="AA 0012345",
    place_date="Đức Trọng, ngày 14 tháng 06 năm 2024",
    signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    signer_name="Nguyễn Văn Hùng",
    verify_code="GCN-7K3QX9",
)
GRID_FINE = Color(0.80, 0.86, 0.95)
GRID_FIVE = Color(0.55, 0.66, 0.85)
GRID_TEN = Color(0.25, 0.40, 0.70)
BOX_COLOUR = Color(0.80, 0.10, 0.10)
GRID_NUMBER_INSET = 8 * mm
LABEL_SIZE = 6.0  # a box's label, above its top-left corner (A5: one point less)


def calibration_instructions(template: CertificateTemplate) -> list[str]:
    """The caption of the calibration page, line by line."""
    return [
        f"TRANG HIỆU CHỈNH MÁY IN – mẫu “{clean_text(template.name)}” "
        f"(phiên bản {clean_text(template.version)}), khổ {PAPER_NAMES[template.paper]}",
        offset_caption(template) + " (đã áp dụng trên trang này, như khi in thật).",
        f"Người chỉ biết năm sinh: ô Ngày sinh in {template.year_only_birth.label}; "
        "đổi trong mẫu giấy chứng nhận nếu phôi ghi khác.",
        "1. In trang này trên giấy trắng cùng khổ, cùng khay giấy và cùng máy in dùng để in phôi.",
        "2. Đo bằng thước từ mép trái tờ giấy đến vạch 100 mm, từ mép trên đến vạch 100 mm của lưới.",
        "3. Vạch nằm ở 101 mm (lệch phải hoặc xuống 1 mm): giảm độ lệch 1 mm; ở 99 mm: tăng độ lệch 1 mm.",
        "4. Sửa độ lệch trong mẫu giấy chứng nhận, in lại trang này, đặt lên phôi và soi trước ánh sáng:",
        "    chữ mẫu phải nằm gọn trong ô của từng mục trên phôi.",
    ]


def calibration_page(template: CertificateTemplate, sample: CertificateFace = SAMPLE_FACE) -> bytes:
    """One page: a millimetre grid, every field box outlined with its label and the text of ``sample``
    (the service gives the centre's own: its place, director...), and the offset in force with how to
    measure and correct it; everything shifted by the offset, as in print."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, template.paper, "Trang hiệu chỉnh máy in", clean_text(template.name))
    width, height = page_size(template.paper)
    dx, dy = template.offset_x_mm * mm, -template.offset_y_mm * mm
    canvas.saveState()
    canvas.translate(dx, dy)
    _grid(canvas, width, height)
    _caption(canvas, template, width, height)
    for box in template.boxes:
        _calibration_box(canvas, template, box, sample)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _grid(canvas: Canvas, width: float, height: float) -> None:
    """Lines every millimetre (pale), 5 mm (darker) and 10 mm (darkest, numbered), from the top-left."""
    cols, rows = int(width / mm), int(height / mm)
    for step, colour, line_width in ((1, GRID_FINE, 0.15), (5, GRID_FIVE, 0.3), (10, GRID_TEN, 0.5)):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(line_width)
        path = canvas.beginPath()
        for i in range(0, cols + 1, step):
            path.moveTo(i * mm, 0)
            path.lineTo(i * mm, height)
        for j in range(0, rows + 1, step):
            path.moveTo(0, height - j * mm)
            path.lineTo(width, height - j * mm)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.setFillColor(GRID_TEN)
    canvas.setFont(FONT, 6)
    # The numbers stand 8 mm in from the edges: a printer cannot print the outer 4-5 mm of the sheet.
    inset = GRID_NUMBER_INSET
    for i in range(20, cols - 10, 10):
        canvas.drawCentredString(i * mm, height - inset - 2.2, str(i))
        canvas.drawCentredString(i * mm, inset, str(i))
    for j in range(20, rows - 10, 10):
        canvas.drawString(inset, height - j * mm - 2.2, str(j))
        canvas.drawRightString(width - inset, height - j * mm - 2.2, str(j))


def _caption(canvas: Canvas, template: CertificateTemplate, width: float, height: float) -> None:
    lines = calibration_instructions(template)
    size = 9.0 if template.paper is PaperSize.A4 else 7.0
    left = 15 * mm
    room = width - 2 * left - 4 * mm
    size = min(fit_size(line, FONT, size, room) for line in lines)
    leading = size * 1.3
    box_h = leading * len(lines) + 3 * mm
    top = height - 12 * mm
    canvas.setFillColor(white)
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.5)
    canvas.rect(left, top - box_h, width - 2 * left, box_h, stroke=1, fill=1)
    canvas.setFillColor(black)
    y = top - 1.5 * mm - size
    for i, line in enumerate(lines):
        canvas.setFont(FONT_BOLD if i < 2 else FONT, size)  # the template and its offset stand out
        canvas.drawString(left + 2 * mm, y, line)
        y -= leading


def _calibration_box(
    canvas: Canvas, template: CertificateTemplate, box: FieldBox, sample: CertificateFace
) -> None:
    """The box outlined, its label just above its top-left corner (outside, so that it never covers the
    sample) and the sample text laid exactly as in print."""
    _width, height = page_size(template.paper)
    # The canvas is already shifted by the offset: lay the box out without it.
    plain = template.with_offset(0.0, 0.0)
    x, top = box.x_mm * mm, height - box.y_mm * mm
    canvas.setStrokeColor(BOX_COLOUR)
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 1.5)
    canvas.rect(x, top - box.height_mm * mm, box.width_mm * mm, box.height_mm * mm, stroke=1, fill=0)
    canvas.setDash()
    label = FIELD_LABELS.get(box.key, box.key)
    size = LABEL_SIZE if template.paper is PaperSize.A4 else LABEL_SIZE - 1
    width = string_width(label, FONT_ITALIC, size) + 0.8 * mm
    left, bottom = _label_place(template, box, width, size)
    canvas.setFillColor(white)
    canvas.rect(left, bottom, width, size, stroke=0, fill=1)
    canvas.setFillColor(BOX_COLOUR)
    canvas.setFont(FONT_ITALIC, size)
    canvas.drawString(left + 0.4 * mm, bottom + size * DESCENT, label)
    canvas.setFillColor(black)
    text = field_text(sample, box, template) or label
    _draw_box_text(canvas, text, box, plain)


def _label_place(
    template: CertificateTemplate, box: FieldBox, width: float, size: float
) -> tuple[float, float]:
    """Where a box's label goes (left, bottom, in points): just above the box's top-left corner, else just
    below its bottom-left corner, else inside its top-right corner: the first that covers no other box."""
    _page_width, height = page_size(template.paper)
    x, top = box.x_mm * mm, height - box.y_mm * mm
    bottom = top - box.height_mm * mm
    others = [
        (b.x_mm * mm, height - (b.y_mm + b.height_mm) * mm, (b.x_mm + b.width_mm) * mm, height - b.y_mm * mm)
        for b in template.boxes
        if b is not box
    ]

    def free(left: float, low: float) -> bool:
        return all(
            left + width <= x0 or left >= x1 or low + size <= y0 or low >= y1 for x0, y0, x1, y1 in others
        )

    for left, low in ((x, top + 0.3), (x, bottom - size - 0.3)):
        if free(left, low):
            return left, low
    return x + box.width_mm * mm - width - 0.4 * mm, top - size - 0.4
