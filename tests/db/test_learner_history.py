"""A learner's history: every class attended, newest first, with its outcome and certificate."""

from __future__ import annotations

from datetime import date

from tests.db.classwork_support import make_class, make_learner, sql
from trungtam_desktop.domain.enums import ClassStatus, EnrolmentStatus, Grade


def test_history_shows_each_class_with_its_state_and_result(services, opened) -> None:  # type: ignore[no-untyped-def]
    learner = make_learner(services, "Nguyễn Thị Mỵ")
    old = make_class(services, "K-2023", date(2023, 5, 8), date(2023, 5, 12))
    left = make_class(services, "K-2024A", date(2024, 3, 4), date(2024, 3, 8))
    running = make_class(services, "K-2024B", date(2024, 11, 18), date(2024, 11, 22))
    for class_id in (old, left, running):
        services.enrolment.enrol(class_id, [learner])
    (withdrawn,) = [e for e in services.enrolment.roster(left)]
    services.enrolment.withdraw(withdrawn.enrolment_id, date(2024, 3, 6), "Đi công tác")
    sql(opened, "UPDATE enrolment SET final_score = 8.4, grade = 'gioi' WHERE class_id = ?", old)
    services.classes.set_status(old, ClassStatus.FINISHED)
    services.classes.set_status(left, ClassStatus.FINISHED)

    history = {h.class_code: h for h in services.learners.history(learner)}
    assert set(history) == {"K-2023", "K-2024A", "K-2024B"}
    assert history["K-2023"].status_text == "Đã học hết khóa"
    assert history["K-2023"].final_score == 8.4 and history["K-2023"].grade is Grade.VERY_GOOD
    assert history["K-2024A"].status is EnrolmentStatus.WITHDRAWN
    assert history["K-2024A"].status_text == "Thôi học"
    assert history["K-2024B"].status_text == "Đang học" and history["K-2024B"].final_score is None


def test_history_shows_the_latest_certificate_and_whether_it_was_voided(services, opened) -> None:  # type: ignore[no-untyped-def]
    from tests.classwork_builder import build_class

    built = build_class(opened.database, code="GCN-1", learners=1, sessions=1)
    services.attendance.mark_session_present(built.class_id, built.session_ids[0])
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(built.enrolment_ids[0], component): 8.0})
    (line,) = services.certificates.issue(
        built.class_id, list(built.enrolment_ids), issued_on=date(2024, 6, 20)
    )
    (entry,) = services.learners.history(line.learner_id)
    assert entry.certificate == "1/2024"
    services.certificates.void(line.id, "Ghi sai ngày sinh")
    (entry,) = services.learners.history(line.learner_id)
    assert entry.certificate == "1/2024 (đã hủy)"
