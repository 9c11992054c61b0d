"""Pure rules of a class's work: laying out buổi, and reading a list pasted from Excel."""

from __future__ import annotations

from datetime import date

import pytest

from trungtam_desktop.domain.classwork import half_days, lesson_sessions, plan_timetable
from trungtam_desktop.domain.enums import Gender, HalfDay
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.learner_list import check_pasted_text, nothing_on_file
from trungtam_desktop.domain.models import Lesson
from trungtam_desktop.domain.vietnamese import unicode_to_legacy

TODAY = date(2024, 11, 20)


def parse_pasted_text(text: str, today: date):  # type: ignore[no-untyped-def]
    """The pasted list checked on its own (nobody on file)."""
    return check_pasted_text(text, today, nothing_on_file)


def test_a_lesson_takes_ceil_of_its_tiet_over_the_buoi_size() -> None:
    lessons = (Lesson("Dài", 12), Lesson("Không tiết", 0), Lesson("Ngắn", 3))
    assert [(lesson.title, tiet) for lesson, tiet in lesson_sessions(lessons, 5)] == [
        ("Dài", 5),
        ("Dài", 5),
        ("Dài", 2),
        ("Ngắn", 3),
    ]


def test_half_days_skip_sundays_only_when_asked() -> None:
    saturday, monday = date(2024, 12, 7), date(2024, 12, 9)
    assert [d.day for d, _ in half_days(saturday, monday)] == [7, 7, 9, 9]
    slots = half_days(saturday, monday, skip_sundays=False)
    assert slots[2:4] == [(date(2024, 12, 8), HalfDay.MORNING), (date(2024, 12, 8), HalfDay.AFTERNOON)]


def test_plan_refuses_a_programme_without_lessons() -> None:
    with pytest.raises(ValidationError, match="chưa có danh sách bài học"):
        plan_timetable((), 5, date(2024, 12, 2), date(2024, 12, 6))


def test_plan_with_sundays_does_not_suggest_them() -> None:
    with pytest.raises(ValidationError) as error:
        plan_timetable((Lesson("Bài", 15),), 5, date(2024, 12, 8), date(2024, 12, 8), skip_sundays=False)
    assert "cần 3 buổi" in error.value.message and "chỉ có 2 buổi." in error.value.message
    assert "Chủ nhật" not in error.value.message


def test_name_split_in_two_columns_is_joined() -> None:
    pasted = parse_pasted_text("TT\tHọ và đệm\tTên\tNăm sinh\n1\tNguyễn Thị\tMỵ\t1990\n", TODAY)
    assert pasted.recognised == ("Họ và đệm", "Tên", "Ngày sinh")
    assert [(r.full_name, r.learner.birth_year) for r in pasted.rows] == [("Nguyễn Thị Mỵ", 1990)]


def test_vni_rows_under_a_unicode_header_are_converted() -> None:
    body = unicode_to_legacy(
        "Nguyễn Thị Mỵ\t05/03/1990\tChi bộ thôn Phú Hội\nTrần Văn Bình\t1985\tXã Hiệp Thạnh", "vni"
    )
    pasted = parse_pasted_text("Họ và tên\tNgày sinh\tĐơn vị\n" + body, TODAY)
    assert pasted.encoding == "vni"
    assert [r.full_name for r in pasted.rows] == ["Nguyễn Thị Mỵ", "Trần Văn Bình"]
    assert pasted.rows[0].unit == "Chi bộ thôn Phú Hội"


def test_row_errors_name_the_row() -> None:
    text = (
        "Nguyễn Văn An\t1990\tNam\n"
        "Nguyễn Văn An\t1990\tNam\n"
        "Lê Văn 2\t1991\tNam\n"
        "Trần Thị Hoa\t2030\tNữ\n"
        "Phạm Văn Bé\t1992\tkhông rõ\n"
        "\t1993\tNam\n"
    )
    errors = [row.reason for row in parse_pasted_text(text, TODAY).rows]
    assert errors == [
        "",
        "Dòng 2: trùng với dòng 1 (cùng họ tên và năm sinh); không nhập hai lần.",
        "Dòng 3: Họ và tên không được chứa chữ số (đã nhập: “Lê Văn 2”).",
        "Dòng 4: Ngày sinh: năm 2030 chưa đến, không thể là năm sinh.",
        "Dòng 5: Giới tính “không rõ” không hợp lệ (ghi Nam hoặc Nữ).",
        "Dòng 6: thiếu họ và tên.",
    ]


def test_gender_is_read_without_tone_marks_or_case() -> None:
    pasted = parse_pasted_text("Nguyễn Văn An\tNAM\nLê Thị Hoa\tnu\n", TODAY)
    assert [r.learner.gender for r in pasted.rows] == [Gender.MALE, Gender.FEMALE]


def test_a_header_without_a_name_column_is_reported_on_every_row() -> None:
    pasted = parse_pasted_text("Ngày sinh\tĐơn vị\n1990\tXã A\n", TODAY)
    assert pasted.rows[0].reason == "Dòng 2: không tìm thấy cột họ và tên."
    assert not pasted.ready


def test_blank_or_empty_text_gives_no_rows() -> None:
    assert parse_pasted_text("\n \t \n", TODAY).rows == ()
    assert parse_pasted_text("Họ và tên\tNgày sinh\n", TODAY).rows == ()
