"""Renders every document kind the program knows, for ``self-test``, from a small sample class."""

from __future__ import annotations

from collections.abc import Iterator

from trungtam_desktop.documents.pdf_info import page_count
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
            assert data.startswith(b"%PDF-") and page_count(data) >= 1, f"tài liệu “{name}” không đọc được"
            yield name, len(data)
