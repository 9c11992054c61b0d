"""Report figures on the hand-built database of tests/report_fixture.py (answers worked out by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.report_fixture import build_report_database
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.report_rules import PlanRow
from trungtam_desktop.domain.reports import ClassBasis, Period, ReportDraft, percent
from trungtam_desktop.services.reports import ReportService


@pytest.fixture
def reports(opened) -> ReportService:  # type: ignore[no-untyped-def]
    build_report_database(opened.database)
    return ReportService(opened.services.context)


def _programme(report, name):  # type: ignore[no-untyped-def]
    return next(line for line in report.programmes if line.programme.startswith(name))


def test_programmes_q3_by_end_date(reports: ReportService) -> None:
    report = reports.period_report(2024, Period.Q3)
    assert (report.start, report.end) == (date(2024, 7, 1), date(2024, 9, 30))
    so_cap = _programme(report, "Sơ cấp")
    # A ends 10/07 (Q3); D ends 05/10 (Q4); F is 2023
    assert (so_cap.classes, so_cap.places, so_cap.classes_ytd, so_cap.places_ytd) == (1, 3, 1, 3)
    assert (so_cap.planned_classes, so_cap.planned_places) == (2, 10)
    assert (so_cap.classes_percent, so_cap.places_percent) == (50.0, 30.0)
    nhan_thuc = _programme(report, "Bồi dưỡng nhận thức")
    # B in Q3 with 2 places (X5 withdrew), C in Q1 with 2
    assert (nhan_thuc.classes, nhan_thuc.places, nhan_thuc.classes_ytd, nhan_thuc.places_ytd) == (1, 2, 2, 4)
    assert nhan_thuc.classes_percent == 66.7
    assert nhan_thuc.places_percent is None  # zero plan: no percentage
    total = report.total()
    assert (total.classes, total.places, total.classes_ytd, total.places_ytd) == (2, 5, 3, 7)
    assert (total.planned_classes, total.planned_places) == (5, 10)
    assert total.places_percent == 70.0
    # active programmes without classes or plan are listed with zeros
    assert len(report.programmes) == 6
    assert all(line.places == 0 for line in report.programmes if line not in (so_cap, nhan_thuc))


def test_class_spanning_two_quarters_counts_once(reports: ReportService) -> None:
    by_end = {p: reports.period_report(2024, p).total() for p in (Period.Q2, Period.Q3, Period.Q4)}
    assert [by_end[p].classes for p in (Period.Q2, Period.Q3, Period.Q4)] == [0, 2, 1]
    by_start = {
        p: reports.period_report(2024, p, ClassBasis.START).total() for p in (Period.Q2, Period.Q3, Period.Q4)
    }
    # A starts 20/06 (Q2), B and D start in Q3
    assert [by_start[p].classes for p in (Period.Q2, Period.Q3, Period.Q4)] == [1, 2, 0]
    assert by_start[Period.Q3].places == 3


def test_cumulative_periods(reports: ReportService) -> None:
    h1 = reports.period_report(2024, Period.H1).total()
    assert (h1.classes, h1.places) == (1, 2)  # C only
    nine = reports.period_report(2024, Period.M9).total()
    assert (nine.classes, nine.places, nine.classes_ytd) == (3, 7, 3)
    year = reports.period_report(2024, Period.YEAR)
    assert (year.total().classes, year.total().places) == (4, 8)
    assert [c.code for c in year.classes] == ["LOP-C", "LOP-A", "LOP-B", "LOP-D"]


def test_composition_places_and_people(reports: ReportService) -> None:
    report = reports.period_report(2024, Period.Q3)
    assert (report.places, report.people) == (5, 4)
    lines = {(c.group, c.label): (c.places, c.people) for c in report.composition}
    assert lines[("Giới tính", "Nam")] == (3, 2)
    assert lines[("Giới tính", "Nữ")] == (2, 2)
    assert ("Giới tính", "Không rõ giới tính") not in lines  # X5 withdrew from B
    assert lines[("Dân tộc", "Dân tộc Kinh")] == (3, 2)
    assert lines[("Dân tộc", "Dân tộc thiểu số")] == (2, 2)
    assert lines[("Tôn giáo", "Có tôn giáo")] == (2, 2)
    assert lines[("Tôn giáo", "Không tôn giáo")] == (3, 2)
    assert lines[("Đảng viên", "Quần chúng")] == (2, 1)
    assert lines[("Đảng viên", "Đảng viên dự bị")] == (1, 1)
    assert lines[("Đảng viên", "Đảng viên chính thức")] == (2, 2)
    assert lines[("Độ tuổi", "Dưới 30 tuổi")] == (1, 1)
    assert lines[("Độ tuổi", "Từ 30 đến 39 tuổi")] == (2, 1)
    assert lines[("Độ tuổi", "Từ 40 đến 49 tuổi")] == (0, 0)
    assert lines[("Độ tuổi", "Từ 50 đến 59 tuổi")] == (1, 1)
    assert lines[("Độ tuổi", "Từ 60 tuổi trở lên")] == (0, 0)
    assert lines[("Độ tuổi", "Không rõ năm sinh")] == (1, 1)


def test_quality_and_certificates(reports: ReportService) -> None:
    report = reports.period_report(2024, Period.Q3)
    assert report.quality.grades == (
        ("Xuất sắc", 1),
        ("Giỏi", 1),
        ("Khá", 1),
        ("Trung bình", 1),
        ("Không đạt", 1),
    )
    assert (report.quality.waiting, report.quality.not_graded) == (0, 0)
    assert report.not_passed == 1
    certificates = report.certificates
    # c1, c2 (later replaced) and c5 on 30/09 are first issues; c3 replaces c2; c4 voided 10/08
    assert (certificates.issued, certificates.reissued, certificates.voided) == (3, 1, 1)
    q2 = reports.period_report(2024, Period.Q2).certificates
    assert (q2.issued, q2.reissued, q2.voided) == (1, 0, 0)


def test_teaching_against_quota(reports: ReportService) -> None:
    report = reports.period_report(2024, Period.Q3)
    lines = [
        (x.name, x.lecturer_type, x.tiet, x.buoi, x.tiet_ytd, x.quota, x.quota_percent)
        for x in report.lecturers
    ]
    assert lines == [
        ("Nguyễn Văn An", "Chuyên trách", 9, 2, 14, 30, 46.7),
        ("Hoàng Thị Em", "Chuyên trách", 0, 0, 0, 90, 0.0),
        ("Trần Thị Bình", "Kiêm chức", 10, 2, 10, None, None),  # no quota for her role
        ("Lê Văn Cường", "Báo cáo viên", 3, 1, 8, 90, 8.9),
    ]


def test_class_list(reports: ReportService) -> None:
    classes = reports.period_report(2024, Period.Q3).classes
    assert [(c.code, c.learners, c.completed, c.status) for c in classes] == [
        ("LOP-A", 3, 2, "Đã kết thúc"),  # X3 failed
        ("LOP-B", 2, 2, "Đã kết thúc"),
    ]
    q4 = reports.period_report(2024, Period.Q4).classes
    assert [(c.code, c.learners, c.completed) for c in q4] == [("LOP-D", 1, 0)]  # still open


def test_pay_list(reports: ReportService) -> None:
    pay = reports.pay_list(2024, Period.Q3)
    lines = [(x.name, x.tiet, x.buoi, x.unit, x.rate, x.amount) for x in pay.lines]
    assert lines == [
        ("Nguyễn Văn An", 9, 2, "buoi", 300_000, 600_000),  # the "Giám đốc" title's rate per buổi
        ("Trần Thị Bình", 10, 2, "tiet", 150_000, 1_500_000),
        ("Lê Văn Cường", 3, 1, None, 0, 0),  # no rate for báo cáo viên
    ]
    assert (pay.total, pay.total_tiet, pay.total_buoi) == (2_100_000, 22, 5)
    assert reports.pay_list(2025, Period.Q1).lines == []


def test_empty_year(reports: ReportService) -> None:
    report = reports.period_report(2030, Period.YEAR)
    assert report.total().classes == 0 and report.places == 0 and report.people == 0
    assert all(line.places_percent is None for line in report.programmes)


def test_percent_rounding() -> None:
    assert percent(117, 100) == 117.0
    assert percent(2, 3) == 66.7
    assert percent(1, 8) == 12.5
    assert percent(5, 0) is None


def test_plan_round_trip_and_validation(reports: ReportService) -> None:
    rows = reports.plan(2025)
    assert len(rows) == 6 and all(r.planned_classes == 0 for r in rows)
    changed = [PlanRow(r.programme_id, r.programme, i, 10 * i) for i, r in enumerate(rows)]
    reports.save_plan(2025, changed)
    assert [(r.planned_classes, r.planned_learners) for r in reports.plan(2025)] == [
        (i, 10 * i) for i in range(6)
    ]
    bad = [*changed[:-1], PlanRow(changed[-1].programme_id, changed[-1].programme, -1, 0)]
    with pytest.raises(ValidationError):
        reports.save_plan(2025, bad)
    with pytest.raises(ValidationError):
        reports.save_plan(2025, [*changed, changed[0]])
    with pytest.raises(ValidationError):
        reports.save_plan(2025, [PlanRow(99_999, "?", 1, 1)])
    # nothing half-written
    assert [(r.planned_classes, r.planned_learners) for r in reports.plan(2025)] == [
        (i, 10 * i) for i in range(6)
    ]
    with pytest.raises(ValidationError):
        reports.plan(1800)


def test_drafts_are_kept_per_period(reports: ReportService) -> None:
    assert reports.draft(2024, Period.Q3) == ReportDraft()
    saved = reports.save_draft(
        2024, Period.Q3, ReportDraft(" 12 ", date(2024, 10, 5), " Còn chậm. ", "Mở thêm lớp.")
    )
    assert saved == ReportDraft("12", date(2024, 10, 5), "Còn chậm.", "Mở thêm lớp.")
    assert reports.draft(2024, Period.Q3) == saved
    assert reports.draft(2024, Period.YEAR) == ReportDraft()
    with pytest.raises(ValidationError):
        reports.save_draft(2024, Period.Q3, ReportDraft(limitations="x" * 20_001))
    assert reports.draft(2024, Period.Q3) == saved
