"""Certificates (giấy chứng nhận): the whole certificate on blank paper, or only its fields on a blank.

``CertificateRenderer(template).render(faces)`` returns one PDF with a page per certificate, A4 or A5
landscape as the template says:

* :attr:`PrintMode.WHOLE`: the Party layout of DOMAIN.md, drawn on blank paper: the header blocks, the
  title, the certifying line, the holder's fields, the numbers bottom left, the place-date line and the
  signer bottom right, the verification code (and QR code) at the bottom, an optional double-rule border.
  The layout is measured in millimetres on A4 and scaled as a whole onto A5.
* :attr:`PrintMode.FIELDS_ONLY`: only the fields, each in its :class:`FieldBox` (shifted by the printer's
  offset), for pre-printed blanks (phôi) that already carry everything else; drawn by
  :mod:`trungtam_desktop.documents.certificate_fields`, which also makes the calibration page.

Pages are drawn straight on the canvas (no platypus: a batch of a thousand certificates is drawn in about
the time plain ReportLab takes to draw the same strings). A text that is too long for its line or box is
shrunk to fit (then narrowed), never wrapped or let overflow.
Output is deterministic (ReportLab's ``invariant`` flag): the same faces give the same bytes, so a reprint
is identical to the first print; :meth:`CertificateRenderer.render_pages` also gives each page's
fingerprint, the same whether the certificate is printed alone or in a batch
(:mod:`trungtam_desktop.documents.certificate_pages`). QR codes: :mod:`trungtam_desktop.documents.qr`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import black, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from trungtam_desktop.documents.certificate_fields import (
    LEGIBLE_SIZE,
    box_font,
    calibration_page,  # re-exported: callers import it from here too
    draw_fields,
    new_canvas,
    page_size,
)
from trungtam_desktop.documents.certificate_pages import PageFingerprints
from trungtam_desktop.documents.fonts import FONT, FONT_BOLD, FONT_ITALIC, string_width
from trungtam_desktop.documents.party import PARTY_NAME
from trungtam_desktop.documents.qr import draw_qr, qr_modules
from trungtam_desktop.domain.certificate_layout import CertificateFace, CertificateTemplate, PrintMode
from trungtam_desktop.domain.vietnamese import clean_text, nfc

# ---------------------------------------------------------------------------------------------------------
# The whole certificate (Party layout), measured in mm on A4 landscape
# ---------------------------------------------------------------------------------------------------------

HEADER_LEFT_CX = 72.0  # centre of the issuing body's block
HEADER_RIGHT_CX = 222.0  # centre of "ĐẢNG CỘNG SẢN VIỆT NAM"
HEADER_WIDTH = 100.0  # each header block's width
HEADER_Y = 26.0  # first header baseline
TITLE_Y = 58.0
TITLE_SIZE = 30.0
CERTIFIER_Y = 70.0
FIELDS_X = 38.0  # where the field labels start
FIELDS_RIGHT = 264.0  # where a field's text must end
FIELD_Y = (86.0, 97.0, 108.0, 119.0, 130.0)  # baselines of the holder's lines
BIRTH_X = 192.0  # "Sinh ngày:" on the name's line
SIGNER_CX = 212.0
SIGNER_WIDTH = 100.0
PLACE_DATE_Y = 145.0
SIGNER_Y = 152.0  # first title line of the signer
SIGNATURE_ROOM = 28.0  # from the last title line to the signer's name
NUMBERS_X = 30.0
NUMBERS_Y = PLACE_DATE_Y  # "Số vào sổ" on the place-date line, as DOMAIN.md draws it
NUMBERS_WIDTH = 110.0
QR_SIZE = 22.0
QR_TOP = 168.0
VERIFY_Y = 195.0
BORDER_OUTER = 8.0  # inset of the thick outer rule
BORDER_INNER = 10.5  # inset of the thin inner rule
BODY_SIZE = 14.0
NAME_SIZE = 16.0
BORDER_FORM = "certificate-border"


@dataclass(frozen=True)
class _Scale:
    """A4 millimetres to points on the sheet (A5: everything times 210/297), y measured from the top."""

    k: float
    height: float

    def x(self, x_mm: float) -> float:
        return x_mm * mm * self.k

    def y(self, y_mm: float) -> float:
        return self.height - y_mm * mm * self.k

    def size(self, points: float) -> float:
        return points * self.k


class _Text:
    """All the text of a page in one PDF text object (one BT ... ET, the font set only when it changes):
    much cheaper than a text object per string."""

    def __init__(self, canvas: Canvas) -> None:
        self.obj = canvas.beginText()
        self._font: tuple[str, float] | None = None

    def put(self, x: float, y: float, text: str, font: str, size: float, horiz_scale: float = 100.0) -> None:
        if self._font != (font, size):
            self.obj.setFont(font, size)
            self._font = (font, size)
        self.obj.setTextOrigin(x, y)
        if horiz_scale != 100.0:
            self.obj.setHorizScale(horiz_scale)
            self.obj.textOut(text)
            self.obj.setHorizScale(100.0)
        else:
            self.obj.textOut(text)


@dataclass(frozen=True)
class RenderedCertificates:
    pdf: bytes
    page_digests: tuple[str | None, ...]  # one per certificate, in order


class CertificateRenderer:
    """Renders certificates with one template: ``render(faces)`` -> PDF bytes, one page per face."""

    def __init__(self, template: CertificateTemplate) -> None:
        self.template = template
        width, height = page_size(template.paper)
        self._scale = _Scale(width / landscape(A4)[0], height)
        self._widths: dict[tuple[str, str], float] = {}

    def render(self, faces: Sequence[CertificateFace]) -> bytes:
        return self.render_pages(faces).pdf

    def render_pages(self, faces: Sequence[CertificateFace]) -> RenderedCertificates:
        """The PDF and each page's fingerprint (see :mod:`certificate_pages`): the same for a certificate
        printed alone or in any batch, ``None`` for the rare page the batch cannot vouch for."""
        if not faces:
            raise ValueError("no certificate to render")
        buffer = io.BytesIO()
        first = faces[0]
        title = clean_text(first.title) or "Giấy chứng nhận"
        subject = (
            f"{title.capitalize()} số {clean_text(first.register_number)}"
            if len(faces) == 1
            else f"{len(faces)} giấy chứng nhận"
        )
        canvas = new_canvas(buffer, self.template.paper, title.capitalize(), subject)
        whole = self.template.mode is PrintMode.WHOLE
        fonts = (FONT, FONT_BOLD, FONT_ITALIC) if whole else [box_font(b) for b in self.template.boxes]
        pages = PageFingerprints(canvas, fonts)
        if whole and self.template.border:
            self._define_border(canvas, pages)
        for face in faces:
            if whole:
                self._draw_whole(canvas, face)
            else:
                draw_fields(canvas, self.template, face)
            pages.page_done()
            canvas.showPage()
        canvas.save()
        return RenderedCertificates(buffer.getvalue(), tuple(pages.digests))

    # -- whole layout ------------------------------------------------------------------------------------

    def _define_border(self, canvas: Canvas, pages: PageFingerprints) -> None:
        """The double rule and its corner ornaments, defined once per document as a form."""
        s = self._scale
        width, height = page_size(self.template.paper)
        canvas.beginForm(BORDER_FORM)
        canvas.setStrokeColor(black)
        outer, inner = s.size(BORDER_OUTER * mm), s.size(BORDER_INNER * mm)
        canvas.setLineWidth(s.size(2.2))
        canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer, stroke=1, fill=0)
        canvas.setLineWidth(s.size(0.6))
        canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner, stroke=1, fill=0)
        # Corner ornaments: a small square across both rules, a diamond inside it.
        half = s.size(4.0 * mm)
        mid = (outer + inner) / 2
        canvas.setLineWidth(s.size(0.8))
        for cx in (mid, width - mid):
            for cy in (mid, height - mid):
                canvas.setFillColor(white)
                canvas.rect(cx - half, cy - half, 2 * half, 2 * half, stroke=1, fill=1)
                d = half * 0.7
                path = canvas.beginPath()
                path.moveTo(cx - d, cy)
                path.lineTo(cx, cy + d)
                path.lineTo(cx + d, cy)
                path.lineTo(cx, cy - d)
                path.close()
                canvas.setFillColor(black)
                canvas.drawPath(path, stroke=0, fill=1)
        # A short ornament at the middle of the top and bottom inner rule.
        for y in (inner + s.size(2.5 * mm), height - inner - s.size(2.5 * mm)):
            canvas.setLineWidth(s.size(0.6))
            canvas.line(width / 2 - s.size(25 * mm), y, width / 2 - s.size(3 * mm), y)
            canvas.line(width / 2 + s.size(3 * mm), y, width / 2 + s.size(25 * mm), y)
            d = s.size(1.6 * mm)
            path = canvas.beginPath()
            path.moveTo(width / 2 - d, y)
            path.lineTo(width / 2, y + d)
            path.lineTo(width / 2 + d, y)
            path.lineTo(width / 2, y - d)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
        pages.add_shared(canvas._code)  # the form's operators, part of every page's fingerprint
        canvas.endForm()

    def _unit_width(self, text: str, font: str) -> float:
        """Width of ``text`` at 1 pt; remembered, as most strings come back on every page."""
        key = (text, font)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > 4096:
                self._widths.clear()
            width = self._widths[key] = string_width(text, font, 1000.0) / 1000.0
        return width

    def _fit(self, text: str, font: str, size: float, room: float, min_size: float = 0.0) -> float:
        """:func:`fit_size`, with the remembered widths."""
        natural = self._unit_width(text, font) * size
        if natural <= room or natural <= 0:
            return size
        return max(math.floor(size * room / natural * 10) / 10, min_size)

    def _centred(
        self, out: _Text, text: str, font: str, size: float, cx_mm: float, y_mm: float, width_mm: float
    ) -> None:
        """One centred line, shrunk to ``width_mm`` when longer."""
        s = self._scale
        text = clean_text(text)
        if not text:
            return
        size = self._fit(text, font, s.size(size), s.x(width_mm))
        out.put(s.x(cx_mm) - self._unit_width(text, font) * size / 2, s.y(y_mm), text, font, size)

    def _labelled(
        self,
        out: _Text,
        label: str,
        value: str,
        x_mm: float,
        y_mm: float,
        right_mm: float,
        font: str = FONT,
        size: float = BODY_SIZE,
    ) -> None:
        """ "Label: value" from ``x_mm``; the value shrinks to end before ``right_mm``."""
        s = self._scale
        label_size = s.size(BODY_SIZE)
        x = s.x(x_mm)
        y = s.y(y_mm)
        out.put(x, y, label, FONT, label_size)
        x += self._unit_width(label + " ", FONT) * label_size
        room = s.x(right_mm) - x
        # A long value first shrinks to 3/4 of its size, then narrows to 3/4 of its width, then shrinks on.
        value_size = self._fit(value, font, s.size(size), room, s.size(size) * 0.75)
        natural = self._unit_width(value, font) * value_size
        if natural <= room:
            out.put(x, y, value, font, value_size)
            return
        scale = 75.0
        if natural * 0.75 > room:
            value_size = self._fit(value, font, value_size, room / 0.75)
        else:
            scale = math.floor(room / natural * 1000) / 10
        out.put(x, y, value, font, value_size, scale)

    def _draw_whole(self, canvas: Canvas, face: CertificateFace) -> None:
        s = self._scale
        if self.template.border:
            canvas.doForm(BORDER_FORM)
        canvas.setFillColor(black)
        canvas.setStrokeColor(black)
        out = _Text(canvas)
        # Header blocks.
        line = 6.2
        self._centred(out, face.parent_body.upper(), FONT, 14, HEADER_LEFT_CX, HEADER_Y, HEADER_WIDTH)
        self._centred(
            out, face.centre_name.upper(), FONT_BOLD, 14, HEADER_LEFT_CX, HEADER_Y + line, HEADER_WIDTH
        )
        self._centred(out, "*", FONT, 14, HEADER_LEFT_CX, HEADER_Y + 2 * line, HEADER_WIDTH)
        party_size = s.size(15)
        rule = self._unit_width(PARTY_NAME, FONT_BOLD) * party_size
        out.put(s.x(HEADER_RIGHT_CX) - rule / 2, s.y(HEADER_Y), PARTY_NAME, FONT_BOLD, party_size)
        canvas.setLineWidth(s.size(0.7))
        rule_y = s.y(HEADER_Y + 2.0)
        canvas.line(s.x(HEADER_RIGHT_CX) - rule / 2, rule_y, s.x(HEADER_RIGHT_CX) + rule / 2, rule_y)
        # Title and the certifying line.
        middle = 297.0 / 2
        self._centred(out, face.title.upper(), FONT_BOLD, TITLE_SIZE, middle, TITLE_Y, 220)
        self._centred(out, face.certifier.upper(), FONT_BOLD, 14, middle, CERTIFIER_Y, 297 - 2 * FIELDS_X)
        # The holder.
        birth = clean_text(face.birth)
        birth_label = "Năm sinh:" if birth.isdigit() else "Sinh ngày:"
        name_right = BIRTH_X - 6 if birth else FIELDS_RIGHT
        self._labelled(
            out, "Đồng chí:", clean_text(face.full_name).upper(), FIELDS_X, FIELD_Y[0], name_right,
            FONT_BOLD, NAME_SIZE,
        )  # fmt: skip
        if birth:
            self._labelled(out, birth_label, birth, BIRTH_X, FIELD_Y[0], FIELDS_RIGHT)
        rows = [
            ("Đơn vị:", clean_text(face.unit), FONT),
            ("Đã hoàn thành chương trình:", clean_text(face.programme), FONT_BOLD),
            ("Lớp:", clean_text(face.class_line), FONT),
            ("Xếp loại:", clean_text(face.grade), FONT_BOLD),
        ]
        y_index = 1
        for label, value, font in rows:
            if value:
                self._labelled(out, label, value, FIELDS_X, FIELD_Y[y_index], FIELDS_RIGHT, font)
                y_index += 1
        # Numbers, bottom left.
        number_size = s.size(13)
        y = NUMBERS_Y
        for label, value in (
            ("Số vào sổ:", clean_text(face.register_number)),
            ("", clean_text(face.document_number)),
            ("Số hiệu phôi:", clean_text(face.serial)),
        ):
            if value:
                text = f"{label} {value}" if label else value
                size = self._fit(text, FONT, number_size, s.x(NUMBERS_WIDTH))
                out.put(s.x(NUMBERS_X), s.y(y), text, FONT, size)
                y += 6
        note = clean_text(face.note)
        if note:
            size = self._fit(note, FONT_ITALIC, s.size(11), s.x(NUMBERS_WIDTH + 20))
            out.put(s.x(NUMBERS_X), s.y(y), note, FONT_ITALIC, size)
        # Place and date, the signer.
        self._centred(out, face.place_date, FONT_ITALIC, 14, SIGNER_CX, PLACE_DATE_Y, SIGNER_WIDTH)
        y = SIGNER_Y
        for title_line in face.signer_title.upper().split("\n"):
            self._centred(out, title_line, FONT_BOLD, 14, SIGNER_CX, y, SIGNER_WIDTH)
            y += 6
        self._centred(out, face.signer_name, FONT_BOLD, 14, SIGNER_CX, y - 6 + SIGNATURE_ROOM, SIGNER_WIDTH)
        # Verification.
        qr_text = nfc(face.qr_text.strip())
        if self.template.show_qr and qr_text:
            side = s.x(QR_SIZE)
            draw_qr(canvas, qr_text, s.x(NUMBERS_X - 2), s.y(QR_TOP) - side, side)
        code = clean_text(face.verify_code)
        if code:  # typed by whoever checks the certificate: legible on A5 too (scaled 9 pt would be 6.4)
            out.put(s.x(NUMBERS_X), s.y(VERIFY_Y), f"Mã xác minh: {code}", FONT, max(LEGIBLE_SIZE, s.size(9)))
        canvas.drawText(out.obj)


__all__ = [
    "CertificateRenderer",
    "RenderedCertificates",
    "calibration_page",
    "draw_qr",
    "qr_modules",
]
