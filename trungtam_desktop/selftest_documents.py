"""Renders every document kind the program knows, for ``self-test``, from a small sample class."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from trungtam_desktop.documents.pdf_info import page_count
from trungtam_desktop.domain.certificate_layout import PrintMode
from trungtam_desktop.services.printing import ClassDocument, document_title
from trungtam_desktop.services.sample_class import SampleClassService

SAMPLE_CODE = "TU-KIEM-TRA-01"


def render_all_documents(services) -> Iterator[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Yields (Vietnamese document name, PDF size in bytes) for each document kind.

    The sample class (learners, timetable, attendance, scores) is written into the self-test's temporary
    database first. Raises AssertionError when a document is not a readable PDF.
    """
    sample = SampleClassService(services.context).create_sample_class(SAMPLE_CODE)
    for kind in ClassDocument:
        for blank in (True, False) if kind is ClassDocument.ATTENDANCE else (False,):
            data = services.class_documents.render(kind, sample.class_id, blank=blank)
            name = document_title(kind, blank=blank)
            yield name, _checked(name, data)
    yield from _certificate_documents(services, sample.class_id)


def _checked(name: str, data: bytes) -> int:
    assert data.startswith(b"%PDF-") and page_count(data) >= 1, f"tài liệu “{name}” không đọc được"
    return len(data)


def _certificate_documents(services, class_id: int) -> Iterator[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Issue the sample class's certificates, then print them whole (with QR codes), onto blanks, the
    calibration page and the register book; a reprint must give the bytes of the first printing."""
    certificates, printing = services.certificates, services.certificate_printing
    plan = certificates.plan(class_id)
    assert plan.to_issue, "lớp mẫu không có học viên đủ điều kiện cấp giấy chứng nhận"
    # The issuing rules hold here as for the clerk: the sample class has ended and is fully marked, and
    # its certificates are dated its last day (domain/issuing.py). A refusal stops the self-test.
    issued = certificates.issue(
        class_id,
        [c.enrolment_id for c in plan.to_issue],
        issued_on=plan.readiness.class_end,
        serial_start="TK 000001",
    )
    ids = [line.id for line in sorted(issued, key=lambda line: line.number)]
    whole = printing.render(ids)
    yield "Giấy chứng nhận (in toàn bộ, có mã QR)", _checked("Giấy chứng nhận", whole)
    assert printing.render(ids, reprint=True) == whole, "in lại giấy chứng nhận không giống lần in đầu"
    assert printing.reprint_matches(ids[0]), "mã SHA-256 của giấy chứng nhận không khớp khi in lại"
    template = replace(printing.active_template(), mode=PrintMode.FIELDS_ONLY)
    yield (
        "Giấy chứng nhận (chỉ phần điền vào phôi)",
        _checked("phần điền", printing.render(ids, template=template)),
    )
    yield "Trang căn chỉnh máy in", _checked("Trang căn chỉnh", printing.calibration_page(template))
    book = services.certificate_books.register_book(plan.readiness.class_end.year)
    yield "Sổ cấp giấy chứng nhận", _checked("Sổ cấp giấy chứng nhận", book)
