"""The report's rules as plain functions (domain/report_rules.py): the pay rate chosen and the amount, a
programme's tallies, the plan's checks; the figures on a database are in tests/db/test_reports.py."""

from __future__ import annotations

import pytest

from trungtam_desktop.domain.enums import LecturerType
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.report_rules import (
    PayRate,
    PlanRow,
    ProgrammeTally,
    Teaching,
    check_plan,
    choose_rate,
    lecturer_type_order,
    pay_line,
)

PART_TIME = LecturerType.PART_TIME.value
RATES = {
    (PART_TIME, ""): PayRate("buoi", 300_000),
    (PART_TIME, "pho bi thu"): PayRate("tiet", 150_000),
}


def test_the_title_rate_wins_over_the_type_rate_ignoring_case_and_tone_marks() -> None:
    assert choose_rate(RATES, PART_TIME, "Phó Bí thư") == PayRate("tiet", 150_000)
    assert choose_rate(RATES, PART_TIME, "Chủ tịch") == PayRate("buoi", 300_000)
    assert choose_rate(RATES, LecturerType.FULL_TIME.value, "Phó Bí thư") is None


def test_the_amount_is_the_rate_times_the_unit_it_names() -> None:
    taught = Teaching(tiet=9, buoi=2)
    by_tiet = pay_line(PART_TIME, "Lê Văn Ba", "Phó Bí thư", taught, PayRate("tiet", 150_000))
    by_buoi = pay_line(PART_TIME, "Lê Văn Ba", "", taught, PayRate("buoi", 300_000))
    none = pay_line(PART_TIME, "Lê Văn Ba", "", taught, None)
    assert (by_tiet.amount, by_buoi.amount, none.amount) == (1_350_000, 600_000, 0)
    assert by_tiet.rate_text == "150.000/tiết" and none.rate_text == "Chưa có mức"
    assert by_tiet.lecturer_type == LecturerType.PART_TIME.label


def test_a_programme_counts_its_classes_in_the_period_and_the_year_to_date() -> None:
    tally = ProgrammeTally()
    tally.count(30, in_period=False)
    tally.count(25, in_period=True)
    line = tally.line("Bồi dưỡng nhận thức về Đảng", 4, 200)
    assert (line.classes, line.places, line.classes_ytd, line.places_ytd) == (1, 25, 2, 55)
    assert (line.planned_classes, line.planned_places) == (4, 200)


def test_lecturers_are_listed_by_type_in_the_enum_order() -> None:
    assert [lecturer_type_order(t.value) for t in LecturerType] == list(range(len(LecturerType)))


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([PlanRow(1, "Sơ cấp", 1, 30), PlanRow(1, "Sơ cấp", 2, 60)], "có hai dòng kế hoạch"),
        ([PlanRow(1, "Sơ cấp", -1, 30)], "Kế hoạch số lớp của “Sơ cấp”"),
        ([PlanRow(1, "Sơ cấp", 1, 1_000_001)], "Kế hoạch số học viên của “Sơ cấp”"),
        ([PlanRow(1, "Sơ cấp", True, 30)], "phải là số nguyên"),
    ],
)
def test_the_plan_refuses_repeated_programmes_and_figures_out_of_range(rows, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=words):
        check_plan(rows)
    assert check_plan([PlanRow(1, "Sơ cấp", 0, 1_000_000), PlanRow(2, "Nhận thức", 3, 90)]) == {1, 2}
