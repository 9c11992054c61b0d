"""Certificates on pre-printed blanks: every field lands inside its box (printer offset applied), nothing
else is printed; the calibration page shows the grid, the boxes and the offset in force."""

from __future__ import annotations

import io
from dataclasses import replace

import pdfplumber
import pytest

from trungtam_desktop.documents import CertificateRenderer, calibration_page
from trungtam_desktop.documents.certificate_fields import (
    SAMPLE_FACE,
    field_text,
    format_offset,
    offset_caption,
)
from trungtam_desktop.domain.certificate_layout import (
    FIELD_LABELS,
    Align,
    CertificateFace,
    CertificateTemplate,
    FieldBox,
    PaperSize,
    PrintMode,
    default_boxes,
)

MM = 72 / 25.4
TOLERANCE = 0.3  # points
LONG_NAME = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh Đan Thanh Xuân"
LONG_UNIT = (
    "Chi bộ Thôn Đa Rờ Sa, Đảng bộ xã Hiệp Thạnh, Ban Chấp hành Đảng bộ huyện Đức Trọng, "
    "tỉnh Lâm Đồng (đơn vị phối hợp: Hội Liên hiệp Phụ nữ xã Hiệp Thạnh và Đoàn Thanh niên xã)"
)


def blank(paper: PaperSize = PaperSize.A4, x: float = 1.5, y: float = -2.0) -> CertificateTemplate:
    return CertificateTemplate(
        "Phôi thử",
        "2",
        paper=paper,
        mode=PrintMode.FIELDS_ONLY,
        boxes=default_boxes(paper),
        offset_x_mm=x,
        offset_y_mm=y,
    )


def face(**changes: object) -> CertificateFace:
    return replace(SAMPLE_FACE, qr_text="GCN|125/2024", **changes)  # type: ignore[arg-type]


def _box_rect(box: FieldBox, template: CertificateTemplate) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) in pdfplumber's points from the top-left."""
    x0 = (box.x_mm + template.offset_x_mm) * MM
    top = (box.y_mm + template.offset_y_mm) * MM
    return x0, top, x0 + box.width_mm * MM, top + box.height_mm * MM


def _inside(char: dict, rect: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = rect
    return (
        char["x0"] >= x0 - TOLERANCE
        and char["x1"] <= x1 + TOLERANCE
        and char["top"] >= top - TOLERANCE
        and char["bottom"] <= bottom + TOLERANCE
    )


def check_fields(data: bytes, template: CertificateTemplate, faces: list[CertificateFace]) -> None:
    """Every printed character lies inside the box of its field, every field is printed whole, and the
    pages hold nothing else."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == len(faces)
        for page, certificate in zip(pdf.pages, faces, strict=True):
            assert not page.rects and not page.lines and not page.curves and not page.images
            chars = [c for c in page.chars if c["text"].strip()]
            claimed: set[int] = set()
            for box in template.boxes:
                rect = _box_rect(box, template)
                mine = [c for c in chars if _inside(c, rect)]
                expected = field_text(certificate, box, template).replace("\n", "").replace(" ", "")
                got = "".join(c["text"] for c in sorted(mine, key=lambda c: (round(c["top"]), c["x0"])))
                assert got == expected, (box.key, got, expected)
                claimed.update(id(c) for c in mine)
            assert len(claimed) == len(chars), "characters printed outside every box"


def test_fields_land_inside_their_boxes_with_the_offset(read_pdf) -> None:
    template = blank()
    faces = [face(), face(full_name=LONG_NAME, unit=LONG_UNIT, grade="")]
    data = CertificateRenderer(template).render(faces)
    check_fields(data, template, faces)
    pdf = read_pdf(data)
    assert pdf.page_sizes_mm() == [(297, 210), (297, 210)]
    text = pdf.text()
    for fixed in ("GIẤY CHỨNG NHẬN", "ĐẢNG CỘNG SẢN", "Đồng chí", "Sinh ngày", "Số vào sổ", "Mã xác minh"):
        assert fixed not in text  # the blank carries the fixed text
    assert "NGUYỄN THỊ MỴ" in text and LONG_NAME.upper() in pdf.flat_text()


def test_moving_the_offset_moves_every_field() -> None:
    faces = [face()]

    def name_x0_top(template: CertificateTemplate) -> tuple[float, float]:
        data = CertificateRenderer(template).render(faces)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            first = next(c for c in pdf.pages[0].chars if c["text"] == "N")
            return first["x0"], first["top"]

    x_a, top_a = name_x0_top(blank(x=0, y=0))
    x_b, top_b = name_x0_top(blank(x=3, y=-2))
    assert x_b - x_a == pytest.approx(3 * MM, abs=0.01)
    assert top_b - top_a == pytest.approx(-2 * MM, abs=0.01)


def test_a5_blank_and_two_line_signer_title_stay_in_their_boxes(read_pdf) -> None:
    template = blank(PaperSize.A5, x=-1.0, y=0.5)
    faces = [face(full_name=LONG_NAME, unit=LONG_UNIT, birth="1990")]
    data = CertificateRenderer(template).render(faces)
    check_fields(data, template, faces)
    assert read_pdf(data).page_sizes_mm() == [(210, 148)]


def test_alignment_and_the_smallest_size() -> None:
    boxes = (
        FieldBox("signer_name", 100, 50, 80, 10, 14, Align.CENTRE, bold=True),
        FieldBox("register_number", 100, 70, 80, 10, 14, Align.RIGHT),
        FieldBox("full_name", 20, 90, 80, 10, 16, Align.LEFT, bold=True, upper=True, min_font_size=9),
        FieldBox("unit", 20, 110, 30, 10, 14, min_font_size=9),
    )
    template = CertificateTemplate("Hẹp", "1", mode=PrintMode.FIELDS_ONLY, boxes=boxes)
    faces = [face(full_name=LONG_NAME, unit=LONG_UNIT)]
    data = CertificateRenderer(template).render(faces)
    check_fields(data, template, faces)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    signer = [c for c in chars if 50 * MM <= c["top"] < 60 * MM]
    middle = (min(c["x0"] for c in signer) + max(c["x1"] for c in signer)) / 2
    assert middle == pytest.approx(140 * MM, abs=0.5)
    number = [c for c in chars if 70 * MM <= c["top"] < 80 * MM]
    assert max(c["x1"] for c in number) == pytest.approx(180 * MM - 0.5 * MM, abs=0.5)
    name = [c for c in chars if 90 * MM <= c["top"] < 100 * MM]
    # Too long even at its smallest size: kept at 9 pt and narrowed into the box, not cut.
    assert {round(c["size"], 1) for c in name} == {9.0}
    assert "".join(c["text"] for c in name) == LONG_NAME.upper().replace(" ", "")
    # Far too long for its box even narrowed by half: smaller still, and still inside (checked above).
    unit = [c for c in chars if 110 * MM <= c["top"] < 120 * MM]
    assert max(c["size"] for c in unit) < 9


def test_an_empty_field_prints_nothing() -> None:
    template = blank()
    faces = [face(grade="", serial="", document_number="")]
    data = CertificateRenderer(template).render(faces)
    check_fields(data, template, faces)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Giỏi" not in text and "AA 0012345" not in text


def test_offsets_are_written_the_vietnamese_way() -> None:
    assert format_offset(1.5) == "+1,5 mm"
    assert format_offset(-2.0) == "\u22122,0 mm"
    assert format_offset(0.0) == "0,0 mm"
    assert offset_caption(blank()) == "Độ lệch máy in: ngang +1,5 mm, dọc \u22122,0 mm"


def test_calibration_page_shows_offset_labels_grid_and_boxes(read_pdf) -> None:
    template = blank()
    data = calibration_page(template)
    pdf = read_pdf(data)
    assert pdf.page_count == 1 and pdf.page_sizes_mm() == [(297, 210)]
    text = pdf.text()
    assert "Độ lệch máy in: ngang +1,5 mm, dọc \u22122,0 mm" in text
    assert "TRANG HIỆU CHỈNH MÁY IN" in text and "100 mm" in text
    for box in template.boxes:
        assert FIELD_LABELS[box.key] in text
    assert "NGUYỄN THỊ MỴ" in text and "Đức Trọng, ngày 14 tháng 06 năm 2024" in text
    with pdfplumber.open(io.BytesIO(data)) as pdf_file:
        page = pdf_file.pages[0]
        outlines = page.rects
        # The grid: a line every millimetre across the sheet.
        grid = page.lines + page.curves
        edges = sum(len(obj.get("pts", [])) for obj in grid) + len(page.edges)
        assert edges > 297 + 210
        # Each box outlined where it is printed: shifted by the offset.
        for box in template.boxes:
            x0, top, x1, bottom = _box_rect(box, template)
            assert any(
                abs(r["x0"] - x0) < 0.3
                and abs(r["top"] - top) < 0.3
                and abs(r["x1"] - x1) < 0.3
                and abs(r["bottom"] - bottom) < 0.3
                for r in outlines
            ), box.key
    # The sample texts are laid out exactly as on a real print with the same template.
    printed = CertificateRenderer(template).render([SAMPLE_FACE])
    with pdfplumber.open(io.BytesIO(printed)) as a, pdfplumber.open(io.BytesIO(data)) as b:
        real = [(c["text"], c["x0"], c["top"]) for c in a.pages[0].chars]
        calib = [(c["text"], c["x0"], c["top"]) for c in b.pages[0].chars]
    for text, x0, top in real:
        assert any(t == text and abs(x - x0) < 0.05 and abs(y - top) < 0.05 for t, x, y in calib), text


def test_calibration_page_without_offset_and_on_a5(read_pdf) -> None:
    pdf = read_pdf(calibration_page(blank(PaperSize.A5, 0, 0)))
    assert pdf.page_sizes_mm() == [(210, 148)]
    assert "Độ lệch máy in: ngang 0,0 mm, dọc 0,0 mm" in pdf.flat_text()
