"""The issuing rules hold in the service, whoever calls it: the issue date lies from the class's last day to
today (the injected clock), and a class that has not ended or has buổi not marked needs a logged override."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.classwork_builder import build_class
from tests.db.classwork_support import count, sql
from trungtam_desktop.domain.certificates import ReissueReason
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.issuing import check_issue_date, class_readiness

TODAY = date(2024, 11, 20)  # tests/conftest.py FIXED_TODAY
START = date(2024, 11, 11)  # ten buổi: 11/11 to 15/11/2024, like NTVD-2024-14 in issue 13
END = date(2024, 11, 15)


def _class(services, opened, *, marked: int | None = None, code: str = "NTVD-2024-14", start=START):  # type: ignore[no-untyped-def]
    """A scored class of three learners with its first ``marked`` buổi (all by default) marked present."""
    built = build_class(opened.database, code=code, learners=3, sessions=10, start=start)
    for session_id in built.session_ids[:marked]:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
    return built


def _issue(services, built, **kwargs):  # type: ignore[no-untyped-def]
    return services.certificates.issue(built.class_id, list(built.enrolment_ids), **kwargs)


@pytest.mark.parametrize(
    ("issued_on", "words"),
    [
        (date(2030, 11, 15), "không được sau hôm nay (20/11/2024)"),
        (date(2024, 11, 21), "không được sau hôm nay"),
        (date(2024, 11, 10), "không được trước ngày kết thúc lớp (15/11/2024)"),
        (date(2024, 11, 14), "không được trước ngày kết thúc lớp"),
    ],
)
def test_an_impossible_issue_date_is_refused_and_nothing_written(services, opened, issued_on, words) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened)
    audit_before = count(opened, "audit_log")
    with pytest.raises(ValidationError, match=re.escape(words)) as error:
        _issue(services, built, issued_on=issued_on)
    assert error.value.field == "issued_on"
    assert count(opened, "certificate") == 0 and count(opened, "certificate_register") == 0
    assert count(opened, "audit_log") == audit_before


@pytest.mark.parametrize("issued_on", [END, date(2024, 11, 18), TODAY])
def test_dates_from_the_last_day_to_today_are_accepted(services, opened, issued_on) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened)
    issued = _issue(services, built, issued_on=issued_on)
    assert [c.register_number for c in sorted(issued, key=lambda c: c.number)] == [
        "1/2024",
        "2/2024",
        "3/2024",
    ]
    assert {c.issued_on for c in issued} == {issued_on}


def test_the_clock_is_the_injected_one(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened)
    services.context.today = lambda: date(2024, 11, 16)
    with pytest.raises(ValidationError, match="hôm nay \\(16/11/2024\\)"):
        _issue(services, built, issued_on=date(2024, 11, 18))


def test_a_class_with_unmarked_buoi_needs_a_logged_override(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened, marked=4)  # 6 of 10 buổi not marked
    plan = services.certificates.plan(built.class_id)
    assert not plan.readiness.ready
    assert "Còn 6/10 buổi chưa điểm danh đủ" in plan.readiness.text
    with pytest.raises(ConflictError, match=r"chưa sẵn sàng.*6/10 buổi.*ghi lý do"):
        _issue(services, built, issued_on=END)
    with pytest.raises(ValidationError, match="lý do"):
        _issue(services, built, issued_on=END, not_ready_reason=" x ")
    assert count(opened, "certificate") == 0
    issued = _issue(services, built, issued_on=END, not_ready_reason="Sổ điểm danh giấy đã ký đủ, nhập sau")
    assert len(issued) == 3
    (logged,) = sql(
        opened, "SELECT summary, changes FROM audit_log WHERE entity = 'class' AND action = 'issue'"
    )
    assert "khi lớp chưa sẵn sàng" in logged[0] and "Sổ điểm danh giấy đã ký đủ" in logged[0]
    assert "6/10" in logged[1]
    reasons = {row[0] for row in sql(opened, "SELECT override_reason FROM certificate")}
    assert reasons == {"lớp chưa sẵn sàng: Sổ điểm danh giấy đã ký đủ, nhập sau"}
    summaries = [row[0] for row in sql(opened, "SELECT summary FROM audit_log WHERE entity = 'certificate'")]
    assert all("lớp chưa sẵn sàng" in s for s in summaries) and len(summaries) == 3


def test_a_class_not_ended_is_refused_and_in_advance_only_dated_its_last_day(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened, code="NTVD-2024-15", start=date(2024, 11, 18))  # 18/11 to 22/11
    class_end = services.classes.get(built.class_id).end_date
    assert class_end == date(2024, 11, 22)
    plan = services.certificates.plan(built.class_id)
    assert plan.readiness.problems[0] == "Lớp chưa kết thúc (học đến ngày 22/11/2024)."
    with pytest.raises(ConflictError, match="chưa kết thúc"):
        _issue(services, built, issued_on=TODAY)
    reason = "In trước cho lễ bế giảng"
    with pytest.raises(ValidationError, match="trước ngày kết thúc lớp"):
        _issue(services, built, issued_on=TODAY, not_ready_reason=reason)
    with pytest.raises(ValidationError, match="không được sau ngày kết thúc lớp \\(22/11/2024\\)"):
        _issue(services, built, issued_on=date(2024, 11, 23), not_ready_reason=reason)
    issued = _issue(services, built, issued_on=class_end, not_ready_reason=reason)
    assert {c.issued_on for c in issued} == {class_end}


def test_a_class_without_a_timetable_is_not_ready() -> None:
    readiness = class_readiness(END, TODAY, 0, ())
    assert readiness.problems == ("Lớp chưa có lịch học nên chưa điểm danh được buổi nào.",)
    assert class_readiness(END, TODAY, 10, ()).ready
    assert check_issue_date(END, END, TODAY) == END


def test_a_withdrawn_learner_or_a_late_joiner_does_not_leave_buoi_unmarked(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(
        opened.database,
        code="NTVD-2024-16",
        learners=3,
        sessions=10,
        start=START,
        enrolled_on=[None, date(2024, 11, 13)],
        withdrawn_on=[None, None, date(2024, 11, 12)],
    )
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    assert services.certificates.plan(built.class_id).readiness.ready


def test_a_reissue_is_dated_from_the_old_issue_to_today(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened)
    old = _issue(services, built, issued_on=date(2024, 11, 18))[0]
    with pytest.raises(ValidationError, match="không được trước ngày cấp giấy cũ \\(18/11/2024\\)"):
        services.certificates.reissue(old.id, ReissueReason.LOST, "", issued_on=date(2024, 11, 17))
    with pytest.raises(ValidationError, match="không được sau hôm nay"):
        services.certificates.reissue(old.id, ReissueReason.LOST, "", issued_on=date(2030, 1, 1))
    assert count(opened, "certificate") == 3
    new = services.certificates.reissue(old.id, ReissueReason.LOST, "", issued_on=TODAY)
    assert new.issued_on == TODAY


def test_the_plan_proposes_the_last_day_once_the_class_has_ended(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = _class(services, opened)
    plan = services.certificates.plan(built.class_id)
    assert plan.readiness.ready and plan.readiness.class_end == END and plan.readiness.today == TODAY
    assert plan.year == 2024 and [c.will_issue for c in plan.candidates] == [True] * 3
