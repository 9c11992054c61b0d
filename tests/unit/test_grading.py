"""Results and eligibility rules: weighted final, bands, minimums, the absence limit at its edge."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trungtam_desktop.domain.enums import AttendanceStatus, Grade
from trungtam_desktop.domain.grading import (
    AbsenceLimit,
    Outcome,
    certificate_eligibility,
    classify,
    outcome,
    round_score,
    tally,
    weighted_final,
)
from trungtam_desktop.domain.models import DEFAULT_BANDS, AssessmentComponent

TESTS = (
    AssessmentComponent("Kiểm tra 1", 30, id=1),
    AssessmentComponent("Kiểm tra 2", 30, id=2),
    AssessmentComponent("Thi cuối khóa", 40, id=3),
)
P, E, U, L = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.UNEXCUSED,
    AttendanceStatus.LATE,
)


@pytest.mark.parametrize(
    ("value", "expected"), [(7.25, 7.3), (7.24, 7.2), (8.05, 8.1), (4.95, 5.0), (10.0, 10.0), (0.04, 0.0)]
)
def test_scores_round_half_up_to_one_decimal(value: float, expected: float) -> None:
    assert round_score(value) == expected


def test_weighted_final_uses_the_weights() -> None:
    assert weighted_final(TESTS, {1: 8.0, 2: 7.0, 3: 9.0}) == 8.1  # 2.4 + 2.1 + 3.6
    assert weighted_final(TESTS, {1: 8.0, 2: 7.0}) is None  # the final exam is missing
    assert weighted_final((), {}) is None


@pytest.mark.parametrize(
    ("final", "grade"),
    [(9.0, Grade.EXCELLENT), (8.99, Grade.VERY_GOOD), (8.0, Grade.VERY_GOOD), (7.0, Grade.GOOD),
     (6.9, Grade.AVERAGE), (5.0, Grade.AVERAGE), (4.9, Grade.FAIL), (0.0, Grade.FAIL)],
)  # fmt: skip
def test_default_bands(final: float, grade: Grade) -> None:
    assert classify(final, DEFAULT_BANDS) is grade


def test_every_component_must_reach_its_minimum() -> None:
    result = outcome(TESTS, DEFAULT_BANDS, {1: 9.0, 2: 4.5, 3: 9.5})
    assert result.final == 7.9  # 2.7 + 1.35 + 3.8 = 7.85, rounded half up
    assert result.passed is False
    assert result.grade is Grade.FAIL
    assert result.failed_components == ("Kiểm tra 2",)
    good = outcome(TESTS, DEFAULT_BANDS, {1: 5.0, 2: 5.0, 3: 5.0})
    assert (good.final, good.grade, good.passed) == (5.0, Grade.AVERAGE, True)


def test_missing_score_gives_no_result_yet() -> None:
    assert outcome(TESTS, DEFAULT_BANDS, {1: 9.0}) == Outcome(None, None, None)


@given(st.lists(st.integers(0, 100), min_size=3, max_size=3))
def test_final_lies_between_the_lowest_and_highest_component(tenths: list[int]) -> None:
    scores = {i + 1: t / 10 for i, t in enumerate(tenths)}
    final = weighted_final(TESTS, scores)
    assert final is not None
    assert min(scores.values()) - 0.05 <= final <= max(scores.values()) + 0.05


def test_absence_limit_exactly_at_one_third_is_allowed() -> None:
    limit = AbsenceLimit(1, 3)
    assert limit.allowed(10) == 3
    assert not limit.exceeded(3, 10)
    assert limit.exceeded(4, 10)
    assert limit.allowed(9) == 3 and not limit.exceeded(3, 9) and limit.exceeded(4, 9)
    assert limit.allowed(2) == 0 and limit.exceeded(1, 2)


def test_tally_counts_excused_and_unexcused_as_absences_and_late_as_present() -> None:
    counted = tally([P, E, U, L, None, P])
    assert (counted.sessions, counted.present, counted.late, counted.absences, counted.unmarked) == (
        6,
        2,
        1,
        2,
        1,
    )


def test_eligibility_needs_attendance_and_a_pass() -> None:
    limit = AbsenceLimit(1, 3)
    passed = outcome(TESTS, DEFAULT_BANDS, {1: 8.0, 2: 8.0, 3: 8.0})
    three_of_ten = tally([E, U, U, P, P, P, P, P, P, P])
    assert certificate_eligibility(three_of_ten, limit, passed).eligible
    four_of_ten = tally([E, U, U, E, P, P, P, P, P, P])
    verdict = certificate_eligibility(four_of_ten, limit, passed)
    assert not verdict.eligible
    assert verdict.reasons == ("Vắng 4/10 buổi, quá 1/3 số buổi (tối đa 3 buổi)",)
    failed = outcome(TESTS, DEFAULT_BANDS, {1: 3.0, 2: 8.0, 3: 8.0})
    assert "Dưới điểm tối thiểu: Kiểm tra 1" in certificate_eligibility(three_of_ten, limit, failed).reasons
    assert certificate_eligibility(three_of_ten, limit, None).reasons == ("Chưa đủ điểm",)
    assert certificate_eligibility(three_of_ten, limit, None, assessed=False).eligible
    assert certificate_eligibility(three_of_ten, limit, passed, withdrawn=True).reasons == ("Đã thôi học",)


def test_a_late_joiner_is_not_expected_before_enrolling_nor_after_withdrawing() -> None:
    from datetime import date

    from trungtam_desktop.domain.grading import expected_at

    joined = date(2024, 6, 11)
    assert not expected_at(date(2024, 6, 10), joined)
    assert expected_at(date(2024, 6, 11), joined)
    assert expected_at(date(2024, 6, 12), joined, withdrawn_on=date(2024, 6, 12))
    assert not expected_at(date(2024, 6, 13), joined, withdrawn_on=date(2024, 6, 12))
