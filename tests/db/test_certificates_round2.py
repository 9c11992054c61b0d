"""Issue 16, certificates and the register: the reasons and dates the register keeps, a readable bound book,
year-only births on blanks, the calibration page's signer, date line and verification code."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import date

import pdfplumber
import pytest

from tests.classwork_builder import build_class, pass_everyone
from tests.documents.conftest import ReadPdf
from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.certificate import CertificateRenderer
from trungtam_desktop.documents.certificate_fields import calibration_page
from trungtam_desktop.domain.certificate_layout import (
    CertificateTemplate,
    PaperSize,
    PrintMode,
    default_boxes,
)
from trungtam_desktop.domain.certificates import ReissueReason
from trungtam_desktop.domain.models import CentreIdentity

MM = 72 / 25.4
LONG_CLASS = "Bồi dưỡng lý luận chính trị cho đảng viên mới của các chi bộ thôn, tổ dân phố và cơ quan huyện"


@pytest.fixture
def issued(services, opened):  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="DVM-2024-R2", programme_code="DVM", learners=4, sessions=2)
    with opened.database.write_sessions.begin() as session:
        session.get(orm.TrainingClass, built.class_id).name = LONG_CLASS
    pass_everyone(services, built)  # build_class's learners are known by their year of birth alone
    lines = services.certificates.issue(
        built.class_id, list(built.enrolment_ids), issued_on=date(2024, 6, 20)
    )
    return built, sorted(lines, key=lambda c: c.number)


def _flat(pdf: bytes) -> str:
    return " ".join(ReadPdf(pdf).flat_text().split())


# -- 10. the register book ------------------------------------------------------------------------------


def test_register_prints_the_reissue_reason_and_the_void_date(services, issued) -> None:  # type: ignore[no-untyped-def]
    _built, lines = issued
    certificates = services.certificates
    certificates.reissue(lines[0].id, ReissueReason.ERROR, "ghi sai tên đệm", issued_on=date(2024, 7, 1))
    certificates.void(lines[1].id, "Phôi in hỏng")
    pdf = ReadPdf(services.certificate_books.register_book(2024))
    notes = [
        " ".join((row[-1] or "").split())
        for page in range(pdf.page_count)
        for table in pdf.tables(page)
        for row in table[1:]
    ]
    assert "Cấp lại thay số 1/2024 (Sai sót thông tin: ghi sai tên đệm)" in notes
    assert any(re.fullmatch(r"Đã hủy ngày \d\d/\d\d/\d{4}: Phôi in hỏng", note) for note in notes), notes
    assert "Đã được cấp lại bằng số 5/2024" in notes


def test_register_text_is_never_below_nine_points(services, issued) -> None:  # type: ignore[no-untyped-def]
    pdf = services.certificate_books.register_book(2024)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sizes = {round(c["size"], 1) for page in document.pages for c in page.chars if c["text"].strip()}
        text = " ".join((page.extract_text() or "") for page in document.pages)
    assert min(sizes) >= 9.0, sorted(sizes)
    assert "cơ quan huyện" in " ".join(text.split())  # the long class name wrapped, not shrunk away


# -- 11. year-only births on blanks ------------------------------------------------------------------------


def test_year_only_birth_on_a_blank_follows_the_template(services, issued) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.domain.certificate_layout import YearOnlyBirth, birth_on_blank

    _built, lines = issued
    template = replace(services.certificate_printing.active_template(), mode=PrintMode.FIELDS_ONLY)
    assert template.year_only_birth is YearOnlyBirth.DOTTED  # new templates: "…/…/1970"
    pdf = services.certificate_printing.render([lines[0].id], template=template, reprint=True)
    assert re.search(r"…/…/19\d\d", _flat(pdf))
    words = replace(template, year_only_birth=YearOnlyBirth.YEAR_WORD)
    assert re.search(r"năm 19\d\d", _flat(services.certificate_printing.render([lines[0].id], template=words)))
    assert birth_on_blank("05/03/1990", YearOnlyBirth.DOTTED) == "05/03/1990"
    assert birth_on_blank("1990", YearOnlyBirth.YEAR) == "1990"
    # a template stored before the option keeps printing as it did (a reprint is the same certificate)
    stored = json.loads(template.to_json())
    del stored["year_only_birth"]
    assert CertificateTemplate.from_json(json.dumps(stored)).year_only_birth is YearOnlyBirth.YEAR


def test_calibration_page_shows_the_year_only_choice(services) -> None:  # type: ignore[no-untyped-def]
    template = replace(services.certificate_printing.active_template(), mode=PrintMode.FIELDS_ONLY)
    text = _flat(services.certificate_printing.calibration_page(template))
    assert "Người chỉ biết năm sinh: ô Ngày sinh in “…/…/1990”" in text


# -- 12. the calibration page ---------------------------------------------------------------------------


def test_calibration_page_signs_as_the_configured_director(services) -> None:  # type: ignore[no-untyped-def]
    services.settings.save_centre(
        CentreIdentity(
            parent_body="ĐẢNG ỦY XÃ HIỆP THẠNH",
            centre_name="TRUNG TÂM CHÍNH TRỊ XÃ HIỆP THẠNH",
            place_name="Hiệp Thạnh",
            director_name="Lê Quang Đức",
            director_title="GIÁM ĐỐC",
            document_code="TTCT",
        )
    )
    template = replace(services.certificate_printing.active_template(), mode=PrintMode.FIELDS_ONLY)
    text = _flat(services.certificate_printing.calibration_page(template))
    assert "Lê Quang Đức" in text and "Nguyễn Văn Hùng" not in text
    assert "Hiệp Thạnh, ngày 20 tháng 11 năm 2024" in text  # the place and the clock's today
    assert "KT. GIÁM ĐỐC" not in text


@pytest.mark.parametrize("paper", list(PaperSize))
def test_calibration_samples_stay_in_their_boxes_and_labels_cover_none(paper: PaperSize) -> None:
    template = CertificateTemplate("Phôi", "1", paper=paper, mode=PrintMode.FIELDS_ONLY, boxes=default_boxes(paper))
    with pdfplumber.open(io.BytesIO(calibration_page(template))) as document:
        page = document.pages[0]
        boxes = {
            b.key: (b.x_mm * MM, b.y_mm * MM, (b.x_mm + b.width_mm) * MM, (b.y_mm + b.height_mm) * MM)
            for b in template.boxes
        }
        caption = min(page.rects, key=lambda r: r["top"])  # the instructions' framed box, at the top
        black = [c for c in page.chars if c["text"].strip() and c["non_stroking_color"] in ((0,), (0, 0, 0), [0])]
        samples = [c for c in black if c["top"] > caption["bottom"]]
        assert len(samples) > 100
        for char in samples:
            inside = [
                key
                for key, (x0, top, x1, bottom) in boxes.items()
                if x0 - 0.5 <= char["x0"] and char["x1"] <= x1 + 0.5 and top - 0.5 <= char["top"]
                and char["bottom"] <= bottom + 0.5
            ]
            assert inside, (char["text"], char["x0"], char["top"])
        red = [c for c in page.chars if c["text"].strip() and tuple(c["non_stroking_color"])[:2] == (0.8, 0.1)]
        assert len(red) > 50  # the boxes' labels
        for label in red:  # a label never lies on a sample's letters
            for char in samples:
                overlap_x = min(label["x1"], char["x1"]) - max(label["x0"], char["x0"])
                overlap_y = min(label["bottom"], char["bottom"]) - max(label["top"], char["top"])
                assert overlap_x <= 0.3 or overlap_y <= 0.3, (label["text"], char["text"])


@pytest.mark.parametrize("paper", list(PaperSize))
@pytest.mark.parametrize("mode", list(PrintMode))
def test_verification_code_is_at_least_eight_points(services, paper, mode) -> None:  # type: ignore[no-untyped-def]
    template = replace(
        services.certificate_printing.active_template(), paper=paper, mode=mode, boxes=default_boxes(paper)
    )
    face = services.certificate_printing.sample_face()
    pdf = CertificateRenderer(template).render([face])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    code = [w for w in words if w["text"] == face.verify_code]
    assert code and min(w["size"] for w in code) >= 8.0, (paper, mode, code)
