"""The timetable service: generating buổi from the programme, editing them, clashes, marks, the class lock."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.db.classwork_support import (
    count,
    lock,
    make_class,
    make_learner,
    make_lecturer,
    mark,
    programme_id,
    sql,
)
from trungtam_desktop.domain.classwork import ClassSessionInfo
from trungtam_desktop.domain.enums import HalfDay
from trungtam_desktop.domain.errors import ConflictError, NotFoundError, ValidationError

S, C = HalfDay.MORNING, HalfDay.AFTERNOON
# Friday 06/12/2024 to Monday 09/12/2024; Sunday is 08/12. BDCB has 6 lessons of 5 tiết = 6 buổi.
FRI, SAT, SUN, MON = (date(2024, 12, d) for d in (6, 7, 8, 9))
WEEK = (date(2024, 12, 2), date(2024, 12, 6))  # Monday to Friday: 10 buổi


def _slots(sessions: list[ClassSessionInfo]) -> list[tuple[date, HalfDay]]:
    return [(s.date, s.half_day) for s in sessions]


def test_generate_lays_out_lessons_morning_then_afternoon_skipping_sundays(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "BD1", FRI, MON, programme="BDCB")
    sessions = services.timetable.generate(class_id)
    assert _slots(sessions) == [(FRI, S), (FRI, C), (SAT, S), (SAT, C), (MON, S), (MON, C)]
    lessons = services.programmes.get(programme_id(services, "BDCB")).lessons
    assert [(s.lesson_id, s.title, s.tiet) for s in sessions] == [(x.id, x.title, 5) for x in lessons]
    assert services.timetable.sessions(class_id) == sessions
    assert count(opened, "audit_log", "entity = 'timetable' AND entity_id = ?", class_id) == 1


def test_generate_with_sundays_uses_them(services) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "BD1", FRI, MON, programme="BDCB")
    sessions = services.timetable.generate(class_id, skip_sundays=False)
    assert _slots(sessions) == [(FRI, S), (FRI, C), (SAT, S), (SAT, C), (SUN, S), (SUN, C)]


def test_a_long_lesson_takes_several_buoi(services) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NT1", *WEEK)  # NTVD: 5, 5, 10, 10, 5, 5, 10 tiết
    sessions = services.timetable.generate(class_id)
    assert len(sessions) == services.timetable.needed_sessions(class_id) == 10
    titles = [s.title for s in sessions]
    assert titles[2] == titles[3] == "Mục tiêu, lý tưởng và đường lối của Đảng"
    assert sum(s.tiet for s in sessions) == 50


def test_not_enough_days_says_how_many_are_needed(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NT1", FRI, SUN)
    with pytest.raises(ValidationError) as error:
        services.timetable.generate(class_id)
    assert "cần 10 buổi" in error.value.message
    assert "từ ngày 06/12/2024 đến ngày 08/12/2024 chỉ có 4 buổi (không tính Chủ nhật)" in error.value.message
    assert count(opened, "class_session") == 0


def test_regenerating_needs_replace_once_attendance_is_marked(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "BD1", FRI, MON, programme="BDCB")
    lecturer = make_lecturer(services, "Nguyễn Văn Giảng")
    first = services.timetable.generate(class_id)
    services.timetable.update_session(dataclasses.replace(first[0], lecturer_id=lecturer))
    # No marks yet: generating again simply replaces the timetable (the page asks before).
    second = services.timetable.generate(class_id, skip_sundays=False)
    assert _slots(second)[-1] == (SUN, C) and second[0].lecturer_id == lecturer  # lecturer kept per lesson
    (entry,) = services.enrolment.enrol(class_id, [make_learner(services, "Lê Văn An")]).enrolled
    mark(opened, entry.enrolment_id, second[0].id)
    with pytest.raises(ConflictError, match="đã có 1 lượt điểm danh"):
        services.timetable.generate(class_id)
    assert services.timetable.sessions(class_id) == [
        dataclasses.replace(second[0], attendance_count=1),
        *second[1:],
    ]
    third = services.timetable.generate(class_id, replace=True)
    assert _slots(third)[-1] == (MON, C)
    assert count(opened, "attendance") == 0


def test_add_and_update_session_validate_every_field(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "BD1", FRI, MON, programme="BDCB")
    other_lesson = services.programmes.get(programme_id(services, "NTVD")).lessons[0].id
    active = make_lecturer(services, "Nguyễn Văn Giảng")
    retired = make_lecturer(services, "Trần Thị Nghỉ")
    services.lecturers.set_active(retired, False)
    base = ClassSessionInfo(class_id, FRI, S, title="Khai giảng", tiet=2)
    bad = [
        (
            {"date": date(2024, 12, 10)},
            "date",
            "Ngày 10/12/2024 nằm ngoài thời gian của lớp (từ 06/12/2024 đến 09/12/2024).",
        ),
        ({"tiet": 11}, "tiet", "Số tiết phải từ 0 đến 10"),
        ({"lecturer_id": retired}, "lecturer_id", "Trần Thị Nghỉ đã ngừng giảng dạy"),
        ({"lecturer_id": 999_999}, "lecturer_id", "không tồn tại"),
        ({"lesson_id": other_lesson}, "lesson_id", "không thuộc chương trình"),
        ({"title": "  "}, "title", "Hãy chọn bài học hoặc ghi nội dung"),
    ]
    for changes, field, message in bad:
        with pytest.raises(ValidationError) as error:
            services.timetable.add_session(dataclasses.replace(base, **changes))
        assert error.value.field == field and message in error.value.message
    assert count(opened, "class_session") == 0

    saved = services.timetable.add_session(dataclasses.replace(base, lecturer_id=active))
    assert saved.clashes == () and saved.session.lecturer_name == "Nguyễn Văn Giảng"
    assert saved.session.id is not None and saved.session.title == "Khai giảng"
    with pytest.raises(ValidationError, match="Lớp đã có buổi sáng ngày 06/12/2024") as error:
        services.timetable.add_session(dataclasses.replace(base, title="Trùng"))
    assert error.value.field == "half_day"

    lesson = services.programmes.get(programme_id(services, "BDCB")).lessons[1]
    moved = services.timetable.update_session(
        dataclasses.replace(saved.session, date=SAT, half_day=C, title="", lesson_id=lesson.id, tiet=5)
    )
    assert (moved.session.date, moved.session.half_day, moved.session.title) == (SAT, C, lesson.title)
    # The lesson's own title is not copied: the buổi follows the programme if the lesson is renamed.
    assert sql(opened, "SELECT title FROM class_session WHERE id = ?", saved.session.id) == [("",)]
    # A lecturer who stopped teaching after being booked may stay on the buổi being edited.
    sql(opened, "UPDATE class_session SET lecturer_id = ? WHERE id = ?", retired, saved.session.id)
    kept = services.timetable.update_session(dataclasses.replace(moved.session, lecturer_id=retired, tiet=4))
    assert kept.session.tiet == 4 and kept.session.lecturer_name == "Trần Thị Nghỉ"
    actions = sql(opened, "SELECT action FROM audit_log WHERE entity = 'class_session' ORDER BY id")
    assert [a for (a,) in actions] == ["create", "update", "update"]
    with pytest.raises(NotFoundError):
        services.timetable.update_session(dataclasses.replace(base, id=999_999))


def test_lecturer_booked_in_two_classes_is_a_clash(services) -> None:  # type: ignore[no-untyped-def]
    lecturer = make_lecturer(services, "Nguyễn Văn Giảng")
    mine = make_class(services, "BD1", FRI, MON, programme="BDCB")
    other = make_class(services, "BD2", FRI, MON, programme="BDCB")
    services.timetable.add_session(ClassSessionInfo(other, FRI, S, title="Bài 1", lecturer_id=lecturer))
    saved = services.timetable.add_session(
        ClassSessionInfo(mine, FRI, C, title="Bài 1", lecturer_id=lecturer)
    )
    assert saved.clashes == () and services.timetable.lecturer_clashes(mine) == []

    clashing = services.timetable.add_session(
        ClassSessionInfo(mine, FRI, S, title="Bài 2", lecturer_id=lecturer)
    )
    (clash,) = clashing.clashes
    assert clash.other_class_code == "BD2" and clash.session.id == clashing.session.id
    assert (
        clash.message
        == "Giảng viên Nguyễn Văn Giảng có lịch dạy lớp BD2 – Lớp BD2 cùng buổi sáng 06/12/2024."
    )
    assert services.timetable.lecturer_clashes(mine) == [clash]
    assert [c.other_class_code for c in services.timetable.lecturer_clashes(other)] == ["BD1"]
    services.timetable.update_session(dataclasses.replace(clashing.session, lecturer_id=None))
    assert services.timetable.lecturer_clashes(mine) == []


def test_deleting_a_buoi_with_marks_needs_force(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "BD1", FRI, MON, programme="BDCB")
    sessions = services.timetable.generate(class_id)
    (entry,) = services.enrolment.enrol(class_id, [make_learner(services, "Lê Văn An")]).enrolled
    mark(opened, entry.enrolment_id, sessions[0].id)
    services.timetable.delete_session(sessions[1].id)
    with pytest.raises(ConflictError, match="Buổi sáng 06/12/2024 đã có 1 lượt điểm danh"):
        services.timetable.delete_session(sessions[0].id)
    assert count(opened, "class_session") == 5 and count(opened, "attendance") == 1
    services.timetable.delete_session(sessions[0].id, force=True)
    assert count(opened, "class_session") == 4 and count(opened, "attendance") == 0
    with pytest.raises(NotFoundError):
        services.timetable.delete_session(sessions[0].id, force=True)


def test_locked_class_refuses_every_timetable_write(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "BD1", FRI, MON, programme="BDCB")
    sessions = services.timetable.generate(class_id)
    lock(opened, class_id)
    attempts = [
        lambda: services.timetable.generate(class_id, replace=True),
        lambda: services.timetable.add_session(ClassSessionInfo(class_id, SUN, S, title="Thêm")),
        lambda: services.timetable.update_session(dataclasses.replace(sessions[0], tiet=3)),
        lambda: services.timetable.delete_session(sessions[0].id, force=True),
    ]
    for attempt in attempts:
        with pytest.raises(ConflictError, match="đã khóa kết quả"):
            attempt()
    assert services.timetable.sessions(class_id) == sessions
