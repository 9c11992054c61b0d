"""The next round is proposed, never written before Lưu; a khóa/đợt number is used once per programme; a class
made by mistake can be deleted while it holds no work, and is closed otherwise."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.classwork_builder import build_class
from tests.db.classwork_support import count, make_learner, programme_id, sql
from trungtam_desktop.domain.class_rounds import round_key
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.models import TrainingClass


def _khoa(services, name: str, code: str, start: date = date(2024, 3, 4), programme: str = "SCLLCT"):  # type: ignore[no-untyped-def]
    return services.classes.create(
        TrainingClass(programme_id(services, programme), code, name, start, start.replace(day=start.day + 4))
    )


def test_the_next_round_is_only_proposed(services, opened) -> None:  # type: ignore[no-untyped-def]
    source = _khoa(services, "Khóa 86", "SCLLCT-2024-06")
    classes, audit = count(opened, "training_class"), count(opened, "audit_log")
    draft = services.classes.next_round_draft(source.id)
    assert (draft.id, draft.code, draft.name) == (None, "SCLLCT-2024-07", "Khóa 87")
    assert draft.start_date == date(2024, 3, 15) and draft.end_date == date(2024, 3, 19)
    assert (count(opened, "training_class"), count(opened, "audit_log")) == (classes, audit)


def test_the_next_round_skips_numbers_already_used(services) -> None:  # type: ignore[no-untyped-def]
    source = _khoa(services, "Khóa 86", "SCLLCT-2024-06")
    _khoa(services, "Khóa 87", "SCLLCT-2024-07", date(2024, 4, 1))
    draft = services.classes.next_round_draft(source.id)
    assert (draft.code, draft.name) == ("SCLLCT-2024-08", "Khóa 88")
    services.classes.create(draft)


def test_a_second_class_with_the_same_khoa_number_is_refused(services, opened) -> None:  # type: ignore[no-untyped-def]
    _khoa(services, "Khóa 86", "SCLLCT-2024-06")
    before = count(opened, "training_class")
    with pytest.raises(
        ValidationError, match=r"Khóa 86.*SCLLCT-2024-06.*không được trùng số khóa/đợt"
    ) as error:
        _khoa(services, "khoá  86", "SCLLCT-2024-99", date(2024, 9, 2))
    assert error.value.field == "name"
    assert count(opened, "training_class") == before
    _khoa(services, "Khóa 86", "NTVD-2024-86", programme="NTVD")  # another programme: its own numbers
    _khoa(services, "Đợt 2/2024", "SCLLCT-2024-20")
    _khoa(services, "Đợt 2/2025", "SCLLCT-2025-20", date(2025, 3, 3))
    _khoa(services, "Lớp nghiệp vụ năm 2024", "SCLLCT-2024-30")
    _khoa(services, "Lớp nghiệp vụ năm 2024", "SCLLCT-2024-31")  # no khóa/đợt number: may repeat
    with pytest.raises(ValidationError, match="không được trùng"):
        _khoa(services, "Đợt 2", "SCLLCT-2024-21", date(2024, 10, 7))  # đợt 2 of 2024 again


def test_renaming_onto_a_used_number_is_refused_but_old_clashes_do_not_block_edits(services, opened) -> None:  # type: ignore[no-untyped-def]
    first = _khoa(services, "Khóa 86", "SCLLCT-2024-06")
    second = _khoa(services, "Khóa 87", "SCLLCT-2024-07", date(2024, 4, 1))
    with pytest.raises(ValidationError, match="không được trùng"):
        services.classes.update(dataclasses.replace(second, name="Khóa 86"))
    sql(opened, "UPDATE training_class SET name = 'Khóa 86' WHERE id = ?", second.id)  # made before the rule
    edited = services.classes.update(
        dataclasses.replace(services.classes.get(second.id), venue="Hội trường B")
    )
    assert edited.venue == "Hội trường B" and first.id != second.id


def test_round_numbers() -> None:
    assert round_key("Khóa 86", 2024) == round_key("KHOÁ 86", 2020) == "khoa 86"
    assert round_key("Đợt 2", 2024) == round_key("đợt 2/2024", 2023) == "dot 2/2024"
    assert round_key("Hội nghị Trung ương 12 khóa XIII", 2024) is None


def test_a_mistaken_class_is_deleted_with_its_roster_and_timetable(services, opened) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-40", learners=3, sessions=4)
    learners = count(opened, "learner")
    assert services.classes.why_not_delete(built.class_id) == ""
    gone = services.classes.delete(built.class_id)
    assert gone.code == "NTVD-2024-40"
    assert count(opened, "training_class") == 0
    assert (count(opened, "enrolment"), count(opened, "class_session")) == (0, 0)
    assert count(opened, "learner") == learners  # the people stay on file
    (entry,) = sql(opened, "SELECT entity_id, summary, changes FROM audit_log WHERE action = 'delete'")
    assert entry[0] == built.class_id and "Xóa lớp NTVD-2024-40" in entry[1] and "3 học viên" in entry[1]
    assert '"code": ["NTVD-2024-40", null]' in entry[2]


@pytest.mark.parametrize("work", ["attendance", "score", "lock"])
def test_a_class_with_work_is_not_deleted_and_the_clerk_is_told_to_close_it(services, opened, work) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-41", learners=2, sessions=2)
    if work == "attendance":
        services.attendance.mark_session_present(built.class_id, built.session_ids[0])
    elif work == "score":
        component = services.results.sheet(built.class_id).components[0].id
        services.results.set_scores(built.class_id, {(built.enrolment_ids[0], component): 7.5})
    else:
        services.results.lock(built.class_id)
    why = services.classes.why_not_delete(built.class_id)
    assert "Không xóa được" in why and "Đóng lớp" in why
    with pytest.raises(ConflictError, match="Đóng lớp"):
        services.classes.delete(built.class_id)
    assert count(opened, "training_class") == 1 and count(opened, "enrolment") == 2
    assert count(opened, "audit_log", "action = 'delete'") == 0


def test_a_learner_made_with_the_class_is_kept(services, opened) -> None:  # type: ignore[no-untyped-def]
    klass = _khoa(services, "Khóa 90", "SCLLCT-2024-90")
    learner = make_learner(services, "Trần Thị Mai")
    services.enrolment.enrol(klass.id, [learner])
    services.classes.delete(klass.id)
    assert services.learners.get(learner).full_name == "Trần Thị Mai"
