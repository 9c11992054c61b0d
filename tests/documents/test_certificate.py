"""Certificates: the whole Party layout on A4/A5 landscape, long texts shrunk to their line, reprints."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pdfplumber
import pytest

from trungtam_desktop.documents import CertificateRenderer
from trungtam_desktop.documents.certificate import BIRTH_X, FIELDS_RIGHT, QR_SIZE, QR_TOP
from trungtam_desktop.documents.certificate_fields import SAMPLE_FACE, fit_size
from trungtam_desktop.documents.fonts import FONT_BOLD, register_fonts, string_width
from trungtam_desktop.domain.certificate_layout import CertificateFace, CertificateTemplate, PaperSize

MM = 72 / 25.4
LONG_NAME = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh Đan"
LONG_UNIT = (
    "Chi bộ Thôn Đa Rờ Sa, Đảng bộ xã Hiệp Thạnh, Ban Chấp hành Đảng bộ huyện Đức Trọng, "
    "tỉnh Lâm Đồng (đơn vị phối hợp: Hội Liên hiệp Phụ nữ xã Hiệp Thạnh và Đoàn Thanh niên xã)"
)


def make_face(**changes: object) -> CertificateFace:
    face = replace(
        SAMPLE_FACE,
        signer_title="GIÁM ĐỐC",
        qr_text="GCN|125/2024|Nguyễn Thị Mỵ|Đợt 2/2024|2024-06-14|3f9a2c7d1e",
    )
    return replace(face, **changes)  # type: ignore[arg-type]


def whole(paper: PaperSize = PaperSize.A4, **changes: object) -> CertificateTemplate:
    return replace(CertificateTemplate("Mẫu thử", "1", paper=paper), **changes)  # type: ignore[arg-type]


def _lines(data: bytes, page: int = 0) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        # A5 sets the space after a label at 2.5 pt: tell pdfplumber that is a space.
        return (pdf.pages[page].extract_text(x_tolerance=1.5) or "").splitlines()


def _chars(data: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return list(pdf.pages[page].chars)


def _line_chars(chars: list[dict], first: str) -> list[dict]:
    """The characters on the text line that starts with ``first`` (same baseline, left to right)."""
    text_of: dict[float, list[dict]] = {}
    for c in chars:
        text_of.setdefault(round(c["matrix"][5], 1), []).append(c)
    for row in text_of.values():
        row.sort(key=lambda c: c["x0"])
        if "".join(c["text"] for c in row).startswith(first):
            return row
    raise AssertionError(f"no line starts with {first!r}")


def test_whole_a4_prints_the_party_layout(read_pdf) -> None:
    pdf = read_pdf(CertificateRenderer(whole()).render([make_face()]))
    assert pdf.page_count == 1
    assert pdf.page_sizes_mm() == [(297, 210)]
    lines = _lines(pdf.data)
    assert lines[0].startswith("HUYỆN ỦY ĐỨC TRỌNG") and lines[0].endswith("ĐẢNG CỘNG SẢN VIỆT NAM")
    for expected in (
        "TRUNG TÂM CHÍNH TRỊ",
        "*",
        "GIẤY CHỨNG NHẬN",
        "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG CHỨNG NHẬN",
        "Đồng chí: NGUYỄN THỊ MỴ Sinh ngày: 05/03/1990",
        "Đơn vị: Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh",
        "Đã hoàn thành chương trình: Bồi dưỡng nhận thức về Đảng",
        "Lớp: Đợt 2/2024, từ ngày 10/6/2024 đến ngày 14/6/2024",
        "Xếp loại: Giỏi",
        "Nguyễn Văn Hùng",
        "Mã xác minh: GCN-7K3QX9",
    ):
        assert expected in lines, expected
    text = pdf.text()
    for expected in ("Số vào sổ: 125/2024", "Số 125-GCN/TTCT", "Số hiệu phôi: AA 0012345"):
        assert expected in text
    assert "Đức Trọng, ngày 14 tháng 06 năm 2024" in text
    assert unicodedata.is_normalized("NFC", pdf.raw_text())  # the PDF itself holds NFC text


def test_fonts_faces_of_the_layout(read_pdf) -> None:
    data = CertificateRenderer(whole()).render([make_face()])
    chars = _chars(data)
    # "Số vào sổ" bottom left shares its line with the place-date line (italic) on the right.
    line = _line_chars(chars, "Số vào sổ")
    place = [c for c in line if c["x0"] > 150 * MM]
    assert "".join(c["text"] for c in place) == "Đức Trọng, ngày 14 tháng 06 năm 2024"
    assert all("Italic" in c["fontname"] for c in place)
    assert not any("Italic" in c["fontname"] for c in line if c["x0"] < 150 * MM)
    name_line = _line_chars(chars, "Đồng")
    assert "".join(c["text"] for c in name_line if "Bold" in c["fontname"]) == "NGUYỄN THỊ MỴ"
    party = _line_chars(chars, "HUYỆN")  # the header line holds both blocks
    assert any("Bold" in c["fontname"] for c in party)
    signer = _line_chars(chars, "Nguyễn Văn Hùng")
    assert all("Bold" in c["fontname"] for c in signer)
    for font in read_pdf(data).fonts():
        if font.get("/Subtype") == "/Type0":
            continue
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_a5_landscape_scales_the_layout(read_pdf) -> None:
    a4 = CertificateRenderer(whole()).render([make_face()])
    a5 = CertificateRenderer(whole(PaperSize.A5)).render([make_face(), make_face(full_name="Trần Văn An")])
    pdf = read_pdf(a5)
    assert pdf.page_count == 2
    assert pdf.page_sizes_mm() == [(210, 148), (210, 148)]
    assert "Đồng chí: TRẦN VĂN AN Sinh ngày: 05/03/1990" in _lines(a5, 1)
    title4 = _line_chars(_chars(a4), "GIẤY")
    title5 = _line_chars(_chars(a5), "GIẤY")
    assert title5[0]["size"] == pytest.approx(title4[0]["size"] * 210 / 297, rel=0.01)
    # Centred on the page in both sizes.
    for chars, width in ((title4, 297 * MM), (title5, 210 * MM)):
        assert (chars[0]["x0"] + chars[-1]["x1"]) / 2 == pytest.approx(width / 2, abs=1)


def test_same_faces_give_the_same_bytes_and_a_changed_face_does_not() -> None:
    renderer = CertificateRenderer(whole())
    faces = [make_face(), make_face(full_name="Trần Văn An", register_number="126/2024")]
    first = renderer.render(faces)
    assert CertificateRenderer(whole()).render(faces) == first
    assert renderer.render([faces[0]]) == renderer.render([faces[0]])
    assert renderer.render([faces[1], faces[0]]) != first


def test_long_name_and_unit_shrink_to_their_line(read_pdf) -> None:
    data = CertificateRenderer(whole()).render([make_face(full_name=LONG_NAME, unit=LONG_UNIT)])
    lines = _lines(data)
    assert f"Đồng chí: {LONG_NAME.upper()} Sinh ngày: 05/03/1990" in lines
    assert f"Đơn vị: {LONG_UNIT}" in lines
    chars = _chars(data)
    name_line = _line_chars(chars, "Đồng")
    birth_start = next(c["x0"] for c in name_line if c["text"] == "S")
    name_chars = [c for c in name_line if c["x0"] < birth_start and "Bold" in c["fontname"]]
    assert max(c["x1"] for c in name_chars) <= (BIRTH_X - 6) * MM + 0.5
    assert birth_start == pytest.approx(BIRTH_X * MM, abs=0.5)  # the birth date did not move
    unit_line = _line_chars(chars, "Đơn")
    assert max(c["x1"] for c in unit_line) <= FIELDS_RIGHT * MM + 0.5
    assert "".join(c["text"] for c in unit_line) == f"Đơn vị:{LONG_UNIT}"  # one baseline
    # The short name keeps its full size; the long one was made smaller.
    short = _line_chars(_chars(CertificateRenderer(whole()).render([make_face()])), "Đồng")
    assert max(c["size"] for c in name_chars) < max(c["size"] for c in short if "Bold" in c["fontname"])


def test_empty_grade_number_and_serial_are_not_printed(read_pdf) -> None:
    data = CertificateRenderer(whole()).render(
        [make_face(grade="", document_number="", serial="", qr_text="")]
    )
    text = read_pdf(data).text()
    assert "Xếp loại" not in text and "Số hiệu phôi" not in text and "GCN/TTCT" not in text
    assert "Số vào sổ: 125/2024" in text


def test_signer_with_two_title_lines_and_a_year_of_birth() -> None:
    face = make_face(signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", birth="1990")
    lines = _lines(CertificateRenderer(whole()).render([face]))
    assert any(line.endswith("KT. GIÁM ĐỐC") for line in lines)
    assert any(line.endswith("PHÓ GIÁM ĐỐC") for line in lines)
    assert any(line.endswith("Năm sinh: 1990") for line in lines)


def _qr_marks(data: bytes, paper: PaperSize = PaperSize.A4) -> int:
    """Modules of the image masks (the QR code is one) in the QR code's place."""
    k = 1.0 if paper is PaperSize.A4 else 210 / 297
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        return sum(
            i["srcsize"][0] * i["srcsize"][1]
            for i in page.images
            if i["top"] >= QR_TOP * MM * k - 1 and i["bottom"] <= (QR_TOP + QR_SIZE) * MM * k + 1
        )


def test_qr_code_only_when_the_template_and_the_face_ask() -> None:
    assert _qr_marks(CertificateRenderer(whole()).render([make_face()])) > 21 * 21
    assert _qr_marks(CertificateRenderer(whole(show_qr=False)).render([make_face()])) == 0
    assert _qr_marks(CertificateRenderer(whole()).render([make_face(qr_text="")])) == 0


def test_border_is_optional() -> None:
    def drawn(template: CertificateTemplate) -> int:
        with pdfplumber.open(
            io.BytesIO(CertificateRenderer(template).render([make_face(qr_text="")]))
        ) as pdf:
            page = pdf.pages[0]
            return len(page.rects) + len(page.lines) + len(page.curves)

    assert drawn(whole()) > drawn(whole(border=False))


def test_fit_size_shrinks_only_what_is_too_wide() -> None:
    register_fonts()
    assert fit_size("NGUYỄN THỊ MỴ", FONT_BOLD, 16, 500) == 16
    size = fit_size(LONG_NAME.upper(), FONT_BOLD, 16, 200)
    assert size < 16
    assert string_width(LONG_NAME.upper(), FONT_BOLD, size) <= 200
    assert fit_size(LONG_NAME.upper(), FONT_BOLD, 16, 20, min_size=7) == 7


def test_no_face_is_refused() -> None:
    with pytest.raises(ValueError):
        CertificateRenderer(whole()).render([])


@pytest.mark.parametrize("paper", [PaperSize.A4, PaperSize.A5])
def test_everything_stays_inside_the_border_even_when_long(paper: PaperSize) -> None:
    face = make_face(
        parent_body="ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP HUYỆN ĐỨC TRỌNG TỈNH LÂM ĐỒNG",
        centre_name="TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG, TỈNH LÂM ĐỒNG",
        certifier="GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG, TỈNH LÂM ĐỒNG, NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA "
        "VIỆT NAM CHỨNG NHẬN",
        full_name=LONG_NAME,
        unit=LONG_UNIT,
        programme="Bồi dưỡng lý luận chính trị và nghiệp vụ công tác Đảng cho cấp ủy viên cơ sở nhiệm kỳ 2025-2030",
        class_line=LONG_UNIT,
        signer_title="KT. GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ HUYỆN ĐỨC TRỌNG\nPHÓ GIÁM ĐỐC THƯỜNG TRỰC",
        signer_name="Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh Đan",
        note="Cấp lại, thay thế giấy chứng nhận số 12/2024 bị mất do thiên tai, lũ lụt năm 2024 tại xã Tà Năng",
    )
    data = CertificateRenderer(whole(paper)).render([face])
    k = 1.0 if paper is PaperSize.A4 else 210 / 297
    width, height = (297, 210) if paper is PaperSize.A4 else (210, 148)
    inner = 10.5 * MM * k
    chars = _chars(data)
    assert len(chars) > 500
    for c in chars:
        assert inner < c["x0"] and c["x1"] < width * MM - inner, c["text"]
        assert inner < c["top"] and c["bottom"] < height * MM - inner, c["text"]
    # The right half of the page never collides with the left: the signer block stays in its column.
    signer = _line_chars(chars, "PHÓ")
    assert min(c["x0"] for c in signer) > 150 * MM * k
