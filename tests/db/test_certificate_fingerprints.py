"""The first printing keeps each certificate's page fingerprint from that printing itself (one rendering
per certificate), and reprints are byte-identical to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from reportlab.pdfgen.canvas import Canvas

from tests.classwork_builder import build_class
from tests.db.classwork_support import sql
from trungtam_desktop.domain.certificate_layout import PrintMode
from trungtam_desktop.services.certificates import page_fingerprint

ISSUED_ON = date(2024, 6, 20)  # after the class built below ends (10/6 to 12/6)


@pytest.fixture
def pages_drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many PDF pages ReportLab has drawn since the fixture started (one item per page)."""
    drawn: list[int] = []
    real = Canvas.showPage

    def counting(canvas: Canvas) -> None:
        drawn.append(1)
        real(canvas)

    monkeypatch.setattr(Canvas, "showPage", counting)
    return drawn


def _issued(services, opened, learners: int):  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-21", learners=learners, sessions=6)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
    issued = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    return [line.id for line in sorted(issued, key=lambda line: line.number)]


def _fingerprints(opened) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return dict(sql(opened, "SELECT id, pdf_sha256 FROM certificate"))


def test_first_printing_renders_each_certificate_once_and_reprints_are_identical(
    services, opened, pages_drawn
) -> None:  # type: ignore[no-untyped-def]
    ids = _issued(services, opened, learners=7)
    assert set(_fingerprints(opened).values()) == {""}  # nothing printed yet
    first = services.certificates.render(ids)
    assert len(pages_drawn) == len(ids)  # the printing itself, no second rendering to hash
    kept = _fingerprints(opened)
    assert "" not in kept.values() and len(set(kept.values())) == len(ids)
    # Reprinting the whole class gives the very same bytes; each certificate reprinted alone, or in
    # another order, still matches the fingerprint kept at the first printing.
    assert services.certificates.render(ids, reprint=True) == first
    assert services.certificates.render(ids[::-1], reprint=True) != first
    assert all(services.certificates.reprint_matches(cid) for cid in ids)
    assert _fingerprints(opened) == kept  # a reprint never rewrites them
    template = services.certificates.active_template()
    for cid in ids:
        assert page_fingerprint(services.certificates.face(cid), template) == kept[cid]


def test_a_first_printing_onto_blanks_keeps_the_fingerprint_of_the_issued_layout(
    services, opened, pages_drawn
) -> None:  # type: ignore[no-untyped-def]
    ids = _issued(services, opened, learners=3)
    blanks = replace(services.certificates.active_template(), mode=PrintMode.FIELDS_ONLY)
    services.certificates.render(ids, template=blanks)
    assert len(pages_drawn) == 2 * len(ids)  # the fields on blanks, then the issued layout to fingerprint
    kept = _fingerprints(opened)
    assert all(services.certificates.reprint_matches(cid) for cid in ids)
    services.certificates.render(ids)  # the whole layout later: fingerprints already kept, unchanged
    assert _fingerprints(opened) == kept


def test_a_changed_face_no_longer_matches(services, opened) -> None:  # type: ignore[no-untyped-def]
    ids = _issued(services, opened, learners=2)
    services.certificates.render(ids)
    sql(
        opened,
        "UPDATE certificate SET snapshot = replace(snapshot, 'Chi bộ thôn 3', 'Chi bộ thôn 4') WHERE id = ?",
        ids[0],
    )
    assert not services.certificates.reprint_matches(ids[0])
    assert services.certificates.reprint_matches(ids[1])
