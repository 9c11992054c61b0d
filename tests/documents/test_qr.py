"""QR codes on certificates: a printed code, read back by a real decoder, gives the text that was encoded;
pages have the same fingerprint printed alone or among others."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2
import pytest
import zxingcpp

from trungtam_desktop.documents import CertificateRenderer
from trungtam_desktop.documents.certificate_fields import SAMPLE_FACE
from trungtam_desktop.documents.certificate_pages import FIXED_CHARACTERS
from trungtam_desktop.documents.qr import QrError, qr_image, qr_modules
from trungtam_desktop.domain.certificate_layout import (
    CertificateTemplate,
    PaperSize,
    PrintMode,
    default_boxes,
)

TEXTS = (
    "GCN;125/2024;Nguyễn Thị Mỵ;05/03/1990;Đợt 2/2024;2024-06-14;7K3QX-9ABCD",
    "GCN;1/2025;Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh Đan;1975;NTVD-2025-01;2025-01-09;ABCDE-FGHIJ",
    "GCN;4021/2024;K'Brơi Ka Ừng Ỹ Ộ;29/02/2000;Khóa 86 (đợt 3) – Đức Trọng;2024-12-31;22222-33333",
)


def _decoded(pdf: bytes, dpi: int) -> list[list[str]]:
    """The text of every QR code the decoder finds on each page, rendered at ``dpi`` as a scanner sees
    it (grey, anti-aliased)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            pages.append([result.text for result in zxingcpp.read_barcodes(image)])
        return pages
    finally:
        document.close()


@pytest.mark.parametrize("paper", [PaperSize.A4, PaperSize.A5])
def test_a_printed_code_reads_back_as_its_text(paper: PaperSize) -> None:
    faces = [replace(SAMPLE_FACE, qr_text=text) for text in TEXTS]
    pdf = CertificateRenderer(CertificateTemplate("Mẫu", "1", paper=paper)).render(faces)
    assert _decoded(pdf, 150) == [[text] for text in TEXTS]


def test_no_code_when_the_template_hides_it_or_the_face_has_none() -> None:
    face = replace(SAMPLE_FACE, qr_text=TEXTS[0])
    hidden = CertificateRenderer(CertificateTemplate("Mẫu", "1", show_qr=False)).render([face])
    empty = CertificateRenderer(CertificateTemplate("Mẫu", "1")).render([replace(face, qr_text="")])
    assert _decoded(hidden, 150) == [[]] and _decoded(empty, 150) == [[]]


def test_the_code_is_one_image_mask_of_its_modules() -> None:
    modules = qr_modules(TEXTS[0])
    count = len(modules)
    assert count in range(21, 178, 4) and all(len(row) == count for row in modules)
    # The three finder patterns: a 7x7 dark ring in three corners.
    for top, left in ((0, 0), (0, count - 7), (count - 7, 0)):
        ring = [modules[top + i][left + j] for i in range(7) for j in range(7) if i in (0, 6) or j in (0, 6)]
        assert all(ring)
    size, image = qr_image(TEXTS[0])
    assert size == count
    head, data, tail = image.split("\n")
    assert head == f"BI /W {count} /H {count} /IM true /BPC 1 /D [1 0] /F /AHx ID" and tail == "EI"
    assert data.endswith(">")
    raw = bytes.fromhex(data[:-1])
    stride = (count + 7) // 8
    assert len(raw) == stride * count
    # Rows from the top, first module in the highest bit: exactly the modules, dark = 1.
    unpacked = [
        [bool(raw[r * stride + c // 8] >> (7 - c % 8) & 1) for c in range(count)] for r in range(count)
    ]
    assert unpacked == modules


def test_a_text_too_long_for_a_code_is_refused_in_vietnamese() -> None:
    with pytest.raises(QrError, match="quá dài"):
        qr_modules("Đ" * 4000)


def _templates() -> list[CertificateTemplate]:
    return [
        CertificateTemplate("A4", "1", PaperSize.A4),
        CertificateTemplate("A5", "1", PaperSize.A5, border=False),
        CertificateTemplate("Phôi", "1", mode=PrintMode.FIELDS_ONLY, boxes=default_boxes()),
    ]


def _faces(count: int) -> list:
    names = ("Nguyễn Thị Mỵ", "Trần Văn Ửng", "Lê Thị Ỹ", "Đặng Quốc Việt", "Hoàng Thị Ngọc Ánh")
    return [
        replace(
            SAMPLE_FACE,
            full_name=names[i % len(names)],
            register_number=f"{i + 1}/2024",
            note="Cấp lại, thay thế giấy chứng nhận số 3/2024" if i == 2 else "",
            qr_text=f"GCN;{i + 1}/2024;{names[i % len(names)]};2024-06-14;{i:05d}",
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("template", _templates(), ids=lambda t: t.name)
def test_a_page_has_the_same_fingerprint_alone_or_in_any_batch(template: CertificateTemplate) -> None:
    renderer = CertificateRenderer(template)
    faces = _faces(6)
    alone = [renderer.render_pages([face]).page_digests[0] for face in faces]
    assert None not in alone and len(set(alone)) == len(faces)
    assert list(renderer.render_pages(faces).page_digests) == alone
    assert list(renderer.render_pages(faces[::-1]).page_digests) == alone[::-1]
    # Every Vietnamese letter is in the fixed set, so any Vietnamese name keeps pages independent.
    assert {"ỹ", "Ỹ", "ự", "Ự", "đ", "Đ", "ằ", "Ẳ", "“", "–"} <= set(FIXED_CHARACTERS)


def test_a_foreign_letter_leaves_the_pages_after_it_to_be_fingerprinted_alone() -> None:
    renderer = CertificateRenderer(CertificateTemplate("A4", "1"))
    faces = _faces(4)
    faces[1] = replace(faces[1], full_name="Nguyễn Ñoño Müller")
    batch = renderer.render_pages(faces).page_digests
    alone = [renderer.render_pages([face]).page_digests[0] for face in faces]
    assert batch[:2] == tuple(alone[:2])  # the page that brings the letter is still as it is alone
    assert batch[2:] == (None, None)  # after it, the codes of the letter depend on the batch
    assert None not in alone
