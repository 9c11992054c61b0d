"""The certificate service: plan, gap-free numbering, overrides, snapshots, reprint, re-issue, void, lookup."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from tests.classwork_builder import build_class
from tests.db.classwork_support import count, sql
from trungtam_desktop.db.engine import Database
from trungtam_desktop.domain.certificates import ReissueReason
from trungtam_desktop.domain.enums import CertificateStatus, Gender
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.services import certificate_faces as certificates_module  # builds each face
from trungtam_desktop.services.base import ServiceContext
from trungtam_desktop.services.bundle import Services

ISSUED_ON = date(2024, 6, 20)


def _graded_class(services, opened, code: str = "NTVD-2024-09", learners: int = 4, scores=None):  # type: ignore[no-untyped-def]
    """A class whose learners all attended; ``scores[i]`` is learner i's essay score (None: not marked)."""
    built = build_class(opened.database, code=code, learners=learners, sessions=4)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    values = scores if scores is not None else [8.5] * learners
    changes = {(e, component): v for e, v in zip(built.enrolment_ids, values, strict=True) if v is not None}
    if changes:
        services.results.set_scores(built.class_id, changes)
    return built


def test_plan_says_who_gets_one_and_why_not(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _graded_class(services, opened, scores=[8.5, 4.0, None, 9.2])
    plan = services.certificates.plan(built.class_id, ISSUED_ON)
    assert plan.next_number == 1 and plan.year == 2024 and plan.kind_label == "Giấy chứng nhận"
    by_name = {c.full_name: c for c in plan.candidates}
    assert {c.full_name for c in plan.to_issue} == {built.names[0], built.names[3]}
    assert by_name[built.names[0]].grade == "Giỏi" and by_name[built.names[3]].grade == "Xuất sắc"
    assert "Không đạt" in by_name[built.names[1]].why_not or "điểm" in by_name[built.names[1]].why_not
    assert by_name[built.names[2]].why_not  # no score yet: a reason is given


def test_issue_numbers_gap_free_across_classes_and_writes_snapshots(services, opened) -> None:  # type: ignore[no-untyped-def]
    first = _graded_class(services, opened, "K-A", learners=3)
    second = _graded_class(services, opened, "K-B", learners=2)
    issued = services.certificates.issue(first.class_id, list(first.enrolment_ids), issued_on=ISSUED_ON)
    assert [c.register_number for c in sorted(issued, key=lambda c: c.number)] == [
        "1/2024",
        "2/2024",
        "3/2024",
    ]
    more = services.certificates.issue(
        second.class_id, list(second.enrolment_ids), issued_on=ISSUED_ON, serial_start="AA 000099"
    )
    assert sorted((c.number, c.serial) for c in more) == [(4, "AA 000099"), (5, "AA 000100")]
    face = services.certificate_books.face(more[0].id)
    assert face.register_number == f"{more[0].number}/2024" and face.document_number.startswith("Số ")
    assert face.certifier.endswith("CHỨNG NHẬN") and face.grade == "Giỏi"
    assert face.place_date.endswith("ngày 20 tháng 06 năm 2024")
    assert count(opened, "audit_log", "entity = 'certificate' AND action = 'issue'") == 5
    # The same learner cannot get a second certificate of the class.
    with pytest.raises(ConflictError, match="Cấp lại"):
        services.certificates.issue(first.class_id, [first.enrolment_ids[0]], issued_on=ISSUED_ON)
    assert services.certificates.plan(first.class_id, ISSUED_ON).to_issue == ()


def test_ineligible_learner_needs_an_override_reason(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _graded_class(services, opened, learners=2, scores=[8.0, 3.0])
    failing = built.enrolment_ids[1]
    with pytest.raises(ConflictError, match="ghi lý do"):
        services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    with pytest.raises(ValidationError, match="lý do"):
        services.certificates.issue(built.class_id, [failing], issued_on=ISSUED_ON, overrides={failing: " "})
    assert count(opened, "certificate") == 0  # nothing half-written
    (line,) = services.certificates.issue(
        built.class_id, [failing], issued_on=ISSUED_ON, overrides={failing: "Hội đồng xét đặc cách"}
    )
    assert line.reason == "Hội đồng xét đặc cách"
    (summary,) = sql(opened, "SELECT summary FROM audit_log WHERE action = 'issue'")
    assert "lý do: Hội đồng xét đặc cách" in summary[0]


def test_a_failure_in_the_middle_of_a_batch_writes_nothing(services, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = _graded_class(services, opened, learners=5)
    real = certificates_module.verification_code
    calls = []

    def failing(key, fields):  # type: ignore[no-untyped-def]
        calls.append(fields.full_name)
        if len(calls) == 3:
            raise OSError("mất điện giả lập")
        return real(key, fields)

    monkeypatch.setattr(certificates_module, "verification_code", failing)
    with pytest.raises(OSError):
        services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    assert len(calls) == 3
    assert count(opened, "certificate") == 0 and count(opened, "audit_log", "entity = 'certificate'") == 0
    monkeypatch.setattr(certificates_module, "verification_code", real)
    issued = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    assert sorted(c.number for c in issued) == [1, 2, 3, 4, 5]


def test_two_programs_issuing_at_once_never_share_a_number(services, opened) -> None:  # type: ignore[no-untyped-def]
    classes = [_graded_class(services, opened, f"K-{i}", learners=6) for i in range(2)]
    other = Services.create(ServiceContext(Database(opened.paths.database)))
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def issue(bundle: Services, built) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait()
            for enrolment_id in built.enrolment_ids:  # one at a time: the two writers interleave
                bundle.certificates.issue(built.class_id, [enrolment_id], issued_on=ISSUED_ON)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=issue, args=(bundle, built))
        for bundle, built in ((services, classes[0]), (other, classes[1]))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(n for (n,) in sql(opened, "SELECT number FROM certificate"))
    assert numbers == list(range(1, 13))


def test_reprint_is_identical_after_the_learner_changes(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _graded_class(services, opened, learners=1)
    (line,) = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    assert not services.certificate_printing.reprint_matches(line.id)  # never printed: no PDF to compare yet
    before = services.certificate_printing.render([line.id])
    learner = services.learners.get(line.learner_id)
    services.learners.update(
        Learner(
            **{**learner.__dict__, "full_name": "Trần Văn Khác", "unit": "Đơn vị mới", "gender": Gender.MALE}
        )
    )
    after = services.certificate_printing.render([line.id], reprint=True)
    assert after == before
    assert services.certificate_books.face(line.id).full_name == built.names[0]
    assert services.certificate_printing.reprint_matches(line.id)
    (again,) = services.certificate_books.list(class_id=built.class_id)
    assert again.reprint_count == 1 and again.status_text == "Đã cấp · in lại 1 lần"
    assert again.full_name == "Trần Văn Khác"  # the list shows the current record; the face is frozen


def test_reissue_takes_a_new_number_and_current_data(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _graded_class(services, opened, learners=2)
    issued = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    old = next(c for c in issued if c.number == 1)
    learner = services.learners.get(old.learner_id)
    services.learners.update(
        Learner(**{**learner.__dict__, "full_name": "Nguyễn Thị Sửa Tên", "gender": Gender.FEMALE})
    )
    services.context.today = lambda: date(2025, 1, 10)  # re-issued in the next year: a new register
    with pytest.raises(ValidationError, match="lý do cấp lại"):
        services.certificates.reissue(old.id, ReissueReason.ERROR, " ", issued_on=date(2025, 1, 5))
    new = services.certificates.reissue(
        old.id, ReissueReason.ERROR, "ghi sai tên", issued_on=date(2025, 1, 5)
    )
    assert new.register_number == "1/2025" and new.replaces == "1/2024"
    face = services.certificate_books.face(new.id)
    assert (
        face.full_name == "Nguyễn Thị Sửa Tên" and face.note == "Cấp lại, thay thế giấy chứng nhận số 1/2024"
    )
    lines = {c.id: c for c in services.certificate_books.list(class_id=built.class_id)}
    assert lines[old.id].status is CertificateStatus.REPLACED
    assert lines[old.id].status_text == "Đã được cấp lại bằng số 1/2025"
    assert lines[new.id].status_text.startswith("Đã cấp lại (thay số 1/2024)")
    with pytest.raises(ConflictError, match="không in lại được"):
        services.certificate_printing.render([old.id], reprint=True)
    with pytest.raises(ConflictError, match="đã được cấp lại rồi"):
        services.certificates.reissue(old.id, ReissueReason.LOST, "", issued_on=date(2025, 1, 6))


def test_void_needs_a_reason_and_blocks_reissue_and_reprint(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _graded_class(services, opened, learners=1)
    (line,) = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    with pytest.raises(ValidationError, match="lý do hủy"):
        services.certificates.void(line.id, "  ")
    voided = services.certificates.void(line.id, "In hỏng phôi")
    assert voided.status is CertificateStatus.VOID and voided.status_text == "Đã hủy (In hỏng phôi)"
    with pytest.raises(ConflictError, match="đã hủy"):
        services.certificates.reissue(line.id, ReissueReason.LOST, "", issued_on=ISSUED_ON)
    with pytest.raises(ConflictError, match="không in lại được"):
        services.certificate_printing.render([line.id])
    with pytest.raises(ConflictError, match="đã hủy từ trước"):
        services.certificates.void(line.id, "Lần nữa")
    assert count(opened, "certificate") == 1  # nothing is ever deleted


def test_lookup_by_code_number_name_and_qr(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _graded_class(services, opened, learners=2)
    issued = services.certificates.issue(built.class_id, list(built.enrolment_ids), issued_on=ISSUED_ON)
    line = issued[0]
    face = services.certificate_books.face(line.id)
    ok = services.certificate_books.verify(line.verify_code.lower().replace("-", ""))
    assert ok.genuine and ok.certificate.id == line.id and "còn hiệu lực" in ok.message
    assert services.certificate_books.verify(face.qr_text).genuine
    forged = face.qr_text.replace(face.full_name, "Người Khác")
    result = services.certificate_books.verify(forged)
    assert not result.genuine and "khác với sổ cấp" in result.message
    assert "Không có giấy" in services.certificate_books.verify("AAAAA-BBBBB").message
    assert "Không đọc được" in services.certificate_books.verify("xin chào").message
    assert [c.id for c in services.certificate_books.list(search=line.register_number)] == [line.id]
    assert {c.id for c in services.certificate_books.list(search=built.names[0].split()[-1].lower())} >= {
        c.id for c in issued if c.full_name == built.names[0]
    }
    services.certificates.void(line.id, "Ghi sai ngày sinh")
    assert "đã bị hủy" in services.certificate_books.verify(line.verify_code).message


def test_programme_without_certificate_is_refused(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="HN-1", programme_code="HNQT", learners=1, sessions=1)
    with pytest.raises(ConflictError, match="không cấp giấy chứng nhận"):
        services.certificates.plan(built.class_id)
