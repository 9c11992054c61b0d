"""The demo's certificates follow the issuing rules, and its lecturers teach near their quotas."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.db.test_demo import TODAY, Seeded, _seed
from trungtam_desktop.domain.certificates import parse_qr
from trungtam_desktop.domain.enums import CertificateKind
from trungtam_desktop.domain.reports import Period
from trungtam_desktop.services.demo_certificates import WAITING_DAYS


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[Seeded]:
    seeded = _seed(tmp_path_factory.mktemp("demo-certificates"), migrated_template)
    yield seeded
    seeded.opened.close()


def test_finished_classes_that_give_certificates_have_them(demo: Seeded) -> None:
    assert demo.summary["Giấy chứng nhận"] == demo.value("SELECT count(*) FROM certificate") > 1_000
    waiting_since = (date.fromisoformat(TODAY) - timedelta(days=WAITING_DAYS)).isoformat()
    rows = demo.query(
        """SELECT c.id, c.end_date, p.certificate_kind, count(cert.id) FROM training_class c
           JOIN programme p ON p.id = c.programme_id
           LEFT JOIN enrolment e ON e.class_id = c.id LEFT JOIN certificate cert ON cert.enrolment_id = e.id
           GROUP BY c.id"""
    )
    for _class_id, end, kind, certificates in rows:
        if kind == "khong" or end >= waiting_since:  # no certificate, or still waiting for the clerk
            assert certificates == 0
        else:
            assert certificates > 0
    assert any(kind != "khong" and TODAY > end >= waiting_since for _, end, kind, _ in rows)  # left to do
    # Issued from the class's last day to a few days later, never after today, never for a withdrawn place.
    assert (
        demo.value(
            """SELECT count(*) FROM certificate cert JOIN enrolment e ON e.id = cert.enrolment_id
               JOIN training_class c ON c.id = e.class_id
               WHERE cert.issued_on < c.end_date OR cert.issued_on > ? OR c.end_date >= ?
                  OR c.status NOT IN ('da_ket_thuc', 'da_dong') OR e.status = 'thoi_hoc'""",
            TODAY,
            TODAY,
        )
        == 0
    )
    # Every buổi of a certified class is marked for every learner of it who was there.
    assert (
        demo.value(
            """SELECT count(*) FROM enrolment e JOIN class_session s ON s.class_id = e.class_id
               LEFT JOIN attendance a ON a.enrolment_id = e.id AND a.session_id = s.id
               WHERE a.status IS NULL AND s.date >= e.enrolled_on
                 AND (e.withdrawn_on IS NULL OR s.date <= e.withdrawn_on)
                 AND e.class_id IN (SELECT e2.class_id FROM certificate c2
                                    JOIN enrolment e2 ON e2.id = c2.enrolment_id)"""
        )
        == 0
    )


def test_only_eligible_learners_and_everyone_eligible(demo: Seeded) -> None:
    """The service's own plan agrees: every holder is eligible, every eligible learner holds one (or had
    one, voided)."""
    services = demo.opened.services
    class_ids = [cid for (cid,) in demo.query(
        "SELECT DISTINCT e.class_id FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id"
    )]  # fmt: skip
    assert len(class_ids) > 20
    for class_id in class_ids:
        holders = {eid for (eid,) in demo.query(
            "SELECT c.enrolment_id FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id "
            "WHERE e.class_id = ?", class_id,
        )}  # fmt: skip
        plan = services.certificates.plan(class_id, date.fromisoformat(TODAY))
        eligible = {c.enrolment_id for c in plan.candidates if c.eligible}
        assert holders == eligible, class_id
        voided = {eid for (eid,) in demo.query(
            "SELECT c.enrolment_id FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id "
            "WHERE e.class_id = ? AND c.status = 'da_huy'", class_id,
        )}  # fmt: skip
        assert {c.enrolment_id for c in plan.to_issue} == voided  # a voided one may be issued again


def test_numbers_are_gap_free_and_in_the_order_of_issue(demo: Seeded) -> None:
    registers = demo.query("SELECT id, year, kind FROM certificate_register")
    assert {kind for _, _, kind in registers} == {"giay_chung_nhan", "bang_so_cap"}
    for register_id, year, _kind in registers:
        rows = demo.query(
            "SELECT number, issued_on FROM certificate WHERE register_id = ? ORDER BY number", register_id
        )
        assert [n for n, _ in rows] == list(range(1, len(rows) + 1))
        dates = [d for _, d in rows]
        assert dates == sorted(dates) and all(d.startswith(str(year)) for d in dates)
    serials = [s for (s,) in demo.query("SELECT serial FROM certificate")]
    assert len(set(serials)) == len(serials) and all(s[:3] in ("AA ", "SC ") for s in serials)


def test_a_few_reissues_and_voids_with_reasons_in_the_register_and_the_audit(demo: Seeded) -> None:
    reissues = demo.query(
        """SELECT new.reissue_reason, new.issued_on, old.issued_on, old.status, new.snapshot
           FROM certificate new JOIN certificate old ON old.id = new.replaces_id"""
    )
    voids = demo.query("SELECT void_reason FROM certificate WHERE status = 'da_huy'")
    assert 2 <= len(reissues) <= 40 and 2 <= len(voids) <= 40
    for reason, issued_on, old_issued_on, old_status, snapshot in reissues:
        assert reason.split(":")[0] in ("Sai sót thông tin", "Bị mất", "Bị hư hỏng")
        assert old_issued_on < issued_on < TODAY and old_status == "da_cap_lai"
        assert "Cấp lại, thay thế giấy chứng nhận số" in snapshot
    assert all(len(reason) > 10 for (reason,) in voids)
    actions = dict(
        demo.query("SELECT action, count(*) FROM audit_log WHERE entity = 'certificate' GROUP BY 1")
    )
    assert actions == {"reissue": len(reissues), "update": len(reissues), "void": len(voids)}
    year = int(TODAY[:4])
    counts = demo.opened.services.reports.period_report(year, Period.YEAR).certificates
    assert counts.reissued == len(reissues) and counts.voided == len(voids)
    assert counts.issued == demo.value("SELECT count(*) FROM certificate WHERE replaces_id IS NULL")


def test_the_register_book_and_the_lookup_have_content(demo: Seeded) -> None:
    services = demo.opened.services
    year = int(TODAY[:4])
    lines = [line for kind in CertificateKind if kind is not CertificateKind.NONE
             for line in services.certificate_books.register_lines(year, kind)]  # fmt: skip
    assert len(lines) == demo.summary["Giấy chứng nhận"]
    notes = [line.note for line in lines]
    assert any(n.startswith("Cấp lại thay số") for n in notes) and any(n.startswith("Đã hủy") for n in notes)
    assert any(n.startswith("Đã được cấp lại") for n in notes)
    # The book of one month of the year, printed (the whole year's is the register book's benchmark).
    month = min(line.issued_on for line in lines).replace(day=1)
    pdf = services.certificate_books.register_book(year, start=month, end=month + timedelta(days=30))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "SỔ CẤP GIẤY CHỨNG NHẬN" in text and lines[0].full_name in text
    # The lookup finds a certificate by its QR text, and says when one was voided.
    snapshot = demo.value("SELECT snapshot FROM certificate WHERE status = 'da_cap' LIMIT 1")
    qr = json.loads(str(snapshot))["qr_text"]
    assert parse_qr(qr) is not None
    found = services.certificate_books.verify(qr)
    assert found.genuine and "còn hiệu lực" in found.message
    void_code = demo.value("SELECT verify_code FROM certificate WHERE status = 'da_huy' LIMIT 1")
    voided = services.certificate_books.verify(str(void_code))
    assert not voided.genuine and "đã bị hủy" in voided.message


def test_staff_with_a_quota_teach_near_it(demo: Seeded) -> None:
    report = demo.opened.services.reports.period_report(int(TODAY[:4]), Period.YEAR)
    shares = [line.quota_percent for line in report.lecturers if line.quota and line.tiet_ytd]
    assert len(shares) >= 5  # the director, two deputies and the full-time lecturers
    assert all(60 <= share <= 170 for share in shares), shares  # type: ignore[operator]
