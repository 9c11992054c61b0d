"""Properties every Party-format document shares: A4, embedded fonts, NFC text, header, determinism."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from trungtam_desktop.documents import (
    AttendanceSheetRenderer,
    ClassListRenderer,
    ResultsRenderer,
    TimetableRenderer,
)
from trungtam_desktop.domain.models import CentreIdentity

A4_PORTRAIT = (210, 297)
A4_LANDSCAPE = (297, 210)


def _documents(samples) -> dict[str, tuple[Callable[[CentreIdentity], bytes], tuple[int, int], str]]:
    """name -> (render with a centre, page size in mm, title printed)."""
    return {
        "attendance_blank": (
            lambda c: AttendanceSheetRenderer(c).render(samples.attendance(25, 10, recorded=False)),
            A4_LANDSCAPE,
            "DANH SÁCH ĐIỂM DANH HỌC VIÊN",
        ),
        "attendance_filled": (
            lambda c: AttendanceSheetRenderer(c, filled=True).render(samples.attendance(25, 10)),
            A4_LANDSCAPE,
            "DANH SÁCH ĐIỂM DANH HỌC VIÊN",
        ),
        "class_list": (
            lambda c: ClassListRenderer(c).render(samples.class_list(25)),
            A4_PORTRAIT,
            "DANH SÁCH HỌC VIÊN",
        ),
        "results_portrait": (
            lambda c: ResultsRenderer(c).render(samples.results(20, 1)),
            A4_PORTRAIT,
            "BẢNG ĐIỂM",
        ),
        "results_landscape": (
            lambda c: ResultsRenderer(c).render(samples.results(20, 3)),
            A4_LANDSCAPE,
            "BẢNG ĐIỂM",
        ),
        "timetable": (lambda c: TimetableRenderer(c).render(samples.timetable(10)), A4_PORTRAIT, "LỊCH HỌC"),
    }


DOCUMENTS = [
    "attendance_blank",
    "attendance_filled",
    "class_list",
    "results_portrait",
    "results_landscape",
    "timetable",
]


@pytest.fixture(params=DOCUMENTS)
def document(request, samples, centre):
    render, size, title = _documents(samples)[request.param]
    return render, render(centre), size, title


def test_page_size_is_a4_in_the_right_orientation(document, read_pdf) -> None:
    _, pdf, size, _ = document
    sizes = read_pdf(pdf).page_sizes_mm()
    assert sizes
    assert set(sizes) == {size}


def test_every_font_is_an_embedded_truetype_font(document, read_pdf) -> None:
    _, pdf, _, _ = document
    fonts = list(read_pdf(pdf).fonts())
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_party_header_and_title_are_printed(document, read_pdf) -> None:
    _, pdf, _, title = document
    first_page = read_pdf(pdf).page_texts()[0]
    for expected in (
        "HUYỆN ỦY ĐỨC TRỌNG",
        "TRUNG TÂM CHÍNH TRỊ",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        title,
        "Lớp bồi dưỡng nhận thức về Đảng đợt 2/2024",  # one phrase, as an official writes it
    ):
        assert expected in " ".join(first_page.split()), expected
    assert "Lớp Bồi dưỡng" not in first_page and "Kết quả học tập lớp" not in first_page
    last_page = read_pdf(pdf).page_texts()[-1]
    assert "GIÁM ĐỐC" in last_page
    assert last_page.rstrip().endswith("Nguyễn Văn Hùng")  # the signer's name closes the document


def test_text_in_the_pdf_is_nfc(document, read_pdf) -> None:
    _, pdf, _, _ = document
    raw = read_pdf(pdf).raw_text()
    assert "Nguyễn Thị Mỵ" in raw or "Trần Thị Hạnh" in raw
    assert "Đức Trọng, ngày" in raw
    assert raw == unicodedata.normalize("NFC", raw)


def test_same_input_gives_the_same_bytes(document, centre) -> None:
    render, pdf, _, _ = document
    assert render(centre) == pdf


def test_metadata_is_vietnamese(document, read_pdf) -> None:
    _, pdf, _, _ = document
    meta = read_pdf(pdf).reader.metadata
    assert "Đợt 2/2024" in meta.title
    assert meta.author == "TRUNG TÂM CHÍNH TRỊ – HUYỆN ỦY ĐỨC TRỌNG"
    assert meta.creator == "Phần mềm quản lý Trung tâm chính trị"


def test_no_english_words_leak_into_the_page(document, read_pdf) -> None:
    _, pdf, _, _ = document
    text = read_pdf(pdf).text().lower()
    for word in ("page", "total", "none", "true", "false", "name", "date"):
        assert f" {word} " not in f" {' '.join(text.split())} ", word


@pytest.mark.parametrize(
    "name",
    ["attendance", "class_list", "results"],
)
def test_the_signature_never_stands_alone_on_the_last_page(samples, centre, read_pdf, name: str) -> None:  # type: ignore[no-untyped-def]
    """Whatever the number of learners, the last page holds the last learner's row with the signer: when
    the closing lines do not fit under the table, the table's last rows move over with them."""
    render = {
        "attendance": lambda n: AttendanceSheetRenderer(centre, filled=True).render(
            samples.attendance(n, 10)
        ),
        "class_list": lambda n: ClassListRenderer(centre).render(samples.class_list(n)),
        "results": lambda n: ResultsRenderer(centre).render(samples.results(n, 2)),
    }[name]
    pages_seen = set()
    for count in range(8, 48, 2):
        pdf = read_pdf(render(count))
        last_page = pdf.page_texts()[-1]
        assert "Nguyễn Văn Hùng" in last_page, (name, count)
        # The last learner's row (it starts with its STT) is on that page too.
        assert any(line.startswith(f"{count} ") for line in last_page.splitlines()), (name, count)
        pages_seen.add(pdf.page_count)
    assert len(pages_seen) >= 2  # the sweep crossed at least one page boundary
