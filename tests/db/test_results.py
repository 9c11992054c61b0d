"""Results service: scores with the stored result, eligibility at its edges, bad values, lock and unlock."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date

import pytest

from tests.classwork_builder import build_class, learner_name
from trungtam_desktop.domain.enums import AttendanceStatus, Grade
from trungtam_desktop.domain.errors import ConflictError, ValidationError

P, E, U = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED


def _rows(opened, sql: str, *args: object) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        return conn.execute(sql, args).fetchall()


def _scores(opened, class_id: int) -> dict[tuple[int, int], float]:  # type: ignore[no-untyped-def]
    rows = _rows(
        opened,
        "SELECT s.enrolment_id, s.component_id, s.value FROM score s "
        "JOIN enrolment e ON e.id = s.enrolment_id WHERE e.class_id = ?",
        class_id,
    )
    return {(e, c): v for e, c, v in rows}


def _stored(opened, enrolment_id: int) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    return _rows(opened, "SELECT final_score, grade, passed FROM enrolment WHERE id = ?", enrolment_id)[0]


def _all_present(services, built) -> None:  # type: ignore[no-untyped-def]
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)


@pytest.fixture
def scollct(opened):  # type: ignore[no-untyped-def]
    """Sơ cấp: three components (30 %, 30 %, 40 %), nine buổi; learner 1 joins late, learner 2 withdraws."""
    return build_class(
        opened.database,
        code="SCLLCT-2024-05",
        programme_code="SCLLCT",
        learners=5,
        sessions=9,
        enrolled_on=[None, date(2024, 6, 11)],
        withdrawn_on=[None, None, date(2024, 6, 12)],
    )


def _components(services, sheet_class_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    return [c.id for c in services.results.sheet(sheet_class_id).components]


def test_scores_are_stored_with_the_recomputed_result(services, opened, scollct) -> None:  # type: ignore[no-untyped-def]
    k1, k2, final = _components(services, scollct.class_id)
    e0 = scollct.enrolment_ids[0]
    sheet = services.results.set_scores(scollct.class_id, {(e0, k1): "8,0", (e0, k2): "7.5"})
    assert _scores(opened, scollct.class_id) == {(e0, k1): 8.0, (e0, k2): 7.5}
    assert sheet.line(e0).outcome.final is None and _stored(opened, e0) == (None, None, None)
    assert "Chưa đủ điểm" in sheet.line(e0).eligibility.reasons
    sheet = services.results.set_scores(scollct.class_id, {(e0, final): 9})
    line = sheet.line(e0)
    assert (line.outcome.final, line.outcome.grade, line.outcome.passed) == (8.3, Grade.VERY_GOOD, True)
    assert _stored(opened, e0) == (8.3, "gioi", 1)
    # A component under its minimum fails the learner whatever the mean.
    sheet = services.results.set_scores(scollct.class_id, {(e0, k1): 4.5, (e0, k2): 9.0})
    assert _stored(opened, e0) == (7.7, "khong_dat", 0)
    assert sheet.line(e0).eligibility.reasons == ("Dưới điểm tối thiểu: Kiểm tra 1",)
    # Clearing a score (None or a blank text) clears the result.
    services.results.set_scores(scollct.class_id, {(e0, final): "  "})
    assert _stored(opened, e0) == (None, None, None) and (e0, final) not in _scores(opened, scollct.class_id)
    audit = _rows(
        opened, "SELECT entity, entity_id, changes FROM audit_log WHERE entity = 'score' ORDER BY id"
    )
    assert len(audit) == 4 and audit[0][1] == scollct.class_id
    assert json.loads(audit[2][2])[f"{learner_name(0)} – Kiểm tra 1"] == [8.0, 4.5]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("8,55", "chỉ được có một chữ số thập phân"),
        (7.25, "chỉ được có một chữ số thập phân"),
        ("10,5", "phải từ 0 đến 10"),
        (-1, "phải từ 0 đến 10"),
        ("tám", "không phải là số"),
    ],
)
def test_bad_scores_name_learner_and_component_and_write_nothing(
    services, opened, scollct, value, message
) -> None:  # type: ignore[no-untyped-def]
    k1, k2, _ = _components(services, scollct.class_id)
    e0, e3 = scollct.enrolment_ids[0], scollct.enrolment_ids[3]
    with pytest.raises(ValidationError, match=message) as caught:
        services.results.set_scores(scollct.class_id, {(e0, k1): "8,5", (e3, k2): value})
    assert f"“Kiểm tra 2” của học viên {learner_name(3)}" in caught.value.message
    assert _scores(opened, scollct.class_id) == {}
    assert _rows(opened, "SELECT count(*) FROM audit_log WHERE entity = 'score'") == [(0,)]


def test_cells_of_another_class_or_programme_are_refused(services, opened, scollct) -> None:  # type: ignore[no-untyped-def]
    other = build_class(opened.database, code="NTVD-2024-12", learners=1, sessions=2)
    k1 = _components(services, scollct.class_id)[0]
    other_component = services.results.sheet(other.class_id).components[0].id
    e0 = scollct.enrolment_ids[0]
    with pytest.raises(ValidationError, match="học viên không thuộc lớp này"):
        services.results.set_scores(scollct.class_id, {(e0, k1): 8, (other.enrolment_ids[0], k1): 8})
    with pytest.raises(ValidationError, match="cột điểm không thuộc chương trình"):
        services.results.set_scores(scollct.class_id, {(e0, k1): 8, (e0, other_component): 8})
    assert _scores(opened, scollct.class_id) == {}


def test_eligibility_at_the_absence_limit_late_joiner_and_withdrawn(services, scollct) -> None:  # type: ignore[no-untyped-def]
    cid, s, e = scollct.class_id, scollct.session_ids, scollct.enrolment_ids
    _all_present(services, scollct)
    components = _components(services, cid)
    services.results.set_scores(cid, {(enrolment, c): 8 for enrolment in e for c in components})
    # Nine buổi: three absences are exactly at the limit; four are over it.
    services.attendance.set_marks(cid, {(e[0], s[0]): E, (e[0], s[1]): U, (e[0], s[2]): U})
    services.attendance.set_marks(cid, {(e[3], s[i]): U for i in range(4)})
    # The late joiner (from 11/06) has seven buổi: two absences allowed, three are over.
    services.attendance.set_marks(cid, {(e[1], s[2]): U, (e[1], s[3]): E})
    sheet = services.results.sheet(cid)
    at_limit, late, withdrawn, over, regular = (sheet.line(x) for x in e)
    assert at_limit.eligibility.eligible and at_limit.tally.absences == 3
    assert over.eligibility.reasons == ("Vắng 4/9 buổi, quá 1/3 số buổi (tối đa 3 buổi)",)
    assert late.tally.sessions == 7 and late.eligibility.eligible
    assert withdrawn.eligibility.reasons == ("Đã thôi học",) and withdrawn.tally.sessions == 6
    assert regular.eligibility.eligible and sheet.eligible_count == 3
    services.attendance.set_marks(cid, {(e[1], s[4]): E})
    assert services.results.sheet(cid).line(e[1]).eligibility.reasons == (
        "Vắng 3/7 buổi, quá 1/3 số buổi (tối đa 2 buổi)",
    )


def test_distribution_and_missing_results(services, scollct) -> None:  # type: ignore[no-untyped-def]
    cid, e = scollct.class_id, scollct.enrolment_ids
    k1, k2, final = _components(services, cid)
    scores = {e[0]: (9, 9, 9.5), e[1]: (8, 8, 8), e[3]: (4, 4, 4)}
    sheet = services.results.set_scores(
        cid, {(x, c): v for x, values in scores.items() for c, v in zip((k1, k2, final), values, strict=True)}
    )
    assert sheet.distribution() == {
        Grade.EXCELLENT: 1,
        Grade.VERY_GOOD: 1,
        Grade.GOOD: 0,
        Grade.AVERAGE: 0,
        Grade.FAIL: 1,
    }
    # The withdrawn learner is not counted as missing; learner 4 still has no score.
    assert [line.enrolment_id for line in sheet.missing_results] == [e[4]]
    assert (
        sheet.distribution_text()
        == "Xuất sắc 1 · Giỏi 1 · Khá 0 · Trung bình 0 · Không đạt 1 · Chưa đủ điểm 1"
    )


def test_programme_without_components_goes_by_attendance(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="CNKT-2024-03", programme_code="CNKT", learners=3, sessions=3)
    _all_present(services, built)
    e, s = built.enrolment_ids, built.session_ids
    services.attendance.set_marks(built.class_id, {(e[1], s[0]): U, (e[1], s[1]): E})
    sheet = services.results.sheet(built.class_id)
    assert not sheet.assessed and sheet.components == () and sheet.distribution_text() == ""
    assert sheet.missing_results == ()
    assert [line.eligibility.eligible for line in sheet.rows] == [True, False, True]
    with pytest.raises(ConflictError, match="không có cột điểm nào"):
        services.results.set_scores(built.class_id, {(e[0], 1): 8})
    # Locking stores the pass from attendance alone.
    services.results.lock(built.class_id)
    assert [_stored(opened, x) for x in e] == [(None, None, 1), (None, None, 0), (None, None, 1)]


def test_lock_refuses_every_write_and_unlock_needs_a_reason(services, opened, scollct) -> None:  # type: ignore[no-untyped-def]
    cid, e, s = scollct.class_id, scollct.enrolment_ids, scollct.session_ids
    k1, k2, final = _components(services, cid)
    services.results.set_scores(cid, {(e[0], k1): 8, (e[0], k2): 8, (e[0], final): 8})
    # A result stored by an older rule is stored again from the scores when the class is locked.
    with closing(sqlite3.connect(opened.paths.database)) as conn, conn:
        conn.execute(
            "UPDATE enrolment SET final_score = 2, grade = 'khong_dat', passed = 0 WHERE id = ?", (e[0],)
        )
    sheet = services.results.lock(cid)
    assert sheet.locked and services.classes.get(cid).locked
    assert _stored(opened, e[0]) == (8.0, "gioi", 1)
    with pytest.raises(ConflictError, match="đã khóa kết quả"):
        services.results.set_scores(cid, {(e[0], k1): 9})
    with pytest.raises(ConflictError, match="đã khóa kết quả"):
        services.attendance.set_marks(cid, {(e[0], s[0]): P})
    with pytest.raises(ConflictError, match="đã khóa kết quả rồi"):
        services.results.lock(cid)
    for reason in ("", "   "):
        with pytest.raises(ValidationError, match="Hãy ghi lý do mở khóa"):
            services.results.unlock(cid, reason)
    with pytest.raises(ValidationError, match="dài quá 300 ký tự"):
        services.results.unlock(cid, "x" * 301)
    assert services.classes.get(cid).locked
    assert _scores(opened, cid)[(e[0], k1)] == 8.0
    sheet = services.results.unlock(cid, "  Sửa điểm   phúc khảo ")
    assert not sheet.locked and not services.classes.get(cid).locked
    with pytest.raises(ConflictError, match="chưa khóa kết quả"):
        services.results.unlock(cid, "lần nữa")
    services.results.set_scores(cid, {(e[0], k1): 9})
    audit = _rows(
        opened,
        "SELECT action, changes, summary FROM audit_log WHERE entity = 'class' AND entity_id = ? "
        "AND action IN ('lock', 'unlock') ORDER BY id",
        cid,
    )
    assert [a[0] for a in audit] == ["lock", "unlock"]
    assert json.loads(audit[0][1]) == {"locked": [False, True], "missing_results": 3}
    assert "(3 học viên chưa đủ điểm)" in audit[0][2]
    assert json.loads(audit[1][1])["reason"] == "Sửa điểm phúc khảo"
    assert audit[1][2].endswith("Lý do: Sửa điểm phúc khảo")
