"""Certificates benchmark: 1,000 whole certificates in one PDF against plain ReportLab.

The baseline draws the same strings, with the same registered fonts and sizes at the same places, straight
on a ReportLab canvas (no fitting, no border, no QR code), in the same run. Targets (issue 17): the
renderer takes at most 1.2 times the baseline's time, 1,000 certificates with their QR codes at most 1.5
times the same without (``certificates_whole_qr_vs_no_qr_ratio``), and the PDF is
at most 3 MB (TrueType fonts embedded as subsets). Also measured: 1,000 certificates with QR codes against
plain ReportLab drawing the same strings and the same QR codes with its ``QrCodeWidget`` (its pure-Python
encoder), and 1,000 in fields-only mode onto pre-printed blanks.
Each time is the best of a few runs after one warm-up; each ratio the median of runs made in turn (five
pairs), which holds on a loaded machine. Needs no database.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from trungtam_desktop.documents.certificate import (
    BIRTH_X,
    CERTIFIER_Y,
    FIELD_Y,
    FIELDS_X,
    HEADER_LEFT_CX,
    HEADER_RIGHT_CX,
    HEADER_Y,
    NUMBERS_X,
    NUMBERS_Y,
    PLACE_DATE_Y,
    QR_SIZE,
    QR_TOP,
    SIGNER_CX,
    SIGNER_Y,
    TITLE_SIZE,
    TITLE_Y,
    VERIFY_Y,
    CertificateRenderer,
)
from trungtam_desktop.documents.certificate_fields import SAMPLE_FACE, page_size
from trungtam_desktop.documents.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts
from trungtam_desktop.documents.qr import qr_image
from trungtam_desktop.domain.certificate_layout import (
    CertificateFace,
    CertificateTemplate,
    PaperSize,
    PrintMode,
    default_boxes,
)

COUNT = 1_000
RUNS = 2
PAIRS = 5
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "K'Brơi", "Tôn Nữ")
_GIVEN = ("Thị Mỵ", "Văn Hùng", "Thị Hạnh", "Quang Đức", "Ngọc Yến", "Minh Tuấn", "Thu Hương")
_UNITS = (
    "UBND xã Hiệp Thạnh",
    "Chi bộ thôn Phú Trung, Đảng bộ xã Phú Hội",
    "Hội Liên hiệp Phụ nữ xã Ninh Gia",
    "Chi bộ Thôn Đa Rờ Sa, Đảng bộ xã Hiệp Thạnh, Ban Chấp hành Đảng bộ huyện Đức Trọng, tỉnh Lâm Đồng",
)
_GRADES = ("Giỏi", "Khá", "Trung bình", "Xuất sắc")


def sample_faces(count: int = COUNT) -> list[CertificateFace]:
    return [
        replace(
            SAMPLE_FACE,
            full_name=f"{_FAMILY[i % len(_FAMILY)]} {_GIVEN[i % len(_GIVEN)]}",
            birth=f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/{1960 + i % 40}",
            unit=_UNITS[i % len(_UNITS)],
            grade=_GRADES[i % len(_GRADES)],
            register_number=f"{i + 1}/2024",
            document_number=f"Số {i + 1}-GCN/TTCT",
            serial=f"AA {12345 + i:07d}",
            signer_title="GIÁM ĐỐC",
            verify_code=f"GCN-{i * 7919 % 1_000_000:06d}",
            qr_text=f"GCN|{i + 1}/2024|{_FAMILY[i % len(_FAMILY)]}|Đợt 2/2024|2024-06-14|{i * 104729:x}",
        )
        for i in range(count)
    ]


def plain_reportlab(faces: list[CertificateFace], with_qr: bool = False) -> bytes:
    """The baseline: the same strings, fonts, sizes and places, drawn with nothing else (``with_qr``: and
    each face's QR code, drawn the plain ReportLab way, a ``QrCodeWidget`` in a ``Drawing``)."""
    register_fonts()
    width, height = page_size(PaperSize.A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1, initialFontName=FONT)

    def y(y_mm: float) -> float:
        return height - y_mm * mm

    for face in faces:
        canvas.setFont(FONT, 14)
        canvas.drawCentredString(HEADER_LEFT_CX * mm, y(HEADER_Y), face.parent_body)
        canvas.setFont(FONT_BOLD, 14)
        canvas.drawCentredString(HEADER_LEFT_CX * mm, y(HEADER_Y + 6.2), face.centre_name)
        canvas.setFont(FONT, 14)
        canvas.drawCentredString(HEADER_LEFT_CX * mm, y(HEADER_Y + 12.4), "*")
        canvas.setFont(FONT_BOLD, 15)
        canvas.drawCentredString(HEADER_RIGHT_CX * mm, y(HEADER_Y), "ĐẢNG CỘNG SẢN VIỆT NAM")
        canvas.setFont(FONT_BOLD, TITLE_SIZE)
        canvas.drawCentredString(width / 2, y(TITLE_Y), face.title)
        canvas.setFont(FONT_BOLD, 14)
        canvas.drawCentredString(width / 2, y(CERTIFIER_Y), face.certifier)
        canvas.setFont(FONT, 14)
        for row, (label, value) in enumerate(
            (
                ("Đồng chí:", face.full_name.upper()),
                ("Đơn vị:", face.unit),
                ("Đã hoàn thành chương trình:", face.programme),
                ("Lớp:", face.class_line),
                ("Xếp loại:", face.grade),
            )
        ):
            canvas.drawString(FIELDS_X * mm, y(FIELD_Y[row]), f"{label} {value}")
        canvas.drawString(BIRTH_X * mm, y(FIELD_Y[0]), f"Sinh ngày: {face.birth}")
        canvas.setFont(FONT, 13)
        canvas.drawString(NUMBERS_X * mm, y(NUMBERS_Y), f"Số vào sổ: {face.register_number}")
        canvas.drawString(NUMBERS_X * mm, y(NUMBERS_Y + 6), face.document_number)
        canvas.drawString(NUMBERS_X * mm, y(NUMBERS_Y + 12), f"Số hiệu phôi: {face.serial}")
        canvas.setFont(FONT_ITALIC, 14)
        canvas.drawCentredString(SIGNER_CX * mm, y(PLACE_DATE_Y), face.place_date)
        canvas.setFont(FONT_BOLD, 14)
        canvas.drawCentredString(SIGNER_CX * mm, y(SIGNER_Y), face.signer_title)
        canvas.drawCentredString(SIGNER_CX * mm, y(SIGNER_Y + 28), face.signer_name)
        canvas.setFont(FONT, 9)
        canvas.drawString(NUMBERS_X * mm, y(VERIFY_Y), f"Mã xác minh: {face.verify_code}")
        if with_qr and face.qr_text:
            widget = QrCodeWidget(face.qr_text, barLevel="M", barWidth=QR_SIZE * mm, barHeight=QR_SIZE * mm)
            drawing = Drawing(QR_SIZE * mm, QR_SIZE * mm)
            drawing.add(widget)
            renderPDF.draw(drawing, canvas, (NUMBERS_X - 2) * mm, y(QR_TOP + QR_SIZE))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def best_time(work: Callable[[], bytes], runs: int = RUNS) -> tuple[float, bytes]:
    work()  # warm-up: fonts registered, glyph tables loaded
    times, data = [], b""
    for _ in range(runs):
        began = time.perf_counter()
        data = work()
        times.append(time.perf_counter() - began)
    return min(times), data


def paired(
    work: Callable[[], bytes], baseline: Callable[[], bytes], pairs: int = PAIRS
) -> tuple[float, float, float, bytes]:
    """(best time of ``work``, best time of ``baseline``, median of the ratios of runs made in turn, the
    last PDF of ``work``): the ratio of two runs next to each other holds when the machine's load moves."""
    work(), baseline()  # warm-up
    ratios, work_times, base_times, data = [], [], [], b""
    for _ in range(pairs):
        began = time.perf_counter()
        data = work()
        middle = time.perf_counter()
        baseline()
        ended = time.perf_counter()
        work_times.append(middle - began)
        base_times.append(ended - middle)
        ratios.append((middle - began) / (ended - middle))
    return min(work_times), min(base_times), statistics.median(ratios), data


def run(ctx: Any = None) -> list[tuple[str, float, str]]:
    """Times (s), their ratio and the PDF sizes (MB); ``ctx`` is not needed."""
    del ctx
    faces = sample_faces()
    no_qr = [replace(f, qr_text="") for f in faces]
    whole = CertificateTemplate("Mẫu A4", "1", PaperSize.A4, PrintMode.WHOLE, border=True)
    fields = CertificateTemplate("Phôi A4", "1", mode=PrintMode.FIELDS_ONLY, boxes=default_boxes())
    whole_time, base_time, whole_ratio, whole_pdf = paired(
        lambda: CertificateRenderer(whole).render(no_qr), lambda: plain_reportlab(no_qr)
    )
    base_pdf = plain_reportlab(no_qr)
    base_qr_time, _ = best_time(lambda: plain_reportlab(faces, with_qr=True), runs=1)  # ~20 s a run
    # Cold: the renderer caches QR encodings (a reprint in the same session reuses them); clear the cache
    # so each timed run encodes every code, as a first printing does.
    qr_time, _no_qr_time, qr_ratio, qr_pdf = paired(
        lambda: (qr_image.cache_clear(), CertificateRenderer(whole).render(faces))[1],
        lambda: CertificateRenderer(whole).render(no_qr),
    )
    qr_warm_time, _ = best_time(lambda: CertificateRenderer(whole).render(faces))
    fields_time, fields_pdf = best_time(lambda: CertificateRenderer(fields).render(faces))
    return [
        ("certificates_plain_reportlab_1000", round(base_time, 3), "s"),
        ("certificates_whole_1000", round(whole_time, 3), "s"),
        ("certificates_whole_ratio", round(whole_ratio, 2), "x"),
        ("certificates_whole_pdf_size", round(len(whole_pdf) / 1e6, 2), "MB"),
        ("certificates_plain_reportlab_qr_1000", round(base_qr_time, 3), "s"),
        ("certificates_whole_qr_1000", round(qr_time, 3), "s"),
        ("certificates_whole_qr_ratio", round(qr_time / base_qr_time, 2), "x"),
        ("certificates_whole_qr_vs_strings_ratio", round(qr_time / base_time, 2), "x"),
        ("certificates_whole_qr_vs_no_qr_ratio", round(qr_ratio, 2), "x"),
        ("certificates_whole_qr_pdf_size", round(len(qr_pdf) / 1e6, 2), "MB"),
        ("certificates_whole_qr_1000_codes_cached", round(qr_warm_time, 3), "s"),
        ("certificates_fields_only_1000", round(fields_time, 3), "s"),
        ("certificates_fields_only_pdf_size", round(len(fields_pdf) / 1e6, 2), "MB"),
        ("certificates_plain_pdf_size", round(len(base_pdf) / 1e6, 2), "MB"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name}: {value} {unit}")
