"""Attendance service: the grid, marks set and cleared, everyone present, and every refusal writing nothing."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from datetime import date

import pytest

from tests.classwork_builder import build_class, learner_name
from tests.db.classwork_support import marks_of
from trungtam_desktop.domain.class_results import NOT_EXPECTED
from trungtam_desktop.domain.enums import AttendanceStatus
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError

P, E, U, L = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.UNEXCUSED,
    AttendanceStatus.LATE,
)


def _rows(opened, sql: str, *args: object) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    with closing(sqlite3.connect(opened.paths.database)) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def built(opened):  # type: ignore[no-untyped-def]
    """Six learners, ten buổi (10–14/06/2024): learner 1 joins on the 12th, learner 2 withdraws on the 13th."""
    return build_class(
        opened.database,
        learners=6,
        sessions=10,
        enrolled_on=[None, date(2024, 6, 12)],
        withdrawn_on=[None, None, date(2024, 6, 13)],
    )


def test_grid_orders_learners_and_buoi_and_marks_cells_before_enrolment(services, built) -> None:  # type: ignore[no-untyped-def]
    grid = services.attendance.grid(built.class_id)
    assert [row.full_name for row in grid.rows] == [learner_name(i) for i in range(6)]
    assert [s.id for s in grid.sessions] == list(built.session_ids)
    assert grid.sessions[0].header == "10/06\nSáng" and grid.sessions[1].header == "10/06\nChiều"
    assert grid.sessions[0].title == "Bài 1" and not grid.locked
    late, withdrawn = grid.rows[1], grid.rows[2]
    # 10 and 11 June are before the late joiner enrolled: four buổi that are not theirs.
    assert late.marks[:4] == (NOT_EXPECTED,) * 4 and late.marks[4:] == (None,) * 6
    assert late.tally.sessions == 6 and late.allowed == 2
    # Withdrawn on the 13th: the buổi of the 13th are still theirs, those of the 14th are not.
    assert withdrawn.marks[:8] == (None,) * 8 and withdrawn.marks[8:] == (NOT_EXPECTED,) * 2
    assert grid.rows[0].tally.sessions == 10 and grid.rows[0].tally.unmarked == 10
    assert grid.rows[0].allowed == 3  # one third of ten buổi, rounded down


def test_set_marks_writes_clears_and_audits(services, opened, built) -> None:  # type: ignore[no-untyped-def]
    e0, e3 = built.enrolment_ids[0], built.enrolment_ids[3]
    s0, s1 = built.session_ids[:2]
    grid = services.attendance.set_marks(built.class_id, {(e0, s0): P, (e0, s1): E, (e3, s0): "di_muon"})
    assert marks_of(opened, built.class_id) == {
        (e0, s0): "co_mat",
        (e0, s1): "vang_co_phep",
        (e3, s0): "di_muon",
    }
    assert grid.mark(e0, s1) is E and grid.mark(e3, s0) is L
    assert grid.rows[0].tally.excused == 1 and grid.rows[0].tally.present == 1
    grid = services.attendance.set_marks(built.class_id, {(e0, s1): U, (e3, s0): None})
    assert marks_of(opened, built.class_id) == {(e0, s0): "co_mat", (e0, s1): "vang_khong_phep"}
    assert grid.mark(e3, s0) is None and grid.rows[0].tally.unexcused == 1
    audits = _rows(
        opened, "SELECT entity, entity_id, action, changes FROM audit_log WHERE entity = 'attendance'"
    )
    assert len(audits) == 2 and all(a[:3] == ("attendance", built.class_id, "update") for a in audits)
    second = json.loads(audits[1][3])
    assert second[f"{learner_name(0)} – chiều 10/06/2024"] == [
        "vang_co_phep",
        "vang_khong_phep",
    ]
    # Setting what is already there writes no audit line.
    services.attendance.set_marks(built.class_id, {(e0, s0): P})
    assert len(_rows(opened, "SELECT id FROM audit_log WHERE entity = 'attendance'")) == 2


def test_mark_before_enrolment_is_refused_and_nothing_written(services, opened, built) -> None:  # type: ignore[no-untyped-def]
    e0, late = built.enrolment_ids[0], built.enrolment_ids[1]
    with pytest.raises(ValidationError, match=r"chưa vào lớp ngày 11/06/2024 \(vào lớp từ ngày 12/06/2024\)"):
        services.attendance.set_marks(
            built.class_id, {(e0, built.session_ids[0]): P, (late, built.session_ids[2]): E}
        )
    assert marks_of(opened, built.class_id) == {}
    # The first buổi of the day they joined is theirs.
    services.attendance.set_marks(built.class_id, {(late, built.session_ids[4]): U})
    assert marks_of(opened, built.class_id) == {(late, built.session_ids[4]): "vang_khong_phep"}


def test_mark_after_withdrawal_is_refused_but_a_cell_can_always_be_cleared(services, opened, built) -> None:  # type: ignore[no-untyped-def]
    withdrawn = built.enrolment_ids[2]
    with pytest.raises(ValidationError, match="đã thôi học từ ngày 13/06/2024"):
        services.attendance.set_marks(built.class_id, {(withdrawn, built.session_ids[8]): P})
    services.attendance.set_marks(built.class_id, {(withdrawn, built.session_ids[7]): P})
    # A stale mark on a buổi that is no longer the learner's (dates changed later) can be removed.
    services.attendance.set_marks(built.class_id, {(withdrawn, built.session_ids[8]): None})
    assert marks_of(opened, built.class_id) == {(withdrawn, built.session_ids[7]): "co_mat"}


def test_cells_of_another_class_and_bad_statuses_are_refused(services, opened, built) -> None:  # type: ignore[no-untyped-def]
    other = build_class(opened.database, code="NTVD-2024-10", learners=2, sessions=2)
    e0, s0 = built.enrolment_ids[0], built.session_ids[0]
    with pytest.raises(ValidationError, match="học viên không thuộc lớp này"):
        services.attendance.set_marks(built.class_id, {(e0, s0): P, (other.enrolment_ids[0], s0): P})
    with pytest.raises(ValidationError, match="buổi học không thuộc lớp này"):
        services.attendance.set_marks(built.class_id, {(e0, s0): P, (e0, other.session_ids[0]): P})
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.attendance.set_marks(built.class_id, {(e0, s0): "vang"})
    with pytest.raises(ValidationError, match="không thuộc lớp này"):
        services.attendance.mark_session_present(built.class_id, other.session_ids[0])
    with pytest.raises(NotFoundError):
        services.attendance.grid(999_999)
    assert marks_of(opened, built.class_id) == {} and marks_of(opened, other.class_id) == {}


def test_everyone_present_keeps_the_exceptions_and_skips_who_was_not_there(services, opened, built) -> None:  # type: ignore[no-untyped-def]
    s0 = built.session_ids[0]
    e = built.enrolment_ids
    services.attendance.set_marks(built.class_id, {(e[3], s0): E, (e[4], s0): L})
    grid = services.attendance.mark_session_present(built.class_id, s0)
    assert [row.marks[0] for row in grid.rows] == [P, NOT_EXPECTED, P, E, L, P]
    assert marks_of(opened, built.class_id) == {
        (e[0], s0): "co_mat",
        (e[2], s0): "co_mat",
        (e[3], s0): "vang_co_phep",
        (e[4], s0): "di_muon",
        (e[5], s0): "co_mat",
    }
    # The last buổi: the withdrawn learner is not marked.
    grid = services.attendance.mark_session_present(built.class_id, built.session_ids[-1])
    assert [row.marks[-1] for row in grid.rows] == [P, P, NOT_EXPECTED, P, P, P]
    summary = _rows(opened, "SELECT summary FROM audit_log WHERE entity = 'attendance' ORDER BY id")[-1][0]
    assert "cả buổi chiều 14/06/2024 có mặt (5 học viên)" in summary


def test_absence_limit_exactly_at_the_limit_and_one_over(services, built) -> None:  # type: ignore[no-untyped-def]
    e0, e1, e3 = built.enrolment_ids[0], built.enrolment_ids[1], built.enrolment_ids[3]
    s = built.session_ids
    # Ten buổi: three absences are allowed (one excused counts too); the late joiner has six buổi: two.
    grid = services.attendance.set_marks(
        built.class_id,
        {
            (e0, s[0]): E,
            (e0, s[1]): U,
            (e0, s[2]): U,
            (e3, s[0]): U,
            (e3, s[1]): U,
            (e3, s[2]): E,
            (e3, s[3]): E,
        }
        | {(e1, s[4]): U, (e1, s[5]): E},
    )
    at_limit, late, over = grid.rows[0], grid.rows[1], grid.rows[3]
    assert at_limit.tally.absences == 3 and not at_limit.over_limit and at_limit.limit_reason == ""
    assert late.tally.absences == 2 and late.allowed == 2 and not late.over_limit
    assert over.over_limit and over.limit_reason == "Vắng 4/10 buổi, quá 1/3 số buổi (tối đa 3 buổi)"
    grid = services.attendance.set_marks(built.class_id, {(e1, s[6]): L, (e1, s[7]): U})
    assert grid.rows[1].over_limit and grid.rows[1].tally.late == 1
    assert grid.over_limit_count == 2


def test_locked_class_refuses_every_write(services, opened, built) -> None:  # type: ignore[no-untyped-def]
    e0, s0 = built.enrolment_ids[0], built.session_ids[0]
    services.attendance.set_marks(built.class_id, {(e0, s0): P})
    services.results.lock(built.class_id)
    assert services.attendance.grid(built.class_id).locked
    with pytest.raises(ConflictError, match="đã khóa kết quả"):
        services.attendance.set_marks(built.class_id, {(e0, s0): U})
    with pytest.raises(ConflictError, match="đã khóa kết quả"):
        services.attendance.set_marks(built.class_id, {(e0, s0): None})
    with pytest.raises(ConflictError, match="đã khóa kết quả"):
        services.attendance.mark_session_present(built.class_id, built.session_ids[1])
    assert marks_of(opened, built.class_id) == {(e0, s0): "co_mat"}


def test_grid_of_120_learners_and_12_buoi_is_fast(services, opened) -> None:  # type: ignore[no-untyped-def]
    big = build_class(opened.database, code="NTVD-2024-11", learners=120, sessions=12)
    for session_id in big.session_ids:
        services.attendance.mark_session_present(big.class_id, session_id)
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        grid = services.attendance.grid(big.class_id)
        timings.append(time.perf_counter() - began)
    assert len(grid.rows) == 120 and all(row.tally.present == 12 for row in grid.rows)
    assert min(timings) < 0.1, timings
