"""The first printing keeps each certificate's page fingerprint from that printing itself (one rendering
per certificate), and reprints are byte-identical to it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from reportlab.pdfgen.canvas import Canvas

from tests.classwork_builder import build_class
from tests.db.classwork_support import sql
from trungtam_desktop.domain.certificate_layout import PrintMode
from trungtam_desktop.domain.errors import ConflictError
from trungtam_desktop.services.certificate_printing import page_fingerprint

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
    first = services.certificate_printing.render(ids)
    assert len(pages_drawn) == len(ids)  # the printing itself, no second rendering to hash
    kept = _fingerprints(opened)
    assert "" not in kept.values() and len(set(kept.values())) == len(ids)
    # Reprinting the whole class gives the very same bytes; each certificate reprinted alone, or in
    # another order, still matches the fingerprint kept at the first printing.
    assert services.certificate_printing.render(ids, reprint=True) == first
    assert services.certificate_printing.render(ids[::-1], reprint=True) != first
    assert all(services.certificate_printing.reprint_matches(cid) for cid in ids)
    assert _fingerprints(opened) == kept  # a reprint never rewrites them
    template = services.certificate_printing.active_template()
    for cid in ids:
        assert page_fingerprint(services.certificate_books.face(cid), template) == kept[cid]


def test_a_first_printing_onto_blanks_keeps_the_fingerprint_of_the_issued_layout(
    services, opened, pages_drawn
) -> None:  # type: ignore[no-untyped-def]
    ids = _issued(services, opened, learners=3)
    blanks = replace(services.certificate_printing.active_template(), mode=PrintMode.FIELDS_ONLY)
    services.certificate_printing.render(ids, template=blanks)
    assert len(pages_drawn) == 2 * len(ids)  # the fields on blanks, then the issued layout to fingerprint
    kept = _fingerprints(opened)
    assert all(services.certificate_printing.reprint_matches(cid) for cid in ids)
    services.certificate_printing.render(ids)  # the whole layout later: fingerprints already kept, unchanged
    assert _fingerprints(opened) == kept


def test_a_changed_face_no_longer_matches(services, opened) -> None:  # type: ignore[no-untyped-def]
    ids = _issued(services, opened, learners=2)
    services.certificate_printing.render(ids)
    sql(
        opened,
        "UPDATE certificate SET snapshot = replace(snapshot, 'Chi bộ thôn 3', 'Chi bộ thôn 4') WHERE id = ?",
        ids[0],
    )
    assert not services.certificate_printing.reprint_matches(ids[0])
    assert services.certificate_printing.reprint_matches(ids[1])


@pytest.fixture
def write_lock_while_rendering(monkeypatch: pytest.MonkeyPatch, data_paths):  # type: ignore[no-untyped-def]
    """For each certificate rendering: could another program take the database's write lock meanwhile?
    (The real renderer runs; a second connection tries BEGIN IMMEDIATE without waiting.)"""
    from trungtam_desktop.documents.certificate import CertificateRenderer

    free: list[bool] = []
    during: list = []  # callables run while the first rendering is under way (another writer's act)
    real = CertificateRenderer.render_pages

    def probing(renderer, faces):  # type: ignore[no-untyped-def]
        conn = sqlite3.connect(data_paths.database, timeout=0)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
            free.append(True)
        except sqlite3.OperationalError:  # "database is locked": a write transaction is open
            free.append(False)
        finally:
            conn.close()
        while during:
            during.pop(0)()
        return real(renderer, faces)

    monkeypatch.setattr(CertificateRenderer, "render_pages", probing)
    return free, during


def test_certificates_are_rendered_with_no_write_transaction_open(
    services, opened, write_lock_while_rendering
) -> None:  # type: ignore[no-untyped-def]
    free, _during = write_lock_while_rendering
    ids = _issued(services, opened, learners=3)
    blanks = replace(services.certificate_printing.active_template(), mode=PrintMode.FIELDS_ONLY)
    services.certificate_printing.render(ids[:1], template=blanks)  # first printing: two renderings
    services.certificate_printing.render(ids)
    services.certificate_printing.render(ids, reprint=True)
    assert len(free) == 4 and all(free)
    assert "" not in _fingerprints(opened).values()  # the short write after the rendering kept them
    assert sql(opened, "SELECT reprint_count FROM certificate ORDER BY id") == [(1,), (1,), (1,)]


def test_a_certificate_voided_while_the_pdf_is_made_is_not_handed_out(
    services, opened, write_lock_while_rendering
) -> None:  # type: ignore[no-untyped-def]
    _free, during = write_lock_while_rendering
    ids = _issued(services, opened, learners=2)
    during.append(lambda: services.certificates.void(ids[1], "Phôi in hỏng"))
    with pytest.raises(ConflictError, match="đã hủy, không in lại được"):
        services.certificate_printing.render(ids, reprint=True)
    # Nothing of the refused printing was written: no reprint counted, no fingerprint kept.
    assert sql(opened, "SELECT reprint_count, pdf_sha256 FROM certificate ORDER BY id") == [(0, ""), (0, "")]
